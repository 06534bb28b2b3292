"""The desk at /desk/: each page by role, on parsed HTML; autosave, locks and steps by JSON
and database rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from dateline.articles.html import sanitize_html
from dateline.articles.models import Article
from dateline.desk import workflow
from dateline.desk.models import Correction, Revision, Transition
from dateline.desk.ui import locks
from tests.desk.conftest import make_user
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture(autouse=True)
def fresh_locks():
    from django.core.cache import cache

    cache.clear()


def page(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def login(client, user):
    client.force_login(user)
    return client


def new_draft(user, headline="A draft", body="<p>Words.</p>") -> Article:
    article = Article(headline=headline, slug="a-draft", body=body, language="en")
    workflow.save_edit(article, user)
    return article


def test_the_desk_asks_for_a_login(client):
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/desk/login/")
    soup = page(client, response["Location"])
    assert soup.find("input", {"name": "username"}) is not None


def test_a_reader_account_is_refused(client, people):
    assert login(client, people["reader"]).get("/desk/").status_code == 403


@pytest.mark.parametrize("role", ["contributor", "editor", "desk chief", "admin"])
def test_home_shows_what_needs_me_now(client, people, role):
    user = people[role]
    mine = new_draft(user, "My own draft")
    other = new_draft(
        people["contributor"] if role != "contributor" else people["editor"], "Not mine"
    )
    waiting = make_article("Waiting", status=S.IN_REVIEW, published_at=None)
    scheduled = make_article(
        "Due later",
        status=S.SCHEDULED,
        published_at=None,
        scheduled_at=timezone.now() + timedelta(hours=2),
    )
    # Published now, not the factory's hour ago: in the first hour after midnight that was
    # yesterday, and today's bar of the chart came out empty.
    now = timezone.now()
    embargoed = make_article(
        "Under embargo", published_at=now, embargo_until=now + timedelta(hours=5)
    )
    make_article("Breaking one", published_at=now, breaking_until=now + timedelta(minutes=30))
    Correction.objects.create(article=embargoed, text="A name was misspelt.")
    soup = page(login(client, user), "/desk/")
    text = {h.get_text(strip=True): h.find_parent("section") for h in soup.find_all("h2")}
    drafts = text["My drafts"].get_text()
    assert mine.headline in drafts and other.headline not in drafts
    review = text["Waiting for review"].find_all("a")
    assert (waiting.headline in [a.get_text() for a in review]) == (role != "contributor")
    assert scheduled.headline in text["Scheduled"].get_text()
    assert embargoed.headline in text["Embargoes"].get_text()
    assert "misspelt" in text["Today's corrections"].get_text()
    assert "Breaking one" in text["Breaking now"].get_text()
    chart = text["Published per day, last 30 days"]
    svg = chart.find("svg")
    assert svg["role"] == "img" and svg.find("title").get_text()
    table = chart.find("table")
    assert len(table.find("tbody").find_all("tr")) == 30
    assert int(table.find("tbody").find_all("tr")[-1].find_all("td")[-1].get_text()) >= 2


def test_the_chart_draws_in_arabic_too(client, people):
    """Coordinates are never localised: Arabic's decimal comma broke every line and label."""
    make_article("Counted", published_at=timezone.now() - timedelta(days=3))
    login(client, people["editor"]).post("/desk/language/", {"language": "ar", "next": "/desk/"})
    svg = page(client, "/desk/").find("svg", class_="bars")
    numbers = [
        float(v)
        for tag in svg.find_all(["line", "rect", "text"])
        for v in (tag.get("x"), tag.get("y"), tag.get("y1"), tag.get("width"))
        if v is not None
    ]
    assert numbers and all(n >= 0 for n in numbers)
    assert "نوفمبر" in svg.get_text() or "ديسمبر" in svg.get_text() or "أكتوبر" in svg.get_text()


def test_story_list_filters_and_pages_by_key(client, people):
    section = make_section()
    rows = [make_article(f"Story {n}", section=section if n % 2 else None) for n in range(60)]
    user = people["editor"]
    soup = page(login(client, user), "/desk/items/")
    listed = soup.select("table.stories tbody tr")
    assert len(listed) == 50
    assert listed[0].find("a").get_text() == "Story 59"
    older = soup.find("a", rel="next")["href"]
    soup = page(client, f"/desk/items/{older}")
    assert [tr.find("a").get_text() for tr in soup.select("table.stories tbody tr")] == [
        f"Story {n}" for n in range(9, -1, -1)
    ]
    assert soup.find("a", rel="next") is None and soup.find("a", rel="prev") is not None
    soup = page(client, f"/desk/items/?section={section.pk}&state=published")
    assert len(soup.select("table.stories tbody tr")) == 30
    assert rows  # hostile keys give the first page, not an error
    for bad in ("abc", "-1", "99999999999999999999", "0"):
        assert client.get(f"/desk/items/?after={bad}&section={bad}").status_code == 200


