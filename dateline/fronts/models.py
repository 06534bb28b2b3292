"""Fronts: the pages editors arrange (an edition's home, a section front, a landing page) as
ordered blocks, their published layouts, breaking takeovers, and the read counter.

Editors change a front's *working* blocks (``Block``, ``BlockItem``); publishing copies them
into a ``Layout`` version, which readers see once it is live. A front with no live layout
falls back to the automatic front (``dateline.fronts.layouts.automatic_blocks``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Front(models.Model):
    """A page made of blocks: an edition's home, a section's front or a landing page."""

    class Kind(models.TextChoices):
        HOME = "home", _("edition home")
        SECTION = "section", _("section front")
        LANDING = "landing", _("landing page")

    language = models.CharField(_("edition"), max_length=8)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.HOME)
    section = models.ForeignKey(
        "taxonomy.Section", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    slug = models.SlugField(
        max_length=100, blank=True, allow_unicode=True, help_text=_("Landing pages only.")
    )
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("front")
        ordering = ["language", "kind", "slug"]
        # Beyond add/change: publishing a layout, reverting one and breaking takeovers.
        permissions = [
            ("publish_front", "Can publish, schedule and revert front layouts and takeovers")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["language"], condition=Q(kind="home"), name="front_one_home_per_edition"
            ),
            models.UniqueConstraint(
                fields=["language", "section"],
                condition=Q(kind="section"),
                name="front_one_per_section_edition",
            ),
            models.UniqueConstraint(
                fields=["language", "slug"],
                condition=Q(kind="landing"),
                name="front_landing_slug_per_edition",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.SECTION and self.section_id:
            return f"{self.section} ({self.language})"
        if self.kind == self.Kind.LANDING:
            return f"{self.title or self.slug} ({self.language})"
        return f"Home ({self.language})"

    def get_absolute_url(self) -> str:
        from dateline.site.urlbuilder import urls

        return urls.front(self)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind == self.Kind.SECTION and self.section_id is None:
            raise ValidationError({"section": _("A section front names its section.")})
        if self.kind == self.Kind.LANDING and not self.slug:
            raise ValidationError({"slug": _("A landing page needs a slug for its address.")})


class BlockKind(models.TextChoices):
    LEAD = "lead", _("lead")
    LEAD_SECONDARIES = "lead_secondaries", _("lead with secondaries")
    ROW = "row", _("row of N")
    LIST = "list", _("list")
    VIDEO_RAIL = "video_rail", _("video rail")
    LIVE_RIBBON = "live_ribbon", _("live ribbon")
    OPINION = "opinion", _("opinion")
    MOST_READ = "most_read", _("most read")
    SECTION_LATEST = "section_latest", _("a section's latest")
    STORY_TIMELINE = "story_timeline", _("a story's timeline")


class Source(models.TextChoices):
    MANUAL = "manual", _("manual: items placed by hand")
    AUTO = "auto", _("automatic: newest items of the query")
    BOTH = "both", _("both: items placed by hand, then the query")


class Block(models.Model):
    """One block of a front's working layout; published with ``layouts.publish``."""

    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=BlockKind.choices, default=BlockKind.ROW)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.AUTO)
    heading = models.CharField(max_length=120, blank=True)
    count = models.PositiveSmallIntegerField(
        _("items"), default=4, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    # The automatic query; the edition's language unless another is named.
    section = models.ForeignKey(
        "taxonomy.Section", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    topic = models.ForeignKey(
        "taxonomy.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    story = models.ForeignKey(
        "stories.Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    label = models.ForeignKey(
        "articles.Label", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    article_type = models.ForeignKey(
        "articles.ArticleType",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("content type"),
    )
    language = models.CharField(max_length=8, blank=True)

    class Meta:
        verbose_name = _("block")
        ordering = ["front", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.position}" + (
            f": {self.heading}" if self.heading else ""
        )


class BlockItem(models.Model):
    """An item placed by hand in a block, in order."""

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="placed")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("placed item")
        ordering = ["block", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.article_id} in {self.block_id}"


class Layout(models.Model):
    """A published version of a front's blocks: live from ``live_since`` until a newer one.

    ``blocks`` is a snapshot (``layouts.snapshot``), so editing the working blocks never
    changes what readers see until the next publish, and any version can be restored.
    """

    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="layouts")
    version = models.PositiveIntegerField()
    blocks = models.JSONField(default=list)
    go_live_at = models.DateTimeField(default=timezone.now)
    # Set when the layout went live (at once, or by the worker at ``go_live_at``).
    live_since = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("layout version")
        ordering = ["front", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["front", "version"], name="layout_version_unique")
        ]
        indexes = [models.Index(fields=["live_since", "go_live_at"], name="layout_due")]

    def __str__(self) -> str:
        return f"{self.front} v{self.version}"


class Takeover(models.Model):
    """A breaking item put on top of every front of an edition until ended."""

    language = models.CharField(_("edition"), max_length=8)
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True, help_text=_("Empty: until ended."))
    # Set when it was taken off (by an editor, or by the worker at ``ends_at``).
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("breaking takeover")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"Takeover by {self.article_id} ({self.language})"


class FrontChange(models.Model):
    """The record of one layout change: the fronts it rebuilds. Kept until they are rebuilt,
    so a process killed after the commit leaves work the worker finishes."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("layout published")
        WENT_LIVE = "went_live", _("scheduled layout went live")
        TAKEOVER_ON = "takeover_on", _("takeover started")
        TAKEOVER_OFF = "takeover_off", _("takeover ended")

    kind = models.CharField(max_length=14, choices=Kind.choices)
    paths = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("front change")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind}: {', '.join(self.paths)}"


class ReadCount(models.Model):
    """Reads of one item in one hour, from the reader beacon (see docs/readership.md)."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    reads = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("read count")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="readcount_article_hour")
        ]
        indexes = [models.Index(fields=["hour"], name="readcount_hour")]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}: {self.reads}"
