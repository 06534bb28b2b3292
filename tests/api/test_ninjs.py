"""IPTC ninjs 2.2, 3.0 and 3.1 for every article and as a feed, validated with format checks on."""

from __future__ import annotations

import json

import pytest

from dateline.articles.models import Article
from dateline.syndication import facts
from dateline.syndication.ninjs import VERSIONS, schema_uri
from tests.importers.conftest import run_import  # noqa: F401 (a fixture)
from tests.syndication.corpus import SECRET
from tests.syndication.validators import SPECS, ninjs_errors

SUITE = SPECS / "ninjs" / "test_suite"


def _accept(version: str) -> str:
    return f'application/ninjs+json; profile="{schema_uri(version)}"'


@pytest.mark.parametrize("version", VERSIONS)
def test_every_public_article_validates(client, newsroom, version):
    for article in newsroom.public:
        response = client.get(f"/api/v1/articles/{article.pk}.ninjs?version={version}")
        assert response.status_code == 200
        assert response["Content-Type"] == _accept(version)
        assert "Accept" in response["Vary"].split(", ")
        item = response.json()
        assert ninjs_errors(item, version) == [], article.headline
        assert item["headlines"][0]["value"] == article.display_title
        assert item["standard"] == {
            "name": "ninjs",
            "version": version,
            "schema": schema_uri(version),
        }


def test_the_default_is_2_2(client, newsroom):
    article = newsroom.public[0]
    item = client.get(f"/api/v1/articles/{article.pk}.ninjs").json()
    assert item["standard"]["version"] == "2.2"
    assert "versioncreated" in item and "versionCreated" not in item


def test_3_x_fails_the_2_2_schema_and_the_reverse(client, newsroom):
    """The generations differ in their names: each is valid only against its own schema."""
    article = newsroom.by_headline("Talks resume")
    v2 = client.get(f"/api/v1/articles/{article.pk}.ninjs?version=2.2").json()
    v31 = client.get(f"/api/v1/articles/{article.pk}.ninjs?version=3.1").json()
    assert ninjs_errors(v2, "3.1")
    assert ninjs_errors(v31, "2.2")


def test_every_version_says_the_same(client, newsroom):
    article = newsroom.by_headline("Talks resume")
    items = {
        v: client.get(f"/api/v1/articles/{article.pk}.ninjs?version={v}").json() for v in VERSIONS
    }
    assert items["3.1"]["versionCreated"] == items["2.2"]["versioncreated"]
    assert items["3.1"]["bodies"][0]["contentType"] == "text/html"
    assert items["3.1"]["associations"][0]["renditions"][0]["contentType"] == "image/jpeg"
    assert items["3.1"]["altIds"] == items["2.2"]["altids"]

    def without_standard(item: dict) -> str:
        return json.dumps({k: v for k, v in item.items() if k != "standard"}).lower()

    assert len({without_standard(i) for i in items.values()}) == 1


def test_accept_profile_chooses_the_version(client, newsroom):
    url = f"/api/v1/articles/{newsroom.public[0].pk}.ninjs"
    for version in VERSIONS:
        response = client.get(url, HTTP_ACCEPT=_accept(version))
        assert response["Content-Type"] == _accept(version)
        assert response.json()["standard"]["version"] == version
    # Without the fragment, over https, or second choice after an unknown one.
    bare = 'application/ninjs+json; profile="https://www.iptc.org/std/ninjs/ninjs-schema_3.0.json"'
    assert client.get(url, HTTP_ACCEPT=bare).json()["standard"]["version"] == "3.0"
    both = f'application/ninjs+json; profile="urn:x", {_accept("3.1")};q=0.5'
    assert client.get(url, HTTP_ACCEPT=both).json()["standard"]["version"] == "3.1"
    # The query parameter wins over the header.
    response = client.get(url + "?version=3.0", HTTP_ACCEPT=_accept("3.1"))
    assert response.json()["standard"]["version"] == "3.0"
    # Plain types and wildcards get the default.
    for accept in ("application/json", "*/*", "application/ninjs+json"):
        assert client.get(url, HTTP_ACCEPT=accept).json()["standard"]["version"] == "2.2"


