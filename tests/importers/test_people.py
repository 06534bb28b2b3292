"""Authors come in as people: WordPress authors, ninjs creators, NewsML-G2 creators and
contributors are credited on their articles, found again (not duplicated) on a re-import, the
byline text untouched, and a batch costs the same queries whatever its size."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.articles.models import Article
from dateline.importers.readers.wxr import WxrReader
from dateline.importers.records import Record
from dateline.importers.store import StoreContext, store_records
from dateline.people.models import Authorship, Person
from tests.importers.conftest import post

pytestmark = pytest.mark.django_db

AUTHORS = [
    {"login": "rania", "name": "Rania Haddad", "email": "rania@news.example.com"},
    {"login": "omar", "name": "Omar Farouk"},
    {"login": "no-name", "name": ""},
]


def _credits(article_id: int) -> list[tuple[str, str, str]]:
    return list(
        Authorship.objects.filter(article_id=article_id)
        .order_by("position")
        .values_list("person__name", "person__login", "role")
    )


def test_wordpress_authors_become_people_credited_on_their_posts(run_import, wxr_file, client):
    posts = [
        post(1, author="rania"),
        post(2, author="omar"),
        post(3, author="rania"),
        post(4, author="no-name"),
        post(5, author="ghost"),  # a dc:creator no wp:author describes
    ]
    result = run_import(wxr_file(posts, authors=AUTHORS))
    assert result.counts["created"] == 5, result.reasons()
    assert sorted(Person.objects.values_list("login", "name")) == [
        ("ghost", "ghost"),
        ("no-name", "no-name"),
        ("omar", "Omar Farouk"),
        ("rania", "Rania Haddad"),
    ]
    assert _credits(1) == [("Rania Haddad", "rania", "reporter")]
    assert _credits(3) == [("Rania Haddad", "rania", "reporter")]
    assert _credits(2) == [("Omar Farouk", "omar", "reporter")]
    # The byline text stays as it was.
    assert Article.objects.get(pk=1).byline == "Rania Haddad"
    assert Article.objects.get(pk=5).byline == "ghost"

    rania = Person.objects.get(login="rania")
    page = BeautifulSoup(client.get(Article.objects.get(pk=1).get_absolute_url()).content, "lxml")
    (link,) = page.select(".byline a[rel=author]")
    assert (link.get_text(), link["href"]) == ("Rania Haddad", rania.get_absolute_url("en"))
    author_page = BeautifulSoup(client.get(rania.get_absolute_url("en")).content, "lxml")
    linked = {a["href"] for a in author_page.select("main a[href]")}
    assert {Article.objects.get(pk=n).get_absolute_url() for n in (1, 3)} <= linked
    assert Article.objects.get(pk=2).get_absolute_url() not in linked


def test_a_reimport_creates_no_people_and_no_credits_twice(run_import, wxr_file):
    posts = [post(n, author=("rania", "omar")[n % 2]) for n in range(1, 7)]
    run_import(wxr_file(posts, authors=AUTHORS))
    people = sorted(Person.objects.values_list("id", "login"))
    credits = sorted(Authorship.objects.values_list("article_id", "person_id", "role"))
    assert len(credits) == 6

    assert run_import(wxr_file(posts, authors=AUTHORS)).counts["unchanged"] == 6
    # A changed post is updated, and still credits its author once.
    posts[0]["title"] = "A corrected title"
    assert run_import(wxr_file(posts, authors=AUTHORS)).counts["updated"] == 1
    # Another export of the same site, batches of one: the same people again.
    assert run_import(wxr_file(posts, "other.xml", authors=AUTHORS), "--batch-size", "1")
    assert sorted(Person.objects.values_list("id", "login")) == people
    assert sorted(Authorship.objects.values_list("article_id", "person_id", "role")) == credits


def test_a_person_the_newsroom_has_is_found_by_name_and_takes_the_login(run_import, wxr_file):
    editor_made = Person.objects.create(name="Rania Haddad", slug="rania-haddad")
    Person.objects.create(name="Omar Farouk", slug="omar", login="ofarouk")
    run_import(wxr_file([post(1, author="rania"), post(2, author="omar")], authors=AUTHORS))
    editor_made.refresh_from_db()
    assert editor_made.login == "rania"
    # "omar" is no one's login, but the name is someone's: that person, keeping their login.
    assert Person.objects.count() == 2
    assert _credits(1) == [("Rania Haddad", "rania", "reporter")]
    assert _credits(2) == [("Omar Farouk", "ofarouk", "reporter")]


def test_an_editors_credit_is_kept_when_the_post_is_updated(run_import, wxr_file):
    posts = [post(1, author="rania")]
    run_import(wxr_file(posts, authors=AUTHORS))
    added = Person.objects.create(name="Photo Desk", slug="photo-desk")
    Authorship.objects.create(article_id=1, person=added, role="photographer", position=1)
    posts[0]["title"] = "Updated"
    assert run_import(wxr_file(posts, authors=AUTHORS)).counts["updated"] == 1
    assert _credits(1) == [
        ("Rania Haddad", "rania", "reporter"),
        ("Photo Desk", "", "photographer"),
    ]


def _store(path, count_records: int) -> int:
    """Return the number of queries storing the first ``count_records`` posts of ``path``."""
    records = [r for r in WxrReader(path) if isinstance(r, Record)][:count_records]
    context = StoreContext("wxr", None, lambda r, p: None, lambda r, p: None)
    with CaptureQueriesContext(connection) as queries:
        store_records(records, context)
    return len(queries)


def test_people_cost_the_same_queries_for_ten_posts_or_two_hundred(wxr_file):
    many = [post(n, author=("rania", "omar")[n % 2]) for n in range(1, 201)]
    few = [post(n, author=("rania", "omar")[n % 2]) for n in range(1001, 1011)]
    # People are created by the first batch; the measured batches find them.
    _store(
        wxr_file(
            [post(5000, author="rania"), post(5001, author="omar")], "warm.xml", authors=AUTHORS
        ),
        2,
    )
    assert _store(wxr_file(many, "many.xml", authors=AUTHORS), 200) == _store(
        wxr_file(few, "few.xml", authors=AUTHORS), 10
    )
    assert Authorship.objects.count() == 212


NINJS_2 = {
    "uri": "urn:example:ninjs2",
    "versioncreated": "2024-03-01T10:00:00Z",
    "type": "text",
    "headlines": [{"role": "main", "value": "Two reporters, one subject"}],
    "by": "Lina Saleh and Karim Nour",
    "people": [
        {"name": "Lina Saleh", "rel": "author", "uri": "https://example.com/staff/lsaleh"},
        {"name": "Sami Aziz", "rel": "photographer"},
        {"name": "A Minister", "rel": "about", "uri": "http://www.wikidata.org/entity/Q1"},
    ],
}
NINJS_3 = {
    "uri": "urn:example:ninjs3",
    "versionCreated": "2024-03-02T10:00:00Z",
    "type": "text",
    "headlines": [{"role": "main", "value": "Names from the byline"}],
    "by": "By Karim Nour and Lina Saleh",
}


def test_ninjs_creators_from_people_or_from_the_byline(run_import, tmp_path):
    folder = tmp_path / "ninjs"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(NINJS_2))
    (folder / "b.json").write_text(json.dumps(NINJS_3))
    result = run_import(folder, "--format", "ninjs")
    assert result.counts["created"] == 2, result.reasons()
    two = Article.objects.get(legacy_key="ninjs:urn:example:ninjs2")
    assert _credits(two.pk) == [
        ("Lina Saleh", "https://example.com/staff/lsaleh", "reporter"),
        ("Sami Aziz", "", "photographer"),
    ]
    assert two.byline == "Lina Saleh and Karim Nour"
    three = Article.objects.get(legacy_key="ninjs:urn:example:ninjs3")
    # The byline's "Lina Saleh" is the person the first item credited: found by name.
    assert _credits(three.pk) == [
        ("Karim Nour", "", "reporter"),
        ("Lina Saleh", "https://example.com/staff/lsaleh", "reporter"),
    ]
    assert not Person.objects.filter(name="A Minister").exists()
    assert Person.objects.count() == 3
    assert run_import(folder, "--format", "ninjs").counts["unchanged"] == 2
    assert Person.objects.count() == 3 and Authorship.objects.count() == 4


@pytest.mark.parametrize(
    "by", ["Staff", "AP staff reporting from the capital and surrounding areas today", "7"]
)
def test_a_ninjs_byline_that_is_no_list_of_names(run_import, tmp_path, by):
    item = {**NINJS_3, "by": by}
    (tmp_path / "item.json").write_text(json.dumps(item))
    run_import(tmp_path, "--format", "ninjs")
    article = Article.objects.get()
    assert article.byline == by
    assert _credits(article.pk) == []


NEWSML = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:example:g2" version="1">
 <itemMeta><itemClass qcode="ninat:text"/><pubStatus qcode="stat:usable"/>
  <versionCreated>2024-03-01T10:00:00Z</versionCreated></itemMeta>
 <contentMeta>
  <creator uri="http://www.acmenews.com/staff/mjameson"><name>Meredith Jameson</name></creator>
  <creator role="crol:photographer"><name>Spencer Platt</name></creator>
  <contributor role="ctrol:editor" qcode="mystaff:MDancer"><name>Maurice Dancer</name></contributor>
  <contributor><name>Nadia Kamel</name></contributor>
  <headline>Creators and contributors</headline>
 </contentMeta>
 <contentSet><inlineData contenttype="text/plain">One paragraph.</inlineData></contentSet>
</newsItem>
"""


def test_newsml_creators_and_contributors(run_import, tmp_path):
    (tmp_path / "item.xml").write_text(NEWSML)
    result = run_import(tmp_path, "--format", "newsml")
    assert result.counts["created"] == 1, result.reasons()
    article = Article.objects.get()
    assert article.byline == "Meredith Jameson, Spencer Platt"
    assert _credits(article.pk) == [
        ("Meredith Jameson", "http://www.acmenews.com/staff/mjameson", "reporter"),
        ("Spencer Platt", "", "photographer"),
        ("Maurice Dancer", "mystaff:MDancer", "editor"),
        ("Nadia Kamel", "", "additional"),
    ]
    (tmp_path / "item.xml").write_text(NEWSML.replace('version="1"', 'version="2"'))
    run_import(tmp_path, "--format", "newsml")
    assert Person.objects.count() == 4 and Authorship.objects.count() == 4
