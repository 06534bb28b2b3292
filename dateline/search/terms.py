"""Search's use of the shared analysis: index terms, and text prepared for PostgreSQL.

``dateline.analysis`` folds Arabic spelling variants and light-stems them; search also
drops a weak final heh or yeh that a length guard left on a stem, so inflected forms meet.
PostgreSQL stems with its own Snowball configuration, which handles teh marbuta itself, so
its text keeps teh marbuta and gets the rest of the folding, and loses the و and ف before
the article that Snowball keeps (``والحكومة``).
"""

from __future__ import annotations

import re
import unicodedata

from dateline.analysis import analyze
from dateline.analysis.arabic import drop_conjunctions
from dateline.analysis.normalization import normalize_arabic

# A word: letters and digits with Arabic diacritics and tatweel inside (the shared analysis
# folds those away), apostrophes inside.
WORD = re.compile(
    r"(?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640])+(?:['’][^\W_]+)?"
)
_WEAK_ENDINGS = "\u0647\u064a"  # heh (folded teh marbuta, or a pronoun), yeh (nisba)
_MIN_STEM = 3
_FINAL_HEH = re.compile("\u0647\\b")
_TEH_MARBUTA = "\u0629"


def _is_arabic(term: str) -> bool:
    return bool(term) and "\u0600" <= term[0] <= "\u06ff"


def light_ending(term: str) -> str:
    """Drop weak final letters from an Arabic stem, keeping at least three letters."""
    if not _is_arabic(term):
        return term
    while len(term) > _MIN_STEM and term[-1] in _WEAK_ENDINGS:
        term = term[:-1]
    return term


def index_terms(text: str, language: str, keep_stop_words: bool = False) -> list[str]:
    """Return the index terms of ``text``: the shared analysis plus ``light_ending``."""
    return [light_ending(t) for t in analyze(text, language, keep_stop_words)]


def fold_for_stemmer(text: str) -> str:
    """Return ``text`` folded like ``dateline.analysis.fold`` but with teh marbuta kept.

    A word-final heh becomes teh marbuta, so ``القاهره`` and ``القاهرة`` reach the
    engine's stemmer as the same word (a pronoun heh is stripped by the stemmer either way).
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    folded = normalize_arabic(text.replace(_TEH_MARBUTA, "\x00"))
    return drop_conjunctions(_FINAL_HEH.sub(_TEH_MARBUTA, folded.replace("\x00", _TEH_MARBUTA)))
