"""The author picker in a real browser (Debian chromium), in both desk languages: type part of
a name in either spelling, choose with the keyboard or the mouse, see the chips in byline order,
remove one; autosave stores the reporters in that order. Axe finds nothing serious."""

from __future__ import annotations

import time

import pytest

from dateline.people.models import Authorship
from tests.browser import axe, login
from tests.desk.conftest import make_user
from tests.desk.test_desk_browser import VIEWPORT, _shot
from tests.desk.test_ui import new_draft
from tests.factories import make_person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _reporters(article) -> list[str]:
    rows = Authorship.objects.filter(article=article, role="reporter").order_by("position")
    return [row.person.slug for row in rows]


def _wait_for(check, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pick_authors_by_typing(live_server, browser, language):
    make_person("Omar Khaled", "omar", name_ar="عمر خالد", title="Cairo")
    make_person("Jane Doe", "jane", name_ar="جين دو")
    writer = make_user("contributor", "writer")
    article = new_draft(writer, "Talks resume")
    page = login(browser, live_server.url, "writer", language=language, viewport=VIEWPORT)
    page.goto(f"{live_server.url}/desk/items/{article.pk}/")
    box = page.locator("input[role=combobox]#id_authors-search")
    box.wait_for()
    assert page.locator("select[name=authors]").is_hidden()
    # Arabic letters find the person by the Arabic spelling; the keyboard chooses.
    box.fill("عمر" if language == "ar" else "khal")
    page.wait_for_selector("#id_authors-options [role=option]")
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_selector(".author-chips li")
    # The mouse chooses the second.
    box.fill("جين" if language == "ar" else "jane")
    jane = page.locator("#id_authors-options [role=option]", has_text="Jane Doe")
    jane.wait_for()
    jane.dispatch_event("mousedown")
    page.wait_for_selector(".author-chips li:nth-child(2)")
    chips = page.locator(".author-chips li span").all_inner_texts()
    assert chips == ["Omar Khaled · عمر خالد", "Jane Doe · جين دو"]
    # Screen readers hear what happened.
    assert "Jane Doe" in page.locator(".author-combo [role=status]").inner_text()
    _wait_for(lambda: _reporters(article) == ["omar", "jane"])
    _shot(page, f"authors-{language}")
    # Remove the first: the byline is Jane alone.
    page.locator(".author-chips li").first.locator("button").click()
    _wait_for(lambda: _reporters(article) == ["jane"])
    assert axe(page) == []
