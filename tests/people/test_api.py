"""``/api/v1/authors``: list, detail and their articles; ``authors`` on article items."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.people.models import AgencyCredit, Person
from tests.factories import make_article, make_story
from tests.people.conftest import EMBARGOED, HIDDEN, credit


def test_list_names_only_people_with_public_items_and_pages_by_cursor(client, bylined):
    first = client.get("/api/v1/authors", {"limit": "2"}).json()
    second = client.get("/api/v1/authors", {"limit": "2", "cursor": first["next_cursor"]}).json()
    assert second["next_cursor"] is None
    slugs = [p["slug"] for p in first["items"] + second["items"]]
    assert slugs == ["jane-doe", "omar-khaled", "sam-lee"]


def test_detail_has_both_spellings_links_and_pages(client, bylined):
    person = client.get("/api/v1/authors/jane-doe").json()
    assert person["name"] == "Jane Doe" and person["name_ar"] == "جين دو"
    assert person["links"] == ["https://janedoe.example/", "https://social.example/@jane"]
    assert person["urls"] == {
        "en": "https://news.example/en/author/jane-doe/",
        "ar": "https://news.example/ar/author/jane-doe/",
    }
    assert person["photo"]["kind"] == "image"
    assert client.get("/api/v1/authors/nobody").status_code == 404
    assert client.get("/api/v1/authors/%00").status_code == 404


def test_their_articles_are_public_only_newest_first(client, bylined):
    answer = client.get("/api/v1/authors/jane-doe/articles").json()
    titles = [a["headline"] for a in answer["items"]]
    assert set(titles) == {"Talks resume in Geneva", "استئناف المحادثات في جنيف"}
    assert HIDDEN not in titles and EMBARGOED not in titles
    sorts = [a["sort"] for a in answer["items"]]
    assert sorts == sorted(sorts)
    bad = client.get("/api/v1/authors/jane-doe/articles", {"cursor": "nonsense"})
    assert bad.status_code == 400


def test_article_detail_lists_authors_with_roles_in_byline_order(client, bylined):
    item = client.get(f"/api/v1/articles/{bylined.arabic.pk}").json()
    assert [(a["slug"], a["name"], a["role"]) for a in item["authors"]] == [
        ("omar-khaled", "عمر خالد", "reporter"),
        ("jane-doe", "جين دو", "reporter"),
        ("sam-lee", "Sam Lee", "additional"),
    ]
    assert item["authors"][0]["api_url"] == "https://news.example/api/v1/authors/omar-khaled"


def test_summaries_carry_authors_in_byline_order(client, bylined):
    items = client.get("/api/v1/articles", {"language": "ar"}).json()["items"]
    (arabic,) = [i for i in items if i["id"] == bylined.arabic.pk]
    assert [a["slug"] for a in arabic["authors"]] == ["omar-khaled", "jane-doe", "sam-lee"]
    ninjs = client.get("/api/v1/articles.ninjs", {"language": "ar", "version": "3.1"}).json()[
        "items"
    ]
    (item,) = [i for i in ninjs if i["altIds"][0]["value"] == str(bylined.arabic.pk)]
    assert [p["literal"] for p in item["people"]] == ["omar-khaled", "jane-doe", "sam-lee"]


def _queries(client, url: str, expected_items: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(url, {"limit": "100"})
    assert answer.status_code == 200, answer.content[:300]
    data = answer.json()
    items = data.get("items", data.get("articles"))
    assert len(items) == expected_items
    # Each item is credited: the authors are really read, not skipped.
    assert all(i.get("authors") or i.get("people") for i in items)
    return len(captured)


def test_lists_read_authors_in_the_same_number_of_queries_for_any_number_of_items(
    client, db, settings
):
    """The article list, the ninjs feed, an author's articles and a story's timeline fetch
    every item's authors and agency together (no query per item)."""
    settings.DATELINE_SITE_URL = "https://news.example"
    story = make_story()
    jane = Person.objects.create(name="Jane Doe", slug="jane-doe")
    omar = Person.objects.create(name="Omar Khaled", slug="omar-khaled")
    urls = [
        "/api/v1/articles",
        "/api/v1/articles.ninjs",
        "/api/v1/authors/jane-doe/articles",
        f"/api/v1/stories/{story.pk}",
    ]
    counts = {}
    made = 0
    for size in (2, 8):
        while made < size:
            article = make_article(f"Item {made}", story=story)
            credit(article, (jane, "reporter"), (omar, "photographer"))
            AgencyCredit.objects.create(article=article, agencies="AFP")
            made += 1
        counts[size] = {url: _queries(client, url, size) for url in urls}
    assert counts[2] == counts[8]
