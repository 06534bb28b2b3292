"""WordPress shortcodes, blocks and auto-embeds become Dateline body elements on the page."""

# ruff: noqa: E501 (the sample bodies are WordPress markup, one block per line as it writes them)

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from dateline.articles.models import Article
from tests.importers.conftest import post

pytestmark = pytest.mark.django_db

UPLOADS = "https://news.example.com/wp-content/uploads/2016/01"

CLASSIC = f"""Storm coverage from the coast [sic].

[caption id="attachment_11" align="alignnone" width="300"]<img src="{UPLOADS}/storm.jpg" alt="Storm" width="300" height="200" /> Waves hit the pier[/caption]

The gallery of the day:

[gallery columns="2" ids="11,12"]

[audio mp3="{UPLOADS}/report.mp3"][/audio]

[embed]https://www.youtube.com/watch?v=abc123[/embed]

https://twitter.com/example/status/1

https://wordpress.tv/2016/01/01/a-talk/

[pollbox color="red"]Vote in our poll[/pollbox]"""

BLOCKS = f"""<!-- wp:paragraph -->
<p>Block post opening.</p>
<!-- /wp:paragraph -->

<!-- wp:image {{"id":11}} -->
<figure class="wp-block-image size-large"><img src="{UPLOADS}/storm.jpg" alt="Storm" class="wp-image-11"/><figcaption class="wp-element-caption">Block caption</figcaption></figure>
<!-- /wp:image -->

<!-- wp:gallery {{"linkTo":"none"}} -->
<figure class="wp-block-gallery has-nested-images"><!-- wp:image {{"id":12}} -->
<figure class="wp-block-image"><img src="{UPLOADS}/pier.jpg" alt="Pier"/></figure>
<!-- /wp:image --></figure>
<!-- /wp:gallery -->

<!-- wp:video {{"id":13}} -->
<figure class="wp-block-video"><video controls src="{UPLOADS}/clip.mp4"></video><figcaption class="wp-element-caption">The clip</figcaption></figure>
<!-- /wp:video -->

<!-- wp:embed {{"url":"https://youtu.be/xyz","type":"video","providerNameSlug":"youtube"}} -->
<figure class="wp-block-embed is-type-video is-provider-youtube"><div class="wp-block-embed__wrapper">
https://youtu.be/xyz
</div><figcaption class="wp-element-caption">Interview</figcaption></figure>
<!-- /wp:embed -->

<!-- wp:pullquote -->
<figure class="wp-block-pullquote"><blockquote><p>We will rebuild.</p><cite>The mayor</cite></blockquote></figure>
<!-- /wp:pullquote -->

<!-- wp:table -->
<figure class="wp-block-table"><table><tbody><tr><td>Town</td><td>Damage</td></tr></tbody></table></figure>
<!-- /wp:table -->

<!-- wp:columns -->
<div class="wp-block-columns"><!-- wp:column -->
<div class="wp-block-column"><!-- wp:paragraph -->
<p>Left column words.</p>
<!-- /wp:paragraph --></div>
<!-- /wp:column --></div>
<!-- /wp:columns -->

<!-- wp:media-text {{"mediaId":11,"mediaType":"image"}} -->
<div class="wp-block-media-text"><figure class="wp-block-media-text__media"><img src="{UPLOADS}/storm.jpg" alt="Media text image"/></figure><div class="wp-block-media-text__content"><!-- wp:paragraph -->
<p>Beside the picture.</p>
<!-- /wp:paragraph --></div></div>
<!-- /wp:media-text -->

<!-- wp:acme/countdown {{"to":"2016"}} -->
<div class="wp-block-acme-countdown"><p>Countdown words kept.</p></div>
<!-- /wp:acme/countdown -->

<!-- wp:latest-posts /-->"""


def _attachment(attachment_id: int, file: str, caption: str) -> dict:
    return {
        "id": attachment_id,
        "title": f"Alt {attachment_id}",
        "type": "attachment",
        "parent": 1,
        "attachment_url": f"{UPLOADS}/{file}",
        "excerpt": caption,
        "meta": {"_wp_attached_file": f"2016/01/{file}"},
    }


