"""The embargo walk: no public output may show an item a reader must not see.

It creates one item in each hidden state (embargoed, draft, in review, scheduled, published
in the future, unpublished, killed), ties each to everything a public item is tied to
(section, topic, story, related pins, translations, breaking banner, corrections, lead media,
galleries, old addresses), then walks EVERY URL the resolver knows, in every edition, filling
each URL parameter with every value that fits it, plus the outputs registered in
``dateline.desk.outputs`` (baked files and the like). A new URL joins the walk by existing; no
list here needs editing. Hidden items have distinctive ids, so the checker (``_assert_clean``)
looks for their words, slugs, ids, media file names and preview links in bodies and headers.

Then: media files of hidden items (originals and every rendition the picture tag writes) are
refused while public and shared ones serve; preview links show the draft until they expire
and nothing when tampered; items hidden after being public (unpublished, killed, embargo put
back in the admin) leave nothing behind; and the checker is shown to catch planted leaks.
"""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone, translation

from dateline.articles.models import Article, Label
from dateline.conf import setting
from dateline.desk import outputs
from dateline.desk.models import Comment, Correction, Revision
from dateline.media.ingest import ingest
from dateline.media.models import Gallery, GalleryItem, MediaAsset
from dateline.related.models import RelatedPin
from dateline.site.urlbuilder import urls
from tests.admin_forms import save_article_form
from tests.factories import make_article, make_section, make_story, make_topic
from tests.media.helpers import image_bytes, mp4_bytes, upload

# What only hidden items carry: its presence in any response is a leak.
MARKER = "zqleakmarker"
# A word every item shares, used as a search query so search outputs return candidates.
QUERY = "quokkasecret"
# Served files of the site's own code and the staff-only admin are not reader outputs. Media
# files and preview links have their own tests below: their URLs carry no id or slug to fill.
SKIPPED_PREFIXES = ("admin/", "static/", "media/", "preview/")
# A URL pattern with more combinations than this is sampled rather than walked whole.
PAIRED_LIMIT = 300
# A signed preview link, wherever it would appear (the token is at least a payload and a MAC).
PREVIEW_LINK = re.compile(r"/preview/[\w:.-]{20,}")

# Hidden items get ids no other row, date or count has, so finding one in an output is a leak.
# They count down, so rows numbered after the highest id (SQLite) never take one of them.
HIDDEN_IDS = itertools.count(987_659_999, -1)

S = Article.Status
HIDDEN_STATES = {
    "embargoed": {"status": S.PUBLISHED, "embargo_until": timedelta(days=1)},
    "draft": {"status": S.DRAFT},
    "review": {"status": S.IN_REVIEW},
    "scheduled": {"status": S.SCHEDULED, "scheduled_at": timedelta(hours=2)},
    "future": {"status": S.PUBLISHED, "published_at": timedelta(hours=3)},
    "unpublished": {"status": S.UNPUBLISHED},
    "killed": {"status": S.KILLED},
}


def _hidden_item(kind: str, spec: dict, links: dict, language: str) -> Article:
    now = timezone.now()
    fields = {
        key: now + value if isinstance(value, timedelta) else value for key, value in spec.items()
    }
    article = make_article(
        f"{MARKER} {kind} {QUERY} headline",
        id=next(HIDDEN_IDS),
        language=language,
        summary=f"{MARKER} summary of the {kind} item {QUERY}",
        body=f"<p>{MARKER} body {QUERY} of the {kind} item.</p>",
        byline=f"{MARKER} byline",
        label=links["label"],
        section=links["section"],
        story=links["story"],
        topics=[links["topic"]],
        breaking_until=now + timedelta(hours=6),
        translation_key=links["translation_key"],
        **fields,
    )
    article.slug = f"hidden-{kind}-{language}"
    article.save(update_fields=["slug"])
    Correction.objects.create(article=article, text=f"{MARKER} correction of {kind}")
    Comment.objects.create(article=article, text=f"{MARKER} editorial note")
    Revision.objects.create(article=article, data={"headline": MARKER}, is_draft=True)
    RelatedPin.objects.create(article=links["public"], target=article)
    return article


def _baked_files():
    """Yield what the walk's in-memory publish target holds: the baked pages."""
    from dateline.publishing.targets import InMemoryTarget

    for name, content in sorted(InMemoryTarget.files.items()):
        yield name, content.decode("utf-8", "replace")


@pytest.fixture
def baking(settings, monkeypatch):
    """Bake pages on read and on every change, into memory, and purge a recording CDN."""
    from dateline.publishing.purge import RecordingPurgeBackend
    from dateline.publishing.targets import InMemoryTarget

    settings.DATELINE_BAKE = True
    settings.DATELINE_BAKE_IN_BACKGROUND = False
    settings.DATELINE_BAKE_THREADS = 1  # threads would not see the test's uncommitted rows
    settings.DATELINE_PUBLISH_BACKEND = "dateline.publishing.targets.InMemoryTarget"
    settings.DATELINE_PURGE_BACKEND = "dateline.publishing.purge.RecordingPurgeBackend"
    InMemoryTarget.reset()
    RecordingPurgeBackend.reset()
    outputs.register("baked files", _baked_files)
    # The baker renders pages itself and closes each response, which sends request_finished;
    # on PostgreSQL that would close the connection holding the test's transaction.
    original = BaseDatabaseWrapper.close_if_unusable_or_obsolete

    def keep_in_transaction(self):
        if not self.in_atomic_block:
            original(self)

    monkeypatch.setattr(BaseDatabaseWrapper, "close_if_unusable_or_obsolete", keep_in_transaction)
    yield InMemoryTarget
    InMemoryTarget.reset()
    RecordingPurgeBackend.reset()


