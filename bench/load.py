"""Load with live publishing: mixed reads at full rate while an editor publishes and edits.

On 127.0.0.1 only. Sets up a fresh database with a generated newsroom, starts the site under
gunicorn and a ``dateline worker``, then for ``--duration`` seconds runs reader processes over
fronts, section pages, articles, search, the API and feeds (and robots.txt as the baseline),
while the driver publishes one new article and edits one live article every second through the
desk's workflow. Prints errors, latency per kind, the staleness of the article page, the front
and the feed after each commit, and whether any edit or publish was lost or doubled.

    .venv/bin/python bench/load.py                                # 10 minutes on PostgreSQL
    .venv/bin/python bench/load.py --sqlite --duration 60
    .venv/bin/python bench/load.py --fault postgres-restart --duration 180
    .venv/bin/python bench/load.py --fault redis-down --duration 180

``--fault`` injects the fault midway (``bench/loadkit/faults.py``): PostgreSQL restarted with
``pg_ctlcluster 15 main restart`` (and always left running), or a private Redis on port 6390,
which the site caches in, killed for a quarter of the run. Every process started is ended at
the end, on error and on Ctrl-C.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shlex
import signal
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loadkit.faults import Fault, fault_named  # noqa: E402
from bench.loadkit.newsroom import Newsroom, Watcher  # noqa: E402
from bench.loadkit.readers import build_mix, load_outcomes, read_loop  # noqa: E402
from bench.loadkit.report import render  # noqa: E402
from bench.loadkit.stack import Stack  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=600, help="Seconds of load (600).")
    parser.add_argument("--articles", type=int, default=3000, help="Generated articles (3000).")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/dateline_load"
    )
    parser.add_argument("--sqlite", action="store_true", help="SQLite in the data folder instead.")
    parser.add_argument("--work", default="/tmp/dateline-load", help="Data folder and logs.")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--gunicorn-workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=6, help="Reader processes (6).")
    parser.add_argument("--timeout", type=float, default=10, help="Per request, seconds (10).")
    parser.add_argument("--max-requests", type=int, default=2_000_000, help="Cap on all reads.")
    parser.add_argument("--fault", choices=["postgres-restart", "redis-down"], default=None)
    parser.add_argument("--bake", action="store_true", help="Run with DATELINE_BAKE=1.")
    parser.add_argument(
        "--bake-tail-in-background",
        action="store_true",
        help="With --bake: DATELINE_BAKE_TAIL_IN_BACKGROUND=1 (the worker rebuilds the long tail).",
    )
    parser.add_argument("--reuse", action="store_true", help="Keep the last run's database.")
    return parser.parse_args()


def setup_django(stack: Stack) -> None:
    os.environ.clear()
    os.environ.update(stack.env())
    import django

    django.setup()


def start_readers(args, mix: dict, until: float, logs: Path) -> list:
    spawn = multiprocessing.get_context("spawn")
    readers = []
    for n in range(args.clients):
        reader = spawn.Process(
            target=read_loop,
            args=(
                args.port,
                mix,
                until,
                args.max_requests // args.clients,
                args.timeout,
                n,
                str(logs / f"reader-{n}.tsv"),
            ),
            daemon=True,
        )
        reader.start()
        readers.append(reader)
    return readers


def run_fault(fault: Fault, at: float, errors: list[BaseException]) -> threading.Thread:
    def inject() -> None:
        time.sleep(max(0.0, at - time.time()))
        try:
            fault.inject()
        except Exception as error:  # noqa: BLE001 - reported with the figures
            errors.append(error)

    thread = threading.Thread(target=inject, name="fault", daemon=True)
    thread.start()
    return thread


def sample_load(until: float, samples: list[float]) -> None:
    while time.time() < until:
        samples.append(os.getloadavg()[0])
        time.sleep(10)


def header(args, started: datetime, load: list[float], seconds: float) -> list[str]:
    database = "SQLite (WAL)" if args.sqlite else "PostgreSQL 15"
    return [
        f"Run {started:%Y-%m-%d %H:%M} UTC, 2-core shared VM; "
        f"`{shlex.join(['.venv/bin/python', 'bench/load.py', *sys.argv[1:]])}`",
        f"{database}, {args.articles} generated articles, gunicorn {args.gunicorn_workers} sync "
        f"workers + 1 `dateline worker`, {args.clients} reader processes, "
        f"{seconds:.0f} s of load" + (", baked pages" if args.bake else ""),
        f"Load average (1 min) during the run: min {min(load, default=0):.1f}, "
        f"mean {sum(load) / max(1, len(load)):.1f}, max {max(load, default=0):.1f}",
    ]


def run(args, stack: Stack, fault: Fault) -> str:
    logs = stack.work / "logs"
    if not (args.reuse and (stack.work / "data").exists()):
        stack.create(args.articles)
    logs.mkdir(exist_ok=True)
    fault.prepare(logs)
    setup_django(stack)
    mix = build_mix()
    newsroom = Newsroom(Watcher(args.port))
    newsroom.prepare()
    stack.start()

    started = datetime.now(UTC)
    begin = time.time()
    until = begin + args.duration
    readers = start_readers(args, mix, until, logs)
    fault_errors: list[BaseException] = []
    load: list[float] = []
    threading.Thread(target=sample_load, args=(until, load), daemon=True).start()
    injector = run_fault(fault, begin + args.duration / 2, fault_errors) if args.fault else None
    try:
        next_tick = begin
        while time.time() < until:
            time.sleep(max(0.0, next_tick - time.time()))
            newsroom.tick()
            next_tick = max(next_tick + 1, time.time())
        for reader in readers:
            reader.join(timeout=args.timeout + 30)
        if injector is not None:
            injector.join()
    except BaseException:
        newsroom.watcher.stop()
        raise
    finally:
        for reader in readers:
            if reader.is_alive():
                reader.kill()
    seconds = time.time() - begin
    sightings = newsroom.watcher.sightings()
    problems = newsroom.verify(args.port)
    outcomes = load_outcomes(sorted(logs.glob("reader-*.tsv")))
    text = render(
        header(args, started, load, args.duration),
        outcomes,
        min(seconds, args.duration),
        newsroom,
        sightings,
        problems,
        fault,
    )
    if fault_errors:
        text += f"\n- the fault could not be injected: {fault_errors[0]!r}"
    return text


def main() -> None:
    args = parse_args()
    fault = fault_named(args.fault, args.duration)
    extra = fault.env()
    if args.bake:
        extra["DATELINE_BAKE"] = "1"
        if args.bake_tail_in_background:
            extra["DATELINE_BAKE_TAIL_IN_BACKGROUND"] = "1"
    stack = Stack(
        work=Path(args.work),
        database_url=None if args.sqlite else args.database_url,
        port=args.port,
        gunicorn_workers=args.gunicorn_workers,
        extra_env=extra,
    )
    # A plain `kill` of the bench ends its processes too, as Ctrl-C does (even when the
    # bench was started in the background, where SIGINT arrives ignored).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        print(run(args, stack, fault))
    finally:
        stack.stop()
        fault.heal()


if __name__ == "__main__":
    main()
