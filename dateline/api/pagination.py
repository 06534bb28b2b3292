"""Cursor pagination on the global ``sort`` key (or any integer key), with strict parsing."""

from __future__ import annotations

import re

from django.db.models import QuerySet
from ninja.errors import HttpError

MAX_LIMIT = 100
# Keys are signed 64-bit integers in every database we support.
INT64 = 2**63 - 1
# The cursor is the key the previous page ended on, in decimal: a grammar the OpenAPI
# document can state exactly, so every value it allows is one this module accepts. Keys stay
# far below 10**18 (ids and sort keys count items).
CURSOR_PATTERN = r"^([0-9]{1,18})?$"
_CURSOR = re.compile(r"[0-9]{1,18}")
_LIMIT = re.compile(r"[0-9]{1,3}")
_INTEGER = re.compile(r"-?[0-9]{1,19}")


def encode_cursor(value: int) -> str:
    """Return the cursor that resumes after key ``value``."""
    return str(value)


def decode_cursor(cursor: str | None) -> int | None:
    """Return the key a cursor resumes after; raise a 400 naming the problem if it is bad."""
    if cursor is None or cursor == "":
        return None
    if _CURSOR.fullmatch(cursor) is None:
        raise HttpError(400, "cursor is not valid; pass the next_cursor of a previous page")
    return int(cursor)


def parse_limit(limit: str | None, default: int) -> int:
    """Return ``limit`` as 1..100, the default when it is absent; raise a 400 otherwise."""
    if limit is None:
        return min(default, MAX_LIMIT)
    if _LIMIT.fullmatch(limit) is None or not 1 <= int(limit) <= MAX_LIMIT:
        raise HttpError(400, f"limit must be a whole number from 1 to {MAX_LIMIT}")
    return int(limit)


def parse_int(name: str, value: str | None) -> int | None:
    """Return an integer parameter within 64 bits (None when absent), or raise a 400 naming it.

    Only ASCII digits: ``str.isdigit`` also takes "²", which ``int`` cannot read.
    """
    if value is None:
        return None
    if _INTEGER.fullmatch(value) is None or abs(int(value)) > INT64:
        raise HttpError(400, f"{name} must be a whole number")
    return int(value)


def cursor_page(queryset: QuerySet, order: str, cursor: str | None, limit: int):
    """Return ``(rows, next_cursor)``: up to ``limit`` rows after ``cursor`` in ``order``.

    ``order`` is an integer field name, ``-`` first for descending. Seeking on an indexed key
    keeps every page as fast as the first, however deep.
    """
    field = order.lstrip("-")
    after = decode_cursor(cursor)
    if after is not None:
        lookup = "lt" if order.startswith("-") else "gt"
        queryset = queryset.filter(**{f"{field}__{lookup}": after})
    rows = list(queryset.order_by(order)[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor(getattr(rows[-1], field))
