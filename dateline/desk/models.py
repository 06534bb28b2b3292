"""The newsroom desk: desks and signatures (``S/SH 11``), revisions, audit log, comments,
corrections and scheduling alerts."""

import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SIGNATURE_PATTERN = re.compile(
    r"^(?P<desk>[A-Z]{1,6}(?:/[A-Z]{1,6})*)\s+(?P<editor>[0-9A-Z]{1,6})$"
)


class Desk(models.Model):
    """An editing desk, known by its code (``S/SH``)."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("desk")

    def __str__(self) -> str:
        return self.name or self.code


class Signature(models.Model):
    """A desk and an editor code, rendered ``<desk> <editor>`` at the foot of an article."""

    desk = models.ForeignKey(Desk, on_delete=models.PROTECT, related_name="signatures")
    editor_code = models.CharField(max_length=10)
    # The editor who signs with this code; their releases carry it.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="desk_signature",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["desk", "editor_code"], name="unique_desk_editor")
        ]
        verbose_name = _("signature")

    def __str__(self) -> str:
        return f"{self.desk.code} {self.editor_code}"

    @classmethod
    def parse(cls, text: str) -> tuple[str, str] | None:
        """Return ``(desk_code, editor_code)`` for a signature line, or None if it is not one."""
        match = SIGNATURE_PATTERN.match(text.strip())
        if not match:
            return None
        return match["desk"], match["editor"]

    @classmethod
    def get_or_create_from_text(cls, text: str) -> "Signature":
        """Return the signature written as ``text``, creating its desk and itself if needed."""
        parsed = cls.parse(text)
        if parsed is None:
            raise ValueError(f"{text!r} is not a desk signature such as 'S/SH 11'")
        desk, _created = Desk.objects.get_or_create(code=parsed[0])
        signature, _created = cls.objects.get_or_create(desk=desk, editor_code=parsed[1])
        return signature


class Revision(models.Model):
    """A snapshot of an article's editable fields, taken at every save.

    A ``draft`` revision of a published article is its working copy: it waits, unseen by
    readers, until an editor publishes it over the live version.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="revisions"
    )
    data = models.JSONField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_draft = models.BooleanField(default=False)
    # The article version this snapshot was made from; a conflict names it.
    base_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["article", "is_draft", "-created_at"], name="rev_article")]
        verbose_name = _("revision")

    def __str__(self) -> str:
        kind = "working copy" if self.is_draft else "revision"
        return f"{kind} of {self.article_id} at {self.created_at:%Y-%m-%d %H:%M:%S}"


class Transition(models.Model):
    """One audited workflow step: who moved which article from what to what, when and why."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=12)
    to_status = models.CharField(max_length=12)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["article", "-at"], name="transition_article")]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        who = self.user or "worker"
        return f"{self.action}: {self.from_status} → {self.to_status} by {who}"


class Comment(models.Model):
    """An editorial note on an article; never shown to readers."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="editorial_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("editorial comment")

    def __str__(self) -> str:
        return self.text[:60]


class Correction(models.Model):
    """A public correction, clarification or update, shown at the foot of the article."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(max_length=15, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField()
    at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["-at"], name="correction_at")]
        verbose_name = _("correction")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class Alert(models.Model):
    """A scheduling failure an editor must see: an item that went out late or not at all."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    message = models.TextField()
    due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged = models.BooleanField(default=False)

    class Meta:
        ordering = ["acknowledged", "-created_at"]
        verbose_name = _("scheduling alert")

    def __str__(self) -> str:
        return self.message


class UnfinishedRelease(models.Model):
    """The record of an event whose consumers (``dateline.events.ORDER``) have not all run:
    its id is the event's id, ``done`` the steps finished; the row goes once all have.

    A process killed between the commit and the end of the receivers leaves the row behind;
    the next worker sends the event again (``announcements.finish_interrupted``).
    """

    class Event(models.TextChoices):
        PUBLISHED = "published", _("published")
        UPDATED = "updated", _("updated")
        UNPUBLISHED = "unpublished", _("unpublished")
        KILLED = "killed", _("killed")

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=12, choices=Event.choices, default=Event.PUBLISHED)
    owner = models.CharField(max_length=120, help_text=_("host:pid:random of the process."))
    created_at = models.DateTimeField(default=timezone.now)
    # The steps of ``dateline.events.ORDER`` already run, space-separated: a replay skips them.
    done = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("unfinished announcement")

    def __str__(self) -> str:
        return f"{self.event} of {self.article_id} by {self.owner}"
