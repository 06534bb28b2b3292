"""The desk in a real browser (Debian chromium): log in, see the home, create an item, write,
insert an uploaded picture with its caption and an embed, autosave and reload without losing a
word, see a second editor's lock, schedule, and read the story live with its picture and the
embed's click-to-load facade. Axe runs on each desk page; screenshots go to DATELINE_DATA_DIR.
"""

from __future__ import annotations

import io
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from dateline.articles.models import Article
from dateline.desk import workflow
from dateline.desk.models import Correction, Transition
from tests.browser import axe, login, shots_dir
from tests.desk.conftest import make_user
from tests.factories import make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR = ".ProseMirror[contenteditable]"
WORD_PASTE = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><body><!--StartFragment-->'
    '<p class=MsoNormal style="mso-line-height-alt:12pt"><span style="font-family:Calibri">'
    "Pasted from <b>Word</b>.</span><o:p></o:p></p><!--EndFragment--></body></html>"
)
SHOTS = shots_dir("desk-screenshots")
VIEWPORT = (1300, 1000)


def _audit(page, name: str) -> None:
    """No serious axe violation on ``page``, and its screenshot as ``name``."""
    assert axe(page) == []
    _shot(page, name)


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _picture(tmp_path) -> Path:
    path = tmp_path / "street.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (40, 90, 160)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("language", ["en", "ar"])
