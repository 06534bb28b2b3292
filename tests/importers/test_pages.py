"""A folder of legacy reference pages: articles, pinned related items and story membership."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from dateline.articles.models import Article
from dateline.related.models import RelatedPin
from dateline.stories.models import Story
from tests.importers.conftest import SEED

pytestmark = pytest.mark.django_db


def test_a_folder_of_pages_imports_with_pins_and_a_story(run_import, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(SEED, folder / "4518617.txt")
    (folder / "broken.txt").write_text("Headline\n\nAnother headline\nnot a date\n")
    result = run_import(folder)
    assert result.report["format"] == "pages"
    assert result.counts["created"] == 1
    (reason,) = result.reasons()
    assert "broken.txt, line 3" in reason and "headline must be repeated" in reason

    article = Article.objects.get(pk=4518617)
    assert article.is_stub is False
    pins = list(RelatedPin.objects.filter(article=article).order_by("position"))
    assert len(pins) == 9
    assert article.story is not None
    members = set(article.story.articles.values_list("pk", flat=True))
    assert members == {article.pk, *(p.target_id for p in pins)}

    again = run_import(folder)
    assert again.counts["unchanged"] == 1
    assert Article.objects.count() == 10


def test_import_page_still_works(capsys):
    call_command("import_page", str(SEED))
    assert Article.objects.filter(is_stub=False).count() == 1
    assert RelatedPin.objects.count() == 9


SEED_TEXT = SEED.read_text(encoding="utf-8")
DUMP_AT = SEED_TEXT.index("string(")


def _page(tmp_path, name: str, text: str):
    folder = tmp_path / "pages"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _with_dump(payload: str) -> str:
    return SEED_TEXT[:DUMP_AT] + f'string({len(payload.encode())}) "{payload}"\n'


def test_an_unknown_content_type_is_registered_not_refused(run_import, tmp_path):
    item = '{"id":"1700001","sort":"3400001","contenttypeid":"33","pic":"","title":"Odd item"}'
    _page(tmp_path, "4518617.txt", _with_dump(f"[{item}]"))
    result = run_import(tmp_path / "pages")
    assert result.error is None, result.output
    assert result.counts["created"] == 1
    stub = Article.objects.get(pk=1700001)
    assert stub.article_type.name == "unknown type 33"
    (flag,) = result.reasons("flagged")
    assert "contenttypeid 33 is not in the registry; registered as 'unknown type 33'" in flag
    assert "4518617.txt" in flag


def test_entities_in_a_body_are_read_once(run_import, tmp_path, client):
    text = SEED_TEXT.replace(
        "Libya’s internationally recognized government",
        "Libya&#8217;s &quot;recognized&quot; government &amp; its allies",
        1,
    )
    _page(tmp_path, "4518617.txt", text)
    assert run_import(tmp_path / "pages").counts["created"] == 1
    article = Article.objects.get(pk=4518617)
    page = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    first = page.select_one(".body p").get_text()
    assert first.startswith('Libya’s "recognized" government & its allies')
    assert "&quot;" not in first and "&amp;" not in first


def test_an_arabic_desk_signature_is_recognised(run_import, tmp_path, client):
    text = SEED_TEXT.replace("\nS/SH 11\n", "\nع/ م 14\n", 1)
    assert "ع/ م 14" in text
    _page(tmp_path, "4518617.txt", text)
    assert run_import(tmp_path / "pages", "--language", "ar").counts["created"] == 1
    article = Article.objects.get(pk=4518617)
    assert str(article.signature) == "ع/ م 14"
    assert "ع/ م 14" not in article.body
    page = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    assert page.select_one(".signature").get_text() == "ع/ م 14"


def test_a_page_without_a_related_dump_has_no_related_items(run_import, tmp_path):
    _page(tmp_path, "4518617.txt", SEED_TEXT[:DUMP_AT])
    result = run_import(tmp_path / "pages")
    assert result.error is None, result.output
    article = Article.objects.get(pk=4518617)
    assert not article.pins.exists()
    assert str(article.signature) == "S/SH 11"
    assert Article.objects.count() == 1


def test_a_broken_dump_is_still_refused(run_import, tmp_path):
    _page(tmp_path, "4518617.txt", SEED_TEXT[: DUMP_AT + 200])
    result = run_import(tmp_path / "pages")
    assert result.counts["failed"] == 1
    assert not Article.objects.exists()


def test_import_page_and_the_pages_format_make_the_same_rows(run_import, tmp_path):
    def rows():
        articles = Article.objects.order_by("pk")
        return (
            list(articles.values_list("pk", "headline", "is_stub", "status", "sort")),
            sorted(Article.objects.values_list("story__title", flat=True).distinct()),
            list(RelatedPin.objects.values_list("article_id", "target_id", "position")),
        )

    path = _page(tmp_path, "4518617.txt", SEED_TEXT)
    call_command("import_page", str(path))
    by_command = rows()
    assert by_command[1] == ["Libya Rejects Presence of France Soldiers in Fight against ISIS"]
    Article.objects.all().delete()
    Story.objects.all().delete()
    run_import(tmp_path / "pages")
    by_runner = rows()
    assert [r[:4] for r in by_runner[0]] == [r[:4] for r in by_command[0]]
    assert by_runner[1:] == by_command[1:]
