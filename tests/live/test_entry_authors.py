"""Entries credited to people: linked bylines in the edition's language on the page and in the
update resource, ``author`` Persons in JSON-LD, ``authors`` in the API, chosen at the desk."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dateline.live import posting
from dateline.live.models import Entry
from dateline.people.models import Person
from dateline.site.urlbuilder import urls
from tests.live.conftest import make_live_item, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporters(db):
    return [
        Person.objects.create(name="Omar Khaled", name_ar="عمر خالد", slug="omar"),
        Person.objects.create(name="Jane Doe", name_ar="جين دو", slug="jane"),
    ]


def _jsonld_updates(page: BeautifulSoup) -> list[dict]:
    for script in page.select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        for node in data.get("@graph", [data]):
            if node.get("@type") == "LiveBlogPosting":
                return node["liveBlogUpdate"]
    raise AssertionError("no LiveBlogPosting")


def test_an_entry_by_people_is_bylined_and_linked_in_the_editions_language(
    settings, editor, reporters
):
    settings.DATELINE_SITE_URL = "https://news.example"
    item = make_live_item("ar", headline="العاصفة: تغطية مباشرة")
    entry = post(item, editor, "<p>اشتدت الرياح.</p>", authors=tuple(reporters), byline="x")
    assert entry.byline == "عمر خالد وجين دو"
    client = Client()
    page = BeautifulSoup(client.get(urls.article(item)).content, "lxml")
    byline = page.select_one(f"#entry-{entry.pk} .live-entry__byline")
    assert byline.get_text() == "عمر خالد وجين دو"
    assert [(a["href"], a["rel"]) for a in byline.select("a")] == [
        ("/ar/author/omar/", ["author"]),
        ("/ar/author/jane/", ["author"]),
    ]
    (update,) = _jsonld_updates(page)
    assert update["author"] == [
        {"@type": "Person", "name": "عمر خالد", "url": "https://news.example/ar/author/omar/"},
        {"@type": "Person", "name": "جين دو", "url": "https://news.example/ar/author/jane/"},
    ]
    resource = json.loads(client.get(urls.live_entries(item)).content)
    assert 'href="/ar/author/jane/"' in resource["entries"][0]["html"]
    (listed,) = client.get(f"/api/v1/articles/{item.pk}").json()["live"]["entries"]
    assert [a["slug"] for a in listed["authors"]] == ["omar", "jane"]
    assert listed["byline"] == "عمر خالد وجين دو"
    feed = client.get(f"/feeds/live/{item.pk}.json").json()
    assert feed["items"][0]["authors"][0]["name"] == "عمر خالد وجين دو"


def test_an_entry_without_people_keeps_its_typed_byline(live_item, editor):
    entry = post(live_item, editor, byline="AFP")
    page = BeautifulSoup(Client().get(urls.article(live_item)).content, "lxml")
    byline = page.select_one(f"#entry-{entry.pk} .live-entry__byline")
    assert byline.get_text() == "AFP" and not byline.select("a")


def test_an_edit_changes_the_people_and_the_audit_keeps_them(live_item, editor, reporters):
    entry = post(live_item, editor, authors=(reporters[0],))
    posting.edit_entry(entry, editor, posting.Draft(body="<p>More.</p>", authors=(reporters[1],)))
    entry = Entry.objects.get(pk=entry.pk)
    assert [p.slug for p in entry.people()] == ["jane"] and entry.byline == "Jane Doe"
    audits = [a.data["authors"] for a in entry.audit.all()]
    assert audits == [["omar"], ["jane"]]


def test_the_desk_form_offers_me_first_and_posts_the_people_chosen(client, people, live_item):
    me = Person.objects.create(name="Carol Reporter", slug="carol", user=people["contributor"])
    other = Person.objects.create(name="Sam Lee", slug="sam")
    client.force_login(people["contributor"])
    url = reverse("admin:live_desk", args=[live_item.pk])
    page = BeautifulSoup(client.get(url).content, "lxml")
    chosen = page.select("select[name=authors] option[selected]")
    assert [o["value"] for o in chosen] == [str(me.pk)]
    answer = client.post(
        url,
        {"body": "<p>From the desk.</p>", "authors": [str(me.pk), str(other.pk)]},
        HTTP_ACCEPT="application/json",
    )
    assert answer.status_code == 201
    entry = Entry.objects.get(pk=answer.json()["id"])
    assert {p.slug for p in entry.people()} == {"carol", "sam"}
    bad = client.post(
        url, {"body": "<p>x</p>", "authors": ["999999"]}, HTTP_ACCEPT="application/json"
    )
    assert bad.status_code == 400


def test_people_of_many_entries_cost_no_query_per_entry(live_item, editor, reporters):
    client = Client()

    def queries() -> dict[str, int]:
        counts = {}
        for path in (urls.live_entries(live_item), f"/api/v1/articles/{live_item.pk}"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(path).status_code == 200
            counts[path] = len(captured)
        return counts

    post(live_item, editor, authors=tuple(reporters))
    few = queries()
    for _ in range(5):
        post(live_item, editor, authors=tuple(reporters))
    assert queries() == few
