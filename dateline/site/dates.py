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
# Month names as Arab newsrooms in Egypt and the Gulf write them (not the Levantine names).
_AR_DAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_AR_MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)


def format_dateline(value: datetime, language: str = "en") -> str:
    """Return ``value`` in the site's time zone in the dateline format of ``language``.

    English (and any language without its own format) is the reference's
    ``Fri Feb 26, 2016 11:14:49``; Arabic is ``الجمعة 26 فبراير 2016 11:14:49``. Day and
    month names are fixed tables rather than the server locale's, so the format never
    changes with the machine.
    """
    local = timezone.localtime(value)
    if language == "ar":
        return (
            f"{_AR_DAYS[local.weekday()]} {local.day} {_AR_MONTHS[local.month - 1]} "
            f"{local.year} {local:%H:%M:%S}"
        )
    return (
        f"{_EN_DAYS[local.weekday()]} {_EN_MONTHS[local.month - 1]} {local.day:02d}, "
        f"{local.year} {local:%H:%M:%S}"
    )