@pytest.fixture
def world(db, settings, baking, media_root):
    """Create public items and one hidden item per state and language, with their media;
    return them all."""
    # A throttled answer shows nothing, so it would hide a leak: lift the limit, start clean.
    settings.DATELINE_API_RATE_ANON = "1000000/min"
    settings.DATELINE_MEDIA_FFMPEG = ""  # the test video needs no poster frame cut from it
    cache.clear()
    links = {
        "label": "URGENT" if Label.objects.filter(code="URGENT").exists() else None,
        "section": make_section("leakwalk", "Leak walk"),
        "topic": make_topic("leakwalk-topic", "Leak walk topic"),
        "story": make_story("Leak walk story"),
        "translation_key": "leakwalk",
    }
    public = {}
    hidden = []
    for language in setting("DATELINE_LANGUAGES"):
        links["public"] = public[language] = make_article(
            f"Public {QUERY} headline",
            language=language,
            summary=f"Public summary {QUERY}",
            section=links["section"],
            story=links["story"],
            topics=[links["topic"]],
            translation_key="leakwalk",
        )
        Correction.objects.create(article=links["public"], text="A public correction.")
        # A live item's unpublished working copy is hidden too (shown only in its preview).
        edit = {"headline": f"{MARKER} pending edit", "body": f"<p>{MARKER} pending body</p>"}
        Revision.objects.create(article=links["public"], data=edit, is_draft=True)
        for kind, spec in HIDDEN_STATES.items():
            hidden.append(_hidden_item(kind, spec, links, language))
    media = _give_media(list(public.values()), hidden)
    _old_addresses(hidden, media["hidden"])
    _index_everything(list(public.values()) + hidden)
    links.pop("public")
    return {
        **links,
        "public": list(public.values()),
        "hidden": hidden,
        "media": media,
        "baking": baking,
    }


def old_paths(world) -> list[str]:
    """Return the old addresses (imported permalinks and upload paths) of hidden items."""
    from dateline.importers.models import Redirect

    hidden = [a.pk for a in world["hidden"]]
    rows = Redirect.objects.filter(Q(article__in=hidden) | Q(media__in=world["media"]["hidden"]))
    return list(rows.values_list("old_path", flat=True))


def _old_addresses(hidden: list[Article], media: list[MediaAsset]) -> None:
    """Give hidden items and their media the old addresses an import leaves behind."""
    from dateline.importers.models import Redirect

    for n, article in enumerate(hidden):
        Redirect.objects.create(old_path=f"/2016/02/old-{article.slug}/", article=article)
        Redirect.objects.create(old_path=f"/?p={9000 + n}", article=article)
    for n, asset in enumerate(media):
        Redirect.objects.create(old_path=f"/wp-content/uploads/old-{n}.jpg", media=asset)


def _photo(caption: str) -> MediaAsset:
    """Store a small real JPEG, so its original and its renditions can be served."""
    jpeg = upload("photo.jpg", image_bytes(size=(400, 300)))
    return ingest(jpeg, caption=caption, alt_text=caption)


def _video(caption: str) -> MediaAsset:
    """Store a real (tiny) MP4 with a poster picture."""
    poster = upload("poster.jpg", image_bytes(size=(400, 300)))
    return ingest(upload("clip.mp4", mp4_bytes()), caption=caption, alt_text=caption, poster=poster)


def _show(article: Article, lead: MediaAsset, gallery: list[MediaAsset]) -> None:
    article.lead_media = lead
    article.save(update_fields=["lead_media"])
    photos = Gallery.objects.create(article=article, title=f"Photos of {article.headline}")
    for position, asset in enumerate(gallery):
        GalleryItem.objects.create(gallery=photos, asset=asset, position=position)


# Statuses whose items also have a gallery photo of their own (each costs a stored file).
GALLERY_STATES = (S.PUBLISHED, S.UNPUBLISHED)  # embargoed, future-dated, unpublished


def _give_media(public: list[Article], hidden: list[Article]) -> dict[str, list[MediaAsset]]:
    """Give items lead media and galleries; return the assets by who may see them.

    Each hidden item of the first edition shows a lead only it uses (a video with its poster
    for the killed one) and a gallery holding the photo a public item leads with ("shared"),
    after a photo only it uses for a few states. Bodies cannot show media: the body
    allow-list has no img, video or source.
    """
    shared = _photo("A photo a public and a hidden item both show")
    video = _video("A public video")
    public_photo = _photo("A public gallery photo")
    _show(public[0], shared, [public_photo])
    _show(public[-1], video, [public_photo])
    hidden_only = []
    for article in hidden:
        if article.language != public[0].language:
            continue
        if article.status == S.KILLED:
            lead = _video(f"{MARKER} video of a hidden item")
            hidden_only += [lead, lead.poster]
        else:
            lead = _photo(f"{MARKER} lead photo of a hidden item")
            hidden_only.append(lead)
        gallery = [shared]
        if article.status in GALLERY_STATES:
            gallery.insert(0, _photo(f"{MARKER} gallery photo of a hidden item"))
            hidden_only.append(gallery[0])
        _show(article, lead, gallery)
    public_only = [video, video.poster, public_photo]
    return {"hidden": hidden_only, "shared": [shared], "public": public_only}


