"""IPTC NewsML-G2 newsItems, streamed from single items, newsMessages or folders of them.

A text body comes from inlineXML (NITF ``body.content`` or XHTML ``body``) or inlineData;
remoteContent is a link to a file elsewhere and is never fetched. Package, concept, planning
and knowledge items are skipped: they are not articles.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from dateline.importers.readers.base import Reader
from dateline.importers.records import Author, Failed, Item, Record, Skipped, author, legacy_key
from dateline.importers.text import aware, body_html, plain, plain_body_html, summary_of, term
from dateline.importers.xmlstream import BadXml, RepairingReader, iter_elements, local_name

NAR = "{http://iptc.org/std/nar/2006-10-01/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ITEM_KINDS = ("newsItem", "packageItem", "conceptItem", "planningItem", "knowledgeItem")
TYPES = {"ninat:video": 22, "ninat:picture": 23, "ninat:graphic": 28, "ninat:audio": 29}
STATUSES = {"stat:usable": "published", "stat:withheld": "unpublished", "stat:canceled": "killed"}


class NewsmlReader(Reader):
    format = "newsml"
    suffixes = (".xml",)

    def items(self) -> Iterator[Item]:
        for path in self.files():
            start = self.done
            with path.open("rb") as handle:
                stream = RepairingReader(handle)
                try:
                    for element in iter_elements(stream, [NAR + kind for kind in ITEM_KINDS]):
                        self.done = start + stream.position
                        yield _item(element, path, stream)
                except BadXml as exc:
                    reason = f"{exc.problem}; reading stopped"
                    yield Failed(f"{path}, line {exc.line}", path.name, reason)
            self.done = start + path.stat().st_size


def _text(element: etree._Element | None) -> str:
    return plain("".join(element.itertext())) if element is not None else ""


def _item(element: etree._Element, path: Path, stream: RepairingReader) -> Item:
    place = f"{path}, line {element.sourceline}"
    guid = element.get("guid", "").strip()
    kind = local_name(element)
    if kind != "newsItem":
        return Skipped(place, guid, f"{kind}: only newsItems are imported")
    if not guid:
        return Failed(place, "", "the newsItem has no guid")
    if [line for line in stream.bad_lines if line >= element.sourceline]:
        if "\ufffd" in etree.tostring(element, encoding="unicode"):
            return Failed(place, guid, "invalid UTF-8 bytes in the item")
    meta = element.find(NAR + "itemMeta")
    content = element.find(NAR + "contentMeta")
    if content is None:
        return Failed(place, guid, "the newsItem has no contentMeta")
    item_class = meta.find(NAR + "itemClass") if meta is not None else None
    status = meta.find(NAR + "pubStatus") if meta is not None else None
    body = _body(element)
    headline = _text(content.find(NAR + "headline")) or _text(content.find(NAR + "slugline"))
    summary = _text(content.find(NAR + "description"))
    creators = [_text(c.find(NAR + "name")) for c in content.findall(NAR + "creator")]
    language = content.find(NAR + "language")
    lang = language.get("tag") if language is not None else element.get(XML_LANG, "en")
    topics = []
    for subject in content.findall(NAR + "subject"):
        topic = term(_text(subject.find(NAR + "name")))
        if topic and topic not in topics:
            topics.append(topic)
    first = _date(meta, "firstCreated") or _date(content, "contentCreated")
    return Record(
        key=legacy_key("newsml", guid),
        record_id=guid,
        place=place,
        headline=headline[:500] or guid[:500],
        summary=summary or summary_of(body),
        body=body,
        language=(lang or "en").split("-")[0].lower()[:8],
        published_at=first or _date(meta, "versionCreated"),
        modified_at=_date(meta, "versionCreated") or _date(content, "contentModified"),
        embargo_until=_date(meta, "embargoed"),
        status=STATUSES.get(status.get("qcode", "") if status is not None else "", "published"),
        article_type_id=TYPES.get(
            item_class.get("qcode", "") if item_class is not None else "", 21
        ),
        byline=", ".join(c for c in creators if c)[:300],
        authors=_people(content),
        topics=topics,
    )


# The part a creator's or contributor's ``role`` names (``crol:photographer``), by its code.
ROLES = {
    "photographer": "photographer",
    "cameraman": "video",
    "videographer": "video",
    "editor": "editor",
    "author": "reporter",
    "writer": "reporter",
    "reporter": "reporter",
}


def _people(content: etree._Element) -> list[Author]:
    """Return the creators (reporters unless their role says otherwise) and contributors
    (additional reporting unless their role says otherwise) of ``contentMeta``."""
    found: list[Author] = []
    for tag, default in (("creator", "reporter"), ("contributor", "additional")):
        for element in content.findall(NAR + tag):
            code = element.get("role", "").rsplit(":", 1)[-1].lower()
            login = element.get("uri") or element.get("qcode") or element.get("literal") or ""
            credited = author(
                login, _text(element.find(NAR + "name")), role=ROLES.get(code, default)
            )
            if credited is not None and credited not in found:
                found.append(credited)
    return found


def _date(parent: etree._Element | None, name: str):
    if parent is None:
        return None
    return aware(parent.findtext(NAR + name, "").strip())


def _body(element: etree._Element) -> str:
    content_set = element.find(NAR + "contentSet")
    if content_set is None:
        return ""
    inline = content_set.find(NAR + "inlineXML")
    if inline is not None:
        container = next(
            (e for e in inline.iter() if local_name(e) in ("body.content", "body") and len(e)),
            None,
        )
        if (
            container is not None
            and local_name(container) == "body"
            and container.find(".//{*}body.content") is not None
        ):
            container = container.find(".//{*}body.content")
        if container is not None:
            parts = [_html(child) for child in container if isinstance(child.tag, str)]
            return body_html("\n".join(parts))
    data = content_set.find(NAR + "inlineData")
    if data is not None and data.text:
        return plain_body_html(data.text)
    return ""


def _html(element: etree._Element) -> str:
    """Return an element as HTML without namespaces (NITF and XHTML share these tag names)."""
    copy = etree.fromstring(etree.tostring(element))
    for node in copy.iter():
        if isinstance(node.tag, str):
            node.tag = local_name(node)
    etree.cleanup_namespaces(copy)
    return etree.tostring(copy, encoding="unicode", method="html", with_tail=False)
