"""The bake ledger: one row per baked page, and which articles each page shows."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BakedPage(models.Model):
    """A page that is baked to a file: its URL path, its state and who is building it.

    ``dirty`` pages need building. ``wanted`` counts the rebuild requests; a worker only
    marks a page clean when ``wanted`` has not moved since it claimed the page, so a
    change that lands mid-build is never lost. ``claimed_by``/``claimed_until`` are the
    claim that keeps two workers from building one page at once.
    """

    path = models.CharField(max_length=600, unique=True)
    kind = models.CharField(max_length=40)
    file = models.CharField(max_length=700, blank=True, help_text=_("Stored file name."))
    digest = models.CharField(max_length=64, blank=True)
    dirty = models.BooleanField(default=True)
    wanted = models.PositiveIntegerField(default=1)
    claimed_by = models.CharField(max_length=80, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("baked page")
        indexes = [
            models.Index(fields=["id"], name="bakedpage_dirty", condition=Q(dirty=True)),
            models.Index(
                fields=["claimed_by"], name="bakedpage_claimed", condition=~Q(claimed_by="")
            ),
            models.Index(fields=["kind"], name="bakedpage_kind"),
        ]

    def __str__(self) -> str:
        return self.path


class PageDependency(models.Model):
    """Page ``page`` shows article ``article_id`` (its own page, a front, a related list).

    ``article_id`` is a plain integer, not a foreign key, so that the pages of an article
    deleted outright can still be found and rebuilt.
    """

    page = models.ForeignKey(BakedPage, on_delete=models.CASCADE, related_name="dependencies")
    article_id = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("page dependency")
        verbose_name_plural = _("page dependencies")
        constraints = [
            models.UniqueConstraint(fields=["page", "article_id"], name="unique_page_dependency")
        ]

    def __str__(self) -> str:
        return f"{self.page_id} shows {self.article_id}"
