"""Sections (where an item lives on the site) and topics (what it is about)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.Model):
    """A department of the site with its own front, such as World or Middle East."""

    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    name = models.CharField(max_length=200)
    name_ar = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self, language: str | None = None) -> str:
        from dateline.site.urlbuilder import urls

        return urls.section(self, language)


class Topic(models.Model):
    """A subject that cuts across sections, such as Libya or ISIS."""

    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    name = models.CharField(max_length=200)
    name_ar = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self, language: str | None = None) -> str:
        from dateline.site.urlbuilder import urls

        return urls.topic(self, language)
