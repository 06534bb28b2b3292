"""A crawler for tests: follow every URL the site itself publishes and report what is wrong.

It reads links the way readers and machines find them: ``<a>``, ``<link>``, pictures
(``src``, ``srcset``, posters, Open Graph), JSON-LD, sitemaps, feeds (RSS, Atom, JSON
Feed), robots.txt and the API's JSON. Only URLs on the site's own host are followed. Each
answer is checked against what the site promises: 200; or one permanent redirect, never to
itself, to a page that answers 200; 404 or 410 only where the test says it is meant; and a
picture is served as an image.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup
from django.test import Client
from lxml import etree

# JSON keys whose string values name URLs (JSON-LD, JSON Feed, the API's documents).
URL_KEYS = frozenset(
    {
        "url",
        "@id",
        "image",
        "logo",
        "thumbnailUrl",
        "contentUrl",
        "embedUrl",
        "mainEntityOfPage",
        "href",
        "uri",
        "home_page_url",
        "feed_url",
        "next_url",
        "external_url",
        "banner_image",
        "icon",
        "favicon",
        "avatar",
        "canonical_url",
        "related_url",
    }
)
# Keys whose URLs must be pictures.
PICTURE_KEYS = frozenset(
    {"image", "logo", "thumbnailUrl", "banner_image", "icon", "favicon", "avatar"}
)
PICTURE_META = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image")
REDIRECTS = (301, 302, 303, 307, 308)
# A site this small has a few hundred URLs; more means pagination or links that never end.
LIMIT = 3000


@dataclass
class Visit:
    """One URL asked for: the answer, and where the crawl found it."""

    url: str
    status: int
    content_type: str = ""
    location: str = ""
    found_on: str = ""


@dataclass
class Crawl:
    """Everything asked for and every problem seen, in the order found."""

    visits: dict[str, Visit] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # URL -> every page that names it ("(seed)" for a starting point).
    linked_from: dict[str, set[str]] = field(default_factory=dict)

    def paths(self, status: int = 200) -> list[str]:
        return [v.url for v in self.visits.values() if v.status == status]


class Crawler:
    """Walk a site through Django's test client (the full middleware stack)."""

    def __init__(self, client: Client, site_url: str, expected: dict[str, int] | None = None):
        self.client = client
        self.site = urlsplit(site_url)
        # Path (as the site writes it) -> the status meant for it (404, 410).
        self.expected = dict(expected or {})

    def crawl(self, seeds: Iterable[str]) -> Crawl:
        """Follow every URL reachable from ``seeds`` and return what was seen."""
        result = Crawl()
        queue: deque[tuple[str, str, bool]] = deque(
            (self._local(s), "(seed)", False) for s in seeds
        )
        pictures: set[str] = set()
        while queue:
            path, found_on, is_picture = queue.popleft()
            if is_picture:
                pictures.add(path)
            result.linked_from.setdefault(path, set()).add(found_on)
            if path in result.visits:
                continue
            if len(result.visits) >= LIMIT:
                result.problems.append(f"more than {LIMIT} URLs: the crawl does not end")
                break
            visit, response = self._get(path, found_on)
            result.visits[path] = visit
            self._check(visit, result)
            if visit.status in REDIRECTS and visit.location:
                target = self._local(urljoin(self._absolute(path), visit.location))
                if target:
                    queue.append((target, path, is_picture))
                continue
            if visit.status != 200:
                continue
            for url, picture in self.links(response, path):
                local = self._local(url)
                if local:
                    queue.append((local, path, picture))
        self._check_redirect_targets(result)
        self._check_pictures(result, pictures)
        return result

    # Asking

    def _get(self, path: str, found_on: str):
        response = self.client.get(path)
        if getattr(response, "streaming", False):
            # Reading to the end closes it the test client's way; a close() of our own would
            # send request_finished, which drops PostgreSQL's connection inside the test.
            content = b"".join(response.streaming_content)
        else:
            content = response.content
        response.crawled_body = content
        visit = Visit(
            url=path,
            status=response.status_code,
            content_type=response.get("Content-Type", ""),
            location=response.get("Location", ""),
            found_on=found_on,
        )
        return visit, response

    def _absolute(self, path: str) -> str:
        return f"{self.site.scheme}://{self.site.netloc}{path}"

    def _local(self, url: str) -> str:
        """Return the path and query of ``url`` on the site's host, or '' for another host."""
        url = urldefrag(url.strip())[0]
        if not url:
            return ""
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return ""
        if parts.netloc and parts.netloc != self.site.netloc:
            return ""
        if not parts.path.startswith("/"):
            return ""
        return parts.path + (f"?{parts.query}" if parts.query else "")

    # Checking

    def _check(self, visit: Visit, result: Crawl) -> None:
        where = f"{visit.url} (linked from {visit.found_on})"
        meant = self.expected.get(visit.url)
        if meant is not None:
            if visit.status != meant:
                result.problems.append(f"{where}: {visit.status}, expected {meant}")
            return
        if visit.status == 200:
            return
        if visit.status in REDIRECTS:
            if visit.status != 301:
                result.problems.append(f"{where}: {visit.status} is not a permanent redirect")
            target = self._local(urljoin(self._absolute(visit.url), visit.location))
            if not visit.location:
                result.problems.append(f"{where}: {visit.status} without a Location")
            elif target == visit.url:
                result.problems.append(f"{where}: redirects to itself ({visit.location})")
            return
        result.problems.append(f"{where}: answered {visit.status}")

    def _check_redirect_targets(self, result: Crawl) -> None:
        for visit in result.visits.values():
            if visit.status not in REDIRECTS or not visit.location:
                continue
            target = self._local(urljoin(self._absolute(visit.url), visit.location))
            landed = result.visits.get(target)
            if landed is None or target == visit.url:
                continue
            if landed.status in REDIRECTS:
                result.problems.append(
                    f"{visit.url}: redirect chain {visit.url} -> {target} -> {landed.location}"
                )
            elif landed.status != 200:
                result.problems.append(
                    f"{visit.url}: redirects to {target}, which answers {landed.status}"
                )

    def _check_pictures(self, result: Crawl, pictures: set[str]) -> None:
        for path in sorted(pictures):
            visit = result.visits.get(path)
            if visit is None:
                continue
            while visit.status in REDIRECTS and visit.location:
                landed = result.visits.get(
                    self._local(urljoin(self._absolute(visit.url), visit.location))
                )
                if landed is None or landed is visit:
                    break
                visit = landed
            if visit.status == 200 and not visit.content_type.startswith("image/"):
                result.problems.append(
                    f"{path} (picture on {visit.found_on}): served as {visit.content_type!r}"
                )

    # Reading links

    def links(self, response, path: str) -> Iterator[tuple[str, bool]]:
        """Yield (URL, is it a picture) for every URL the answer names."""
        body: bytes = response.crawled_body
        base = self._absolute(path)
        kind = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if kind == "text/html":
            found = html_links(body)
        elif kind.endswith("xml"):
            found = xml_links(body)
        elif kind.endswith("json"):
            found = json_links(json.loads(body))
        elif kind == "text/plain" and path == "/robots.txt":
            found = robots_links(body.decode())
        else:
            found = iter(())
        for url, picture in found:
            yield urljoin(base, url), picture


