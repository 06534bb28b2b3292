"""Feed format writers: RSS 2.0 and Atom 1.0 (Django's, plus a WebSub hub link) and JSON Feed 1.1.

These are ``django.utils.feedgenerator`` classes: they turn the feed and item dicts into bytes
and know nothing of requests.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, SyndicationFeed

# XML 1.0 allows tab, newline and carriage return below U+0020, and no surrogates or U+FFFE/F;
# text from an import or an old CMS may carry any of them, and one would fail the whole feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    """Return ``value`` without the characters XML 1.0 cannot carry (non-strings unchanged)."""
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


class _XmlTextFeed:
    """Drop characters XML cannot carry from every text of the feed and its items."""

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


def _with_length(attrs: dict, enclosure: Enclosure) -> dict:
    # An enclosure whose size is unknown carries no length attribute, not a false "0".
    return attrs | {"length": enclosure.length} if enclosure.length else attrs


class RssFeed(_XmlTextFeed, Rss201rev2Feed):
    """RSS 2.0 that names its WebSub hub with ``atom:link rel="hub"``."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        _hub_link(handler, self.feed, "atom:link")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "enclosures": ()})
        # RSS allows one enclosure an item (the RSS Advisory Board's profile).
        for enclosure in list(item["enclosures"])[:1]:
            attrs = {"url": enclosure.url, "type": enclosure.mime_type}
            handler.addQuickElement("enclosure", "", _with_length(attrs, enclosure))


class AtomFeed(_XmlTextFeed, Atom1Feed):
    """Atom 1.0 that names its WebSub hub with ``link rel="hub"``."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        _hub_link(handler, self.feed, "link")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "enclosures": ()})
        for enclosure in item["enclosures"]:
            attrs = {"rel": "enclosure", "href": enclosure.url, "type": enclosure.mime_type}
            handler.addQuickElement("link", "", _with_length(attrs, enclosure))


def _attachment(enclosure: Enclosure) -> dict:
    found = {"url": enclosure.url, "mime_type": enclosure.mime_type}
    return found | {"size_in_bytes": int(enclosure.length)} if enclosure.length else found


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
            "authors": [{"name": feed["author_name"]}] if feed["author_name"] else None,
            "hubs": [{"type": "WebSub", "url": feed["hub"]}] if feed.get("hub") else None,
            "items": [self._item(item) for item in self.items],
        }
        return {key: value for key, value in doc.items() if value not in (None, "")}

    def _item(self, item: dict) -> dict:
        doc = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "title": item["title"],
            "content_html": item["description"] or "",
            "summary": item.get("summary"),
            "image": item.get("image"),
            "date_published": _rfc3339(item["pubdate"]),
            "date_modified": _rfc3339(item["updateddate"]),
            "authors": [{"name": item["author_name"]}] if item["author_name"] else None,
            "tags": list(item["categories"]) or None,
            "language": item.get("language"),
            "attachments": [_attachment(e) for e in item["enclosures"]] or None,
        }
        # content_html stays even when empty: an item needs content_html or content_text.
        return {k: v for k, v in doc.items() if k == "content_html" or v not in (None, "")}

    def write(self, outfile, encoding):
        outfile.write(json.dumps(self.document(), ensure_ascii=False, indent=1))


FORMATS: dict[str, type[SyndicationFeed]] = {"rss": RssFeed, "atom": AtomFeed, "json": JsonFeed}
