"""``/api/v1/authors``: list, detail and their articles; ``authors`` on article items."""

from __future__ import annotations

from tests.people.conftest import EMBARGOED, HIDDEN


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
