"""``GET /api/v1/articles/{id}/related``: the reference's list, and ``explain`` / ``order``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.related.models import RelatedLink, RelatedPin
from tests.factories import make_article

pytestmark = pytest.mark.django_db

REFERENCE_KEYS = ["id", "sort", "contenttypeid", "pic", "title"]
EXPLAIN_KEYS = [*REFERENCE_KEYS, "rank", "score", "reasons", "pinned", "language"]


@pytest.fixture
def listed(engine):
    """An article whose stored list ranks its items in another order than their age."""
    start = timezone.now() - timedelta(days=10)
    query = make_article("Talks resume in Geneva", published_at=start + timedelta(days=5))
    oldest, older, newer, newest, pinned = (
        make_article(f"Item {n}", published_at=start + timedelta(days=n)) for n in range(5)
    )
    # Scores close together: the order must survive in the JSON.
    stored = [(newer, 0.6123457), (oldest, 0.6123456), (newest, 0.31), (older, 0.3)]
    for rank, (target, score) in enumerate(stored):
        RelatedLink.objects.create(
            article=query, target=target, rank=rank, score=score, reasons=f"reason {rank}"
        )
    RelatedPin.objects.create(article=query, target=pinned, position=0)
    return query, {"oldest": oldest, "older": older, "newer": newer, "newest": newest}, pinned


def get(client, article, query: str = ""):
    response = client.get(f"/api/v1/articles/{article.pk}/related{query}")
    assert response.status_code == 200, response.content
    return response.json()


def ids(items) -> list[str]:
    return [item["id"] for item in items]


def test_default_is_the_reference_shape_pins_then_oldest_first(client, listed):
    query, items, pinned = listed
    default = get(client, query)
    assert all(list(item) == REFERENCE_KEYS for item in default)
    expected = [pinned, items["oldest"], items["older"], items["newer"], items["newest"]]
    assert ids(default) == [str(a.pk) for a in expected]
    assert get(client, query, "?explain=0&order=oldest") == default


def test_explain_gives_each_item_its_rank_and_score(client, listed):
    query, items, pinned = listed
    explained = get(client, query, "?explain=1")
    assert all(list(item) == EXPLAIN_KEYS for item in explained)
    assert ids(explained) == ids(get(client, query))  # same order as the default
    by_id = {item["id"]: item for item in explained}
    pin = by_id[str(pinned.pk)]
    assert (pin["rank"], pin["score"], pin["pinned"]) == (1, None, True)
    ranked = [items["newer"], items["oldest"], items["newest"], items["older"]]
    assert [by_id[str(a.pk)]["rank"] for a in ranked] == [2, 3, 4, 5]
    scores = [by_id[str(a.pk)]["score"] for a in ranked]
    assert scores == [0.6123457, 0.6123456, 0.31, 0.3]
    assert scores == sorted(scores, reverse=True)


def test_order_rank_lists_best_first(client, listed):
    query, items, pinned = listed
    best_first = [pinned, items["newer"], items["oldest"], items["newest"], items["older"]]
    expected = [str(a.pk) for a in best_first]
    plain = get(client, query, "?order=rank")
    assert ids(plain) == expected
    assert all(list(item) == REFERENCE_KEYS for item in plain)
    explained = get(client, query, "?order=rank&explain=1")
    assert ids(explained) == expected
    assert [item["rank"] for item in explained] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("query", ["?order=best", "?order=", "?order=RANK", "?explain=2"])
def test_bad_parameters_are_refused(client, listed, query):
    response = client.get(f"/api/v1/articles/{listed[0].pk}/related{query}")
    assert response.status_code in (400, 422)
    assert response.json()["detail"]


def test_openapi_documents_the_parameters(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/articles/{article_id}/related"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert params["order"]["schema"]["enum"] == ["oldest", "rank"]
    assert params["order"]["schema"]["default"] == "oldest"
    assert "rank" in params["explain"]["description"]
    item = operation["responses"]["200"]["content"]["application/json"]["schema"]["items"]
    schema = document["components"]["schemas"][item["$ref"].rsplit("/", 1)[1]]
    assert {"rank", "score", "reasons", "pinned"} <= set(schema["properties"])
