"""The desk's fronts pages in a real browser (Debian chromium), in both editions: an editor
builds a home front from blocks, places a lead by hand (search as you type), reorders with
the keyboard buttons and by dragging, publishes, schedules a layout the worker puts live,
and starts and ends a breaking takeover; a reader sees each state. Axe runs on each desk
page. Screenshots of the desk's fronts pages and the reader's home, section, story and
article pages at 1366x768 and 390x844 go to $DATELINE_DATA_DIR/fronts-desk-shots."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.fronts import layouts
from dateline.fronts.models import Front, Layout
from tests.browser import axe, login, shots_dir
from tests.desk.conftest import make_user
from tests.fronts.test_browser import SIZES, _above_the_fold, _corpus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = shots_dir("fronts-desk-shots")


def _shots(page, name: str) -> None:
    """Screenshot the desk page at desktop and phone sizes, then back to desktop."""
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


def _reader_lead(browser, base: str, path: str, size: str = "desktop") -> str:
    width, height = SIZES[size]
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(base + path)
    lead = page.locator(".card--lead .item__title a").first.inner_text()
    page.context.close()
    return lead


def _takeover_on(browser, base: str, path: str) -> str | None:
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.goto(base + path)
    block = page.locator(".block--takeover")
    text = block.inner_text() if block.count() else None
    page.context.close()
    return text


def _submit(page, target) -> None:
    """Click ``target`` (a selector or a locator) and wait for the page it posts to."""
    with page.expect_navigation():
        if isinstance(target, str):
            page.click(target)
        else:
            target.click()
    page.wait_for_selector(".messages li")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_editor_arranges_publishes_schedules_and_runs_a_takeover_from_the_desk(
    live_server, browser, media_root, language
):
    corpus = _corpus(language)
    lead, others = corpus["lead"], corpus["others"]
    make_user("desk chief", f"chief-{language}")
    base = live_server.url
    desk = login(browser, base, f"chief-{language}", language=language, viewport=(1366, 768))
    assert desk.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")

    # The list, then a new home front for the edition.
    desk.click(".desk-bar nav a[href='/desk/fronts/']")
    desk.wait_for_url(f"{base}/desk/fronts/")
    assert axe(desk) == []
    desk.select_option("#id_language", language)
    desk.select_option("#id_kind", "home")
    _submit(desk, "#add-front button")
    front = Front.objects.get(language=language, kind="home")

    # Three blocks: a lead placed by hand, a row of 4 and a list, automatic.
    for kind, source, count in [
        ("lead", "manual", "1"),
        ("list", "auto", "6"),
        ("row", "auto", "4"),
    ]:
        desk.select_option("#id_new_kind", kind)
        desk.select_option("#id_new_source", source)
        desk.fill("#id_new_count", count)
        _submit(desk, "#add-block button[value=add_block]")
        if desk.locator("#add-block[open]").count() == 0:
            desk.click("#add-block summary")
    assert [b.kind for b in front.blocks.order_by("position")] == ["lead", "list", "row"]
    lead_block, list_block, row_block = front.blocks.order_by("position")

    # Keyboard: the row goes above the list with its Up button (focused, Enter).
    row_up = desk.locator(f"#block-{row_block.pk} button[name=direction][value=up]")
    row_up.focus()
    with desk.expect_navigation():
        desk.keyboard.press("Enter")
    assert [b.kind for b in front.blocks.order_by("position")] == ["lead", "row", "list"]
    # Drag: the list dragged above the row, by mouse.
    with desk.expect_navigation():
        desk.locator(f"#block-{list_block.pk} .block-head h3").drag_to(
            desk.locator(f"#block-{row_block.pk} .block-head h3"), target_position={"x": 5, "y": 2}
        )
    assert [b.kind for b in front.blocks.order_by("position")] == ["lead", "list", "row"]

    # Place the lead by hand: typed, found as you type, placed in the lead block.
    desk.fill("#q", lead.headline[:14])
    found = desk.locator("#found li.found-item", has_text=lead.headline)
    found.wait_for()
    found.locator("select").select_option(str(lead_block.pk))
    _submit(desk, found.locator("button"))
    assert desk.locator(f"#block-{lead_block.pk} .placed-item .headline").inner_text() == (
        lead.headline
    )
    assert axe(desk) == []
    _shots(desk, f"{language}-desk-front")

    # Publish now: the reader sees the lead above the fold at both sizes.
    _submit(desk, "#publish button[value=publish]")
    assert Layout.objects.get(front=front).live_since is not None
    for size, (width, height) in SIZES.items():
        reader = browser.new_context(viewport={"width": width, "height": height}).new_page()
        reader.goto(f"{base}/{language}/", wait_until="networkidle")
        assert reader.locator(".card--lead .item__title a").first.inner_text() == lead.headline
        for part in (".item__title", ".card__pic img"):
            _above_the_fold(reader, f".card--lead {part}")
        reader.screenshot(path=str(SHOTS / f"{language}-home-{size}.png"))
        pages = {
            "section": f"/{language}/section/world/",
            "story": f"/{language}/story/{corpus['story'].pk}/",
            "article": lead.get_absolute_url(),
        }
        for name, path in pages.items():
            reader.goto(base + path, wait_until="networkidle")
            reader.screenshot(path=str(SHOTS / f"{language}-{name}-{size}.png"))
        reader.context.close()

    # A morning layout: another lead, scheduled for a time the worker reaches later.
    _submit(desk, desk.locator(f"#block-{lead_block.pk} button[value=remove_item]"))
    desk.fill("#q", others[1].headline[:12])
    found = desk.locator("#found li.found-item", has_text=others[1].headline)
    found.wait_for()
    found.locator("select").select_option(str(lead_block.pk))
    _submit(desk, found.locator("button"))
    morning = timezone.localtime() + timedelta(hours=3)
    desk.check("#publish input[name=when][value=at]")
    desk.fill("#id_at", f"{morning:%Y-%m-%dT%H:%M}")
    _submit(desk, "#publish button[value=publish]")
    scheduled = Layout.objects.get(front=front, version=2)
    assert scheduled.live_since is None
    assert timezone.localtime(scheduled.go_live_at).strftime("%H:%M") == f"{morning:%H:%M}"
    assert desk.locator("#history .badge--scheduled").count() == 1
    _shots(desk, f"{language}-desk-front-scheduled")
    assert _reader_lead(browser, base, f"/{language}/") == lead.headline  # not yet
    # The worker's round at that time (moved to now).
    Layout.objects.filter(pk=scheduled.pk).update(go_live_at=timezone.now())
    layouts.run_due()
    for size in SIZES:
        assert _reader_lead(browser, base, f"/{language}/", size) == others[1].headline

    # Breaking takeover: found as you type on the list, on every front of the edition.
    desk.goto(f"{base}/desk/fronts/")
    desk.fill(f"#tk-q-{language}", others[4].headline[:12])
    choice = desk.locator(f"#tk-found-{language} li", has_text=others[4].headline)
    choice.wait_for()
    choice.locator("input[type=radio]").check()
    _submit(desk, f"#tk-{language} ~ form.takeover-start button[value=start]")
    assert desk.locator(".takeover-on").count() == 1
    assert axe(desk) == []
    _shots(desk, f"{language}-desk-fronts-takeover")
    for path in (f"/{language}/", f"/{language}/section/world/"):
        assert others[4].headline in (_takeover_on(browser, base, path) or ""), path
    other = "ar" if language == "en" else "en"
    assert _takeover_on(browser, base, f"/{other}/") is None
    reader = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    reader.goto(f"{base}/{language}/", wait_until="networkidle")
    _above_the_fold(reader, ".block--takeover .item__title")
    reader.screenshot(path=str(SHOTS / f"{language}-home-takeover-phone.png"))
    reader.context.close()
    _submit(desk, ".takeover-on button[value=end]")
    assert _takeover_on(browser, base, f"/{language}/") is None

    # The item editor says which fronts show the item.
    desk.goto(f"{base}/desk/items/{others[1].pk}/")
    panel = desk.locator(".item-fronts")
    assert panel.locator(f"a[href='/{language}/']").count() == 1
    desk.context.close()
