"""Fronts as blocks: hand-placed and automatic items, once per front, empty blocks hidden,
the automatic front as fallback, and the reader-facing rules of cards."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.fronts import layouts
from dateline.fronts.models import Front
from dateline.media.ingest import ingest
from dateline.site.dates import format_dateline
from tests.factories import make_article, make_media, make_section
from tests.fronts.helpers import add_block, block_titles, lead_title, soup
from tests.media.helpers import image_bytes, upload

pytestmark = pytest.mark.django_db


def photo(name: str):
    return ingest(upload(name, image_bytes(size=(1200, 900))))


@pytest.fixture
def home():
    return Front.objects.create(language="en", kind="home")


def test_a_lead_placed_by_hand_leads_the_published_front(home):
    newest = make_article("Newest of all")
    chosen = make_article("The editors' choice", published_at=timezone.now() - timedelta(days=2))
    add_block(home, "lead", "manual", items=[chosen])
    add_block(home, "row", count=3)
    page = soup("/en/")
    assert lead_title(page) == "The editors' choice"
    assert page.select_one(".card--lead .card__title").name == "h2"
    assert "Newest of all" not in block_titles(page, ".block--row")  # not published yet
    layouts.publish(home)
    page = soup("/en/")
    assert lead_title(page) == "The editors' choice"
    assert block_titles(page, ".block--row")[0] == newest.headline


def test_an_item_appears_once_per_front_and_empty_blocks_are_not_rendered(home):
    items = [make_article(f"Item {n}") for n in range(3)]
    add_block(home, "lead_secondaries", "both", items=[items[2]], count=2)
    add_block(home, "list", "manual", items=[items[2], items[0]])
    add_block(home, "opinion")  # no opinion pieces: an empty block
    layouts.publish(home)
    page = soup("/en/")
    shown = [a.get_text(strip=True) for a in page.select("main .item__title a")]
    # The lead block shows Item 2 by hand and fills with the newest (Item 1); the list
    # skips Item 2, placed above it.
    assert shown == ["Item 2", "Item 1", "Item 0"]
    assert block_titles(page, ".block--list") == ["Item 0"]
    assert page.select(".block--opinion") == []


def test_an_automatic_block_filters_by_section_and_language(home):
    sport = make_section("sport", "Sport")
    make_article("World news")
    make_article("Match report", section=sport)
    make_article("تقرير المباراة", section=sport, language="ar")
    add_block(home, "section_latest", section=sport)
    layouts.publish(home)
    page = soup("/en/")
    assert block_titles(page, ".block--section") == ["Match report"]
    assert page.select_one(".block--section h2 a")["href"] == "/en/section/sport/"


def test_a_front_with_no_layout_falls_back_to_the_automatic_front(home):
    make_article("Quiet day", summary="What happened today, in one line.")
    page = soup("/en/")
    assert lead_title(page) == "Quiet day"
    assert page.select_one(".card--lead .card__standfirst").get_text() == (
        "What happened today, in one line."
    )


def test_a_week_old_urgent_item_is_never_shown_as_breaking(settings):
    settings.DATELINE_URGENT_HOURS = 6
    make_article("Old alarm", label="URGENT", published_at=timezone.now() - timedelta(days=7))
    fresh = make_article("Fresh alarm", label="URGENT")
    desk_kept = make_article(
        "Kept by the desk",
        label="URGENT",
        published_at=timezone.now() - timedelta(days=2),
        breaking_until=timezone.now() + timedelta(hours=1),
    )
    page = soup("/en/")
    breaking = [a.get_text() for a in page.select(".breaking .item__title a")]
    assert sorted(breaking) == sorted([fresh.headline, desk_kept.headline])
    old = next(c for c in page.select(".card") if "Old alarm" in c.get_text())
    assert old.select(".label") == [] and "card--urgent" not in old["class"]


def test_pictures_follow_the_slot_and_lists_are_text_only(home, media_root):
    items = [make_article(f"Pictured {n}", lead_media=photo(f"p{n}.jpg")) for n in range(4)]
    add_block(home, "lead", "manual", items=[items[0]])
    add_block(home, "row", "manual", items=[items[1]])
    add_block(home, "list", "manual", items=items[2:])
    layouts.publish(home)
    page = soup("/en/")
    lead_img = page.select_one(".block--lead img")
    assert lead_img["data-ratio"] == "16x9" and lead_img["loading"] == "eager"
    row_img = page.select_one(".block--row img")
    assert row_img["data-ratio"] == "4x3" and "16rem" in row_img["sizes"]
    assert page.select(".block--list img") == []
    assert len(page.select(".block--list .card")) == 2


def test_an_item_without_a_picture_gets_the_text_layout():
    make_article("Words only", summary="A standfirst instead of a picture.")
    make_article("With a picture", lead_media=make_media())
    page = soup("/en/")
    card = next(c for c in page.select(".card") if "Words only" in c.get_text())
    assert "card--text" in card["class"] and card.select("img") == []


def test_times_carry_the_exact_time_for_the_script_that_makes_them_relative():
    item = make_article("Two hours old", published_at=timezone.now() - timedelta(hours=2))
    time = soup("/en/").select_one(".card time[data-relative]")
    local = timezone.localtime(item.published_at)
    assert time["datetime"] == local.isoformat(timespec="seconds")
    # The text is the same whenever the page is rendered: a baked page equals a fresh one.
    assert time.get_text() == format_dateline(item.published_at, "en")[:-3]
    assert time["title"] == format_dateline(item.published_at, "en")


def test_a_landing_page_shows_its_blocks_and_unknown_ones_are_not_found(client):
    landing = Front.objects.create(
        language="en", kind="landing", slug="elections", title="Elections"
    )
    item = make_article("Polls open")
    add_block(landing, "lead", "manual", items=[item])
    assert client.get("/en/front/elections/").status_code == 200
    layouts.publish(landing)
    page = soup("/en/front/elections/")
    assert page.h1.get_text() == "Elections" and lead_title(page) == "Polls open"
    assert client.get("/en/front/nothing/").status_code == 404


def test_a_section_front_arranged_replaces_the_list_on_its_first_page():
    world = make_section()
    items = [make_article(f"World {n}", section=world) for n in range(3)]
    front = Front.objects.create(language="en", kind="section", section=world)
    add_block(front, "lead", "manual", items=[items[2]])
    assert soup("/en/section/world/").select(".card--lead") == []
    layouts.publish(front)
    assert lead_title(soup("/en/section/world/")) == items[2].headline
    listing = soup("/en/section/world/?page=1")
    assert len(listing.select(".row--listing .card")) == 3
