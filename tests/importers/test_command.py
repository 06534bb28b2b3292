"""The ``dateline import`` command: format guessing, summary, JSON report, refusals."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dateline.articles.models import Article
from dateline.importers.readers import guess_format
from dateline.related.models import RelatedLink
from tests.importers.conftest import SEED, SPECS, post

pytestmark = pytest.mark.django_db


def test_formats_are_guessed(tmp_path, wxr_file):
    assert guess_format(wxr_file([post(1)])) == "wxr"
    assert guess_format(SEED) == "pages"
    (tmp_path / "item.json").write_text("{}")
    assert guess_format(tmp_path / "item.json") == "ninjs"
    newsml = SPECS / "newsml-g2" / "examples" / "LISTING_1_A_NewsML-G2_News_Item.xml"
    if newsml.exists():
        assert guess_format(newsml) == "newsml"
    (tmp_path / "other.xml").write_text("<html/>")
    assert guess_format(tmp_path / "other.xml") is None


def test_summary_and_json_report(run_import, wxr_file):
    source = wxr_file([post(1), post(2, type="page"), post("x3")])
    result = run_import(source)
    assert "1 created, 0 updated, 0 unchanged, 1 skipped, 1 failed" in result.output
    assert "failed: " in result.output
    assert "[post x3]: wp:post_id 'x3' is not a positive id" in result.output
    assert "next: dateline search-rebuild" in result.output
    report = result.report
    assert report["format"] == "wxr" and report["records"] == 3
    assert set(report["failures"][0]) == {"place", "record_id", "reason"}
    lines = source.read_text().split("\n")
    third_item = [n for n, line in enumerate(lines, 1) if line == "<item>"][2]
    assert report["failures"][0]["place"] == f"{source}, line {third_item}"


def test_refusals_before_reading(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import", str(tmp_path / "nope.xml"))
    (tmp_path / "x.bin").write_bytes(b"\x00")
    with pytest.raises(CommandError, match="cannot tell the format"):
        call_command("import", str(tmp_path / "x.bin"))
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("import", str(SEED), "--media-root", str(tmp_path / "missing"))


def test_resume_through_the_command(run_import, wxr_file):
    source = wxr_file([post(n) for n in range(1, 4)])
    first = run_import(source)
    assert first.counts["created"] == 3
    # A finished run has nothing to resume: the import starts over and changes nothing.
    again = run_import(source, "--resume")
    assert again.report["resumed_after"] == 0
    assert again.counts["unchanged"] == 3


def test_follow_ups_make_the_import_searchable_and_related(run_import, wxr_file, client):
    floods = "Floods in the delta: rescue teams pull families from flooded villages by boat."
    votes = "Parliament election count: ballots from every province reach the capital."
    posts = [
        post(n, content=text, date=f"2016-01-1{n} 10:00:00", terms=[("post_tag", tag, tag)])
        for n, text, tag in [(n, floods, "floods") for n in (1, 2, 3)]
        + [(n, votes, "vote") for n in (4, 5, 6)]
    ]
    result = run_import(wxr_file(posts), followups=True)
    assert result.error is None, result.output
    assert "follow-up: dateline search-rebuild" in result.output
    assert "follow-up: dateline rebuild-related" in result.output
    assert "next: " not in result.output
    found = client.get("/en/search/?q=delta").content.decode()
    assert "/news/1/" in found and "/news/3/" in found and "/news/4/" not in found
    # Related items come from before an article: the third flood report lists the first two.
    links = RelatedLink.objects.filter(article_id=3).values_list("target_id", flat=True)
    assert set(links) == {1, 2}
    # Nothing new: no follow-ups to run.
    assert "follow-up" not in run_import(wxr_file(posts), followups=True).output


def test_a_failed_follow_up_keeps_the_import_and_says_what_to_run(
    run_import, wxr_file, settings, tmp_path
):
    # The bake's folder cannot be made (a file stands where it should be), as a full or
    # read-only disk would refuse it: the import stays stored, and the message names the
    # follow-up, the cause and what to do, without a traceback.
    blocker = tmp_path / "baked"
    blocker.write_text("not a folder")
    settings.DATELINE_BAKE = True
    settings.DATELINE_PUBLISH_ROOT = str(blocker / "site")
    result = run_import(wxr_file([post(1), post(2)]), followups=True)
    assert result.error is not None
    assert result.error.startswith("the import is stored, but its follow-up `dateline bake`")
    assert "fix the cause and run it again by hand" in result.error
    assert "Traceback" not in result.output
    # The rows themselves are checked on SQLite only: on PostgreSQL the bake closes the
    # connection that holds this test's transaction when it fails.
    assert result.counts["created"] == 2
    if connection.vendor == "sqlite":
        assert set(Article.objects.values_list("pk", flat=True)) == {1, 2}
