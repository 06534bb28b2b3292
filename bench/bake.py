"""Baking at scale: publish-to-live, bake rate, a 50-page correction, read throughput, disk.

Runs against a copy of a generated corpus (``dateline generate``; 1M articles by default):

    .venv/bin/python bench/bake.py --source /work/bench-data/1m --work /tmp/dl9-bench

Measures, each with a baseline from the same run where the issue asks for one:

1. full bake rate (pages/s, 2 worker processes) over the newest ``--bake-articles`` articles'
   pages, the fronts and topic pages (a full 1M bake is extrapolated from the rate);
2. publish-to-live: ``lifecycle.publish`` of a draft until every affected file is written,
   p50/p95 over ``--publishes`` publishes (the rebuild runs right after the commit);
3. the rebuild after correcting an article listed on 50 pages;
4. wrk on 127.0.0.1: a baked article via deploy/nginx.conf against the same bytes served as
   a plain static file by nginx, and the unbaked article page via gunicorn (the product's
   embedded mode: baked on first read) against the plain Django view of one SQLite row
   from bench/render_urls.py;
5. bytes on disk per article (article page + related JSON + API document).

Prints a Markdown section for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import require_corpus  # noqa: E402
from bench.loadkit.nginx import INCLUDED  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def prepare(source: Path, work: Path) -> Path:
    """Copy the corpus afresh (the bench publishes into it) and migrate the copy."""
    data = work / "data"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copytree(source, data)
    env = {**os.environ, "DATELINE_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "dateline", "migrate", "-v0", "--skip-checks"], env=env, check=True
    )
    return data


def setup_django(data: Path, baked: Path) -> None:
    os.environ.update(
        {
            "DATELINE_DATA_DIR": str(data),
            "DATELINE_PUBLISH_ROOT": str(baked),
            "DATELINE_BAKE": "1",
            "DATELINE_LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": "bench.bake_settings",
        }
    )
    import django

    django.setup()


def bake_rate(latest: int) -> dict:
    """Bake the newest ``latest`` articles' pages, fronts and topics with 2 workers."""
    from dateline.publishing.bakery import enqueue_all, pending, run_workers

    kinds = ["article", "related-json", "api-article", "home", "section", "topic"]
    started = time.perf_counter()
    listed = enqueue_all(kinds, latest)
    listing = time.perf_counter() - started
    started = time.perf_counter()
    report = run_workers(2)
    seconds = time.perf_counter() - started
    return {
        "pages": report.done,
        "listed": listed,
        "list_seconds": listing,
        "seconds": seconds,
        "rate": report.done / seconds,
        "failed": len(report.failures),
        "left": pending(),
        "failures": [str(f) for f in report.failures[:5]],
    }


def _drafts(count: int) -> list:
    """Make ``count`` drafts shaped like recent articles (same sections, topics, stories)."""
    from dateline.articles.models import Article

    rng = random.Random(9)
    recent = list(
        Article.objects.public()
        .filter(language="en")
        .order_by("sort")[:500]
        .prefetch_related("topics")
    )
    drafts = []
    for n in range(count):
        model = rng.choice(recent)
        draft = Article.objects.create(
            headline=f"Bench dispatch {n}: {model.headline[:80]}",
            slug=f"bench-dispatch-{n}",
            summary=model.summary,
            body=model.body,
            language="en",
            status=Article.Status.DRAFT,
            section_id=model.section_id,
            story_id=model.story_id,
            article_type_id=model.article_type_id,
        )
        draft.topics.set(model.topics.all())
        drafts.append(draft)
    return drafts


def publish_to_live(count: int, baked: Path) -> dict:
    """Time ``count`` publishes from the call until every affected file is on disk."""
    from dateline.articles import lifecycle
    from dateline.publishing.changes import affected_pages

    timings, pages = [], []
    for draft in _drafts(count):
        started = time.perf_counter()
        lifecycle.publish(draft)
        elapsed = time.perf_counter() - started
        own = baked / draft.get_absolute_url().lstrip("/") / "index.html"
        front = (baked / "en/index.html").read_text(encoding="utf-8")
        assert own.exists() and f"/{draft.slug}/" in front, draft.pk
        timings.append(elapsed)
        pages.append(len(affected_pages(draft.pk)))
    return {
        "p50": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "max": max(timings),
        "pages": statistics.median(pages),
    }


