"""The Arabic desk speaks Arabic where it explains itself: why a field is read-only, why a step
is refused, what stops a release, and the names of content types and labels. On parsed HTML,
as journalists who chose Arabic see it."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.utils import translation

from dateline.articles.models import Article, Label
from tests.desk.test_ui import login, new_draft, page
from tests.factories import make_article

pytestmark = pytest.mark.django_db

# A picture with a caption but neither alt text nor a credit.
UNDESCRIBED = '<figure><img src="/m/x.jpg"><figcaption>Talks</figcaption></figure><p>Words.</p>'
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(autouse=True)
def fresh_locks_and_english_after():
    cache.clear()
    yield
    # The last request left this thread in Arabic; tests that follow read English.
    translation.deactivate()


def in_arabic(client, user):
    login(client, user).post("/desk/language/", {"language": "ar", "next": "/desk/"})
    return client


def latin_words(text: str) -> list[str]:
    """Return the Latin letters of ``text``, leaving out the permission names a reason quotes
    (they are code)."""
    return LATIN.findall(re.sub(r"[a-z]+\.[a-z_]+", "", text))


def test_an_editor_reads_field_reasons_types_and_labels_in_arabic(client, people):
    live = make_article(
        "Talks resume",
        body=UNDESCRIBED,
        label=Label.objects.get(code="URGENT"),
        article_type_id=22,
    )
    soup = page(in_arabic(client, people["editor"]), f"/desk/items/{live.pk}/")
    assert soup.html["lang"] == "ar" and soup.html["dir"] == "rtl"
    # A live item's edition is set by unpublishing, and the field says why, in Arabic.
    language = soup.select_one("select[name=language]")
    assert language.has_attr("disabled")
    reason = language.find_next_sibling("span", class_="help").get_text()
    assert reason == (
        "لا يُغيَّر حقل «الطبعة» في مادة حالتها «منشور»: "
        "لغة المادة المنشورة هي طبعتها وعنوانها؛ ألغِ نشرها أولًا"
    )
    # What stops a release, beside the buttons.
    problems = [li.get_text() for li in soup.select("#problems li")]
    assert problems == ["الصورة 1 في المتن بلا نص بديل.", "الصورة 1 في المتن بلا مصدر."]
    # Content types and labels by their Arabic names; the stored codes are the values.
    types = soup.select("select[name=article_type] option")
    assert [o.get_text() for o in types][:4] == ["خبر", "فيديو", "معرض صور", "رأي"]
    assert soup.select_one("select[name=article_type] option[selected]").get_text() == "فيديو"
    assert soup.select_one("select[name=article_type] option[selected]")["value"] == "22"
    labels = {o.get_text() for o in soup.select("select[name=label] option")}
    assert {"عاجل", "فيديو", "صور"} <= labels
    assert soup.select_one("select[name=label] option[selected]").get_text() == "عاجل"
    for text in [reason, *problems, *(o.get_text() for o in types)]:
        assert latin_words(text) == [], text


def test_refused_steps_say_why_in_arabic(client, people):
    editor = people["editor"]
    draft = new_draft(editor, "A draft", body=UNDESCRIBED)
    in_arabic(client, editor)
    response = client.post(f"/desk/items/{draft.pk}/step/", {"step": "unpublish"}, follow=True)
    soup = BeautifulSoup(response.content, "html.parser")
    (refusal,) = [li.get_text() for li in soup.select("ul.messages li.error")]
    assert refusal == (
        f"المادة {draft.pk} حالتها «مسودة»؛ لا يمكن «إلغاء النشر» لها (يجوز من: منشور)"
    )
    response = client.post(f"/desk/items/{draft.pk}/step/", {"step": "publish"}, follow=True)
    soup = BeautifulSoup(response.content, "html.parser")
    (refusal,) = [li.get_text() for li in soup.select("ul.messages li.error")]
    assert refusal == "لم يُنشر: الصورة 1 في المتن بلا نص بديل. الصورة 1 في المتن بلا مصدر."
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


def test_a_contributor_reads_why_a_live_item_is_read_only_in_arabic(client, people):
    live = make_article("Talks resume")
    soup = page(in_arabic(client, people["contributor"]), f"/desk/items/{live.pk}/")
    notice = soup.select_one("p.notice[role=alert]").get_text()
    assert notice == (
        f"للقراءة فقط: لا يحق لـcontributor تحرير المادة {live.pk} (منشور): "
        "المساهمون يحرّرون مسوداتهم فقط."
    )
    helps = {s.get_text() for s in soup.select("select[name=article_type] ~ span.help")}
    assert helps and all(latin_words(h.replace("contributor", "")) == [] for h in helps)
