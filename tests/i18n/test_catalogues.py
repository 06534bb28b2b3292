"""The English and Arabic gettext catalogues ship compiled, complete and in use."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.utils import translation

import dateline

LOCALE = Path(dateline.__file__).parent / "locale"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_compiled_catalogue_matches_its_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    source = {e.msgid: e.msgstr for e in polib.pofile(str(folder / "django.po"))}
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(folder / "django.mo"))}
    translated = {k: v for k, v in source.items() if v}
    assert {k: compiled.get(k) for k in translated} == translated, (
        f"{folder / 'django.mo'} is stale: run `dateline compilemessages` in dateline/"
    )


def test_arabic_catalogue_is_complete():
    po = polib.pofile(str(LOCALE / "ar" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert po.percent_translated() == 100


def test_arabic_strings_are_used():
    with translation.override("ar"):
        assert translation.gettext("Search") == "بحث"
        assert translation.gettext("Related coverage") == "تغطية ذات صلة"
        assert translation.ngettext("%(counter)s result", "%(counter)s results", 2) == "نتيجتان"
