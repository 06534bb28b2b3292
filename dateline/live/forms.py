"""The desk's forms for a live item: an entry, an edit of one, the summary."""

from __future__ import annotations

from django import forms

from dateline.live.posting import Draft
from dateline.site.widgets import RichTextWidget


class EntryForm(forms.Form):
    headline = forms.CharField(max_length=300, required=False)
    body = forms.CharField(widget=RichTextWidget)
    byline = forms.CharField(max_length=300, required=False)
    is_key_event = forms.BooleanField(required=False, label="Key event")

    def draft(self) -> Draft:
        data = self.cleaned_data
        return Draft(
            body=data["body"],
            headline=data["headline"],
            byline=data["byline"],
            is_key_event=data["is_key_event"],
        )


class EditForm(EntryForm):
    correction = forms.BooleanField(
        required=False, help_text="Readers see the entry marked “Corrected” rather than “Updated”."
    )
    reason = forms.CharField(max_length=500, required=False)


class SummaryForm(forms.Form):
    summary = forms.CharField(widget=RichTextWidget, required=False, label="What we know")
