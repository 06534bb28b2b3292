"""Quality harness for related items and stories on ECB+ (see docs/benchmarks.md).

    .venv/bin/python bench/related_eval.py [--data ../shared/data/related-eval/ecbplus]
        [--distractors 9100] [--variants long,short] [--undated] [--dense] [--tune]

Pool: the 982 ECB+ articles plus generated distractor articles (at least 10,000 items), in
two variants: ``long`` (the whole articles) and ``short`` (aggregator-style: the headline
plus about 30 words of the opening, as news aggregators and wire snippets carry). Both get
plausible publication times: each event's coverage starts on a random day of a four-week
stream and trails off over the following days, distractors spread evenly (``--undated``
gives every item one second of one afternoon instead, the protocol before issue 21).
Parameters are tuned on the odd-numbered topics (``--tune`` prints the grid); every
reported figure is on the even-numbered topics, with the configuration a new install runs.
Baselines run in the same process on the same pool: tag overlap newest-first,
Elasticsearch-style more_like_this with its default parameters, and plain TF-IDF cosine,
each in full (10 items) and cut to the list length the site serves.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import math
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")

from dateline.analysis.stopwords import STOP_WORDS  # noqa: E402
from dateline.related.clustering import ClusterParams, choose_story  # noqa: E402
from dateline.related.features import text_features  # noqa: E402
from dateline.related.index import RelatedIndex  # noqa: E402
from dateline.related.ranking import Weights, rank, select  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared/data/related-eval/ecbplus"
START = 1_600_000_000.0

# -- generated distractors -------------------------------------------------------------------
FIRST = """James Maria Ahmed Chen Olga Pierre Fatima John Ana Hiroshi Leila Carlos Emma David Sara
Omar Yuki Peter Laura Ivan Nadia Lucas Grace Ali Mei Tom Hannah Samuel Rosa Daniel Amira Victor
Elena Paul Zara Marco Julia Hassan Irene Kofi Alice Rahul Nina George Sofia Tariq Claire""".split()
LAST = """Smith Garcia Khan Wang Petrova Dubois Haddad Brown Silva Tanaka Nasser Ruiz Clarke Cohen
Okafor Mansour Sato Novak Fischer Rossi Kowalski Mehta Jensen Moreau Costa Ibrahim Park Lopez
Murphy Walsh Adeyemi Schmidt Weber Larsen Haidari Obi Varga Lindqvist Romero Duarte""".split()
PLACES = """Lagos Lyon Denver Osaka Krakow Porto Mumbai Tucson Leeds Valencia Quito Hanoi Accra
Bergen Tampa Perth Oslo Lima Naples Austin Dublin Cairo Kiev Seville Boise Turin Rabat Cork
Nagoya Graz Durban Fresno Malmo Bologna Omaha Leipzig Sendai Tulsa Bremen Halifax""".split()
ORGS = """Ministry of Health|city council|Red Cross|national weather service|stock exchange|
football federation|central bank|university hospital|transport authority|police department|
fire brigade|court of appeal|electoral commission|energy regulator|coast guard""".split("|")
EVENTS = {
    "quake": "earthquake magnitude tremor epicentre aftershock buildings collapsed rescue teams",
    "arrest": "police arrested suspect charged court custody investigation detectives warrant",
    "rehab": "actor entered rehab treatment center publicist statement addiction recovery",
    "shooting": "gunman opened fire victims wounded shooting hospital witnesses police scene",
    "fire": "blaze firefighters flames residents evacuated smoke damage warehouse fire",
    "election": "voters ballots candidate polls election results campaign turnout",
    "trade": "acquisition deal shares company billion merger shareholders announced buy",
    "storm": "storm winds flooding rain power outages residents shelters forecast damage",
    "sport": "match goal coach season championship team victory players injury league",
    "tech": "launch smartphone device software company release customers chip update",
    "crash": "plane crashed passengers crew runway investigators wreckage flight pilot",
    "health": "outbreak virus cases vaccine patients hospital doctors infection spread",
    "court": "judge sentenced trial jury verdict prison defendant guilty appeal",
    "award": "award ceremony winner nominated prize film actress best director",
    "protest": "protesters rally demonstration march police crowd square slogans",
    "death": "died aged family funeral tribute career legendary passed away singer",
}
TEMPLATES = [
    "{a} said on {day} that the {org} in {place} was {w1} after the {w2}.",
    "Officials in {place} confirmed the {w1} and the {w2}, {a} told reporters.",
    "The {org} described the {w1} as serious, while {b} said {w2} continued.",
    "According to {a}, the {w1} in {place} followed weeks of {w2}.",
    "{b} of the {org} said more {w1} was expected near {place}.",
    "Residents of {place} reported {w1} and {w2} late on {day}.",
    "A spokesman for {a} declined to comment on the {w1}.",
    "The {w1} is the latest in a series of {w2} events across {place}, {b} added.",
]
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def distractor(rng: random.Random) -> tuple[str, str]:
    """Return (headline, text) of a generated news article about an invented event."""
    kind = rng.choice(list(EVENTS))
    words = EVENTS[kind].split()
    names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3)]
    place, org = rng.choice(PLACES), rng.choice(ORGS)
    sentences = []
    for _ in range(rng.randint(6, 14)):
        sentences.append(
            rng.choice(TEMPLATES).format(
                a=rng.choice(names),
                b=rng.choice(names),
                place=place,
                org=org,
                day=rng.choice(DAYS),
                w1=rng.choice(words),
                w2=rng.choice(words),
            )
        )
    headline = f"{names[0]}: {rng.choice(words)} {rng.choice(words)} in {place}".capitalize()
    return headline, " ".join(sentences)


# -- data ------------------------------------------------------------------------------------
STREAM_DAYS = 28
# Aggregator snippets: the headline plus about this many words of the opening.
SHORT_WORDS = 30
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def shorten(title: str, text: str, words: int = SHORT_WORDS) -> tuple[str, str]:
    """Return (headline, snippet): the title (or, when ECB's "title" is a whole opening
    sentence, its first sentence) and the first ``words`` words of the body after it."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and lines[0] == title.strip():
        lines = lines[1:]
    headline = _SENTENCE_END.split(title.strip(), maxsplit=1)[0]
    body = " ".join(lines).split()
    return headline, " ".join(body[:words])


