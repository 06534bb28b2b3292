"""Judged queries: in each language, the article a reader wants must come first."""

from __future__ import annotations

import pytest

from dateline.search import indexing
from dateline.search.backends.base import Filters
from dateline.search.service import search
from tests.search.corpus import ARABIC_QUERIES, ENGLISH_QUERIES, load_corpus


@pytest.fixture
def corpus(engine):
    made = load_corpus()
    indexing.rebuild()
    return made


def _first_misses(corpus, queries, language):
    misses = []
    for query, key in queries:
        results = search(query, Filters(language=language), language=language)
        first = results.hits[0].article if results.hits else None
        if first is None or first.pk != corpus[language, key].pk:
            misses.append((query, key, first.headline if first else None))
    return misses


def test_english_judged_queries(corpus):
    assert len(ENGLISH_QUERIES) >= 30
    assert _first_misses(corpus, ENGLISH_QUERIES, "en") == []


def test_arabic_judged_queries(corpus):
    assert len(ARABIC_QUERIES) >= 30
    assert _first_misses(corpus, ARABIC_QUERIES, "ar") == []


ARABIC_VARIANTS = [
    # (variant spellings that must find the same articles)
    ("أسعار الفائدة", "اسعار الفائده", "أَسْعَارُ الفَائِدَةِ"),  # hamza, teh marbuta, tashkeel
    ("الإفراج عن صحفي", "الافراج عن صحفى"),  # hamza below, alef maqsura
    ("القاهرة", "القاهره", "القـــاهرة"),  # teh marbuta, tatweel
    ("الأولمبية", "الاولمبيه", "الأُولِمبِيَّة"),
    ("مستشفى", "مستشفي"),  # alef maqsura and yeh
    ("آيسلندا", "ايسلندا", "أيسلندا"),  # madda, hamza
]


def test_arabic_spelling_variants_find_the_same_articles(corpus):
    for variants in ARABIC_VARIANTS:
        found = [
            [h.article.pk for h in search(v, Filters(language="ar"), language="ar").hits]
            for v in variants
        ]
        assert found[0], f"{variants[0]} finds nothing"
        assert all(ids == found[0] for ids in found), dict(zip(variants, found, strict=True))
