"""The query parser: words, phrases, exclusions, prefixes; hostile text is plain text."""

from __future__ import annotations

import pytest

from dateline.search.query import Clause, QueryError, parse_query


def test_words_phrases_exclusions_and_prefixes():
    q = parse_query('floods "prime minister" -cricket -"world cup" bang*')
    assert Clause(terms=("flood",), text="floods") in q.required
    assert any(c.terms == ("prime", "minist") for c in q.required)
    assert [c.prefix for c in q.required if c.prefix] == ["bang"]
    assert [c.terms for c in q.excluded] == [("cricket",), ("world", "cup")]


def test_unbalanced_quote_runs_to_the_end():
    q = parse_query('"climate summit')
    assert q.required[0].terms == ("climat", "summit")


def test_operators_and_control_characters_are_text():
    q = parse_query("NEAR(a b) AND\x00 (c OR d) * - ---")
    assert all(c.terms or c.prefix for c in q.required)
    assert not q.is_empty


def test_stop_words_and_symbols_only_is_empty():
    assert parse_query("the of and").is_empty
    assert parse_query('* - "" ()').is_empty
    assert parse_query("-excluded").is_empty


def test_one_letter_prefix_is_not_a_prefix():
    assert parse_query("a*").required == ()


def test_too_long_is_refused(settings):
    settings.DATELINE_SEARCH_MAX_QUERY_LENGTH = 10
    with pytest.raises(QueryError, match="limit is 10"):
        parse_query("x" * 11)


def test_arabic_diacritics_do_not_split_words():
    assert parse_query("أَسْعَارُ").required == parse_query("اسعار").required[:1] or (
        parse_query("أَسْعَارُ").required[0].terms == parse_query("اسعار").required[0].terms
    )
