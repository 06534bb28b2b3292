"""IPTC ninjs 1.x-3.x: IPTC's own test suite and examples, validated against the schemas."""

from __future__ import annotations

import json
import shutil

import pytest
from bs4 import BeautifulSoup

from dateline.articles.models import Article
from dateline.importers.readers.ninjs import VERSIONS, pick_version, schema_problem
from tests.importers.conftest import SPECS

pytestmark = pytest.mark.django_db
SUITE = SPECS / "ninjs" / "test_suite"
EXAMPLES = SPECS / "ninjs" / "examples"


def _needs_specs():
    if not SUITE.is_dir():
        pytest.skip(f"the IPTC ninjs suite is not at {SUITE}")


@pytest.mark.parametrize("version", VERSIONS)
def test_iptc_should_pass_files_import(run_import, version):
    _needs_specs()
    folder = SUITE / version / "should_pass"
    files = sorted(folder.glob("*.json"))
    result = run_import(folder, "--format", "ninjs", "--ninjs-version", version)
    assert result.counts["failed"] == 0, result.reasons()
    stored = ("created", "updated", "unchanged")
    assert sum(result.counts[k] for k in stored) == len(files)
    uris = {json.loads(f.read_text())["uri"] for f in files}
    assert Article.objects.count() == len(uris)


@pytest.mark.parametrize("version", VERSIONS)
def test_iptc_should_fail_files_are_refused_with_the_schemas_reason(run_import, version):
    _needs_specs()
    folder = SUITE / version / "should_fail"
    files = sorted(folder.glob("*.json"))
    result = run_import(folder, "--format", "ninjs", "--ninjs-version", version)
    assert result.counts["failed"] == len(files)
    assert result.counts["created"] == 0
    assert not Article.objects.exists()
    for failure in result.report["failures"]:
        assert failure["place"].startswith(str(folder))
        # A file that declares its own version is checked against that version.
        assert failure["reason"].startswith(("fails the ninjs ", "broken JSON"))


def test_a_refusal_names_the_schema_and_the_place():
    problem = schema_problem({"uri": "urn:x", "type": 7}, "2.2")
    assert problem.startswith("fails the ninjs 2.2 schema at /type:")
    assert "7" in problem


@pytest.mark.parametrize("version", ["1.6", "2.2", "3.1"])
def test_iptc_examples_import_with_their_content(run_import, tmp_path, version):
    _needs_specs()
    folder = tmp_path / version
    shutil.copytree(EXAMPLES / version, folder)
    result = run_import(folder)
    assert result.counts["failed"] == 0, result.reasons()
    article = Article.objects.get(
        legacy_key="ninjs:http://ninjs.example.com/newsitems/20130709simp123"
    )
    assert article.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert article.byline == "Paulo Santalucia and Frances d'Emilio"
    assert article.published_at.isoformat() == "2013-07-09T10:37:00+00:00"
    first = BeautifulSoup(article.body, "html.parser").find("p").get_text()
    assert first.startswith("GROSSETO, Italy (AP)")
    again = run_import(folder)
    stored = result.counts["created"] + result.counts["updated"] + result.counts["unchanged"]
    assert again.counts["unchanged"] == stored


def test_version_detection():
    assert pick_version({"uri": "u", "versionCreated": "x"}, None) == "3.1"
    assert pick_version({"uri": "u", "headlines": []}, None) == "2.2"
    assert pick_version({"uri": "u", "headline": "h"}, None) == "1.6"
    assert pick_version({"uri": "u", "standard": {"version": "2.0"}}, "3.1") == "2.0"
    assert pick_version({"uri": "u"}, "1.3") == "1.3"


def test_bad_files_in_a_folder(run_import, tmp_path):
    (tmp_path / "a.json").write_text('{"uri": "urn:a", "headline": "Good one"}')
    (tmp_path / "b.json").write_text('{"uri": "urn:b", "headline": ')
    (tmp_path / "c.json").write_bytes(b'{"uri": "urn:c",\n "headline": "\xff"}')
    (tmp_path / "d.json").write_text('{"uri": "urn:d", "type": "nonsense"}')
    (tmp_path / "e.json").write_text('[{"uri": "urn:e1", "headline": "x"}, 3]')
    result = run_import(tmp_path, "--format", "ninjs", "--ninjs-version", "1.6")
    reasons = " | ".join(result.reasons())
    assert "b.json, line 1 [b.json] broken JSON" in reasons
    assert "c.json, line 2 [c.json] not UTF-8 text" in reasons
    assert "d.json [urn:d] fails the ninjs 1.6 schema at /type" in reasons
    assert "e.json, item 2 [] a ninjs item must be a JSON object" in reasons
    assert set(Article.objects.values_list("legacy_key", flat=True)) == {
        "ninjs:urn:a",
        "ninjs:urn:e1",
    }
