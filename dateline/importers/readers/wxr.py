"""WordPress eXtended RSS (WXR 1.0-1.2), streamed item by item.

What comes in (docs/importers.md says why):
- ``post`` items become articles with their WordPress id as the article id. Published posts
  stay published, ``future`` ones are scheduled, drafts and pending posts come in as drafts
  (invisible to readers), private and password-protected ones in review (hidden, reported);
  trashed posts and auto-drafts are skipped.
- Post formats video, gallery and audio become content types 22, 23 and 29.
- The first category is the section; every other category and every tag becomes a topic.
- The author's display name is the byline; the author (login, display name, email) is also
  credited as a person.
- Comments are kept as an archive for editors, never public; SEO title and description
  (Yoast, RankMath) and the sticky flag are kept on the import record.
- The featured image is the lead media and the post's other attachments are stored with it,
  read from ``--media-root`` (a local copy of wp-content/uploads).
- The permalink, the ``?p=<id>`` link and each upload URL become redirects.
- Pages, menus and other WordPress internals are not news and are skipped.

The file is read twice: a first pass indexes attachments (small), so that a post can find its
featured image wherever the attachment item lies in the file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from lxml import etree

from dateline.importers.readers.base import Reader
from dateline.importers.records import (
    MAX_FIELD_CHARS,
    Author,
    Comment,
    Failed,
    Item,
    MediaRef,
    Record,
    Skipped,
    Term,
    author,
)
from dateline.importers.text import (
    aware,
    body_html,
    first_words,
    plain,
    slug_of,
    summary_of,
    term,
)
from dateline.importers.wpbody import BodyImage, convert
from dateline.importers.xmlstream import (
    BadXml,
    RepairingReader,
    declared_encoding,
    iter_elements,
    local_name,
)

# WordPress wrote ``http`` URIs until 2019 and ``https`` ones since; both name the same format.
WP_NAMESPACES = [
    f"{scheme}://wordpress.org/export/1.{minor}/"
    for minor in range(3)
    for scheme in ("http", "https")
]
_EXCERPT_NAMESPACES = frozenset(ns + "excerpt/" for ns in WP_NAMESPACES)
_WP_TAGS = ["{" + ns + "}" for ns in WP_NAMESPACES]
# The namespaces a file declares are in its root element, within its first bytes.
_HEAD_BYTES = 1 << 16
_DECLARED_NS = re.compile(
    rb"""xmlns:[A-Za-z0-9_.-]+\s*=\s*["']([^"']*wordpress\.org/export[^"']*)["']"""
)
_DATED_UPLOAD = re.compile(r"/((?:19|20)\d\d/[01]\d/[^/]+)$")
# The attachments a block body shows by id: <img class="wp-image-769">.
_IMAGE_ID = re.compile(r"wp-image-(\d{1,18})")
_GALLERY_IDS = re.compile(r"\[gallery\b[^\]]*?\bids=[\"']?([\d,\s]+)")
_POST_QUERY = re.compile(r"[?&]p=(\d{1,18})(?:&|$)")
ITEM_TAGS = ["item", "language"] + [ns + "author" for ns in _WP_TAGS]
POST_FORMAT_TYPES = {"post-format-video": 22, "post-format-gallery": 23, "post-format-audio": 29}
STATUSES = {
    "publish": "published",
    "future": "scheduled",
    "draft": "draft",
    "pending": "draft",
    # Readers never saw a private post: it waits in review for an editor to decide.
    "private": "review",
}
HIDDEN_REASONS = {
    "private": "private in WordPress: imported in review, not public",
    "password": "password-protected in WordPress: imported in review, not public",
}
# Dateline pins items on fronts, by hand: an editor decides where a sticky post goes.
STICKY_NOTE = "sticky in WordPress: not pinned anywhere; pin it on a front to keep it on top"
SKIPPED_STATUSES = {"trash": "trashed in WordPress", "auto-draft": "an auto-draft"}
INTERNAL_TYPES = {
    "page": "a WordPress page (site furniture, not news)",
    "nav_menu_item": "a menu entry",
    "revision": "a revision",
    "custom_css": "theme CSS",
    "customize_changeset": "a theme change set",
    "oembed_cache": "an embed cache entry",
    "user_request": "a privacy request",
    "wp_block": "a reusable block",
    "wp_template": "a theme template",
    "wp_template_part": "a theme template part",
    "wp_global_styles": "theme styles",
    "wp_navigation": "a navigation menu",
}


