"""Articles, their content types and labels."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from dateline.articles.html import sanitize_html


class ArticleType(models.Model):
    """A content type with a stable numeric id, the reference's ``contenttypeid``.

    The registry is loaded by a data migration and documented in docs/content-types.md.
    """

    id = models.PositiveIntegerField(primary_key=True)
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["id"]
        verbose_name = _("content type")

    def __str__(self) -> str:
        return f"{self.text()} ({self.id})"

    def text(self) -> str:
        """Return the type's name in the active language (``Video``, ``فيديو``); a type the
        registry does not know (one an import registered) by its stored name."""
        from dateline.articles.registry import TYPE_TEXT

        return str(TYPE_TEXT.get(self.code, self.name))


class Label(models.Model):
    """A label shown before a headline (``VIDEO``, ``PICS``, ``URGENT``); data, not text."""

    code = models.CharField(max_length=30, unique=True)
    name = models.CharField(max_length=100, blank=True)
    is_breaking = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("label")

    def __str__(self) -> str:
        return self.code

    def text(self) -> str:
        """Return the label as readers of the active language see it (``URGENT``, ``عاجل``)."""
        from dateline.articles.registry import LABEL_TEXT

        return str(LABEL_TEXT.get(self.code, self.code))


class ArticleQuerySet(models.QuerySet):
    def public(self) -> ArticleQuerySet:
        """Return the items a reader may see now: published, due and out of embargo.

        Every public output (pages, API, feeds, sitemaps, search, related lists) starts here.
        """
        now = timezone.now()
        return self.filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
            status=Article.Status.PUBLISHED,
            published_at__lte=now,
        )

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("sort")

    def for_listing(self) -> ArticleQuerySet:
        """Return the rows with what a list item shows, in one query."""
        return self.select_related(
            "label", "article_type", "section", "lead_media", "lead_media__poster"
        )


class Article(models.Model):
    """A news item: text, video or photo story, in one language."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "review", _("in review")
        SCHEDULED = "scheduled", _("scheduled")
        PUBLISHED = "published", _("published")
        UNPUBLISHED = "unpublished", _("unpublished")
        KILLED = "killed", _("killed")

    # A legacy id from an import is kept as the primary key.
    id = models.BigAutoField(primary_key=True)
    headline = models.CharField(_("headline"), max_length=500)
    slug = models.SlugField(max_length=200, blank=True, allow_unicode=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text=_("Sanitised HTML."))
    language = models.CharField(max_length=8, default="en", db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    article_type = models.ForeignKey(
        ArticleType, on_delete=models.PROTECT, default=21, verbose_name=_("content type")
    )
    label = models.ForeignKey(Label, null=True, blank=True, on_delete=models.PROTECT)
    # How the label was joined to the headline in the source (": " or ", "), kept so the
    # reference JSON renders titles back exactly as they were written.
    label_separator = models.CharField(max_length=4, default=": ", blank=True)
    signature = models.ForeignKey("desk.Signature", null=True, blank=True, on_delete=models.PROTECT)
    section = models.ForeignKey("taxonomy.Section", null=True, blank=True, on_delete=models.PROTECT)
    topics = models.ManyToManyField("taxonomy.Topic", blank=True, related_name="articles")
    story = models.ForeignKey(
        "stories.Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    lead_media = models.ForeignKey(
        "media.MediaAsset", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Global ordering key: smaller is newer. See docs/sort-keys.md for how keys are allocated.
    sort = models.BigIntegerField(null=True, blank=True, unique=True)
    embargo_until = models.DateTimeField(null=True, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    # Translations of one story share a key; hreflang links and the language switcher use it.
    translation_key = models.CharField(max_length=64, blank=True, db_index=True)
    # Last public change (update or correction): dateModified in feeds and structured data.
    modified_at = models.DateTimeField(null=True, blank=True)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    breaking_until = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: a save must name the version it edited.
    version = models.PositiveIntegerField(default=1)
    # A stub stands for an item known only from another page's related list.
    is_stub = models.BooleanField(default=False)
    legacy_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        # Workflow permissions beyond add/change/delete; roles are granted them in
        # desk/migrations (see dateline/desk/roles.py).
        permissions = [
            ("submit_article", "Can submit an article for review"),
            ("publish_article", "Can schedule, publish and unpublish an article"),
            ("correct_article", "Can correct a published article"),
            ("kill_article", "Can kill an article"),
        ]
        indexes = [
            models.Index(fields=["status", "sort"], name="article_status_sort"),
            models.Index(fields=["language", "status", "sort"], name="article_lang_status_sort"),
            models.Index(fields=["section", "status", "sort"], name="article_section_sort"),
            models.Index(fields=["story", "status", "sort"], name="article_story_sort"),
            models.Index(fields=["published_at"], name="article_published_at"),
            models.Index(fields=["status", "scheduled_at"], name="article_status_scheduled"),
            # The admin filters one column and pages newest first: each filter needs its pair.
            models.Index(fields=["language", "sort"], name="article_lang_sort"),
            models.Index(fields=["article_type", "sort"], name="article_type_sort"),
            models.Index(fields=["label", "sort"], name="article_label_sort"),
            models.Index(fields=["section", "sort"], name="article_section_only_sort"),
            # The breaking banner asks "what is breaking now?": a handful of rows at most.
            models.Index(fields=["breaking_until"], name="article_breaking_until"),
            # The desk: its list by state, newest first (drafts have no sort key, so by id),
            # and its home's embargoes and breaking items. An equality then the range in one
            # index: with the status index alone SQLite walked every published row. No
            # (status, published_at): SQLite took it for every public list (published_at <=
            # now) and sorted the whole archive instead of reading (status, sort) in order.
            models.Index(fields=["status", "id"], name="article_status_id"),
            models.Index(fields=["status", "embargo_until"], name="article_status_embargo"),
            models.Index(fields=["status", "breaking_until"], name="article_status_breaking"),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        from dateline.site.urlbuilder import urls

        return urls.article(self)

    @property
    def display_title(self) -> str:
        """Return the title as the reference writes it: the label, its separator, the headline."""
        if self.label_id is None:
            return self.headline
        return f"{self.label.code}{self.label_separator}{self.headline}"

    @cached_property
    def safe_body(self) -> str:
        """Return the body sanitised again at render time (defence in depth)."""
        return sanitize_html(self.body)

    @property
    def is_public(self) -> bool:
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.embargo_until is None or self.embargo_until <= now)
        )

    @property
    def text_direction(self) -> str:
        from dateline.conf import setting

        return "rtl" if self.language in setting("DATELINE_RTL_LANGUAGES") else "ltr"


class SortKeyCounter(models.Model):
    """The one row from which new sort keys are taken, downwards (see docs/sort-keys.md)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField()

    def __str__(self) -> str:
        return f"next sort key below {self.value}"
