"""Editor control of related items: the engine's picks with score and reasons, pins
(ordered by position) and exclusions."""

from collections.abc import Iterable

from django.contrib import admin, messages

from dateline import events
from dateline.articles.models import Article
from dateline.related.models import RelatedExclusion, RelatedLink, RelatedPin


def announce_lists(article_ids: Iterable[int]) -> None:
    """Announce the public ones of ``article_ids`` as updated: an editor changed their
    related lists, so the lists are recomputed and the pages showing them rebuilt."""
    for article in Article.objects.public().filter(pk__in=set(article_ids)):
        events.track(article, "updated")


class EditorDecisionAdmin(admin.ModelAdmin):
    """Pins and exclusions: each save or delete changes a list readers see."""

    raw_id_fields = ["article", "target"]
    search_fields = ["=article__id"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        announce_lists([obj.article_id])

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        announce_lists([obj.article_id])

    def delete_queryset(self, request, queryset) -> None:
        ids = list(queryset.values_list("article_id", flat=True))
        super().delete_queryset(request, queryset)
        announce_lists(ids)


@admin.register(RelatedPin)
class RelatedPinAdmin(EditorDecisionAdmin):
    list_display = ["article", "target", "position"]
    list_editable = ["position"]


@admin.register(RelatedExclusion)
class RelatedExclusionAdmin(EditorDecisionAdmin):
    list_display = ["article", "target"]


# A module function, not a method: a method named ``exclude`` would hide ModelAdmin.exclude
# (admin.E014 fails every system check, ``check --deploy`` included).
@admin.action(description="Exclude selected items (never list them again)")
def exclude(modeladmin, request, queryset):
    articles = set()
    for link in queryset:
        RelatedExclusion.objects.get_or_create(article_id=link.article_id, target_id=link.target_id)
        articles.add(link.article_id)
    queryset.delete()
    announce_lists(articles)
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
        announce_lists(queryset.values_list("article_id", flat=True))
        messages.success(request, f"Pinned {queryset.count()} items.")
