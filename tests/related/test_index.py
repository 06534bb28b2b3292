"""The inverted index: add, replace, remove, search windows, snapshot round trip."""

import pytest

from dateline.related.features import text_features
from dateline.related.index import RelatedIndex

DOCS = {
    1: ("Libya forces fight ISIS in Sirte", "Libyan forces fought ISIS in Sirte.", 100.0),
    2: ("ISIS pushed back in Sirte, Libya", "Forces in Sirte pushed ISIS back.", 200.0),
    3: ("Nepal earthquake kills hundreds", "An earthquake in Nepal killed hundreds.", 300.0),
    4: ("OPEC cuts oil output", "OPEC agreed to cut oil production in Vienna.", 400.0),
}


def build() -> RelatedIndex:
    index = RelatedIndex()
    for pk, (headline, text, t) in DOCS.items():
        index.add(pk, text_features(headline, text, published=t))
    return index


def pks(index, hits):
    return [int(index.col("pk")[s]) for s in hits.slots]


def test_search_finds_the_same_event_first():
    index = build()
    hits = index.search(text_features(*DOCS[1][:2]), skip=1)
    assert pks(index, hits)[0] == 2
    assert 3 not in pks(index, hits) and 4 not in pks(index, hits)


def test_time_bounds_and_removal():
    index = build()
    query = text_features("Sirte ISIS Libya", "")
    assert pks(index, index.search(query, before=150.0)) == [1]
    assert pks(index, index.search(query, after=150.0)) == [2]
    assert index.remove(2) and not index.remove(2)
    assert pks(index, index.search(query)) == [1]


def test_re_adding_replaces_the_old_version():
    index = build()
    index.add(1, text_features("Cooking with saffron", "A recipe."))
    assert len(index) == 4
    assert 1 not in pks(index, index.search(text_features("Sirte ISIS", "")))


def test_snapshot_round_trip_gives_the_same_answers(tmp_path):
    index = build()
    index.remove(4)
    index.set_story(1, 7)
    query = text_features("Sirte ISIS Libya", "")
    before = pks(index, index.search(query))
    index.save(tmp_path / "i.npz")
    loaded = RelatedIndex.load(tmp_path / "i.npz")
    assert pks(loaded, loaded.search(query)) == before
    assert len(loaded) == 3 and 4 not in loaded
    assert list(loaded.story_slots(7)) == [loaded.slot_of[1]]
    # The loaded index keeps taking updates.
    loaded.add(5, text_features("Sirte falls", "ISIS lost Sirte, Libya.", published=500.0))
    assert 5 in pks(loaded, loaded.search(query))


def test_a_broken_snapshot_is_refused_with_its_path(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not an index")
    with pytest.raises(ValueError, match="bad.npz"):
        RelatedIndex.load(bad)


def test_empty_query_and_empty_index_find_nothing():
    assert len(RelatedIndex().search(text_features("Libya", "")).slots) == 0
    assert len(build().search(text_features("", "")).slots) == 0


@pytest.mark.parametrize("compacted", [False, True])
def test_nearest_by_meaning_keeps_to_the_time_window_and_the_living(tmp_path, compacted):
    import numpy as np

    index = RelatedIndex()
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(6, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for pk in range(6):
        index.add(pk + 1, text_features(f"item {pk}", "", published=100.0 * pk), vectors[pk])
    if compacted:
        index.save(tmp_path / "index.npz")
    query = vectors[3]
    pk_of = lambda slots: sorted(int(index.col("pk")[s]) for s in slots)  # noqa: E731
    assert pk_of(index.nearest(query, 10)) == [1, 2, 3, 4, 5, 6]
    assert pk_of(index.nearest(query, 10, before=300.0, after=100.0)) == [2, 3]
    assert pk_of(index.nearest(query, 1)) == [4]
    index.remove(4)
    assert 4 not in pk_of(index.nearest(query, 10))
    assert index.nearest(query, 10, before=100.0, after=100.0) == []


def test_time_bounds_hold_across_the_snapshot_and_what_came_after(tmp_path):
    index = build()
    index.save(tmp_path / "index.npz")
    index = RelatedIndex.load(tmp_path / "index.npz")
    index.add(
        5, text_features("Sirte: ISIS driven out", "Libyan forces took Sirte.", published=500.0)
    )
    index.add(6, text_features("Sirte rebuilds", "Sirte, Libya, after ISIS.", published=600.0))
    query = text_features("Sirte ISIS Libya", "")
    assert sorted(pks(index, index.search(query))) == [1, 2, 5, 6]
    assert sorted(pks(index, index.search(query, before=550.0))) == [1, 2, 5]
    assert sorted(pks(index, index.search(query, after=150.0, before=550.0))) == [2, 5]
    assert pks(index, index.search(query, after=550.0, before=150.0)) == []
    assert index.end_slot(None) == index.size and index.end_slot(0.0) == 0
