"""Datelines in the reference's format, per language."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

_EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def format_dateline(value: datetime, language: str = "en") -> str:
    """Return ``value`` in the site's time zone as ``Fri Feb 26, 2016 11:14:49``.

    Day and month names are fixed English abbreviations rather than the locale's, so the
    format never changes with the server's locale.
    """
    local = timezone.localtime(value)
    return (
        f"{_EN_DAYS[local.weekday()]} {_EN_MONTHS[local.month - 1]} {local.day:02d}, "
        f"{local.year} {local:%H:%M:%S}"
    )