def load(data: Path, n_distractors: int, seed: int = 7) -> list[dict]:
    """Return the pool: ECB+ docs then distractors, in ECB+'s long form, undated."""
    docs = [json.loads(line) for line in (data / "ecbplus_docs.jsonl").open(encoding="utf-8")]
    rng = random.Random(seed)
    for i in range(n_distractors):
        headline, text = distractor(rng)
        docs.append(
            {"doc_id": f"x{i}", "topic": 0, "subtopic": "", "title": headline, "text": text}
        )
    return docs


def variant(docs: list[dict], name: str, undated: bool = False, seed: int = 7) -> list[dict]:
    """Return a copy of the pool as variant ``name`` (long or short) with publication times.

    Times are a stream: each event (ECB+ subtopic) breaks on a random day of four weeks and
    its coverage trails off over the next days (exponential, mean a day, at most a week),
    distractors fall anywhere; the same times serve both variants. With ``undated``, every
    item gets a distinct second of one afternoon in a shuffled order, so recency neither
    helps nor hurts (the protocol before issue 21).
    """
    rng = random.Random(seed)
    out = []
    for d in docs:
        title, text = d["title"], d["text"]
        if name == "short":
            title, text = shorten(title, text)
        out.append({**d, "title": title, "text": text})
    if undated:
        order = list(range(len(out)))
        rng.shuffle(order)
        for position, i in enumerate(order):
            out[i]["time"] = START + position * 1.0
        return out
    breaks = {d["subtopic"]: rng.uniform(0, STREAM_DAYS) for d in out if d["topic"]}
    for d in sorted(out, key=lambda d: d["doc_id"]):
        if d["topic"]:
            day = breaks[d["subtopic"]] + min(rng.expovariate(1.0), 7.0)
        else:
            day = rng.uniform(0, STREAM_DAYS + 7)
        d["time"] = START + day * 86_400 + rng.random()
    return out