@dataclass(frozen=True)
class Attachment:
    id: int
    file: str
    url: str
    parent: int
    title: str
    caption: str
    moment_text: str


_WP_SET = frozenset(WP_NAMESPACES)


def namespace_problem(path: Path) -> str | None:
    """Return why ``path`` is not an export this reader knows, from the namespaces it declares.

    An export in a namespace we do not know would otherwise fail item by item with misleading
    reasons (every field would look missing); one error at the top says what is wrong.
    """
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    declared = [m.decode("utf-8", "replace") for m in _DECLARED_NS.findall(head)]
    unknown = [ns for ns in declared if ns not in _WP_SET and ns not in _EXCERPT_NAMESPACES]
    if not unknown:
        return None
    supported = ", ".join(WP_NAMESPACES)
    return f"this file uses export namespace {unknown[0]}; supported: {supported}"


@functools.cache
def _prefix(namespace: str) -> str:
    if namespace in _EXCERPT_NAMESPACES:
        return "excerpt"
    if namespace in _WP_SET:
        return "wp"
    if "purl.org/rss/1.0/modules/content" in namespace:
        return "content"
    if "purl.org/dc/elements" in namespace:
        return "dc"
    return ""


@functools.cache
def _field_of(tag: str) -> tuple[str, str, str]:
    """Return what a child tag of an item is: (``category``, ``postmeta``, ``comment`` or
    ``field``, its field name such as ``wp:post_id``, its namespace). Cached: an export uses a
    few dozen tags.
    """
    if tag[0] == "{":
        namespace, _, name = tag[1:].partition("}")
        prefix = _prefix(namespace)
    else:
        namespace, name, prefix = "", tag, ""
    if not prefix and name == "category":
        return "category", name, namespace
    if prefix == "wp" and name in ("postmeta", "comment"):
        return name, name, namespace
    return "field", f"{prefix}:{name}" if prefix else name, namespace


class _Fields(NamedTuple):
    scalars: dict[str, str]
    categories: list[etree._Element]
    meta: dict[str, str]
    comments: list[etree._Element]


def _fields(item: etree._Element) -> _Fields:
    """Return an item's scalar fields (``wp:post_id``), categories, post meta and comments."""
    fields: dict[str, str] = {}
    categories: list[etree._Element] = []
    meta: dict[str, str] = {}
    comments: list[etree._Element] = []
    for child in item:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        kind, name, namespace = _field_of(tag)
        if kind == "field":
            if name not in fields:
                fields[name] = child.text or ""
        elif kind == "category":
            categories.append(child)
        elif kind == "comment":
            comments.append(child)
        else:
            key = child.findtext(f"{{{namespace}}}meta_key") or ""
            meta.setdefault(key, child.findtext(f"{{{namespace}}}meta_value") or "")
    return _Fields(fields, categories, meta, comments)


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    value = int(text)
    return value if value < 2**63 else None


def _path_of(url: str) -> str:
    """Return the path (and a WordPress id query) of an old URL, for the redirects table."""
    parts = urlsplit(url.strip())
    query = parts.query if parts.query.startswith(("p=", "page_id=", "attachment_id=")) else ""
    path = parts.path or "/"
    return f"{path}?{query}" if query else path


