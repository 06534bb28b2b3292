"""Faults, larger and repeated: killed workers and bakes, a disk filling up (issue 10).

Runs the scenarios of ``tests/hardening/test_faults.py`` at a larger size, each ``--rounds``
times with the fault at a different point, on SQLite in fresh folders under ``--work``:

1. ``dateline worker`` SIGKILLed after a random number of due items are published, then a
   new worker: items published more or less than once, missing search entries, webhook
   events or baked pages; the same with background baking, killed inside a rebuild task;
2. ``dateline bake`` SIGKILLed at a random point while strace holds each rename: torn files
   visible, temporaries left, what ``--resume`` removes and finishes;
3. the media disk filling up during ``dateline import``, then ``--resume`` after freeing it;
4. the SQLite data disk filling up during ``dateline import``, then ``--resume``;
5. the bake disk filling up during ``dateline bake``, then ``--resume``.

Each scenario's baseline is the same work without the fault, timed in the same run; the
ratio is (faulty run + recovery) / baseline. Needs root (tmpfs mounts) and strace.

    .venv/bin/python bench/faults.py --rounds 3 --work /tmp/dl-faults
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dateline.importers.wxrgen import synthetic_posts, write_wxr  # noqa: E402
from tests.hardening.test_faults import (  # noqa: E402
    LEDGER,
    PUBLISHED,
    RETITLE,
    TASKS,
    export_with_photos,
    fill,
    kill,
    make_articles,
    new_site,
    publish_state,
    rebuilds,
    served_files,
    slow_renames,
    small_disk,
    temporaries,
    whole,
)

BAKE = ("bake", "--workers", "2", "--no-progress", "--skip-checks")
RESUME = ("bake", "--resume", "--workers", "2", "--no-progress", "--skip-checks")


def timed(action: Callable[[], subprocess.CompletedProcess]) -> tuple[float, bool]:
    started = time.perf_counter()
    done = action()
    return time.perf_counter() - started, done.returncode == 0


def wait_until(condition: Callable[[], bool], seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def clean_message(done: subprocess.CompletedProcess, *names: str) -> bool:
    return (
        done.returncode != 0
        and "Traceback" not in done.stderr
        and all(name in done.stderr for name in names)
    )


def killed_publish(folder: Path, items: int, rng: random.Random) -> dict:
    site = new_site(folder)
    make_articles(site, items, "scheduled")
    after = rng.randint(3, items - 5)
    worker = site.start("worker", "--interval", "0.2", "--skip-checks")
    wait_until(lambda: site.scalar(PUBLISHED) >= after)
    kill(worker)
    published = site.scalar(PUBLISHED)
    unfinished = site.scalar("SELECT COUNT(*) FROM desk_unfinishedrelease")
    seconds, ok = timed(lambda: site.run("worker", "--once", "--skip-checks", timeout=900))
    state = publish_state(site)
    wrong = [
        a
        for a in state.values()
        if (a["status"], a["audits"], a["events"], a["indexed"]) != ("published", 1, 1, 1)
    ]
    pages = [site.baked / f"en/news/{pk}/{a['slug']}/index.html" for pk, a in state.items()]
    return {
        "published at kill": published,
        "left mid-receivers": unfinished,
        "recovery s": seconds,
        "ok": ok,
        "items not exactly once": len(wrong),
        "duplicate sort keys": items - len({a["sort"] for a in state.values()}),
        "missing or torn pages": sum(not (p.is_file() and whole(p)) for p in pages),
    }


def clean_publish(folder: Path, items: int, background: bool = False) -> float:
    site = new_site(folder)
    if background:
        site.env["DATELINE_BAKE_IN_BACKGROUND"] = "1"
    make_articles(site, items, "scheduled")
    return timed(lambda: site.run("worker", "--once", "--skip-checks", timeout=900))[0]


def killed_task(folder: Path, items: int, rng: random.Random) -> dict:
    site = new_site(folder)
    site.env["DATELINE_BAKE_IN_BACKGROUND"] = "1"
    make_articles(site, items, "scheduled")
    after = rng.randint(2, items - 5)
    worker = site.start("worker", "--interval", "0.2", "--skip-checks")
    wait_until(lambda: (lambda done, running: done >= after and running == 1)(*rebuilds(site)))
    kill(worker)
    orphans = site.scalar(TASKS + " WHERE status = 'RUNNING'")
    seconds, ok = timed(lambda: site.run("worker", "--once", "--skip-checks", timeout=900))
    state = publish_state(site)
    pages = [site.baked / f"en/news/{pk}/{a['slug']}/index.html" for pk, a in state.items()]
    return {
        "rebuilds done at kill": after,
        "tasks cut off": orphans,
        "recovery s": seconds,
        "ok": ok,
        "tasks still running": site.scalar(TASKS + " WHERE status = 'RUNNING'"),
        "rebuilds done": rebuilds(site)[0],
        "dirty pages": site.scalar(LEDGER + " WHERE dirty"),
        "missing or torn pages": sum(not (p.is_file() and whole(p)) for p in pages),
    }


def killed_bake(folder: Path, articles: int, rng: random.Random) -> dict:
    site = new_site(folder)
    make_articles(site, articles, "published")
    total = articles * 3 + 17
    after = rng.randint(10, total - 20)
    bake = site.start(*BAKE, prefix=slow_renames(0.05))
    wait_until(lambda: len(served_files(site.baked)) >= after and temporaries(site.baked))
    kill(bake)
    left = len(temporaries(site.baked))
    torn = sum(not whole(p) for p in served_files(site.baked))
    seconds, ok = timed(lambda: site.run(*RESUME, timeout=900))
    return {
        "killed after": after,
        "temporaries left": left,
        "torn at kill": torn,
        "recovery s": seconds,
        "ok": ok,
        "torn or missing after": site.scalar(LEDGER)
        - sum(whole(p) for p in served_files(site.baked)),
        "temporaries after": len(temporaries(site.baked)),
    }


def clean_bake(folder: Path, articles: int) -> float:
    site = new_site(folder)
    make_articles(site, articles, "published")
    return timed(lambda: site.run(*BAKE, timeout=900))[0]


def media_import(folder: Path, posts: int, rng: random.Random, full: bool) -> dict:
    site = new_site(folder)
    source, uploads = export_with_photos(folder, posts)
    command = ("import", str(source), "--media-root", str(uploads), "--no-progress")
    command += ("--batch-size", "50", "--no-parallel", "--skip-checks")
    media = Path(site.env["DATELINE_DATA_DIR"]) / "media"
    with small_disk(media, posts * 24 + 1024) as disk:
        if not full:
            return {"seconds": timed(lambda: site.run(*command, timeout=900))[0]}
        filler = fill(disk, leave_kib=rng.randint(posts * 2, posts * 12))
        started = time.perf_counter()
        stopped = site.run(*command, timeout=900)
        stop = time.perf_counter() - started
        committed = site.scalar("SELECT COUNT(*) FROM articles_article")
        partial = [p for p in disk.rglob("*.jpg") if p.stat().st_size != 16 * 1024]
        filler.unlink()
        seconds, ok = timed(lambda: site.run(*command, "--resume", timeout=900))
        rows = site.query(
            "SELECT COUNT(*) FROM articles_article a JOIN media_mediaasset m "
            "ON m.id = a.lead_media_id"
        )
        return {
            "committed at stop": committed,
            "whole batches": committed % 50 == 0,
            "clean message": clean_message(stopped, "No space left on device", "--resume"),
            "partial files": len(partial),
            "stop s": stop,
            "resume s": seconds,
            "ok": ok and rows[0][0] == posts,
        }


def database_import(folder: Path, posts: int, rng: random.Random, full: bool) -> dict:
    site = new_site(folder)
    source = folder / "export.xml"
    with source.open("wb") as out:
        write_wxr(out, synthetic_posts(posts, body_chars=2000))
    command = ("import", str(source), "--batch-size", "100", "--no-progress", "--no-parallel")
    command += ("--skip-checks",)
    data = Path(site.env["DATELINE_DATA_DIR"])
    with small_disk(folder / "db-disk", posts * 6 + 8192) as disk:
        shutil.copy(data / "dateline.sqlite3", disk)
        site.env["DATELINE_DATA_DIR"] = str(disk)
        if not full:
            return {"seconds": timed(lambda: site.run(*command, timeout=900))[0]}
        # Room for at least one batch and at most most of the import (5 KiB a post + WAL).
        filler = fill(disk, leave_kib=rng.randint(1200, max(1300, posts * 4)))
        started = time.perf_counter()
        stopped = site.run(*command, timeout=900)
        stop = time.perf_counter() - started
        committed = site.scalar("SELECT COUNT(*) FROM articles_article")
        checkpoint = site.scalar("SELECT records_done FROM importers_importrun")
        filler.unlink()
        seconds, ok = timed(lambda: site.run(*command, "--resume", timeout=900))
        return {
            "committed at stop": committed,
            "whole batches": committed == checkpoint and committed % 100 == 0,
            "clean message": clean_message(stopped, "database or disk is full", "--resume"),
            "partial files": 0 if site.query("PRAGMA integrity_check") == [("ok",)] else 1,
            "stop s": stop,
            "resume s": seconds,
            "ok": ok and site.scalar("SELECT COUNT(*) FROM articles_article") == posts,
        }


def full_bake(folder: Path, articles: int, rng: random.Random) -> dict:
    site = new_site(folder)
    make_articles(site, articles, "published")
    with small_disk(site.baked, articles * 400 + 4096) as disk:
        first = site.run(*BAKE, timeout=900)
        earlier = {p: p.read_bytes() for p in served_files(disk)}
        site.shell(RETITLE)
        make_articles(site, articles * 2, "published", first=100_000)
        # The new articles' pages need about twice the first bake's room: leave a part of it.
        room = sum(len(b) for b in earlier.values()) // 1024
        filler = fill(disk, leave_kib=int(room * rng.uniform(0.2, 1.2)))
        started = time.perf_counter()
        stopped = site.run(*BAKE, timeout=900)
        stop = time.perf_counter() - started
        pages = [p for p in served_files(disk) if p != filler]
        rebuilt = sum(p.read_bytes() != earlier[p] for p in earlier if p.exists())
        torn = sum(not whole(p) for p in pages)
        left = len(temporaries(disk))
        filler.unlink()
        seconds, ok = timed(lambda: site.run(*RESUME, timeout=900))
        return {
            "first bake ok": first.returncode == 0,
            "pages at stop": len(pages),
            "rebuilt at stop": rebuilt,
            "clean message": clean_message(stopped, "Disk full while writing", "--resume"),
            "torn": torn,
            "temporaries": left,
            "stop s": stop,
            "resume s": seconds,
            "ok": ok and site.scalar(LEDGER + " WHERE dirty") == 0,
        }


def table(title: str, rows: list[dict], baseline: float | None = None) -> None:
    print(f"\n{title}\n")
    keys = list(rows[0])
    print("| round | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    for n, row in enumerate(rows, 1):
        cells = [f"{v:.1f}" if isinstance(v, float) else str(v) for v in row.values()]
        print(f"| {n} | " + " | ".join(cells) + " |")
    if baseline is not None:
        print(f"\nbaseline (no fault): {baseline:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, default=Path("/tmp/dateline-faults"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--items", type=int, default=60, help="Due items per publish run.")
    parser.add_argument("--articles", type=int, default=100, help="Articles per bake run.")
    parser.add_argument("--posts", type=int, default=1000, help="Posts per import run.")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument(
        "--only",
        action="append",
        choices=["publish", "task", "bake", "media", "database", "full-bake"],
        help="Run only this scenario (repeatable; default: all).",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    shutil.rmtree(args.work, ignore_errors=True)

    def folder(name: str) -> Path:
        path = args.work / name
        path.mkdir(parents=True)
        return path

    rounds = range(args.rounds)
    n_items, n_articles, n_posts = args.items, args.articles, args.posts
    scenarios = {
        "publish": (
            f"Worker killed mid-publish ({n_items} due items)",
            lambda: clean_publish(folder("publish-clean"), n_items),
            lambda n: killed_publish(folder(f"publish-{n}"), n_items, rng),
        ),
        "task": (
            f"Worker killed mid-task, background baking ({n_items} due items)",
            lambda: clean_publish(folder("task-clean"), n_items, background=True),
            lambda n: killed_task(folder(f"task-{n}"), n_items, rng),
        ),
        "bake": (
            f"Bake killed mid-write ({n_articles} articles)",
            lambda: clean_bake(folder("bake-clean"), n_articles),
            lambda n: killed_bake(folder(f"bake-{n}"), n_articles, rng),
        ),
        "media": (
            f"Media disk full during import ({n_posts} posts with photos)",
            lambda: media_import(folder("media-clean"), n_posts, rng, full=False)["seconds"],
            lambda n: media_import(folder(f"media-{n}"), n_posts, rng, full=True),
        ),
        "database": (
            f"SQLite disk full during import ({n_posts} posts)",
            lambda: database_import(folder("db-clean"), n_posts, rng, full=False)["seconds"],
            lambda n: database_import(folder(f"db-{n}"), n_posts, rng, full=True),
        ),
        "full-bake": (
            f"Bake disk full ({n_articles} + {n_articles * 2} articles)",
            lambda: clean_bake(folder("full-bake-clean"), n_articles * 3),
            lambda n: full_bake(folder(f"full-bake-{n}"), n_articles, rng),
        ),
    }
    for name in args.only or list(scenarios):
        title, baseline, faulty = scenarios[name]
        base = baseline()
        table(title, [faulty(n) for n in rounds], base)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
