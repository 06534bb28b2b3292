"""Role × field × state: who may change which field of an article, through the admin form.

Each cell posts the article's change form with one field changed. A field the actor may not
change is read-only on their page, so for them the post is a crafted request: it must be
refused, not applied without the field. An allowed change to a live item shows in every
public output that renders the field (article page, home front, edition feed, API, search),
and is audited; a refused one changes nothing: the row, the audit log, the public outputs.
"""

from __future__ import annotations

import itertools
import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from dateline.articles.models import Article, Label
from dateline.desk import revisions
from dateline.desk.models import Revision, Signature, Transition
from dateline.search import indexing
from dateline.search.service import backend
from tests.desk.conftest import make_user
from tests.desk.test_conflict import _form_data
from tests.factories import make_article, make_section, make_story, make_topic

S = Article.Status
ACTORS = ["owner", "other contributor", "editor", "desk chief", "admin"]
STATES = ["draft", "in review", "scheduled", "embargoed", "live", "unpublished", "killed"]
FIELDS = [
    "headline",
    "slug",
    "label",
    "article_type",
    "section",
    "topics",
    "story",
    "signature",
    "breaking_until",
    "embargo_until",
    "language",
    "translation_key",
    "published_at",
    "status",
]
# A live item's words wait in its working copy until an editor publishes the changes.
HELD = {"headline", "slug", "label"}
PUBLIC_FACE = {"embargoed", "live"}


def expected(actor: str, state: str, field: str) -> bool:
    """Return whether the change is allowed: issue 14's rules, written apart from the code."""
    if state == "killed" or actor == "other contributor" or field in ("published_at", "status"):
        return False
    if actor == "owner":
        # A contributor edits their own draft, never the banner or the releasing signature.
        return state == "draft" and field not in ("breaking_until", "signature")
    if field == "signature":
        return actor in ("desk chief", "admin")
    if field == "language":
        return state not in PUBLIC_FACE
    return True


_tags = (f"zq{a}{b}{c}" for a, b, c in itertools.product("bcdfghjk", repeat=3))


@pytest.fixture
def desk(db, settings):
    settings.DATELINE_SEARCH_BACKEND = "dateline.search.backends.memory.MemoryBackend"
    backend().clear()
    people = {
        "owner": make_user("contributor", "owner"),
        "other contributor": make_user("contributor", "other"),
        "editor": make_user("editor"),
        "desk chief": make_user("desk chief", "chief"),
        "admin": make_user("admin"),
    }
    clients = {}
    for actor, user in people.items():
        clients[actor] = Client()
        clients[actor].force_login(user)
    signature = Signature.get_or_create_from_text("S/SH 11")
    yield {
        "people": people,
        "clients": clients,
        "section": make_section("business", "Business"),
        "topic": make_topic("floods", "Floods"),
        "story": make_story("Harbour strike"),
        "signature": signature,
        "urgent": Label.objects.get(code="URGENT"),
    }
    backend().clear()


def _make(state: str, owner) -> Article:
    """Return an item of ``owner`` in ``state``, indexed if it is published."""
    now = timezone.now()
    fields = {
        "draft": {"status": S.DRAFT},
        "in review": {"status": S.IN_REVIEW},
        "scheduled": {"status": S.SCHEDULED, "scheduled_at": now + timedelta(hours=3)},
        "embargoed": {"status": S.PUBLISHED, "embargo_until": now + timedelta(hours=3)},
        "live": {"status": S.PUBLISHED},
        "unpublished": {"status": S.UNPUBLISHED},
        "killed": {"status": S.KILLED},
    }[state]
    article = make_article(f"Harbour cranes {next(_tags)}", **fields)
    revisions.record(article, owner)
    if article.status == S.PUBLISHED:
        indexing.refresh(article)
    return article


def _split(moment) -> tuple[str, str]:
    local = timezone.localtime(moment)
    return f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"