def test_write_insert_autosave_lock_schedule_read(live_server, browser, tmp_path, language):
    base = live_server.url
    make_user("editor", "writer")
    make_user("desk chief", "chief")
    page = login(
        browser,
        base,
        "writer",
        language=language,
        viewport=VIEWPORT,
        on_login_page=lambda login_page: _audit(login_page, f"login-{language}"),
    )
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    assert axe(page) == []
    _shot(page, f"home-{language}")

    page.click("a[href='/desk/items/new/']")
    headline = "Tripoli talks resume" if language == "en" else "استئناف المحادثات في طرابلس"
    assert axe(page) == []
    _shot(page, f"new-{language}")
    page.fill("#id_headline", headline)
    page.select_option("#id_language", language)
    page.click("button[type=submit]")
    page.wait_for_selector(EDITOR)
    url = page.url
    words = "Negotiators met on Monday." if language == "en" else "التقى المفاوضون يوم الاثنين."
    page.click(EDITOR)
    page.keyboard.type(words)
    # Pasted from Word: the structure stays (a paragraph, bold), the styling goes.
    page.keyboard.press("Enter")
    page.eval_on_selector(
        EDITOR,
        """(el, html) => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', 'pasted');
            el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                cancelable: true}));
        }""",
        WORD_PASTE,
    )
    page.wait_for_selector(f"{EDITOR} strong, {EDITOR} b")
    # An uploaded picture with its caption, credit and alt text.
    page.click("[data-insert=image]")
    page.set_input_files("#up-file", str(_picture(tmp_path)))
    page.fill("#up-caption", "Delegates arrive")
    page.fill("#up-credit", "Reuters")
    page.fill("#up-alt", "Two delegates walk into a hall")
    page.click("#up-send")
    page.wait_for_selector(f"{EDITOR} figure img")
    # An embed by its address.
    page.click("[data-insert=embed]")
    page.fill("#embed-url", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    page.click("#embed-add")
    page.wait_for_selector(f"{EDITOR} figure.embed")
    # A gallery of pictures ticked in the library, and a fact box typed in place.
    page.click("[data-insert=gallery]")
    page.click("#picker-grid .media-choice")
    assert page.get_attribute("#picker-grid .media-choice", "aria-pressed") == "true"
    _shot(page, f"gallery-picker-{language}")
    page.click("#gallery-insert")
    page.wait_for_selector(f"{EDITOR} figure.gallery figure img")
    page.click("[data-insert=factbox]")
    page.wait_for_selector(f"{EDITOR} figure.factbox figcaption")
    facts = "Key facts" if language == "en" else "حقائق أساسية"
    page.keyboard.type(facts)
    page.keyboard.press("ArrowDown")
    page.keyboard.type("Three rounds so far" if language == "en" else "ثلاث جولات حتى الآن")
    page.wait_for_selector("#save-state[data-state=saved]")
    assert axe(page) == []
    _shot(page, f"editor-{language}")

    page.reload()
    page.wait_for_selector(f"{EDITOR} figure.embed")
    body = page.inner_html(EDITOR)
    assert words in body and "Delegates arrive" in body and "Reuters" in body
    article = Article.objects.get(headline=headline)
    assert 'data-provider="YouTube"' in article.body and "<cite>Reuters</cite>" in article.body
    assert "<p>Pasted from <strong>Word</strong>.</p>" in article.body
    assert "mso" not in article.body and "span" not in article.body
    assert '<figure class="gallery"><figure><img' in article.body
    assert f'<figure class="factbox"><figcaption>{facts}</figcaption><ul><li><p>' in article.body

    # A second editor sees who has it open, read-only, with "take over" offered.
    other = login(browser, base, "chief", language=language, viewport=VIEWPORT)
    other.goto(url)
    banner = other.wait_for_selector("#lock-banner:not([hidden])")
    assert "writer" in banner.inner_text()
    assert other.locator(".ProseMirror[contenteditable=false]").count() == 1
    _shot(other, f"locked-{language}")
    other.goto(f"{base}/desk/items/")
    assert "writer" in other.inner_text("table.stories")
    assert axe(other) == []
    _shot(other, f"list-{language}")
    other.context.close()

    # Scheduled a few seconds ahead; the worker releases it; readers see figure and facade.
    due = timezone.localtime(timezone.now() + timedelta(seconds=3))
    page.fill("#schedule-at", due.strftime("%Y-%m-%dT%H:%M:%S"))
    page.click("button[name=step][value=schedule]")
    page.wait_for_selector(".badge--scheduled")
    deadline = time.monotonic() + 20
    while Article.objects.get(pk=article.pk).status != Article.Status.PUBLISHED:
        assert time.monotonic() < deadline, "the worker did not publish the item"
        time.sleep(0.5)
        call_command("worker", "--once")
    article.refresh_from_db()
    reader = browser.new_context().new_page()
    requests: list[str] = []
    reader.on("request", lambda request: requests.append(request.url))
    reader.goto(f"{base}{article.get_absolute_url()}")
    reader.wait_for_selector(".embed-facade__load")
    assert (
        reader.locator(".body > figure:not([class]) img").get_attribute("alt")
        == "Two delegates walk into a hall"
    )
    assert not [u for u in requests if "youtube" in u], "a third-party request before the click"
    assert reader.locator(".body figure.gallery figure img").count() == 1
    assert reader.inner_text(".body figure.factbox figcaption") == facts
    _shot(reader, f"public-{language}")
    reader.click(".embed-facade__load")
    frame = reader.wait_for_selector("iframe.embed-facade__frame")
    assert frame.get_attribute("src").startswith(
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    reader.context.close()

    # The editor adds a correction to the live item; a new reader sees it at the foot.
    page.reload()
    page.wait_for_selector(".badge--live")
    assert page.locator("#kill-h").count() == 0  # an editor may not kill
    page.click("details.steps summary")
    page.select_option("#c-kind", "correction")
    fix = (
        "The talks resumed on Monday, not Sunday."
        if language == "en"
        else "استؤنفت المحادثات يوم الاثنين لا الأحد."
    )
    page.fill("#c-text", fix)
    assert axe(page) == []
    _shot(page, f"editor-live-{language}")
    page.click("button[name=step][value=correct]")
    page.wait_for_selector(".messages li.success")
    assert Correction.objects.get(article=article).text == fix
    reader = browser.new_context().new_page()
    reader.goto(f"{base}{article.get_absolute_url()}")
    assert fix in reader.inner_text("section.corrections")
    reader.context.close()

    # The revisions of the item, side by side with the current text.
    page.click("a[href$='/revisions/']")
    page.wait_for_selector("table.diff")
    assert axe(page) == []
    _shot(page, f"revisions-{language}")

    # A desk chief kills a different item: never offered on a draft; a reason and a
    # confirmation are required.
    chief = login(browser, base, "chief", language=language, viewport=VIEWPORT)
    draft = Article(headline="Unfinished", slug="unfinished", language=language)
    workflow.save_edit(draft, User.objects.get(username="chief"))
    victim = make_article(
        "Story to withdraw" if language == "en" else "خبر سيسحب", language=language
    )
    chief.goto(f"{base}/desk/items/{draft.pk}/")
    chief.wait_for_selector(EDITOR)
    assert chief.locator("#kill-h").count() == 0
    assert chief.locator("button[name=step][value=kill]").count() == 0
    chief.goto(f"{base}/desk/items/{victim.pk}/")
    kill = chief.locator("section.danger")
    reason = "Legal advice" if language == "en" else "نصيحة قانونية"
    kill.locator("#kill-reason").fill(reason)
    assert axe(chief) == []
    _shot(chief, f"kill-{language}")
    kill.locator("button[value=kill]").click()  # unconfirmed: the browser does not send it
    chief.wait_for_timeout(500)
    assert Article.objects.get(pk=victim.pk).status == Article.Status.PUBLISHED
    kill.locator("input[name=confirm]").check()
    kill.locator("button[value=kill]").click()
    chief.wait_for_selector(".badge--killed")
    assert Article.objects.get(pk=victim.pk).status == Article.Status.KILLED
    assert Transition.objects.get(article=victim, action="kill").reason == reason
    assert chief.locator("section.danger").count() == 0
    reader = browser.new_context().new_page()
    assert reader.goto(f"{base}{victim.get_absolute_url()}").status in {404, 410}
