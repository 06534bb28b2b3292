"""Snippets: the best passage, matches in <mark>, everything else escaped."""

from __future__ import annotations

from dateline.search.highlight import highlight
from dateline.search.query import parse_query


def test_marks_inflected_matches_and_escapes_the_rest():
    html = highlight("Floods <b>&</b> flooding", parse_query("flood"), "en")
    assert html == "<mark>Floods</mark> &lt;b&gt;&amp;&lt;/b&gt; <mark>flooding</mark>"


def test_marks_prefixes_and_arabic_variants():
    assert highlight("Negotiators met", parse_query("negot*"), "en") == (
        "<mark>Negotiators</mark> met"
    )
    assert highlight("وصل إلى القاهرة", parse_query("القاهره"), "ar") == (
        "وصل إلى <mark>القاهرة</mark>"
    )


def test_picks_the_passage_with_the_matches():
    text = " ".join(["filler"] * 100 + ["volcano", "erupts"] + ["filler"] * 100)
    html = highlight(text, parse_query("volcano"), "en", words=10)
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>volcano</mark>" in html
    assert len(html.split()) <= 13


def test_no_match_gives_the_opening():
    html = highlight("one two three four", parse_query("zebra"), "en", words=2)
    assert html == "one two …"
