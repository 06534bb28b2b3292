"""Media test files made in memory: images with metadata, minimal MP4 and WebM containers."""

from __future__ import annotations

import io
import struct

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def quadrants(size=(800, 600)) -> Image.Image:
    """Return an image in four colours: red top-left, green top-right, blue bottom-left,
    yellow bottom-right (so a crop's position can be read from its colour)."""
    image = Image.new("RGB", size)
    w, h = size
    for box, colour in (
        ((0, 0, w // 2, h // 2), (255, 0, 0)),
        ((w // 2, 0, w, h // 2), (0, 255, 0)),
        ((0, h // 2, w // 2, h), (0, 0, 255)),
        ((w // 2, h // 2, w, h), (255, 255, 0)),
    ):
        image.paste(colour, box)
    return image


def image_bytes(fmt="JPEG", size=(800, 600), exif=None, **options) -> bytes:
    out = io.BytesIO()
    image = quadrants(size)
    if fmt == "GIF":
        image = image.convert("P")
    if exif is not None:
        options["exif"] = exif
    image.save(out, format=fmt, **options)
    return out.getvalue()


def gps_exif(caption="Fire at the oil terminal", artist="Jane Reporter") -> Image.Exif:
    exif = Image.Exif()
    exif[0x010E] = caption
    exif[0x013B] = artist
    exif[0x8298] = "(c) Wire Agency"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.0), 3: "E", 4: (0.0, 7.0, 40.0)}
    return exif


def with_iptc(jpeg: bytes, caption: str, credit: str) -> bytes:
    """Return ``jpeg`` with an APP13 (Photoshop/IPTC) segment holding caption and credit."""
    records = b""
    for dataset, text in ((120, caption), (110, credit)):
        value = text.encode()
        records += b"\x1c\x02" + bytes([dataset]) + struct.pack(">H", len(value)) + value
    if len(records) % 2:
        records += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(records))
    payload = b"Photoshop 3.0\x00" + resource + records
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload) + 8) + kind + payload


def mp4_bytes(seconds: float = 12.5, location: bool = True) -> bytes:
    """Return a minimal MP4 (ftyp, moov with mvhd and a ©xyz location, mdat)."""
    timescale = 1000
    mvhd = _box(
        b"mvhd",
        b"\x00\x00\x00\x00"
        + struct.pack(">IIII", 0, 0, timescale, int(seconds * timescale))
        + b"\x00" * 80,
    )
    udta = (
        _box(b"udta", _box(b"\xa9xyz", b"\x00\x12\x15\xc7+51.5000-000.1278/")) if location else b""
    )
    return (
        _box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41")
        + _box(b"moov", mvhd + udta)
        + _box(b"mdat", b"\x00" * 64)
    )


def _ebml(element_id: int, payload: bytes) -> bytes:
    width = (element_id.bit_length() + 7) // 8
    size = (0x01 << 56 | len(payload)).to_bytes(8, "big")  # an 8-byte EBML length
    return element_id.to_bytes(width, "big") + size + payload


def webm_bytes(seconds: float = 3.25) -> bytes:
    """Return a minimal WebM: EBML header (doctype webm) and a Segment with Info/Duration."""
    header = _ebml(0x1A45DFA3, _ebml(0x4282, b"webm"))
    info = _ebml(
        0x1549A966,
        _ebml(0x2AD7B1, (1_000_000).to_bytes(3, "big"))
        + _ebml(0x4489, struct.pack(">d", seconds * 1000)),
    )
    return header + _ebml(0x18538067, info)
