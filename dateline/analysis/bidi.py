"""Text direction in plain text: where no element can carry ``dir``."""

from __future__ import annotations


def isolated(text: str) -> str:
    """Return ``text`` as a first-strong isolate (U+2068 ... U+2069): an English name in an
    Arabic line (or the reverse) keeps its own direction without pulling the brackets, dashes
    and labels around it out of order. Empty text stays empty."""
    return f"\u2068{text}\u2069" if text else ""