class WxrReader(Reader):
    format = "wxr"
    suffixes = (".xml", ".wxr")

    def _open(self, path: Path):
        handle = path.open("rb")
        if declared_encoding(path) in ("utf-8", "utf8"):
            return handle, RepairingReader(handle)
        return handle, handle

    def items(self) -> Iterator[Item]:
        for path in self.files():
            problem = namespace_problem(path)
            if problem:
                yield Failed(str(path), "", f"{problem}; nothing was read from this file")
                self.done += path.stat().st_size
                continue
            attachments = self._attachments(path)
            yield from self._posts(path, attachments)

    def _attachments(self, path: Path) -> dict[int, Attachment]:
        index: dict[int, Attachment] = {}
        if not _mentions(path, b"attachment"):
            return index  # no attachment items: spare the indexing pass
        handle, stream = self._open(path)
        with handle:
            try:
                for element in iter_elements(stream, ["item"]):
                    if not _is_attachment(element):
                        continue
                    attachment = _attachment(element)
                    if attachment is not None:
                        index[attachment.id] = attachment
            except BadXml:
                pass  # the second pass reports it, at its place
        return index

    def _posts(self, path: Path, attachments: dict[int, Attachment]) -> Iterator[Item]:
        seen: set[int] = set()
        context = {"language": "en", "authors": {}, "attachments": attachments}
        by_parent: dict[int, list[Attachment]] = {}
        for attachment in attachments.values():
            by_parent.setdefault(attachment.parent, []).append(attachment)
        context["by_parent"] = by_parent
        handle, stream = self._open(path)
        start = self.done
        found = False
        with handle:
            try:
                for element in iter_elements(stream, ITEM_TAGS):
                    self.done = start + getattr(stream, "position", 0)
                    name = local_name(element)
                    if name == "language":
                        code = (element.text or "").strip().split("-")[0].lower()
                        context["language"] = code[:8] or "en"
                    elif name == "author":
                        _author(element, context["authors"])
                    else:
                        found = True
                        yield from self._item(path, element, context, seen, stream)
            except BadXml as exc:
                yield Failed(f"{path}, line {exc.line}", "", f"{exc.problem}; reading stopped")
                return
        self.done = start + path.stat().st_size
        if not found:
            yield Failed(str(path), "", "no <item> found: is this a WordPress export (WXR)?")

    def _item(self, path, element, context, seen: set[int], stream) -> Iterator[Item]:
        place = f"{path}, line {element.sourceline}"
        fields, categories, meta, comments = _fields(element)
        raw_id = fields.get("wp:post_id", "")
        if not raw_id.strip():
            # Some exports (WordPress's own theme preview) write no post ids: the ?p=<id> of
            # the guid or the link is the same id.
            raw_id = _id_from_links(fields)
        post_id = _int(raw_id)
        record_id = f"post {raw_id.strip()}" if raw_id.strip() else "post (no id)"
        if post_id is None or post_id == 0:
            yield Failed(place, record_id, f"wp:post_id {raw_id.strip()!r} is not a positive id")
            return
        post_type = fields.get("wp:post_type", "post").strip() or "post"
        if post_type == "attachment":
            return  # stored with the post that uses it
        if post_type in INTERNAL_TYPES:
            yield Skipped(place, record_id, f"{INTERNAL_TYPES[post_type]}: not imported")
            return
        if post_type != "post":
            reason = f"unknown post type {post_type[:60]!r}: only posts are imported"
            yield Skipped(place, record_id, reason)
            return
        if post_id in seen:
            reason = f"duplicate post id {post_id}: an earlier item has it; this one is refused"
            yield Failed(place, record_id, reason)
            return
        seen.add(post_id)
        huge = next((k for k, v in fields.items() if len(v) > MAX_FIELD_CHARS), None)
        if huge:
            size = len(fields[huge])
            reason = f"field {huge} is {size:,} characters long; the limit is {MAX_FIELD_CHARS:,}"
            yield Failed(place, record_id, reason)
            return
        bad = [line for line in getattr(stream, "bad_lines", ()) if line >= element.sourceline]
        if bad and any("\ufffd" in value for value in fields.values()):
            yield Failed(f"{path}, line {bad[0]}", record_id, "invalid UTF-8 bytes in the post")
            return
        status = fields.get("wp:status", "publish").strip()
        if status in SKIPPED_STATUSES:
            yield Skipped(place, record_id, f"{SKIPPED_STATUSES[status]}: not imported")
            return
        record = _record(post_id, record_id, place, fields, categories, meta, status, context)
        record.comments = [c for c in map(_comment, comments) if c is not None]
        yield record


def _id_from_links(fields: dict[str, str]) -> str:
    """Return the post id a guid or link such as ``https://example.com/?p=19`` carries, or ''."""
    for name in ("guid", "link"):
        found = _POST_QUERY.search(fields.get(name, ""))
        if found:
            return found[1]
    return ""


def _mentions(path: Path, needle: bytes) -> bool:
    """Tell whether ``needle`` occurs in the file, reading it in chunks (flat memory)."""
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            if needle in chunk or needle in tail + chunk[: len(needle)]:
                return True
            tail = chunk[-len(needle) :]
    return False


def _is_attachment(item: etree._Element) -> bool:
    return (item.findtext("{*}post_type") or "").strip() == "attachment"


def _attachment(element: etree._Element) -> Attachment | None:
    fields, _categories, meta, _comments = _fields(element)
    if fields.get("wp:post_type") != "attachment":
        return None
    attachment_id = _int(fields.get("wp:post_id") or _id_from_links(fields))
    if attachment_id is None:
        return None
    url = fields.get("wp:attachment_url", "").strip()
    file = meta.get("_wp_attached_file", "").strip() or _upload_path(url)
    return Attachment(
        id=attachment_id,
        file=file,
        url=url,
        parent=_int(fields.get("wp:post_parent")) or 0,
        title=plain(fields.get("title"))[:500],
        caption=plain(fields.get("excerpt:encoded"))[:2000],
        moment_text=fields.get("wp:post_date_gmt") or fields.get("wp:post_date") or "",
    )


