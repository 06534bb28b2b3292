"""The people admin, and the authors inline on the article admin."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from dateline.people.models import Person


def test_article_admin_shows_authors_inline_and_person_admin_searches(client, bylined):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-123456")
    client.force_login(admin)
    page = client.get(f"/admin/articles/article/{bylined.english.pk}/change/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("input[name=authorships-TOTAL_FORMS]")["value"] == "5"
    assert soup.select_one("input[name=agency_credit-0-agencies]")["value"] == "AFP, Reuters"
    found = client.get("/admin/people/person/", {"q": "عمر"})
    assert "Omar Khaled" in found.content.decode()


def _fields(soup: BeautifulSoup) -> dict[str, str]:
    data = {i["name"]: i.get("value", "") for i in soup.select("form input[name]")}
    data.pop("_addanother", None), data.pop("_continue", None)
    return data


def test_saving_a_person_in_the_admin_keeps_the_pickers_search_key(client, db):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-123456")
    client.force_login(admin)
    form = BeautifulSoup(client.get("/admin/people/person/add/").content, "html.parser")
    data = _fields(form) | {"name": "Ahmad Said", "name_ar": "أحمد سعيد", "slug": "ahmad"}
    data["is_active"] = "on"
    assert client.post("/admin/people/person/add/", data).status_code == 302
    person = Person.objects.get(slug="ahmad")
    assert person.search_key == "ahmad said\nاحمد سعيد"
    # The authors inline's autocomplete and the desk picker find any spelling.
    found = client.get("/admin/people/person/", {"q": "احمد سعيد"}).content.decode()
    assert "Ahmad Said" in found
    assert [p["slug"] for p in _desk_people(client, "إحمد")] == ["ahmad"]
    # A renamed person is found by the new name only.
    page = client.get(f"/admin/people/person/{person.pk}/change/")
    data = _fields(BeautifulSoup(page.content, "html.parser")) | {"name_ar": "حمدي سعيد"}
    data["is_active"] = "on"
    assert client.post(f"/admin/people/person/{person.pk}/change/", data).status_code == 302
    assert _desk_people(client, "أحمد") == []
    assert [p["slug"] for p in _desk_people(client, "حمدى")] == ["ahmad"]


def _desk_people(client, term: str) -> list[dict]:
    response = client.get("/desk/people/", {"q": term})
    assert response.status_code == 200
    return [{"slug": Person.objects.get(pk=p["id"]).slug} | p for p in response.json()["people"]]
