"""The search index's own rows: one entry per indexed article, with its filter fields.

The text lives beside it in the engine's structure: an FTS5 table ``search_fts`` on SQLite
(rowid = sort key, so matches come newest first), a ``document`` tsvector column with a GIN
index on PostgreSQL. Both are created by migration 0002 for the database in use.
"""

from django.db import models

from dateline.articles.models import Article


class SearchEntry(models.Model):
    """The filter and ranking fields of one indexed article (ids, not foreign keys: the
    index must never block deleting a section or label)."""

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    sort = models.BigIntegerField(unique=True)
    language = models.CharField(max_length=8)
    section_id = models.IntegerField(null=True)
    article_type_id = models.IntegerField(null=True)
    label_id = models.IntegerField(null=True)
    published_ts = models.BigIntegerField()
    embargo_ts = models.BigIntegerField(null=True)

    class Meta:
        # PostgreSQL combines these with the GIN index (bitmap AND) before reading rows:
        # a common word narrowed to recent days or to one section stays cheap.
        indexes = [
            models.Index(fields=["published_ts"], name="search_entry_published"),
            models.Index(fields=["section_id"], name="search_entry_section"),
            models.Index(fields=["article_type_id"], name="search_entry_type"),
        ]
        verbose_name = "search entry"
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"search entry of article {self.article_id}"
