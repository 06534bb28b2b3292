"""Editing fronts in the admin: blocks inline, items placed with a search-as-you-type picker,
publish now or at a time, history with revert, and breaking takeovers.

Who may do what follows the roles (``dateline.desk.roles``): editors arrange fronts, publish
layouts and start or end takeovers (``fronts.publish_front``); contributors only look.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dateline.fronts import layouts
from dateline.fronts.deskforms import BLOCK_SETTINGS, edition_choices
from dateline.fronts.models import Block, BlockItem, Front, FrontChange, Layout, Takeover

PUBLISH = "fronts.publish_front"
BLOCK_FIELDS = ["position", *BLOCK_SETTINGS]


class FrontForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("edition"), choices=edition_choices)
    publish = forms.ChoiceField(
        label=_("Publish the blocks"),
        required=False,
        choices=[
            ("", _("no: keep editing")),
            ("now", _("now")),
            ("at", _("at the time below")),
        ],
    )
    publish_at = forms.DateTimeField(label=_("Publish at"), required=False)

    class Meta:
        model = Front
        fields = ["language", "kind", "section", "slug", "title"]

    def clean(self):
        data = super().clean()
        if data.get("publish") == "at" and not data.get("publish_at"):
            self.add_error("publish_at", _("Give the time the layout goes live."))
        return data


class BlockInline(admin.TabularInline):
    model = Block
    extra = 0
    show_change_link = True
    fields = [*BLOCK_FIELDS, "placed_items"]
    readonly_fields = ["placed_items"]
    autocomplete_fields = ["section", "topic", "story"]

    @admin.display(description=_("placed by hand"))
    def placed_items(self, block: Block) -> str:
        if block.pk is None:
            return "-"
        titles = [p.article.headline[:60] for p in block.placed.select_related("article")]
        return "; ".join(titles) or "-"


class LayoutInline(admin.TabularInline):
    model = Layout
    extra = 0
    can_delete = False
    fields = ["version", "go_live_at", "live_since", "note", "created_by"]
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = _("history (published layouts)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Front)
class FrontAdmin(admin.ModelAdmin):
    form = FrontForm
    list_display = ["__str__", "kind", "language", "live_version", "view_on_site_link"]
    list_filter = ["language", "kind"]
    search_fields = ["title", "slug", "section__name"]
    inlines = [BlockInline, LayoutInline]
    fieldsets = [
        (None, {"fields": ["language", "kind", "section", "slug", "title"]}),
        (_("Publishing"), {"fields": ["publish", "publish_at"]}),
    ]
    actions = ["publish_now"]

    @admin.display(description=_("live version"))
    def live_version(self, front: Front) -> str:
        layout = layouts.live_layout(front)
        return f"v{layout.version}" if layout else _("automatic")

    @admin.display(description=_("page"))
    def view_on_site_link(self, front: Front) -> str:
        return format_html('<a href="{}">{}</a>', front.get_absolute_url(), _("view"))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.has_perm(PUBLISH):
            for name in ("publish", "publish_at"):
                form.base_fields.pop(name, None)
        return form

    def get_fieldsets(self, request, obj=None):
        if request.user.has_perm(PUBLISH):
            return self.fieldsets
        return self.fieldsets[:1]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        choice = form.cleaned_data.get("publish")
        if choice and request.user.has_perm(PUBLISH):
            at = form.cleaned_data.get("publish_at") if choice == "at" else None
            layout = layouts.publish(form.instance, at=at, user=request.user)
            if layout.live_since is None:
                when = timezone.localtime(layout.go_live_at).strftime("%Y-%m-%d %H:%M")
                self.message_user(
                    request,
                    _("Version %(v)s goes live at %(t)s.") % {"v": layout.version, "t": when},
                )
            else:
                self.message_user(request, _("Version %(v)s is live.") % {"v": layout.version})

    @admin.action(description=_("Publish the blocks now"), permissions=["publish"])
    def publish_now(self, request: HttpRequest, queryset) -> None:
        for front in queryset:
            layouts.publish(front, user=request.user)
        self.message_user(request, _("Published %(n)d fronts.") % {"n": queryset.count()})

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PUBLISH)


class BlockItemInline(admin.TabularInline):
    model = BlockItem
    extra = 1
    fields = ["position", "article"]
    autocomplete_fields = ["article"]


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["__str__", "front", "kind", "source", "count"]
    list_filter = ["front__language", "kind"]
    inlines = [BlockItemInline]
    autocomplete_fields = ["section", "topic", "story"]
    fields = ["front", *BLOCK_FIELDS]

    def response_change(self, request, obj):
        # Back to the front being arranged, where the layout is published.
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_change(request, obj)
        return HttpResponseRedirect(reverse("admin:fronts_front_change", args=[obj.front_id]))


@admin.register(Layout)
class LayoutAdmin(admin.ModelAdmin):
    list_display = ["__str__", "go_live_at", "live_since", "note", "created_by"]
    list_filter = ["front__language", "front"]
    readonly_fields = [
        "front",
        "version",
        "blocks",
        "go_live_at",
        "live_since",
        "note",
        "created_by",
    ]
    actions = ["revert_to"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Revert to this version (published now)"), permissions=["publish"])
    def revert_to(self, request: HttpRequest, queryset) -> None:
        if queryset.count() != 1:
            self.message_user(request, _("Choose one version to revert to."), messages.ERROR)
            return
        layout = layouts.revert(queryset.get(), user=request.user)
        self.message_user(request, _("Version %(v)s is live.") % {"v": layout.version})

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PUBLISH)


class TakeoverForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("edition"), choices=edition_choices)

    class Meta:
        model = Takeover
        fields = ["language", "article", "ends_at"]


@admin.register(Takeover)
class TakeoverAdmin(admin.ModelAdmin):
    form = TakeoverForm
    list_display = ["__str__", "language", "starts_at", "ends_at", "ended_at"]
    list_filter = ["language"]
    autocomplete_fields = ["article"]
    actions = ["end_now"]

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm(PUBLISH)

    def has_change_permission(self, request, obj=None) -> bool:
        # A takeover is started and ended, never edited: a new one replaces it.
        return obj is None and request.user.has_perm(PUBLISH)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PUBLISH)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return
        started = layouts.start_takeover(
            obj.article, ends_at=obj.ends_at, user=request.user, language=obj.language
        )
        obj.pk = started.pk

    @admin.action(description=_("End the takeover now"), permissions=["publish"])
    def end_now(self, request: HttpRequest, queryset) -> None:
        ended = sum(layouts.end_takeover(t) for t in queryset)
        self.message_user(request, _("Ended %(n)d takeovers.") % {"n": ended})


@admin.register(FrontChange)
class FrontChangeAdmin(admin.ModelAdmin):
    list_display = ["kind", "created_at", "done_at", "paths"]
    readonly_fields = ["kind", "paths", "created_at", "done_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
