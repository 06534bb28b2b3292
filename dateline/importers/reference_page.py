"""Read a page in the reference's scraped format (see ../shared/seed/scraped-article-page.txt).

Layout, line by line::

    headline
    (blank)
    headline, repeated
    Fri Feb 26, 2016 11:14:49
    (blank)
    body paragraphs, separated by blank lines
    S/SH 11                          <- desk signature (ع/ م 14 on the Arabic site)
    (blank)
    string(N) "[{...}, ...]"          <- N is the UTF-8 byte length of the JSON; absent when
                                         the site printed no related list

The reader is a pure function of the text: it checks everything and raises ``PageError``
naming the file and line before anything is stored.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import unescape

from django.utils import timezone

from dateline.desk.models import SIGNATURE_PATTERN
from dateline.media.paths import MediaPathError, parse_media_path

DATELINE_FORMAT = "%a %b %d, %Y %H:%M:%S"
_DUMP = re.compile(r'^string\((?P<n>\d{1,9})\) "(?P<json>.*)"\s*$', re.DOTALL)
_DUMP_START = re.compile(r"^string\(")
_NUMERIC = re.compile(r"[0-9]{1,18}")
# The Arabic desks sign as the English ones do, in their script: "ع/ م 14" for "S/SH 11".
ARABIC_SIGNATURE = re.compile(
    r"^(?P<desk>[\u0621-\u064a]{1,6}(?:\s?/\s?[\u0621-\u064a]{1,6})*)"
    r"\s+(?P<editor>[0-9\u0660-\u0669A-Z]{1,6})$"
)
REFERENCE_KEYS = ("id", "sort", "contenttypeid", "pic", "title")
MAX_PAGE_BYTES = 5 * 1024 * 1024
# An article's headline column holds this many characters (label included, to be safe).
MAX_TITLE_CHARS = 500
# Control characters (but tab, newline and carriage return) and lone surrogates, which JSON
# can escape: a database refuses NUL and surrogates, and HTML may not carry the rest.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class PageError(ValueError):
    """A page that cannot be imported; the message names the file and the line."""

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source, self.line, self.problem = source, line, problem
        where = f"{source}, line {line}" if line else source
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class RelatedEntry:
    id: int
    sort: int
    contenttypeid: int
    pic: str
    title: str


@dataclass
class ReferencePage:
    source: str
    headline: str
    published_at: datetime
    paragraphs: list[str]
    signature: str | None
    related: list[RelatedEntry] = field(default_factory=list)


def parse_signature(line: str) -> tuple[str, str] | None:
    """Return ``(desk, editor)`` of a desk signature line in either script, or None."""
    text = " ".join(line.split())
    match = SIGNATURE_PATTERN.match(text) or ARABIC_SIGNATURE.match(text)
    return (match["desk"], match["editor"]) if match else None


def _decode(data: bytes | str, source: str) -> str:
    if isinstance(data, str):
        return data
    if len(data) > MAX_PAGE_BYTES:
        raise PageError(source, None, f"file is {len(data)} bytes; pages over 5 MB are refused")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise PageError(source, line, "binary data (a NUL byte); this is not a text page")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PageError(source, line, f"not UTF-8 text (bad byte at offset {exc.start})") from None


def _control_character(text: str) -> tuple[int, str] | None:
    """Return where the first forbidden character of ``text`` is, and its name, if any."""
    found = _FORBIDDEN.search(text)
    return (found.start(), f"control character U+{ord(found[0]):04X}") if found else None


def _parse_dateline(text: str, source: str, line: int) -> datetime:
    try:
        naive = datetime.strptime(text.strip(), DATELINE_FORMAT)
        # datetime ignores the weekday it reads; a dateline whose weekday and date disagree
        # has been damaged, and which of the two is right cannot be told.
        weekday = time.strptime(text.strip(), DATELINE_FORMAT).tm_wday
    except ValueError:
        raise PageError(
            source, line, f"expected a dateline like 'Fri Feb 26, 2016 11:14:49', got {text!r}"
        ) from None
    if weekday != naive.weekday():
        raise PageError(
            source, line, f"the dateline's weekday is wrong: {naive:%b %d, %Y} is a {naive:%a}"
        )
    moment = timezone.make_aware(naive, timezone.get_default_timezone())
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise PageError(source, line, f"the dateline {text.strip()!r} is out of range") from None
    return moment


def _parse_dump(text: str, source: str, line: int) -> list[RelatedEntry]:
    match = _DUMP.match(text)
    if not match:
        raise PageError(source, line, 'the related-items dump must read string(N) "[...]"')
    payload = match["json"]
    declared, actual = int(match["n"]), len(payload.encode("utf-8"))
    if declared != actual:
        raise PageError(
            source, line, f"the dump declares {declared} bytes but its JSON is {actual} bytes"
        )
    try:
        items = json.loads(payload)
    except json.JSONDecodeError as exc:
        problem = f"broken JSON in the dump: {exc.msg} at column {exc.colno}"
        raise PageError(source, line, problem) from None
    if not isinstance(items, list):
        raise PageError(source, line, "the dump's JSON must be a list of items")
    entries = [_parse_entry(item, index, source, line) for index, item in enumerate(items)]
    _refuse_repeats(entries, source, line)
    return entries


def _refuse_repeats(entries: list[RelatedEntry], source: str, line: int) -> None:
    """Refuse a list naming one item twice, or two items at one place (ids, sorts are unique)."""
    for field_name in ("id", "sort"):
        first: dict[int, int] = {}
        for number, entry in enumerate(entries, 1):
            value = getattr(entry, field_name)
            if value in first:
                problem = (
                    f"related item {number} repeats the {field_name} {value} of item {first[value]}"
                )
                raise PageError(source, line, problem)
            first[value] = number


def _parse_entry(item: object, index: int, source: str, line: int) -> RelatedEntry:
    where = f"related item {index + 1}"
    if not isinstance(item, dict):
        raise PageError(source, line, f"{where} is not an object")
    missing = [k for k in REFERENCE_KEYS if k not in item]
    if missing:
        raise PageError(source, line, f"{where} lacks {', '.join(missing)}")
    if any(not isinstance(item[k], str) for k in REFERENCE_KEYS):
        raise PageError(source, line, f"{where}: every value must be a string")
    for key in ("id", "sort", "contenttypeid"):
        if not _NUMERIC.fullmatch(item[key]):
            raise PageError(source, line, f"{where}: {key} {item[key]!r} is not a number")
    if not item["title"].strip():
        raise PageError(source, line, f"{where} has an empty title")
    if len(item["title"]) > MAX_TITLE_CHARS:
        problem = (
            f"{where}'s title is {len(item['title'])} characters; the limit is {MAX_TITLE_CHARS}"
        )
        raise PageError(source, line, problem)
    if found := _control_character(item["title"]):
        raise PageError(source, line, f"{where}'s title has a {found[1]}")
    if item["pic"]:
        try:
            parse_media_path(item["pic"])
        except MediaPathError as exc:
            raise PageError(source, line, f"{where}: {exc}") from None
    return RelatedEntry(
        id=int(item["id"]),
        sort=int(item["sort"]),
        contenttypeid=int(item["contenttypeid"]),
        pic=item["pic"],
        title=item["title"],
    )


def parse_reference_page(data: bytes | str, source: str = "<page>") -> ReferencePage:
    """Parse one reference page, or raise ``PageError`` naming the file and line."""
    text = _decode(data, source).replace("\r\n", "\n")
    if not text.strip():
        raise PageError(source, None, "the file is empty")
    if found := _control_character(text):
        raise PageError(source, text[: found[0]].count("\n") + 1, f"a {found[1]} in the text")
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    headline = lines[0].strip()
    if not headline:
        raise PageError(source, 1, "the first line must be the headline")
    if len(headline) > MAX_TITLE_CHARS:
        problem = f"the headline is {len(headline)} characters; the limit is {MAX_TITLE_CHARS}"
        raise PageError(source, 1, problem)
    if len(lines) < 4 or lines[2].strip() != headline:
        raise PageError(source, 3, "the headline must be repeated on line 3")
    published_at = _parse_dateline(lines[3], source, 4)

    dump_index = next(
        (i for i in range(len(lines) - 1, 3, -1) if _DUMP_START.match(lines[i])), None
    )
    # A page without a dump is one the site printed no related list for; a dump that is
    # there but broken is refused, since its list cannot be told from damage.
    related = []
    if dump_index is None:
        dump_index = len(lines)
    else:
        related = _parse_dump("\n".join(lines[dump_index:]), source, dump_index + 1)

    body_lines = lines[4:dump_index]
    while body_lines and not body_lines[-1].strip():
        body_lines.pop()
    signature = None
    if body_lines and parse_signature(body_lines[-1]):
        signature = " ".join(body_lines.pop().split())
    # The scraped text keeps the site's entities (&quot;, &amp;): read them as the characters
    # they stand for, or the body would be escaped twice and show them.
    paragraphs = []
    for number, line in enumerate(body_lines, 5):
        if line.strip():
            paragraphs.append(unescape(line.strip()))
            if found := _control_character(paragraphs[-1]):
                raise PageError(source, number, f"an escaped {found[1]} in the text")
    if not paragraphs:
        raise PageError(source, 5, "the page has no body paragraphs")
    return ReferencePage(source, headline, published_at, paragraphs, signature, related)