def correction_on_50_pages(baked: Path) -> dict:
    """Pin one article under 25 baked articles (page + related JSON each = 50 pages listing
    it), bake those, then time the rebuild after correcting its headline."""
    from dateline.articles import lifecycle
    from dateline.articles.models import Article
    from dateline.publishing.baker import bake_pages, mark_dirty
    from dateline.publishing.models import PageDependency
    from dateline.publishing.targets import publish_target
    from dateline.related.models import RelatedPin
    from dateline.site.processes import new_worker_id
    from dateline.site.urlbuilder import urls

    hosts = list(Article.objects.public().filter(language="en").order_by("sort")[50:75])
    target = Article.objects.public().filter(language="en").order_by("sort")[400]
    RelatedPin.objects.bulk_create(
        [RelatedPin(article=h, target=target, position=0) for h in hosts], ignore_conflicts=True
    )
    pages = {urls.article(h): "article" for h in hosts}
    pages |= {urls.related_json(h): "related-json" for h in hosts}
    bake_pages(mark_dirty(pages), new_worker_id(), publish_target())
    listing = PageDependency.objects.filter(article_id=target.pk).count()
    target.headline = target.headline + " (corrected)"
    started = time.perf_counter()
    lifecycle.publish(target)
    seconds = time.perf_counter() - started
    shown = sum(
        "(corrected)" in (baked / urls.article(h).lstrip("/") / "index.html").read_text()
        for h in hosts
    )
    return {"listing": listing, "seconds": seconds, "shown": shown}


