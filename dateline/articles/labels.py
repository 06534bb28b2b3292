"""Split a label off a written title (``PICS: ...``) and keep how it was joined."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dateline.articles.models import Label

_LEADING_LABEL = re.compile(r"^(?P<code>[A-Z]{2,30})(?P<sep>[:,]\s*)(?P<rest>\S.*)$", re.DOTALL)


@dataclass(frozen=True)
class LabelledTitle:
    label: str | None
    separator: str
    headline: str


def split_label(title: str, known: set[str] | None = None) -> LabelledTitle:
    """Return the label, separator and headline of ``title``.

    Only registered labels are split off, so a headline that starts with an acronym and a
    colon (``ISIS: ...``) stays whole unless ISIS is made a label.
    """
    known = known if known is not None else set(Label.objects.values_list("code", flat=True))
    match = _LEADING_LABEL.match(title.strip())
    if match and match["code"] in known:
        return LabelledTitle(match["code"], match["sep"], match["rest"].strip())
    return LabelledTitle(None, ": ", title.strip())
