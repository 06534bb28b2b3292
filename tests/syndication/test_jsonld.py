"""Article pages: JSON-LD checked against schema.org, OpenGraph, Twitter, canonical, hreflang."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from dateline.syndication.jsonld import article_jsonld, script_json
from tests.syndication.corpus import HOSTILE, SECRET
from tests.syndication.validators import jsonld_errors


def head(client, article) -> BeautifulSoup:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def structured(page: BeautifulSoup) -> dict:
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


@pytest.mark.parametrize(
    ("headline", "kind"),
    [
        ("Talks resume in Geneva", "NewsArticle"),
        ("Video: the harbour at dawn", "VideoObject"),
        ("Pictures of the week", "ImageGallery"),
        ("Live: election night", "LiveBlogPosting"),
    ],
)
def test_jsonld_uses_the_vocabulary(client, newsroom, headline, kind):
    data = structured(head(client, newsroom.by_headline(headline)))
    assert data["@type"] == kind
    assert jsonld_errors(data) == []
    assert data["publisher"]["name"] == "Dateline"
    assert data["datePublished"] and data["dateModified"]


def test_images_in_three_ratios_and_author(client, newsroom):
    article = newsroom.by_headline("Talks resume")
    # A picture of unknown size has no renditions: only its own file exists to be named.
    assert not article.lead_media.has_renditions
    assert structured(head(client, article))["image"] == [
        "https://news.example" + article.lead_media.url
    ]
    asset = article.lead_media
    asset.width, asset.height, asset.version_ticks = 1200, 900, asset.ticks
    asset.save(update_fields=["width", "height", "version_ticks"])
    data = structured(head(client, article))
    # The default-width renditions the reader's page shows, which the media view makes.
    names = [u.rsplit("/", 1)[1].split("_", 2)[2] for u in data["image"]]
    assert names == ["25f_16x9.jpg", "25f_4x3.jpg", "25f_1x1.jpg"]
    assert data["author"] == {"@type": "Person", "name": "Jane Doe"}


def test_hostile_text_cannot_close_the_script(client, newsroom):
    response = client.get(newsroom.by_headline("Rocket").get_absolute_url())
    html = response.content.decode()
    start = html.index('<script type="application/ld+json">')
    end = html.index("</script>", start)
    inside = html[start:end]
    assert "<" not in inside[len('<script type="application/ld+json">') :]
    assert json.loads(inside.split(">", 1)[1])["headline"] == HOSTILE
    assert "\\u003c/script\\u003e" in inside


def test_script_json_escapes_every_breaker():
    text = str(script_json({"a": "</script><!-- & \u2028"}))
    assert not any(c in text for c in "<>&\u2028")
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_opengraph_twitter_canonical_and_hreflang(client, newsroom):
    talks = newsroom.by_headline("Talks resume")
    page = head(client, talks)
    url = f"https://news.example{talks.get_absolute_url()}"
    assert page.find("link", rel="canonical")["href"] == url
    og = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
    assert og["og:url"] == url and og["og:type"] == "article"
    assert og["og:title"] == "Talks resume in Geneva"
    assert og["og:image"].endswith("_4x3.jpg")
    twitter = {m["name"]: m["content"] for m in page.find_all("meta", attrs={"name": True})}
    assert twitter["twitter:card"] == "summary_large_image"
    alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", hreflang=True)}
    arabic = newsroom.by_headline("محادثات")
    assert alternates == {"en": url, "ar": f"https://news.example{arabic.get_absolute_url()}"}
    assert SECRET not in str(page)
    feeds = [link["href"] for link in page.find_all("link", rel="alternate", type=True)]
    assert "/feeds/en.rss" in feeds


def test_broken_samples_fail_the_vocabulary_check(newsroom):
    good = article_jsonld(newsroom.by_headline("Talks resume"))
    assert jsonld_errors(good) == []
    assert jsonld_errors({**good, "headlinez": "typo"})
    assert jsonld_errors({**good, "uploadDate": "2020-01-01"})  # a MediaObject property
    assert jsonld_errors({**good, "@type": "NewsArtikel"})


def test_corrections_are_correction_comments(client, newsroom):
    from dateline.desk.models import Correction

    corrected = newsroom.by_headline("Corrected figures")
    Correction.objects.create(article=corrected, text="The toll was 12, not 21.")
    data = structured(head(client, corrected))
    assert data["correction"][0]["@type"] == "CorrectionComment"
    assert data["correction"][0]["text"].endswith("The toll was 12, not 21.")
    assert jsonld_errors(data) == []
