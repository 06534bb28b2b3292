"""What the live block says to readers of each edition, kept beside the code that shows it.

Languages without an entry read as English. The "new updates" control has one text per
plural form of ``Intl.PluralRules`` (Arabic has six; ``{n}`` is the count).
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "live": "Live",
        "ended": "Coverage ended",
        "started": "Coverage started",
        "summary": "What we know",
        "key_events": "Key events",
        "key_event": "Key event",
        "latest": "Latest updates",
        "updated": "Updated",
        "corrected": "Corrected",
        "no_entries": "No updates yet.",
        "reload": "This page is updated as news comes in: reload it to see the latest entries.",
        "new_one": "1 new update",
        "new_two": "{n} new updates",
        "new_few": "{n} new updates",
        "new_many": "{n} new updates",
        "new_other": "{n} new updates",
    },
    "ar": {
        "live": "مباشر",
        "ended": "انتهت التغطية",
        "started": "بدأت التغطية",
        "summary": "ما نعرفه حتى الآن",
        "key_events": "أبرز الأحداث",
        "key_event": "حدث رئيسي",
        "latest": "آخر التحديثات",
        "updated": "حُدِّث",
        "corrected": "صُحِّح",
        "no_entries": "لا تحديثات بعد.",
        "reload": "تُحدَّث هذه الصفحة مع تطور الأحداث: أعد تحميلها لرؤية آخر التحديثات.",
        "new_one": "تحديث جديد واحد",
        "new_two": "تحديثان جديدان",
        "new_few": "{n} تحديثات جديدة",
        "new_many": "{n} تحديثًا جديدًا",
        "new_other": "{n} تحديث جديد",
    },
}


def texts(language: str) -> dict[str, str]:
    """Return the live block's texts for readers of ``language``."""
    return TEXTS.get(language, TEXTS["en"])