def _upload_path(url: str) -> str:
    """Return where an upload lies under ``wp-content/uploads`` (``2016/01/storm.jpg``), from
    its URL: self-hosted sites serve it under that folder, WordPress.com from its own host
    (``https://site.files.wordpress.com/2008/06/boat.jpg``) by year and month."""
    if "/wp-content/uploads/" in url:
        return unquote(url.split("/wp-content/uploads/", 1)[1])
    found = _DATED_UPLOAD.search(urlsplit(url).path)
    return unquote(found[1]) if found else ""


def _author(element: etree._Element, authors: dict[str, Author]) -> None:
    values = {local_name(child): (child.text or "").strip() for child in element}
    found = author(
        values.get("author_login", ""),
        values.get("author_display_name", ""),
        values.get("author_email", ""),
    )
    if found is not None and found.login:
        authors[found.login] = found


# Comments that are no archive of anything: spam and the bin.
_DROPPED_COMMENTS = frozenset({"spam", "trash", "post-trashed"})


def _comment(element: etree._Element) -> Comment | None:
    """Return a ``wp:comment`` as a ``Comment``, or None for spam, binned and empty ones."""
    values = {local_name(child): child.text or "" for child in element}
    approved = values.get("comment_approved", "1").strip()
    text = values.get("comment_content", "").strip()
    if approved in _DROPPED_COMMENTS or not text:
        return None
    moment = values.get("comment_date_gmt", "")
    parent = values.get("comment_parent", "").strip()
    return Comment(
        source_id=values.get("comment_id", "").strip()[:40],
        text=text[:MAX_FIELD_CHARS],
        author_name=plain(values.get("comment_author"))[:255],
        author_email=values.get("comment_author_email", "").strip()[:254],
        author_url=values.get("comment_author_url", "").strip()[:500],
        posted_at=aware(moment) or aware(values.get("comment_date", "")),
        parent_id="" if parent == "0" else parent[:40],
        approved=approved == "1",
        kind=values.get("comment_type", "").strip()[:20] or "comment",
    )


# Post meta that SEO plugins write, by the field it maps to; the first present wins.
SEO_KEYS = {
    "seo_title": ("_yoast_wpseo_title", "rank_math_title"),
    "seo_description": ("_yoast_wpseo_metadesc", "rank_math_description"),
}
# Yoast writes %%title%%, RankMath %title%: variables filled in at view time.
_SEO_VARIABLE = re.compile(r"%%?([a-z_]+)%%?")
_SEO_SEPARATORS = " -–—|·•:"


def _seo_text(value: str, headline: str) -> str:
    """Return an SEO template with the post's title put in and other variables (site name,
    separator, page number) left out: what a reader of the old site saw, less its site name."""
    if "%" not in value:
        return plain(value)
    filled = _SEO_VARIABLE.sub(lambda m: headline if m[1] == "title" else " ", value)
    return " ".join(plain(filled).split()).strip(_SEO_SEPARATORS)


def _post_meta(meta: dict[str, str], fields: dict[str, str], headline: str) -> dict:
    found: dict[str, str | bool] = {}
    for name, keys in SEO_KEYS.items():
        value = next((meta[k] for k in keys if meta.get(k, "").strip()), "")
        text = _seo_text(value, headline)[:500] if value else ""
        if text:
            found[name] = text
    if fields.get("wp:is_sticky", "").strip() == "1":
        found["sticky"] = True
    return found


def _gallery_ids(content: str) -> list[str]:
    return [i for ids in _GALLERY_IDS.findall(content) for i in re.findall(r"\d{1,18}", ids)]


def _media_ref(attachment: Attachment, fallback) -> MediaRef:
    return MediaRef(
        key=f"wxr:attachment:{attachment.id}",
        file=attachment.file,
        url=attachment.url,
        moment=aware(attachment.moment_text) or fallback,
        old_path=_path_of(attachment.url) if attachment.url else "",
        caption=attachment.caption,
        alt_text=attachment.title,
    )


