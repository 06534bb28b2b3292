"""Live coverage: a live item (an article of the live content type) and its entries.

The entries hang off the article through this app's rows, so ``articles`` knows nothing of
live blogs. An entry is never deleted from the table: a deletion is a state with its audit
row, so that the desk can see what readers saw and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from dateline.articles.html import sanitize_html

# The live content type's stable id (dateline/articles/registry.py).
LIVE_TYPE_ID = 27


class Coverage(models.Model):
    """The live state of a live item: when coverage started and ended, and its summary."""

    article = models.OneToOneField(
        "articles.Article", primary_key=True, on_delete=models.CASCADE, related_name="coverage"
    )
    started_at = models.DateTimeField(_("coverage started"), default=timezone.now)
    ended_at = models.DateTimeField(_("coverage ended"), null=True, blank=True)
    summary = models.TextField(
        _("what we know"), blank=True, help_text=_("Sanitised HTML pinned above the entries.")
    )
    summary_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("live coverage")
        verbose_name_plural = _("live coverage")

    def __str__(self) -> str:
        return f"live coverage of article {self.article_id}"

    @property
    def is_live(self) -> bool:
        now = timezone.now()
        return self.started_at <= now and (self.ended_at is None or self.ended_at > now)

    @cached_property
    def safe_summary(self) -> str:
        return sanitize_html(self.summary)


class EntryQuerySet(models.QuerySet):
    def visible(self) -> EntryQuerySet:
        """Return the entries readers see: due, out of embargo, and not deleted, unpublished
        or killed."""
        now = timezone.now()
        return self.filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
            deleted_at__isnull=True,
            unpublished_at__isnull=True,
            killed_at__isnull=True,
            posted_at__lte=now,
        )

    def withdrawn(self) -> EntryQuerySet:
        """Return the entries taken off after readers may have seen them (deleted,
        unpublished or killed), so that open pages drop them."""
        return self.filter(
            Q(deleted_at__isnull=False)
            | Q(unpublished_at__isnull=False)
            | Q(killed_at__isnull=False)
        )

    def newest_first(self) -> EntryQuerySet:
        return self.order_by("-posted_at", "-id")

    def with_people(self) -> EntryQuerySet:
        """Fetch the people credited on the entries in one query for the lot."""
        credits = EntryAuthor.objects.select_related("person").order_by("position", "id")
        return self.prefetch_related(models.Prefetch("credits", queryset=credits))


class Entry(models.Model):
    """One post of a live item: a time, a byline, a body, an optional headline."""

    class Revision(models.TextChoices):
        UPDATED = "updated", _("updated")
        CORRECTED = "corrected", _("corrected")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="live_entries"
    )
    posted_at = models.DateTimeField(_("time"), default=timezone.now)
    headline = models.CharField(_("headline"), max_length=300, blank=True)
    body = models.TextField(_("body"), help_text=_("Sanitised HTML."))
    # The people's names when people are credited (``EntryAuthor``), else typed (an agency).
    byline = models.CharField(_("byline"), max_length=300, blank=True)
    is_key_event = models.BooleanField(_("key event"), default=False)
    # Set when the entry changed after readers saw it: shown as "Updated" or "Corrected".
    revised_at = models.DateTimeField(null=True, blank=True)
    revision = models.CharField(max_length=10, choices=Revision.choices, blank=True)
    # What a correction put right, shown with the "Corrected" note (the editor's reason).
    revision_note = models.CharField(_("correction note"), max_length=500, blank=True)
    # Bumped by every change, so that open pages replace an edited entry.
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # The same states as an article's, on one entry: held back until a time, taken off for
    # now (and put back), or killed for good (a legal takedown).
    embargo_until = models.DateTimeField(_("embargo until"), null=True, blank=True)
    # Set once the worker has announced the lifted embargo (the pages were rebuilt with it).
    embargo_lifted = models.BooleanField(default=False)
    unpublished_at = models.DateTimeField(null=True, blank=True)
    killed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-id"]
        verbose_name = _("live entry")
        verbose_name_plural = _("live entries")
        indexes = [
            models.Index(fields=["article", "posted_at"], name="live_entry_article_time"),
            models.Index(
                fields=["article", "updated_at"],
                name="live_entry_article_updated",
            ),
            # The worker looks for passed embargoes every second: only the pending ones.
            models.Index(
                fields=["embargo_until"],
                condition=Q(embargo_lifted=False, embargo_until__isnull=False),
                name="live_entry_embargo_pending",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(revision="") | Q(revised_at__isnull=False),
                name="live_entry_revision_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.headline or f"entry {self.pk} of article {self.article_id}"

    @cached_property
    def safe_body(self) -> str:
        """Return the body sanitised again at render time (defence in depth)."""
        return sanitize_html(self.body)

    @property
    def anchor(self) -> str:
        return f"entry-{self.pk}"

    def people(self) -> list:
        """Return the people credited on the entry, in order (no query when prefetched)."""
        return [credit.person for credit in self.credits.all()]

    @property
    def state(self) -> str:
        """Return what the desk shows: killed, deleted, unpublished, embargoed or live."""
        if self.killed_at:
            return "killed"
        if self.deleted_at:
            return "deleted"
        if self.unpublished_at:
            return "unpublished"
        if self.embargo_until and self.embargo_until > timezone.now():
            return "embargoed"
        return "live"


class EntryAuthor(models.Model):
    """A person credited on an entry, at one place in its byline."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="credits")
    # A person credited on entries is marked former rather than deleted.
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="live_entry_credits"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("entry author")
        constraints = [
            models.UniqueConstraint(fields=["entry", "person"], name="live_entry_author_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} on entry {self.entry_id}"


class EntryAudit(models.Model):
    """Who did what to an entry, and what it said afterwards: the audit trail."""

    class Action(models.TextChoices):
        POSTED = "posted", _("posted")
        EDITED = "edited", _("edited")
        CORRECTED = "corrected", _("corrected")
        DELETED = "deleted", _("deleted")
        EMBARGOED = "embargoed", _("embargoed")
        LIFTED = "lifted", _("embargo lifted")
        UNPUBLISHED = "unpublished", _("unpublished")
        REPUBLISHED = "republished", _("republished")
        KILLED = "killed", _("killed")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="audit")
    action = models.CharField(max_length=12, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=500, blank=True)
    # The entry as it stood after the action: headline, body, byline, key event, time.
    data = models.JSONField(default=dict)
    # The event that took the change to readers: one that withdraws an entry runs inline.
    event_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("live entry audit")

    def __str__(self) -> str:
        return f"{self.action} entry {self.entry_id} at {self.at:%Y-%m-%d %H:%M:%S}"
