"""Every element of the body model the desk's editor writes (pictures, galleries, fact boxes,
embeds) survives the sanitiser and reaches readers the same on the page, in the feeds, the API
and ninjs."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from dateline.articles.html import clean_pasted_html, sanitize_html
from tests.factories import make_article

pytestmark = pytest.mark.django_db

PICTURE = (
    '<figure><img src="/media/2026/01/01/a_4x3.jpg" alt="Delegates in a hall">'
    "<figcaption>Delegates arrive <cite>Reuters</cite></figcaption></figure>"
)
GALLERY = (
    '<figure class="gallery">'
    '<figure><img src="/media/2026/01/01/b_4x3.jpg" alt="The harbour at dawn">'
    "<figcaption>Ships wait <cite>AP</cite></figcaption></figure>"
    '<figure><img src="/media/2026/01/01/c_4x3.jpg" alt="Cranes on the quay">'
    "<figcaption>Cranes idle <cite>AFP</cite></figcaption></figure>"
    "</figure>"
)
FACTBOX = (
    '<figure class="factbox"><figcaption>Key facts</figcaption>'
    "<ul><li><p>Talks began in 2020</p></li><li><p>Three rounds so far</p></li></ul>"
    "<p>Next round: <strong>March</strong>.</p></figure>"
)
FACTBOX_AR = (
    '<figure class="factbox"><figcaption>حقائق أساسية</figcaption>'
    "<ol><li><p>بدأت المحادثات عام 2020</p></li></ol></figure>"
)
EMBED = (
    '<figure class="embed" data-provider="YouTube">'
    '<a href="https://www.youtube.com/watch?v=abc" rel="noopener noreferrer">'
    "https://www.youtube.com/watch?v=abc</a><figcaption>YouTube</figcaption></figure>"
)
BODY = "<p>Negotiators met on Monday.</p>" + PICTURE + GALLERY + FACTBOX + FACTBOX_AR + EMBED


def test_the_sanitiser_and_the_paste_cleaner_keep_every_element_unchanged():
    assert sanitize_html(BODY) == BODY
    assert clean_pasted_html(BODY) == BODY


def test_hostile_attributes_inside_galleries_and_fact_boxes_are_dropped():
    hostile = (
        '<figure class="gallery evil" onclick="x()"><figure style="x"><img src="javascript:x"'
        ' alt="a" onerror="x()"><figcaption>c</figcaption></figure></figure>'
        '<figure class="factbox"><figcaption><script>x()</script>Facts</figcaption></figure>'
    )
    cleaned = sanitize_html(hostile)
    assert cleaned == (
        '<figure class="gallery"><figure><img alt="a"><figcaption>c</figcaption></figure>'
        '</figure><figure class="factbox"><figcaption>Facts</figcaption></figure>'
    )


def test_every_output_carries_the_same_body(client):
    article = make_article("Talks resume in Geneva", body=BODY)

    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert BODY in page.content.decode()

    api = client.get(f"/api/v1/articles/{article.pk}").json()
    assert api["body_html"] == BODY

    ninjs = client.get(f"/api/v1/articles/{article.pk}.ninjs").json()
    assert [b["value"] for b in ninjs["bodies"] if b["role"] == "main"] == [BODY]

    feed = json.loads(client.get("/feeds/site.json").content)
    item = next(i for i in feed["items"] if i["title"] == article.headline)
    assert item["content_html"] == BODY

    rss = etree.fromstring(client.get("/feeds/site.rss").content)
    description = next(
        i.findtext("description")
        for i in rss.iter("item")
        if i.findtext("title") == article.headline
    )
    assert description == BODY
