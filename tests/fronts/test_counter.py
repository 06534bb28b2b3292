"""The read counter: a cookie-less beacon counted per item per hour, behind "most read"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from dateline.fronts import counter, layouts
from dateline.fronts.models import Front, ReadCount
from tests.factories import make_article
from tests.fronts.helpers import add_block, block_titles, soup

pytestmark = pytest.mark.django_db


def test_a_beacon_counts_one_read_in_the_hour_and_sets_no_cookie():
    item = make_article()
    client = Client()
    for _ in range(3):
        response = client.post(f"/hit/{item.pk}")
        assert response.status_code == 204
        assert response.cookies == {}
        assert "no-cache" in response["Cache-Control"]
    row = ReadCount.objects.get()
    assert (row.article_id, row.reads) == (item.pk, 3)
    assert row.hour.minute == row.hour.second == 0


def test_only_posts_for_public_items_count():
    draft = make_article(status="draft")
    client = Client()
    assert client.get(f"/hit/{draft.pk}").status_code == 405
    assert client.post(f"/hit/{draft.pk}").status_code == 204
    assert client.post("/hit/999999").status_code == 204
    assert client.post("/hit/-1").status_code == 404
    assert ReadCount.objects.count() == 0


def test_reads_are_kept_per_hour():
    item = make_article()
    now = timezone.now()
    counter.count_read(item.pk, now)
    counter.count_read(item.pk, now - timedelta(hours=1))
    assert sorted(ReadCount.objects.values_list("reads", flat=True)) == [1, 1]


def test_most_read_ranks_the_last_day_of_reads_in_the_edition(settings):
    settings.DATELINE_MOST_READ_HOURS = 24
    now = timezone.now()
    popular, quiet, old_news = make_article("Popular"), make_article("Quiet"), make_article("Old")
    arabic = make_article("عربي", language="ar")
    for _ in range(5):
        counter.count_read(popular.pk, now)
    counter.count_read(quiet.pk, now)
    for _ in range(9):
        counter.count_read(old_news.pk, now - timedelta(hours=30))
        counter.count_read(arabic.pk, now)
    ranked = counter.most_read("en", 5)
    assert [a.headline for a in ranked] == ["Popular", "Quiet"]
    home = Front.objects.create(language="en", kind="home")
    add_block(home, "most_read", count=3)
    layouts.publish(home)
    assert block_titles(soup("/en/"), ".block--most-read") == ["Popular", "Quiet"]


def test_the_article_page_loads_the_beacon_script_from_the_site():
    item = make_article()
    page = BeautifulSoup(Client().get(item.get_absolute_url()).content, "html.parser")
    scripts = [s["src"] for s in page.select("script[src]")]
    assert all(src.startswith("/static/") for src in scripts)
    beacon = page.select_one("script[data-hit]")
    assert beacon["data-hit"] == f"/hit/{item.pk}"
    assert beacon["src"].startswith("/static/dateline/reads")
