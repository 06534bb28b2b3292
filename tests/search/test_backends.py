"""One contract every search backend passes (memory, SQLite FTS5, PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.articles import lifecycle
from dateline.articles.models import Article, ArticleType, Label
from dateline.search import indexing
from dateline.search.backends.base import Filters
from dateline.search.query import parse_query
from dateline.search.service import search
from tests.factories import make_article, make_section, make_topic


def _ids(text: str, filters: Filters | None = None, language: str | None = None) -> list[int]:
    return [hit.article.pk for hit in search(text, filters, language=language).hits]


class TestBackendContract:
    """Behaviour every backend shares; run once per backend by the ``engine`` fixture."""

    @pytest.fixture(autouse=True)
    def _engine(self, engine):
        self.engine = engine

    def test_finds_an_indexed_article_by_an_inflected_word(self):
        a = make_article("Rivers flood the valley", body="<p>Villagers fled the water.</p>")
        make_article("Markets rally")
        indexing.rebuild()
        assert _ids("flooding") == [a.pk]
        assert _ids("villager") == [a.pk]

    def test_every_word_is_required(self):
        both = make_article("Flood in Dhaka")
        make_article("Flood in Lagos")
        indexing.rebuild()
        assert _ids("flood dhaka") == [both.pk]

    def test_phrase_needs_the_words_in_order(self):
        right = make_article("The prime minister resigned")
        make_article("The minister said prime time television is over")
        indexing.rebuild()
        assert _ids('"prime minister"') == [right.pk]
        assert set(_ids("prime minister")) == {right.pk, right.pk + 1}

    def test_exclusion_drops_articles(self):
        keep = make_article("Storm hits coast")
        drop = make_article("Storm hits coast and harbour")
        indexing.rebuild()
        assert _ids("storm -harbour") == [keep.pk]
        assert drop.pk not in _ids('storm -"coast and harbour"')

    def test_prefix_matches_word_starts(self):
        a = make_article("Negotiations stall in Geneva")
        indexing.rebuild()
        assert _ids("negot*") == [a.pk]
        assert _ids("genev*") == [a.pk]
        assert _ids("xyz*") == []

    def test_headline_outranks_body_mention(self):
        in_body = make_article("Weekly roundup", body="<p>Among other things, a volcano.</p>")
        in_title = make_article("Volcano erupts", body="<p>Lava flowed.</p>")
        indexing.rebuild()
        assert _ids("volcano") == [in_title.pk, in_body.pk]

    def test_newer_wins_among_equals(self):
        now = timezone.now()
        old = make_article("Drought warning issued", published_at=now - timedelta(days=60))
        new = make_article("Drought warning issued", published_at=now - timedelta(hours=1))
        indexing.rebuild()
        assert _ids("drought warning") == [new.pk, old.pk]

    def test_filters_and_facet_counts(self):
        world, sport = make_section("world", "World"), make_section("sport", "Sport")
        libya = make_topic("libya", "Libya")
        video = ArticleType.objects.get(code="video")
        urgent = Label.objects.get(code="URGENT")
        now = timezone.now()
        a = make_article("Talks on Libya", section=world, topics=[libya], label="URGENT")
        b = make_article("Talks on football", section=sport, article_type=video)
        c = make_article("Talks on oil", section=world, published_at=now - timedelta(days=40))
        make_article("حوار حول ليبيا", language="ar", section=world)
        indexing.rebuild()
        assert set(_ids("talks")) == {a.pk, b.pk, c.pk}
        assert set(_ids("talks", Filters(language="en", section_id=world.pk))) == {a.pk, c.pk}
        assert _ids("talks", Filters(topic_id=libya.pk)) == [a.pk]
        assert _ids("talks", Filters(article_type_id=video.pk)) == [b.pk]
        assert _ids("talks", Filters(label_id=urgent.pk)) == [a.pk]
        week_ago = int((now - timedelta(days=7)).timestamp())
        assert set(_ids("talks", Filters(since_ts=week_ago))) == {a.pk, b.pk}
        assert _ids("talks", Filters(until_ts=week_ago)) == [c.pk]
        facets = search("talks").facets
        assert {(v.key, v.count) for v in facets["section"]} == {("world", 2), ("sport", 1)}
        assert [(v.key, v.count) for v in facets["topic"]] == [("libya", 1)]
        assert [(v.key, v.count) for v in facets["label"]] == [("URGENT", 1)]
        assert {(v.key, v.count) for v in facets["type"]} == {("news", 2), ("video", 1)}
        assert [(v.key, v.count) for v in facets["edition"]] == [("en", 3)]

    def test_arabic_variants_and_mixed_scripts(self):
        ar = make_article("الرئيس يصل إلى القاهرة", language="ar", body="<p>زيارة رسمية.</p>")
        mixed = make_article("Interview: Cairo's قهوة culture", body="<p>Cafés of Cairo.</p>")
        indexing.rebuild()
        assert _ids("القاهره", Filters(language="ar"), language="ar") == [ar.pk]
        assert _ids("الْقَاهِرَة") == [ar.pk]
        assert _ids("قهوة") == [mixed.pk]
        assert _ids("cairo قهوه") == [mixed.pk]

    def test_embargoed_and_future_items_stay_hidden_until_due(self):
        now = timezone.now()
        embargoed = make_article("Budget details", embargo_until=now + timedelta(hours=2))
        future = make_article("Budget speech", published_at=now + timedelta(hours=2))
        indexing.rebuild()
        assert _ids("budget") == []
        query = parse_query("budget")
        later = int((now + timedelta(hours=3)).timestamp())
        found = self.engine.candidates(query, Filters(), now_ts=later, limit=10)
        assert {c.article_id for c in found} == {embargoed.pk, future.pk}

    def test_remove_and_clear(self):
        a = make_article("Harvest festival")
        b = make_article("Harvest moon")
        indexing.rebuild()
        self.engine.remove([a.pk, 999_999])
        assert _ids("harvest") == [b.pk]
        self.engine.clear()
        assert _ids("harvest") == []

    def test_reindexing_replaces_the_old_text(self):
        a = make_article("Old headline about wheat")
        indexing.refresh(a)
        a.headline = "New headline about barley"
        a.save()
        indexing.refresh(a)
        assert _ids("wheat") == []
        assert _ids("barley") == [a.pk]

    def test_publish_unpublish_and_kill_update_the_index(self, django_capture_on_commit_callbacks):
        draft = make_article("Desert locust swarm", status=Article.Status.DRAFT)
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.publish(draft)
        assert _ids("locust") == [draft.pk]
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.unpublish(draft)
        assert _ids("locust") == []
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.publish(draft)
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.kill(draft)
        assert _ids("locust") == []

    def test_pagination_and_lower_bound(self, settings):
        settings.DATELINE_SEARCH_MAX_CANDIDATES = 5
        made = [make_article(f"Census report {n}") for n in range(7)]
        indexing.rebuild()
        results = search("census", page_size=2)
        assert results.total == 5 and results.total_is_lower_bound
        assert results.page.paginator.num_pages == 3
        assert len(search("census", page=3, page_size=2).hits) == 1
        assert len(search("census", page="9999", page_size=2).hits) == 1  # last page
        assert {h.article.pk for h in search("census", page_size=10).hits} <= {a.pk for a in made}

    @pytest.mark.parametrize(
        "text",
        [
            '"',
            '""',
            '"unbalanced',
            "NEAR(a b)",
            "a NEAR b",
            "*",
            "**",
            "-",
            "--",
            "-*",
            "AND",
            "OR NOT",
            "a AND (b",
            ")(",
            "title:x",
            "{title}: x",
            "^x",
            "x'y",
            "'",
            "\\",
            "%",
            "_",
            "a:*",
            "!!",
            "&|",
            "\x00x",
            "\x01\x02",
            "\u202eevil",
            "ـــ",
            "ّ",
            "0",
            "-1",
            "9" * 200,
            "x" * 499,
            "word " * 99,
            "😀",
            "café",
            "naïve",
            "يَوْم",
            "Cairo القاهرة 東京",
            "' OR 1=1 --",
            "<script>",
            "%s",
            "{}",
        ],
    )
    def test_hostile_text_never_errors(self, text):
        make_article("Ordinary text about a ceasefire")
        indexing.rebuild()
        results = search(text)
        assert results.total >= 0
