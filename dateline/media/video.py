"""Read an uploaded video: check its container, find its duration, blank its location, and
take a poster frame with ffmpeg when it is installed.

MP4 and WebM are read box by box (element by element) from the file, never whole into memory.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from dateline.conf import setting
from dateline.media.errors import MediaRejected

# Boxes that hold where a video was shot: QuickTime's ©xyz and 3GPP's loci. They are renamed
# "free" in place, which keeps every offset in the file valid.
_LOCATION_BOXES = {b"\xa9xyz", b"loci"}
_CONTAINER_BOXES = {b"moov", b"trak", b"udta", b"mdia", b"minf", b"meta"}


@dataclass
class VideoFacts:
    """What was learnt from a video file: its duration and where location boxes lie."""

    duration: float | None
    blank_at: list[int] = field(default_factory=list)


def inspect_video(handle: BinaryIO, size: int, content_format: str, filename: str) -> VideoFacts:
    """Return the facts of an MP4 or WebM file, or raise MediaRejected naming the problem."""
    handle.seek(0)
    if content_format == "MP4":
        return _inspect_mp4(handle, size, filename)
    return _inspect_webm(handle, size, filename)


def copy_without_location(handle: BinaryIO, facts: VideoFacts, target: BinaryIO) -> None:
    """Copy the video to ``target`` with its location boxes renamed ``free``."""
    handle.seek(0)
    position = 0
    while chunk := handle.read(1024 * 1024):
        data = bytearray(chunk)
        for offset in facts.blank_at:
            for index, letter in enumerate(b"free"):
                if 0 <= offset + index - position < len(data):
                    data[offset + index - position] = letter
        target.write(data)
        position += len(chunk)


def _boxes(handle: BinaryIO, start: int, end: int, filename: str):
    position = start
    while position + 8 <= end:
        handle.seek(position)
        header = handle.read(8)
        if len(header) < 8:
            raise MediaRejected(f"{filename}: the MP4 file is truncated at byte {position}")
        length, kind = struct.unpack(">I4s", header)
        header_size = 8
        if length == 1:
            length = struct.unpack(">Q", handle.read(8))[0]
            header_size = 16
        elif length == 0:
            length = end - position
        if length < header_size or position + length > end:
            raise MediaRejected(
                f"{filename}: the MP4 box {kind!r} at byte {position} runs past the end of the "
                "file; the upload is truncated or corrupt"
            )
        yield position, header_size, length, kind
        position += length


def _inspect_mp4(handle: BinaryIO, size: int, filename: str) -> VideoFacts:
    handle.seek(4)
    if handle.read(4) != b"ftyp":
        raise MediaRejected(f"{filename}: the content is not an MP4 video (no ftyp box)")
    facts = VideoFacts(duration=None)
    found_moov = False
    for position, header_size, length, kind in _boxes(handle, 0, size, filename):
        if kind == b"moov":
            found_moov = True
            _walk_moov(handle, position + header_size, position + length, facts, filename)
    if not found_moov:
        raise MediaRejected(f"{filename}: the MP4 has no moov box; the upload is incomplete")
    return facts


def _walk_moov(handle: BinaryIO, start: int, end: int, facts: VideoFacts, filename: str) -> None:
    for position, header_size, length, kind in _boxes(handle, start, end, filename):
        if kind == b"mvhd":
            facts.duration = _mvhd_duration(handle, position + header_size)
        elif kind in _LOCATION_BOXES:
            facts.blank_at.append(position + 4)
        elif kind in _CONTAINER_BOXES:
            # meta is a "full box": four bytes of version and flags precede its children.
            skip = 4 if kind == b"meta" else 0
            _walk_moov(handle, position + header_size + skip, position + length, facts, filename)


def _mvhd_duration(handle: BinaryIO, start: int) -> float | None:
    handle.seek(start)
    version = handle.read(4)[0]
    if version == 1:
        _, _, timescale, duration = struct.unpack(">QQIQ", handle.read(28))
    else:
        _, _, timescale, duration = struct.unpack(">IIII", handle.read(16))
    return round(duration / timescale, 3) if timescale else None


def _vint(handle: BinaryIO, keep_marker: bool) -> tuple[int, int]:
    first = handle.read(1)
    if not first:
        raise EOFError
    byte = first[0]
    for width in range(1, 9):
        if byte & (0x80 >> (width - 1)):
            break
    else:
        raise ValueError("bad EBML length")
    value = byte if keep_marker else byte & (0xFF >> width)
    for extra in handle.read(width - 1):
        value = (value << 8) | extra
    return value, width


_EBML, _DOCTYPE, _SEGMENT, _INFO = 0x1A45DFA3, 0x4282, 0x18538067, 0x1549A966
_TIMECODE_SCALE, _DURATION = 0x2AD7B1, 0x4489


def _elements(handle: BinaryIO, start: int, end: int):
    position = start
    while position < end:
        handle.seek(position)
        element_id, id_width = _vint(handle, keep_marker=True)
        length, length_width = _vint(handle, keep_marker=False)
        data_start = position + id_width + length_width
        yield element_id, data_start, length
        position = data_start + length


def _inspect_webm(handle: BinaryIO, size: int, filename: str) -> VideoFacts:
    try:
        handle.seek(0)
        if handle.read(4) != _EBML.to_bytes(4, "big"):
            raise MediaRejected(f"{filename}: the content is not a WebM video (no EBML header)")
        doctype = b""
        scale, ticks = 1_000_000, None
        for element_id, start, length in _elements(handle, 0, size):
            if element_id == _EBML:
                for child, child_start, child_length in _elements(handle, start, start + length):
                    if child == _DOCTYPE:
                        handle.seek(child_start)
                        doctype = handle.read(child_length)
            elif element_id == _SEGMENT:
                for child, child_start, child_length in _elements(handle, start, size):
                    if child != _INFO:
                        continue
                    info_end = child_start + child_length
                    for leaf, leaf_start, leaf_length in _elements(handle, child_start, info_end):
                        handle.seek(leaf_start)
                        raw = handle.read(leaf_length)
                        if leaf == _TIMECODE_SCALE:
                            scale = int.from_bytes(raw, "big")
                        elif leaf == _DURATION and leaf_length in (4, 8):
                            ticks = struct.unpack(">f" if leaf_length == 4 else ">d", raw)[0]
                    break
                break
    except (EOFError, ValueError, struct.error) as exc:
        raise MediaRejected(f"{filename}: the WebM file is truncated or corrupt ({exc})") from exc
    if doctype.rstrip(b"\x00") != b"webm":
        raise MediaRejected(f"{filename}: the content is not a WebM video (doctype {doctype!r})")
    duration = round(ticks * scale / 1e9, 3) if ticks is not None else None
    return VideoFacts(duration=duration)


def ffmpeg_command() -> str | None:
    """Return the ffmpeg executable to use, or None when it is off or not installed."""
    name = setting("DATELINE_MEDIA_FFMPEG")
    return shutil.which(name) if name else None


def poster_frame(video_path: Path, duration: float | None) -> bytes | None:
    """Return a JPEG frame from about a second into the video, or None if ffmpeg cannot."""
    command = ffmpeg_command()
    if command is None:
        return None
    moment = min(1.0, (duration or 0) / 2)
    with tempfile.TemporaryDirectory(prefix="dateline-poster-") as folder:
        target = Path(folder) / "poster.jpg"
        result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [
                command,
                "-v",
                "error",
                "-nostdin",
                "-ss",
                f"{moment:.2f}",
                "-i",
                str(video_path),
                "-frames:v",
                "1",
                "-q:v",
                "3",
                "-y",
                str(target),
            ],
            capture_output=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            return None
        return target.read_bytes()
