"""``dateline rebuild-related``: index, stories and lists from scratch, and a snapshot."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from dateline.related import service
from dateline.related.index import RelatedIndex
from dateline.related.models import RelatedLink
from dateline.stories.models import Placement
from tests.factories import make_article
from tests.related.bilingual import ARTICLES

pytestmark = pytest.mark.django_db


def test_rebuild_places_every_article_and_stores_lists(engine, capsys):
    start = timezone.now() - timedelta(days=10)
    made = [
        make_article(h, language=lang, body=f"<p>{t}</p>", published_at=start + timedelta(hours=n))
        for n, (_, lang, h, t) in enumerate(ARTICLES)
    ]
    call_command("rebuild_related")
    assert "24 articles indexed" in capsys.readouterr().out
    assert Placement.objects.count() == len(made)
    assert RelatedLink.objects.filter(article=made[-1]).exists()
    index = RelatedIndex.load(service.index_path())
    assert len(index) == len(made)
    # Same-story English items share their story after the rebuild.
    quake = [a for a, row in zip(made, ARTICLES, strict=True) if row[:2] == ("quake", "en")]
    assert len({Placement.objects.get(article=a).story_id for a in quake}) == 1


def test_rebuild_says_which_signals_are_on(engine, capsys, settings):
    settings.DATELINE_RELATED_DENSE = False
    settings.DATELINE_STORY_THRESHOLD = 0.4
    call_command("rebuild_related")
    first = capsys.readouterr().out.splitlines()[0]
    on, off = first.removeprefix("signals on: ").split("; off: ")
    assert on.split(", ")[0] == "lexical 1"
    assert "dense (DATELINE_RELATED_DENSE is off)" in off
    assert first.endswith(
        "stories: threshold 0.4 (short texts 0.12), time scale 3 days, window 30 days"
    )


def summary_in_a_process(tmp_path, **environ: str) -> subprocess.CompletedProcess:
    """Run a real ``dateline`` process with ``environ`` and print its signals summary."""
    env = os.environ | {"DATELINE_DATA_DIR": str(tmp_path)} | environ
    code = (
        "from dateline.related.management.commands.rebuild_related import signals_summary;"
        "print(signals_summary())"
    )
    dateline = Path(sys.executable).with_name("dateline")
    return subprocess.run(
        [dateline, "shell", "-c", code], env=env, capture_output=True, text=True, timeout=120
    )


def test_related_settings_come_from_the_environment(tmp_path):
    done = summary_in_a_process(
        tmp_path,
        DATELINE_RELATED_DENSE="1",
        DATELINE_STORY_THRESHOLD="0.35",
        DATELINE_STORY_WINDOW_DAYS="12",
        DATELINE_STORY_SHORT_THRESHOLD="0.1",
        DATELINE_STORY_TIME_SCALE_DAYS="0",
    )
    assert done.returncode == 0, done.stderr
    assert "DATELINE_RELATED_DENSE is off" not in done.stdout
    assert (
        "stories: threshold 0.35 (short texts 0.1), time scale 0 days, window 12 days"
        in done.stdout
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [("DATELINE_RELATED_DENSE", "maybe"), ("DATELINE_RELATED_LIMIT", "nine")],
)
def test_a_bad_related_variable_stops_start_up_naming_it(tmp_path, name, value):
    done = summary_in_a_process(tmp_path, **{name: value})
    assert done.returncode != 0
    assert f"{name}={value!r} is not a valid" in done.stderr


class Stop(Exception):
    """Stands for a rebuild killed part way (Ctrl-C, a restarted machine)."""


def bilingual_articles() -> list:
    start = timezone.now() - timedelta(days=10)
    return [
        make_article(h, language=lang, body=f"<p>{t}</p>", published_at=start + timedelta(hours=n))
        for n, (_, lang, h, t) in enumerate(ARTICLES)
    ]


def outcome() -> tuple[set, dict]:
    """Return the stories as groups of article ids, and every stored list."""
    groups: dict[int, set[int]] = {}
    for article_id, story_id in Placement.objects.values_list("article_id", "story_id"):
        groups.setdefault(story_id, set()).add(article_id)
    lists: dict[int, list[int]] = {}
    for article_id, target_id in RelatedLink.objects.order_by("article_id", "rank").values_list(
        "article_id", "target_id"
    ):
        lists.setdefault(article_id, []).append(target_id)
    return {frozenset(g) for g in groups.values()}, lists


def stop_at(phase: str, position: int):
    def report(name: str, done: int, total: int) -> None:
        if name == phase and done >= position:
            raise Stop

    return report


@pytest.mark.parametrize(("phase", "position"), [("index", 5), ("index", 15), ("lists", 10)])
def test_a_stopped_rebuild_resumes_and_ends_as_an_unbroken_one(
    engine, monkeypatch, phase, position
):
    from dateline.related import rebuild as rebuilding
    from dateline.related.models import RebuildRun

    monkeypatch.setattr(rebuilding, "CHUNK", 5)
    monkeypatch.setattr(rebuilding, "LIST_CHUNK", 5)
    made = bilingual_articles()
    rebuilding.rebuild(workers=1, checkpoint_every=10)
    unbroken = outcome()
    assert len(unbroken[1]) > 12

    with pytest.raises(Stop):
        rebuilding.rebuild(
            workers=1, fresh=True, checkpoint_every=10, progress=stop_at(phase, position)
        )
    stopped = RebuildRun.objects.exclude(phase="done").get()
    assert (stopped.phase, stopped.position) == (
        (phase, position) if phase == "index" else ("lists", 0)
    )
    # An article published meanwhile joins after the rebuild, from the change log.
    run, index, resumed = rebuilding.rebuild(workers=1, checkpoint_every=10)
    assert resumed and run.pk == stopped.pk and run.phase == "done"
    assert outcome() == unbroken
    assert len(index) == len(made)
    assert not RebuildRun.objects.exclude(phase="done").exists()
    assert not rebuilding.work_dir(run).exists()


def test_the_command_resumes_and_says_so(engine, monkeypatch, capsys):
    from dateline.related import rebuild as rebuilding

    monkeypatch.setattr(rebuilding, "CHUNK", 5)
    bilingual_articles()
    with pytest.raises(Stop):
        rebuilding.rebuild(workers=1, progress=stop_at("index", 10))
    call_command("rebuild_related", "--workers", "1")
    out = capsys.readouterr().out
    assert "resumed the stopped rebuild" in out and "24 articles indexed" in out
    assert Placement.objects.count() == 24


@pytest.mark.parametrize("bad", [["--workers", "0"], ["--checkpoint-every", "-5"]])
def test_bad_rebuild_options_are_refused_by_name(engine, bad):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=bad[0]):
        call_command("rebuild_related", *bad)


def test_two_worker_processes_rebuild_a_real_database(tmp_path):
    """Forked workers against a database file: the index phase analyses in a second
    process, the lists phase shares chunks between two."""
    import sqlite3

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"DATELINE_DATA_DIR": str(tmp_path), "DATELINE_RELATED_DENSE": "0"}
    dateline = Path(sys.executable).with_name("dateline")

    def run(*args):
        done = subprocess.run(
            [dateline, *args], env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    run("migrate", "-v0")
    run("generate", "--articles", "1200", "--days", "30")
    out = run("rebuild-related", "--workers", "2", "--checkpoint-every", "500")
    db = sqlite3.connect(tmp_path / "dateline.sqlite3")
    public = db.execute("select count(*) from articles_article where status = 'published'")
    (count,) = public.fetchone()
    assert f"{count} articles indexed" in out
    placed = db.execute("select count(*) from stories_placement").fetchone()[0]
    listed = db.execute("select count(distinct article_id) from related_relatedlink").fetchone()
    assert placed == count and listed[0] > count * 0.9
    assert (tmp_path / "related-index.npz").exists()