# -- metrics ---------------------------------------------------------------------------------
def related_metrics(ranked: dict[int, list[int]], docs: list[dict]) -> dict[str, float]:
    """Return nDCG@10, P@5, MRR, wrong-event@5 and coverage@3 over the queries in ``ranked``."""
    sums: dict[str, float] = defaultdict(float)
    by_sub = Counter(d["subtopic"] for d in docs if d["topic"])
    for q, items in ranked.items():
        sub, topic = docs[q]["subtopic"], docs[q]["topic"]
        rel = [docs[i]["subtopic"] == sub for i in items[:10]]
        dcg = sum(2 / math.log2(r + 2) for r, hit in enumerate(rel) if hit)
        ideal = sum(2 / math.log2(r + 2) for r in range(min(by_sub[sub] - 1, 10)))
        sums["nDCG@10"] += dcg / ideal if ideal else 0.0
        sums["P@5"] += sum(rel[:5]) / 5
        first = next((r for r, hit in enumerate(rel_all(items, docs, sub)) if hit), None)
        sums["MRR"] += 1 / (first + 1) if first is not None else 0.0
        sums["wrong-event@5"] += (
            sum(docs[i]["topic"] == topic and docs[i]["subtopic"] != sub for i in items[:5]) / 5
        )
        sums["coverage@3"] += any(rel[:3])
    return {k: v / max(len(ranked), 1) for k, v in sums.items()}


def rel_all(items: list[int], docs: list[dict], sub: str):
    return (docs[i]["subtopic"] == sub for i in items)


def cluster_metrics(assigned: dict[int, int], docs: list[dict]) -> dict[str, float]:
    """Return B-cubed P/R/F1, pairwise F1 and story counts for the gold docs in ``assigned``."""
    gold = {i: docs[i]["subtopic"] for i in assigned}
    by_pred: dict[int, list[int]] = defaultdict(list)
    by_gold: dict[str, list[int]] = defaultdict(list)
    for i, story in assigned.items():
        by_pred[story].append(i)
        by_gold[gold[i]].append(i)
    p = r = 0.0
    for i, story in assigned.items():
        same = sum(gold[j] == gold[i] for j in by_pred[story])
        p += same / len(by_pred[story])
        r += same / len(by_gold[gold[i]])
    p, r = p / len(assigned), r / len(assigned)
    pairs_pred = sum(len(v) * (len(v) - 1) / 2 for v in by_pred.values())
    pairs_gold = sum(len(v) * (len(v) - 1) / 2 for v in by_gold.values())
    both = 0
    for members in by_pred.values():
        counts = Counter(gold[i] for i in members)
        both += sum(c * (c - 1) / 2 for c in counts.values())
    pp = both / pairs_pred if pairs_pred else 0.0
    pr = both / pairs_gold if pairs_gold else 0.0
    return {
        "B3-P": p,
        "B3-R": r,
        "B3-F1": 2 * p * r / (p + r) if p + r else 0.0,
        "pair-F1": 2 * pp * pr / (pp + pr) if pp + pr else 0.0,
        "stories": len(by_pred),
        "gold": len(by_gold),
    }


# -- baselines -------------------------------------------------------------------------------
_WORD = re.compile(r"\w+", re.UNICODE)


def standard_tokens(text: str) -> list[str]:
    """Elasticsearch's standard analyser, closely enough: Unicode words, lower-cased."""
    return _WORD.findall(text.lower())


class SparseIndex:
    """A minimal inverted index over token counts, for the baselines."""

    def __init__(self, bags: list[Counter]) -> None:
        self.bags = bags
        self.n = len(bags)
        self.post: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, bag in enumerate(bags):
            for t, c in bag.items():
                self.post[t].append((i, c))
        self.lengths = [sum(b.values()) for b in bags]
        self.avg = sum(self.lengths) / self.n


def more_like_this(idx: SparseIndex, q: int, k: int = 10) -> list[int]:
    """Elasticsearch more_like_this defaults: min_term_freq 2, min_doc_freq 5, max_query_terms
    25, minimum_should_match 30%, terms picked by tf-idf, scored by BM25 (k1 1.2, b 0.75)."""
    bag = idx.bags[q]
    picked = []
    for t, tf in bag.items():
        df = len(idx.post[t])
        if tf >= 2 and df >= 5:
            picked.append((tf * (math.log(idx.n / (df + 1)) + 1), t))
    terms = [t for _, t in sorted(picked, reverse=True)[:25]]
    need = int(len(terms) * 0.3)
    scores: dict[int, float] = defaultdict(float)
    matched: Counter = Counter()
    for t in terms:
        df = len(idx.post[t])
        idf = math.log(1 + (idx.n - df + 0.5) / (df + 0.5))
        for i, tf in idx.post[t]:
            norm = 1.2 * (1 - 0.75 + 0.75 * idx.lengths[i] / idx.avg)
            scores[i] += idf * tf * 2.2 / (tf + norm)
            matched[i] += 1
    ranked = sorted((i for i in scores if i != q and matched[i] >= need), key=lambda i: -scores[i])
    return ranked[:k]


