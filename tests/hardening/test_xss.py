"""XSS corpus: hostile text in every field an editor or importer fills, and in the search box,
checked in every output that shows it. Nothing executable may come out.

The payloads are stored straight in the database (as an importer or a bug in a form could
store them), so the outputs' own escaping and sanitising is what is tested.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from tests.factories import make_article, make_media, make_section, make_story, make_topic

PAYLOADS = [
    "<script>alert(7331)</script>",
    "<img src=x onerror=alert(7331)>",
    '"><svg onload=alert(7331)>',
    "<svg><script>alert(7331)</script></svg>",
    '<a href="javascript:alert(7331)">click</a>',
    '<a href="  JaVaScRiPt:alert(7331)">click</a>',
    '<a href="jav&#x09;ascript:alert(7331)">tab</a>',
    '<a href="&#106;avascript:alert(7331)">entity</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg3MzMxKTwvc2NyaXB0Pg==">data</a>',
    '<iframe src="javascript:alert(7331)"></iframe>',
    '<object data="javascript:alert(7331)"></object><embed src="x.swf">',
    "</script><script>alert(7331)</script>",
    "</ScRiPt ><script>alert(7331)</script><!--",
    "<!--<script>alert(7331)//-->",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(7331)>",
    '<base href="https://evil.example/">'
    '<meta http-equiv="refresh" content="0;url=javascript:alert(7331)">',
    '<div style="background:url(javascript:alert(7331))">css</div>',
    '<form action="javascript:alert(7331)">'
    '<button formaction="javascript:alert(7331)">go</button></form>',
    "\u202egnp.exe<script>alert(7331)</script>",  # right-to-left override
    "\uff1cscript\uff1ealert(7331)\uff1c/script\uff1e",  # fullwidth angle brackets
    # Control characters XML cannot carry (PostgreSQL stores no NUL; the search box gets one).
    "<scr\x0bipt>alert(7331)</scr\x1bipt>\x0c",
    "'';!--\"<XSS>=&{()}",
    "{{ 7*7 }}{% debug %}",
]

DANGEROUS_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "form"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg")
SCRIPT_OPEN = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
SCRIPT_CLOSE = re.compile(r"</script", re.IGNORECASE)


def _scheme(value: str) -> str:
    # Browsers drop whitespace and control characters inside a scheme and decode entities.
    return re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()


def _check_script_blocks(raw: str, where: str) -> None:
    """Every raw <script> opening is a same-origin file or a JSON-LD block that parses whole."""
    for match in SCRIPT_OPEN.finditer(raw):
        attrs = match.group(1)
        if re.search(r"\bsrc=\"/static/", attrs):
            continue
        assert 'type="application/ld+json"' in attrs, f"{where}: script {match.group(0)!r}"
        end = SCRIPT_CLOSE.search(raw, match.end())
        assert end, f"{where}: unclosed JSON-LD"
        block = raw[match.end() : end.start()]
        # The payload's own </script> or <!-- would have cut the block short: it must not parse.
        assert "<!--" not in block, f"{where}: comment opener in JSON-LD"
        json.loads(block)


def assert_inert_html(raw: str, where: str, *, fragment: bool = False) -> None:
    """Fail when ``raw`` HTML holds anything a browser would run."""
    if not fragment:
        _check_script_blocks(raw, where)
    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup.find_all(True):
        name = tag.name.lower()
        if name == "script":
            assert not fragment, f"{where}: script in an HTML fragment"
            continue  # checked above on the raw text
        allowed_form = name == "form" and tag.get("role") == "search"
        assert name not in DANGEROUS_TAGS or allowed_form, f"{where}: <{name}>"
        if name == "meta":
            assert "http-equiv" not in tag.attrs or tag.get("http-equiv", "").lower() != "refresh"
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), f"{where}: <{name} {attr}=...>"
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attr.lower() in URL_ATTRIBUTES:
                assert not _scheme(text).startswith(BAD_SCHEMES), f"{where}: {attr}={text!r}"
            if attr.lower() == "style":
                assert "javascript:" not in _scheme(text), f"{where}: style={text!r}"


def assert_inert_json(data, where: str) -> None:
    """Check every HTML-bearing string of a JSON document (keys naming html or body)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and ("html" in key.lower() or key == "body"):
                assert_inert_html(value, f"{where}.{key}", fragment=True)
            else:
                assert_inert_json(value, f"{where}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            assert_inert_json(value, f"{where}[{index}]")


def assert_inert_feed(raw: bytes, where: str) -> None:
    """Check the HTML a feed reader renders: RSS descriptions, Atom content and summaries."""
    root = etree.fromstring(raw)
    for element in root.iter():
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if tag in {"description", "content", "summary", "encoded"} and element.text:
            assert_inert_html(element.text, f"{where} <{tag}>", fragment=True)
        if tag in {"title"} and element.text:
            # A title is text: it reaches the reader escaped, so no tag may appear decoded
            # unless the payload itself was text (it then stays text in any reader that
            # follows RSS 2.0 / Atom type="text"). A title with markup characters is written
            # as HTML (Atom type="html", RSS profile escaping) that must hold text only.
            assert element.get("type", "text") in ("text", "html"), f"{where}: title type"
            if element.get("type") == "html" or "&#x3C;" in element.text:
                parsed = BeautifulSoup(element.text, "html.parser")
                assert parsed.find() is None, f"{where}: tag in an HTML title"


@pytest.fixture
def hostile(db, media_root, settings):
    """Create one public article per payload, every text field carrying it."""
    settings.DATELINE_API_RATE_ANON = "1000000/min"
    section, topic, story = make_section(), make_topic(), make_story()
    articles = []
    for n, payload in enumerate(PAYLOADS):
        photo = make_media()
        photo.caption = f"caption {payload}"
        photo.alt_text = f"alt {payload}"
        photo.credit = f"credit {payload}"
        photo.save()
        articles.append(
            make_article(
                f"xsscorpus {n} {payload}",
                body=f"<p>xsscorpus body {n}</p>{payload}<p>{payload}</p>",
                summary=f"summary {payload}",
                byline=f"byline {payload}",
                section=section,
                story=story,
                topics=[topic],
                lead_media=photo,
                language="ar" if n % 4 == 3 else "en",
            )
        )
    from dateline.search.documents import build_document
    from dateline.search.service import backend

    backend().index([build_document(article) for article in articles])
    return {"articles": articles, "section": section, "topic": topic, "story": story}


def _get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_article_pages_and_their_structured_data_are_inert(client, hostile):
    for article in hostile["articles"]:
        url = article.get_absolute_url()
        raw = _get(client, url).content.decode()
        assert_inert_html(raw, url)
        soup = BeautifulSoup(raw, "html.parser")
        # The payload survives as text, not as markup: the reader sees what the editor typed.
        assert "xsscorpus" in soup.find("h1").get_text()
        jsonld = json.loads(soup.find("script", type="application/ld+json").string)
        assert "xsscorpus" in json.dumps(jsonld, ensure_ascii=False)


def test_fronts_listings_and_search_results_are_inert(client, hostile):
    urls = [
        "/en/",
        "/ar/",
        hostile["section"].get_absolute_url("en"),
        hostile["topic"].get_absolute_url("en"),
        hostile["story"].get_absolute_url("en"),
        "/en/search/?q=xsscorpus",
        "/ar/search/?q=xsscorpus",
    ]
    for url in urls:
        assert_inert_html(_get(client, url).content.decode(), url)


@pytest.mark.parametrize("payload", [*PAYLOADS, "<scr\x00ipt>alert(7331)</scr\x00ipt>"])
def test_the_search_box_reflects_queries_inertly(client, hostile, payload):
    from urllib.parse import urlencode

    for url in (
        f"/en/search/?{urlencode({'q': payload})}",
        f"/en/search/?{urlencode({'q': 'xsscorpus', 'section': payload})}",
    ):
        response = client.get(url)
        assert response.status_code in (200, 400), url
        assert_inert_html(response.content.decode(), url)
    api = client.get("/api/v1/search", {"q": payload})
    assert api.status_code in (200, 400)
    assert api["Content-Type"].startswith("application/json")
    assert_inert_json(api.json(), "search api")


def test_feeds_are_inert(client, hostile):
    section = hostile["section"].slug
    urls = [
        f"/feeds/{kind}.{fmt}"
        for kind in ("site", "en", "ar", f"section/{section}")
        for fmt in ("rss", "atom")
    ]
    for url in urls:
        response = _get(client, url)
        assert_inert_feed(response.content, url)
    for kind in ("site", "en"):
        url = f"/feeds/{kind}.json"
        document = json.loads(_get(client, url).content)
        assert document["items"], url
        assert_inert_json(document, url)


def test_api_and_ninjs_documents_are_inert(client, hostile):
    for article in hostile["articles"]:
        for url in (f"/api/v1/articles/{article.pk}", f"/api/v1/articles/{article.pk}.ninjs"):
            response = _get(client, url)
            assert "json" in response["Content-Type"], url
            assert response["X-Content-Type-Options"] == "nosniff"
            assert_inert_json(json.loads(response.content), url)
    for url in ("/api/v1/articles", "/api/v1/articles.ninjs", "/api/v1/media"):
        assert_inert_json(json.loads(_get(client, url).content), url)


def test_oembed_html_is_inert(client, hostile):
    from dateline.site.urlbuilder import urls

    for article in hostile["articles"][:6]:
        response = _get(client, f"/api/v1/oembed?url={urls.absolute(article.get_absolute_url())}")
        assert_inert_json(json.loads(response.content), "oembed")


def test_the_checker_catches_what_it_looks_for():
    for bad in (
        "<img src=x onerror=alert(1)>",
        '<a href=" java\tscript:alert(1)">x</a>',
        "<iframe></iframe>",
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>',
    ):
        with pytest.raises((AssertionError, json.JSONDecodeError)):
            assert_inert_html(f"<html><body>{bad}</body></html>", "control")


def test_sitemaps_stay_well_formed_xml(client, hostile):
    """Sitemaps carry headlines and captions as XML text: every payload must stay text."""
    from dateline.syndication.sitemaps import SITEMAPS

    for url in ["/sitemap.xml"] + [f"/sitemaps/{name}.xml" for name in SITEMAPS]:
        root = etree.fromstring(_get(client, url).content)
        assert root is not None, url
        for element in root.iter():
            assert not isinstance(element, etree._ProcessingInstruction), url


def test_baked_files_are_inert(hostile, settings, tmp_path):
    """The files a bake writes (served by nginx with no app in between) are as inert."""
    from dateline.publishing.bakery import enqueue_all, run_workers

    settings.DATELINE_PUBLISH_BACKEND = "dateline.publishing.targets.LocalFolderTarget"
    settings.DATELINE_PUBLISH_ROOT = str(tmp_path / "baked")
    settings.DATELINE_BAKE_THREADS = 1  # threads' own connections cannot see the test's rows
    enqueue_all()
    assert run_workers(1).failures == []
    # The .gz copies beside each file hold the same bytes (tests/publishing checks that).
    files = [p for p in (tmp_path / "baked").rglob("*") if p.is_file() and p.suffix != ".gz"]
    pages = [p for p in files if p.suffix == ".html"]
    documents = [p for p in files if p.suffix == ".json"]
    feeds = [p for p in files if "feeds" in p.parts and p.suffix != ".json"]
    assert len(pages) > len(hostile["articles"]) and documents and feeds
    for page in pages:
        assert_inert_html(page.read_text(encoding="utf-8"), str(page))
    for document in documents:
        assert_inert_json(json.loads(document.read_bytes()), str(document))
    for feed in feeds:
        assert_inert_feed(feed.read_bytes(), str(feed))
    for sitemap in [p for p in files if p.suffix == ".xml" and "feeds" not in p.parts]:
        assert etree.fromstring(sitemap.read_bytes()) is not None, sitemap
