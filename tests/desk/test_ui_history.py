"""The desk's revisions page: a side-by-side diff of a revision against the working copy, and
restore, which is a new revision and never loses the current text; role- and lock-checked."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from dateline.articles.models import Article
from dateline.desk import revisions, workflow
from dateline.desk.models import Revision
from dateline.desk.ui import history, locks
from tests.desk.conftest import make_user
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_locks():
    from django.core.cache import cache

    cache.clear()


def plain(text: str) -> str:
    """Return ``text`` without the bidi isolates the diff puts around quoted words."""
    return text.replace("\u2068", "").replace("\u2069", "")


def _draft(user) -> tuple[Article, Revision]:
    article = Article(
        headline="Talks resume in Geneva",
        slug="talks",
        summary="Delegates return.",
        body="<p>Negotiators met on Monday.</p><p>They spoke for an hour.</p>",
        language="en",
    )
    workflow.save_edit(article, user)
    first = article.revisions.get()
    article.headline = "Talks resume in Tripoli"
    article.body = (
        "<p>Negotiators met on Tuesday.</p>"
        '<figure class="factbox"><figcaption>Key facts</figcaption><p>Third round.</p></figure>'
    )
    workflow.save_edit(article, user, base_version=article.version)
    return article, first


def test_body_lines_read_like_the_page():
    body = (
        "<h2>Background</h2><p>One <em>two</em>.</p><ul><li><p>Item</p></li></ul>"
        '<figure><img src="/a.jpg" alt="A quay"><figcaption>Cranes <cite>AP</cite></figcaption>'
        '</figure><figure class="gallery"><figure><img src="/b.jpg" alt="B"><figcaption>b'
        '</figcaption></figure></figure><figure class="embed" data-provider="Vimeo">'
        '<a href="https://vimeo.com/1">https://vimeo.com/1</a><figcaption>Vimeo</figcaption>'
        '</figure><figure class="factbox"><figcaption>Facts</figcaption><p>Fact.</p></figure>'
    )
    lines = [plain(line) for line in history.body_lines(body)]
    assert lines == [
        "Background",
        "One two.",
        "Item",
        "[Picture: A quay] Cranes AP",
        "[Gallery: 1]",
        "[Picture: B] b",
        "[Embed: Vimeo https://vimeo.com/1]",
        "[Fact box: Facts]",
        "Fact.",
    ]


def test_words_are_marked_and_escaped():
    rows = history.compare_lines(["Met on <b>Monday</b>.", "Gone"], ["Met on <b>Tuesday</b>."])
    assert [r.kind for r in rows] == ["changed", "removed"]
    assert rows[0].old == "Met on &lt;b&gt;<del>Monday</del>&lt;/b&gt;."
    assert rows[0].new == "Met on &lt;b&gt;<ins>Tuesday</ins>&lt;/b&gt;."
    assert rows[1].old == "<del>Gone</del>" and rows[1].new == ""


def test_the_page_shows_a_side_by_side_diff_with_the_working_copy(client, people):
    editor = people["editor"]
    article, first = _draft(editor)
    client.force_login(editor)
    response = client.get(f"/desk/items/{article.pk}/revisions/?r={first.pk}")
    soup = BeautifulSoup(response.content, "html.parser")
    tables = {t.find("caption").get_text(): t for t in soup.select("table.diff")}
    headline = tables["Headline"].select("tbody tr")
    assert [str(td.decode_contents()) for td in headline[0].find_all("td")] == [
        "Talks resume in <del>Geneva</del>",
        "Talks resume in <ins>Tripoli</ins>",
    ]
    body = [
        [plain(td.get_text()) for td in tr.find_all("td")] for tr in tables["Body"].select("tr")[1:]
    ]
    assert body == [
        ["Negotiators met on Monday.", "Negotiators met on Tuesday."],
        ["They spoke for an hour.", "[Fact box: Key facts]"],
        ["", "Third round."],
    ]
    assert [tr["class"] for tr in tables["Summary"].select("tbody tr")] == [["diff-same"]]
    assert soup.find("input", {"name": "restore"})["value"] == str(first.pk)


def test_restore_is_a_new_revision_and_keeps_the_current_text(client, people):
    editor = people["editor"]
    article, first = _draft(editor)
    before = article.revisions.count()
    client.force_login(editor)
    response = client.post(f"/desk/items/{article.pk}/revisions/", {"restore": first.pk})
    assert response.status_code == 302 and response["Location"] == f"/desk/items/{article.pk}/"
    stored = Article.objects.get(pk=article.pk)
    assert stored.headline == "Talks resume in Geneva" and "Monday" in stored.body
    assert article.revisions.count() == before + 1
    assert any("Tripoli" in r.data["headline"] for r in article.revisions.all())


def test_restore_on_a_live_item_makes_a_working_copy(client, people):
    editor = people["editor"]
    live = make_article("Live words", body="<p>Live.</p>")
    old = revisions.record(live, editor)  # the only revision: the live text
    live.headline = "Reworked words"
    workflow.save_edit(live, editor, base_version=live.version)
    # Readers still read the live words; restoring the old revision ends the working copy.
    client.force_login(editor)
    client.post(f"/desk/items/{live.pk}/revisions/", {"restore": old.pk})
    assert Article.objects.get(pk=live.pk).headline == "Live words"
    assert revisions.working_copy(Article.objects.get(pk=live.pk)) is None


def test_words_saved_outside_the_desk_are_kept_before_a_restore(people):
    editor = people["editor"]
    article, first = _draft(editor)
    Article.objects.filter(pk=article.pk).update(headline="Fixed in the shell")
    history.restore(article, first, editor)
    assert Article.objects.get(pk=article.pk).headline == "Talks resume in Geneva"
    assert article.revisions.filter(data__headline="Fixed in the shell").exists()


def test_restore_is_role_and_lock_checked(client, people):
    article, first = _draft(people["editor"])
    other = make_user("contributor", "someone_else")
    client.force_login(other)
    soup = BeautifulSoup(client.get(f"/desk/items/{article.pk}/revisions/").content, "html.parser")
    assert soup.find("input", {"name": "restore"}) is None
    client.post(f"/desk/items/{article.pk}/revisions/", {"restore": first.pk})
    assert Article.objects.get(pk=article.pk).headline == "Talks resume in Tripoli"
    # A desk chief may, but not while the editor has the story open.
    locks.acquire(article.pk, people["editor"])
    client.force_login(people["desk chief"])
    client.post(f"/desk/items/{article.pk}/revisions/", {"restore": first.pk})
    assert Article.objects.get(pk=article.pk).headline == "Talks resume in Tripoli"
    # A revision of another item is not found; a hostile key is not an error.
    stray = make_article()
    stray_rev = revisions.record(stray, people["editor"])
    response = client.post(f"/desk/items/{article.pk}/revisions/", {"restore": stray_rev.pk})
    assert response.status_code == 404
    assert client.post(f"/desk/items/{article.pk}/revisions/", {"restore": "x"}).status_code == 404
    assert client.get(f"/desk/items/{article.pk}/revisions/?r=abc").status_code == 200
