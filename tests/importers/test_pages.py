"""A folder of legacy reference pages: articles, pinned related items and story membership."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command

from dateline.articles.models import Article
from dateline.related.models import RelatedPin
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