@pytest.fixture
def imported(run_import, wxr_file):
    source = wxr_file(
        [
            post(1, title="Classic storm post", content=CLASSIC),
            post(2, title="Block storm post", content=BLOCKS),
            _attachment(11, "storm.jpg", "Waves"),
            _attachment(12, "pier.jpg", "The pier"),
        ]
    )
    return run_import(source)


def _page(client, pk: int) -> BeautifulSoup:
    response = client.get(Article.objects.get(pk=pk).get_absolute_url())
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".body")


def _embeds(body) -> list[tuple[str, str, str]]:
    return [
        (f["data-provider"], f.a["href"], f.figcaption.get_text())
        for f in body.select("figure.embed")
    ]


def test_shortcodes_and_auto_embeds_render_as_body_elements(imported, client):
    assert imported.error is None, imported.output
    body = _page(client, 1)
    text = body.get_text()
    assert "[caption" not in text and "[gallery" not in text and "[embed" not in text
    assert "[sic]" in text  # words in brackets are not shortcodes
    caption = body.find("figure", class_=False)
    assert caption.img["src"] == f"{UPLOADS}/storm.jpg" and caption.img["alt"] == "Storm"
    assert caption.figcaption.get_text() == "Waves hit the pier"
    gallery = body.select_one("figure.gallery")
    assert [f.img["src"] for f in gallery.find_all("figure")] == [
        f"{UPLOADS}/storm.jpg",
        f"{UPLOADS}/pier.jpg",
    ]
    assert [f.figcaption.get_text() for f in gallery.find_all("figure")] == ["Waves", "The pier"]
    assert _embeds(body) == [
        ("Audio", f"{UPLOADS}/report.mp3", "Audio"),
        ("YouTube", "https://www.youtube.com/watch?v=abc123", "YouTube"),
        ("X (Twitter)", "https://twitter.com/example/status/1", "X (Twitter)"),
        ("WordPress.tv", "https://wordpress.tv/2016/01/01/a-talk/", "WordPress.tv"),
    ]
    assert "Vote in our poll" in text and "pollbox" not in text
    assert [p.get_text() for p in body.find_all("p", recursive=False)][:2] == [
        "Storm coverage from the coast [sic].",
        "The gallery of the day:",
    ]
    degraded = " | ".join(imported.reasons("degraded"))
    assert "[post 1] shortcodes Dateline has no element for, kept as their content: [pollbox]" in (
        degraded
    )


def test_blocks_render_as_body_elements(imported, client):
    body = _page(client, 2)
    assert not [f for f in body.find_all("figure") if not f.get_text(strip=True) and not f.img]
    image = body.find("figure", class_=False)
    assert image.img["src"] == f"{UPLOADS}/storm.jpg"
    assert image.figcaption.get_text() == "Block caption"
    assert body.select_one("figure.gallery img")["alt"] == "Pier"
    assert _embeds(body) == [
        ("Video", f"{UPLOADS}/clip.mp4", "Video · The clip"),
        ("YouTube", "https://youtu.be/xyz", "YouTube · Interview"),
    ]
    quote = body.select_one("figure.pullquote blockquote")
    assert quote.p.get_text() == "We will rebuild." and quote.cite.get_text() == "The mayor"
    assert [td.get_text() for td in body.select("table td")] == ["Town", "Damage"]
    text = body.get_text()
    assert "Left column words." in text and "Beside the picture." in text
    assert body.find("img", alt="Media text image") is not None
    assert "Countdown words kept." in text
    assert "wp:" not in str(body)
    degraded = " | ".join(imported.reasons("degraded"))
    assert (
        "[post 2] blocks Dateline has no element for, kept as their content: wp:acme/countdown"
        in (degraded)
    )
    assert "[post 2] blocks WordPress draws when it shows a page, dropped: wp:latest-posts" in (
        degraded
    )
