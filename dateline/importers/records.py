"""What readers yield: format-neutral records, or the reason a record was refused or skipped.

A reader turns its format into ``Record`` (an article to store), ``PageRecord`` (a reference
page, stored by the foundation's page store), ``Skipped`` (deliberately not imported) or
``Failed`` (bad input). Readers never touch the database and never raise on bad input.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import datetime

from dateline.importers.reference_page import ReferencePage

# A field longer than this is refused: no article needs it, and it would bloat every page.
MAX_FIELD_CHARS = 5_000_000
MAX_KEY_CHARS = 200


def legacy_key(prefix: str, ident: str) -> str:
    """Return ``prefix:ident``, hashed when it would not fit ``Article.legacy_key``."""
    key = f"{prefix}:{ident}"
    if len(key) <= MAX_KEY_CHARS:
        return key
    return f"{prefix}:sha256:{hashlib.sha256(ident.encode()).hexdigest()}"


@dataclass(frozen=True)
class Term:
    """A section or topic named by the source: its slug and display name."""

    slug: str
    name: str


@dataclass(frozen=True)
class MediaRef:
    """A media file of a record, read from ``--media-root`` (never from the network)."""

    key: str
    file: str  # relative to --media-root, as the source wrote it
    moment: datetime  # names the stored file (reference path scheme)
    old_path: str = ""  # the file's old URL path, answered with a 301
    url: str = ""  # the file's old URL as the body may show it, rewritten to the new one
    caption: str = ""
    alt_text: str = ""


@dataclass(frozen=True)
class Author:
    """A person the source credits on a record: their id in the source (a WordPress login, a
    ninjs or NewsML-G2 uri), name, email and role (an ``Authorship.Role`` value)."""

    login: str
    name: str
    email: str = ""
    role: str = "reporter"


def author(login: str, name: str, email: str = "", role: str = "reporter") -> Author | None:
    """Return the ``Author`` of a source's values, or None when they name nobody."""
    login, name = login.strip(), " ".join(name.split())
    if not login and not name:
        return None
    return Author(login=login[:150], name=name[:200], email=email.strip()[:254], role=role)


@dataclass(frozen=True)
class Comment:
    """A reader's comment on a post, kept as an archive for editors (never public)."""

    source_id: str
    text: str
    author_name: str = ""
    author_email: str = ""
    author_url: str = ""
    posted_at: datetime | None = None
    parent_id: str = ""
    approved: bool = True
    kind: str = "comment"


@dataclass
class Record:
    """One article to create or update, identified by ``key`` across imports."""

    key: str
    record_id: str
    place: str
    headline: str
    published_at: datetime | None
    status: str = "published"
    article_id: int | None = None
    slug: str = ""
    summary: str = ""
    body: str = ""
    language: str = "en"
    article_type_id: int = 21
    byline: str = ""
    section: Term | None = None
    topics: list[Term] = field(default_factory=list)
    lead_media: MediaRef | None = None
    media: list[MediaRef] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)
    scheduled_at: datetime | None = None
    embargo_until: datetime | None = None
    modified_at: datetime | None = None
    # The people the byline names, as people (the byline itself is kept as it was).
    authors: list[Author] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    # What the source says of the item that has no place on an article, kept on its import
    # record (``ImportedItem.meta``): SEO title and description, WordPress's sticky flag.
    meta: dict[str, str | bool] = field(default_factory=dict)
    # What the report must say about the record when it is stored: (kind, reason) pairs, kind
    # one of ``report.NOTE_KINDS`` (a password post hidden, an untitled post flagged...).
    notes: list[tuple[str, str]] = field(default_factory=list)

    def digest(self) -> str:
        """Return a hash of everything stored from the record (its place excluded).

        Computed once and kept (a record is not changed after its reader yields it), so the
        parsing process can compute it and spare the storing process the hashing.
        """
        known = self.__dict__.get("_digest")
        if known is None:
            values = [getattr(self, name) for name in _DIGESTED]
            known = hashlib.sha256(repr(values).encode("utf-8", "surrogatepass")).hexdigest()
            self.__dict__["_digest"] = known
        return known

    def problem(self) -> str | None:
        """Return why the record cannot be stored as it is, or None."""
        if not self.headline.strip():
            return "it has no headline"
        limits = {
            "headline": 500,
            "byline": 300,
            "body": MAX_FIELD_CHARS,
            "summary": MAX_FIELD_CHARS,
        }
        for name, limit in limits.items():
            size = len(getattr(self, name))
            if size > limit:
                return f"field {name} is {size:,} characters long; the limit is {limit:,}"
        if self.article_id is not None and not 0 < self.article_id < 2**63:
            return f"id {self.article_id} is out of range"
        return None


# The fields a digest covers, in declaration order (computing it per record costs more).
_DIGESTED = tuple(f.name for f in fields(Record) if f.name not in ("place", "notes"))


@dataclass
class PageRecord:
    """A parsed reference page (``--format pages``)."""

    key: str
    record_id: str
    place: str
    page: ReferencePage
    article_id: int | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Failed:
    """A record refused for bad input: where it is, which record, and why."""

    place: str
    record_id: str
    reason: str


@dataclass(frozen=True)
class Skipped:
    """A record deliberately not imported (a WordPress page, a trashed post, ...)."""

    place: str
    record_id: str
    reason: str


Item = Record | PageRecord | Failed | Skipped
