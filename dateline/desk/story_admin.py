"""Editors' story tools: rename in the form, merge from the list, split and move from the
timeline entries."""

from django.contrib import admin, messages
from django.db.models import Count

from dateline.related import story_edits
from dateline.stories.models import Placement, Story, TimelineEntry


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "article_count", "merged_into", "updated_at"]
    search_fields = ["title"]
    raw_id_fields = ["merged_into"]
    readonly_fields = ["merged_into"]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(ordering="article_count", description="articles")
    def article_count(self, story) -> int:
        return story.article_count

    def save_model(self, request, obj, form, change):
        if change and "title" in form.changed_data:
            story_edits.rename(obj, obj.title)
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description="Merge selected stories into the oldest of them")
    def merge_selected(self, request, queryset):
        stories = list(queryset.order_by("pk"))
        if len(stories) < 2:
            messages.error(request, "Select at least two stories to merge.")
            return
        target = stories[0]
        try:
            for source in stories[1:]:
                target = story_edits.merge(source, target)
        except story_edits.StoryEditError as exc:
            messages.error(request, str(exc))
            return
        messages.success(request, f"Merged {len(stories) - 1} stories into “{target}”.")


@admin.register(TimelineEntry)
class TimelineEntryAdmin(admin.ModelAdmin):
    """Articles by story: change the story to move one; split selected into a new story."""

    list_display = ["headline", "published_at", "story", "placement_score", "placed_by_editor"]
    list_editable = ["story"]
    list_filter = ["language"]
    raw_id_fields = ["story"]
    search_fields = ["headline", "=story__id"]
    fields = ["headline", "story"]
    readonly_fields = ["headline"]
    actions = ["split_selected"]

    def has_add_permission(self, request) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("story", "story_placement")

    @admin.display(description="match score")
    def placement_score(self, entry) -> str:
        placement = getattr(entry, "story_placement", None)
        return f"{placement.score:.2f}" if placement else "–"

    @admin.display(boolean=True, description="by editor")
    def placed_by_editor(self, entry) -> bool:
        return bool(getattr(entry, "story_placement", None) and entry.story_placement.by_editor)

    def save_model(self, request, obj, form, change):
        if "story" in form.changed_data and obj.story_id:
            story_edits.move(obj, obj.story)
        elif "story" in form.changed_data:
            Placement.objects.filter(article=obj).delete()
            super().save_model(request, obj, form, change)

    @admin.action(description="Split selected into a new story")
    def split_selected(self, request, queryset):
        entries = list(queryset.order_by("published_at"))
        stories = {e.story_id for e in entries}
        if len(stories) != 1 or None in stories:
            messages.error(request, "Select articles of one story to split it.")
            return
        story = entries[0].story
        try:
            new = story_edits.split(story, [e.pk for e in entries], entries[0].headline)
        except story_edits.StoryEditError as exc:
            messages.error(request, str(exc))
            return
        messages.success(request, f"Split {len(entries)} articles into “{new}”; rename it there.")
