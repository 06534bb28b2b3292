"""What imports leave behind: legacy redirects, the identity of imported records, checkpoints."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def old_path_key(old_path: str) -> str:
    """Return the form an old URL (path and optional query) is stored and looked up in: its
    path canonical (``canonical_path``), so a WordPress permalink written ``%d8%a7``, ``%D8%A7``
    or in Arabic letters names one row."""
    from dateline.site.urlbuilder import canonical_path

    path, mark, query = old_path.partition("?")
    return canonical_path(path) + mark + query


class Redirect(models.Model):
    """An old URL path that answers 301 to an article, a media file or a fixed path.

    Imports fill the table from permalinks and upload paths; editors manage it in the admin.
    The target follows the article or asset, so a changed slug never breaks an old link.
    """

    old_path = models.CharField(
        _("old path"),
        max_length=500,
        unique=True,
        help_text=_("Path of the old URL, with its query if it matters: /2016/01/x/ or /?p=42"),
    )
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    media = models.ForeignKey(
        "media.MediaAsset", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    new_path = models.CharField(
        _("new path"), max_length=500, blank=True, help_text=_("Used when no article or media.")
    )
    source = models.CharField(max_length=20, blank=True, help_text=_("Import format, if any."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")

    def __str__(self) -> str:
        return f"{self.old_path} → {self.target() or '?'}"

    def target(self) -> str:
        """Return the path this redirect answers with, or an empty string."""
        if self.article_id is not None:
            return self.article.get_absolute_url()
        if self.media_id is not None:
            return self.media.url
        return self.new_path


class ImportedItem(models.Model):
    """The identity of one imported record and the digest of what was stored from it.

    A record whose digest is unchanged is skipped without touching its rows: re-importing the
    same source is a no-op.
    """

    key = models.CharField(max_length=300, unique=True)
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    media = models.ForeignKey(
        "media.MediaAsset", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    digest = models.CharField(max_length=64)
    # Digests this item had before (newest last, a few): a source holding two versions of one
    # item (the same ninjs uri twice) re-imports as a no-op instead of flipping between them.
    superseded = models.JSONField(default=list, blank=True)
    # What the source said of the item that has no field on an article: SEO title and
    # description (Yoast, RankMath), WordPress's sticky flag.
    meta = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("imported item")

    def __str__(self) -> str:
        return self.key


class ImportedComment(models.Model):
    """A reader's comment on an imported post, kept as an archive editors can read in the admin.

    Dateline has no comments: readers never see these rows, and nothing public reads them.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="imported_comments"
    )
    source_id = models.CharField(_("id in the source"), max_length=40)
    parent_id = models.CharField(
        _("answers"), max_length=40, blank=True, help_text=_("Id of the comment it answers.")
    )
    author_name = models.CharField(max_length=255, blank=True)
    author_email = models.CharField(max_length=254, blank=True)
    author_url = models.CharField(max_length=500, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    text = models.TextField()
    approved = models.BooleanField(
        default=True, help_text=_("Unticked: it was waiting for moderation in the source.")
    )
    kind = models.CharField(max_length=20, default="comment", help_text=_("pingback, trackback"))

    class Meta:
        ordering = ["article", "posted_at", "id"]
        verbose_name = _("imported comment")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "source_id"], name="imported_comment_unique_source_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author_name or '?'} on {self.article_id}"


class ImportRun(models.Model):
    """One run of ``dateline import``: its source, counts and checkpoint.

    ``records_done`` is written in the same transaction as each batch, so after a crash it
    names exactly the records whose rows are committed; ``--resume`` skips them.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        STOPPED = "stopped", _("stopped")

    source = models.CharField(max_length=1000)
    format = models.CharField(max_length=20)
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    records_done = models.PositiveBigIntegerField(default=0)
    counts = models.JSONField(default=dict)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("import run")

    def __str__(self) -> str:
        return f"{self.format} {self.source} ({self.status}, {self.records_done} records)"
