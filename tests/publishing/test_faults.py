"""Faults during a bake: a failing template, a full disk."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from dateline.publishing.bakery import enqueue_all, run_workers
from dateline.publishing.buildables import PerArticle
from dateline.publishing.errors import DiskFullError
from dateline.publishing.models import BakedPage
from dateline.publishing.rendering import reset_handler
from tests.factories import make_article

pytestmark = pytest.mark.django_db

BROKEN = {"id": 0}


def fragile(request, pk: int) -> HttpResponse:
    """A page whose template includes a missing file for one article only."""
    template = engines["django"].from_string(
        "<p>{{ pk }}</p>"
        "{% if pk == broken %}{% include 'publishing/no-such-partial.html' %}{% endif %}"
    )
    return HttpResponse(template.render({"pk": pk, "broken": BROKEN["id"]}))


from dateline.urls import urlpatterns as site_patterns  # noqa: E402

urlpatterns = [path("fragile/<int:pk>/", fragile), *site_patterns]


class FragilePages(PerArticle):
    name = "fragile"

    def path_of(self, article) -> str:
        return f"/fragile/{article.pk}/"


@pytest.fixture
def fragile_site(baked, settings):
    settings.ROOT_URLCONF = __name__
    settings.DATELINE_PUBLISH_BUILDABLES = [f"{__name__}.FragilePages"]
    reset_handler()
    articles = [make_article() for _ in range(4)]
    BROKEN["id"] = articles[2].pk
    yield articles
    reset_handler()


def test_one_failing_template_does_not_stop_the_bake(fragile_site, baked):
    enqueue_all()
    report = run_workers(1)
    broken = fragile_site[2]
    assert report.written == 3
    assert [f.path for f in report.failures] == [f"/fragile/{broken.pk}/"]
    assert "TemplateDoesNotExist" in report.failures[0].message
    for article in fragile_site:
        assert (baked / f"fragile/{article.pk}/index.html").exists() == (article != broken)
    row = BakedPage.objects.get(path=f"/fragile/{broken.pk}/")
    assert "no-such-partial.html" in row.error and not row.dirty


def test_a_failing_rebuild_keeps_the_previous_file(fragile_site, baked):
    broken = fragile_site[2]
    BROKEN["id"] = 0
    enqueue_all()
    run_workers(1)
    before = (baked / f"fragile/{broken.pk}/index.html").read_bytes()
    BROKEN["id"] = broken.pk
    enqueue_all()
    report = run_workers(1)
    assert len(report.failures) == 1
    assert (baked / f"fragile/{broken.pk}/index.html").read_bytes() == before


def test_the_bake_command_reports_the_failed_item(fragile_site, capsys):
    with pytest.raises(CommandError, match="1 pages failed"):
        call_command("bake", workers=1, no_progress=True)
    err = capsys.readouterr().err
    assert f"FAILED /fragile/{fragile_site[2].pk}/" in err
    assert "TemplateDoesNotExist" in err


def test_a_full_disk_stops_the_bake_with_a_clear_error(fragile_site, settings, tiny_disk):
    settings.DATELINE_PUBLISH_ROOT = str(tiny_disk)
    BROKEN["id"] = 0
    (tiny_disk / "filler").write_bytes(b"x" * (256 * 1024 - 4096 * 2))
    enqueue_all()
    with pytest.raises(DiskFullError, match="Disk full while writing"):
        run_workers(1)
    assert BakedPage.objects.filter(dirty=True).exists()
    assert BakedPage.objects.filter(claimed_by="").count() == BakedPage.objects.count()
