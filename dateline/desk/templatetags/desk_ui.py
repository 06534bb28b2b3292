"""Template helpers of the desk UI: newsroom times and state badges."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from dateline.desk import fields

register = template.Library()

# A text name for each state besides its colour, so colour never carries the meaning alone.
_BADGE = {
    fields.State.DRAFT: "draft",
    fields.State.IN_REVIEW: "review",
    fields.State.SCHEDULED: "scheduled",
    fields.State.EMBARGOED: "embargoed",
    fields.State.LIVE: "live",
    fields.State.UNPUBLISHED: "unpublished",
    fields.State.KILLED: "killed",
}


@register.filter
def newsroom_time(value) -> str:
    """Return ``value`` in the newsroom's time zone, as "25 Nov 16:00"."""
    if not value:
        return ""
    return date_format(timezone.localtime(value), "j M H:i")


@register.simple_tag
def state_badge(article) -> str:
    """Return the item's state as a labelled badge (embargoed items apart from live ones)."""
    from django.utils.translation import gettext as _

    state = fields.state_of(article)
    names = {
        "draft": _("draft"),
        "review": _("in review"),
        "scheduled": _("scheduled"),
        "embargoed": _("embargoed"),
        "live": _("live"),
        "unpublished": _("unpublished"),
        "killed": _("killed"),
    }
    key = _BADGE[state]
    return format_html('<span class="badge badge--{}">{}</span>', key, names[key])


@register.filter
def step_name(code: str) -> str:
    """Return an audit-log step (``publish``, ``lift embargo``) in the desk's language."""
    from django.utils.translation import gettext as _

    names = {
        "submit": _("submitted for review"),
        "return": _("returned to draft"),
        "schedule": _("scheduled"),
        "publish": _("published"),
        "unpublish": _("unpublished"),
        "kill": _("killed"),
        "correct": _("corrected"),
        "update": _("updated"),
        "embargo": _("embargoed"),
        "lift embargo": _("embargo lifted"),
    }
    return names.get(code, code)


@register.filter
def get_item(mapping, key):
    """Return ``mapping[key]`` or None (a lock by article id in the story list)."""
    return mapping.get(key) if mapping else None


@register.filter
def split_words(value: str) -> list[str]:
    return value.split()


@register.filter
def field(form, name: str):
    """Return the bound field ``name`` of ``form``, or None if the form has no such field."""
    return form[name] if name in form.fields else None
