"""Property-based input fuzzing of the pieces every hostile string passes through: the HTML
sanitisers, the search query parser and the search-result highlighter."""

from __future__ import annotations

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.articles.html import clean_pasted_html, sanitize_html
from dateline.search.highlight import highlight
from dateline.search.query import QueryError, parse_query
from tests.hardening.test_xss import PAYLOADS, assert_inert_html

# Pieces of markup that make scripts when they meet; hypothesis glues them together.
PIECES = [
    "<script>",
    "</script>",
    "<img",
    "<svg",
    "<a",
    "<iframe",
    "<math>",
    "<style>",
    "<p>",
    "</p>",
    "<!--",
    "-->",
    " src=x",
    " href=",
    " onerror=alert(1)",
    " onload=alert(1)",
    '"',
    "'",
    ">",
    "/",
    "javascript:",
    "java\tscript:",
    "&#106;",
    "&lt;",
    "data:text/html,",
    "\u202e",
    "\x00",
    "\ufeff",
    "غارات",
    "word",
    " ",
]
HOSTILE = st.one_of(
    st.sampled_from(PAYLOADS),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=24).map("".join),
)
FAST = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@FAST
@given(HOSTILE)
def test_the_body_sanitiser_lets_nothing_executable_through(text):
    assert_inert_html(sanitize_html(text), "sanitize_html", fragment=True)


@FAST
@given(HOSTILE)
def test_the_paste_cleaner_lets_nothing_executable_through(text):
    assert_inert_html(clean_pasted_html(text), "clean_pasted_html", fragment=True)


@FAST
@given(HOSTILE, st.sampled_from(["en", "ar"]))
def test_the_query_parser_answers_or_names_the_problem(text, language):
    try:
        parse_query(text, language)
    except QueryError as exc:
        assert str(exc)


@FAST
@given(HOSTILE, HOSTILE, st.sampled_from(["en", "ar"]))
def test_highlighted_results_hold_only_marks(text, query_text, language):
    try:
        query = parse_query(query_text or "word", language)
    except QueryError:
        return
    out = str(highlight(text, query, language, words=30))
    tags = {tag.name for tag in BeautifulSoup(out, "html.parser").find_all(True)}
    assert tags <= {"mark"}, (text, query_text, out)
