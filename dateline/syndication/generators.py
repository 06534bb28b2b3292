"""Feed format writers: RSS 2.0 and Atom 1.0 (Django's, plus a WebSub hub link) and JSON Feed 1.1.

These are ``django.utils.feedgenerator`` classes: they turn the feed and item dicts into bytes
and know nothing of requests.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from django.utils.feedgenerator import (
    Atom1Feed,
    Enclosure,
    Rss201rev2Feed,
    SyndicationFeed,
    rfc2822_date,
    rfc3339_date,
)

# XML 1.0 allows tab, newline and carriage return below U+0020, and no surrogates or U+FFFE/F;
# text from an import or an old CMS may carry any of them, and one would fail the whole feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    """Return ``value`` without the characters XML 1.0 cannot carry (non-strings unchanged)."""
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


# The date of a feed with no dated item. Django's writers give the clock's time, which would
# make the same empty feed differ from one render to the next (and a baked copy from the app).
EMPTY_FEED_DATE = datetime(2000, 1, 1, tzinfo=UTC)


class _XmlTextFeed:
    """Drop characters XML cannot carry from every text of the feed and its items."""

    def latest_post_date(self) -> datetime:
        return super().latest_post_date() if self.items else EMPTY_FEED_DATE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{k: xml_text(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        kwargs = {k: xml_text(v) for k, v in kwargs.items()}
        if kwargs.get("categories"):
            kwargs["categories"] = [xml_text(c) for c in kwargs["categories"]]
        super().add_item(*args, **kwargs)


def _hub_link(handler, feed: dict, tag: str) -> None:
    if feed.get("hub"):
        handler.addQuickElement(tag, attrs={"rel": "hub", "href": feed["hub"]})


def _has_markup_characters(text: str) -> bool:
    return "<" in text or "&" in text


def _html_text(text: str) -> str:
    """Return plain ``text`` as HTML, ``&`` and ``<`` written as the RSS profile asks
    (hexadecimal references, ``&#x26;`` and ``&#x3C;``)."""
    return text.replace("&", "&#x26;").replace("<", "&#x3C;").replace(">", "&#x3E;")


def _cdata(handler, name: str, html: str) -> None:
    # XMLGenerator has no CDATA call; ignorableWhitespace writes its text as it is. ``html``
    # comes from _html_text, whose ">" is escaped, so it cannot close the section early.
    handler.startElement(name, {})
    handler.ignorableWhitespace(f"<![CDATA[{html}]]>")
    handler.endElement(name)


def _categories(handler, item: dict, tag: str, attr: str | None) -> None:
    for category in item["categories"]:
        if attr:
            handler.addQuickElement(tag, "", {attr: category})
        else:
            handler.addQuickElement(tag, category)


class RssFeed(_XmlTextFeed, Rss201rev2Feed):
    """RSS 2.0 that names its WebSub hub with ``atom:link rel="hub"``.

    Items follow the RSS Advisory Board's profile, which the W3C validator checks: a title
    that holds ``<`` or ``&`` is HTML in a CDATA section (readers differ on whether a title
    is text or HTML; escaped this way it reads the same in both), an item with no text has no
    description, and one enclosure gives its length (``0`` when it cannot be measured).
    """

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        _hub_link(handler, self.feed, "atom:link")

    def add_item_elements(self, handler, item):
        title = item["title"]
        if _has_markup_characters(title):
            _cdata(handler, "title", _html_text(title))
        else:
            handler.addQuickElement("title", title)
        handler.addQuickElement("link", item["link"])
        if item["description"]:
            handler.addQuickElement("description", item["description"])
        if item["author_name"]:
            dc = {"xmlns:dc": "http://purl.org/dc/elements/1.1/"}
            handler.addQuickElement("dc:creator", item["author_name"], dc)
        if item["pubdate"] is not None:
            handler.addQuickElement("pubDate", rfc2822_date(item["pubdate"]))
        if item["unique_id"] is not None:
            permalink = str(bool(item.get("unique_id_is_permalink"))).lower()
            handler.addQuickElement("guid", item["unique_id"], {"isPermaLink": permalink})
        # RSS allows one enclosure an item (the RSS Advisory Board's profile), with a length:
        # "When an enclosure's size cannot be determined, a publisher should use a length of 0."
        for enclosure in list(item["enclosures"])[:1]:
            attrs = {"url": enclosure.url, "type": enclosure.mime_type}
            handler.addQuickElement("enclosure", "", attrs | {"length": enclosure.length or "0"})
        _categories(handler, item, "category", None)


class AtomFeed(_XmlTextFeed, Atom1Feed):
    """Atom 1.0 that names its WebSub hub with ``link rel="hub"``.

    An entry's text is its ``content`` (HTML) and its written summary its ``summary``; an entry
    with neither is summed up by its headline rather than a blank summary. A title that holds
    ``<`` or ``&`` is declared HTML, so no reader takes it for markup.
    """

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        _hub_link(handler, self.feed, "link")

    def add_item_elements(self, handler, item):
        title = item["title"]
        if _has_markup_characters(title):
            handler.addQuickElement("title", _html_text(title), {"type": "html"})
        else:
            handler.addQuickElement("title", title)
        handler.addQuickElement("link", "", {"href": item["link"], "rel": "alternate"})
        if item["pubdate"] is not None:
            handler.addQuickElement("published", rfc3339_date(item["pubdate"]))
        if item["updateddate"] is not None:
            handler.addQuickElement("updated", rfc3339_date(item["updateddate"]))
        if item["author_name"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", item["author_name"])
            handler.endElement("author")
        handler.addQuickElement("id", item["unique_id"] or item["link"])
        if item.get("summary") or not item["description"]:
            # An entry with no text at all is its headline, which readers show as its summary.
            handler.addQuickElement("summary", item.get("summary") or title)
        if item["description"]:
            handler.addQuickElement("content", item["description"], {"type": "html"})
        _categories(handler, item, "category", "term")
        for enclosure in item["enclosures"]:
            attrs = {"rel": "enclosure", "href": enclosure.url, "type": enclosure.mime_type}
            # Atom's length is optional: none rather than a false one when it is unknown.
            length = {"length": enclosure.length} if enclosure.length else {}
            handler.addQuickElement("link", "", attrs | length)


def _attachment(enclosure: Enclosure) -> dict:
    found = {"url": enclosure.url, "mime_type": enclosure.mime_type}
    return found | {"size_in_bytes": int(enclosure.length)} if enclosure.length else found


def _author(name: str, url: str | None) -> dict:
    return {"name": name, "url": url} if url else {"name": name}


def _rfc3339(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    content_type = "application/feed+json; charset=utf-8"
    version = "https://jsonfeed.org/version/1.1"

    def document(self) -> dict:
        """Return the feed as a JSON-ready dict."""
        feed = self.feed
        doc = {
            "version": self.version,
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "icon": feed.get("icon"),
            "favicon": feed.get("favicon"),
            "authors": [_author(feed["author_name"], feed["author_link"])]
            if feed["author_name"]
            else None,
            "hubs": [{"type": "WebSub", "url": feed["hub"]}] if feed.get("hub") else None,
            "items": [self._item(item) for item in self.items],
        }
        return {key: value for key, value in doc.items() if value not in (None, "")}

    def _item(self, item: dict) -> dict:
        doc = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "title": item["title"],
            "content_html": item["description"],
            # An item needs content_html or content_text: one with no text is its headline.
            "content_text": None if item["description"] else item["title"],
            "summary": item.get("summary"),
            "image": item.get("image"),
            "date_published": _rfc3339(item["pubdate"]),
            "date_modified": _rfc3339(item["updateddate"]),
            "authors": [{"name": item["author_name"]}] if item["author_name"] else None,
            "tags": list(item["categories"]) or None,
            "language": item.get("language"),
            "attachments": [_attachment(e) for e in item["enclosures"]] or None,
        }
        return {k: v for k, v in doc.items() if v not in (None, "")}

    def write(self, outfile, encoding):
        outfile.write(json.dumps(self.document(), ensure_ascii=False, indent=1))


FORMATS: dict[str, type[SyndicationFeed]] = {"rss": RssFeed, "atom": AtomFeed, "json": JsonFeed}
