"""Every picture any output names, fetched and measured: feeds (RSS, Atom, JSON Feed), the
sitemaps, ninjs 2.2/3.0/3.1, the API's item documents, oEmbed, OpenGraph and Twitter cards
and JSON-LD, in both editions, over pictures made the ways a newsroom makes them: the demo's
drawn files, an import's copies and an upload.

Each URL must answer 200 with a real image; where the output states a size, the file has it;
no picture is larger than its original; and Google's article images are 1200 pixels wide
wherever the original holds that much. Feed enclosures give the byte length of the file.
"""

from __future__ import annotations

import io
import json
import re
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.utils import timezone
from lxml import etree
from PIL import Image

from dateline.articles.models import ArticleType
from dateline.demo.images import create_picture
from dateline.demo.media_pool import build_media_pool
from dateline.importers.media import store_media
from dateline.importers.records import MediaRef
from dateline.media.geometry import focal_box
from dateline.media.ingest import ingest
from dateline.media.models import Gallery, GalleryItem, MediaAsset, Rendition
from dateline.media.renditions import spec_for_path
from dateline.people.models import Authorship, Person
from tests.factories import make_article, make_section, make_story, make_topic
from tests.media.helpers import image_bytes, upload
from tests.syndication.structured_data import ARTICLE_IMAGE_MIN_PIXELS
from tests.syndication.validators import ninjs_errors

SITE = "https://news.example"
IMAGE_URL = re.compile(r"https://news\.example/[^\s\"'<>]+?\.(?:jpe?g|png|gif|webp|avif)\b")
# Google's article images: "at least 1200 pixels wide" where the original allows it.
GOOGLE_WIDTH = 1200
LONG_BODY = "<p>" + " ".join(["The harbour reopened after the storm."] * 12) + "</p>"


@pytest.fixture
def room(db, settings, media_root, tmp_path):
    """Both editions with pictures from the demo, an import and an upload, a demo video with
    its poster, a gallery and an author's photo."""
    settings.DATELINE_SITE_URL = SITE
    settings.DATELINE_WEBSUB_HUB = ""
    now = timezone.now()
    demo = create_picture(now - timedelta(days=1), seed=3, caption="Demo harbour")
    _pictures, [clip] = build_media_pool(1, 1, now - timedelta(days=3), now, True)
    source = tmp_path / "archive"
    source.mkdir()
    (source / "ferry.jpg").write_bytes(image_bytes(size=(2000, 1000)))
    (source / "small.png").write_bytes(image_bytes("PNG", size=(500, 400)))
    refs = [
        MediaRef("ferry", "ferry.jpg", now - timedelta(days=2), caption="The ferry"),
        MediaRef("small", "small.png", now - timedelta(days=2), caption="A small map"),
    ]
    imported = store_media(refs, source, lambda ref, why: pytest.fail(why), "wxr")
    uploaded = ingest(upload("quay.jpg", image_bytes(size=(900, 600))), alt_text="The quay")

    section, topic, story = make_section(), make_topic(), make_story()
    placed = {"section": section, "topics": [topic], "story": story}
    video = ArticleType.objects.get(code="video")
    english = make_article("Harbour reopens", lead_media=demo, translation_key="h", **placed)
    arabic = make_article(
        "الميناء يفتح", language="ar", lead_media=imported["ferry"], translation_key="h", **placed
    )
    clip_item = make_article("Video: the quay", article_type=video, lead_media=clip, **placed)
    small = make_article("خريطة صغيرة", language="ar", lead_media=imported["small"], **placed)
    pictures = make_article(
        "Pictures of the week", article_type=ArticleType.objects.get(code="gallery"), **placed
    )
    gallery = Gallery.objects.create(article=pictures, title="The week")
    for position, asset in enumerate([uploaded, imported["ferry"]]):
        GalleryItem.objects.create(gallery=gallery, asset=asset, position=position)
    reporter = Person.objects.create(name="Omar Khaled", slug="omar-khaled", photo=uploaded)
    Authorship.objects.create(article=english, person=reporter)
    return {
        "articles": [english, arabic, clip_item, small, pictures],
        "scopes": [
            "site",
            "en",
            "ar",
            f"section/{section.slug}",
            f"topic/{topic.slug}",
            f"story/{story.pk}",
            f"author/{reporter.slug}",
        ],
        "assets": [demo, clip, imported["ferry"], imported["small"], uploaded],
        "person": reporter,
        "fronts": [f"section/{section.slug}", f"topic/{topic.slug}", f"story/{story.pk}"],
    }


