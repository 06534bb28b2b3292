"""The reader contract shared by every import format."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from dateline.importers.records import Failed, Item

# A single file above this size in a folder format (a page, a ninjs item) is refused unread.
MAX_ITEM_FILE_BYTES = 64 * 1024 * 1024


class Reader:
    """Stream the items of one source; subclasses set ``format`` and implement ``items()``.

    ``done`` and ``total`` are bytes, for the progress bar. Bad input is yielded as ``Failed``
    with its place, never raised.
    """

    format = ""
    suffixes: tuple[str, ...] = ()

    def __init__(self, source: Path, **options) -> None:
        self.source = Path(source)
        self.options = options
        self.done = 0
        self.total = sum(p.stat().st_size for p in self.files())

    def files(self) -> list[Path]:
        """Return the files of the source in a stable order: itself, or a folder's files."""
        if self.source.is_dir():
            return sorted(
                p
                for p in self.source.rglob("*")
                if p.is_file() and p.suffix.lower() in self.suffixes
            )
        return [self.source]

    def fingerprint(self) -> str:
        """Return a cheap identity of the source's content: names, sizes and first bytes."""
        digest = hashlib.sha256()
        for path in self.files():
            digest.update(f"{path}\0{path.stat().st_size}\0".encode())
            with path.open("rb") as handle:
                digest.update(handle.read(1 << 16))
        return digest.hexdigest()

    def prepare(self) -> None:
        """Load what reading needs once (schemas), before reading starts in another process."""

    def items(self) -> Iterator[Item]:
        raise NotImplementedError

    def __iter__(self) -> Iterator[Item]:
        return self.items()


class FileByFileReader(Reader):
    """A reader for formats with one or a few items per file (pages, ninjs, NewsML-G2)."""

    def items(self) -> Iterator[Item]:
        for path in self.files():
            size = path.stat().st_size
            if size > MAX_ITEM_FILE_BYTES:
                yield Failed(str(path), path.name, f"file is {size:,} bytes; the limit is 64 MB")
            else:
                yield from self.file_items(path)
            self.done += size

    def file_items(self, path: Path) -> Iterator[Item]:
        raise NotImplementedError


def read_text(path: Path) -> tuple[str | None, Failed | None]:
    """Return the UTF-8 text of ``path``, or a ``Failed`` naming the line of the bad byte."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, Failed(str(path), path.name, f"cannot read the file: {exc.strerror}")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reason = f"not UTF-8 text (bad byte at offset {exc.start})"
        return None, Failed(f"{path}, line {line}", path.name, reason)
