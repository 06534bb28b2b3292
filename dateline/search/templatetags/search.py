"""Template tags of the search page: facet links and facet names."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

FACET_TITLES = {
    "edition": _("Edition"),
    "section": _("Section"),
    "topic": _("Topic"),
    "type": _("Content type"),
    "label": _("Label"),
}


@register.simple_tag(takes_context=True)
def facet_query(context, name: str, value: str) -> str:
    """Return the current query string with facet ``name`` set to ``value``, back on page 1."""
    params = context["request"].GET.copy()
    params[name] = value
    params.pop("page", None)
    return "?" + params.urlencode()


@register.simple_tag
def facet_title(name: str) -> str:
    """Return the reader-facing, translated name of a facet."""
    return FACET_TITLES.get(name, name)