def tfidf_vectors(idx: SparseIndex) -> list[dict[str, float]]:
    idf = {t: math.log((1 + idx.n) / (1 + len(p))) + 1 for t, p in idx.post.items()}
    vectors = []
    for bag in idx.bags:
        vec = {t: c * idf[t] for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors


def tfidf_cosine(idx: SparseIndex, vectors, q: int, k: int = 10) -> list[int]:
    scores: dict[int, float] = defaultdict(float)
    for t, w in vectors[q].items():
        for i, _ in idx.post[t]:
            scores[i] += w * vectors[i][t]
    scores.pop(q, None)
    return sorted(scores, key=lambda i: -scores[i])[:k]


def tag_overlap(tags: list[set[str]], by_tag, docs, q: int, k: int = 10) -> list[int]:
    """Items sharing at least one tag with ``q``, newest first (the Ghost/WordPress way)."""
    found = {i for t in tags[q] for i in by_tag[t]} - {q}
    return sorted(found, key=lambda i: -docs[i]["time"])[:k]


# -- our engine ------------------------------------------------------------------------------
def build_features(docs: list[dict]):
    return [text_features(d["title"], d["text"], "en", published=d["time"]) for d in docs]


def cluster(features, docs, params: ClusterParams, dense=None) -> tuple[RelatedIndex, dict]:
    """Run online clustering in publication order; return the index and {doc: story}."""
    index = RelatedIndex()
    stories: dict[int, int] = {}
    next_story = 1
    for i in sorted(range(len(docs)), key=lambda i: docs[i]["time"]):
        vec = dense[i] if dense is not None else None
        # As in production: index first, then look for the story, skipping itself.
        index.add(i, features[i], dense=vec)
        story, _ = choose_story(index, features[i], pk=i, dense=vec, params=params)
        if not story:
            story, next_story = next_story, next_story + 1
        stories[i] = story
        index.set_story(i, story)
    return index, stories


def ours(index, features, stories, q: int, weights: Weights, dense=None, k=10, served=False):
    """Return our top ``k``: ranked by score, or (``served``) as the site picks its list:
    the story's items first, then the best others (``ranking.select``)."""
    f = dataclasses.replace(features[q], story_id=stories[q])
    vec = dense[q] if dense is not None else None
    found = rank(index, f, pk=q, weights=weights, dense=vec)
    return [c.pk for c in (select(found, k) if served else found[:k])]


def encode_dense(docs: list[dict], cache: Path):
    """Return unit vectors from the optional multilingual encoder, cached on disk."""
    import numpy as np

    if cache.exists():
        return np.load(cache)
    from dateline.related.dense import encode_texts

    texts = [f"{d['title']}\n{d['text']}" for d in docs]
    vectors = encode_texts(texts)
    np.save(cache, vectors)
    return vectors


# -- English/Arabic set -----------------------------------------------------------------------
BILINGUAL_COLUMNS = [
    "same-language nDCG@10",
    "same-language P@2",
    "cross-language P@1",
    "cross-language P@3",
    "served other-language share (0)",
    "served other-language share (3)",
    "served other-language right story (3)",
]


def bilingual_report() -> None:
    """Print, for the lexical hybrid and with the dense signal, on the labelled English/Arabic
    set: same- and cross-language ranking per query language and over both, the share of
    the served list in the other language with ``DATELINE_RELATED_OTHER_LANGUAGES`` at 0 and
    at 3 (and how much of it is the right story), and the online clustering's stories over
    both languages.

    Every article is a query; its candidates are the other 23 (earlier and later, as in the
    ranking tables above). Times: one article a day in the set's order (each story's three
    English items, then its three Arabic ones). The served lists are ``ranking.select`` on
    the stories the online clustering gave (or, for the editor's row, the gold stories), as
    the site stores them; "lexical stories" ranks with the dense signal on stories that the
    lexical clustering kept apart by language, so only the cosine threshold
    (``ranking.SAME_COVERAGE_COSINE``) lets the other language in."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from dateline.related.ranking import DAY
    from tests.related.bilingual import ARTICLES

    try:
        from dateline.related.dense import encode_texts

        vectors = encode_texts([f"{h}\n{t}" for _, _, h, t in ARTICLES])
    except RuntimeError:
        vectors = None
    docs = [
        {"subtopic": story, "language": lang, "time": i * DAY}
        for i, (story, lang, _, _) in enumerate(ARTICLES)
    ]
    features = [
        text_features(h, t, lang, published=d["time"])
        for d, (_, lang, h, t) in zip(docs, ARTICLES, strict=True)
    ]
    gold = {name: n + 1 for n, name in enumerate(dict.fromkeys(d["subtopic"] for d in docs))}
    # (name, dense signal in the ranking, stories from: online clustering with or without
    # the dense signal, or the gold stories as an editor or importer would set them)
    systems = [
        ("lexical hybrid", False, "lexical"),
        ("lexical hybrid, editor's stories", False, "gold"),
        ("hybrid + dense", True, "dense"),
        ("hybrid + dense, lexical stories", True, "lexical"),
    ]
    rows, clusters, placed = {}, {}, {}
    for name, use_dense, stories_by in systems:
        if vectors is None and (use_dense or stories_by == "dense"):
            print(f"\n({name} skipped: install dateline[embeddings])")
            continue
        dense = vectors if use_dense else None
        if stories_by not in placed:
            by = None if stories_by != "dense" else vectors
            placed[stories_by] = (
                cluster(features, docs, ClusterParams(), by)[1]
                if stories_by != "gold"
                else {i: gold[d["subtopic"]] for i, d in enumerate(docs)}
            )
            if stories_by != "gold":
                clusters[f"online clustering, {stories_by}"] = {
                    **cluster_metrics(placed[stories_by], docs),
                    "stories in both languages": _stories_in_both(placed[stories_by], docs),
                }
        stories = placed[stories_by]
        index = RelatedIndex()
        for i, f in enumerate(features):
            index.add(i, f, dense=None if dense is None else dense[i])
            index.set_story(i, stories[i])
        by_language: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for q, d in enumerate(docs):
            f = dataclasses.replace(features[q], story_id=stories[q])
            found = rank(index, f, pk=q, dense=None if dense is None else dense[q])
            for key in (d["language"], "all"):
                for metric, value in _bilingual_query(q, found, docs).items():
                    by_language[key][metric] += value
                by_language[key]["queries"] += 1
        for key, label in (("en", "English queries"), ("ar", "Arabic queries"), ("all", "all")):
            sums = by_language[key]
            values = {c: sums[c] / sums["queries"] for c in BILINGUAL_COLUMNS[:-1]}
            served = sums["served other-language (3)"]
            right = sums["served right story (3)"]
            values[BILINGUAL_COLUMNS[-1]] = right / served if served else 0.0
            rows[f"{name}, {label}"] = values
    print(
        f"\nEnglish/Arabic set ({len(ARTICLES)} articles, 4 stories, 3 English and 3 Arabic "
        "each); same-language: gain 2 for the same story; cross-language: the best items in "
        "the other language; served: the stored list of 9 (ranking.select) with "
        "DATELINE_RELATED_OTHER_LANGUAGES at 0 and 3:"
    )
    print(table(rows, BILINGUAL_COLUMNS))
    print(
        "\nStories over both languages (online single-pass in publication order, default "
        "parameters, without and with the dense signal):"
    )
    columns = ["B3-P", "B3-R", "B3-F1", "pair-F1", "stories", "gold", "stories in both languages"]
    print(table(clusters, columns))


def _bilingual_query(q: int, found: list, docs: list[dict]) -> dict[str, float]:
    """Return one query's same- and cross-language figures and its served lists' shares."""
    story, language = docs[q]["subtopic"], docs[q]["language"]
    same = [c.pk for c in found if docs[c.pk]["language"] == language]
    other = [c.pk for c in found if docs[c.pk]["language"] != language]
    hits = [docs[i]["subtopic"] == story for i in same[:10]]
    relevant = sum(d["subtopic"] == story and d["language"] == language for d in docs) - 1
    dcg = sum(2 / math.log2(r + 2) for r, hit in enumerate(hits) if hit)
    ideal = sum(2 / math.log2(r + 2) for r in range(min(relevant, 10)))
    figures = {
        "same-language nDCG@10": dcg / ideal if ideal else 0.0,
        "same-language P@2": sum(hits[:2]) / 2,
        "cross-language P@1": float(bool(other) and docs[other[0]]["subtopic"] == story),
        "cross-language P@3": sum(docs[i]["subtopic"] == story for i in other[:3]) / 3,
    }
    for n in (0, 3):
        served = select(found, 9, language=language, other_languages=n)
        foreign = [c.pk for c in served if docs[c.pk]["language"] != language]
        figures[f"served other-language share ({n})"] = len(foreign) / max(len(served), 1)
        figures[f"served other-language ({n})"] = len(foreign)
        figures[f"served right story ({n})"] = sum(docs[i]["subtopic"] == story for i in foreign)
    return figures


def _stories_in_both(stories: dict[int, int], docs: list[dict]) -> int:
    """Return how many gold stories have an English and an Arabic item in one found story."""
    found = set()
    for story in {d["subtopic"] for d in docs}:
        members = [i for i, d in enumerate(docs) if d["subtopic"] == story]
        for s in {stories[i] for i in members}:
            if len({docs[i]["language"] for i in members if stories[i] == s}) > 1:
                found.add(story)
    return len(found)


# -- report ----------------------------------------------------------------------------------
def table(rows: dict[str, dict[str, float]], columns: list[str]) -> str:
    lines = ["| system | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for name, values in rows.items():
        cells = [
            f"{values[c]:.3f}" if isinstance(values[c], float) else str(values[c]) for c in columns
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run_variant(docs: list[dict], name: str, args, limit: int) -> dict[str, float]:
    """Print the related and story tables of one variant; return the figures the targets
    are judged on."""
    started = time.time()
    gold = [i for i, d in enumerate(docs) if d["topic"]]
    odd = [i for i in gold if docs[i]["topic"] % 2 == 1]
    even = [i for i in gold if docs[i]["topic"] % 2 == 0]
    words = sum(len(f"{docs[i]['title']} {docs[i]['text']}".split()) for i in gold) / len(gold)
    print(
        f"\n## Variant {name}: pool {len(docs)} items ({len(gold)} ECB+, "
        f"{len(docs) - len(gold)} distractors), ECB+ items {words:.0f} words on average; "
        f"tune on {len(odd)} odd-topic queries, report on {len(even)} even-topic queries"
    )
    cpu = time.process_time()
    features = build_features(docs)
    print(f"features: {time.process_time() - cpu:.1f} s CPU")
    dense = None
    if args.dense:
        undated = "-undated" if args.undated else ""
        dense = encode_dense(docs, Path("/tmp") / f"ecb-dense-{name}{undated}-{len(docs)}.npy")

    defaults = ClusterParams()
    if args.tune:
        for threshold in args.grid or [0.15, 0.2, 0.25, 0.3]:
            params = dataclasses.replace(defaults, threshold=threshold)
            _, stories = cluster(features, docs, params, dense)
            odd_scores = cluster_metrics({i: stories[i] for i in odd}, docs)
            print(f"threshold {threshold}: odd B3-F1 {odd_scores['B3-F1']:.3f}")
    cpu = time.process_time()
    params = dataclasses.replace(defaults, threshold=args.threshold or defaults.threshold)
    index, stories = cluster(features, docs, params, dense)
    cluster_cpu = (time.process_time() - cpu) / len(docs) * 1000

    weights = Weights()
    base = SparseIndex([Counter(standard_tokens(f"{d['title']}\n{d['text']}")) for d in docs])
    stop = STOP_WORDS["en"]
    plain = SparseIndex(
        [
            Counter(t for t in standard_tokens(f"{d['title']}\n{d['text']}") if t not in stop)
            for d in docs
        ]
    )
    vectors = tfidf_vectors(plain)
    tags = [set(list(f.entities)[:3]) for f in features]
    by_tag: dict[str, list[int]] = defaultdict(list)
    for i, ts in enumerate(tags):
        for t in ts:
            by_tag[t].append(i)
    # The cut baselines are the full ones' first ``limit`` items (computed once).
    mlt = functools.cache(lambda q: more_like_this(base, q))
    tfidf = functools.cache(lambda q: tfidf_cosine(plain, vectors, q))
    systems = {
        "tag overlap, newest first": lambda q: tag_overlap(tags, by_tag, docs, q),
        "more_like_this (ES defaults)": mlt,
        f"more_like_this, cut to {limit}": lambda q: mlt(q)[:limit],
        "TF-IDF cosine": tfidf,
        f"TF-IDF cosine, cut to {limit}": lambda q: tfidf(q)[:limit],
        "Dateline hybrid, ranked": lambda q: ours(index, features, stories, q, weights, dense),
        f"Dateline as served ({limit}, story first)": lambda q: ours(
            index, features, stories, q, weights, dense, limit, served=True
        ),
    }
    rows = {}
    for system, fn in systems.items():
        t0 = time.process_time()
        rows[system] = related_metrics({q: fn(q) for q in even}, docs)
        rows[system]["CPU ms/query"] = (time.process_time() - t0) / len(even) * 1000
        if args.tune:
            rows[system + " (odd)"] = related_metrics({q: fn(q) for q in odd}, docs)
            rows[system + " (odd)"]["CPU ms/query"] = 0.0
    print(f"\nRelated items, variant {name} (even topics; gain 2 for the same event):")
    columns = ["nDCG@10", "P@5", "MRR", "wrong-event@5", "coverage@3", "CPU ms/query"]
    print(table(rows, columns))
    even_scores = cluster_metrics({i: stories[i] for i in even}, docs)
    odd_scores = cluster_metrics({i: stories[i] for i in odd}, docs)
    print(
        f"\nStories, variant {name} (online single-pass, default parameters, threshold "
        f"{params.threshold}; odd B3-F1 {odd_scores['B3-F1']:.3f}; "
        f"{cluster_cpu:.1f} ms CPU per arrival incl. indexing):"
    )
    print(
        table(
            {"Dateline online clustering": even_scores},
            ["B3-P", "B3-R", "B3-F1", "pair-F1", "stories", "gold"],
        )
    )
    tfidf_cut = rows[f"TF-IDF cosine, cut to {limit}"]
    served = rows[f"Dateline as served ({limit}, story first)"]
    print(f"({time.time() - started:.0f} s wall, variant {name})")
    return {
        "nDCG@10 served": served["nDCG@10"],
        "nDCG@10 ranked": rows["Dateline hybrid, ranked"]["nDCG@10"],
        "TF-IDF cut nDCG@10": tfidf_cut["nDCG@10"],
        "TF-IDF full nDCG@10": rows["TF-IDF cosine"]["nDCG@10"],
        "wrong-event@5": served["wrong-event@5"],
        "TF-IDF wrong-event@5": rows["TF-IDF cosine"]["wrong-event@5"],
        "B3-P": even_scores["B3-P"],
        "B3-R": even_scores["B3-R"],
        "B3-F1": even_scores["B3-F1"],
    }


def targets(results: dict[str, dict[str, float]]) -> None:
    """Print each variant's figures against the issue's targets."""
    print("\nTargets (even topics, default configuration):")
    print(
        "| variant | nDCG@10 served | TF-IDF cut + 0.03 | wrong-event@5 | TF-IDF's | B3-F1 | 0.90 |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, r in results.items():
        need = r["TF-IDF cut nDCG@10"] + 0.03
        cells = [
            f"{r['nDCG@10 served']:.3f}",
            f"{need:.3f} ({_verdict(r['nDCG@10 served'] - need)})",
            f"{r['wrong-event@5']:.3f}",
            f"{r['TF-IDF wrong-event@5']:.3f} "
            f"({_verdict(r['TF-IDF wrong-event@5'] - r['wrong-event@5'])})",
            f"{r['B3-F1']:.3f}",
            _verdict(r["B3-F1"] - 0.90),
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")


def _verdict(margin: float) -> str:
    return f"met by {margin:.3f}" if margin >= 0 else f"missed by {-margin:.3f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--distractors", type=int, default=9100)
    parser.add_argument("--variants", default="long,short", help="long, short or both")
    parser.add_argument("--undated", action="store_true", help="one afternoon, shuffled")
    parser.add_argument("--dense", action="store_true", help="add the sentence-encoder signal")
    parser.add_argument("--tune", action="store_true", help="print the odd-topic grids")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--grid", type=float, nargs="*", help="thresholds tried with --tune")
    parser.add_argument("--bilingual", action="store_true", help="only the English/Arabic set")
    args = parser.parse_args(argv)
    if args.bilingual:
        bilingual_report()
        return

    started = time.time()
    from dateline.conf import setting

    limit = setting("DATELINE_RELATED_LIMIT")
    pool = load(args.data, args.distractors)
    results = {}
    for name in args.variants.split(","):
        results[name] = run_variant(variant(pool, name, args.undated), name, args, limit)
    targets(results)
    if not args.variants or "long" in args.variants:
        bilingual_report()
    print(f"\n{time.time() - started:.0f} s in all, {time.process_time():.0f} s CPU")


if __name__ == "__main__":
    main()
