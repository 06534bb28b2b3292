"""Fronts stay current: a layout change rebuilds exactly its baked fronts and purges only
their keys; an item change rebuilds the arranged fronts that show it or now should."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from dateline.articles import lifecycle
from dateline.fronts import layouts
from dateline.fronts.models import Front, FrontChange
from dateline.publishing.bakery import enqueue_all, run_workers
from dateline.publishing.models import BakedPage
from dateline.publishing.purge import RecordingPurgeBackend
from dateline.site.surrogates import page_key
from tests.factories import make_article, make_section, make_topic
from tests.fronts.helpers import add_block
from tests.publishing.worker import drain_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(baked):
    """A baked site in two editions: a section, a topic, a landing page on that topic."""
    world = make_section()
    libya = make_topic()
    english = [make_article(section=world, topics=[libya]) for _ in range(4)]
    make_article(language="ar", section=world)
    landing = Front.objects.create(language="en", kind="landing", slug="libya", title="Libya")
    add_block(landing, "row", topic=libya)
    layouts.publish(landing)
    enqueue_all()
    assert run_workers(1).failures == []
    RecordingPurgeBackend.reset()
    return {"root": baked, "english": english, "world": world, "topic": libya}


def _files(root) -> dict[str, tuple[int, bytes]]:
    return {
        str(path.relative_to(root)): (path.stat().st_mtime_ns, path.read_bytes())
        for path in root.rglob("*")
        if path.is_file()
    }


def _built_at() -> dict[str, object]:
    return dict(BakedPage.objects.values_list("path", "built_at"))


def _purged() -> set[str]:
    drain_worker()
    return {key for call in RecordingPurgeBackend.calls for key in call}


def _lead(root, name: str) -> str:
    page = BeautifulSoup((root / name).read_text(encoding="utf-8"), "html.parser")
    return page.select_one(".card--lead .item__title a").get_text(strip=True)


def test_a_layout_change_rebuilds_only_its_front(site, django_capture_on_commit_callbacks):
    root, english = site["root"], site["english"]
    home = Front.objects.create(language="en", kind="home")
    add_block(home, "lead", "manual", items=[english[0]])  # the oldest item leads
    files, built = _files(root), _built_at()
    with django_capture_on_commit_callbacks(execute=True):
        layouts.publish(home)
    changed_rows = {path for path, at in _built_at().items() if at != built.get(path)}
    assert changed_rows == {"/en/"}
    after = _files(root)
    changed_files = {name for name in after if after[name] != files.get(name)}
    # The page and its precompressed twin (served to clients that accept gzip).
    assert changed_files == {"en/index.html", "en/index.html.gz"}
    assert _lead(root, "en/index.html") == english[0].headline
    assert _purged() == {page_key("/en/")}
    assert FrontChange.objects.get(kind="published", paths=["/en/"]).done_at is not None


def test_a_scheduled_layout_rebuilds_its_front_when_it_goes_live(
    site, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    root, english = site["root"], site["english"]
    section_front = Front.objects.create(language="en", kind="section", section=site["world"])
    add_block(section_front, "lead", "manual", items=[english[1]])
    at = timezone.now() + timedelta(hours=1)
    built = _built_at()
    with django_capture_on_commit_callbacks(execute=True):
        layouts.publish(section_front, at=at)
    assert _built_at() == built  # nothing changes before its time
    with django_capture_on_commit_callbacks(execute=True):
        layouts.run_due(now=at)
    changed = {path for path, at in _built_at().items() if at != built.get(path)}
    assert changed == {"/en/section/world/"}
    assert _lead(root, "en/section/world/index.html") == english[1].headline
    assert _purged() == {page_key("/en/section/world/")}


def test_a_takeover_rebuilds_every_front_of_its_edition_and_no_other(
    site, django_capture_on_commit_callbacks
):
    root, english = site["root"], site["english"]
    built = _built_at()
    with django_capture_on_commit_callbacks(execute=True):
        takeover = layouts.start_takeover(english[0])
    on = {path for path, at in _built_at().items() if at != built.get(path)}
    assert on == {"/en/", "/en/section/world/", "/en/front/libya/"}
    for name in ("en/index.html", "en/section/world/index.html", "en/front/libya/index.html"):
        page = BeautifulSoup((root / name).read_text(encoding="utf-8"), "html.parser")
        assert page.select_one(".block--takeover .item__title a").get_text() == english[0].headline
    assert _purged() == {page_key(path) for path in on}
    RecordingPurgeBackend.reset()
    with django_capture_on_commit_callbacks(execute=True):
        layouts.end_takeover(takeover)
    assert "block--takeover" not in (root / "en/index.html").read_text(encoding="utf-8")
    assert "block--takeover" not in (root / "ar/index.html").read_text(encoding="utf-8")


def test_an_item_published_into_a_landing_pages_query_rebuilds_it(
    site, django_capture_on_commit_callbacks
):
    root = site["root"]
    draft = make_article("New in Libya", status="draft", topics=[site["topic"]])
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(draft)
    page = BeautifulSoup((root / "en/front/libya/index.html").read_text(), "html.parser")
    assert page.select_one(".block--row .item__title a").get_text() == "New in Libya"
