from datetime import UTC, datetime

import pytest

from dateline.media.paths import (
    MediaPathError,
    datetime_to_ticks,
    parse_media_path,
    ticks_to_datetime,
)

REFERENCE = "/2016/01/18/alalam_635887344874364361_25f_4x3.jpg"


def test_reference_path_parses_and_round_trips():
    parsed = parse_media_path(REFERENCE)
    assert (parsed.site, parsed.ticks, parsed.size, parsed.ratio, parsed.ext) == (
        "alalam",
        635887344874364361,
        "25f",
        "4x3",
        "jpg",
    )
    assert str(parsed) == REFERENCE
    assert parsed.moment.date().isoformat() == "2016-01-18"
    assert parse_media_path(REFERENCE.replace(".jpg", ".mp4")).is_video


def test_ticks_are_dotnet_ticks():
    assert datetime_to_ticks(datetime(1, 1, 1, tzinfo=UTC)) == 0
    assert datetime_to_ticks(datetime(1970, 1, 1, tzinfo=UTC)) == 621355968000000000
    moment = datetime(2016, 2, 26, 10, 27, 40, 636795, tzinfo=UTC)
    assert ticks_to_datetime(datetime_to_ticks(moment)) == moment


@pytest.mark.parametrize(
    "path",
    [
        "",
        "0",
        "-1",
        "/../../etc/passwd",
        "/2016/01/19/alalam_635887344874364361_25f_4x3.jpg",
        "/2016/01/18/alalam_635887344874364361_25f_4x3",
        "2016/01/18/a_1_2_4x3.jpg",
        "/2016/01/18/al/../x_635887344874364361_25f_4x3.jpg",
        "/9999/99/99/a_99999999999999999999_x_4x3.jpg",
    ],
)
def test_bad_paths_are_refused(path):
    with pytest.raises(MediaPathError):
        parse_media_path(path)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        datetime_to_ticks(datetime(2016, 1, 1))
