"""Editor decisions on related items: pins (always shown, in order)."""

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
