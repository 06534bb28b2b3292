"""The desk's fronts pages (/desk/fronts/): an editor lists fronts, arranges a front's blocks
and hand-placed items (buttons and drag orders), previews, publishes now or at a newsroom
time, reverts, runs a takeover; the roles decide who may; the item editor says which fronts
show an item; and a publish from the desk rebuilds only its front (files and purged keys)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dateline.fronts import layouts
from dateline.fronts.models import Block, BlockItem, Front, Layout, Takeover
from dateline.publishing.bakery import enqueue_all, run_workers
from dateline.publishing.models import BakedPage
from dateline.publishing.purge import RecordingPurgeBackend
from dateline.site.surrogates import page_key
from tests.desk.conftest import make_user
from tests.factories import make_article, make_section
from tests.fronts.helpers import add_block, lead_title, soup
from tests.publishing.worker import drain_worker

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return _client(make_user("editor"))


@pytest.fixture
def home():
    return Front.objects.create(language="en", kind="home")


def _edit(front: Front) -> str:
    return reverse("fronts_desk:edit", kwargs={"pk": front.pk})


def _post(client: Client, front: Front, **data):
    response = client.post(_edit(front), {k: str(v) for k, v in data.items()})
    assert response.status_code == 302, response.content[:500]
    return response


def _page(client: Client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def _kinds(front: Front) -> list[str]:
    return list(front.blocks.order_by("position").values_list("kind", flat=True))


def test_who_may_open_and_change_fronts(home):
    article = make_article()
    for role, status in [(None, 403), ("contributor", 403), ("editor", 200), ("admin", 200)]:
        client = _client(make_user(role, name=f"u-{role}"))
        assert client.get(reverse("fronts_desk:list")).status_code == status, role
        assert client.get(_edit(home)).status_code == status, role
    anonymous = Client().get(_edit(home))
    assert anonymous.status_code == 302 and "/desk/login/" in anonymous["Location"]
    # A contributor's crafted POST changes nothing.
    contributor = _client(make_user("contributor", name="c2"))
    response = contributor.post(_edit(home), {"action": "add_block", "kind": "lead"})
    assert response.status_code == 403 and not home.blocks.exists()
    # An editor adds a block; only a desk chief adds a front.
    editor = _client(make_user("editor", name="e2"))
    _post(editor, home, action="add_block", kind="lead", source="manual", count=1)
    assert _kinds(home) == ["lead"]
    new_front = {"language": "ar", "kind": "home"}
    assert editor.post(reverse("fronts_desk:list"), new_front).status_code == 403
    chief = _client(make_user("desk chief", name="chief"))
    assert chief.post(reverse("fronts_desk:list"), new_front).status_code == 302
    assert Front.objects.filter(language="ar", kind="home").exists()
    again = chief.post(reverse("fronts_desk:list"), new_front)
    assert again.status_code == 200 and "exists already" in again.content.decode()
    assert article.pk  # the item stays untouched by all of it


def test_without_the_publish_permission_the_home_is_read_only_and_nothing_goes_live(home):
    user = make_user(None, name="arranger")
    for code in ("view_front", "change_block", "add_block", "delete_block", "change_blockitem"):
        user.user_permissions.add(Permission.objects.get(codename=code))
    client = _client(user)
    world = make_section()
    section_front = Front.objects.create(language="en", kind="section", section=world)
    page = _page(client, _edit(home))
    assert page.select_one("#publish") is None and page.select_one("#add-block") is None
    assert "Read only" in page.get_text()
    assert client.post(_edit(home), {"action": "add_block", "kind": "row"}).status_code == 403
    # A section front they may arrange, but not publish.
    _post(client, section_front, action="add_block", kind="row", source="auto", count=4)
    assert _kinds(section_front) == ["row"]
    refused = client.post(_edit(section_front), {"action": "publish", "when": "now"})
    assert refused.status_code == 403 and not Layout.objects.exists()


def test_an_editor_arranges_blocks_and_places_items_by_buttons_and_by_drag(editor, home):
    first, second, third = (make_article(f"Item {n}") for n in (1, 2, 3))
    arabic = make_article("خبر", language="ar")
    _post(editor, home, action="add_block", kind="lead", source="manual", count=1)
    _post(editor, home, action="add_block", kind="row", source="both", count=4, heading="Top")
    _post(editor, home, action="add_block", kind="list", source="auto", count=8)
    lead, row, listing = home.blocks.order_by("position")
    _post(editor, home, action="place", block=lead.pk, article=second.pk)
    for article in (first, third):
        _post(editor, home, action="place", block=row.pk, article=article.pk)
    # The wrong edition, a duplicate, a block of another front and junk place nothing.
    other = Front.objects.create(language="en", kind="landing", slug="x")
    other_block = add_block(other, "row")
    for block, article in [
        (row.pk, arabic.pk),
        (row.pk, first.pk),
        (other_block.pk, first.pk),
        ("abc", first.pk),
        (row.pk, "-1"),
        (row.pk, "ÿ"),
    ]:
        editor.post(_edit(home), {"action": "place", "block": block, "article": article})
    broken = f"action=place&block={row.pk}&article=%FF%FE".encode()
    editor.post(_edit(home), broken, content_type="application/x-www-form-urlencoded")
    assert list(row.placed.values_list("article_id", flat=True)) == [first.pk, third.pk]
    assert not other_block.placed.exists()
    # Keyboard: Down on the first placed item, Up on the last block.
    item = row.placed.get(article=first)
    _post(editor, home, action="move_item", block=row.pk, item=item.pk, direction="down")
    assert [p.article_id for p in row.placed.order_by("position")] == [third.pk, first.pk]
    _post(editor, home, action="move_block", block=listing.pk, direction="up")
    assert _kinds(home) == ["lead", "list", "row"]
    _post(editor, home, action="move_block", block=lead.pk, direction="up")  # first stays
    assert _kinds(home) == ["lead", "list", "row"]
    # Drag: the script posts the new order of ids (unknown ids are ignored).
    _post(editor, home, action="order_blocks", order=f"{row.pk},999,{lead.pk},x")
    assert _kinds(home) == ["row", "lead", "list"]
    ids = [p.pk for p in row.placed.order_by("position")]
    _post(editor, home, action="order_items", block=row.pk, order=",".join(map(str, ids[::-1])))
    assert [p.article_id for p in row.placed.order_by("position")] == [first.pk, third.pk]
    # Settings, then removal.
    _post(editor, home, action="save_block", block=row.pk, kind="row", source="manual", count=3)
    row.refresh_from_db()
    assert (row.source, row.count) == ("manual", 3)
    bad = {"action": "save_block", "block": row.pk, "kind": "row", "source": "x", "count": "0"}
    editor.post(_edit(home), bad)
    row.refresh_from_db()
    assert (row.source, row.count) == ("manual", 3)
    _post(editor, home, action="remove_item", block=row.pk, item=ids[0])
    _post(editor, home, action="remove_block", block=listing.pk)
    assert _kinds(home) == ["row", "lead"]
    assert list(home.blocks.values_list("position", flat=True).order_by("position")) == [0, 1]
    # The page shows each block with its placed items and Up/Down buttons.
    page = _page(editor, _edit(home))
    blocks = page.select("#blocks > li.block")
    assert [b["id"] for b in blocks] == [f"block-{row.pk}", f"block-{lead.pk}"]
    assert [h.get_text() for h in blocks[1].select(".placed-item .headline")] == ["Item 2"]
    assert blocks[0].select_one("button[name=direction][value=up]").has_attr("disabled")
    assert not Layout.objects.exists()  # nothing is live until published


def test_search_as_you_type_finds_public_items_of_the_edition(editor, home):
    wanted = make_article("Ceasefire talks resume")
    make_article("Ceasefire draft", status="draft")
    make_article("Ceasefire elsewhere", language="ar")
    url = reverse("fronts_desk:search")
    found = editor.get(url, {"language": "en", "q": "ceasefire"}).json()["items"]
    assert [item["id"] for item in found] == [wanted.pk]
    by_id = editor.get(url, {"language": "en", "q": str(wanted.pk)}).json()["items"]
    assert wanted.pk in [item["id"] for item in by_id]
    for q in ["", "0", "-1", "9999", "ÿ", "%", "x" * 5000]:
        response = editor.get(url, {"language": "en", "q": q})
        assert response.status_code == 200 and isinstance(response.json()["items"], list)
    assert editor.get(url + "?language=en&q=%FF%FE").status_code == 200
    assert editor.get(url, {"language": "xx", "q": "a"}).status_code == 400
    # Without the script: the page's own search lists the results with Place forms.
    add_block(home, "lead", "manual")
    page = _page(editor, _edit(home) + "?q=ceasefire")
    rows = page.select("#found li.found-item")
    assert [r.select_one(".headline").get_text() for r in rows] == ["Ceasefire talks resume"]
    assert rows[0].select_one("input[name=article]")["value"] == str(wanted.pk)


def test_publish_now_schedule_at_newsroom_time_revert_and_withdraw(editor, home, settings):
    settings.TIME_ZONE = "Asia/Dubai"
    old_lead, new_lead = make_article("Old lead"), make_article("New lead")
    lead = add_block(home, "lead", "manual", items=[old_lead])
    _post(editor, home, action="publish", when="now", note="first")
    assert lead_title(soup("/en/")) == "Old lead"
    BlockItem.objects.filter(block=lead).update(article=new_lead)
    local = timezone.localtime(timezone.now() + timedelta(days=1)).replace(
        hour=6, minute=0, second=0, microsecond=0, tzinfo=None
    )
    _post(editor, home, action="publish", when="at", at=local.strftime("%Y-%m-%dT%H:%M"))
    scheduled = Layout.objects.get(front=home, version=2)
    assert scheduled.live_since is None
    dubai = timezone.get_current_timezone()
    assert scheduled.go_live_at == timezone.make_aware(
        datetime.combine(local.date(), local.time()), dubai
    )
    assert timezone.localtime(scheduled.go_live_at, dubai).hour == 6
    assert lead_title(soup("/en/")) == "Old lead"  # not before its time
    page = _page(editor, _edit(home))
    assert "goes live" in page.select_one("#history").get_text()
    # A time in the past or missing is refused.
    for at in ["2000-01-01T06:00", "", "junk"]:
        editor.post(_edit(home), {"action": "publish", "when": "at", "at": at})
    assert Layout.objects.filter(front=home).count() == 2
    # Its time comes (the worker's round at 06:00 tomorrow, moved to now).
    Layout.objects.filter(pk=scheduled.pk).update(go_live_at=timezone.now())
    layouts.run_due()
    assert lead_title(soup("/en/")) == "New lead"
    _post(editor, home, action="revert", version="1")
    assert lead_title(soup("/en/")) == "Old lead"
    assert list(home.blocks.get().placed.values_list("article_id", flat=True)) == [old_lead.pk]
    # A scheduled version can be withdrawn before its time; a live one cannot.
    later = (local + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    _post(editor, home, action="publish", when="at", at=later)
    _post(editor, home, action="cancel", version="4")
    _post(editor, home, action="cancel", version="3")
    assert list(home.layouts.values_list("version", flat=True)) == [3, 2, 1]


def test_a_takeover_from_the_desk_tops_every_front_until_ended(
    editor, django_capture_on_commit_callbacks
):
    world = make_section()
    news = make_article("Earthquake strikes the coast", section=world)
    make_article("Quiet day", section=world)
    url = reverse("fronts_desk:takeover", kwargs={"language": "en"})
    page = _page(editor, reverse("fronts_desk:list") + "?q=earthquake")
    choices = page.select("#tk-found-en input[name=article]")
    assert [c["value"] for c in choices] == [str(news.pk)]
    assert editor.post(url, {"action": "start", "article": news.pk}).status_code == 302
    for path in ("/en/", "/en/section/world/"):
        block = soup(path).select_one(".block--takeover")
        assert block is not None and "Earthquake" in block.get_text(), path
    assert soup("/ar/").select_one(".block--takeover") is None
    page = _page(editor, reverse("fronts_desk:list"))
    assert "Earthquake" in page.select_one(".takeover-on").get_text()
    takeover = Takeover.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(url, {"action": "end", "takeover": takeover.pk})
    takeover.refresh_from_db()
    assert takeover.ended_at is not None
    assert soup("/en/").select_one(".block--takeover") is None
    # Until a time: the worker ends it then.
    until = timezone.localtime() + timedelta(hours=2)
    form = {"action": "start", "article": news.pk, "ends_at": until.strftime("%Y-%m-%dT%H:%M")}
    editor.post(url, form)
    timed = Takeover.objects.filter(ended_at__isnull=True).get()
    assert timed.ends_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        layouts.run_due(now=timed.ends_at + timedelta(seconds=1))
    assert soup("/en/").select_one(".block--takeover") is None
    # Junk, a draft, another edition and a past end start nothing.
    draft = make_article("Draft", status="draft")
    for data in [
        {"article": "x"},
        {"article": draft.pk},
        {"article": news.pk, "ends_at": "2000-01-01T00:00"},
    ]:
        editor.post(url, {"action": "start", **data})
    assert (
        editor.post(
            reverse("fronts_desk:takeover", kwargs={"language": "xx"}),
            {"action": "start", "article": news.pk},
        ).status_code
        == 302
    )
    assert Takeover.objects.filter(ended_at__isnull=True).count() == 0
    contributor = _client(make_user("contributor", name="c3"))
    assert contributor.post(url, {"action": "start", "article": news.pk}).status_code == 403


def test_the_preview_shows_the_working_blocks_and_may_be_framed_by_the_desk(editor, home):
    lead = make_article("Unpublished arrangement lead")
    add_block(home, "lead", "manual", items=[lead])
    response = editor.get(reverse("fronts_desk:preview", kwargs={"pk": home.pk}))
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one(".card--lead .item__title a").get_text(strip=True) == lead.headline
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    # Readers still see the automatic front, and a reader cannot open the preview.
    assert Client().get(reverse("fronts_desk:preview", kwargs={"pk": home.pk})).status_code == 302
    edit = editor.get(_edit(home))
    assert "'self'" in edit["Content-Security-Policy"].split("frame-src")[1].split(";")[0]
    frames = BeautifulSoup(edit.content, "html.parser").select("#preview iframe")
    assert {(f["width"], f["height"]) for f in frames} == {("1366", "768"), ("390", "844")}
    # An Arabic front previews in Arabic, right to left.
    ar_home = Front.objects.create(language="ar", kind="home")
    add_block(ar_home, "lead", "manual", items=[make_article("عنوان", language="ar")])
    ar_page = BeautifulSoup(
        editor.get(reverse("fronts_desk:preview", kwargs={"pk": ar_home.pk})).content, "html.parser"
    )
    assert ar_page.html["lang"] == "ar" and ar_page.html["dir"] == "rtl"
    # A section front and a landing page preview under their own titles.
    world = make_section()
    section_front = Front.objects.create(language="en", kind="section", section=world)
    add_block(section_front, "row", "manual", items=[lead])
    landing = Front.objects.create(language="en", kind="landing", slug="vote", title="Vote")
    add_block(landing, "list", "manual", items=[lead])
    for front, title in [(section_front, world.name), (landing, "Vote")]:
        preview = editor.get(reverse("fronts_desk:preview", kwargs={"pk": front.pk}))
        page = BeautifulSoup(preview.content, "html.parser")
        assert page.select_one("h1.front-title").get_text() == title
        assert lead.headline in page.select_one("main").get_text()


def test_the_item_editor_says_which_fronts_show_the_item(editor, home):
    world = make_section()
    article = make_article("Placed by hand", section=world)
    landing = Front.objects.create(language="en", kind="landing", slug="special", title="Special")
    add_block(landing, "lead", "manual", items=[article])
    layouts.publish(landing)
    add_block(home, "lead", "manual", items=[article])
    add_block(home, "list", "auto", count=3)
    layouts.publish(home)
    page = _page(editor, reverse("desk:edit", kwargs={"pk": article.pk}))
    panel = page.select_one(".item-fronts")
    links = {a["href"] for a in panel.select("a")}
    assert {"/en/", "/en/front/special/", _edit(landing), _edit(home)} <= links
    unplaced = make_article("Old and unplaced", published_at=timezone.now() - timedelta(days=30))
    for n in range(3):
        make_article(f"Newer {n}", section=world)
    page = _page(editor, reverse("desk:edit", kwargs={"pk": unplaced.pk}))
    assert "Not on any front now" in page.select_one(".item-fronts").get_text()


@pytest.fixture
def baked_site(baked):
    world = make_section()
    english = [make_article(section=world) for _ in range(3)]
    make_article(language="ar", section=world)
    enqueue_all()
    assert run_workers(1).failures == []
    RecordingPurgeBackend.reset()
    return english


def test_a_publish_from_the_desk_rebuilds_only_its_front(
    baked, baked_site, editor, home, django_capture_on_commit_callbacks
):
    add_block(home, "lead", "manual", items=[baked_site[0]])
    files = {p: p.read_bytes() for p in baked.rglob("*") if p.is_file()}
    built = dict(BakedPage.objects.values_list("path", "built_at"))
    with django_capture_on_commit_callbacks(execute=True):
        _post(editor, home, action="publish", when="now")
    now = dict(BakedPage.objects.values_list("path", "built_at"))
    assert {path for path, at in now.items() if at != built.get(path)} == {"/en/"}
    changed = {
        p.relative_to(baked).as_posix()
        for p in baked.rglob("*")
        if p.is_file() and p.read_bytes() != files.get(p)
    }
    assert changed == {"en/index.html", "en/index.html.gz"}
    drain_worker()
    assert {key for call in RecordingPurgeBackend.calls for key in call} == {page_key("/en/")}
    # Arranging without publishing rebuilds nothing.
    RecordingPurgeBackend.reset()
    with django_capture_on_commit_callbacks(execute=True):
        _post(editor, home, action="add_block", kind="row", source="auto", count=4)
    assert dict(BakedPage.objects.values_list("path", "built_at")) == now
    drain_worker()
    assert RecordingPurgeBackend.calls == []
    assert Block.objects.filter(front=home).count() == 2


def test_the_fronts_pages_speak_arabic_right_to_left(editor, home, settings):
    import polib

    add_block(home, "lead", "manual")
    editor.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    for url in (reverse("fronts_desk:list"), _edit(home)):
        page = _page(editor, url)
        assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")
    assert page.select_one("#blocks-h").get_text() == "الكتل (نسخة العمل، لم تُنشر بعد)"
    assert page.select_one("label[for=id_new_kind]").get_text() == "النوع"
    assert "رئيسي مع أخبار ثانوية" in page.select_one("#id_new_kind").get_text()
    # The fronts' own catalogue ships compiled and complete.
    from pathlib import Path

    import dateline.fronts

    folder = Path(dateline.fronts.__file__).parent / "locale" / "ar" / "LC_MESSAGES"
    source = polib.pofile(str(folder / "django.po"))
    assert source.untranslated_entries() == []
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(folder / "django.mo"))}
    assert all(compiled.get(e.msgid) == e.msgstr for e in source if not e.msgid_plural)


def test_the_fronts_pages_are_valid_html(editor, home, vnu, tmp_path, settings):
    from tests.vnu import nu_errors

    item = make_article("Valid lead")
    add_block(home, "lead", "manual", items=[item])
    add_block(home, "row", "both", items=[make_article("Second")])
    layouts.publish(home)
    make_article("Valid scheduled")
    pages = {}
    for language in ("en", "ar"):
        editor.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        pages[f"list-{language}"] = editor.get(reverse("fronts_desk:list") + "?q=valid").content
        pages[f"edit-{language}"] = editor.get(_edit(home) + "?q=valid").content
        pages[f"item-{language}"] = editor.get(reverse("desk:edit", kwargs={"pk": item.pk})).content
    pages["preview"] = editor.get(reverse("fronts_desk:preview", kwargs={"pk": home.pk})).content
    assert nu_errors(vnu, pages, tmp_path) == {name: [] for name in pages}
