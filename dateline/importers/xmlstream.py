"""Stream XML element by element in flat memory, surviving bad bytes and reporting bad syntax.

``iter_elements`` yields each wanted element once it is complete and frees it (and everything
before it) after the caller is done, so a 2 GB file needs no more memory than its largest item.
Invalid UTF-8 is replaced by U+FFFD on the way in and its lines are remembered, so the one record
holding the bad bytes can be refused while the rest of the file still imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lxml import etree

_SURROGATE = re.compile("[\udc80-\udcff]+")
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class BadXml(Exception):
    """The XML stream broke at ``line``: reading cannot go on past it."""

    def __init__(self, line: int, problem: str) -> None:
        self.line, self.problem = line, problem
        super().__init__(f"line {line}: {problem}")


class RepairingReader:
    """A binary file wrapper that passes valid UTF-8 through and replaces invalid bytes.

    ``bad_lines`` lists the lines where bytes were replaced; ``position`` counts bytes read.
    Valid chunks are passed on untouched (checked at C speed); only a chunk with bad bytes
    is decoded and re-encoded.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.position = 0
        self.line = 1
        self.bad_lines: list[int] = []
        self.eof = False
        self._carry = b""

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size if size and size > 0 else 1 << 16)
        self.position += len(chunk)
        self.eof = not chunk
        data = self._carry + chunk
        cut = len(data) if self.eof else _complete_prefix(data)
        data, self._carry = data[:cut], data[cut:]
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            data = self._repair(data)
        self.line += data.count(b"\n")
        return data

    def _repair(self, data: bytes) -> bytes:
        text = data.decode("utf-8", errors="surrogateescape")
        for match in _SURROGATE.finditer(text):
            self.bad_lines.append(self.line + text.count("\n", 0, match.start()))
        return _SURROGATE.sub("\ufffd", text).encode("utf-8")


def _complete_prefix(data: bytes) -> int:
    """Return the length of ``data`` without a multi-byte character cut off at its end."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 == 0x80:
            continue  # a continuation byte: look further back for the lead byte
        if byte >= 0xC0:
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return len(data) - back if needed > back else len(data)
        return len(data)
    return len(data)


def declared_encoding(path: Path) -> str:
    """Return the encoding named by the XML declaration of ``path`` (utf-8 if none)."""
    with path.open("rb") as handle:
        match = _DECLARED.match(handle.read(200))
    return match[1].decode().lower() if match else "utf-8"


def iter_elements(stream: BinaryIO, tags: list[str]) -> Iterator[etree._Element]:
    """Yield each complete element named in ``tags``; raise ``BadXml`` where the XML breaks.

    Every element completed before the break is yielded first, whatever lxml and libxml2 are
    installed: the stream is fed to a pull parser by hand and the events it collected are drained
    before the syntax error is raised (``iterparse`` drops them with lxml 6.2 and libxml2 2.14).
    The caller must be done with an element before asking for the next: it is then cleared.
    """
    parser = etree.XMLPullParser(
        events=("end",),
        tag=tags,
        huge_tree=True,  # a huge field is refused by our own limit, with its record's place
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_blank_text=False,
    )
    failure: etree.XMLSyntaxError | None = None
    while failure is None:
        chunk = stream.read(1 << 16)
        try:
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
        except etree.XMLSyntaxError as exc:
            failure = exc
            if not chunk:
                # A file cut short: closing ends its open elements for it, half-read records
                # included; everything whole was already yielded after the last feed.
                break
        for _event, element in parser.read_events():
            yield element
            _free(element)
        if not chunk:
            break
    if failure is not None:
        line = failure.lineno or (failure.position[0] if failure.position else 0)
        raise BadXml(line, _explain(failure, stream)) from None


def _free(element: etree._Element) -> None:
    """Clear a finished element and the siblings before it, so memory stays flat."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _explain(exc: etree.XMLSyntaxError, stream: BinaryIO) -> str:
    message = (exc.msg or str(exc)).strip()
    if message.startswith("Unregistered error message"):
        # libxml2's words for a character XML does not allow, such as a control character.
        message = "a character that XML does not allow (a control character?)" + message[26:]
    if getattr(stream, "eof", False) and re.search(
        r"Premature end|EndTag|end of data|not closed|Extra content|Couldn't find end", message
    ):
        return f"the file ends in the middle of the XML (truncated?): {message}"
    return f"broken XML: {message}"


def local_name(element: etree._Element) -> str:
    """Return an element's name without its namespace."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
