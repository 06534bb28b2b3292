"""Admin inputs that name themselves to screen readers.

Django's admin ties a field's ``<label>`` to its first input only. The split date and time
widget's two inputs and every cell of a tabular inline (whose only label is the column header)
are left without an accessible name, which axe-core reports as a serious violation.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.options import InlineModelAdmin
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def name_inputs(field: forms.Field, *, in_table: bool) -> None:
    """Give each input of ``field`` an ``aria-label`` built from the field's label."""
    label = str(capfirst(field.label or ""))
    widget = getattr(field.widget, "widget", field.widget)  # inside RelatedFieldWidgetWrapper
    if isinstance(widget, forms.SplitDateTimeWidget):
        date, time = widget.widgets
        date.attrs["aria-label"] = _("%(field)s: date") % {"field": label}
        time.attrs["aria-label"] = _("%(field)s: time") % {"field": label}
    elif in_table:
        widget.attrs.setdefault("aria-label", label)


class LabelledInputsMixin:
    """Name every input of a ModelAdmin or inline; mix in before ``admin.ModelAdmin``."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            name_inputs(field, in_table=isinstance(self, InlineModelAdmin))
        return field
