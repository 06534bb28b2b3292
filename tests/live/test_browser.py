"""A reader's open live page offers a new entry behind "1 new update" and shows it on click,
in English and Arabic, with the key-events menu following."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dateline.live import posting
from tests.desk.conftest import make_user
from tests.live.conftest import make_live_item, post

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path(os.environ.get("DATELINE_DATA_DIR", "/tmp")) / "live-shots"

CASES = {
    "en": ("Storm hits the coast: live", "1 new update", "Bridge shut", "Key events"),
    "ar": ("عاصفة على الساحل: مباشر", "تحديث جديد واحد", "إغلاق الجسر", "أبرز الأحداث"),
}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_new_entry_waits_behind_the_button_then_shows(live_server, chromium, settings, language):
    settings.DATELINE_LIVE_POLL_SECONDS = 1
    headline, one_new, key_headline, key_title = CASES[language]
    editor = make_user("editor", f"eddie-{language}")
    item = make_live_item(language, headline=headline)
    first = post(item, editor, "<p>First report.</p>" if language == "en" else "<p>أول خبر.</p>")
    posting.set_summary(item, editor, "<ul><li>Winds 120 km/h</li></ul>")

    page = chromium.new_context(viewport={"width": 900, "height": 1100}).new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + item.get_absolute_url())
    assert page.locator(".live-entry").count() == 1
    assert page.locator(".live__new").is_hidden()
    assert page.locator(".live__keys").is_hidden()

    added = post(
        item, editor, "<p>The bridge is closed.</p>", headline=key_headline, is_key_event=True
    )
    button = page.locator(".live__new")
    button.wait_for(state="visible")
    assert button.inner_text() == one_new
    # Nothing moved under the reader: the new entry waits behind the button.
    assert page.locator(".live-entry").count() == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{language}-waiting.png"), full_page=True)

    button.click()
    ids = page.locator(".live__entries .live-entry").evaluate_all("els => els.map(e => e.id)")
    assert ids == [f"entry-{added.pk}", f"entry-{first.pk}"]
    assert button.is_hidden()
    assert page.locator(".live__keys h2").inner_text() == key_title
    assert page.locator(".live__keys a").evaluate_all(
        "els => els.map(a => [a.getAttribute('href'), a.textContent])"
    ) == [[f"#entry-{added.pk}", key_headline]]
    page.screenshot(path=str(SHOTS / f"{language}-shown.png"), full_page=True)

    # An edit replaces the entry in place; a deletion removes it, no reload.
    posting.edit_entry(
        added,
        editor,
        posting.Draft(body="<p>The bridge reopened.</p>", headline=key_headline, is_key_event=True),
        correction=True,
    )
    page.locator(f"#entry-{added.pk} .live-entry__revision").wait_for()
    assert "The bridge reopened." in page.locator(f"#entry-{added.pk}").inner_text()
    posting.delete_entry(first, editor)
    page.locator(f"#entry-{first.pk}").wait_for(state="detached")
