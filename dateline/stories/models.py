"""Developing stories: the timeline that groups coverage of one event."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Story(models.Model):
    """A developing story; its articles form a timeline, oldest first."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, blank=True, allow_unicode=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self, language: str | None = None) -> str:
        from dateline.public.urlbuilder import urls

        return urls.story(self, language)
