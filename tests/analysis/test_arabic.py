"""Arabic light stemming: the forms news text writes a word in meet at one index term."""

from __future__ import annotations

import pytest

from dateline.analysis import analyze
from dateline.analysis.arabic import ARTICLE_PREFIXES, SUFFIXES, light_stem
from dateline.analysis.normalization import fold


def term(word: str) -> str:
    """Return the single index term the shared analysis makes of ``word``."""
    terms = analyze(word, "ar")
    assert len(terms) == 1, (word, terms)
    return terms[0]


# (form as written, expected stem): every particle in front of the article, on three nouns.
PREFIXED = [
    ("الحكومة", "حكوم"),
    ("والحكومة", "حكوم"),  # and the government
    ("فالحكومة", "حكوم"),  # so the government
    ("بالحكومة", "حكوم"),  # with the government
    ("كالحكومة", "حكوم"),  # like the government
    ("للحكومة", "حكوم"),  # to the government (ل + ال)
    ("وبالحكومة", "حكوم"),
    ("وكالحكومة", "حكوم"),
    ("وللحكومة", "حكوم"),
    ("فبالحكومة", "حكوم"),
    ("فكالحكومة", "حكوم"),
    ("فللحكومة", "حكوم"),
    ("حكومة", "حكوم"),
    ("العراق", "عراق"),
    ("فالعراق", "عراق"),
    ("والعراق", "عراق"),
    ("بالعراق", "عراق"),
    ("للعراق", "عراق"),
    ("وبالعراق", "عراق"),
    ("عراق", "عراق"),
    ("السورية", "سور"),
    ("والسورية", "سور"),
    ("سورية", "سور"),
    ("سوري", "سور"),
    # A bare و or ب, and the same letters again after the article.
    ("وسوريا", "سوريا"),
    ("الوزير", "زير"),
    ("والوزير", "زير"),
    ("وزير", "زير"),
    ("بركلات", "ركل"),
    ("وبركلات", "ركل"),
    ("البرلمان", "رلم"),
    ("برلمان", "رلم"),
    # Letters of a particle and the article that open a whole word: وكالة, وكالات (agency).
    ("وكالة", "كال"),
    ("الوكالة", "كال"),
    ("وكالات", "كال"),
    ("والوكالات", "كال"),
    ("والأب", "اب"),
    ("الأب", "اب"),
]

# Each of Lucene's suffixes, alone and stacked, after the article or not.
SUFFIXED = [
    ("الحكومات", "حكوم"),  # ات
    ("حكومته", "حكومت"),  # ه (his); teh marbuta is written teh before a pronoun
    ("سياستها", "سياست"),  # ها
    ("الطرفان", "طرف"),  # ان
    ("المعلمون", "معلم"),  # ون
    ("المعلمين", "معلم"),  # ين
    ("والمعلمات", "معلم"),
    ("العربية", "عرب"),  # ية
    ("عربيه", "عرب"),  # يه (folded ية)
    ("العربي", "عرب"),  # ي
    ("مسؤولياتها", "مسوول"),  # ها, ات, ي in turn
]

# Words that must stay whole: too short for the affix their letters look like.
WHOLE = [
    "بيان",  # ان would leave two letters
    "عمان",
    "سنة",  # ه (folded ة) would leave two
    "وطن",  # و would leave two
    "وجه",
    "بحث",  # ب would leave two
    "بنك",
    "بيت",
    "ولد",
    "حلب",
    "مصر",
    "غزة",
]


@pytest.mark.parametrize(("form", "stem"), PREFIXED + SUFFIXED)
def test_forms_meet_at_their_stem(form, stem):
    assert term(form) == stem


@pytest.mark.parametrize("word", WHOLE)
def test_short_words_stay_whole(word):
    assert term(word) == fold(word)


def test_every_prefix_with_every_suffix_meets_the_bare_form():
    for prefix in ARTICLE_PREFIXES:
        for suffix in ("", "ات", "ون", "ين", "ية"):
            form = prefix + "معلم" + suffix
            assert light_stem(fold(form)) == "معلم", form


def test_every_suffix_is_taken_off_a_long_enough_word():
    for suffix in SUFFIXES:
        assert light_stem("كتاب" + suffix) == "كتاب", suffix


def test_an_article_alone_keeps_its_article():
    for prefix in ARTICLE_PREFIXES:
        assert light_stem(prefix).endswith(prefix[-2:]), prefix
    assert light_stem("و") == "و"
    assert light_stem("") == ""


def test_mixed_text_stems_each_script_by_its_own_rules():
    assert analyze("والحكومة governments", "ar") == ["حكوم", "govern"]
    assert analyze("Governments والحكومة", "en") == ["govern", "حكوم"]


def test_stop_words_are_dropped_before_stemming():
    assert analyze("وفي الحكومة", "ar") == ["حكوم"]
    assert analyze("وفي الحكومة", "ar", keep_stop_words=True) == ["وفي", "حكوم"]
