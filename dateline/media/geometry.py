"""Where a rendition is cut from its image: the editor's crop, or a box around the focal point."""

from __future__ import annotations

Box = tuple[int, int, int, int]  # left, top, right, bottom


def ratio_parts(ratio: str) -> tuple[int, int] | None:
    """Return ``(4, 3)`` for ``"4x3"``, and None for ``"orig"``."""
    if ratio == "orig":
        return None
    across, _, down = ratio.partition("x")
    return int(across), int(down)


def output_size(source: tuple[int, int], ratio: str, width: int) -> tuple[int, int]:
    """Return the pixel size of a rendition ``width`` pixels wide at ``ratio``."""
    parts = ratio_parts(ratio)
    if parts is None:
        return width, max(1, round(width * source[1] / source[0]))
    return width, max(1, round(width * parts[1] / parts[0]))


def focal_box(source: tuple[int, int], ratio: str, focal: tuple[float, float]) -> Box:
    """Return the largest ``ratio`` box inside the image, centred on the focal point as far
    as the image's edges allow."""
    src_w, src_h = source
    parts = ratio_parts(ratio)
    if parts is None:
        return (0, 0, src_w, src_h)
    across, down = parts
    if src_w * down > src_h * across:
        box_h = src_h
        box_w = min(src_w, max(1, round(src_h * across / down)))
    else:
        box_w = src_w
        box_h = min(src_h, max(1, round(src_w * down / across)))
    left = _clamp(round(focal[0] * src_w - box_w / 2), 0, src_w - box_w)
    top = _clamp(round(focal[1] * src_h - box_h / 2), 0, src_h - box_h)
    return (left, top, left + box_w, top + box_h)


def fit_crop(source: tuple[int, int], ratio: str, box: Box) -> Box:
    """Return an editor's box clipped to the image and trimmed to exactly ``ratio``.

    Raise ValueError for a box that leaves nothing inside the image.
    """
    src_w, src_h = source
    left, top = _clamp(box[0], 0, src_w), _clamp(box[1], 0, src_h)
    right, bottom = _clamp(box[2], 0, src_w), _clamp(box[3], 0, src_h)
    if right - left < 1 or bottom - top < 1:
        raise ValueError(f"crop {box} lies outside the {src_w}x{src_h} image")
    parts = ratio_parts(ratio)
    if parts is None:
        return (left, top, right, bottom)
    across, down = parts
    width, height = right - left, bottom - top
    if width * down > height * across:
        width = max(1, round(height * across / down))
    else:
        height = max(1, round(width * down / across))
    return (left, top, left + width, top + height)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))
