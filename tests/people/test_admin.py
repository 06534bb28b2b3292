"""The people admin, and the authors inline on the article admin."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model


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
