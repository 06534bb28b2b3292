"""Character folding: Unicode NFKC, case folding and Arabic spelling variants."""

import re
import unicodedata

# Arabic diacritics (tashkeel), Quranic marks and the superscript alef.
_ARABIC_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_ARABIC_FOLD = str.maketrans(
    {
        "\u0623": "\u0627",  # alef with hamza above -> alef
        "\u0625": "\u0627",  # alef with hamza below -> alef
        "\u0622": "\u0627",  # alef with madda -> alef
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0649": "\u064a",  # alef maqsura -> yeh
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u06cc": "\u064a",  # Farsi yeh -> yeh
        "\u06a9": "\u0643",  # keheh -> kaf
        "\u0624": "\u0648",  # waw with hamza -> waw
        "\u0626": "\u064a",  # yeh with hamza -> yeh
    }
)


def normalize_arabic(text: str) -> str:
    """Fold Arabic spelling variants: alef and yeh forms, teh marbuta, diacritics, tatweel."""
    text = _ARABIC_DIACRITICS.sub("", text).replace(_TATWEEL, "")
    return text.translate(_ARABIC_FOLD)


def fold(text: str) -> str:
    """Return ``text`` in NFKC, case-folded, with Arabic letter variants folded."""
    return normalize_arabic(unicodedata.normalize("NFKC", text).casefold())
