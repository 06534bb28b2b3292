"""The hybrid ranking and its explanations."""

from dateline.related.features import text_features
from dateline.related.index import RelatedIndex
from dateline.related.ranking import DAY, Candidate, rank, select


def test_reasons_read_like_the_issue_example():
    c = Candidate(
        1,
        2.0,
        lexical=0.01,
        same_story=True,
        shared_entities=["Libya", "ISIS"],
        shared_topics=[3],
        age_days=3.2,
    )
    assert c.reasons({3: "Benghazi"}) == "same story; shares Benghazi, Libya, ISIS; 3 days earlier"
    assert Candidate(2, 0.1, age_days=-1).reasons() == "1 day later"


def test_story_members_come_first_and_explain_their_evidence():
    index = RelatedIndex()
    t0 = 1_000 * DAY
    index.add(
        1, text_features("Libya talks in Geneva", "Libya peace talks.", published=t0, story_id=9)
    )
    index.add(
        2, text_features("ISIS attack in Libya", "ISIS attacked Sirte, Libya.", published=t0 + DAY)
    )
    index.add(3, text_features("Football final", "A match.", published=t0 + DAY))
    query = text_features(
        "ISIS attacks Sirte in Libya", "ISIS in Libya.", published=t0 + 3 * DAY, story_id=9
    )
    found = rank(index, query, pk=10, before=query.published)
    chosen = select(found, 9)
    assert [c.pk for c in chosen] == [1, 2]
    assert chosen[0].same_story and chosen[0].reasons().startswith("same story")
    assert (
        "shares ISIS, Libya" in chosen[1].reasons() or "shares Libya, ISIS" in chosen[1].reasons()
    )
    assert chosen[1].reasons().endswith("2 days earlier")
    assert rank(index, query, pk=10, before=t0) == []
