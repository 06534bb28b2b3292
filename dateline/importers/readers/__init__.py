"""One reader per import format, and the guess of a source's format."""

from __future__ import annotations

from pathlib import Path

from dateline.importers.readers.base import Reader
from dateline.importers.readers.newsml import NewsmlReader
from dateline.importers.readers.ninjs import NinjsReader
from dateline.importers.readers.pages import PagesReader
from dateline.importers.readers.wxr import WxrReader

READERS: dict[str, type[Reader]] = {
    reader.format: reader for reader in (WxrReader, NinjsReader, NewsmlReader, PagesReader)
}


def guess_format(source: Path) -> str | None:
    """Return the format a source looks like, from its files' names and first bytes."""
    files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
    for path in files[:50]:
        suffix = path.suffix.lower()
        if suffix == ".json":
            return "ninjs"
        if suffix in (".txt", ".page"):
            return "pages"
        if suffix in (".xml", ".wxr"):
            with path.open("rb") as handle:
                head = handle.read(4096)
            if b"wordpress.org/export" in head:
                return "wxr"
            if b"iptc.org/std/nar" in head:
                return "newsml"
    return None
