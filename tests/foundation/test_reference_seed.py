"""The reference page imported end to end: its related JSON equals the seed's list."""

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from dateline.articles.models import Article
from dateline.related.models import RelatedPin

SEED = Path(__file__).resolve().parents[2] / "dateline" / "demo" / "fixtures" / "reference-page.txt"


def seed_items() -> list[dict]:
    text = SEED.read_text(encoding="utf-8")
    start = text.index("string(")
    return json.loads(text[text.index('"', start) + 1 : text.rindex('"')])


@pytest.fixture
def reference(db) -> Article:
    call_command("import_page", str(SEED))
    return Article.objects.get(is_stub=False)


def test_related_json_equals_the_seed(client, reference):
    response = client.get(f"/api/v1/articles/{reference.pk}/related")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == seed_items()
    # Key order and string values, exactly as the reference wrote them.
    for item in json.loads(response.content):
        assert list(item) == ["id", "sort", "contenttypeid", "pic", "title"]
        assert all(isinstance(v, str) for v in item.values())


def test_labels_are_data_and_titles_round_trip(reference):
    stub = Article.objects.get(pk=1781780)
    assert stub.label.code == "PICS"
    assert stub.headline == "ISIS in Libya Executed Three People in Public for Alleged Accusations"
    assert Article.objects.get(pk=1780522).display_title.startswith("VIDEO, ISIS Captured")
    assert Article.objects.get(pk=1783424).label_separator == ": "


def test_article_page_shows_dateline_body_signature_and_related(client, reference):
    response = client.get(reference.get_absolute_url())
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert (
        soup.h1.get_text(strip=True)
        == "Libya Rejects Presence of France Soldiers in Fight against ISIS"
    )
    time = soup.select_one(".dateline time")
    assert time.get_text() == "Fri Feb 26, 2016 11:14:49"
    assert time["datetime"] == "2016-02-26T11:14:49+00:00"
    assert len(soup.select(".body p")) == 9
    assert soup.select_one(".signature").get_text() == "S/SH 11"
    items = soup.select(".related__list > li")
    assert len(items) == 9
    titles = [li.select_one(".item__title a").get_text() for li in items]
    assert titles[0] == "ISIS Captured Bin Jawad 4th Town in Libya, Detained 200 Locals"
    assert titles[-1] == "ISIS Militant Head Arrested in Northwestern Libya"
    assert items[0].select_one(".label").get_text() == "VIDEO"
    # The fourth item's media is an .mp4: it carries the video mark.
    assert items[3].select_one(".video-mark") is not None


def test_importing_twice_changes_nothing(reference, capsys):
    before = list(Article.objects.order_by("pk").values())
    pins = list(RelatedPin.objects.order_by("pk").values())
    call_command("import_page", str(SEED))
    assert "unchanged" in capsys.readouterr().out
    assert list(Article.objects.order_by("pk").values()) == before
    assert list(RelatedPin.objects.order_by("pk").values()) == pins


def test_unknown_and_unpublished_ids_are_404_json(client, reference):
    for article_id in (999, 0):
        response = client.get(f"/api/v1/articles/{article_id}/related")
        assert response.status_code == 404
        assert "detail" in response.json()
    reference.status = Article.Status.UNPUBLISHED
    reference.save()
    assert client.get(f"/api/v1/articles/{reference.pk}/related").status_code == 404


def test_unpublished_items_never_appear_in_the_list(client, reference):
    Article.objects.filter(pk=1781780).update(status=Article.Status.KILLED)
    ids = [item["id"] for item in client.get(f"/api/v1/articles/{reference.pk}/related").json()]
    assert "1781780" not in ids
    assert len(ids) == 8


def test_openapi_document_describes_the_related_endpoint(client):
    document = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/articles/{article_id}/related" in document["paths"]
