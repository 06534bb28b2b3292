"""Named-entity candidates: capitalised word runs in Latin script, folded for matching."""

from __future__ import annotations

import re

from dateline.analysis.normalization import fold
from dateline.analysis.stopwords import STOP_WORDS

# A run of capitalised words on one line, allowing joiners inside (Bank of England,
# Abu Bakr al-Baghdadi).
_RUN = re.compile(
    r"\b[A-Z][\w-]*(?:[ \t]+(?:(?:of|al|el|bin|ibn|de|la|von|van)[ \t-]+)?[A-Z][\w-]*)*"
)
# Capitalised because of where they stand, not because they name something.
_NOT_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december however following meanwhile
    mr mrs ms dr video pics photos update breaking""".split()
)
MAX_ENTITIES = 40
# Title-case headlines capitalise every word; a run this long is a headline, not a name.
MAX_NAME_WORDS = 4


def _names(run: str) -> list[str]:
    words = run.split()
    if len(words) <= MAX_NAME_WORDS:
        return [run]
    return [w for w in words if w[:1].isupper()]


def extract_entities(text: str) -> dict[str, str]:
    """Return the named-entity candidates of ``text`` as {folded key: name as first written},
    most frequent first.

    Only Latin-script capitalisation is a clue; Arabic script has none, so Arabic text
    yields its entities through topics and the lexical signal instead.
    """
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for match in _RUN.finditer(text.replace("’", "'").replace("'s ", " ")):
        for raw in _names(match.group(0)):
            name = raw.strip(" .-")
            key = fold(name)
            if len(key) < 3 or key in STOP_WORDS["en"] or key in _NOT_NAMES:
                continue
            counts[key] = counts.get(key, 0) + 1
            names.setdefault(key, name)
    ranked = sorted(counts, key=lambda key: -counts[key])
    return {key: names[key] for key in ranked[:MAX_ENTITIES]}
