"""Editor control of related items: the engine's picks with score and reasons, pins
(ordered by position) and exclusions."""

from django.contrib import admin, messages

from dateline.related.models import RelatedExclusion, RelatedLink, RelatedPin


@admin.register(RelatedPin)
class RelatedPinAdmin(admin.ModelAdmin):
    list_display = ["article", "target", "position"]
    list_editable = ["position"]
    raw_id_fields = ["article", "target"]
    search_fields = ["=article__id"]


@admin.register(RelatedExclusion)
class RelatedExclusionAdmin(admin.ModelAdmin):
    list_display = ["article", "target"]
    raw_id_fields = ["article", "target"]
    search_fields = ["=article__id"]


# A module function, not a method: a method named ``exclude`` would hide ModelAdmin.exclude
# (admin.E014 fails every system check, ``check --deploy`` included).
@admin.action(description="Exclude selected items (never list them again)")
def exclude(modeladmin, request, queryset):
    from dateline.related.tasks import refresh_related

    articles = set()
    for link in queryset:
        RelatedExclusion.objects.get_or_create(article_id=link.article_id, target_id=link.target_id)
        articles.add(link.article_id)
    queryset.delete()
    for article_id in articles:
        refresh_related.enqueue(article_id)
    messages.success(request, f"Excluded items under {len(articles)} articles.")


@admin.register(RelatedLink)
class RelatedLinkAdmin(admin.ModelAdmin):
    """The computed list of each article, best first, with why each item was chosen."""

    list_display = ["article", "rank", "target", "score", "reasons", "computed_at"]
    list_select_related = ["article", "target"]
    search_fields = ["=article__id"]
    readonly_fields = ["article", "target", "rank", "score", "reasons", "computed_at"]
    actions = ["pin", exclude]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Pin selected items (keeps them, in this order)")
    def pin(self, request, queryset):
        for link in queryset.order_by("article", "rank"):
            RelatedPin.objects.get_or_create(
                article_id=link.article_id,
                target_id=link.target_id,
                defaults={"position": link.rank},
            )
        messages.success(request, f"Pinned {queryset.count()} items.")