def _change(field: str, state: str, desk: dict) -> tuple[dict, object]:
    """Return the form data that changes ``field`` and the value the row should then hold."""
    soon = timezone.now() + timedelta(hours=5)
    simple = {
        "headline": ("Cranes stand idle", "Cranes stand idle"),
        "slug": ("cranes-stand-idle", "cranes-stand-idle"),
        "label": (str(desk["urgent"].pk), desk["urgent"].pk),
        "article_type": ("26", 26),
        "section": (str(desk["section"].pk), desk["section"].pk),
        "topics": ([str(desk["topic"].pk)], [desk["topic"].pk]),
        "story": (str(desk["story"].pk), desk["story"].pk),
        "signature": (str(desk["signature"].pk), desk["signature"].pk),
        "language": ("ar", "ar"),
        "translation_key": ("pair-7", "pair-7"),
        "status": (S.DRAFT if state in PUBLIC_FACE else S.PUBLISHED, None),
    }
    if field in simple:
        value, stored = simple[field]
        return {field: value}, stored
    if field == "embargo_until" and state == "embargoed":
        return {"embargo_until_0": "", "embargo_until_1": ""}, None  # lift it early
    if field == "published_at":
        soon = timezone.now() - timedelta(days=400)
    day, time = _split(soon)
    return {f"{field}_0": day, f"{field}_1": time}, "set"


def _row(article: Article) -> dict:
    stored = Article.objects.get(pk=article.pk)
    row = {name: getattr(stored, Article._meta.get_field(name).attname) for name in FIELDS[:-1]}
    row["topics"] = sorted(stored.topics.values_list("pk", flat=True))
    row["status"] = stored.status
    row["version"] = stored.version
    draft = revisions.working_copy(stored)
    row["working copy"] = draft.data if draft else None
    return row


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def public_view(article: Article, tag: str) -> dict:
    """Return what readers see of ``article`` in every public output."""
    reader = Client()
    url = Article.objects.get(pk=article.pk).get_absolute_url()
    page = reader.get(url)
    soup = _soup(page)
    home = _soup(reader.get("/en/"))
    banner = home.select_one("aside.breaking-banner a")
    api = reader.get(f"/api/v1/articles/{article.pk}")
    search = _soup(reader.get("/en/search/", {"q": tag}))
    text = lambda node: node.get_text(" ", strip=True) if node else None  # noqa: E731
    return {
        "page": page.status_code,
        "headline": text(soup.select_one("h1.headline")) if page.status_code == 200 else None,
        "signature": text(soup.select_one("p.signature")),
        "story": text(soup.select_one("p.story-link")),
        "topics": text(soup.select_one("ul.topics")),
        "home": url in {a.get("href") for a in home.select("a")},
        "banner": banner is not None and banner["href"] == url,
        "feed": url in reader.get("/feeds/en.rss").content.decode(),
        "api": json.loads(api.content) if api.status_code == 200 else api.status_code,
        "search": [a.get("href") for a in search.select(".search-hit a")],
        "facets": [a.get("href") for a in search.select(".facet a")],
    }