def _index_everything(articles: list[Article]) -> None:
    """Put every item in the search index, hidden ones too, as a stale index would hold them.

    Search must hide them at query time (embargoed items are indexed on purpose), so this
    makes the search outputs part of the walk rather than empty.
    """
    from dateline.search.documents import build_document
    from dateline.search.service import backend

    backend().index([build_document(article) for article in articles])


def _walk(patterns, prefix: str = ""):
    """Yield the full regex of every endpoint under ``patterns``."""
    for entry in patterns:
        piece = entry.pattern.regex.pattern
        piece = piece.removeprefix("^").removesuffix(r"\Z").removesuffix("$")
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + piece)
        elif isinstance(entry, URLPattern):
            yield prefix + piece


_GROUP_START = re.compile(r"\(\?P<(\w+)>")


def _named_groups(regex: str) -> list[tuple[int, int, str, str]]:
    """Return (start, end, name, body) of each top-level named group in ``regex``."""
    groups = []
    for match in _GROUP_START.finditer(regex):
        depth, i = 1, match.end()
        while depth and i < len(regex):
            if regex[i] == "\\":
                i += 2
                continue
            depth += {"(": 1, ")": -1}.get(regex[i], 0)
            i += 1
        if not groups or match.start() >= groups[-1][1]:
            groups.append((match.start(), i, match[1], regex[match.end() : i - 1]))
    return groups


def _candidates(body: str, pool: list[str]) -> list[str]:
    if re.fullmatch(r"[\w-]+(\|[\w-]+)*", body):
        return body.split("|")
    return [value for value in pool if re.fullmatch(body, value)]


