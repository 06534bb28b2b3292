"""An in-memory inverted index for related items and stories, persisted to one file.

Documents are articles; terms are analysed words plus entity (``\\x01e``) and topic
(``\\x01t``) markers, so one posting structure answers lexical, entity and topic overlap.
Postings live in a compact base (numpy CSR, loaded from the snapshot) plus a delta of
appendable arrays for what changed since, so an update costs microseconds and a restart
loads the snapshot instead of re-analysing every article.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from array import array
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dateline.related.features import DocFeatures

ENTITY = "\x01e"
TOPIC = "\x01t"
FORMAT_VERSION = 1
# Entities beyond the most frequent few add time, not precision, to a search.
MAX_QUERY_ENTITIES = 12


@dataclass
class Hits:
    """Candidates of one search: index slots, their scores and the query's self-score."""

    slots: np.ndarray
    lexical: np.ndarray
    self_score: float
    entity_terms: list[int]
    topic_terms: list[int]


class _Column:
    """A growable numpy column (amortised doubling)."""

    def __init__(self, dtype, values: np.ndarray | None = None) -> None:
        self.data = np.zeros(1024, dtype) if values is None else values.astype(dtype)

    def ensure(self, size: int) -> None:
        if size > len(self.data):
            grown = np.zeros(max(size, 2 * len(self.data)), self.data.dtype)
            grown[: len(self.data)] = self.data
            self.data = grown


