"""The search parameters a reader or API client sends, validated into engine filters."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dateline.articles.models import ArticleType, Label
from dateline.conf import setting
from dateline.search.backends.base import Filters
from dateline.taxonomy.models import Section, Topic


class SearchForm(forms.Form):
    """``q`` plus facet filters, each named by its public slug or code."""

    q = forms.CharField(label=_("Search"), required=False)
    edition = forms.ChoiceField(label=_("Edition"), required=False)
    section = forms.ModelChoiceField(Section.objects.all(), to_field_name="slug", required=False)
    topic = forms.ModelChoiceField(Topic.objects.all(), to_field_name="slug", required=False)
    type = forms.ModelChoiceField(ArticleType.objects.all(), to_field_name="code", required=False)
    label = forms.ModelChoiceField(Label.objects.all(), to_field_name="code", required=False)
    since = forms.DateField(label=_("From"), required=False)
    until = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"] = forms.CharField(
            label=_("Search"),
            required=False,
            max_length=setting("DATELINE_SEARCH_MAX_QUERY_LENGTH"),
        )
        self.fields["edition"].choices = [("", "")] + [
            (code, code) for code in setting("DATELINE_LANGUAGES")
        ]

    def clean(self) -> dict:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self, edition: str | None = None) -> Filters:
        """Return the engine filters of the valid form; ``edition`` overrides the field."""
        data = self.cleaned_data
        return Filters(
            language=edition or data.get("edition") or None,
            section_id=_pk(data.get("section")),
            topic_id=_pk(data.get("topic")),
            article_type_id=_pk(data.get("type")),
            label_id=_pk(data.get("label")),
            since_ts=_day_start(data.get("since")),
            until_ts=_day_start(data.get("until"), days=1),
        )

    def error_text(self) -> str:
        """Return every error as one line naming the parameter: ``section: ...``."""
        return "; ".join(
            f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
            for name, errors in self.errors.items()
        )


def _pk(obj) -> int | None:
    return None if obj is None else obj.pk


def _day_start(day, days: int = 0) -> int | None:
    """Return the epoch second at which ``day`` (+ ``days``) begins in the site's time zone."""
    if day is None:
        return None
    try:
        moment = datetime.combine(day + timedelta(days=days), time.min)
    except OverflowError:  # the day after 9999-12-31: no upper bound at all
        return None
    return int(timezone.make_aware(moment).timestamp())
