"""Authors in the desk: the picker's suggestions (either spelling), saving reporters in order
through the editor, by role and state, and "my items" meaning items I am credited on or made."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import translation

from dateline.analysis.bidi import isolated
from dateline.articles.models import Article
from dateline.desk.models import UnfinishedRelease
from dateline.desk.ui import authors as author_picker
from dateline.people.models import Authorship, Person
from dateline.people.names import refresh_search_keys
from tests.desk.test_ui import _form, login, new_draft, page
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_locks():
    cache.clear()


@pytest.fixture
def staff(db):
    return {
        "omar": make_person("Omar Khaled", "omar", name_ar="عمر خالد", title="Cairo"),
        "jane": make_person("Jane Doe", "jane", name_ar="جين دو"),
        "old": make_person("Omar Former", "omar-former", is_active=False),
    }


def suggestions(client, term: str) -> list[str]:
    response = client.get("/desk/people/", {"q": term})
    assert response.status_code == 200
    return [p["name"] for p in response.json()["people"]]


def test_suggestions_match_either_spelling_active_people_first(client, people, staff):
    login(client, people["contributor"])
    assert suggestions(client, "omar") == ["Omar Khaled", "Omar Former"]
    assert suggestions(client, "عمر") == ["Omar Khaled"]
    assert suggestions(client, "جين") == ["Jane Doe"]
    (omar,) = client.get("/desk/people/", {"q": "khaled"}).json()["people"]
    assert omar["label"] == "\u2068Omar Khaled · عمر خالد\u2069 — \u2068Cairo\u2069"
    for hostile in ("", "   ", "%", "\x00", "x" * 5000, "'; drop table people_person; --"):
        assert client.get("/desk/people/", {"q": hostile}).status_code == 200
    assert suggestions(client, "%") == []
    # The media picker reads a typed term the same way.
    for hostile in ("\x00", "cap\x00tion", "x" * 5000):
        response = client.get("/desk/media/", {"q": hostile})
        assert response.status_code == 200 and response.json()["items"] == []


def test_the_arabic_desk_suggests_people_with_their_arabic_titles(client, people, staff):
    Person.objects.filter(slug="omar").update(title_ar="القاهرة")
    login(client, people["contributor"]).post("/desk/language/", {"language": "ar"})
    found = client.get("/desk/people/", {"q": "عمر"}).json()["people"]
    # Each side is a first-strong isolate: the Arabic name and the Arabic title do not run
    # together across the dash into one right-to-left stretch.
    assert [p["label"] for p in found] == [
        f"{isolated('Omar Khaled · عمر خالد')} — {isolated('القاهرة')}"
    ]
    (former,) = client.get("/desk/people/", {"q": "former"}).json()["people"]
    assert former["label"] == f"{isolated('Omar Former')} — {isolated('سابق')}"
    # Without an Arabic title, the Latin one.
    Person.objects.filter(slug="omar").update(title_ar="")
    (omar,) = client.get("/desk/people/", {"q": "khaled"}).json()["people"]
    assert omar["label"] == f"{isolated('Omar Khaled · عمر خالد')} — {isolated('Cairo')}"
    translation.deactivate()  # the last request left this thread in Arabic


# Arabic names as one newsroom spells them, and as another journalist types them: hamza forms
# of alef, teh marbuta, alef maqsura, diacritics (tashkeel) and tatweel all fold away.
SPELLED = {
    "ahmad": "أحمد سعيد",
    "ahmad-bare": "احمد منصور",
    "iman": "إيمان الشريف",
    "amna": "آمنة علي",
    "fatima": "فاطمه حسن",
    "mustafa": "مصطفى كامل",
    "muhammad": "مُحَمَّد عادل",
    "abdallah": "عبـــد الله نور",
}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("احمد", ["ahmad", "ahmad-bare"]),
        ("أحمد", ["ahmad", "ahmad-bare"]),
        ("إحمد", ["ahmad", "ahmad-bare"]),
        ("أَحْمَد", ["ahmad", "ahmad-bare"]),
        ("احمد منصور", ["ahmad-bare"]),
        ("أحمد منصور", ["ahmad-bare"]),
        ("ايمان", ["iman"]),
        ("أيمان", ["iman"]),
        ("امنة", ["amna"]),
        ("آمنه", ["amna"]),
        ("فاطمة", ["fatima"]),
        ("فاطمه حسن", ["fatima"]),
        ("مصطفي", ["mustafa"]),
        ("مصطفى", ["mustafa"]),
        ("محمد", ["muhammad"]),
        ("مُحمّد عادل", ["muhammad"]),
        ("عبد الله", ["abdallah"]),
        ("عبـد اللـه", ["abdallah"]),
        ("ـــ", []),
        ("َ", []),
        ("محمود", []),
        ("AHMAD", ["ahmad", "ahmad-bare"]),
    ],
)
def test_suggestions_fold_arabic_spellings(client, people, typed, found):
    for slug, name_ar in SPELLED.items():
        make_person(slug.replace("-", " ").title(), slug, name_ar=name_ar)
    login(client, people["contributor"])
    response = client.get("/desk/people/", {"q": typed})
    assert response.status_code == 200
    suggested = response.json()["people"]
    assert [p["name_ar"] for p in suggested] == [SPELLED[slug] for slug in found]
    # The names come back as stored: folding is for matching only.
    assert all(p["label"].endswith(p["name_ar"]) for p in suggested)


def test_people_saved_outside_the_forms_are_found_once_their_keys_are_refreshed(client, people):
    """As the migration that added the key fills it for the people already there."""
    Person.objects.create(name="Ahmad Said", name_ar="أحمد سعيد", slug="ahmad")
    login(client, people["contributor"])
    assert suggestions(client, "احمد") == []
    assert refresh_search_keys() == 1
    assert suggestions(client, "احمد") == ["Ahmad Said"]
    assert refresh_search_keys() == 0


def test_suggestions_are_for_desk_staff_only(client, people, staff):
    assert client.get("/desk/people/", {"q": "omar"}).status_code == 302
    login(client, people["reader"])
    assert client.get("/desk/people/", {"q": "omar"}).status_code == 403


def test_the_editor_offers_the_picker_and_saves_reporters_in_the_order_sent(client, people, staff):
    writer = people["contributor"]
    article = new_draft(writer)
    Authorship.objects.create(article=article, person=staff["jane"], role="photographer")
    soup = page(login(client, writer), f"/desk/items/{article.pk}/")
    picker = soup.select_one("[data-author-picker]")
    assert picker["data-lookup"] == "/desk/people/"
    select = picker.select_one("select[name=authors][multiple]")
    assert select is not None and not select.has_attr("disabled")
    # Without JavaScript the select is the picker; the former colleague is not offered.
    offered = [o.get_text() for o in select.find_all("option")]
    assert offered == ["Jane Doe · جين دو", "Omar Khaled · عمر خالد"]
    data = _form(soup) | {"authors": [str(staff["omar"].pk), str(staff["jane"].pk)]}
    assert client.post(f"/desk/items/{article.pk}/autosave/", data).status_code == 200
    credits = Authorship.objects.filter(article=article).order_by("role", "position")
    assert [(a.role, a.person.slug, a.position) for a in credits] == [
        ("photographer", "jane", 0),
        ("reporter", "omar", 0),
        ("reporter", "jane", 1),
    ]
    # The page shows them back first, in byline order, and a save in another order reorders.
    soup = page(client, f"/desk/items/{article.pk}/")
    select = soup.select_one("select[name=authors]")
    chosen = [o.get_text() for o in select.find_all("option") if o.has_attr("selected")]
    assert chosen == ["Omar Khaled · عمر خالد", "Jane Doe · جين دو"]
    data = _form(soup) | {"authors": [str(staff["jane"].pk), str(staff["omar"].pk)]}
    assert client.post(f"/desk/items/{article.pk}/autosave/", data).status_code == 200
    reporters = Authorship.objects.filter(article=article, role="reporter").order_by("position")
    assert [a.person.slug for a in reporters] == ["jane", "omar"]
    # An autosave from a page without the author field leaves the authors alone.
    data = _form(soup)
    data.pop("authors-sent")
    data.pop("authors", None)
    data["base_version"] = str(Article.objects.get(pk=article.pk).version)
    assert client.post(f"/desk/items/{article.pk}/autosave/", data).status_code == 200
    assert Authorship.objects.filter(article=article, role="reporter").count() == 2
    # Hostile ids are refused by the form, and nothing changes.
    data = _form(page(client, f"/desk/items/{article.pk}/")) | {"authors": ["999999", "x"]}
    assert client.post(f"/desk/items/{article.pk}/autosave/", data).status_code == 400
    assert Authorship.objects.filter(article=article, role="reporter").count() == 2


def test_on_a_published_item_only_those_who_publish_change_authors_and_it_is_announced(
    client, people, staff
):
    article = make_article("Out already")
    Authorship.objects.create(article=article, person=staff["jane"], role="reporter")
    soup = page(login(client, people["contributor"]), f"/desk/items/{article.pk}/")
    select = soup.select_one("select[name=authors]")
    assert select.has_attr("disabled")
    data = _form(soup) | {"authors": [str(staff["omar"].pk)]}
    # Whatever is posted, the authors stay (the item is not the contributor's to edit).
    response = client.post(f"/desk/items/{article.pk}/autosave/", data)
    assert response.status_code == 403 and not response.json()["saved"]
    with pytest.raises(PermissionDenied):
        author_picker.save_reporters(article, people["contributor"], [staff["omar"]])
    assert [a.person.slug for a in Authorship.objects.filter(article=article)] == ["jane"]
    cache.clear()
    soup = page(login(client, people["editor"]), f"/desk/items/{article.pk}/")
    before = UnfinishedRelease.objects.count()
    data = _form(soup) | {"authors": [str(staff["omar"].pk), str(staff["jane"].pk)]}
    assert client.post(f"/desk/items/{article.pk}/autosave/", data).status_code == 200
    reporters = Authorship.objects.filter(article=article).order_by("position")
    assert [a.person.slug for a in reporters] == ["omar", "jane"]
    assert UnfinishedRelease.objects.count() == before + 1


def test_my_items_are_those_i_am_credited_on_or_made(client, people, staff):
    writer = people["contributor"]
    staff["omar"].user = writer
    staff["omar"].save()
    made = new_draft(writer, "Made by me")
    credited = make_article("Credited to me", status=Article.Status.DRAFT)
    Authorship.objects.create(article=credited, person=staff["omar"], role="additional")
    other = make_article("Someone else's", status=Article.Status.DRAFT)
    Authorship.objects.create(article=other, person=staff["jane"], role="reporter")
    soup = page(login(client, writer), "/desk/items/?mine=1")
    listed = {a.get_text() for a in soup.select("table.stories tbody td a")}
    assert listed == {made.headline, credited.headline}
    home = page(client, "/desk/").get_text()
    assert made.headline in home and credited.headline in home
    assert other.headline not in home
