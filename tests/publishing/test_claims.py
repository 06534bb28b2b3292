"""Two workers never build one page at once; a change during a build is not lost."""

from __future__ import annotations

import pytest

from dateline.publishing.baker import (
    BakeReport,
    bake_pages,
    build,
    claim,
    mark_dirty,
    release_dead_claims,
)
from dateline.publishing.models import BakedPage
from dateline.publishing.targets import publish_target
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_a_claimed_page_cannot_be_claimed_by_another_worker(baked):
    ids = mark_dirty({"/en/": "home", "/ar/": "home"})
    first = claim(ids, "host:1:a")
    second = claim(ids, "host:2:b")
    assert {p.path for p in first} == {"/en/", "/ar/"}
    assert second == []


def test_a_worker_skips_pages_another_holds(baked):
    make_article("Held elsewhere")
    ids = mark_dirty({"/en/": "home"})
    claim(ids, "otherhost:1:a")
    report = bake_pages(ids, "host:2:b", publish_target())
    assert report.skipped == 1
    assert not (baked / "en/index.html").exists()


def test_a_change_during_a_build_makes_the_worker_build_again(baked):
    article = make_article("Before the change")
    ids = mark_dirty({"/en/": "home"})
    (page,) = claim(ids, "host:1:a")
    # A publish lands after this worker read the page's generation and before it finished.
    article.headline = "After the change"
    article.save()
    mark_dirty({"/en/": "home"})
    report = BakeReport()
    build(page, "host:1:a", publish_target(), report)
    row = BakedPage.objects.get(path="/en/")
    assert not row.dirty and row.claimed_by == ""
    assert "After the change" in (baked / "en/index.html").read_text()


def test_claims_of_stopped_processes_on_this_host_are_freed(baked):
    import socket

    ids = mark_dirty({"/en/": "home"})
    # Pid 2**22 + 1 is above Linux's pid_max default, so no process has it.
    claim(ids, f"{socket.gethostname()}:{2**22 + 1}:dead")
    assert release_dead_claims() == 1
    assert BakedPage.objects.get(path="/en/").claimed_by == ""
