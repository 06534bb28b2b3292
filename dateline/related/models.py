"""Related items: editor decisions (pins, exclusions) and the engine's stored results."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RelatedPin(models.Model):
    """An item an editor pinned under an article, at a position (0 first)."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="pins")
    target = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "target"], name="unique_related_pin")
        ]
        verbose_name = _("pinned related item")

    def __str__(self) -> str:
        return f"{self.article_id} → {self.target_id}"


class RelatedExclusion(models.Model):
    """An item an editor never wants listed under an article."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="related_exclusions"
    )
    target = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "target"], name="unique_related_exclusion")
        ]
        verbose_name = _("excluded related item")

    def __str__(self) -> str:
        return f"{self.article_id} ↛ {self.target_id}"


class RelatedLink(models.Model):
    """One stored pick of the engine: page views read these rows, never compute them."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="related_links"
    )
    target = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="listed_under"
    )
    # Rank by score, 0 best; pages present the picks oldest first.
    rank = models.PositiveIntegerField()
    score = models.FloatField()
    reasons = models.CharField(max_length=500, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["article", "target"], name="unique_related_link")
        ]
        verbose_name = _("computed related item")

    def __str__(self) -> str:
        return f"{self.article_id} → {self.target_id} ({self.score:.2f})"


class IndexChange(models.Model):
    """An article (re)indexed or dropped; index copies in other processes replay these."""

    article_id = models.BigIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("related index change")

    def __str__(self) -> str:
        return f"#{self.pk}: article {self.article_id}"


class DenseVector(models.Model):
    """An article's sentence-encoder vector, cached with the hash of the text it was computed
    from, so that a rebuild or an edit that leaves the text alone never encodes again."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    text_hash = models.CharField(max_length=64)
    # float16, the index's own precision: 1 KiB a vector.
    vector = models.BinaryField()

    class Meta:
        verbose_name = _("dense vector")

    def __str__(self) -> str:
        return f"article {self.article_id} ({self.text_hash[:8]})"


class RebuildRun(models.Model):
    """One ``dateline rebuild-related``: how far it got, so a stopped rebuild resumes.

    ``position`` counts the articles of the run's fixed order (saved beside the checkpoint
    snapshot) that are placed in stories; it moves in the same transaction as their
    placements, so after a crash the stored stories say exactly what was done.
    """

    class Phase(models.TextChoices):
        INDEX = "index", _("index and stories")
        LISTS = "lists", _("related lists")
        DONE = "done", _("done")

    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    phase = models.CharField(max_length=8, choices=Phase.choices, default=Phase.INDEX)
    total = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)
    index_only = models.BooleanField(default=False)
    # The change-log row the run started after: changes since are replayed at the end.
    watermark = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("related rebuild")

    def __str__(self) -> str:
        return f"rebuild #{self.pk}: {self.phase} {self.position}/{self.total}"
