"""Datelines: the reference's English format exactly, Arabic with Arabic day and month names."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dateline.site.dates import format_dateline

MOMENT = datetime(2016, 2, 26, 11, 14, 49, tzinfo=UTC)


def test_english_is_the_reference_format(settings):
    settings.TIME_ZONE = "UTC"
    assert format_dateline(MOMENT) == "Fri Feb 26, 2016 11:14:49"
    assert format_dateline(MOMENT, "en") == "Fri Feb 26, 2016 11:14:49"
    assert format_dateline(datetime(2016, 3, 1, 9, 5, 7, tzinfo=UTC)) == "Tue Mar 01, 2016 09:05:07"


def test_arabic_uses_arabic_names(settings):
    settings.TIME_ZONE = "UTC"
    assert format_dateline(MOMENT, "ar") == "الجمعة 26 فبراير 2016 11:14:49"


@pytest.mark.parametrize(
    ("month", "name"),
    list(
        enumerate(
            "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر".split(),
            start=1,
        )
    ),
)
def test_every_arabic_month(settings, month, name):
    settings.TIME_ZONE = "UTC"
    assert f" {name} " in format_dateline(datetime(2020, month, 15, tzinfo=UTC), "ar")


def test_site_time_zone_applies(settings):
    settings.TIME_ZONE = "Asia/Qatar"
    assert format_dateline(MOMENT) == "Fri Feb 26, 2016 14:14:49"
    assert format_dateline(MOMENT, "ar").endswith("2016 14:14:49")


def test_unknown_language_falls_back_to_the_reference_format(settings):
    settings.TIME_ZONE = "UTC"
    assert format_dateline(MOMENT, "xx") == "Fri Feb 26, 2016 11:14:49"