def _literal(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _sample(choices: list[list[str]]) -> list[tuple[str, ...]]:
    """Return combinations that pair every value of the two largest groups (a feed's kind with
    each identifier, so no scope is missed) and give every value of the others; where even that
    is too many, take every value of every group at least once."""
    by_size = sorted(range(len(choices)), key=lambda g: -len(choices[g]))
    first, second = by_size[0], by_size[1] if len(by_size) > 1 else by_size[0]
    if first == second or len(choices[first]) * len(choices[second]) > PAIRED_LIMIT:
        longest = len(choices[first])
        return [tuple(c[i % len(c)] for c in choices) for i in range(longest)]
    combos = []
    for i, j in itertools.product(range(len(choices[first])), range(len(choices[second]))):
        row = [c[(i + j) % len(c)] for c in choices]
        row[first], row[second] = choices[first][i], choices[second][j]
        combos.append(tuple(row))
    return combos


def _concrete(regex: str, pool: list[str]) -> list[str]:
    """Return paths for ``regex`` with its groups filled from ``pool``; [] if one cannot be."""
    groups = _named_groups(regex)
    choices = [_candidates(body, pool) for _s, _e, _n, body in groups]
    if any(not c for c in choices):
        return []
    combos = list(itertools.product(*choices))
    if len(combos) > 60:
        combos = _sample(choices)
    paths = []
    for combo in combos:
        out, last = [], 0
        for (start, end, _name, _body), value in zip(groups, combo, strict=True):
            out.append(_literal(regex[last:start]))
            out.append(value)
            last = end
        out.append(_literal(regex[last:]))
        path = "/" + "".join(out)
        if "(" in path or "[" in path or "*" in path or "+" in path:
            continue  # an unnamed group or class is left: no generic way to fill it
        paths.append(path)
    return paths


def public_paths(world, fixed_only: bool = False) -> list[str]:
    """Return every concrete public path the resolver serves for the walk's items.

    With ``fixed_only``, return only the paths that take no parameter.
    """
    items = world["public"] + world["hidden"]
    pool = [value for a in items for value in (str(a.pk), a.slug)]
    pool += [str(world["story"].pk), world["section"].slug, world["topic"].slug, QUERY]
    pool += setting("DATELINE_LANGUAGES")
    paths = set()
    for language in setting("DATELINE_LANGUAGES"):
        with translation.override(language):
            for regex in _walk(get_resolver().url_patterns):
                if regex.startswith(SKIPPED_PREFIXES) or (fixed_only and "(?P<" in regex):
                    continue
                paths.update(_concrete(regex, pool))
    if not fixed_only:
        # The canonical address of each item, with its own slug, whatever the sampling missed.
        paths.update(a.get_absolute_url() for a in items)
    return [path for path in sorted(paths) if _resolves(path)]


def _resolves(path: str) -> bool:
    """Tell whether ``path`` resolves in some edition (an edition prefix only resolves while
    its language is active)."""
    for language in setting("DATELINE_LANGUAGES"):
        with translation.override(language):
            try:
                resolve(path)
            except Resolver404:
                continue
            return True
    return False


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    headers = " ".join(f"{k}: {v}" for k, v in response.headers.items())
    return headers + "\n" + body.decode("utf-8", "replace")


def media_marks(asset: MediaAsset) -> set[str]:
    """Return what names ``asset``'s files: its original and each rendition carry one."""
    return {f"{asset.site}_{ticks}_" for ticks in (asset.ticks, asset.version_ticks) if ticks}


def _id_mark(article: Article) -> re.Pattern:
    """Return how an output names ``article`` by id (hidden ids are long and distinctive)."""
    return re.compile(rf"(?<!\d){article.pk}(?!\d)")


def named_item(url: str, world) -> Article | None:
    """Return the hidden item ``url`` asks for by slug or id, if any (it may name itself)."""
    for article in world["hidden"]:
        if article.slug in url or re.search(rf"(?<![\w]){article.pk}(?![\w])", url):
            return article
    return None


def _around(text: str, found: re.Match) -> str:
    return text[max(0, found.start() - 80) : found.end() + 40]


def _assert_clean(where: str, text: str, world, own: Article | None = None) -> None:
    """Fail if ``text`` shows a hidden item: its words, slug, id, media files or preview link."""
    lowered = text.lower()
    assert MARKER not in lowered, f"{where} leaks a hidden item's text"
    assert not PREVIEW_LINK.search(text), f"{where} leaks a preview link"
    for article in world["hidden"]:
        if article == own:
            continue
        assert f"/{article.slug}" not in text, f"{where} links hidden item {article.pk}"
        found = _id_mark(article).search(text)
        assert not found, f"{where} names hidden item {article.pk}: {_around(text, found)}"
    for asset in world["media"]["hidden"]:
        for mark in media_marks(asset):
            assert mark not in text, f"{where} shows media {asset.path} of a hidden item"


def test_walk_reaches_the_public_outputs(world):
    search = Client().get(f"/en/search/?q={QUERY}").content.decode()
    assert "Public" in search and world["public"][0].get_absolute_url() in search
    wide = "since=2000-01-01T00:00:00Z&until=2999-12-31T00:00:00Z&section=leakwalk"
    listed = Client().get(f"/api/v1/articles?{wide}").content.decode()
    assert all(public.get_absolute_url() in listed for public in world["public"]), listed
    paths = public_paths(world)
    public = world["public"][0]
    assert public.get_absolute_url() in paths
    assert any(p.startswith("/api/") for p in paths)
    assert any("corrections" in p for p in paths)


def test_no_public_url_leaks_a_hidden_item(world):
    client = Client()
    paths = public_paths(world)
    fixed = set(public_paths(world, fixed_only=True))
    for path in paths:
        variants = [path, f"{path}?explain=1"] if path.endswith("/related") else [path]
        if path in fixed:
            # Outputs that take the item in the query string (oEmbed, search, lookups).
            variants += [f"{path}?q={QUERY}", f"{path}?page=2"]
            # Filters as wide as they go, future included: still only public items.
            variants.append(
                f"{path}?since=2000-01-01T00:00:00Z&until=2999-12-31T00:00:00Z&limit=100"
                f"&section={world['section'].slug}&topic={world['topic'].slug}"
            )
            # Lookups by address or id (oEmbed and the like) are API outputs: each hidden item
            # is asked of every API path, and one of every other path.
            asked = world["hidden"] if path.startswith("/api/") else world["hidden"][:1]
            variants += [
                f"{path}?url={urls.absolute(a.get_absolute_url())}&id={a.pk}&format=json"
                for a in asked
            ]
        for url in variants:
            response = client.get(url)
            assert response.status_code < 500, f"{url} answered {response.status_code}"
            assert response.status_code != 429, f"{url} was throttled: the walk saw nothing"
            _assert_clean(url, _text(response), world, named_item(url, world))


def test_old_addresses_of_hidden_items_lead_nowhere(world):
    """An import's redirect to a hidden item or its media must not name them in Location."""
    from dateline.importers.models import Redirect

    client = Client()
    public = world["public"][0]
    Redirect.objects.create(old_path="/2016/02/old-public/", article=public)
    assert client.get("/2016/02/old-public/")["Location"] == public.get_absolute_url()
    paths = old_paths(world)
    assert len(paths) == 2 * len(world["hidden"]) + len(world["media"]["hidden"])
    for path in paths:
        response = client.get(path)
        assert response.status_code != 301, f"{path} leads to {response['Location']}"
        _assert_clean(path, _text(response), world)


def test_hidden_items_answer_404_and_killed_410(world):
    client = Client()
    for article in world["hidden"]:
        response = client.get(article.get_absolute_url())
        expected = 410 if article.status == S.KILLED else 404
        assert response.status_code == expected, (article.slug, response.status_code)
        response = client.get(f"/api/v1/articles/{article.pk}/related")
        assert response.status_code in (404, 410)


def rebuild(articles: list[Article]) -> None:
    """Bake every page a change to any of ``articles`` affects, as their publishes would
    (each page once, however many of them it shows)."""
    from dateline.publishing.baker import bake_pages, mark_dirty
    from dateline.publishing.changes import affected_pages
    from dateline.publishing.targets import publish_target
    from dateline.site.processes import new_worker_id

    pages = {}
    for article in articles:
        pages.update(affected_pages(article.pk))
    bake_pages(mark_dirty(pages), new_worker_id(), publish_target())


def test_registered_outputs_do_not_leak(world):
    # Rebuild every item's pages as a publish would, then read every registered output.
    rebuild(world["public"] + world["hidden"])
    assert world["baking"].files, "nothing was baked: the walk would see nothing"
    for name, provider in outputs.providers().items():
        for where, text in provider():
            _assert_clean(f"{name}: {where}", text, world)


def test_public_item_is_visible_so_the_walk_can_see(world):
    """Guard the walk itself: the same pages do show the public twin and its correction."""
    response = Client().get(world["public"][0].get_absolute_url())
    assert response.status_code == 200
    assert "A public correction." in response.content.decode()


def test_kill_removes_baked_pages_and_purges_the_cdn(world, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import User

    from dateline.desk import workflow
    from dateline.desk.roles import DESK_CHIEF
    from dateline.publishing.purge import RecordingPurgeBackend

    chief = User.objects.create_user("chief")
    chief.groups.add(Group.objects.get(name=DESK_CHIEF))
    article = world["public"][0]
    client = Client()
    assert client.get(article.get_absolute_url()).status_code == 200
    baked_before = [n for n in world["baking"].files if article.slug in n]
    assert baked_before, "the page was not baked on read"

    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(article, "kill", User.objects.get(pk=chief.pk), reason="legal")
    # A kill is purged before the step returns: no worker, no waiting.

    assert not [n for n in world["baking"].files if article.slug in n]
    assert any(any(str(article.pk) in key for key in call) for call in RecordingPurgeBackend.calls)
    assert client.get(article.get_absolute_url()).status_code == 410


def test_walk_covers_distribution_outputs(world):
    """Guard the walk: feeds, sitemaps, ninjs, oEmbed and the API are among its URLs."""
    paths = set(public_paths(world))
    story = world["story"].pk
    expected = {"/robots.txt", "/sitemap.xml", "/api/v1/articles", "/api/v1/articles.ninjs"}
    expected |= {"/api/v1/media", "/api/v1/stories", "/api/v1/oembed", f"/api/v1/stories/{story}"}
    expected |= {f"/sitemaps/{s}.xml" for s in ("articles", "fronts", "images", "videos", "news")}
    expected |= {f"/api/v1/articles/{a.pk}.ninjs" for a in world["hidden"]}
    # Every edition is walked, not only the default one.
    expected |= {f"/{lang}/story/{story}/" for lang in setting("DATELINE_LANGUAGES")}
    expected |= {f"/{lang}/search/" for lang in setting("DATELINE_LANGUAGES")}
    assert expected <= paths, sorted(expected - paths)
    # The walk samples format x scope combinations; each feed scope must be reached somehow.
    scopes = ["site", "en", "ar", "section/leakwalk", "topic/leakwalk-topic", f"story/{story}"]
    for scope in scopes:
        assert {f"/feeds/{scope}.{fmt}" for fmt in ("rss", "atom", "json")} & paths, scope


# -- media files --------------------------------------------------------------------------


def rendition_urls(asset: MediaAsset) -> list[str]:
    """Return every rendition URL the picture tag writes for ``asset``, in every ratio."""
    from dateline.media.renditions import RATIOS, picture

    found = set()
    for ratio in RATIOS:
        data = picture(asset, ratio)
        found.add(data.src)
        for srcset in [data.srcset, *(source.srcset for source in data.sources)]:
            found.update(entry.split()[0] for entry in srcset.split(", "))
    return sorted(found)


def file_urls(asset: MediaAsset) -> list[str]:
    """Return the URL of ``asset``'s original, then those of its renditions (if it has any)."""
    return [asset.url, *(rendition_urls(asset) if asset.has_renditions else [])]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_media_only_hidden_items_show_is_not_served(world):
    from dateline.media.models import Rendition

    client = Client()
    hidden = world["media"]["hidden"]
    assert any(asset.is_video for asset in hidden) and any(a.has_renditions for a in hidden)
    for asset in hidden:
        urls_of_asset = file_urls(asset)
        assert len(urls_of_asset) > 10 or asset.is_video, asset.path
        for url in urls_of_asset:
            response = client.get(url)
            assert response.status_code == 404, f"{url} of a hidden item answered {response}"
            assert asset.path.encode() not in _body(response)
        assert client.get(asset.url, HTTP_RANGE="bytes=0-7").status_code == 404
        assert client.head(asset.url).status_code == 404
        assert client.get(f"/api/v1/media/{asset.pk}").status_code == 404
    # Nothing was rendered for a reader who may not see the picture.
    assert not Rendition.objects.filter(asset__in=hidden).exists()


def test_media_public_items_show_is_served(world):
    """Media of public items serve, and so does a photo a public and a hidden item share:
    the public one shows it, so hiding it would break that page and protect nothing."""
    client = Client()
    for asset in world["media"]["shared"] + world["media"]["public"]:
        urls_of_asset = file_urls(asset)[:2]  # the original, and one rendition of a picture
        for url in urls_of_asset:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["Content-Type"].startswith(("image/", "video/"))
            assert "immutable" in response["Cache-Control"]
            response.close()


def test_staff_see_hidden_media_privately(world):
    """The desk sees a draft's pictures; no shared cache may keep them for readers."""
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.create_user("desk", is_staff=True))
    asset = world["media"]["hidden"][0]
    for url in file_urls(asset)[:2]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store"
        response.close()


# -- preview links ------------------------------------------------------------------------


def _clock_ahead(monkeypatch, seconds: int) -> None:
    """Move the signer's clock ``seconds`` ahead (``django.core.signing`` reads ``time.time``)."""
    import time

    from django.core import signing

    class Later:
        @staticmethod
        def time() -> float:
            return time.time() + seconds

    monkeypatch.setattr(signing, "time", Later)


def _previewable(world) -> list[Article]:
    # A killed item has no preview at all (it answers 404 even to a valid link).
    return [a for a in world["hidden"] if a.status != S.KILLED]


def _assert_refused(url: str, response, world) -> None:
    assert response.status_code in (403, 404, 410), f"{url} answered {response.status_code}"
    _assert_clean(url, _text(response), world)


def test_preview_link_shows_the_draft_until_it_expires(world, settings, monkeypatch):
    from dateline.site.preview import preview_path

    settings.DATELINE_PREVIEW_MAX_AGE = 3600
    client = Client()
    links = {article.pk: preview_path(article.pk) for article in _previewable(world)}
    for url in links.values():
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKER in response.content.decode()
        assert response["Cache-Control"] == "private, no-store"
        assert "noindex" in response["X-Robots-Tag"]
    _clock_ahead(monkeypatch, 3590)  # the stamp is in whole seconds
    assert client.get(next(iter(links.values()))).status_code == 200
    _clock_ahead(monkeypatch, 3601)
    for url in links.values():
        _assert_refused(url, client.get(url), world)


def test_preview_link_shows_the_drafts_pictures_and_no_others(world, settings, monkeypatch):
    from dateline.media.renditions import picture
    from dateline.site.preview import MEDIA_COOKIE_PREFIX, preview_path

    settings.DATELINE_PREVIEW_MAX_AGE = 3600
    article, other = [a for a in _previewable(world) if a.lead_media_id][:2]
    holder = Client()
    page = holder.get(preview_path(article.pk)).content.decode()
    src = picture(article.lead_media, "4x3").src
    assert src in page
    response = holder.get(src)
    assert response.status_code == 200, src
    assert response["Cache-Control"] == "private, no-store"
    response.close()
    # The link opens this item's pictures only; without it, or with a forged one, none.
    assert holder.get(picture(other.lead_media, "4x3").src).status_code == 404
    assert Client().get(src).status_code == 404
    forger = Client()
    forger.cookies[f"{MEDIA_COOKIE_PREFIX}{article.pk}"] = "eyJhIjoxfQ:1xWH0c:forged"
    assert forger.get(src).status_code == 404
    _clock_ahead(monkeypatch, 3601)
    assert holder.get(src).status_code == 404


def test_tampered_preview_links_show_nothing(world):
    from django.core import signing

    from dateline.site.preview import make_token

    client = Client()
    article, other = _previewable(world)[:2]
    token = make_token(article.pk)
    payload, stamp, mac = token.rsplit(":", 2)
    flipped = mac[:-1] + ("A" if mac[-1] != "A" else "B")
    forged = [
        f"{payload}:{stamp}:{flipped}",  # the signature changed
        f"{make_token(other.pk).rsplit(':', 2)[0]}:{stamp}:{mac}",  # another item's payload
        f"{payload}:{signing.b62_encode(signing.b62_decode(stamp) + 10**6)}:{mac}",  # later
        signing.dumps({"a": article.pk}, salt="another purpose", compress=True),
        signing.dumps({"a": article.pk}, key="not the site key", salt="dateline.site.preview"),
        token[:-3],
    ]
    for token in forged:
        url = f"/preview/{token}/"
        _assert_refused(url, client.get(url), world)


def test_preview_links_never_reach_public_outputs(world):
    """Open every preview, then rebuild and read the public outputs: no link, no baked copy."""
    from dateline.site.preview import preview_path

    client = Client()
    for article in _previewable(world):
        assert client.get(preview_path(article.pk)).status_code == 200
    rebuild(world["public"])
    assert not [name for name in world["baking"].files if "preview" in name]
    for name, provider in outputs.providers().items():
        for where, text in provider():
            _assert_clean(f"{name}: {where}", text, world)
    for path in public_paths(world, fixed_only=True):
        _assert_clean(path, _text(client.get(path)), world)


# -- the checker itself -------------------------------------------------------------------


def test_the_checker_catches_planted_leaks(world):
    """Guard the checker: each trace of a hidden item, planted in a real output, fails it."""
    from dateline.site.preview import preview_path

    hidden = next(a for a in world["hidden"] if a.lead_media_id)
    photo = hidden.lead_media
    traces = {
        "text": "ZQLeakMarker in capitals",
        "link": hidden.get_absolute_url(),
        "id": f'{{"id": "{hidden.pk}"}}',
        "original": photo.url,
        "rendition": rendition_urls(photo)[-1],
        "preview link": urls.absolute(preview_path(hidden.pk)),
    }
    for kind, trace in traces.items():
        with pytest.raises(AssertionError):
            _assert_clean(kind, f"<p>{trace}</p>", world)
    # End to end: a public page really showing a hidden item's photo, then linking the item.
    public = world["public"][0]
    MediaAsset.objects.filter(pk=photo.pk).update(caption="A photo", alt_text="A photo")
    public.lead_media = photo
    public.save(update_fields=["lead_media"])
    page = public.get_absolute_url()
    with pytest.raises(AssertionError, match="shows media"):
        _assert_clean(page, _text(Client().get(page)), world)
    public.body += f'<p><a href="{hidden.get_absolute_url()}">more</a></p>'
    public.save(update_fields=["body"])
    rebuild([public])
    with pytest.raises(AssertionError, match="links hidden item"):
        for where, text in _baked_files():
            _assert_clean(where, text, world)


# -- items hidden after being public ------------------------------------------------------


def _reimpose_embargo(client, article: Article, user) -> None:
    until = timezone.localtime(timezone.now() + timedelta(days=1))
    save_article_form(
        client,
        article,
        {"embargo_until_0": [f"{until:%Y-%m-%d}"], "embargo_until_1": [f"{until:%H:%M:%S}"]},
    )


TRANSITIONS = {
    "unpublished": lambda client, article, user: workflow_step(article, "unpublish", user),
    "killed": lambda client, article, user: workflow_step(article, "kill", user),
    "embargo re-imposed": _reimpose_embargo,
}


def workflow_step(article: Article, step: str, user) -> None:
    from dateline.desk import workflow

    workflow.perform(article, step, user, reason="legal")


@pytest.fixture
def live_story(world, settings, tmp_path, django_capture_on_commit_callbacks):
    """Publish three items of one story through the lifecycle, running the after-commit work
    and the queued tasks; the first one (the victim) will be hidden."""
    from dateline.articles import lifecycle
    from dateline.related import service

    settings.DATELINE_RELATED_INDEX_PATH = str(tmp_path / "related.npz")
    settings.DATELINE_RELATED_DENSE = False
    settings.DATELINE_STORY_THRESHOLD = 0.2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    service.reset_index()
    words = "Oil terminal fire at Ras Lanuf spreads to storage tanks; firemen fight the blaze"
    made = []
    for n, headline in enumerate([f"{MARKER} {words}", f"{words}, day two", f"{words}, day three"]):
        article = make_article(
            headline,
            id=next(HIDDEN_IDS) if n == 0 else None,
            status=S.DRAFT,
            published_at=None,
            body=f"<p>{words} {QUERY}.</p>",
            section=world["section"],
            topics=[world["topic"]],
        )
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.publish(article, at=timezone.now() - timedelta(hours=3 - n))
        made.append(article)
    for article in made:
        article.refresh_from_db()
    victim = made[0]
    # The clustering opened the story on the victim, the first to be published.
    assert victim.story_id and {a.story_id for a in made} == {victim.story_id}
    victim.slug = "was-public"
    victim.save(update_fields=["slug"])
    lead = _photo(f"{MARKER} photo of an item that was public")
    _show(victim, lead, [lead, world["media"]["shared"][0]])
    yield {"victim": victim, "others": made[1:], "lead": lead, "story": victim.story}
    service.reset_index()


def _story_outputs(world, story_items) -> list[str]:
    """Return the URLs where the victim showed: its siblings, their related lists, the story,
    the fronts, search and the feeds."""
    siblings = story_items["others"]
    story = story_items["story"].pk
    found = [a.get_absolute_url() for a in siblings]
    found += [f"/api/v1/articles/{a.pk}/related{q}" for a in siblings for q in ("", "?explain=1")]
    found += [f"/en/story/{story}/", f"/api/v1/stories/{story}", f"/en/search/?q={QUERY}"]
    found += [f"/api/v1/search?q={QUERY}", f"/api/v1/articles?story={story}"]
    return found + public_paths(world, fixed_only=True)


@pytest.mark.parametrize(
    ("transition", "in_background"),
    [(name, False) for name in TRANSITIONS] + [("killed", True)],
)
def test_items_hidden_after_being_public_leave_nothing(
    world, live_story, transition, in_background, settings, django_capture_on_commit_callbacks
):
    """Hide an item that was public everywhere; then nothing may show it. With the bake in
    the background, the rebuild is a queued task (run at once by the tasks backend)."""
    from django.contrib.auth.models import User

    from dateline.media.focus import set_focus
    from dateline.related.models import RelatedLink
    from dateline.search.models import SearchEntry

    victim, lead = live_story["victim"], live_story["lead"]
    client = Client()
    # While public, it is everywhere the walk will look: related lists, search, story, files.
    # Each answer is read to the end, which closes a streamed file (/favicon.ico) the test
    # client's way.
    for url in _story_outputs(world, live_story):
        _text(client.get(url))
    assert client.get(victim.get_absolute_url()).status_code == 200
    assert RelatedLink.objects.filter(target=victim).exists()
    assert SearchEntry.objects.filter(article=victim).exists()
    assert any(MARKER in text for _where, text in _baked_files())
    served = client.get(rendition_urls(lead)[0])
    assert served.status_code == 200
    served.close()

    settings.DATELINE_BAKE_IN_BACKGROUND = in_background
    desk = Client()
    desk.force_login(User.objects.create_superuser("chief", "chief@example.org", "x"))
    with django_capture_on_commit_callbacks(execute=True):
        TRANSITIONS[transition](desk, victim, User.objects.get(username="chief"))
    victim.refresh_from_db()
    assert not victim.is_public

    assert not RelatedLink.objects.filter(target=victim).exists()
    if victim.status != S.PUBLISHED:  # an embargoed item stays indexed, hidden at query time
        assert not SearchEntry.objects.filter(article=victim).exists()
    seen = {**world, "hidden": [*world["hidden"], victim]}
    seen["media"] = {**world["media"], "hidden": [*world["media"]["hidden"], lead]}
    for where, text in _baked_files():
        _assert_clean(f"baked {where}", text, seen)
    expected = 410 if victim.status == S.KILLED else 404
    assert client.get(victim.get_absolute_url()).status_code == expected
    # The story it opened (and was named after) now bears its oldest public item's name.
    live_story["story"].refresh_from_db()
    assert live_story["story"].title == live_story["others"][0].headline
    served_while_public = rendition_urls(lead)[0]
    set_focus(lead, (0.9, 0.9), {})  # a new crop: the file served before keeps its old name
    lead.refresh_from_db()
    for url in [served_while_public, *file_urls(lead)]:
        assert client.get(url).status_code == 404, url
    for url in _story_outputs(world, live_story):
        response = client.get(url)
        assert response.status_code < 500, url
        _assert_clean(url, _text(response), seen)


def test_a_story_left_without_public_items_keeps_no_hidden_title(
    world, live_story, django_capture_on_commit_callbacks
):
    """Withdraw every item of the story the victim opened: the title goes with them, and
    the next item placed in the story names it."""
    from dateline.articles import lifecycle

    story = live_story["story"]
    for article in [*live_story["others"], live_story["victim"]]:
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.unpublish(article)
    story.refresh_from_db()
    assert story.title == ""
    assert Client().get(f"/en/story/{story.pk}/").status_code == 404
    newcomer = make_article("Firemen put out the Ras Lanuf blaze", status=S.DRAFT, story=story)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(newcomer)
    story.refresh_from_db()
    assert story.title == "Firemen put out the Ras Lanuf blaze"
    page = Client().get(f"/en/story/{story.pk}/")
    assert page.status_code == 200
    _assert_clean(
        "the story page", _text(page), {**world, "hidden": [*world["hidden"], live_story["victim"]]}
    )


# -- live blogs ---------------------------------------------------------------------------


def _live_item(headline: str, language: str, **fields) -> Article:
    from dateline.live.models import LIVE_TYPE_ID

    return make_article(headline, language=language, article_type_id=LIVE_TYPE_ID, **fields)


def _live_outputs(items: list[Article]) -> list[str]:
    """Return every output that shows a live item's entries, for each of ``items``."""
    paths = ["/api/v1/articles", "/api/v1/articles.ninjs", "/sitemaps/news.xml"]
    paths += [f"/api/v1/articles.ninjs?version={v}" for v in ("3.0", "3.1")]
    for language in setting("DATELINE_LANGUAGES"):
        paths += [urls.home(language)] + [f"/feeds/{language}.{f}" for f in ("rss", "atom", "json")]
    for item in items:
        paths += [item.get_absolute_url(), urls.live_entries(item), f"/api/v1/articles/{item.pk}"]
        paths += [f"{urls.live_entries(item)}?after=0"]
        paths += [f"/api/v1/articles/{item.pk}.ninjs?version={v}" for v in ("2.2", "3.0", "3.1")]
        paths += [f"/feeds/live/{item.pk}.{fmt}" for fmt in ("rss", "atom", "json")]
    return paths


def test_live_entries_of_hidden_live_items_leak_nowhere(world, django_capture_on_commit_callbacks):
    """Entries of a killed, an unpublished and an embargoed live item, and a deleted, a
    future-dated, an embargoed, an unpublished and a killed entry of a public one, show in no
    page, update resource, feed, API answer, ninjs item or baked file."""
    from dateline.articles import lifecycle
    from dateline.live import posting

    def post(item: Article, text: str, **fields) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            draft = posting.Draft(body=f"<p>{text} {QUERY}</p>", headline=text, **fields)
            return posting.post_entry(item, None, draft)

    public, hidden = [], []
    for language in setting("DATELINE_LANGUAGES"):
        shown = _live_item(f"Live {QUERY} coverage", language, summary="Public live")
        post(shown, "Public entry", is_key_event=True)
        deleted = post(shown, f"{MARKER} deleted entry")
        with django_capture_on_commit_callbacks(execute=True):
            posting.delete_entry(deleted, None, reason="wrong")
        post(shown, f"{MARKER} future entry", posted_at=timezone.now() + timedelta(hours=1))
        later = timezone.now() + timedelta(hours=1)
        post(shown, f"{MARKER} embargoed entry", is_key_event=True, embargo_until=later)
        for kind in ("unpublished", "killed"):
            entry = post(shown, f"{MARKER} {kind} entry", is_key_event=True)
            # Seen by readers (baked) before it is taken off: the step must take it all back.
            rebuild([shown])
            with django_capture_on_commit_callbacks(execute=True):
                if kind == "killed":
                    posting.kill_entry(entry, None, reason="legal")
                else:
                    posting.unpublish_entry(entry, None)
        public.append(shown)
        for kind in ("killed", "unpublished", "embargoed"):
            item = _live_item(f"{MARKER} live {kind} {QUERY}", language, id=next(HIDDEN_IDS))
            item.slug = f"hidden-live-{kind}-{language}"
            item.save(update_fields=["slug"])
            if kind == "embargoed":
                item.embargo_until = timezone.now() + timedelta(days=1)
                item.save(update_fields=["embargo_until"])
            post(item, f"{MARKER} {kind} key entry", is_key_event=True)
            post(item, f"{MARKER} {kind} entry")
            # Seen by readers (baked) before it is hidden: the hiding must take it all back.
            rebuild([item])
            with django_capture_on_commit_callbacks(execute=True):
                if kind == "killed":
                    lifecycle.kill(item)
                elif kind == "unpublished":
                    lifecycle.unpublish(item)
            hidden.append(item)
    seen = {**world, "hidden": [*world["hidden"], *hidden]}
    rebuild(public + hidden)
    client = Client()
    # The public live item's own outputs do answer, so the checks below can see.
    assert "Public entry" in client.get(f"/feeds/live/{public[0].pk}.json").content.decode()
    for item in hidden:
        assert client.get(f"/feeds/live/{item.pk}.rss").status_code == 404
        assert client.get(urls.live_entries(item)).status_code == 404
    for url in _live_outputs(public + hidden) + public_paths(seen, fixed_only=True):
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        _assert_clean(url, _text(response), seen, named_item(url, seen))
    baked = world["baking"].files
    assert any(f"feeds/live/{public[0].pk}" in name for name in baked), [
        n for n in baked if "feeds" in n
    ]
    for name, provider in outputs.providers().items():
        for where, text in provider():
            _assert_clean(f"{name}: {where}", text, seen)
