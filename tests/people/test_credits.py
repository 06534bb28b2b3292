"""Names joined as each edition writes them, and bylines grouped by role."""

from __future__ import annotations

import pytest

from dateline.people.credits import (
    agencies_of,
    author_names,
    byline_lines,
    join_names,
    separators,
)


@pytest.mark.parametrize(
    ("names", "english"),
    [
        ([], ""),
        (["A"], "A"),
        (["A", "B"], "A and B"),
        (["A", "B", "C"], "A, B and C"),
        (["A", "B", "C", "D"], "A, B, C and D"),
    ],
)
def test_english_joins_with_commas_and_a_final_and(names, english):
    assert join_names(names, "en") == english


def test_arabic_joins_each_name_with_a_joined_waw_and_no_comma():
    assert join_names(["أحمد"], "ar") == "أحمد"
    assert join_names(["أحمد", "محمد"], "ar") == "أحمد ومحمد"
    assert join_names(["أحمد", "محمد", "علي"], "ar") == "أحمد ومحمد وعلي"
    assert "،" not in join_names(["أ", "ب", "ج"], "ar")


def test_arabic_puts_a_space_after_waw_before_a_name_in_latin_letters():
    assert join_names(["عمر خالد", "Sam Lee"], "ar") == "عمر خالد و Sam Lee"
    assert separators(["أ", "Sam", "ب"], "ar") == ["", " و ", " و"]


def test_byline_lines_put_reporters_first_in_position_order(bylined):
    english = byline_lines(bylined.english, "en")
    assert [line.role for line in english] == ["reporter", "photographer"]
    assert english[0].prefix == "By"
    assert [(sep, p.slug) for sep, p in english[0].people] == [
        ("", "jane-doe"),
        (", ", "omar-khaled"),
        (" and ", "sam-lee"),
    ]
    arabic = byline_lines(bylined.arabic, "ar")
    assert [line.prefix for line in arabic] == ["بقلم", "ساهم في التغطية:"]


def test_author_names_in_the_article_language(bylined):
    assert author_names(bylined.english) == "Jane Doe, Omar Khaled and Sam Lee"
    assert author_names(bylined.arabic) == "عمر خالد وجين دو"


def test_agencies_are_split_and_an_article_without_one_has_none(bylined):
    assert agencies_of(bylined.english) == ["AFP", "Reuters"]
    assert agencies_of(bylined.hidden[0]) == []
