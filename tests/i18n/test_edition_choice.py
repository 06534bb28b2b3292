"""The bare domain opens the reader's edition: the one they switched to last, else their
browser's language, else the default; and so it stays with baking on."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.factories import make_article
from tests.publishing.conftest import baked  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.mark.parametrize(
    ("accept", "edition"),
    [
        ("ar", "ar"),
        ("ar-EG,ar;q=0.9,en;q=0.8", "ar"),
        ("en-GB,en;q=0.9,ar;q=0.5", "en"),
        ("fr-FR,fr;q=0.9,ar;q=0.4", "ar"),
        ("fr", "en"),
        ("", "en"),
        ("*", "en"),
        ("ar;q=garbage,,;", "en"),  # a broken header: the default, no error
    ],
)
def test_the_browser_language_chooses_the_edition(client, accept, edition):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == f"/{edition}/"
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_no_accept_language_gets_the_default_edition(client):
    assert client.get("/")["Location"] == "/en/"


@pytest.mark.parametrize(("cookie", "edition"), [("en", "en"), ("ar", "ar"), ("xx", "ar")])
def test_the_remembered_choice_wins_over_the_browser(client, cookie, edition):
    client.cookies[COOKIE] = cookie
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar")["Location"] == f"/{edition}/"


def test_the_switcher_carries_the_cookie_name_and_its_script(client):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get("/en/").content, "html.parser")
    assert page.select_one("[data-edition-cookie]")["data-edition-cookie"] == COOKIE
    scripts = [s["src"] for s in page.find_all("script", src=True)]
    assert any(src.endswith("/dateline/edition.js") for src in scripts)


def test_baked_site_still_chooses_at_the_root(client, baked):  # noqa: F811
    make_article("Talks resume")
    make_article("استئناف المحادثات", language="ar")
    for edition in ("en", "ar"):
        assert client.get(f"/{edition}/").status_code == 200
        assert (baked / edition / "index.html").is_file(), "the front was not baked"
    # Nothing baked answers "/" (nginx's try_files and the embedded middleware look for
    # index.html at the top): the app chooses the edition for each reader.
    assert not (baked / "index.html").exists()
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar")["Location"] == "/ar/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/en/"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_switching_edition_in_a_browser_is_remembered_at_the_root(chromium, live_server):
    make_article("Talks resume")
    make_article("استئناف المحادثات", language="ar")
    page = chromium.new_page(locale="en-US")
    page.goto(live_server.url + "/")
    assert page.url == live_server.url + "/en/"
    page.click(".editions a[hreflang='ar']")
    page.wait_for_url(live_server.url + "/ar/")
    page.goto(live_server.url + "/")
    assert page.url == live_server.url + "/ar/", "the switch to Arabic was not remembered"
    page.click(".editions a[hreflang='en']")
    page.wait_for_url(live_server.url + "/en/")
    page.goto(live_server.url + "/")
    assert page.url == live_server.url + "/en/"
