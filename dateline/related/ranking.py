"""The hybrid ranking: lexical BM25, shared entities and topics, same story, recency, and
an optional dense (sentence-encoder) signal, each candidate with the reasons for its score.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import ImproperlyConfigured

from dateline.conf import setting
from dateline.related.features import DocFeatures
from dateline.related.index import RelatedIndex

DAY = 86_400.0
# An item in another language joins a list only as coverage of the same event: the same
# story, or a dense cosine at least this. On the English/Arabic set (tests/related/
# bilingual.py, bench/related_eval.py --bilingual) the cross-language pairs of one story
# score 0.44-0.89 and those of different stories -0.06-0.56: at 0.5, 33 of the 36 same-story
# pairs pass and 2 of the 108 others; 0.45 lets 3 others in (35 of 36), 0.55 keeps 1 out
# but loses 7 of 36. A wrong item in a foreign script costs the reader more than a
# missing one, so the cut sits where stray matches become rare, not where recall is full.
SAME_COVERAGE_COSINE = 0.5
# Across languages the dense cosine is the only evidence; it counts from the same cut.
CROSS_LANGUAGE_FLOOR = SAME_COVERAGE_COSINE


@dataclass(frozen=True)
class Weights:
    """How much each signal counts; tuned on the odd ECB+ topics (see bench/related_eval.py)."""

    lexical: float = 1.0
    # Shared entities pick candidates and explain them, but as a score term they pulled in
    # the look-alike events on the odd topics (wrong-event@5 0.069 -> 0.054 without).
    entities: float = 0.0
    topics: float = 0.2
    story: float = 1.0
    # Coverage of one event comes in bursts: on the odd topics of the ECB+ stream variants
    # (bench/related_eval.py) 0.1 -> 0.3 raised the served nDCG@10 of short texts from 0.912
    # to 0.928 and halved wrong-event@5 (long texts: 0.937 -> 0.939); 0.5 gained little more
    # and would let a weak match of the same day outrank a strong one of last month.
    recency: float = 0.3
    # The sentence encoder's cosine counts only above ``dense_floor``, rescaled to 0-1: two
    # unrelated news texts already score 0.14 (median; 0.30 at the 95th percentile) and two
    # items of one topic's other event 0.48, so the raw cosine lifted every candidate and
    # chained stories together (ECB+ short, odd topics: story B3-F1 0.14 with the raw cosine
    # at 0.6; 0.918 at floor 0.55 and weight 0.3, against 0.942 without the signal; long:
    # 0.948 against 0.936). Lists: served nDCG@10 0.926 / 0.938 against 0.927 / 0.939.
    dense: float = 0.3
    dense_floor: float = 0.55
    half_life_days: float = 7.0
    candidates: int = 200
    # Items found by meaning alone are looked for this many days around the article: the
    # coverage the words miss (another language, other phrasing) comes within days, and a
    # year's window costs a product with 73,000 vectors a list at a million articles
    # (15.6 ms against 5.9 ms without the signal). Candidates found otherwise still get
    # their cosine, whatever their age.
    dense_days: float = 30.0
    query_terms: int = 150


@dataclass
class Candidate:
    """One scored candidate and the evidence behind its score."""

    pk: int
    score: float
    lexical: float = 0.0
    dense: float | None = None
    same_story: bool = False
    story_id: int = 0
    shared_entities: list[str] = field(default_factory=list)
    shared_topics: list[int] = field(default_factory=list)
    age_days: float = 0.0
    language: str = ""

    def reasons(self, topic_names: dict[int, str] | None = None) -> str:
        """Return the explanation an editor reads: "same story; shares Libya, ISIS; 3 days
        earlier"."""
        parts = []
        if self.same_story:
            parts.append("same story")
        names = [(topic_names or {}).get(t, f"topic {t}") for t in self.shared_topics]
        names += [e for e in self.shared_entities if e.casefold() not in map(str.casefold, names)]
        if names:
            parts.append("shares " + ", ".join(names[:4]))
        if self.lexical >= 0.05:
            parts.append(f"text match {self.lexical:.2f}")
        if self.dense is not None and self.dense >= 0.3:
            parts.append(f"meaning match {self.dense:.2f}")
        parts.append(_age(self.age_days))
        return "; ".join(parts)


def _age(days: float) -> str:
    whole = round(abs(days))
    if whole == 0:
        return "same day"
    unit = "day" if whole == 1 else "days"
    return f"{whole} {unit} {'earlier' if days >= 0 else 'later'}"


