"""Keep the id sequence ahead of ids written explicitly (legacy ids kept by imports)."""

from django.core.management.color import no_style
from django.db import connection

from dateline.articles.models import Article


def sync_id_sequence() -> None:
    """Move the article id sequence past the largest id in use (PostgreSQL needs this after
    explicit inserts; SQLite's AUTOINCREMENT already follows the largest id)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Article])
    if not statements:
        return
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
