"""Bad pages are refused with the file and line named, and nothing of them is stored."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dateline.articles.models import Article
from dateline.importers.reference_page import PageError, parse_reference_page
from dateline.media.models import MediaAsset
from tests.foundation.test_reference_seed import SEED

GOOD = SEED.read_text(encoding="utf-8")


def _with_dump(payload: str) -> str:
    """Return the good page with its dump replaced by ``payload``, correctly counted."""
    dump = f'string({len(payload.encode("utf-8"))}) "{payload}"'
    return GOOD[: GOOD.index("string(")] + dump + "\n"


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


BAD_PAGES = {
    "empty": ("", "empty"),
    "blank": ("\n\n  \n", "empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "latin1": ("Caf\xe9 headline\n".encode("latin-1"), "not UTF-8"),
    "truncated": (GOOD[: GOOD.index("string(") + 200], "string(N)"),
    "wrong-count": (GOOD.replace("string(1739)", "string(1740)"), "declares 1740 bytes"),
    "broken-json": (
        _with_dump('[{"id":"1",]'),
        "broken JSON",
    ),
    "missing-field": (
        _with_dump('[{"id":"1","sort":"2","title":"x"}]'),
        "lacks contenttypeid, pic",
    ),
    # A page without a dump imports with no related items (tests/importers/test_pages.py).
    "bad-dateline": (GOOD.replace("Fri Feb 26, 2016 11:14:49", "yesterday"), "dateline"),
    "headline-not-repeated": (GOOD.replace("\n\nLibya Rejects", "\n\nLibya Denies", 1), "line 3"),
    "number-not-string": (
        _with_dump('[{"id":1,"sort":"2","contenttypeid":"21","pic":"","title":"A"}]'),
        "must be a string",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_PAGES))
def test_bad_page_is_refused_with_its_place(name):
    data, expected = BAD_PAGES[name]
    with pytest.raises(PageError) as error:
        parse_reference_page(data, f"{name}.txt")
    assert str(error.value).startswith(f"{name}.txt")
    assert expected in str(error.value)


def test_wrong_count_names_the_dump_line():
    data, _ = BAD_PAGES["wrong-count"]
    with pytest.raises(PageError) as error:
        parse_reference_page(data, "p.txt")
    assert error.value.line == GOOD[: GOOD.index("string(")].count("\n") + 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(BAD_PAGES))
def test_command_stores_nothing_and_exits_non_zero(name, tmp_path, capsys):
    data, _ = BAD_PAGES[name]
    path = _write(tmp_path, f"{name}.txt", data)
    with pytest.raises(CommandError):
        call_command("import_page", str(path))
    assert f"refused {path}" in capsys.readouterr().err
    assert not Article.objects.exists()
    assert not MediaAsset.objects.exists()


@pytest.mark.django_db
def test_a_bad_page_does_not_stop_the_good_ones(tmp_path, capsys):
    bad = _write(tmp_path, "bad.txt", BAD_PAGES["wrong-count"][0])
    with pytest.raises(CommandError, match="1 of 2"):
        call_command("import_page", str(SEED), str(bad))
    assert Article.objects.filter(is_stub=False).count() == 1
    assert Article.objects.filter(is_stub=True).count() == 9


@pytest.mark.django_db
def test_a_failure_while_storing_rolls_the_whole_page_back(tmp_path):
    # Sort 3500970 is taken by another article: the seventh stub cannot be stored.
    from tests.factories import make_article

    make_article(sort=3500970)
    before = Article.objects.count()
    with pytest.raises(CommandError):
        call_command("import_page", str(SEED))
    assert Article.objects.count() == before
    assert not MediaAsset.objects.exists()
