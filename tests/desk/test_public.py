"""What readers see of the desk: corrections, the corrections page, the banner, previews, kills."""

from __future__ import annotations

import time
from datetime import timedelta

from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from dateline.articles.models import Article
from dateline.desk import corrections, workflow
from dateline.site.preview import make_token, preview_path
from tests.factories import make_article


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_correction_shows_at_the_foot_and_on_the_corrections_page(people):
    article = make_article("Quake toll rises")
    workflow.correct(article, people["editor"], "correction", "The toll was 12, not 21.")
    workflow.correct(article, people["editor"], "update", "Rescue teams arrived.")

    foot = _soup(Client().get(article.get_absolute_url())).select("section.corrections li")
    assert [li["class"][1] for li in foot] == ["correction--correction", "correction--update"]
    assert "The toll was 12, not 21." in foot[0].get_text()
    assert foot[0].time["datetime"]

    page = _soup(Client().get("/en/corrections/"))
    items = page.select("ol.corrections-page li")
    assert items[0].a["href"] == article.get_absolute_url()
    assert "Rescue teams arrived." in items[0].get_text()

    data = corrections.structured(Article.objects.get(pk=article.pk))
    assert [d["type"] for d in data] == ["correction", "update"]
    assert data[0]["text"] == "The toll was 12, not 21."


def test_breaking_banner_ends_at_its_time(people):
    # Real time, not a row edited into the past: the front is kept rendered (the page
    # cache), and a kept copy must go when the banner it shows ends, with no change recorded.
    ends = timezone.now() + timedelta(seconds=2)
    article = make_article("Explosion in port", breaking_until=ends)
    banner = _soup(Client().get("/en/")).select_one("aside.breaking-banner")
    assert banner.a["href"] == article.get_absolute_url()
    time.sleep(max(0.0, (ends - timezone.now()).total_seconds()) + 0.1)
    assert _soup(Client().get("/en/")).select_one("aside.breaking-banner") is None


def test_preview_link_opens_a_draft_until_it_expires(people, settings):
    draft = make_article("Draft scoop", status=Article.Status.DRAFT)
    response = Client().get(preview_path(draft.pk))
    assert response.status_code == 200
    assert _soup(response).h1.get_text() == "Draft scoop"
    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]
    assert Client().get(draft.get_absolute_url()).status_code == 404

    forged = make_token(draft.pk)[:-2] + "xx"
    assert Client().get(f"/preview/{forged}/").status_code == 404
    settings.DATELINE_PREVIEW_MAX_AGE = -1
    assert Client().get(preview_path(draft.pk)).status_code == 404


def test_kill_leaves_a_410_and_records_the_reason(people):
    article = make_article("Defamatory item")
    workflow.perform(article, "kill", people["desk chief"], reason="Legal: defamation")
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 410
    assert Client().get(preview_path(article.pk)).status_code == 404
    assert article.transitions.get().reason == "Legal: defamation"


def test_correction_moves_date_modified_in_the_page_data(people):
    import json

    article = make_article("Port strike")
    entry = workflow.correct(article, people["editor"], "clarification", "Only the north port.")
    soup = _soup(Client().get(article.get_absolute_url()))
    data = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
    news = next(d for d in data if "correction" in d)
    assert news["correction"][0]["text"].endswith("Only the north port.")
    modified = Article.objects.get(pk=article.pk).modified_at
    assert modified == entry.at
    assert news["dateModified"].startswith(timezone.localtime(modified).strftime("%Y-%m-%dT%H:%M"))


def test_preview_shows_the_working_copy_of_a_live_article(people):
    from dateline.desk import revisions

    article = make_article("Live words")
    article.headline = "Reworked words"
    revisions.save_content(article, people["editor"], article.version)
    assert _soup(Client().get(preview_path(article.pk))).h1.get_text() == "Reworked words"
    assert _soup(Client().get(article.get_absolute_url())).h1.get_text() == "Live words"


def test_hostile_preview_tokens_and_page_numbers(people):
    client = Client()
    for token in ("0", "-1", "x" * 5000, "%ff%fe", "..%2f..%2fetc", make_token(10**12)):
        assert client.get(f"/preview/{token}/").status_code == 404, token
    for page in ("0", "-1", "abc", "9999", "%00"):
        assert client.get(f"/en/corrections/?page={page}").status_code == 200, page


def test_bad_schedule_time_in_the_admin_names_the_problem(people):
    from tests.desk.test_conflict import _form_data

    article = make_article(status=Article.Status.IN_REVIEW)
    url = f"/admin/articles/article/{article.pk}/change/"
    client = Client()
    client.force_login(people["editor"])
    data = _form_data(client, url) | {"_workflow": "schedule", "_schedule_at": "tomorrow-ish"}
    soup = _soup(client.post(url, data, follow=True))
    notes = " ".join(li.get_text() for li in soup.select(".messagelist li")).lower()
    assert "schedule time 'tomorrow-ish' is not a date and time" in notes
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW
