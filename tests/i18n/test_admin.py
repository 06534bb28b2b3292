"""The admin works in Arabic: right-to-left, Django's own strings and ours translated."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model


@pytest.mark.django_db
def test_admin_login_in_arabic_is_rtl(client):
    response = client.get("/admin/login/", headers={"accept-language": "ar"})
    page = BeautifulSoup(response.content, "lxml")
    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")
    assert "اسم المستخدم" in page.text


@pytest.mark.django_db
def test_admin_index_lists_our_models_in_arabic(client):
    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw-123456")
    client.force_login(user)
    response = client.get("/admin/", headers={"accept-language": "ar"})
    page = BeautifulSoup(response.content, "lxml")
    assert page.html["dir"] == "rtl"
    names = {a.text.strip() for a in page.select("th[scope=row] a")}
    assert {"مقال", "قسم", "موضوع"} & names or any("مقال" in n for n in names), names