def test_versions_not_served_are_refused_by_name(client, newsroom):
    url = f"/api/v1/articles/{newsroom.public[0].pk}.ninjs"
    for bad in ("3", "1.6", "", "3.1x", "\x00"):
        response = client.get(url, {"version": bad})
        assert response.status_code == 400, bad
        assert response.json() == {"detail": "version must be one of 2.2, 3.0, 3.1"}
    unknown = (
        'application/ninjs+json; profile="http://www.iptc.org/std/ninjs/ninjs-schema_1.6.json#"'
    )
    response = client.get(url, HTTP_ACCEPT=unknown)
    assert response.status_code == 406
    assert "ninjs-schema_3.1.json" in response.json()["detail"]
    # Another acceptable type without a profile takes the default instead.
    response = client.get(url, HTTP_ACCEPT=unknown + ", */*;q=0.1")
    assert response.status_code == 200
    assert response.json()["standard"]["version"] == "2.2"
    feed = client.get("/api/v1/articles.ninjs", {"version": "4.0"})
    assert feed.status_code == 400


def test_conditional_get_is_per_version(client, newsroom):
    url = f"/api/v1/articles/{newsroom.public[0].pk}.ninjs"
    v2 = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=v2["ETag"]).status_code == 304
    v31 = client.get(url, {"version": "3.1"}, HTTP_IF_NONE_MATCH=v2["ETag"])
    assert v31.status_code == 200


def test_video_item_has_a_video_association(client, newsroom):
    video = newsroom.by_headline("Video: the harbour")
    item = client.get(f"/api/v1/articles/{video.pk}.ninjs").json()
    assert item["type"] == "video"
    assert item["associations"][0]["type"] == "video"
    assert item["associations"][0]["renditions"][0]["contenttype"] == "video/mp4"


@pytest.mark.parametrize("version", VERSIONS)
def test_feed_items_validate_and_hide_unpublished(client, newsroom, version):
    page = client.get(f"/api/v1/articles.ninjs?limit=100&version={version}").json()
    assert len(page["items"]) == len(newsroom.public)
    for item in page["items"]:
        assert ninjs_errors(item, version) == []
        assert item["standard"]["version"] == version
    assert SECRET not in json.dumps(page)
    by_header = client.get("/api/v1/articles.ninjs?limit=100", HTTP_ACCEPT=_accept(version))
    assert by_header.json() == page
    assert "Accept" in by_header["Vary"].split(", ")


def test_broken_samples_fail_the_schema(client, newsroom):
    item = client.get(f"/api/v1/articles/{newsroom.public[0].pk}.ninjs").json()
    assert ninjs_errors({k: v for k, v in item.items() if k != "uri"})
    assert ninjs_errors({**item, "versioncreated": "yesterday"})  # format check is on
    assert ninjs_errors({**item, "pubstatus": "published"})
    for sample in (SPECS / "ninjs" / "examples" / "not-valid").glob("*.json"):
        try:
            document = json.loads(sample.read_text(encoding="utf-8"))
        except ValueError:
            continue
        assert ninjs_errors(document), sample.name


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_the_checker_agrees_with_iptcs_test_suite(version):
    """IPTC's own vectors: the schema check used above passes and fails what IPTC says."""
    passing = sorted((SUITE / version / "should_pass").glob("*.json"))
    failing = sorted((SUITE / version / "should_fail").glob("*.json"))
    assert passing and failing
    for path in passing:
        assert ninjs_errors(json.loads(path.read_text(encoding="utf-8")), version) == [], path.name
    for path in failing:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue  # deliberately malformed JSON: a fail, as IPTC means
        assert ninjs_errors(document, version), path.name


@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_our_output_imports_back(client, newsroom, run_import, tmp_path, version):  # noqa: F811
    page = client.get(f"/api/v1/articles.ninjs?limit=100&version={version}").json()
    (tmp_path / "items.json").write_text(json.dumps(page["items"]), encoding="utf-8")
    result = run_import(tmp_path, "--format", "ninjs")
    assert result.counts["failed"] == 0, result.reasons()
    for article in newsroom.public:
        copy = Article.objects.get(
            legacy_key=f"ninjs:https://news.example{article.get_absolute_url()}"
        )
        # The importer keeps headlines as plain text, as it does every source's.
        assert copy.headline == facts.plain_text(article.display_title)
        assert copy.language == article.language
        assert copy.byline == facts.author_name(article)
