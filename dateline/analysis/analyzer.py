"""Tokenise, normalise and stem text per language (Arabic light stemming; Snowball for the
others it knows; the rest unstemmed)."""

from __future__ import annotations

import functools
import re

import snowballstemmer

from dateline.analysis.arabic import light_stem
from dateline.analysis.normalization import fold
from dateline.analysis.stopwords import STOP_WORDS

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
# Arabic is not here: Snowball's Arabic stemmer leaves و and ف before the article
# (والحكومة) and stems a word differently with and without it; see analysis/arabic.py.
_STEMMERS = {"en": "english", "fr": "french", "es": "spanish", "de": "german"}
MAX_TOKEN_LENGTH = 40


def tokenize(text: str) -> list[str]:
    """Split normalised text into word tokens (letters and digits; apostrophes inside)."""
    tokens = []
    for token in _TOKEN.findall(fold(text).replace("’", "'")):
        if token.endswith("'s"):
            token = token[:-2]
        if len(token) <= MAX_TOKEN_LENGTH:
            tokens.append(token.replace("'", ""))
    return tokens


@functools.cache
def _stemmer(language: str):
    algorithm = _STEMMERS.get(language)
    return snowballstemmer.stemmer(algorithm) if algorithm else None


@functools.lru_cache(maxsize=200_000)
def stem(token: str, language: str) -> str:
    """Return the stem of ``token`` in ``language``: the Arabic light stem, the Snowball
    stem, or ``token`` unchanged when the language has no stemmer.

    Cached: news vocabulary is Zipfian, and the pure-Python stemmers dominate analysis time.
    """
    if language == "ar":
        return light_stem(token)
    stemmer = _stemmer(language)
    return stemmer.stemWord(token) if stemmer else token


def detect_script_language(token: str, default: str) -> str:
    """Return "ar" for a token in Arabic script, else ``default`` (for mixed-script text)."""
    return "ar" if token and "\u0600" <= token[0] <= "\u06ff" else default


def analyze(text: str, language: str = "en", keep_stop_words: bool = False) -> list[str]:
    """Return the index terms of ``text``: tokens, stop words dropped, stemmed by script.

    Mixed-script text is handled token by token: Arabic words get the Arabic stemmer even in
    an English article, and the reverse.
    """
    terms = []
    for token in tokenize(text):
        token_language = detect_script_language(token, "en" if language == "ar" else language)
        if not keep_stop_words and token in STOP_WORDS.get(token_language, frozenset()):
            continue
        terms.append(stem(token, token_language))
    return terms
