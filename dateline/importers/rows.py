"""Write many rows with one prepared statement, without a model instance per row.

An import writes tens of thousands of rows a second; building a model instance and compiling
every field per row costs more than the database's own work. These helpers keep Django's
column names, defaults and value adaptation, and leave the rest to ``executemany``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, models
from django.utils import timezone

_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.FloatField,
)


def _converter(field: models.Field) -> Callable[[Any], Any]:
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    target = field.target_field if field.is_relation else field
    if isinstance(target, _PLAIN):
        return _same
    return lambda value: field.get_db_prep_save(value, connection)


def _same(value: Any) -> Any:
    return value


def _default(field: models.Field, now) -> Callable[[], Any]:
    """Return a function giving the column's value for a row that does not name it."""
    to_db = _converter(field)
    if field.has_default() and callable(field.default):
        return lambda: to_db(field.get_default())
    # A constant (or this batch's timestamp): adapted once for every row.
    value = to_db(
        now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
    )
    return lambda: value


def insert_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> None:
    """Insert ``rows`` (attribute name → value); missing columns get the field's default.

    All rows must name the same attributes. The primary key is written only if given.
    """
    rows = list(rows)
    if not rows:
        return
    given = set(rows[0])
    now = timezone.now()
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and f.attname not in given)
    ]
    fill = {f.attname: _default(f, now) for f in fields if f.attname not in given}
    convert = [(f.attname, _converter(f)) for f in fields if f.attname in given]
    ordered = [f.attname for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    params = []
    for row in rows:
        values = {name: to_db(row[name]) for name, to_db in convert}
        params.append([values[name] if name in values else fill[name]() for name in ordered])
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def update_rows(model: type[models.Model], rows: list[dict[str, Any]], names: list[str]) -> None:
    """Set the attributes ``names`` of each row (which also carries ``pk``), one UPDATE each.

    ``bulk_update`` builds a CASE per column over the whole batch, which grows quadratically;
    a prepared statement run per row stays linear on both databases.
    """
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    convert = [(f.attname, _converter(f)) for f in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"
    params = [[to_db(row[name]) for name, to_db in convert] + [row["pk"]] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