def rank(
    index: RelatedIndex,
    features: DocFeatures,
    *,
    pk: int | None = None,
    before: float | None = None,
    after: float | None = None,
    dense: np.ndarray | None = None,
    weights: Weights | None = None,
    keep: int = 100,
) -> list[Candidate]:
    """Return the ``keep`` best candidates for ``features``, best first: lexical hits, the
    earlier items of its story, and (with ``dense``) the nearest items by meaning, scored by
    the hybrid."""
    weights = weights or Weights()
    hits = index.search(
        features,
        limit=weights.candidates,
        max_terms=weights.query_terms,
        before=before,
        after=after,
        skip=pk,
    )
    lexical = {int(s): float(v) for s, v in zip(hits.slots, hits.lexical, strict=True)}
    norm = max(hits.self_score, 1e-9)
    pool = set(lexical)
    if features.story_id:
        pool.update(int(s) for s in index.story_slots(features.story_id, before))
    if dense is not None and index.dense is not None:
        near = features.published - weights.dense_days * DAY
        nearby = near if after is None else max(after, near)
        pool.update(index.nearest(dense, weights.candidates, before, nearby))
    pool.discard(index.slot_of.get(pk, -1))
    if not pool:
        return []
    slots = np.fromiter(pool, np.int64, len(pool))
    lex = np.fromiter((lexical.get(int(x), 0.0) for x in slots), np.float64, len(slots))
    lex = np.minimum(lex / norm, 1.0)
    entity_hits = [
        (features.entity_names[features.entities.index(index.terms[t][2:])], t)
        for t in hits.entity_terms
    ]
    shared_e = {name: index.shared(tid, slots) for name, tid in entity_hits}
    shared_t = {int(index.terms[tid][2:]): index.shared(tid, slots) for tid in hits.topic_terms}
    n_e = sum(shared_e.values(), np.zeros(len(slots), np.int64))
    n_t = sum(shared_t.values(), np.zeros(len(slots), np.int64))
    stories = index.col("story")[slots]
    same = (stories == features.story_id) if features.story_id else np.zeros(len(slots), bool)
    ages = (features.published - index.col("time")[slots]) / DAY
    languages = index.col("lang")[slots]
    cosines = _cosines(index, dense, slots)
    score = weights.lexical * lex
    score += weights.entities * np.minimum(n_e, 3) / 3
    score += weights.topics * np.minimum(n_t, 2) / 2
    score += weights.story * same
    score += weights.recency * np.exp(-np.abs(ages) / weights.half_life_days)
    if cosines is not None:
        score += _meaning(cosines, languages, index, features.language, weights)
    pks = index.col("pk")[slots]
    order = np.lexsort((pks, -score))[:keep]
    found = []
    for i in order:
        found.append(
            Candidate(
                int(pks[i]),
                float(score[i]),
                float(lex[i]),
                None if cosines is None else float(cosines[i]),
                bool(same[i]),
                int(stories[i]),
                [name for name, has in shared_e.items() if has[i]],
                [topic for topic, has in shared_t.items() if has[i]],
                float(ages[i]),
                index.languages[int(languages[i])],
            )
        )
    return found


def _meaning(cosines, languages, index: RelatedIndex, language: str, weights: Weights):
    """Return the dense signal's share of each candidate's score.

    In the query's language the cosine counts above ``dense_floor``, beside the words.
    Across languages no word is shared, so the cosine stands in for the lexical signal too
    (weight lexical + dense) above ``CROSS_LANGUAGE_FLOOR``: a translation of one event scores
    lower than a same-language report of it, and a story could not span two editions if
    the words' share of the score were missing.
    """
    own = index.languages.index(language) if language in index.languages else -1
    other = languages != own
    floor = np.where(other, CROSS_LANGUAGE_FLOOR, weights.dense_floor)
    weight = np.where(other, weights.lexical + weights.dense, weights.dense)
    return weight * np.maximum((cosines - floor) / (1.0 - floor), 0.0)


def _cosines(index: RelatedIndex, dense: np.ndarray | None, slots: np.ndarray):
    if dense is None or index.dense is None:
        return None
    return index.dense[slots] @ dense.astype(np.float32, copy=False)


def select(
    candidates: list[Candidate],
    limit: int,
    *,
    language: str | None = None,
    other_languages: int = 0,
) -> list[Candidate]:
    """Return the related list: the story's items first (best first), then the best others.

    With ``language``, the list is in that language but for up to ``other_languages`` slots
    at its end, reserved for items in another language that cover the same event (same
    story, or a dense cosine of ``SAME_COVERAGE_COSINE`` or more), best first. A reserved
    slot that no such item fills goes to the article's own language."""
    if language is None:
        return _story_first(candidates)[:limit]
    own = [c for c in candidates if c.language == language]
    foreign = [c for c in candidates if c.language != language and same_coverage(c)]
    reserved = min(max(other_languages, 0), len(foreign), limit)
    chosen = _story_first(own)[: limit - reserved]
    return chosen + foreign[:reserved]


def other_languages() -> int:
    """Return ``DATELINE_RELATED_OTHER_LANGUAGES``: how many items in another language a list
    may hold; raise ``ImproperlyConfigured`` for a value that is not a whole number >= 0."""
    value = setting("DATELINE_RELATED_OTHER_LANGUAGES")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ImproperlyConfigured(
            f"DATELINE_RELATED_OTHER_LANGUAGES is {value!r}: set it to a whole number of items "
            "in another language a related list may hold, 0 (own language only) or more, "
            "e.g. DATELINE_RELATED_OTHER_LANGUAGES=2"
        )
    return value


def same_coverage(candidate: Candidate) -> bool:
    """Return whether ``candidate`` covers the query's event: its story, or close in meaning."""
    return candidate.same_story or (
        candidate.dense is not None and candidate.dense >= SAME_COVERAGE_COSINE
    )


def _story_first(candidates: list[Candidate]) -> list[Candidate]:
    return [c for c in candidates if c.same_story] + [c for c in candidates if not c.same_story]
