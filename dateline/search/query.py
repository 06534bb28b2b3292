"""Parse what a reader typed into a search query: words, "phrases", -exclusions, prefix*.

The parser never fails on odd input: FTS operators (``NEAR``, ``AND``, ``*``, parentheses,
unbalanced quotes) are plain text to it, control characters are spaces, and whatever is left
is analysed by the shared analysis (folding and stemming) before any engine sees it. Only a
query longer than ``DATELINE_SEARCH_MAX_QUERY_LENGTH`` is refused, with ``QueryError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dateline.analysis import tokenize
from dateline.conf import setting
from dateline.search.terms import WORD, fold_for_stemmer, index_terms

# A quoted phrase (closing quote optional: an unbalanced quote runs to the end), or a bare word.
_PART = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
MAX_CLAUSES = 32
MIN_PREFIX_LENGTH = 2


class QueryError(ValueError):
    """The query cannot be run as given; the message says why and how to fix it."""


@dataclass(frozen=True)
class Clause:
    """One unit of a query.

    ``terms`` are analysed (folded, stemmed) index terms; a phrase has several, in order.
    ``prefix`` is a folded, unstemmed token matched against the starts of words. ``text``
    holds the words the terms came from, folded for an engine's own stemmer
    (``terms.fold_for_stemmer``).
    """

    terms: tuple[str, ...] = ()
    prefix: str = ""
    text: str = ""

    @property
    def is_phrase(self) -> bool:
        return len(self.terms) > 1


@dataclass(frozen=True)
class ParsedQuery:
    """A query the engines can run: every clause required, every exclusion forbidden."""

    text: str
    language: str
    required: tuple[Clause, ...] = ()
    excluded: tuple[Clause, ...] = ()
    words: tuple[str, ...] = field(default=())  # folded words, for highlighting

    @property
    def is_empty(self) -> bool:
        """Return True when nothing is required: there is nothing to search for."""
        return not self.required


def clean(text: str) -> str:
    """Return ``text`` with control and bidi-override characters turned into spaces."""
    return _CONTROL.sub(" ", text).strip()


def parse_query(text: str, language: str = "en") -> ParsedQuery:
    """Parse ``text`` into required and excluded clauses analysed for ``language``.

    Raise ``QueryError`` only when the text is longer than the configured maximum.
    """
    limit = setting("DATELINE_SEARCH_MAX_QUERY_LENGTH")
    if len(text) > limit:
        raise QueryError(f"The query is {len(text)} characters long; the limit is {limit}.")
    text = clean(text)
    required: list[Clause] = []
    excluded: list[Clause] = []
    words: list[str] = []
    for match in _PART.finditer(text):
        negate, phrase, bare = match.group(1), match.group(2), match.group(3)
        if phrase is not None:
            clause = _phrase_clause(phrase, language)
        else:
            negate = "-" if bare.startswith("-") and len(bare) > 1 else ""
            clause = _word_clauses(bare.lstrip("-") if negate else bare, language)
        if clause is None:
            continue
        words.extend(tokenize(phrase if phrase is not None else bare))
        for one in clause if isinstance(clause, list) else [clause]:
            (excluded if negate else required).append(one)
    return ParsedQuery(
        text=text,
        language=language,
        required=tuple(_unique(required))[:MAX_CLAUSES],
        excluded=tuple(_unique(excluded))[:MAX_CLAUSES],
        words=tuple(dict.fromkeys(words)),
    )


def _phrase_clause(phrase: str, language: str) -> Clause | None:
    terms = tuple(index_terms(phrase, language))
    return Clause(terms=terms, text=fold_for_stemmer(phrase)) if terms else None


def _word_clauses(word: str, language: str) -> list[Clause] | None:
    """Return the clauses of one bare word; ``word*`` is a prefix, ``a-b`` two words."""
    if word.endswith("*"):
        tokens = tokenize(word.rstrip("*"))
        if len(tokens) == 1 and len(tokens[0]) >= MIN_PREFIX_LENGTH:
            return [Clause(prefix=tokens[0], text=tokens[0])]
    clauses = []
    for token in WORD.findall(word):
        terms = index_terms(token, language)
        if terms:
            clauses.append(Clause(terms=tuple(terms[:1]), text=fold_for_stemmer(token)))
    return clauses or None


def _unique(clauses: list[Clause]) -> list[Clause]:
    return list(dict.fromkeys(clauses))
