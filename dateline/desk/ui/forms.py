"""The editor's form: the fields a journalist edits, made read-only where the role may not.

Internal fields (sort key, label separator, translation key, status and times) are not in
it; workflow steps set the times. Which fields are read-only comes from the one table,
``dateline.desk.fields.RULES``, and ``workflow.save_edit`` checks every save again.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from dateline.articles.html import clean_pasted_html
from dateline.articles.models import Article
from dateline.conf import setting
from dateline.desk import fields
from dateline.desk.ui import authors as author_picker
from dateline.media.models import MediaAsset
from dateline.people.models import Person

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    """A browser date-time picker; the value is in the newsroom's time zone (TIME_ZONE)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=LOCAL_FORMAT)


def local_datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=LocalDateTimeInput,
        input_formats=[LOCAL_FORMAT, f"{LOCAL_FORMAT}:%S"],
    )


def edition_choices() -> list[tuple[str, str]]:
    names = dict(settings.LANGUAGES)
    return [(code, names.get(code, code)) for code in setting("DATELINE_LANGUAGES")]


class NewItemForm(forms.Form):
    headline = forms.CharField(label=_("Headline"), max_length=500)
    language = forms.ChoiceField(label=_("Edition"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = edition_choices()
        self.fields["headline"].widget.attrs.update(dir="auto", autofocus=True)


class ItemForm(forms.ModelForm):
    """The editor. ``user`` decides which fields are read-only (with the reason shown)."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    language = forms.ChoiceField(label=_("Edition"))
    lead_media = forms.ModelChoiceField(
        queryset=MediaAsset.objects.all(), required=False, widget=forms.HiddenInput
    )
    embargo_until = local_datetime_field(_("Embargo until"))
    breaking_until = local_datetime_field(_("Breaking until"))
    # The reporters in byline order (``dateline.desk.ui.authors``); saved apart from the item.
    authors = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), required=False, label=_("Authors")
    )

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "summary",
            "body",
            "byline",
            "language",
            "section",
            "topics",
            "label",
            "article_type",
            "lead_media",
            "embargo_until",
            "breaking_until",
        ]
        labels = {
            "headline": _("Headline"),
            "slug": _("Address (slug)"),
            "summary": _("Summary"),
            "body": _("Body"),
            "byline": _("Byline"),
            "section": _("Section"),
            "topics": _("Topics"),
            "label": _("Label"),
            "article_type": _("Content type"),
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = edition_choices()
        self.fields["slug"].required = False
        self.fields["headline"].widget.attrs.update(
            {"data-counter": "110", "class": "headline-input"}
        )
        self.fields["topics"].widget.attrs["size"] = 6
        # Types and labels in the desk's language, not as the data stores them.
        self.fields["article_type"].label_from_instance = lambda kind: kind.text()
        self.fields["label"].label_from_instance = lambda label: label.text()
        for name in ("headline", "slug", "summary", "body", "byline"):
            self.fields[name].widget.attrs["dir"] = "auto"
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
        self.fields["authors"].queryset = author_picker.choices(self.instance)
        self.fields["authors"].initial = [p.pk for p in author_picker.reporters(self.instance)]
        self.fields["authors"].widget.attrs["size"] = 6
        self.fields["authors"].label_from_instance = author_picker.names
        needed = author_picker.permission_needed(self.instance)
        if user is not None and not user.has_perm(needed):
            self.fields["authors"].disabled = True
            self.fields["authors"].help_text = _("Changing the authors needs %(perm)s.") % {
                "perm": needed
            }
        article = self.instance if self.instance.pk else None
        self.locked = {
            name: reason
            for name, reason in fields.locked(user, article).items()
            if name in self.fields
        }
        for name, reason in self.locked.items():
            self.fields[name].disabled = True
            self.fields[name].help_text = reason

    def ordered_authors(self) -> list[Person] | None:
        """Return the reporters picked, in the order sent; None when the form sent none of
        its author field (an older page, a script)."""
        if "authors-sent" not in self.data:
            return None
        picked = {p.pk: p for p in self.cleaned_data.get("authors", [])}
        sent = [int(v) for v in self.data.getlist("authors") if v.isdigit() and len(v) < 12]
        return [picked[pk] for pk in dict.fromkeys(sent) if pk in picked]

    def clean_body(self) -> str:
        return clean_pasted_html(self.cleaned_data.get("body", ""))

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug", "")
        if not slug and self.cleaned_data.get("headline"):
            slug = slugify(self.cleaned_data["headline"], allow_unicode=True)[:200]
        return slug


class StepForm(forms.Form):
    """A workflow step as the editor's buttons send it."""

    step = forms.CharField()
    at = local_datetime_field(_("Date and time"))
    reason = forms.CharField(required=False, widget=forms.Textarea)
    confirm = forms.BooleanField(required=False)
    kind = forms.CharField(required=False)
    text = forms.CharField(required=False, widget=forms.Textarea)