def disk_per_article(baked: Path) -> dict:
    from dateline.publishing.models import BakedPage

    kinds = ("article", "related-json", "api-article")
    rows = BakedPage.objects.filter(kind__in=kinds).exclude(file="")
    articles = rows.filter(kind="article").count()
    apparent = allocated = 0
    for name in rows.values_list("file", flat=True).iterator():
        stat = os.stat(baked / name)
        apparent += stat.st_size
        allocated += stat.st_blocks * 512
    return {
        "articles": articles,
        "apparent": apparent / max(articles, 1),
        "allocated": allocated / max(articles, 1),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def wrk(url: str, seconds: int, connections: int = 32) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if bad:
        raise RuntimeError(f"{url}: {bad.group(1)} error responses")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def nginx_throughput(baked: Path, work: Path, seconds: int) -> dict:
    """wrk against deploy/nginx.conf serving a baked article, and the same bytes as a plain
    file from a bare nginx server block (root + sendfile, nothing else)."""
    from dateline.articles.models import Article

    article = Article.objects.public().filter(language="en").order_by("sort")[60]
    url_path = article.get_absolute_url()
    plain = work / "plain"
    plain.mkdir(exist_ok=True)
    shutil.copyfile(baked / url_path.lstrip("/") / "index.html", plain / "article.html")
    port, plain_port = _free_port(), _free_port()
    conf = (ROOT / "deploy/nginx.conf").read_text()
    for old, new in {
        "user www-data;": "user root;",
        "worker_processes auto;": "worker_processes 1;",
        "/run/nginx-dateline.pid": str(work / "nginx.pid"),
        "/var/log/nginx/dateline-error.log": str(work / "nginx-error.log"),
        "/var/log/nginx/dateline-access.log": str(work / "nginx-access.log"),
        "/srv/dateline/baked": str(baked),
        "listen 80;": f"listen 127.0.0.1:{port};",
    }.items():
        conf = conf.replace(old, new)
    bare = f"    server {{ listen 127.0.0.1:{plain_port}; root {plain}; }}\n}}\n"
    conf = conf.rstrip().removesuffix("}") + bare
    (work / "nginx.conf").write_text(conf)
    for name in INCLUDED:  # read from the folder of the file given to nginx -c
        shutil.copyfile(ROOT / "deploy" / name, work / name)
    server = subprocess.Popen(["nginx", "-c", str(work / "nginx.conf"), "-g", "daemon off;"])
    try:
        _wait(f"http://127.0.0.1:{port}{url_path}")
        _wait(f"http://127.0.0.1:{plain_port}/article.html")
        wrk(f"http://127.0.0.1:{plain_port}/article.html", 2)
        baked_rps = wrk(f"http://127.0.0.1:{port}{url_path}", seconds)
        plain_rps = wrk(f"http://127.0.0.1:{plain_port}/article.html", seconds)
    finally:
        server.terminate()
        server.wait()
    return {"baked": baked_rps, "plain": plain_rps, "ratio": baked_rps / plain_rps}


def gunicorn_throughput(data: Path, baked: Path, seconds: int, offset: int) -> dict:
    """wrk against an unbaked article page and the plain one-row Django view, gunicorn -w 2."""
    from dateline.articles.models import Article

    newest = Article.objects.public().filter(language="en").order_by("sort")
    article = next(
        a
        for a in newest[offset : offset + 1000]
        if not (baked / a.get_absolute_url().lstrip("/") / "index.html").exists()
    )
    path = article.get_absolute_url()
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATELINE_DATA_DIR": str(data)}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(
        [gunicorn, "dateline.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--log-level", "error"],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/plain/{article.pk}/")
        wrk(f"{base}/plain/{article.pk}/", 2, 4)
        # The first read renders the page and bakes it (seconds at 1M articles): warm up
        # both workers before measuring, as for the baseline.
        _wait(f"{base}{path}")
        wrk(f"{base}{path}", 3, 4)
        dynamic = wrk(f"{base}{path}", seconds, 8)
        plain = wrk(f"{base}/plain/{article.pk}/", seconds, 8)
        template = wrk(f"{base}/baseline/{article.pk}/", seconds, 8)
    finally:
        server.terminate()
        server.wait()
    return {
        "dynamic": dynamic,
        "baseline": plain,
        "template_baseline": template,
        "ratio": dynamic / plain,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default="/work/bench-data/1m")
    parser.add_argument("--work", default="/tmp/dateline-bench-bake")
    parser.add_argument("--bake-articles", type=int, default=5000)
    parser.add_argument("--publishes", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--only-http", action="store_true", help="Only the wrk runs, on an existing --work."
    )
    args = parser.parse_args()

    work = Path(args.work)
    if args.only_http:
        data, baked = work / "data", work / "baked"
        setup_django(data, baked)
        print(f"nginx: {nginx_throughput(baked, work, args.seconds)}", flush=True)
        offset = 2 * args.bake_articles + 7
        print(f"gunicorn: {gunicorn_throughput(data, baked, args.seconds, offset)}", flush=True)
        return
    data = prepare(require_corpus(args.source), work)
    baked = work / "baked"
    setup_django(data, baked)
    from dateline.articles.models import Article
    from dateline.publishing.buildables import buildables

    total = Article.objects.count()
    public = Article.objects.public().count()
    print(f"corpus: {total} articles ({public} public) in {data}", flush=True)
    rate = bake_rate(args.bake_articles)
    print(f"bake: {rate}", flush=True)
    live = publish_to_live(args.publishes, baked)
    print(f"publish-to-live: {live}", flush=True)
    fix = correction_on_50_pages(baked)
    print(f"correction: {fix}", flush=True)
    disk = disk_per_article(baked)
    print(f"disk: {disk}", flush=True)
    served = nginx_throughput(baked, work, args.seconds)
    print(f"nginx: {served}", flush=True)
    dynamic = gunicorn_throughput(data, baked, args.seconds, 2 * args.bake_articles)
    print(f"gunicorn: {dynamic}", flush=True)
    full_pages = 3 * public + 2 * (8 + 38) + sum(1 for b in buildables() if b.name == "home") * 2
    print(
        "\n".join(
            [
                "",
                f"- full bake rate (2 workers): {rate['rate']:.1f} pages/s over {rate['pages']} "
                "pages "
                f"(newest {args.bake_articles} articles' page, related JSON and API document, "
                f"fronts, topics); a whole {public}-article site (~{full_pages:,} pages plus "
                f"story pages) at that rate: ~{full_pages / rate['rate'] / 3600:.1f} h",
                f"- publish-to-live over {args.publishes} publishes: "
                f"p50 {live['p50'] * 1000:.0f} ms, "
                f"p95 {live['p95'] * 1000:.0f} ms, max {live['max'] * 1000:.0f} ms "
                f"({live['pages']:.0f} pages rebuilt per publish, median)",
                f"- correction of an article listed on {fix['listing']} pages: "
                f"{fix['seconds'] * 1000:.0f} ms until all are rewritten",
                f"- nginx, baked article page: {served['baked']:.0f} req/s; same bytes as a plain "
                f"static file: {served['plain']:.0f} req/s; ratio {served['ratio']:.2f}",
                f"- gunicorn -w 2, unbaked article page (baked on first read): "
                f"{dynamic['dynamic']:.0f} req/s; plain Django view of one SQLite row: "
                f"{dynamic['baseline']:.0f} req/s; ratio {dynamic['ratio']:.2f} (the article "
                f"template from one row: {dynamic['template_baseline']:.1f} req/s)",
                f"- disk per article (page + related JSON + API document): "
                f"{disk['apparent']:.0f} bytes of content, {disk['allocated']:.0f} bytes allocated",
            ]
        )
    )


if __name__ == "__main__":
    main()