def _shows(field: str, state: str, view: dict, desk: dict, url: str) -> bool:
    """Return whether every public output that renders ``field`` shows the change."""
    listed = view["home"] and view["feed"] and url in view["search"]
    if state == "embargoed":
        # Only lifting the embargo shows; any other change waits behind it.
        if field == "embargo_until":
            return view["page"] == 200 and listed and view["api"]["id"] > 0
        return view["page"] == 404 and not view["home"] and view["api"] == 404
    if field == "embargo_until":  # put back on a live item: gone from every output
        return view["page"] == 404 and not (view["home"] or view["feed"] or view["search"])
    api = view["api"]
    checks = {
        "article_type": lambda: api["type"]["id"] == 26,
        "section": lambda: (
            (api["section"] or {}).get("slug") == "business"
            and any("section=business" in href for href in view["facets"])
        ),
        "topics": lambda: (
            "Floods" in (view["topics"] or "") and [t["slug"] for t in api["topics"]] == ["floods"]
        ),
        "story": lambda: (
            "Harbour strike" in (view["story"] or "") and api["story_id"] == desk["story"].pk
        ),
        "signature": lambda: view["signature"] == "S/SH 11",
        "breaking_until": lambda: view["banner"],
        # Shown only beside a translation: the row and the audit entry prove it.
        "translation_key": lambda: True,
    }
    return bool(listed and checks[field]())


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("actor", ACTORS)
def test_each_field_in_each_state_for_each_role(
    desk, actor, state, django_capture_on_commit_callbacks
):
    boss = desk["clients"]["admin"]
    wrong = []
    for field in FIELDS:
        article = _make(state, desk["people"]["owner"])
        tag = article.headline.split()[-1]
        url = f"/admin/articles/article/{article.pk}/change/"
        source = boss if state != "killed" else desk["clients"]["editor"]
        data, stored_value = _change(field, state, desk)
        data = _form_data(source, url) | data
        # Outside the public states only the row can leak: a status it does not change.
        watch = state in PUBLIC_FACE
        before, seen = _row(article), public_view(article, tag) if watch else None
        steps = Transition.objects.filter(article=article).count()
        with django_capture_on_commit_callbacks(execute=True):
            response = desk["clients"][actor].post(url, data)
        after = _row(article)
        allowed = expected(actor, state, field)
        actor_user = desk["people"][actor]
        if not allowed:
            if response.status_code == 302:
                # Refused before the form (not the actor's item): the message names why.
                notes = _soup(desk["clients"][actor].get(url)).select(".messagelist .error")
                refused = any("Not saved" in n.get_text() for n in notes)
            else:
                refused = "Not saved" in _soup(response).get_text()
            if not refused or after != before:
                wrong.append((field, "applied or silently dropped", response.status_code))
            if Transition.objects.filter(article=article).count() != steps:
                wrong.append((field, "audited a refused change"))
            if watch and public_view(article, tag) != seen:
                wrong.append((field, "public outputs changed"))
            continue
        if response.status_code != 302:
            errors = [e.get_text(" ", strip=True) for e in _soup(response).select(".errorlist")]
            wrong.append((field, "refused", errors))
            continue
        if state in PUBLIC_FACE and field in HELD:
            # The words wait in the working copy; readers still see the live ones.
            if after["working copy"] is None or public_view(article, tag) != seen:
                wrong.append((field, "held change not in the working copy only"))
            if after[field] != before[field]:
                wrong.append((field, "live row changed before Publish changes"))
            continue
        value = after[field]
        if (value is None) if stored_value == "set" else (value != stored_value):
            wrong.append((field, "not applied", value))
        if state in PUBLIC_FACE:
            entry = Transition.objects.filter(article=article).first()
            if entry is None or (entry.user, entry.reason) != (actor_user, f"changed {field}"):
                wrong.append((field, "not audited"))
            live_url = Article.objects.get(pk=article.pk).get_absolute_url()
            if not _shows(field, state, public_view(article, tag), desk, live_url):
                wrong.append((field, "not shown in every public output", public_view(article, tag)))
    assert not wrong, f"{actor} on a {state} item: {wrong}"


def test_publish_changes_puts_the_words_in_every_output(desk, django_capture_on_commit_callbacks):
    article = _make("live", desk["people"]["owner"])
    tag = article.headline.split()[-1]
    editor = desk["clients"]["editor"]
    url = f"/admin/articles/article/{article.pk}/change/"
    headline = f"Cranes stand idle {tag}"
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(url, _form_data(editor, url) | {"headline": headline}).status_code == 302
    assert public_view(article, tag)["headline"] != headline
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(url, _form_data(editor, url) | {"_workflow": "publish_changes"})
    view = public_view(article, tag)
    assert view["headline"] == headline
    assert view["api"]["title"].endswith(headline) or view["api"]["headline"] == headline
    assert view["home"] and view["feed"]
    assert view["search"] == [Article.objects.get(pk=article.pk).get_absolute_url()]


def test_the_reported_embargo_cases(desk, django_capture_on_commit_callbacks):
    """A contributor clears an embargo (refused, nothing shows); an editor does (every output
    takes the item in, search included); an embargo put on a live item is an unpublish."""
    owner, editor = desk["clients"]["owner"], desk["clients"]["editor"]
    article = _make("embargoed", desk["people"]["owner"])
    tag = article.headline.split()[-1]
    url = f"/admin/articles/article/{article.pk}/change/"
    lift = {"embargo_until_0": "", "embargo_until_1": ""}
    data = _form_data(editor, url) | lift
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(url, data)
    assert Article.objects.get(pk=article.pk).embargo_until is not None
    assert public_view(article, tag)["page"] == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(url, data).status_code == 302
    view = public_view(article, tag)
    live_url = Article.objects.get(pk=article.pk).get_absolute_url()
    assert view["page"] == 200 and view["home"] and view["feed"] and view["search"] == [live_url]
    assert Transition.objects.get(article=article).action == "lift embargo"

    until = _split(timezone.now() + timedelta(days=1))
    again = _form_data(editor, url) | {"embargo_until_0": until[0], "embargo_until_1": until[1]}
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(url, again).status_code == 302
    view = public_view(article, tag)
    assert view["page"] == 404 and view["api"] == 404 and not view["search"]
    assert Transition.objects.filter(article=article).first().action == "embargo"