def _gallery_images(post_id: int, context: dict):
    """Return the function giving a ``[gallery]`` of this post its images."""
    attachments: dict[int, Attachment] = context["attachments"]

    def images(ids: list[int] | None) -> list[BodyImage]:
        if ids is None:
            shown = sorted(context["by_parent"].get(post_id, []), key=lambda a: a.id)
        else:
            shown = [attachments[i] for i in ids if i in attachments]
        return [BodyImage(a.url, a.title, a.caption) for a in shown if a.url]

    return images


def _record(post_id, record_id, place, fields, categories, meta, status, context) -> Item:
    published_at = aware(fields.get("wp:post_date_gmt")) or aware(fields.get("wp:post_date"))
    sections: list[Term] = []
    topics: list[Term] = []
    article_type = 21
    for category in categories:
        domain = category.get("domain", "")
        nicename = unquote(category.get("nicename", ""))
        if domain == "post_format":
            article_type = POST_FORMAT_TYPES.get(nicename, article_type)
            continue
        found = term(category.text or nicename, nicename)
        if found is None:
            continue
        if domain == "category" and not sections:
            sections.append(found)
        elif domain in ("category", "post_tag", "tag") and found not in topics:
            topics.append(found)
    converted = convert(fields.get("content:encoded", ""), _gallery_images(post_id, context))
    body = body_html(converted.html)
    excerpt = plain(fields.get("excerpt:encoded"))
    login = fields.get("dc:creator", "").strip()
    known: Author | None = context["authors"].get(login)
    credited = known or author(login, "")
    attachments = context["attachments"]
    moment = published_at or aware("1970-01-01T00:00:00")
    media_notes: list[str] = []
    thumbnail_id = _int(meta.get("_thumbnail_id"))
    thumbnail = attachments.get(thumbnail_id or -1)
    if thumbnail_id and thumbnail is None:
        media_notes.append(f"featured image {thumbnail_id} is not in the export: no lead media")
    # The post's own uploads and those its body shows, each stored once however many use it.
    shown = {a.id: a for a in context["by_parent"].get(post_id, [])}
    content = fields.get("content:encoded", "")
    if "wp-image-" in content or "[gallery" in content:
        for found in _IMAGE_ID.findall(content) + _gallery_ids(content):
            if int(found) in attachments:
                shown.setdefault(int(found), attachments[int(found)])
    unusable = [a for a in (thumbnail, *shown.values()) if a is not None and not a.file]
    media_notes += [f"attachment {a.id} names no file ({a.url or 'no URL'})" for a in unusable]
    lead = _media_ref(thumbnail, moment) if thumbnail and thumbnail.file else None
    others = [
        _media_ref(a, moment)
        for a in sorted(shown.values(), key=lambda a: a.id)
        if a.file and (thumbnail is None or a.id != thumbnail.id)
    ]
    redirects = [f"/?p={post_id}"]
    link = fields.get("link", "").strip()
    old_path = _path_of(link) if link else ""
    if old_path and old_path not in redirects:
        redirects.insert(0, old_path)
    notes: list[tuple[str, str]] = [("degraded", n) for n in converted.notes + media_notes]
    headline = plain(fields.get("title"))
    if not headline:
        # WordPress allows untitled posts (asides, status updates); readers need a headline.
        headline = first_words(body) or f"Untitled post {post_id}"
        notes.append(("flagged", f"untitled in WordPress: headline made up as {headline!r}"))
    state = STATUSES.get(status, "draft")
    if status == "private":
        notes.append(("hidden", HIDDEN_REASONS["private"]))
    elif fields.get("wp:post_password", "").strip() and state in ("published", "scheduled"):
        # Its text was for a few readers only: an editor decides whether it may go public.
        state = "review"
        notes.append(("hidden", HIDDEN_REASONS["password"]))
    if fields.get("wp:is_sticky", "").strip() == "1":
        notes.append(("flagged", STICKY_NOTE))
    return Record(
        key=f"wxr:{post_id}",
        record_id=record_id,
        place=place,
        article_id=post_id,
        headline=headline,
        slug=slug_of(unquote(fields.get("wp:post_name", "")), 200),
        summary=excerpt or summary_of(body),
        body=body,
        language=context["language"],
        published_at=published_at,
        status=state,
        scheduled_at=published_at if state == "scheduled" else None,
        article_type_id=article_type,
        byline=(known.name if known and known.name else login)[:300],
        authors=[credited] if credited else [],
        meta=_post_meta(meta, fields, headline),
        section=sections[0] if sections else None,
        topics=topics,
        lead_media=lead,
        media=others,
        redirects=redirects,
        notes=notes,
    )
