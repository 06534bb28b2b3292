"""Readers: client processes that request a weighted mix of public URLs as fast as they can.

Each reader is a separate process (spawned, so it shares nothing with the Django of the driver)
that opens a new connection per request, as gunicorn's sync workers close each one, and writes
one line per request: kind, start time, latency, status or error.
"""

from __future__ import annotations

import http.client
import random
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

# Kind -> share of requests. "baseline" is robots.txt: the same gunicorn, middleware and
# Django, no database, so every kind can be read as a ratio against it.
WEIGHTS = {
    "front": 15,
    "section": 10,
    "article": 35,
    "search": 10,
    "api": 15,
    "feed": 8,
    "baseline": 7,
}


@dataclass(frozen=True)
class Outcome:
    kind: str
    started: float  # wall clock, seconds
    seconds: float
    status: str  # the HTTP status, or the name of the error

    @property
    def ok(self) -> bool:
        return self.status.isdigit() and 200 <= int(self.status) < 400


def build_mix(articles: int = 400, seed: int = 5) -> dict[str, list[str]]:
    """Return the paths of each kind of read, from the newsroom in the database (needs Django)."""
    from dateline.articles.models import Article
    from dateline.taxonomy.models import Section

    rng = random.Random(seed)
    public = list(Article.objects.public().order_by("sort")[: articles * 5])
    sample = rng.sample(public, min(articles, len(public)))
    sections = list(Section.objects.values_list("slug", flat=True))
    words = sorted({w.lower() for a in sample for w in a.headline.split() if w.isalpha()})
    return {
        "front": ["/en/", "/ar/"],
        "section": [f"/{lang}/section/{s}/" for s in sections for lang in ("en", "ar")],
        "article": [a.get_absolute_url() for a in sample],
        "search": [f"/en/search/?q={w}" for w in rng.sample(words, min(100, len(words)))],
        "api": [
            "/api/v1/articles",
            "/api/v1/articles?language=ar",
            "/api/v1/sections",
            *(f"/api/v1/articles/{a.pk}" for a in sample[:100]),
            *(f"/api/v1/articles/{a.pk}.ninjs" for a in sample[100:150]),
        ],
        "feed": [
            "/feeds/site.rss",
            "/feeds/en.rss",
            "/feeds/ar.atom",
            "/feeds/en.json",
            *(f"/feeds/section/{s}.rss" for s in sections),
        ],
        "baseline": ["/robots.txt"],
    }


def fetch(port: int, path: str, timeout: float) -> tuple[str, bytes]:
    """GET ``path`` from 127.0.0.1; return (status or error name, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", urllib.parse.quote(path, safe="/?=&%:.-_~"))
        response = connection.getresponse()
        return str(response.status), response.read()
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__, b""
    finally:
        connection.close()


def read_loop(
    port: int,
    mix: dict[str, list[str]],
    until: float,
    max_requests: int,
    timeout: float,
    seed: int,
    out: str,
) -> None:
    """Request random paths of ``mix`` until wall time ``until`` or ``max_requests``; log each."""
    rng = random.Random(seed)
    kinds = [k for k in WEIGHTS if mix.get(k)]
    weights = [WEIGHTS[k] for k in kinds]
    with Path(out).open("w", encoding="utf-8") as log:
        for _ in range(max_requests):
            started = time.time()
            if started >= until:
                break
            kind = rng.choices(kinds, weights)[0]
            began = time.perf_counter()
            status, _body = fetch(port, rng.choice(mix[kind]), timeout)
            log.write(f"{kind}\t{started:.4f}\t{time.perf_counter() - began:.5f}\t{status}\n")


def load_outcomes(paths: list[Path]) -> list[Outcome]:
    """Read the lines the readers wrote."""
    outcomes = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            kind, started, seconds, status = line.split("\t")
            outcomes.append(Outcome(kind, float(started), float(seconds), status))
    return outcomes
