"""In a real browser, in both editions: an editor builds a home front from blocks in the
admin, places a lead by hand and publishes; a reader sees it, its headline, standfirst and
picture above the fold at desktop and phone sizes. Screenshots of home, section, story and
article pages at both sizes go to $DATELINE_DATA_DIR/fronts-shots."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.media.ingest import ingest
from tests.browser import login, shots_dir
from tests.desk.conftest import make_user
from tests.factories import make_article, make_section, make_story
from tests.media.helpers import image_bytes, upload

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = shots_dir("fronts-shots")
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}

TEXT = {
    "en": {
        "lead": "Ceasefire talks resume in Cairo as envoys arrive",
        "standfirst": "Negotiators from both sides meet for the first time in a month, "
        "with aid deliveries and prisoner exchanges on the table.",
        "others": [
            "Markets steady after central bank holds rates",
            "Floods cut off villages in the north",
            "Football: champions held to a draw at home",
            "Parliament passes the budget after a long night",
            "Heatwave warning issued for the coast",
            "New metro line opens to passengers",
        ],
        "section": ("world", "World"),
    },
    "ar": {
        "lead": "استئناف محادثات وقف إطلاق النار في القاهرة مع وصول المبعوثين",
        "standfirst": "يلتقي المفاوضون من الجانبين لأول مرة منذ شهر، وعلى الطاولة إيصال "
        "المساعدات وتبادل الأسرى.",
        "others": [
            "استقرار الأسواق بعد تثبيت البنك المركزي أسعار الفائدة",
            "فيضانات تعزل قرى في الشمال",
            "كرة القدم: تعادل البطل على أرضه",
            "البرلمان يقر الميزانية بعد ليلة طويلة",
            "تحذير من موجة حر على الساحل",
            "افتتاح خط مترو جديد أمام الركاب",
        ],
        "section": ("world", "World"),
    },
}


def _photo(name: str, colour_size=(1200, 900)):
    return ingest(upload(name, image_bytes(size=colour_size)))


def _corpus(language: str) -> dict:
    text = TEXT[language]
    section = make_section(*text["section"])
    story = make_story("Ceasefire talks" if language == "en" else "محادثات وقف إطلاق النار")
    now = timezone.now()
    make_article(
        "Week-old alarm" if language == "en" else "إنذار قديم",
        language=language,
        label="URGENT",
        section=section,
        published_at=now - timedelta(days=7),
    )
    lead = make_article(
        text["lead"],
        language=language,
        summary=text["standfirst"],
        section=section,
        story=story,
        lead_media=_photo(f"lead-{language}.jpg"),
        published_at=now - timedelta(hours=5),
        body="<p>" + " ".join([text["standfirst"]] * 30) + "</p>",
    )
    others = []
    for n, headline in enumerate(text["others"]):
        others.append(
            make_article(
                headline,
                language=language,
                summary=text["standfirst"] if n % 2 else "",
                section=section,
                story=story if n < 3 else None,
                lead_media=_photo(f"o{n}-{language}.jpg") if n % 3 != 2 else None,
                published_at=now - timedelta(minutes=20 * (n + 1)),
                label="URGENT" if n == 0 else None,
            )
        )
    return {"lead": lead, "others": others, "section": section, "story": story}


def _above_the_fold(page, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and box["y"] + box["height"] <= height, (selector, box, height)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_editor_places_a_lead_by_hand_and_a_reader_sees_it(
    live_server, browser, media_root, language
):
    corpus = _corpus(language)
    make_user("desk chief", f"chief-{language}")
    base = live_server.url
    editor = login(browser, base, f"chief-{language}", admin=True, viewport=(1366, 900))

    editor.goto(f"{base}/admin/fronts/front/add/")
    editor.select_option("#id_language", language)
    editor.select_option("#id_kind", "home")
    add_block = editor.locator("#blocks-group .add-row a")
    for n, (kind, source, count) in enumerate(
        [("lead_secondaries", "both", "4"), ("row", "auto", "4"), ("list", "auto", "6")]
    ):
        add_block.click()
        editor.select_option(f"#id_blocks-{n}-kind", kind)
        editor.select_option(f"#id_blocks-{n}-source", source)
        editor.fill(f"#id_blocks-{n}-count", count)
        editor.fill(f"#id_blocks-{n}-position", str(n))
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist .success")

    # Place the lead by hand: the block's page, its item picker searched as you type.
    editor.locator("#blocks-0 a.inlinechangelink").click()
    editor.locator("#placed-0 .select2-selection").click()
    editor.locator(".select2-search__field").fill(corpus["lead"].headline[:12])
    editor.locator(".select2-results__option", has_text=corpus["lead"].headline).click()
    editor.click("input[name=_save]")
    editor.wait_for_url("**/admin/fronts/front/*/change/")
    editor.select_option("#id_publish", "now")
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist .success")
    assert "v1" in editor.locator(".messagelist").inner_text() or editor.locator(
        "#layouts-group"
    ).inner_text().count("1")

    for size, (width, height) in SIZES.items():
        reader = browser.new_context(viewport={"width": width, "height": height}).new_page()
        reader.goto(f"{base}/{language}/")
        reader.screenshot(path=str(SHOTS / f"{language}-home-{size}.png"))
        lead = reader.locator(".card--lead").first
        assert lead.locator(".item__title a").inner_text() == corpus["lead"].headline
        # The script turned the exact time into a relative one in the edition's language.
        relative = lead.locator("time").inner_text()
        assert relative == ("5 hours ago" if language == "en" else "قبل 5 ساعات"), relative
        for part in (".item__title", ".card__standfirst", ".card__pic img"):
            _above_the_fold(reader, f".card--lead {part}")
        # The week-old urgent item is nowhere marked as breaking.
        assert "إنذار قديم" not in reader.locator(".breaking").all_inner_texts()
        assert reader.locator(".card--urgent", has_text="Week-old alarm").count() == 0
        pages = {
            "section": f"/{language}/section/world/",
            "story": f"/{language}/story/{corpus['story'].pk}/",
            "article": corpus["lead"].get_absolute_url(),
        }
        for name, path in pages.items():
            reader.goto(base + path)
            reader.screenshot(path=str(SHOTS / f"{language}-{name}-{size}.png"))
        reader.context.close()
