"""The forms of the desk's fronts pages: a block's settings, a new front, a publish time,
a takeover's end."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dateline.conf import setting
from dateline.fronts.models import Block, Front
from dateline.stories.models import Story
from dateline.taxonomy.models import Topic

# A block's query offers the newest stories and topics: an archive of thousands would make
# a select no one can use (the admin's search box reaches the rest).
OFFERED = 200
# <input type=datetime-local> sends "2026-12-07T06:00"; the newsroom's time zone applies.
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


# What an editor sets on a block (the admin adds its position).
BLOCK_SETTINGS = [
    "kind",
    "source",
    "count",
    "heading",
    "section",
    "topic",
    "story",
    "label",
    "article_type",
    "language",
]


def edition_choices() -> list[tuple[str, str]]:
    return [(code, code) for code in setting("DATELINE_LANGUAGES")]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class BlockForm(forms.ModelForm):
    """What an editor sets on a block: its kind, source, size, heading and query."""

    language = forms.ChoiceField(label=_("language"), required=False)

    class Meta:
        model = Block
        fields = BLOCK_SETTINGS
        # Named here so the desk shows them in its language (the model's are field names).
        labels = {
            "kind": _("kind"),
            "source": _("source"),
            "count": _("items"),
            "heading": _("heading"),
            "section": _("section"),
            "topic": _("topic"),
            "story": _("story"),
            "label": _("label"),
            "article_type": _("content type"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("the front's edition"))] + edition_choices()
        current = self.instance
        self.fields["story"].queryset = Story.objects.filter(
            pk__in=list(Story.objects.order_by("-pk").values_list("pk", flat=True)[:OFFERED])
            + ([current.story_id] if current.story_id else [])
        )
        self.fields["topic"].queryset = Topic.objects.filter(
            pk__in=list(Topic.objects.order_by("-pk").values_list("pk", flat=True)[:OFFERED])
            + ([current.topic_id] if current.topic_id else [])
        )
        prefix = f"b{current.pk}" if current.pk else "new"
        # Each block's form has its own ids on a page of many blocks.
        self.auto_id = f"id_{prefix}_%s"


class FrontForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("edition"), choices=edition_choices)

    class Meta:
        model = Front
        fields = ["language", "kind", "section", "slug", "title"]
        labels = {
            "kind": _("kind"),
            "section": _("section"),
            "slug": _("slug"),
            "title": _("title"),
        }

    def validate_unique(self) -> None:
        # The constraints are conditional (one home per edition...): say which one clashed.
        try:
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error(None, _("That front exists already."))


class PublishForm(forms.Form):
    when = forms.ChoiceField(
        label=_("Publish"),
        choices=[("now", _("now")), ("at", _("at a time (newsroom time zone)"))],
        widget=forms.RadioSelect,
        initial="now",
    )
    at = forms.DateTimeField(
        label=_("Goes live at"),
        required=False,
        input_formats=LOCAL_FORMATS,
        widget=LocalDateTimeInput(),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("when") == "at" and not data.get("at"):
            self.add_error("at", _("Give the time the layout goes live."))
        return data


class TakeoverForm(forms.Form):
    article = forms.IntegerField(label=_("Item"), min_value=1)
    ends_at = forms.DateTimeField(
        label=_("Until (empty: until ended)"),
        required=False,
        input_formats=LOCAL_FORMATS,
        widget=LocalDateTimeInput(),
    )
