"""End to end on the database: publish -> task after commit -> stored list -> API/page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.articles import lifecycle
from dateline.articles.models import Article
from dateline.related import service
from dateline.related.models import IndexChange, RelatedExclusion, RelatedLink, RelatedPin
from tests.factories import make_article, make_topic
from tests.related.bilingual import ARTICLES

pytestmark = pytest.mark.django_db

LIBYA = [(h, t) for story, lang, h, t in ARTICLES if story == "sirte" and lang == "en"]
ARCHIVE = [(h, t) for story, lang, h, t in ARTICLES if lang == "ar"]
OTHER = [(h, t) for story, lang, h, t in ARTICLES if story != "sirte" and lang == "en"][::3]


def publish_all(django_capture_on_commit_callbacks, rows, days_apart=1, **fields):
    """Publish ``rows`` oldest first through the lifecycle, running the after-commit work."""
    start = timezone.now() - timedelta(days=30)
    made = []
    for n, (headline, body) in enumerate(rows):
        article = make_article(
            headline,
            status=Article.Status.DRAFT,
            body=f"<p>{body}</p>",
            published_at=None,
            **fields,
        )
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.publish(article, at=start + timedelta(days=n * days_apart))
        made.append(article)
    return made


def test_publishing_stores_a_list_and_places_a_story(
    engine, client, django_capture_on_commit_callbacks
):
    # An archive first: scores on two or three articles say little (every word is rare).
    publish_all(django_capture_on_commit_callbacks, ARCHIVE, days_apart=0)
    libya = publish_all(django_capture_on_commit_callbacks, LIBYA[:2] + OTHER + LIBYA[2:])
    last = libya[-1]
    links = list(RelatedLink.objects.filter(article=last).order_by("rank"))
    assert [link.target_id for link in links][:2] == [libya[0].pk, libya[1].pk] or {
        link.target_id for link in links[:2]
    } == {libya[0].pk, libya[1].pk}
    assert all(link.target_id not in (libya[2].pk, libya[3].pk) for link in links[:2])
    assert "ISIS" in links[0].reasons and "earlier" in links[0].reasons
    # The ISIS items share a story; the earthquake opened its own.
    stories = dict(Article.objects.filter(pk__in=[a.pk for a in libya]).values_list("pk", "story"))
    assert stories[libya[0].pk] == stories[libya[1].pk] == stories[last.pk]
    assert stories[libya[2].pk] != stories[last.pk]

    response = client.get(f"/api/v1/articles/{last.pk}/related")
    items = response.json()
    assert [item["id"] for item in items][:2] == [str(libya[0].pk), str(libya[1].pk)]
    assert all(list(item) == ["id", "sort", "contenttypeid", "pic", "title"] for item in items)

    explained = client.get(f"/api/v1/articles/{last.pk}/related?explain=1").json()
    assert [e["id"] for e in explained] == [item["id"] for item in items]
    assert explained[0]["score"] > 0 and "earlier" in explained[0]["reasons"]
    assert explained[0]["pinned"] is False


def test_page_views_never_compute(engine, client, django_capture_on_commit_callbacks, monkeypatch):
    made = publish_all(django_capture_on_commit_callbacks, LIBYA)

    def forbidden(*args, **kwargs):
        raise AssertionError("a page view computed similarity")

    monkeypatch.setattr("dateline.related.ranking.rank", forbidden)
    monkeypatch.setattr(service, "rank", forbidden)
    assert client.get(made[-1].get_absolute_url()).status_code == 200
    assert client.get(f"/api/v1/articles/{made[-1].pk}/related").status_code == 200


def test_pins_win_and_exclusions_never_return(engine, client, django_capture_on_commit_callbacks):
    made = publish_all(django_capture_on_commit_callbacks, LIBYA + OTHER)
    query = made[2]
    quake = made[3]
    RelatedPin.objects.create(article=query, target=quake, position=0)
    RelatedExclusion.objects.create(article=query, target=made[0])
    service.refresh_article(query.pk)
    ids = [int(i["id"]) for i in client.get(f"/api/v1/articles/{query.pk}/related").json()]
    assert ids[0] == quake.pk
    assert made[0].pk not in ids and made[1].pk in ids
    explained = client.get(f"/api/v1/articles/{query.pk}/related?explain=1").json()
    assert explained[0]["pinned"] is True and explained[0]["reasons"] == "pinned by an editor"
    assert not RelatedLink.objects.filter(article=query, target=made[0]).exists()


def test_lists_drop_an_item_that_dies(engine, client, django_capture_on_commit_callbacks):
    made = publish_all(django_capture_on_commit_callbacks, LIBYA)
    assert RelatedLink.objects.filter(article=made[2], target=made[0]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.kill(made[0])
    assert not RelatedLink.objects.filter(target=made[0]).exists()
    assert made[0].pk not in service.get_index()
    ids = [int(i["id"]) for i in client.get(f"/api/v1/articles/{made[2].pk}/related").json()]
    assert made[0].pk not in ids and made[1].pk in ids


def test_a_restart_loads_the_snapshot_and_replays_later_changes(
    engine, settings, django_capture_on_commit_callbacks
):
    made = publish_all(django_capture_on_commit_callbacks, LIBYA[:2])
    path = service.save_index(service.get_index())
    assert path.exists()
    publish_all(django_capture_on_commit_callbacks, LIBYA[2:])
    service.reset_index()  # a new process
    index = service.get_index()
    assert {a.pk for a in made} <= set(index.slot_of)
    assert len(index) == 3
    assert index.watermark == IndexChange.objects.latest("pk").pk


def test_topics_count_and_show_in_reasons(engine, django_capture_on_commit_callbacks):
    topic = make_topic("benghazi", "Benghazi")
    made = publish_all(
        django_capture_on_commit_callbacks,
        [("Clashes in the east", "Fighting went on."), ("Talks in the east", "Negotiators met.")],
        topics=[topic],
    )
    link = RelatedLink.objects.get(article=made[1], target=made[0])
    assert "Benghazi" in link.reasons


def test_hostile_articles_do_not_crash(engine, django_capture_on_commit_callbacks):
    rows = [
        ("", ""),
        ("The and of it", "<p>the a an of to in</p>"),
        ("Libya " * 50, "<p>" + "Libya ISIS Benghazi oil " * 60_000 + "</p>"),
        ("Libya ليبيا mixed", "<p>الحكومة government داعش ISIS</p>"),
    ]
    made = publish_all(django_capture_on_commit_callbacks, rows)
    swahili = make_article("Habari za Libya", language="sw", body="<p>Serikali ya Libya</p>")
    service.refresh_article(swahili.pk)
    for article in [*made, swahili]:
        assert Article.objects.get(pk=article.pk).story_id is not None
    # Lists stay in their article's language (DATELINE_RELATED_OTHER_LANGUAGES is 0): the
    # only Swahili item lists none of the English ones.
    assert RelatedLink.objects.filter(article=made[-1]).exists()
    assert not RelatedLink.objects.filter(article=swahili).exists()


def test_hostile_query_strings_on_the_related_api(engine, client):
    article = make_article("Sirte", body="<p>Sirte</p>")
    url = f"/api/v1/articles/{article.pk}/related"
    assert client.get(url + "?explain=abc").status_code in (400, 422)
    assert client.get(url + "?explain=0").json() == client.get(url).json()
    for bad in ("0", "-1", "9999999999"):
        assert client.get(f"/api/v1/articles/{bad}/related").status_code == 404


def test_the_readers_that_may_fall_back_to_a_new_item_are_its_next_neighbours(engine):
    """A later article without a stored list shows, by the simple engine's query, the latest
    items before it that share a topic: it can show an item only if fewer than a list's
    length of newer items of that topic stand between them."""
    topic, other = make_topic("sirte", "Sirte"), make_topic("opec", "OPEC")
    start = timezone.now() - timedelta(days=3)
    item = make_article("Sirte falls", topics=[topic], published_at=start)
    later = [
        make_article(f"Sirte {n}", topics=[topic], published_at=start + timedelta(minutes=n + 1))
        for n in range(25)
    ]
    unrelated = make_article("OPEC meets", topics=[other], published_at=start + timedelta(hours=1))
    for reader in later[:2]:
        RelatedLink.objects.create(article=reader, target=item, rank=0, score=1.0)
    found = service.falling_back_near(Article.objects.get(pk=item.pk))
    # The next 18 of the topic (twice the list's 9), less the two that hold a stored list.
    assert found == {a.pk for a in later[2:18]}
    assert unrelated.pk not in found and item.pk not in found
    assert service.falling_back_near(later[-1]) == set()


def test_the_lists_naming_a_changed_item_are_refreshed_in_a_fixed_number_of_queries(engine):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    topic = make_topic("sirte", "Sirte")
    start = timezone.now() - timedelta(days=2)
    item = make_article("Sirte falls to forces", topics=[topic], published_at=start)

    def queries_with(readers: int) -> int:
        made = [
            make_article(
                f"Sirte fighting {n}",
                topics=[topic],
                published_at=start + timedelta(minutes=n + 1),
            )
            for n in range(readers)
        ]
        for reader in made:
            RelatedLink.objects.get_or_create(
                article=reader, target=item, defaults={"rank": 5, "score": 0.1}
            )
        service.reset_index()
        service.get_index()
        for a in Article.objects.public():
            service.index_article(service.get_index(), a, log_change=False)
        with CaptureQueriesContext(connection) as captured:
            changed = service.refresh_dependents(item.pk)
        assert changed and item.pk not in changed
        assert RelatedLink.objects.filter(article__in=made, target=item).count() == len(made)
        return len(captured)

    assert queries_with(3) == queries_with(6)
