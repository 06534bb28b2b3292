"""The desk's forms for a live item: an entry, an edit of one, the summary."""

from __future__ import annotations

from django import forms

from dateline.live.posting import Draft
from dateline.people.models import Person
from dateline.site.widgets import RichTextWidget


class EntryForm(forms.Form):
    headline = forms.CharField(max_length=300, required=False)
    body = forms.CharField(widget=RichTextWidget)
    authors = forms.ModelMultipleChoiceField(
        queryset=Person.objects.filter(is_active=True),
        required=False,
        help_text="The people who wrote it; their names make the byline.",
    )
    byline = forms.CharField(
        max_length=300, required=False, help_text="Typed byline when no one is chosen (AFP)."
    )
    is_key_event = forms.BooleanField(required=False, label="Key event")
    embargo_until = forms.DateTimeField(
        required=False,
        label="Embargo until",
        help_text="Hold the entry back until then: invisible everywhere until it lifts.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def draft(self) -> Draft:
        data = self.cleaned_data
        return Draft(
            body=data["body"],
            headline=data["headline"],
            byline=data["byline"],
            is_key_event=data["is_key_event"],
            embargo_until=data.get("embargo_until"),
            authors=tuple(data.get("authors") or ()),
        )


class EditForm(EntryForm):
    # An entry's embargo changes through its state buttons (``posting.set_embargo``).
    embargo_until = None
    correction = forms.BooleanField(
        required=False, help_text="Readers see the entry marked “Corrected” rather than “Updated”."
    )
    reason = forms.CharField(max_length=500, required=False)


class SummaryForm(forms.Form):
    summary = forms.CharField(widget=RichTextWidget, required=False, label="What we know")


class EntryStateForm(forms.Form):
    """A change of an entry's state from the desk: unpublish, republish, kill, embargo, lift."""

    action = forms.ChoiceField(
        choices=[(a, a) for a in ("unpublish", "republish", "kill", "embargo", "lift")]
    )
    reason = forms.CharField(max_length=500, required=False)
    until = forms.DateTimeField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "embargo" and not data.get("until"):
            raise forms.ValidationError("An embargo needs a time to lift.")
        return data
