"""The hybrid ranking: lexical BM25, shared entities and topics, same story, recency, and
an optional dense (sentence-encoder) signal, each candidate with the reasons for its score.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from dateline.related.features import DocFeatures
from dateline.related.index import RelatedIndex

DAY = 86_400.0


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
    dense: float = 0.6
    half_life_days: float = 7.0
    candidates: int = 200
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
        pool.update(_dense_neighbours(index, dense, weights.candidates, before, after))
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
    cosines = _cosines(index, dense, slots)
    score = weights.lexical * lex
    score += weights.entities * np.minimum(n_e, 3) / 3
    score += weights.topics * np.minimum(n_t, 2) / 2
    score += weights.story * same
    score += weights.recency * np.exp(-np.abs(ages) / weights.half_life_days)
    if cosines is not None:
        score += weights.dense * np.maximum(cosines, 0.0)
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
            )
        )
    return found


def _cosines(index: RelatedIndex, dense: np.ndarray | None, slots: np.ndarray):
    if dense is None or index.dense is None:
        return None
    return index.dense[slots] @ dense.astype(np.float32, copy=False)


def _dense_neighbours(index, dense, limit: int, before, after) -> list[int]:
    sims = index.dense[: index.size] @ dense.astype(np.float32, copy=False)
    mask = index.col("alive").copy()
    if before is not None:
        mask &= index.col("time") < before
    if after is not None:
        mask &= index.col("time") >= after
    sims[~mask] = -2.0
    top = np.argpartition(-sims, min(limit, len(sims) - 1))[:limit]
    return [int(s) for s in top if sims[s] > -2.0]


def select(candidates: list[Candidate], limit: int) -> list[Candidate]:
    """Return the related list: the story's items first (best first), then the best others."""
    story = [c for c in candidates if c.same_story]
    others = [c for c in candidates if not c.same_story]
    return (story + others)[:limit]
