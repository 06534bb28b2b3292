"""Highlighted snippets: the passage of a text that best matches a query, matches in <mark>."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dateline.analysis import fold
from dateline.search.query import ParsedQuery
from dateline.search.terms import WORD, index_terms

SNIPPET_WORDS = 30
MAX_SCAN = 6000


def _matcher(query: ParsedQuery, language: str):
    stems = {t for c in query.required for t in c.terms}
    prefixes = tuple(c.prefix for c in query.required if c.prefix)

    seen: dict[str, bool] = {}

    def matches(word: str) -> bool:
        folded = fold(word)
        if folded not in seen:
            terms = index_terms(folded, language, keep_stop_words=True)
            seen[folded] = bool(prefixes and folded.startswith(prefixes)) or (
                bool(terms) and terms[0] in stems
            )
        return seen[folded]

    return matches


def highlight(text: str, query: ParsedQuery, language: str, words: int | None = None) -> SafeString:
    """Return ``text`` (or its best passage of ``words`` words) escaped, matches in <mark>.

    The passage is the window with the most matching words; an ellipsis marks a cut.
    """
    # Long bodies: the best passage is nearly always early, and scanning stays cheap.
    text = text[:MAX_SCAN] if words is not None else text
    matches = _matcher(query, language)
    spans = [(m.start(), m.end(), matches(m.group())) for m in WORD.finditer(text)]
    if words is not None and len(spans) > words:
        first, last = _best_window(spans, words)
        start = spans[first][0]
        end = spans[last][1]
        spans = spans[first : last + 1]
    else:
        start, end = 0, len(text)
    out, cursor = [], start
    for s, e, hit in spans:
        if hit:
            out.append(escape(text[cursor:s]))
            out.append(f"<mark>{escape(text[s:e])}</mark>")
            cursor = e
    out.append(escape(text[cursor:end]))
    html = "".join(out).strip()
    if start > 0:
        html = "… " + html
    if end < len(text):
        html += " …"
    return mark_safe(html)  # noqa: S308 - every piece was escaped above


def _best_window(spans: list[tuple[int, int, bool]], size: int) -> tuple[int, int]:
    hits = [1 if hit else 0 for _, _, hit in spans]
    best, best_at, current = -1, 0, sum(hits[:size])
    for i in range(len(spans) - size + 1):
        if i:
            current += hits[i + size - 1] - hits[i - 1]
        if current > best:
            best, best_at = current, i
    if best <= 0:
        return 0, min(size, len(spans)) - 1
    # Start a little before the window's first match, so the reader sees its context.
    first_hit = next(i for i in range(best_at, best_at + size) if hits[i])
    first = max(0, min(first_hit - 5, len(spans) - size))
    return first, first + size - 1