class RelatedIndex:
    """Inverted index over analysed articles with BM25 scoring.

    ``add`` replaces any earlier version of the same article; ``remove`` hides it. Slots of
    replaced or removed documents stay in the postings, masked, until ``save`` compacts them.
    """

    COLUMNS = {"pk": np.int64, "time": np.float64, "length": np.float32, "story": np.int64}

    def __init__(self, k1: float = 2.0, b: float = 0.9) -> None:
        self.k1, self.b = k1, b
        self.vocab: dict[str, int] = {}
        self.terms: list[str] = []
        self.languages: list[str] = []
        self.size = 0
        self.cols = {name: _Column(dtype) for name, dtype in self.COLUMNS.items()}
        self.cols["alive"] = _Column(np.bool_)
        self.cols["lang"] = _Column(np.int16)
        self.slot_of: dict[int, int] = {}
        self.base_ptr = np.zeros(1, np.int64)
        self.base_slots = np.zeros(0, np.int32)
        self.base_tf = np.zeros(0, np.float32)
        self.delta: dict[int, tuple[array, array]] = {}
        self.live = 0
        self.live_length = 0.0
        # Slots [0, sorted_upto) are in publication order, so a time bound becomes a slot
        # bound by binary search: a search touches only the postings inside its window.
        self.sorted_upto = 0
        # Live articles per story, for group-average story matching, and every slot a story
        # has had (filtered by ``alive`` and the story column on use), so finding a story's
        # members never scans the whole index.
        self.story_size: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}
        self.watermark = 0
        self.dense: np.ndarray | None = None

    # -- columns -------------------------------------------------------------------------
    def col(self, name: str) -> np.ndarray:
        """Return the used part of a per-document column (pk, time, length, story, alive)."""
        return self.cols[name].data[: self.size]

    def __len__(self) -> int:
        return self.live

    def __contains__(self, pk: int) -> bool:
        return pk in self.slot_of

    # -- writing -------------------------------------------------------------------------
    def _term_id(self, term: str) -> int:
        tid = self.vocab.get(term)
        if tid is None:
            tid = self.vocab[term] = len(self.terms)
            self.terms.append(term)
        return tid

    def _lang_id(self, language: str) -> int:
        if language not in self.languages:
            self.languages.append(language)
        return self.languages.index(language)

    @staticmethod
    def doc_terms(features: DocFeatures) -> dict[str, float]:
        """Return every indexed term of a document with its frequency."""
        terms: dict[str, float] = dict(features.terms)
        for entity in features.entities:
            terms[f"{ENTITY}{entity}"] = 1.0
        for topic in features.topics:
            terms[f"{TOPIC}{topic}"] = 1.0
        return terms

    def add(self, pk: int, features: DocFeatures, dense: np.ndarray | None = None) -> int:
        """Index (or re-index) article ``pk``; return its slot."""
        self.remove(pk)
        slot = self.size
        self.size += 1
        for column in self.cols.values():
            column.ensure(self.size)
        length = float(max(features.length, 1))
        if self.sorted_upto == slot and (
            slot == 0 or features.published >= self.cols["time"].data[slot - 1]
        ):
            self.sorted_upto += 1
        self.cols["pk"].data[slot] = pk
        self.cols["time"].data[slot] = features.published
        self.cols["length"].data[slot] = length
        self.cols["story"].data[slot] = features.story_id
        self._count_story(features.story_id, 1)
        if features.story_id:
            self.members.setdefault(features.story_id, []).append(slot)
        self.cols["alive"].data[slot] = True
        self.cols["lang"].data[slot] = self._lang_id(features.language)
        for term, tf in self.doc_terms(features).items():
            slots, tfs = self.delta.setdefault(self._term_id(term), (array("i"), array("f")))
            slots.append(slot)
            tfs.append(tf)
        if dense is not None:
            self._set_dense(slot, dense)
        self.slot_of[pk] = slot
        self.live += 1
        self.live_length += length
        return slot

    def _set_dense(self, slot: int, vector: np.ndarray) -> None:
        # float32 in memory, float16 on disk: every search multiplies the whole matrix, and
        # converting a float16 copy on each search cost more than the product itself.
        if self.dense is None:
            self.dense = np.zeros((max(1024, self.size), len(vector)), np.float32)
        if slot >= len(self.dense):
            grown = np.zeros((max(slot + 1, 2 * len(self.dense)), self.dense.shape[1]), np.float32)
            grown[: len(self.dense)] = self.dense
            self.dense = grown
        self.dense[slot] = vector

    def vector(self, pk: int) -> np.ndarray | None:
        """Return the dense vector indexed for article ``pk``, or None."""
        slot = self.slot_of.get(pk)
        if slot is None or self.dense is None or slot >= len(self.dense):
            return None
        found = self.dense[slot].astype(np.float32)
        return found if found.any() else None

    def nearest(
        self,
        vector: np.ndarray,
        limit: int,
        before: float | None = None,
        after: float | None = None,
    ) -> list[int]:
        """Return up to ``limit`` live slots nearest to ``vector`` by dense cosine, published
        in [``after``, ``before``).

        Only the slots inside the time window are multiplied: at 1,000,000 articles the
        whole float32 matrix is 2 GB and one product over it costs about 50 ms, a year's
        window a fifteenth of that.
        """
        if self.dense is None or not self.size:
            return []
        lo, hi = self.first_slot(after), self.end_slot(before)
        if hi <= lo:
            return []
        sims = self.dense[lo:hi] @ vector.astype(np.float32, copy=False)
        mask = self.col("alive")[lo:hi].copy()
        times = self.col("time")[lo:hi]
        if before is not None:
            mask &= times < before
        if after is not None:
            mask &= times >= after
        sims[~mask] = -2.0
        if limit < len(sims):
            top = np.argpartition(-sims, limit)[:limit]
        else:
            top = np.arange(len(sims))
        return [int(s) + lo for s in top if sims[s] > -2.0]

    def remove(self, pk: int) -> bool:
        """Hide article ``pk`` from every search; return whether it was indexed."""
        slot = self.slot_of.pop(pk, None)
        if slot is None:
            return False
        self.cols["alive"].data[slot] = False
        self._count_story(int(self.cols["story"].data[slot]), -1)
        self.live -= 1
        self.live_length -= float(self.cols["length"].data[slot])
        return True

    def _count_story(self, story_id: int, delta: int) -> None:
        if story_id:
            size = self.story_size.get(story_id, 0) + delta
            if size > 0:
                self.story_size[story_id] = size
            else:
                self.story_size.pop(story_id, None)

    def set_story(self, pk: int, story_id: int) -> None:
        """Record that article ``pk`` now belongs to ``story_id``."""
        slot = self.slot_of.get(pk)
        if slot is not None:
            self._count_story(int(self.cols["story"].data[slot]), -1)
            self.cols["story"].data[slot] = story_id
            self._count_story(story_id, 1)
            if story_id:
                self.members.setdefault(story_id, []).append(slot)

    def move_story(self, old: int, new: int) -> None:
        """Record that every article of story ``old`` now belongs to ``new`` (a merge)."""
        story = self.col("story")
        story[story == old] = new
        self._count_story(new, self.story_size.pop(old, 0))
        self.members.setdefault(new, []).extend(self.members.pop(old, []))

    # -- reading -------------------------------------------------------------------------
    def postings(self, tid: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the slots and term frequencies of term ``tid``, slots ascending."""
        if tid + 1 < len(self.base_ptr):
            start, end = self.base_ptr[tid], self.base_ptr[tid + 1]
            slots, tfs = self.base_slots[start:end], self.base_tf[start:end]
        else:
            slots, tfs = self.base_slots[:0], self.base_tf[:0]
        extra = self.delta.get(tid)
        if extra:
            slots = np.concatenate([slots, np.frombuffer(extra[0], np.int32)])
            tfs = np.concatenate([tfs, np.frombuffer(extra[1], np.float32)])
        return slots, tfs

    def first_slot(self, after: float | None) -> int:
        """Return the first slot that can hold a document published at or after ``after``."""
        if after is None or self.sorted_upto == 0:
            return 0
        return int(np.searchsorted(self.col("time")[: self.sorted_upto], after, side="left"))

    def end_slot(self, before: float | None) -> int:
        """Return the slot from which every document was published at or after ``before``
        (the index size when unbounded, or when the tail is not in publication order)."""
        if before is None or self.sorted_upto < self.size:
            return self.size
        return int(np.searchsorted(self.col("time"), before, side="left"))

    def df(self, tid: int) -> int:
        base = 0
        if tid + 1 < len(self.base_ptr):
            base = int(self.base_ptr[tid + 1] - self.base_ptr[tid])
        extra = self.delta.get(tid)
        return base + (len(extra[0]) if extra else 0)

    def idf(self, df: int) -> float:
        n = max(self.size, 1)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def _bm25(self, tf: np.ndarray | float, length: np.ndarray | float, avg: float):
        return tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * length / avg))

    def query_terms(self, features: DocFeatures, max_terms: int) -> list[tuple[int, float, int]]:
        """Pick the query: the ``max_terms`` words of highest tf-idf, as (term id or -1 when
        unknown, query tf, document frequency). Unknown words still count in the
        self-score, so a text full of words nobody else used scores low against all."""
        scored = []
        for term, tf in features.terms.items():
            tid = self.vocab.get(term, -1)
            df = self.df(tid) if tid >= 0 else 0
            scored.append((tf * self.idf(df), tid, tf, df))
        scored.sort(key=lambda row: -row[0])
        return [(tid, tf, df) for _, tid, tf, df in scored[:max_terms]]

    def search(
        self,
        features: DocFeatures,
        *,
        limit: int = 200,
        max_terms: int = 25,
        entity_weight: float = 1.0,
        before: float | None = None,
        after: float | None = None,
        skip: int | None = None,
    ) -> Hits:
        """Return up to ``limit`` live candidates by BM25 of the query terms (and entities).

        ``before``/``after`` bound the publication time (exclusive/inclusive); ``skip`` is
        an article id left out (the query article itself).
        """
        # Only the postings inside the time window are read: a rebuild ranks its millionth
        # article's oldest neighbours while the index already holds everything after them.
        lo, hi = self.first_slot(after), self.end_slot(before)
        hi = max(hi, lo)
        scores = np.zeros(hi - lo, np.float32)
        lengths = self.col("length")[lo:hi]
        avg = self.live_length / self.live if self.live else float(max(features.length, 1))
        qlen = float(max(features.length, 1))
        self_score = 0.0
        for tid, qtf, df in self.query_terms(features, max_terms):
            weight = self.idf(df) * math.log1p(qtf)
            self_score += weight * self._bm25(qtf, qlen, avg)
            if tid >= 0:
                slots, tfs = self._window(tid, lo, hi)
                scores[slots] += weight * self._bm25(tfs, lengths[slots], avg)
        entity_terms = [t for e in features.entities if (t := self.vocab.get(ENTITY + e))]
        topic_terms = [t for x in features.topics if (t := self.vocab.get(f"{TOPIC}{x}"))]
        lexical = scores.copy() if entity_terms and entity_weight else scores
        # Shared entities help pick candidates; the lexical score reported stays pure BM25,
        # so that it can be normalised by the query's self-score.
        for tid in entity_terms[:MAX_QUERY_ENTITIES]:
            slots, _ = self._window(tid, lo, hi)
            scores[slots] += entity_weight * self.idf(self.df(tid)) * 0.5
        mask = self.col("alive")[lo:hi].copy()
        if before is not None:
            mask &= self.col("time")[lo:hi] < before
        if after is not None:
            mask &= self.col("time")[lo:hi] >= after
        if skip is not None and lo <= self.slot_of.get(skip, -1) < hi:
            mask[self.slot_of[skip] - lo] = False
        scores[~mask] = 0.0
        found = np.flatnonzero(scores)
        if len(found) > limit:
            found = found[np.argpartition(-scores[found], limit)[:limit]]
        found = found[np.argsort(-scores[found], kind="stable")]
        return Hits(found + lo, lexical[found], self_score, entity_terms, topic_terms)

    def _window(self, tid: int, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the postings of ``tid`` in slots [``lo``, ``hi``), shifted by ``lo``.

        The base is cut before anything is copied: a common word's full list is long, and
        copying it for every query would cost more than the whole search.
        """
        slots, tfs = self.base_slots[:0], self.base_tf[:0]
        if tid + 1 < len(self.base_ptr):
            start, end = int(self.base_ptr[tid]), int(self.base_ptr[tid + 1])
            held = self.base_slots[start:end]
            start, end = (
                start + int(np.searchsorted(held, lo)),
                start + int(np.searchsorted(held, hi)),
            )
            slots, tfs = self.base_slots[start:end], self.base_tf[start:end]
        extra = self.delta.get(tid)
        if extra:
            more = np.frombuffer(extra[0], np.int32)
            cut, stop = int(np.searchsorted(more, lo)), int(np.searchsorted(more, hi))
            slots = np.concatenate([slots, more[cut:stop]])
            tfs = np.concatenate([tfs, np.frombuffer(extra[1], np.float32)[cut:stop]])
        return slots - lo, tfs

    def shared(self, tid: int, slots: np.ndarray) -> np.ndarray:
        """Return a boolean per slot: whether that document holds term ``tid``."""
        found = np.zeros(len(slots), np.bool_)
        parts = []
        if tid + 1 < len(self.base_ptr):
            parts.append(self.base_slots[self.base_ptr[tid] : self.base_ptr[tid + 1]])
        if tid in self.delta:
            parts.append(np.frombuffer(self.delta[tid][0], np.int32))
        for holders in parts:
            if len(holders):
                at = np.minimum(np.searchsorted(holders, slots), len(holders) - 1)
                found |= holders[at] == slots
        return found

    def story_slots(self, story_id: int, before: float | None = None) -> np.ndarray:
        """Return the live slots of a story, optionally only those published before."""
        slots = np.unique(np.asarray(self.members.get(story_id, ()), np.int64))
        keep = self.col("alive")[slots] & (self.col("story")[slots] == story_id)
        if before is not None:
            keep &= self.col("time")[slots] < before
        return slots[keep]

    # -- persistence ---------------------------------------------------------------------
    def compact(self) -> None:
        """Drop hidden documents and fold the delta into the base arrays."""
        alive = self.col("alive")
        remap = np.full(self.size + 1, -1, np.int64)
        keep = np.flatnonzero(alive)
        # Publication order, so that time windows are slot ranges (see ``first_slot``).
        keep = keep[np.argsort(self.col("time")[keep], kind="stable")]
        remap[keep] = np.arange(len(keep))
        counts = np.zeros(len(self.terms), np.int64)
        parts_slots, parts_tf = [], []
        for tid in range(len(self.terms)):
            slots, tfs = self.postings(tid)
            new = remap[slots]
            ok = new >= 0
            new, tfs = new[ok], tfs[ok]
            order = np.argsort(new, kind="stable")
            parts_slots.append(new[order].astype(np.int32))
            parts_tf.append(tfs[order])
            counts[tid] = int(ok.sum())
        self.base_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.base_slots = np.concatenate(parts_slots) if parts_slots else np.zeros(0, np.int32)
        self.base_tf = np.concatenate(parts_tf) if parts_tf else np.zeros(0, np.float32)
        self.delta = {}
        for column in self.cols.values():
            column.data = column.data[: self.size][keep].copy()
        if self.dense is not None:
            self.dense = self.dense[: self.size][keep].copy()
        self.size = self.sorted_upto = len(keep)
        self.slot_of = {int(pk): slot for slot, pk in enumerate(self.col("pk"))}
        self._index_stories()

    def save(self, path: Path) -> None:
        """Compact and write the index to ``path`` atomically (a temporary file, then rename)."""
        self.compact()
        arrays = {name: self.col(name) for name in self.cols}
        arrays.update(ptr=self.base_ptr, slots=self.base_slots, tf=self.base_tf)
        if self.dense is not None:
            arrays["dense"] = self.dense.astype(np.float16)  # half the file; read back as float32
        meta = {
            "version": FORMAT_VERSION,
            "terms": self.terms,
            "languages": self.languages,
            "watermark": self.watermark,
            "k1": self.k1,
            "b": self.b,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, meta=np.frombuffer(json.dumps(meta).encode(), np.uint8), **arrays)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> RelatedIndex:
        """Return the index saved at ``path``; raise ``ValueError`` naming a bad file."""
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(bytes(data["meta"]).decode())
                if meta.get("version") != FORMAT_VERSION:
                    raise ValueError(f"{path}: index format {meta.get('version')} is not ours")
                index = cls(meta["k1"], meta["b"])
                for name in index.cols:
                    # Headroom, so the first articles after a restart do not copy columns.
                    values = data[name]
                    column = np.zeros(len(values) + len(values) // 8 + 1024, values.dtype)
                    column[: len(values)] = values
                    index.cols[name].data = column
                index.size = index.sorted_upto = len(data["pk"])
                index.base_ptr, index.base_slots = data["ptr"], data["slots"]
                index.base_tf = data["tf"]
                if "dense" in data:
                    index.dense = data["dense"].astype(np.float32)
        except (OSError, KeyError, ValueError, EOFError) as exc:
            raise ValueError(f"{path}: not a readable related-items index ({exc})") from exc
        index.terms = meta["terms"]
        index.vocab = {term: tid for tid, term in enumerate(index.terms)}
        index.languages = meta["languages"]
        index.watermark = meta["watermark"]
        index.slot_of = {int(pk): slot for slot, pk in enumerate(index.col("pk"))}
        index.live = index.size
        index._index_stories()
        index.live_length = float(index.col("length").sum())
        return index

    def _index_stories(self) -> None:
        story = self.col("story")
        order = np.argsort(story, kind="stable")
        ids, starts, counts = np.unique(story[order], return_index=True, return_counts=True)
        self.story_size, self.members = {}, {}
        for sid, start, count in zip(ids.tolist(), starts.tolist(), counts.tolist(), strict=True):
            if sid:
                self.story_size[sid] = count
                self.members[sid] = order[start : start + count].tolist()

    def memory_bytes(self) -> int:
        """Return an estimate of the index's memory use in bytes."""
        total = sum(c.data.nbytes for c in self.cols.values())
        total += self.base_ptr.nbytes + self.base_slots.nbytes + self.base_tf.nbytes
        total += sum(len(s) * 8 + 160 for s, _ in self.delta.values())
        total += sum(len(t) + 110 for t in self.terms)  # str objects + dict entries
        total += len(self.slot_of) * 100
        total += sum(len(m) for m in self.members.values()) * 36 + len(self.members) * 200
        if self.dense is not None:
            total += self.dense.nbytes
        return total