def html_links(body: bytes) -> Iterator[tuple[str, bool]]:
    soup = BeautifulSoup(body, "lxml")
    for tag in soup.select("a[href], link[href], area[href]"):
        rel = tag.get("rel") or []
        yield tag["href"], "icon" in rel or "apple-touch-icon" in rel
    for tag in soup.select("form[action]"):
        if (tag.get("method") or "get").lower() == "get":
            yield tag["action"], False
    for tag in soup.select("img[src], source[src], video[src], audio[src], script[src]"):
        yield tag["src"], tag.name == "img"
    for tag in soup.select("img[srcset], source[srcset]"):
        for candidate in tag["srcset"].split(","):
            if candidate.strip():
                yield candidate.split()[0], True
    for tag in soup.select("video[poster]"):
        yield tag["poster"], True
    for tag in soup.select("meta[property], meta[name]"):
        name = tag.get("property") or tag.get("name")
        if name in PICTURE_META and tag.get("content"):
            yield tag["content"], True
        elif name == "og:url" and tag.get("content"):
            yield tag["content"], False
    for tag in soup.select('script[type="application/ld+json"]'):
        yield from json_links(json.loads(tag.string or "null"))


def json_links(data: object, key: str = "") -> Iterator[tuple[str, bool]]:
    """Yield the URLs under URL keys of a JSON document, and any string naming an http URL."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from json_links(value, name)
    elif isinstance(data, list):
        for value in data:
            yield from json_links(value, key)
    elif isinstance(data, str):
        if key in URL_KEYS and data.startswith(("/", "http://", "https://")):
            yield data, key in PICTURE_KEYS
        elif data.startswith(("http://", "https://")) and " " not in data:
            yield data, False


def xml_links(body: bytes) -> Iterator[tuple[str, bool]]:
    """Yield every URL of a sitemap or feed: element text that is a URL and URL attributes."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(body, parser)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        text = (element.text or "").strip()
        if text.startswith(("http://", "https://")) and " " not in text:
            yield text, name in ("loc",) and "image" in (etree.QName(element).namespace or "")
        for attribute in ("href", "url", "src"):
            value = element.get(attribute)
            if value:
                picture = (element.get("type") or "").startswith("image/") or name == "thumbnail"
                yield value, picture


def robots_links(text: str) -> Iterator[tuple[str, bool]]:
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "sitemap" and value.strip():
            yield value.strip(), False
