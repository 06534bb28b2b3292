"""The reference's media path scheme: ``/<yyyy>/<mm>/<dd>/<site>_<ticks>_<size>_<ratio>.<ext>``.

``ticks`` are .NET ticks: 100-nanosecond intervals since 0001-01-01T00:00:00 UTC. The date
folders are the UTC date of those ticks, so a path alone tells when its file was made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1, 1, 1, tzinfo=UTC)
_TICKS_PER_SECOND = 10_000_000
_MAX_TICKS = 3_155_378_975_999_999_999  # 9999-12-31T23:59:59.9999999

PATH_PATTERN = re.compile(
    r"^/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/"
    r"(?P<site>[a-z0-9][a-z0-9-]{0,39})_(?P<ticks>\d{1,19})_(?P<size>[a-z0-9]{1,10})_"
    r"(?P<ratio>\d{1,2}x\d{1,2}|orig)\.(?P<ext>[a-z0-9]{2,4})$"
)

VIDEO_EXTENSIONS = frozenset({"mp4", "webm", "mov"})


class MediaPathError(ValueError):
    """A media path that does not follow the reference scheme."""


def datetime_to_ticks(moment: datetime) -> int:
    """Return the .NET ticks of an aware datetime."""
    if moment.tzinfo is None:
        raise ValueError("datetime_to_ticks needs a timezone-aware datetime")
    delta = moment.astimezone(UTC) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * _TICKS_PER_SECOND + delta.microseconds * 10


def ticks_to_datetime(ticks: int) -> datetime:
    """Return the aware UTC datetime of .NET ``ticks`` (to the microsecond)."""
    if not 0 <= ticks <= _MAX_TICKS:
        raise MediaPathError(f"ticks {ticks} are outside 0001-01-01..9999-12-31")
    return _EPOCH + timedelta(microseconds=ticks // 10)


@dataclass(frozen=True)
class MediaPath:
    """The parts of a media path."""

    site: str
    ticks: int
    size: str
    ratio: str
    ext: str

    @property
    def moment(self) -> datetime:
        return ticks_to_datetime(self.ticks)

    @property
    def is_video(self) -> bool:
        return self.ext in VIDEO_EXTENSIONS

    def __str__(self) -> str:
        day = self.moment
        return (
            f"/{day:%Y}/{day:%m}/{day:%d}/"
            f"{self.site}_{self.ticks}_{self.size}_{self.ratio}.{self.ext}"
        )

    @property
    def storage_name(self) -> str:
        """Return the name under the storage root (the path without its leading slash)."""
        return str(self)[1:]


def parse_media_path(path: str) -> MediaPath:
    """Parse a reference media path, checking that its folders match its ticks."""
    match = PATH_PATTERN.match(path)
    if not match:
        raise MediaPathError(
            f"{path!r} is not a media path like /2016/01/18/site_635887344874364361_25f_4x3.jpg"
        )
    parsed = MediaPath(
        site=match["site"],
        ticks=int(match["ticks"]),
        size=match["size"],
        ratio=match["ratio"],
        ext=match["ext"],
    )
    if str(parsed) != path:
        raise MediaPathError(f"{path!r}: its date folders do not match the date of its ticks")
    return parsed
