"""Cursor pagination on the global ``sort`` key (or any integer key), with strict parsing."""

from __future__ import annotations

import base64
import binascii

from django.db.models import QuerySet
from ninja.errors import HttpError

MAX_LIMIT = 100
# Keys are signed 64-bit integers in every database we support.
_INT64 = 2**63 - 1
_MAX_CURSOR_LENGTH = 64


def encode_cursor(value: int) -> str:
    """Return the opaque cursor that resumes after key ``value``."""
    return base64.urlsafe_b64encode(f"k{value}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    """Return the key a cursor resumes after; raise a 400 naming the problem if it is bad."""
    if cursor is None or cursor == "":
        return None
    if len(cursor) > _MAX_CURSOR_LENGTH:
        raise HttpError(400, "cursor is too long; pass the next_cursor of a previous page")
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        value = int(text[1:]) if text.startswith("k") else None
    except (binascii.Error, UnicodeDecodeError, ValueError):
        value = None
    if value is None or abs(value) > _INT64:
        raise HttpError(400, "cursor is not valid; pass the next_cursor of a previous page")
    return value


def parse_limit(limit: str | None, default: int) -> int:
    """Return ``limit`` as 1..100; raise a 400 for anything else."""
    if limit is None or limit == "":
        return min(default, MAX_LIMIT)
    if not limit.isdigit() or not 1 <= int(limit) <= MAX_LIMIT:
        raise HttpError(400, f"limit must be a whole number from 1 to {MAX_LIMIT}")
    return int(limit)


def parse_int(name: str, value: str | None) -> int | None:
    """Return an integer filter value within 64 bits, or raise a 400 naming the parameter."""
    if value is None or value == "":
        return None
    stripped = value.lstrip("-")
    if not stripped.isdigit() or len(stripped) > 19 or abs(int(value)) > _INT64:
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
