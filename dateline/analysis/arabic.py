"""Arabic light stemming: take off the particles and endings that news text glues to a word.

Arabic writes the conjunctions و and ف, the prepositions ب، ك، ل and the article ال as one
word with the noun (``والحكومة`` "and the government"), and adds plural, feminine, nisba
and pronoun endings (``الحكومات``, ``حكومته``). A light stemmer strips those affixes instead
of looking for a root, which is what retrieval needs (Larkey et al.'s light10; Lucene's
``ArabicStemmer``, which Elasticsearch's ``arabic`` analyzer uses).

This does what Lucene does and more: the article with any particle in front of it
(``وبال``, ``ولل``, ``فكال``); a bare ب, as Snowball's Arabic stemmer does (``بركلات``);
and a bare و or ب taken off again after the article, so that ``الوزير``, ``والوزير`` and
``وزير`` meet. Guards keep short words whole: Arabic roots have
three letters, so no suffix is taken when fewer than three would remain. What is left is
ambiguous without a dictionary (``للبنان`` is ل + لبنان but loses لل like ``للحكومة``); the
stemmer is the same at index and query time, so such words still find each other.

Input is a token already folded by ``normalization.fold`` (teh marbuta as heh, alef maqsura
as yeh, hamza forms as bare alef, no diacritics).
"""

from __future__ import annotations

import re

_ARTICLE = "\u0627\u0644"  # ال
_WAW = "\u0648"  # و, "and"
_BEH = "\u0628"  # ب, "with, by, in"
# The article with the particles news text writes in front of it: و and ف (conjunctions),
# then ب or ك (prepositions); ل + ال is written لل. Longest first, so that وبال wins over وب.
ARTICLE_PREFIXES: tuple[str, ...] = tuple(
    sorted(
        {c + p + _ARTICLE for c in ("", _WAW, "\u0641") for p in ("", "\u0628", "\u0643")}
        | {c + "\u0644\u0644" for c in ("", _WAW, "\u0641")},
        key=len,
        reverse=True,
    )
)
# Lucene's suffixes, in its order: each is tried once, so stacked endings come off
# outside-in (مسؤولياتها -> مسؤوليات -> مسؤولي -> مسؤول). Teh marbuta is listed for input
# that was not folded.
SUFFIXES: tuple[str, ...] = (
    "\u0647\u0627",  # ها  her, its
    "\u0627\u0646",  # ان  dual
    "\u0627\u062a",  # ات  feminine plural
    "\u0648\u0646",  # ون  masculine plural
    "\u064a\u0646",  # ين  masculine plural, dual (oblique)
    "\u064a\u0647",  # يه  nisba + teh marbuta (folded)
    "\u064a\u0629",  # ية  nisba + teh marbuta
    "\u0647",  # ه   his; teh marbuta (folded)
    "\u0629",  # ة   teh marbuta
    "\u064a",  # ي   nisba, my
)
# Letters that must remain after taking off the article (Lucene: two; three after two
# particles, whose letters also open whole words: وكالات is "agencies", not و + ك + ال + ات),
# a bare و (three:
# وطن, وجه stay whole) or a bare ب (four, as Snowball: بركلات loses it, بحث and بنك do not),
# and after any suffix (three: a root's length, so بيان, عمان, سنه stay).
MIN_AFTER_ARTICLE = 2
MIN_AFTER_WAW = 3
MIN_AFTER_BEH = 4
MIN_AFTER_SUFFIX = 3


def strip_prefixes(token: str) -> str:
    """Return ``token`` without its article (and the particles before it), then without a
    leading و, then without a leading ب (وبركلات -> ركلات)."""
    for prefix in ARTICLE_PREFIXES:
        least = MIN_AFTER_ARTICLE + (len(prefix) > len(_ARTICLE) + 1)
        if token.startswith(prefix) and len(token) - len(prefix) >= least:
            token = token[len(prefix) :]
            break
    # Also after the article, so that الوزير and البرلمان lose و and ب as وزير and برلمان do.
    for letter, least in ((_WAW, MIN_AFTER_WAW), (_BEH, MIN_AFTER_BEH)):
        if token.startswith(letter) and len(token) - 1 >= least:
            token = token[1:]
    return token


def strip_suffixes(token: str) -> str:
    """Return ``token`` without its plural, feminine, nisba and pronoun endings."""
    for suffix in SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= MIN_AFTER_SUFFIX:
            token = token[: -len(suffix)]
    return token


def light_stem(token: str) -> str:
    """Return the light stem of a folded Arabic token: prefixes, then suffixes taken off."""
    return strip_suffixes(strip_prefixes(token))


# و or ف glued to an article form, with at least three letters after the article.
_CONJUNCTION_BEFORE_ARTICLE = re.compile(
    r"\b[\u0648\u0641](?=(?:[\u0628\u0643]?\u0627\u0644|\u0644\u0644)\w{3})"
)


def drop_conjunctions(text: str) -> str:
    """Return folded ``text`` with و and ف taken off the front of its definite words
    (والحكومة -> الحكومة, وبالعراق -> بالعراق).

    For engines that stem with their own Snowball Arabic (PostgreSQL): Snowball handles
    ال، بال، كال، لل itself but keeps و and ف when an alef follows them.
    """
    return _CONJUNCTION_BEFORE_ARTICLE.sub("", text)
