"""The desk's name of a front, in the desk's language (``Front.__str__`` is for logs)."""

from __future__ import annotations

from django import template
from django.utils import translation
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def front_name(front) -> str:
    """Return "Home (ar)", "World (en)" or "Elections (en)" in the desk's language."""
    code = front.language
    if front.kind == "home":
        return _("Home (%(code)s)") % {"code": code}
    section = front.section if front.kind == "section" else None
    if section is not None:
        arabic = translation.get_language() == "ar" and section.name_ar
        return f"{section.name_ar if arabic else section.name} ({code})"
    return f"{front.title or front.slug} ({code})"
