"""Article features, including the hostile inputs from the issue."""

from dateline.analysis.entities import extract_entities
from dateline.related.features import MAX_TERMS, plain_text, text_features


def test_headline_counts_more_and_entities_keep_their_spelling():
    f = text_features("Libya rejects French troops", "French forces in Libya fight ISIS.")
    assert f.terms["libya"] == 1 + 3
    assert "Libya" in f.entity_names and "ISIS" in f.entity_names
    assert f.entities[f.entity_names.index("ISIS")] == "isis"


def test_entities_skip_weekdays_and_split_title_case_headlines():
    found = extract_entities(
        "Libya Rejects Presence of France Soldiers in Fight\nOn Monday, Le Monde said"
    )
    assert "monday" not in found
    assert "le monde" in found
    assert "libya" in found and "france" in found


def test_empty_body_gives_headline_terms_only():
    f = text_features("Quake hits Nepal", "")
    assert set(f.terms) == {"quak", "hit", "nepal"}


def test_everything_empty_is_an_empty_document():
    f = text_features("", "")
    assert f.terms == {} and f.entities == () and f.length == 0


def test_only_stop_words_give_no_terms():
    f = text_features("The and of", "it was the one that they had been in")
    assert f.terms == {}


def test_a_megabyte_body_is_bounded():
    body = "<p>" + "Libya oil ISIS Benghazi talks " * 40_000 + "</p>"
    assert len(body) > 1_000_000
    f = text_features("Libya", plain_text(body))
    assert len(f.terms) <= MAX_TERMS
    assert f.length < 5_000


def test_mixed_scripts_stem_each_word_by_its_script():
    f = text_features("Libya ليبيا", "The الحكومة government", "en")
    assert "libya" in f.terms and "govern" in f.terms
    assert any("\u0600" <= t[0] <= "\u06ff" for t in f.terms)


def test_a_language_without_analyser_is_indexed_unstemmed():
    f = text_features("Habari za Libya", "Serikali ya Libya imesema", "sw")
    assert {"habari", "libya", "serikali", "imesema"} <= set(f.terms)


def test_html_tags_and_entities_are_removed():
    assert plain_text("<p>Libya &amp; <b>ISIS</b></p>").split() == ["Libya", "&", "ISIS"]
