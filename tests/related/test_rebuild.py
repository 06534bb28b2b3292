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