def test_a_contributor_edits_only_their_own_drafts(desk):
    other = make_user("contributor", "third")
    article = _make("draft", other)
    url = f"/admin/articles/article/{article.pk}/change/"
    owner = desk["clients"]["owner"]
    page = _soup(owner.get(url))
    assert page.find("input", {"name": "headline"}) is None  # shown, not editable
    data = _form_data(desk["clients"]["editor"], url) | {"headline": "Taken over"}
    response = owner.post(url, data, follow=True)
    assert "another writer's draft" in _soup(response).select_one(".messagelist").get_text()
    assert Article.objects.get(pk=article.pk).headline != "Taken over"
    assert not Revision.objects.filter(article=article, author=desk["people"]["owner"]).exists()


def test_the_api_writes_no_article(desk):
    """The API's one write is the media upload; no method changes an article."""
    article = _make("live", desk["people"]["owner"])
    before = _row(article)
    client = desk["clients"]["admin"]
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(
            f"/api/v1/articles/{article.pk}",
            data=json.dumps({"headline": "Via the API", "embargo_until": None}),
            content_type="application/json",
        )
        assert response.status_code == 405, method
    assert _row(article) == before


def test_a_live_item_is_never_deleted_without_a_step(desk):
    chief = desk["clients"]["desk chief"]
    live = _make("live", desk["people"]["owner"])
    chief.post(f"/admin/articles/article/{live.pk}/delete/", {"post": "yes"})
    bulk = {"action": "delete_selected", "_selected_action": [live.pk], "post": "yes"}
    assert chief.post("/admin/articles/article/", bulk).status_code == 403
    assert Article.objects.filter(pk=live.pk).exists()
    unpublished = _make("unpublished", desk["people"]["owner"])
    chief.post(f"/admin/articles/article/{unpublished.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(pk=unpublished.pk).exists()


def test_restoring_a_revision_follows_the_owner_rule(desk):
    article = _make("draft", make_user("contributor", "third"))
    first = article.revisions.get()
    url = f"/admin/articles/article/{article.pk}/revisions/"
    assert desk["clients"]["owner"].post(url, {"restore": first.pk}).status_code == 403
    assert desk["clients"]["editor"].post(url, {"restore": first.pk}).status_code == 302


def test_an_embargo_put_on_a_live_item_and_passing_brings_it_back_to_search(
    desk, django_capture_on_commit_callbacks
):
    from dateline.desk import embargo

    editor = desk["clients"]["editor"]
    article = _make("live", desk["people"]["owner"])
    tag = article.headline.split()[-1]
    url = f"/admin/articles/article/{article.pk}/change/"
    until = _split(timezone.now() + timedelta(hours=2))
    data = _form_data(editor, url) | {"embargo_until_0": until[0], "embargo_until_1": until[1]}
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(url, data).status_code == 302
    assert public_view(article, tag)["search"] == []
    # The time passes; the worker lifts the embargo and announces the item.
    Article.objects.filter(pk=article.pk).update(embargo_until=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert embargo.lift_passed() == [article.pk]
    view = public_view(article, tag)
    live_url = Article.objects.get(pk=article.pk).get_absolute_url()
    assert view["search"] == [live_url] and view["home"] and view["feed"]


def test_the_page_says_which_fields_are_read_only_and_why(desk):
    article = _make("live", desk["people"]["owner"])
    url = f"/admin/articles/article/{article.pk}/change/"
    page = _soup(desk["clients"]["editor"].get(url))
    note = page.select_one("#locked-fields-note")
    reasons = {li.strong.get_text(): li.get_text() for li in note.select("li")}
    assert set(reasons) == {"signature", "language"}
    assert "needs desk.change_signature" in reasons["signature"]
    assert "unpublish it first" in reasons["language"]
    assert page.find(attrs={"name": "signature"}) is None
    assert page.find("input", {"name": "headline"}) is not None
    chief = _soup(desk["clients"]["desk chief"].get(url)).select_one("#locked-fields-note")
    assert [li.strong.get_text() for li in chief.select("li")] == ["language"]