def local(url: str) -> str:
    assert url.startswith(SITE), url
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def read(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    return b"".join(response.streaming_content) if response.streaming else response.content


class Named:
    """The pictures outputs name: by URL, the outputs naming it and the sizes they state."""

    def __init__(self) -> None:
        self.by_output: dict[str, set[str]] = defaultdict(set)
        self.stated: dict[str, set[tuple[int, int]]] = defaultdict(set)
        self.article_images: set[str] = set()

    def text(self, output: str, text: str) -> None:
        """Note every picture URL written anywhere in ``text``."""
        self.by_output[output].update(IMAGE_URL.findall(text))

    def json(self, output: str, document: object) -> None:
        """Note every picture of a JSON document and the sizes stated beside it."""
        self.text(output, json.dumps(document, ensure_ascii=False))
        for node in _objects(document):
            for url_key, width_key, height_key in (
                ("url", "width", "height"),
                ("href", "width", "height"),
                ("contentUrl", "width", "height"),
                ("thumbnail_url", "thumbnail_width", "thumbnail_height"),
            ):
                url = node.get(url_key)
                if isinstance(url, str) and IMAGE_URL.fullmatch(url) and width_key in node:
                    self.stated[url].add((node[width_key], node[height_key]))


def _objects(node: object):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def collect(client, room) -> Named:
    """Read every output of the newsroom and note the pictures each names."""
    named = Named()
    for scope in room["scopes"]:
        for fmt in ("rss", "atom"):
            named.text(f"feed {fmt}", read(client, f"/feeds/{scope}.{fmt}").decode())
        named.json("feed json", json.loads(read(client, f"/feeds/{scope}.json")))
    index = etree.fromstring(read(client, "/sitemap.xml"))
    for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        name = loc.text.rsplit("/", 1)[-1]
        named.text(f"sitemap {name}", read(client, local(loc.text)).decode())
    for version in ("2.2", "3.0", "3.1"):
        paths = [f"/api/v1/articles.ninjs?version={version}"]
        paths += [f"/api/v1/articles/{a.pk}.ninjs?version={version}" for a in room["articles"]]
        for path in paths:
            document = json.loads(read(client, path))
            named.json(f"ninjs {version}", document)
            if "uri" in document:  # one item (the feed is a page of them)
                # The renditions listed with their sizes keep the item valid for IPTC's schema.
                assert ninjs_errors(document, version) == [], path
    api = ["/api/v1/articles", "/api/v1/media", f"/api/v1/authors/{room['person'].slug}"]
    api += [f"/api/v1/articles/{a.pk}" for a in room["articles"]]
    api += [f"/api/v1/media/{a.pk}" for a in room["assets"]]
    for path in api:
        named.json("api", json.loads(read(client, path)))
    for article in room["articles"]:
        url = quote(SITE + article.get_absolute_url(), safe="")
        named.json("oembed", json.loads(read(client, f"/api/v1/oembed?url={url}")))
    read_pages(client, room, named)
    return named


def read_pages(client, room, named: Named) -> None:
    """Note the pictures of every page's cards (OpenGraph, Twitter) and JSON-LD."""
    paths = [a.get_absolute_url() for a in room["articles"]]
    for edition in ("en", "ar"):
        paths += [f"/{edition}/", *(f"/{edition}/{front}/" for front in room["fronts"])]
    for path in paths:
        soup = BeautifulSoup(read(client, path), "html.parser")
        for meta in soup.find_all("meta", content=IMAGE_URL):
            kind = "twitter" if meta.get("name", "").startswith("twitter:") else "opengraph"
            named.text(kind, meta["content"])
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        if "og:image:width" in og:
            size = (int(og["og:image:width"]), int(og["og:image:height"]))
            named.stated[og["og:image"]].add(size)
        for script in soup.find_all("script", type="application/ld+json"):
            data = json.loads(script.string)
            named.json("json-ld", data)
            if data.get("@type") in ("NewsArticle", "LiveBlogPosting", "Article"):
                named.article_images.update(data.get("image", []))


def original_of(url: str) -> MediaAsset | None:
    """Return the asset whose file or rendition ``url`` is (None for a static file)."""
    path = urlsplit(url).path
    if not path.startswith("/media/"):
        return None
    reference = path.removeprefix("/media")
    asset = MediaAsset.objects.filter(file=reference.lstrip("/")).first()
    if asset is None:
        found = spec_for_path(reference)
        assert found is not None, f"{url} names no file and no rendition of any asset"
        asset = found[0]
    return asset


def measure(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.size


def stored_size(asset: MediaAsset) -> tuple[int, int]:
    with default_storage.open(asset.file.name, "rb") as handle:
        return measure(handle.read())


def test_every_picture_any_output_names_exists_at_its_stated_size(client, room):
    named = collect(client, room)
    outputs = set(named.by_output)
    expected = {"feed rss", "feed atom", "feed json", "api", "oembed", "twitter", "json-ld"}
    expected |= {"ninjs 2.2", "ninjs 3.0", "ninjs 3.1", "opengraph"}
    expected |= {"sitemap images.xml", "sitemap videos.xml"}
    missing = {o for o in expected if not named.by_output.get(o)}
    assert not missing, f"outputs that name no picture: {missing} (named: {sorted(outputs)})"

    every = set().union(*named.by_output.values())
    # Every picture of the newsroom appears, the renditions of the measured ones as well.
    for asset in room["assets"]:
        picture = asset.picture
        assert any(url.endswith(picture.file.name) for url in every), picture
    assert any("_16x9." in url for url in every) and any("_1x1." in url for url in every)
    for url in sorted(every):
        width, height = measure(read(client, local(url)))
        for stated in named.stated.get(url, ()):
            assert (width, height) == stated, (url, stated)
        asset = original_of(url)
        if asset is None:
            continue
        original = stored_size(asset)
        assert (asset.width, asset.height) == original, asset
        assert width <= original[0] and height <= original[1], (url, original)
    assert len(every) >= 15
    # Each rendition made on its first request recorded the byte size of its file.
    made = Rendition.objects.all()
    assert made.count() >= 10
    for rendition in made:
        assert rendition.byte_size == default_storage.size(rendition.file.name) > 0, rendition


def test_article_images_are_as_large_as_google_asks_where_the_original_allows(client, room):
    named = Named()
    read_pages(client, room, named)
    assert named.article_images
    by_asset: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for url in named.article_images:
        width, height = measure(read(client, local(url)))
        assert width * height >= ARTICLE_IMAGE_MIN_PIXELS, url
        asset = original_of(url)
        ratio = url.rsplit("_", 1)[-1].split(".")[0]
        left, _, right, _ = focal_box((asset.width, asset.height), ratio, (0.5, 0.5))
        if right - left >= GOOGLE_WIDTH:
            assert width >= GOOGLE_WIDTH, (url, asset.width, asset.height)
        by_asset[asset.pk].append((width, height))
    demo, _clip, ferry, _small, _uploaded = room["assets"]
    # The demo's 1600x1200 picture and the imported 2000x1000 photo, in 16x9, 4x3 and 1x1.
    assert sorted(by_asset[demo.pk]) == sorted([(1600, 900), (1600, 1200), (1200, 1200)])
    assert sorted(by_asset[ferry.pk]) == sorted([(1600, 900), (1200, 900), (800, 800)])


def test_feed_enclosures_give_the_byte_length_of_the_file(client, room, settings):
    root = Path(settings.MEDIA_ROOT)
    for asset in room["assets"]:
        assert asset.byte_size == (root / asset.file.name).stat().st_size, asset
    rss = etree.fromstring(read(client, "/feeds/site.rss"))
    enclosures = [item.find("enclosure") for item in rss.iter("item")]
    enclosures = [e for e in enclosures if e is not None]
    assert len(enclosures) == 4
    for enclosure in enclosures:
        stored = root / urlsplit(enclosure.get("url")).path.removeprefix("/media/")
        assert int(enclosure.get("length")) == stored.stat().st_size, enclosure.get("url")
    feed = json.loads(read(client, "/feeds/site.json"))
    for item in feed["items"]:
        for attachment in item.get("attachments", []):
            stored = root / urlsplit(attachment["url"]).path.removeprefix("/media/")
            assert attachment["size_in_bytes"] == stored.stat().st_size


def test_an_uploads_answer_names_renditions_no_larger_than_the_upload(
    client, db, settings, media_root
):
    from django.contrib.auth.models import Permission, User

    from tests.media.test_api import URL, basic

    settings.DATELINE_SITE_URL = SITE
    editor = User.objects.create_user("editor", password="s3cret-Pass!")
    editor.user_permissions.add(Permission.objects.get(codename="add_mediaasset"))
    picture = upload("fire.jpg", image_bytes(size=(800, 600)))
    response = client.post(URL, {"file": picture}, **basic("editor", "s3cret-Pass!"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["byte_size"] == default_storage.size(body["path"].lstrip("/"))
    assert set(body["renditions"]) == {"4x3", "16x9", "1x1", "3x2", "orig"}
    for ratio, url in body["renditions"].items():
        width, height = measure(read(client, local(url)))
        # The 1x1 cut of an 800x600 picture is 320 wide (the widest offered within 600),
        # never a 607x607 enlargement.
        assert width <= 800 and height <= 600, (ratio, width, height)