def test_story_list_mine(client, people):
    mine = new_draft(people["contributor"], "Mine only")
    make_article("Someone else's")
    soup = page(login(client, people["contributor"]), "/desk/items/?mine=1")
    assert [a.get_text() for a in soup.select("table.stories tbody td a")] == [mine.headline]


def test_new_story_creates_a_draft_owned_by_its_writer(client, people):
    response = login(client, people["contributor"]).post(
        "/desk/items/new/", {"headline": "عنوان جديد", "language": "ar"}
    )
    article = Article.objects.get(headline="عنوان جديد")
    assert response["Location"] == f"/desk/items/{article.pk}/"
    assert article.language == "ar" and article.status == S.DRAFT and article.slug == "عنوان-جديد"
    assert Revision.objects.get(article=article).author == people["contributor"]


def test_editor_hides_internal_fields_and_marks_directions(client, people):
    article = new_draft(people["contributor"])
    soup = page(login(client, people["contributor"]), f"/desk/items/{article.pk}/")
    form = soup.find("form", id="item-form")
    names = {field.get("name") for field in form.find_all(["input", "select", "textarea"])}
    assert {"headline", "slug", "summary", "body", "language", "section"} <= names
    assert not names & {"sort", "label_separator", "translation_key", "status", "published_at"}
    assert form.find("input", {"name": "headline"})["dir"] == "auto"
    assert form.find("textarea", {"name": "body"})["dir"] == "auto"
    assert [o["value"] for o in form.find("select", {"name": "language"}).find_all("option")] == [
        "en",
        "ar",
    ]
    # A contributor's draft: submit, no publish, no kill.
    steps = [b["value"] for b in soup.select("form[data-step-form] button[name=step]")]
    assert steps == ["submit"]
    assert soup.find(id="kill-h") is None


def test_kill_is_apart_and_only_for_items_once_published(client, people):
    chief = people["desk chief"]
    draft = new_draft(people["editor"])
    soup = page(login(client, chief), f"/desk/items/{draft.pk}/")
    assert soup.find(id="kill-h") is None
    assert "kill" not in [b["value"] for b in soup.select("button[name=step]")]
    live = make_article("Live one")
    soup = page(client, f"/desk/items/{live.pk}/")
    kill = soup.find(id="kill-h").find_parent("section")
    assert kill.find("textarea", {"name": "reason"}).has_attr("required")
    assert kill.find("input", {"name": "confirm"}).has_attr("required")
    # Without the confirmation nothing happens; with it and a reason the item is killed.
    client.post(f"/desk/items/{live.pk}/step/", {"step": "kill", "reason": "legal"})
    assert Article.objects.get(pk=live.pk).status == S.PUBLISHED
    client.post(f"/desk/items/{live.pk}/step/", {"step": "kill", "reason": "legal", "confirm": "1"})
    assert Article.objects.get(pk=live.pk).status == S.KILLED
    assert Transition.objects.get(article=live, action="kill").reason == "legal"
    # A crafted kill of a never-published draft is refused.
    client.post(f"/desk/items/{draft.pk}/step/", {"step": "kill", "reason": "x", "confirm": "1"})
    assert Article.objects.get(pk=draft.pk).status == S.DRAFT


def _form(soup) -> dict:
    data = {}
    form = soup.find("form", id="item-form")
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            chosen = [o["value"] for o in field.find_all("option") if o.has_attr("selected")]
            data[name] = chosen if field.has_attr("multiple") else (chosen[0] if chosen else "")
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


FIGURE = (
    '<figure><img src="/media/2026/01/01/x_1_25f_4x3.jpg" alt="A street">'
    "<figcaption>Protesters in Tripoli <cite>Reuters</cite></figcaption></figure>"
)
EMBED = (
    '<figure class="embed" data-provider="YouTube"><a href="https://www.youtube.com/watch?v=abc">'
    "https://www.youtube.com/watch?v=abc</a><figcaption>YouTube</figcaption></figure>"
)


def test_every_element_the_editor_writes_survives_the_sanitiser():
    body = (
        '<h2>Head</h2><p>A <strong>b</strong> <em>i</em> <a href="https://x.org/">link</a></p>'
        "<ul><li><p>one</p></li></ul><ol><li><p>two</p></li></ol>"
        "<blockquote><p>Quote</p></blockquote>"
        "<table><tbody><tr><th><p>h</p></th></tr><tr><td><p>c</p></td></tr></tbody></table>"
        + FIGURE
        + EMBED
    )
    cleaned = sanitize_html(body)
    for piece in (
        FIGURE,
        EMBED.replace('abc">', 'abc" rel="noopener noreferrer">', 1),
        "<table>",
        "<blockquote>",
        "<h2>Head</h2>",
    ):
        assert piece in cleaned


