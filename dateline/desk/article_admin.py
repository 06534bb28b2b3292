"""The newsroom's article admin, part of the desk: editing with optimistic locking, workflow
steps, revisions.

Every save goes through ``dateline.desk.workflow.save_edit``, which checks each changed field
against ``dateline.desk.fields`` (role and state): a live article's words go to its working
copy, and a change to what readers see of it is an audited, announced step. The fields a user
may not change are read-only in the form, and a request that changes one anyway is refused
with the reason. Workflow buttons go through ``dateline.desk.workflow`` too.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.forms.models import modelform_factory
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from dateline.articles.html import clean_pasted_html
from dateline.articles.models import Article
from dateline.articles.paginator import CappedPaginator
from dateline.conf import setting
from dateline.desk import fields, revisions, workflow
from dateline.desk.models import Alert, Comment, Revision
from dateline.desk.scheduler import overdue
from dateline.people.admin import AgencyCreditInline, AuthorshipInline
from dateline.related.models import RelatedPin
from dateline.search.admin import BackendSearchMixin
from dateline.site.labelled_admin import LabelledInputsMixin
from dateline.site.preview import preview_path
from dateline.site.widgets import RichTextWidget


class LanguageFilter(admin.SimpleListFilter):
    """Filter by edition, listing the configured languages (no DISTINCT over every row)."""

    title = "language"
    parameter_name = "language__exact"

    def lookups(self, request, model_admin):
        return [(code, code) for code in setting("DATELINE_LANGUAGES")]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


class ArticleForm(forms.ModelForm):
    # The version the editor opened; a save from an older one is a conflict.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Set per request by ``ArticleAdmin.get_form``: who edits, the fields they may not change
    # (with the reason) and a form over those fields, to read what a crafted request sent.
    editor = None
    locked: dict[str, str] = {}
    probe: type[forms.ModelForm] | None = None

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "label",
            "label_separator",
            "article_type",
            "language",
            "summary",
            "body",
            "section",
            "topics",
            "story",
            "lead_media",
            "signature",
            "byline",
            "embargo_until",
            "breaking_until",
            "translation_key",
        ]
        widgets = {"body": RichTextWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The separator is ": " or ", ": a stripped one changed every labelled item it saved.
        if "label_separator" in self.fields:
            self.fields["label_separator"].strip = False
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def clean_body(self) -> str:
        return clean_pasted_html(self.cleaned_data.get("body", ""))

    def clean(self):
        cleaned = super().clean()
        self._refuse_what_the_role_may_not_change()
        if self.instance.pk:
            self._check_version(cleaned.get("base_version"))
        return cleaned

    def _refuse_what_the_role_may_not_change(self) -> None:
        """Refuse, naming the reason, a change to a field the editor may not change here.

        The locked fields are read-only in the page, so a browser never sends them; a request
        that does and changes one is refused whole, not saved without it.
        """
        instance = self.instance if self.instance.pk else None
        changed = [name for name in self.changed_data if name in fields.RULES]
        refusals = fields.refusals(self.editor, instance, changed)
        sent = [n for n in self.locked if {n, f"{n}_0", f"{n}_1"} & set(self.data)]
        if sent and self.probe is not None:
            probe = self.probe(self.data, self.files, instance=self.instance)
            crafted = set(probe.changed_data)
            refusals.update({name: self.locked[name] for name in sent if name in crafted})
        reasons = [reason for reason in refusals.values() if reason]
        if reasons:
            raise forms.ValidationError(
                [_("Not saved: %(reason)s.") % {"reason": r} for r in dict.fromkeys(reasons)],
                code="field_refused",
            )

    def _check_version(self, base_version: int | None) -> None:
        # Runs inside the admin's transaction: the row lock holds until the save is done.
        stored = Article.objects.select_for_update().filter(pk=self.instance.pk).first()
        if stored is None or base_version == stored.version:
            return
        latest = stored.revisions.select_related("author").first()
        self.conflict = revisions.EditConflict(stored, base_version or 0, latest)
        theirs = revisions.snapshot(stored)
        if latest is not None:
            theirs = latest.data
        self.conflict_diff = revisions.diff(theirs, self._mine())
        # Show the editor their own text with the other save's changes listed; saving again
        # from here is a deliberate overwrite of the version they have now seen.
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = str(stored.version)
        raise forms.ValidationError(str(self.conflict), code="edit_conflict")

    def _mine(self) -> dict:
        mine = {}
        for name in revisions.CONTENT_FIELDS:
            field = name.removesuffix("_id")
            value = self.cleaned_data.get(field)
            mine[name] = getattr(value, "pk", value)
        return mine


class RelatedPinInline(LabelledInputsMixin, admin.TabularInline):
    model = RelatedPin
    fk_name = "article"
    raw_id_fields = ["target"]
    extra = 0


class CommentInline(LabelledInputsMixin, admin.TabularInline):
    model = Comment
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1
    verbose_name_plural = "editorial comments (never shown to readers)"

    def has_change_permission(self, request, obj=None) -> bool:
        return False


SEARCH_LIMIT = 1000


class RecentWindowSearchMixin:
    """Bound the admin's ``LIKE`` search to the newest items and drafts; find ids directly.

    A substring match cannot use an index, so over a million rows it reads them all. The
    search backend (mixed in before this) finds published items anywhere in the archive; the
    ``LIKE`` lookup only needs to find what the backend has not indexed yet.
    """

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if term.isdigit():
            return queryset.filter(pk=int(term)), False
        found = queryset.filter(headline__icontains=term)
        window = setting("DATELINE_ADMIN_SEARCH_WINDOW")
        edge = list(
            Article.objects.filter(sort__isnull=False)
            .order_by("sort")
            .values_list("sort", flat=True)[window - 1 : window]
        )
        newest = found.filter(sort__lte=edge[0]) if edge else found.exclude(sort__isnull=True)
        # Two index ranges read apart: an OR of them would make the planner read every row.
        ids = [
            *newest.values_list("pk", flat=True)[:SEARCH_LIMIT],
            *found.filter(sort__isnull=True).values_list("pk", flat=True)[:SEARCH_LIMIT],
        ]
        return queryset.filter(pk__in=ids), False


@admin.register(Article)
class ArticleAdmin(
    LabelledInputsMixin, BackendSearchMixin, RecentWindowSearchMixin, admin.ModelAdmin
):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    list_display = ["id", "display_title", "language", "status", "section", "published_at"]
    list_filter = ["status", LanguageFilter, "article_type", "label", "section"]
    search_fields = ["headline"]
    raw_id_fields = ["lead_media", "story", "signature"]
    autocomplete_fields = ["topics"]
    readonly_fields = ["status", "published_at", "scheduled_at", "sort", "created_at", "updated_at"]
    list_select_related = ["section", "label"]
    # Counting a million rows for every page view is the slowest thing the admin does.
    show_full_result_count = False
    paginator = CappedPaginator
    list_per_page = 50
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [RelatedPinInline, CommentInline, AuthorshipInline, AgencyCreditInline]
    ordering = ["sort"]

    # -- the object: a live article is edited in its working copy ---------------------------

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None:
            draft = revisions.working_copy(article)
            if draft is not None:
                revisions.apply(article, draft.data)
                article.has_working_copy = True
        return article

    # -- field permissions by role and state (dateline.desk.fields) ------------------------

    def has_change_permission(self, request, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or fields.item_refusal(request.user, obj) is None

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting a live item would take it from readers with no step, audit or event.
        live = obj is not None and obj.status == Article.Status.PUBLISHED
        return not live and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        live = list(queryset.filter(status=Article.Status.PUBLISHED).values_list("pk", flat=True))
        if live:
            raise PermissionDenied(
                f"articles {', '.join(map(str, live))} are published: kill or unpublish them "
                "before deleting"
            )
        super().delete_queryset(request, queryset)

    def get_readonly_fields(self, request, obj=None):
        locked = fields.locked(request.user, obj)
        return [*self.readonly_fields, *(n for n in locked if n not in self.readonly_fields)]

    def get_prepopulated_fields(self, request, obj=None):
        locked = fields.locked(request.user, obj)
        return {k: v for k, v in self.prepopulated_fields.items() if k not in locked}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        locked = fields.locked(request.user, obj)
        probe = modelform_factory(
            Article,
            fields=list(locked),
            formfield_callback=partial(self.formfield_for_dbfield, request=request),
        )
        return type(
            form.__name__, (form,), {"editor": request.user, "locked": locked, "probe": probe}
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id:
            article = self.get_object(request, object_id)
            refused = article is not None and fields.item_refusal(request.user, article)
            if refused and self.has_view_permission(request, article):
                messages.error(request, f"Not saved: {refused}.")
                return HttpResponseRedirect(request.path)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change) -> None:
        topics = form.cleaned_data.get("topics") if "topics" in form.fields else None
        base = form.cleaned_data.get("base_version") if change else None
        edit = workflow.save_edit(obj, request.user, base_version=base, topics=topics)
        if edit.held and getattr(obj, "status", None) == Article.Status.PUBLISHED:
            messages.info(
                request,
                f"Saved to the working copy ({', '.join(edit.held)}): readers see the live "
                "version until the changes are published.",
            )
        if edit.event:
            messages.info(
                request,
                f"Applied to the published item and announced as {edit.event}: "
                f"{', '.join(edit.applied)} (recorded in the audit log).",
            )

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is Comment:
            for comment in formset.save(commit=False):
                comment.author = comment.author or request.user
                comment.save()
            return
        super().save_formset(request, form, formset, change)

    # -- workflow buttons ---------------------------------------------------------------------

    def response_change(self, request, obj):
        step = request.POST.get("_workflow")
        if step:
            self._take_step(request, obj, step)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        step = request.POST.get("_workflow")
        if step:
            self._take_step(request, obj, step)
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def _take_step(self, request: HttpRequest, article: Article, step: str) -> None:
        post = request.POST
        try:
            if step == "correct":
                workflow.correct(
                    article,
                    request.user,
                    post.get("_correction_kind", ""),
                    post.get("_correction_text", ""),
                )
            elif step == "publish_changes":
                workflow.publish_working_copy(article, request.user)
            else:
                at = _parse_schedule(post.get("_schedule_at", "")) if step == "schedule" else None
                workflow.perform(article, step, request.user, reason=post.get("_reason", ""), at=at)
        except (PermissionDenied, workflow.TransitionNotAllowed, ValueError) as exc:
            messages.error(request, str(exc))
            return
        messages.success(request, f"{step.replace('_', ' ')}: done ({article.status}).")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context.update(
                workflow_actions=workflow.available_actions(obj, request.user),
                can_correct=obj.status == Article.Status.PUBLISHED
                and request.user.has_perm("articles.correct_article"),
                can_publish_changes=getattr(obj, "has_working_copy", False)
                and request.user.has_perm("articles.publish_article"),
                has_working_copy=getattr(obj, "has_working_copy", False),
                audit_log=list(obj.transitions.select_related("user")[:50]),
                revision_list=list(obj.revisions.select_related("author")[:20]),
                corrections=list(obj.corrections.all()),
                preview_url=preview_path(obj.pk),
                correction_kinds=workflow.Correction.Kind.choices,
                locked_fields={
                    name: reason
                    for name, reason in fields.locked(request.user, obj).items()
                    if fields.RULES[name].before or fields.RULES[name].live
                },
            )
        form = context.get("adminform").form if context.get("adminform") else None
        context["conflict_diff"] = getattr(form, "conflict_diff", None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # -- the list: alerts and keyset paging -------------------------------------------------

    def get_changelist(self, request, **kwargs):
        return KeysetChangeList

    def changelist_view(self, request, extra_context=None):
        missed = overdue().count()
        if missed:
            messages.warning(
                request,
                f"{missed} scheduled item(s) are past their time and unpublished: "
                "no `dateline worker` is running.",
            )
        alerts = Alert.objects.filter(acknowledged=False).count()
        if alerts:
            messages.warning(request, f"{alerts} scheduling alert(s) need attention.")
        return super().changelist_view(request, extra_context)

    # -- revisions: compare any two and restore ---------------------------------------------

    def get_urls(self):
        own = [
            path(
                "<int:pk>/revisions/",
                self.admin_site.admin_view(self.revisions_view),
                name="articles_article_revisions",
            ),
        ]
        return own + super().get_urls()

    def revisions_view(self, request, pk: int):
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        history = list(article.revisions.select_related("author")[:200])
        if request.method == "POST":
            if not self.has_change_permission(request, article):
                raise PermissionDenied
            chosen = get_object_or_404(Revision, pk=request.POST.get("restore"), article=article)
            revisions.restore(article, chosen, request.user)
            messages.success(request, f"Restored {chosen}.")
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))
        older = _pick(history, request.GET.get("a"), -1)
        newer = _pick(history, request.GET.get("b"), 0)
        changes = revisions.diff(older.data, newer.data) if older and newer else []
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "article": article,
            "history": history,
            "older": older,
            "newer": newer,
            "changes": changes,
            "title": f"Revisions of {article}",
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)


class KeysetChangeList(ChangeList):
    """A change list that also offers the next page as a keyset link (``?sort__gt=``)."""

    def get_queryset(self, request, exclude_parameters=None):
        # The list shows none of the long texts; leaving them out halves the rows read.
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer("body", "summary")

    def _get_deterministic_ordering(self, ordering):
        # ``sort`` is unique, so it alone is a total order for every row that has one; the
        # pk tie-breaker Django adds (sort is nullable) would stop the index being used.
        if ordering and ordering[0] in ("sort", "-sort"):
            return list(ordering)
        return super()._get_deterministic_ordering(ordering)

    def get_results(self, request) -> None:
        super().get_results(request)
        rows = list(self.result_list)
        self.result_list = rows
        last = rows[-1].sort if rows and self.can_keyset else None
        self.keyset_next = (
            self.get_query_string({"sort__gt": last}, remove=["p"]) if last is not None else None
        )

    @property
    def can_keyset(self) -> bool:
        # Keys are only a cursor while the list is in key order (the default).
        return not self.params.get("o")


def _pick(history: list[Revision], wanted: str | None, default: int) -> Revision | None:
    if not history:
        return None
    for revision in history:
        if str(revision.pk) == wanted:
            return revision
    return history[default]


def _parse_schedule(value: str) -> datetime:
    """Return the schedule time typed in the admin (local time), or raise ValueError."""
    parsed = parse_datetime(value.strip()) if value else None
    if parsed is None:
        raise ValueError(f"schedule time {value!r} is not a date and time such as 2026-11-25T16:00")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed
