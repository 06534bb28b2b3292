"""A folder of legacy reference pages (the foundation's format), parsed by its own parser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from dateline.importers.readers.base import FileByFileReader
from dateline.importers.records import Failed, Item, PageRecord
from dateline.importers.reference_page import PageError, parse_reference_page
from dateline.importers.reference_store import page_key


def id_from_name(path: Path) -> int | None:
    """Return the article id a page's file name gives (``4518617.txt``), if it is digits."""
    match = re.fullmatch(r"(\d{1,18})", path.stem)
    return int(match[1]) if match else None


class PagesReader(FileByFileReader):
    format = "pages"
    suffixes = (".txt", ".page")

    def file_items(self, path: Path) -> Iterator[Item]:
        try:
            page = parse_reference_page(path.read_bytes(), str(path))
        except PageError as exc:
            place = f"{exc.source}, line {exc.line}" if exc.line else exc.source
            yield Failed(place, path.name, exc.problem)
            return
        except OSError as exc:
            yield Failed(str(path), path.name, f"cannot read the file: {exc.strerror}")
            return
        yield PageRecord(page_key(page), path.name, str(path), page, id_from_name(path))
