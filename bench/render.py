"""Article page speed: in-process render time and HTTP requests/s under gunicorn.

Compares Dateline's article page with a baseline: a plain Django view rendering the same
template from one SQLite row (bench/render_urls.py), measured in the same run.

    .venv/bin/python bench/render.py --articles 10000            # generates a corpus in /tmp
    .venv/bin/python bench/render.py --data-dir /work/bench-data/1m   # an existing corpus

Prints p50/p99 in milliseconds and requests/s (wrk if installed, else a Python client).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import require_corpus  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def prepare(args) -> Path:
    if args.data_dir:
        folder = require_corpus(args.data_dir)
        env = {**os.environ, "DATELINE_DATA_DIR": str(folder), "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-m", "dateline", "migrate", "-v0"], env=env, check=True)
        return folder
    folder = Path(tempfile.gettempdir()) / f"dateline-bench-{args.articles}"
    if not (folder / "READY").exists():
        shutil.rmtree(folder, ignore_errors=True)
        env = {**os.environ, "DATELINE_DATA_DIR": str(folder), "PYTHONPATH": str(ROOT)}
        dateline = [sys.executable, "-m", "dateline"]
        subprocess.run([*dateline, "migrate", "-v0"], env=env, check=True)
        subprocess.run(
            [*dateline, "generate", "--articles", str(args.articles)], env=env, check=True
        )
        (folder / "READY").touch()
    return folder


def sample_ids(count: int) -> list[tuple[int, str]]:
    from dateline.articles.models import Article

    top = Article.objects.public().filter(language="en").order_by("sort")
    total = min(top.count(), 200_000) if count else 0
    rng = random.Random(3)
    offsets = sorted(rng.randrange(total) for _ in range(count))
    return [(a.pk, a.get_absolute_url()) for a in (top[o] for o in offsets)]


def in_process(samples, rounds: int) -> dict[str, list[float]]:
    from django.test import Client

    client = Client()
    timings = {"dateline": [], "baseline": []}
    for _ in range(rounds):
        for pk, url in samples:
            for name, target in (("dateline", url), ("baseline", f"/baseline/{pk}/")):
                start = time.perf_counter()
                response = client.get(target)
                timings[name].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (target, response.status_code)
    return timings


def over_http(data_dir: Path, samples, seconds: int) -> dict[str, float]:
    port = 8765
    env = {
        **os.environ,
        "DATELINE_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "bench.render_settings",
        "PYTHONPATH": str(ROOT),
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(
        [gunicorn, "dateline.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/en/")
        pk, url = samples[0]
        results = {}
        for name, target in (("dateline", url), ("baseline", f"/baseline/{pk}/")):
            results[name] = _load(f"http://127.0.0.1:{port}{target}", seconds)
        return results
    finally:
        server.terminate()
        server.wait()


def _wait(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def _load(url: str, seconds: int) -> float:
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run(
            [wrk, "-t2", "-c8", f"-d{seconds}s", url], capture_output=True, text=True, check=True
        ).stdout
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        if non_2xx:
            raise RuntimeError(f"{url}: {non_2xx.group(1)} error responses")
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    done, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        urllib.request.urlopen(url).read()
        done += 1
    return done / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()

    data_dir = prepare(args)
    os.environ["DATELINE_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.render_settings"
    import django

    django.setup()
    from dateline.articles.models import Article

    samples = sample_ids(args.samples)
    in_proc = in_process(samples, args.rounds)
    http = over_http(data_dir, samples, args.seconds)
    count = Article.objects.count()
    print(f"corpus: {count} articles in {data_dir}")
    for name in ("dateline", "baseline"):
        t = in_proc[name]
        p50, p99 = statistics.median(t), percentile(t, 0.99)
        print(
            f"{name:9s} in-process p50 {p50:6.2f} ms  p99 {p99:6.2f} ms"
            f"  | gunicorn -w2 {http[name]:8.1f} req/s"
        )
    ratio_p50 = statistics.median(in_proc["dateline"]) / statistics.median(in_proc["baseline"])
    print(
        f"ratio dateline/baseline: p50 time x{ratio_p50:.2f}, "
        f"throughput x{http['dateline'] / http['baseline']:.2f}"
    )


if __name__ == "__main__":
    main()