def test_autosave_saves_and_reports_conflicts(client, people):
    writer = people["contributor"]
    article = new_draft(writer)
    soup = page(login(client, writer), f"/desk/items/{article.pk}/")
    data = _form(soup) | {"body": "<p>New words.</p>" + FIGURE + EMBED}
    response = client.post(f"/desk/items/{article.pk}/autosave/", data)
    assert response.status_code == 200, response.content
    saved = response.json()
    assert saved["saved"] and saved["version"] == article.version + 1
    stored = Article.objects.get(pk=article.pk)
    assert FIGURE in stored.body and 'data-provider="YouTube"' in stored.body
    assert saved["problems"] == []
    # A second save from the old version is a conflict, named, and nothing is written.
    stale = data | {"body": "<p>Stale.</p>"}
    response = client.post(f"/desk/items/{article.pk}/autosave/", stale)
    assert response.status_code == 409
    assert "your changes were not saved" in response.json()["conflict"]
    assert "Stale" not in Article.objects.get(pk=article.pk).body


def test_pictures_need_alt_caption_and_credit_before_release(client, people):
    editor = people["editor"]
    article = new_draft(
        editor, body='<figure><img src="/media/x.jpg" alt=""><figcaption></figcaption></figure>'
    )
    login(client, editor)
    client.post(f"/desk/items/{article.pk}/step/", {"step": "publish"})
    assert Article.objects.get(pk=article.pk).status == S.DRAFT
    soup = page(client, f"/desk/items/{article.pk}/")
    problems = soup.find(id="problems").get_text()
    assert "alt text" in problems and "caption" in problems and "credit" in problems


def test_each_gallery_picture_is_checked_and_fact_boxes_are_not_pictures(client, people):
    editor = people["editor"]
    gallery = (
        '<figure class="factbox"><figcaption>Key facts</figcaption><p>One.</p></figure>'
        '<figure class="gallery">' + FIGURE + '<figure><img src="/media/y.jpg" alt="A quay">'
        "<figcaption>Cranes</figcaption></figure></figure>"
    )
    article = new_draft(editor, body=gallery)
    login(client, editor)
    client.post(f"/desk/items/{article.pk}/step/", {"step": "publish"})
    assert Article.objects.get(pk=article.pk).status == S.DRAFT
    problems = page(client, f"/desk/items/{article.pk}/").find(id="problems")
    assert [li.get_text() for li in problems.find_all("li")] == [
        "Picture 2 in the body has no credit."
    ]


def test_schedule_from_the_editor_in_newsroom_time(client, people, settings):
    settings.TIME_ZONE = "Asia/Dubai"
    editor = people["editor"]
    article = new_draft(editor, body="<p>Ready.</p>")
    login(client, editor)
    at = timezone.localtime(timezone.now() + timedelta(days=1))
    client.post(
        f"/desk/items/{article.pk}/step/", {"step": "schedule", "at": at.strftime("%Y-%m-%dT%H:%M")}
    )
    stored = Article.objects.get(pk=article.pk)
    assert stored.status == S.SCHEDULED
    assert abs((stored.scheduled_at - at.replace(second=0, microsecond=0)).total_seconds()) < 1


def test_a_second_editor_sees_the_lock_and_may_take_over(client, people):
    first, second = people["editor"], people["desk chief"]
    article = new_draft(first)
    login(client, first).get(f"/desk/items/{article.pk}/")
    assert locks.holder(article.pk).user_id == first.pk
    soup = page(login(client, second), f"/desk/items/{article.pk}/")
    banner = soup.find(id="lock-banner")
    assert not banner.has_attr("hidden") and "editor is editing this story" in banner.get_text()
    assert soup.find("form", id="item-form")["data-read-only"] == "1"
    assert client.post(f"/desk/items/{article.pk}/autosave/", _form(soup)).status_code == 423
    soup = page(client, f"/desk/items/{article.pk}/?take_over=1")
    assert soup.find("form", id="item-form")["data-read-only"] == "0"
    assert locks.holder(article.pk).user_id == second.pk
    login(client, first)
    beat = client.post(f"/desk/items/{article.pk}/presence/").json()
    assert beat == {"mine": False, "holder": "desk_chief", "since": locks.holder(article.pk).since}


def test_embed_lookup_and_upload_refusals(client, people):
    login(client, people["contributor"])
    found = client.get("/desk/embed/", {"url": "https://vimeo.com/123"}).json()
    assert found["provider"] == "Vimeo" and 'class="embed"' in found["html"]
    assert client.get("/desk/embed/", {"url": "javascript:alert(1)"}).status_code == 400
    assert client.post("/desk/media/upload/", {}).status_code == 400


def test_desk_language_switch_mirrors_the_ui(client, people):
    login(client, people["editor"])
    client.post("/desk/language/", {"language": "ar", "next": "/desk/"})
    soup = page(client, "/desk/")
    assert soup.html["dir"] == "rtl" and soup.html["lang"] == "ar"
    response = client.post("/desk/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/desk/"


def test_a_contributor_cannot_open_another_writers_draft_for_editing(client, people):
    other = make_user("contributor", "other_writer")
    article = new_draft(other)
    soup = page(login(client, people["contributor"]), f"/desk/items/{article.pk}/")
    assert soup.find("form", id="item-form")["data-read-only"] == "1"
    response = client.post(f"/desk/items/{article.pk}/autosave/", _form(soup) | {"headline": "X"})
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).headline == "A draft"
