"""The newsroom in a real browser: write, submit, schedule, publish on time, correct.

A contributor writes a story in the admin's rich-text editor (pasting from Word) and submits
it; an editor schedules it a few seconds ahead; the worker publishes it at that time and not
before; the editor adds a correction; the reader's page shows it at the foot.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from dateline.articles.models import Article
from dateline.desk.models import Transition
from tests.browser import login
from tests.desk.conftest import make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORD_PASTE = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><body><!--StartFragment-->'
    '<p class=MsoNormal style="mso-line-height-alt:12pt"><span style="font-family:Calibri">'
    "Pasted from Word.</span><o:p></o:p></p><!--EndFragment--></body></html>"
)


def _paste(page, selector: str, html: str) -> None:
    page.eval_on_selector(
        selector,
        """(el, html) => {
            el.focus();
            const data = new DataTransfer();
            data.setData('text/html', html);
            el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));
        }""",
        html,
    )


def test_write_submit_schedule_publish_correct(live_server, browser):
    base = live_server.url
    make_user("contributor", "carol")
    make_user("editor", "eddie")

    # The contributor writes and submits; she has no button to publish.
    writer = login(browser, base, "carol", admin=True)
    writer.goto(f"{base}/admin/articles/article/add/")
    writer.fill("#id_headline", "Harbour reopens after storm")
    writer.click(".richtext__area")
    writer.keyboard.type("Ships entered the harbour at dawn. ")
    _paste(writer, ".richtext__area", WORD_PASTE)
    writer.click("input[name=_continue]")
    writer.wait_for_selector("#workflow-status")
    assert writer.locator("#workflow-publish").count() == 0
    writer.click("#workflow-submit")
    writer.wait_for_selector("#workflow-status:text('review')")

    article = Article.objects.get(headline="Harbour reopens after storm")
    assert article.body.startswith("<p>Ships entered the harbour at dawn.")
    assert "Pasted from Word.</p>" in article.body
    assert "mso" not in article.body and "span" not in article.body

    # The editor schedules it a few seconds ahead.
    editor = login(browser, base, "eddie", admin=True)
    change_url = f"{base}/admin/articles/article/{article.pk}/change/"
    editor.goto(change_url)
    due = timezone.now().replace(microsecond=0) + timedelta(seconds=4)
    editor.fill("#id__schedule_at", timezone.localtime(due).strftime("%Y-%m-%dT%H:%M:%S"))
    editor.click("#workflow-schedule")
    editor.wait_for_selector("#workflow-status:text('scheduled')")
    reader = browser.new_context().new_page()
    assert reader.goto(f"{base}{article.get_absolute_url()}").status == 404

    # The worker publishes it at its time, not before.
    while timezone.now() < due - timedelta(seconds=1):
        call_command("worker", "--once")
        assert Article.objects.get(pk=article.pk).status == Article.Status.SCHEDULED
        time.sleep(0.5)
    deadline = due + timedelta(seconds=10)
    while Article.objects.get(pk=article.pk).status != Article.Status.PUBLISHED:
        assert timezone.now() < deadline, "the worker did not publish the item in time"
        call_command("worker", "--once")
        time.sleep(0.5)
    published = Article.objects.get(pk=article.pk)
    assert abs((published.published_at - due).total_seconds()) < 1
    assert Transition.objects.filter(article=article, action="publish", user=None).exists()
    reader.goto(f"{base}{published.get_absolute_url()}")
    assert reader.locator("h1.headline").inner_text() == "Harbour reopens after storm"

    # The editor corrects it; the correction shows at the foot of the reader's page.
    editor.goto(change_url)
    editor.select_option("#id__correction_kind", "correction")
    editor.fill("#id__correction_text", "The harbour reopened at dawn, not at noon.")
    editor.click("#workflow-correct")
    editor.wait_for_selector("#correct li")
    # A new reader: pages may be cached by the browser for a minute, as they are meant to be.
    reader = browser.new_context().new_page()
    reader.goto(f"{base}{published.get_absolute_url()}")
    foot = reader.locator("section.corrections li")
    assert foot.count() == 1
    assert "The harbour reopened at dawn, not at noon." in foot.inner_text()
    assert "Correction" in foot.inner_text()
