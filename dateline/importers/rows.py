"""Read and write many rows with one statement, without a model instance per row.

An import writes tens of thousands of rows a second; building a model instance and compiling
every field (or every ``__in`` parameter) per row costs more than the database's own work.
These helpers keep Django's column names, defaults and value adaptation, and leave the rest to
the driver: ``executemany`` of one prepared statement on SQLite, ``COPY`` on PostgreSQL (one
stream per table and batch, the server's cheapest way in). Errors come out as Django's
``IntegrityError`` and ``DataError``, as from the ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
# Defaults that give an equal, fresh value each call: adapted once per batch, not per row.
_PURE_DEFAULTS = (list, dict, tuple, str, int, float, bool)
# Values per IN list: far below SQLite's 32,766 variables, whatever the batch size.
_IN_CHUNK = 5000


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    """Return the function adapting a value of ``field`` for the driver, or None if none is."""
    if isinstance(field, models.DateTimeField):
        if connection.vendor == "postgresql":
            return None  # psycopg adapts aware datetimes itself
        return connection.ops.adapt_datetimefield_value
    target = field.target_field if field.is_relation else field
    if isinstance(target, _PLAIN):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _filler(fields: list[models.Field]) -> Callable[[], tuple]:
    """Return a function giving the values of ``fields`` for a row that does not name them."""
    now = timezone.now()
    constants, calls, slots = [], [], []
    for slot, field in enumerate(fields):
        to_db = _converter(field) or _same
        if _varies(field):
            calls.append(lambda f=field, to_db=to_db: to_db(f.get_default()))
            slots.append(slot)
            constants.append(None)
        else:
            # A constant (or this batch's timestamp): adapted once for every row.
            stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            constants.append(to_db(now if stamped else field.get_default()))
    if not calls:
        fixed = tuple(constants)
        return lambda: fixed

    def fill() -> tuple:
        values = list(constants)
        for slot, call in zip(slots, calls, strict=True):
            values[slot] = call()
        return tuple(values)

    return fill


def _varies(field: models.Field) -> bool:
    """Tell whether the field's default must be asked again for each row (a uuid, a clock)."""
    return field.has_default() and callable(field.default) and field.default not in _PURE_DEFAULTS


def _same(value: Any) -> Any:
    return value


def insert_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> None:
    """Insert ``rows`` (attribute name → value); missing columns get the field's default.

    All rows must name the same attributes. The primary key is written only if given.
    """
    rows = list(rows)
    if not rows:
        return
    given = set(rows[0])
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and f.attname not in given)
    ]
    plain = [f for f in fields if f.attname in given and _converter(f) is None]
    adapted = [f for f in fields if f.attname in given and _converter(f) is not None]
    missing = [f for f in fields if f.attname not in given]
    plain_names = [f.attname for f in plain]
    converters = [(f.attname, _converter(f)) for f in adapted]
    fill = _filler(missing)
    params = [
        (
            *[row[name] for name in plain_names],
            *[to_db(row[name]) for name, to_db in converters],
            *fill(),
        )
        for row in rows
    ]
    _write(model._meta.db_table, [f.column for f in plain + adapted + missing], params)


def _write(table: str, columns: list[str], params: list[tuple]) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with connection.wrap_database_errors:
                with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                    for row in params:
                        copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", params)


def update_rows(model: type[models.Model], rows: list[dict[str, Any]], names: list[str]) -> None:
    """Set the attributes ``names`` of each row (which also carries ``pk``), one UPDATE each.

    ``bulk_update`` builds a CASE per column over the whole batch, which grows quadratically;
    a prepared statement run per row stays linear on both databases.
    """
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    convert = [(f.attname, _converter(f) or _same) for f in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"
    params = [[to_db(row[name]) for name, to_db in convert] + [row["pk"]] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def select_in(
    model: type[models.Model], names: Sequence[str], key: str, values: Iterable[Any]
) -> list[tuple]:
    """Return the ``names`` columns of the rows whose ``key`` is one of ``values``.

    One statement per few thousand values, with no ORM lookup to compile: PostgreSQL gets the
    values as one array parameter, SQLite as an IN list.
    """
    values = list(dict.fromkeys(values))
    if not values:
        return []
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(n) for n in names]
    columns = ", ".join(quote(f.column) for f in fields)
    key_field = model._meta.get_field(key)
    where = quote(key_field.column)
    select = f"SELECT {columns} FROM {quote(model._meta.db_table)} WHERE {where}"
    found: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), _IN_CHUNK):
            chunk = values[start : start + _IN_CHUNK]
            if connection.vendor == "postgresql":
                array = "bigint[]" if isinstance(key_field, models.IntegerField) else "text[]"
                cursor.execute(f"{select} = ANY(%s::{array})", [chunk])
            else:
                cursor.execute(f"{select} IN ({', '.join(['%s'] * len(chunk))})", chunk)
            found += cursor.fetchall()
    decoders = _decoders(model, fields)
    if not decoders:
        return found
    return [_decoded(row, decoders) for row in found]


def _decoders(model: type[models.Model], fields: list[models.Field]) -> list[tuple]:
    """Return (position, column, converters) for the columns the ORM would convert (JSON...)."""
    decoders = []
    for position, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if converters:
            decoders.append((position, column, converters))
    return decoders


def _decoded(row: tuple, decoders: list[tuple]) -> tuple:
    values = list(row)
    for position, column, converters in decoders:
        for convert in converters:
            values[position] = convert(values[position], column, connection)
    return tuple(values)
