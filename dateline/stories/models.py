"""Developing stories: the timeline that groups coverage of one event."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dateline.articles.models import Article


class Story(models.Model):
    """A developing story; its articles form a timeline, oldest first."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, blank=True, allow_unicode=True)
    # A merged story forwards here; merges refuse to make a cycle of these.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_stories"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self, language: str | None = None) -> str:
        from dateline.site.urlbuilder import urls

        return urls.story(self, language)


class Placement(models.Model):
    """How an article came to its story: the clustering's score, or an editor's decision."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, related_name="story_placement"
    )
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="placements")
    score = models.FloatField(default=0.0)
    # Editor decisions stick: the clustering never moves such an article again.
    by_editor = models.BooleanField(default=False)
    placed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("story placement")

    def __str__(self) -> str:
        return f"{self.article_id} in story {self.story_id}"


class TimelineEntry(Article):
    """An article seen from its story: the admin list where editors split and move items."""

    class Meta:
        proxy = True
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
