"""The desk's live page: post, edit and delete entries of a live item; summary and state.

It lives in the admin so that the desk's login, CSRF and role checks apply; what each role
may do is decided by ``dateline.live.posting``. ``Accept: application/json`` on a post
answers ``201`` with the entry's id, for tools that post without a browser.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from dateline.articles.models import Article
from dateline.live import posting
from dateline.live.forms import EditForm, EntryForm, EntryStateForm, SummaryForm
from dateline.live.models import Coverage, Entry, EntryAudit
from dateline.live.reader import coverage_for
from dateline.people.models import Person


def _live_item(pk: int) -> Article:
    article = get_object_or_404(Article, pk=pk)
    try:
        posting.check_live_item(article)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc
    return article


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _refused(request: HttpRequest, exc: ValidationError) -> HttpResponse | None:
    if _wants_json(request):
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    messages.error(request, " ".join(exc.messages))
    return None


class EntryAuditInline(admin.TabularInline):
    model = EntryAudit
    extra = 0
    can_delete = False
    readonly_fields = ["at", "action", "user", "reason", "data"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Coverage)
class CoverageAdmin(admin.ModelAdmin):
    list_display = ["article", "started_at", "ended_at"]
    raw_id_fields = ["article"]

    def get_urls(self):
        view = self.admin_site.admin_view
        own = [
            path("<int:pk>/desk/", view(self.desk_view), name="live_desk"),
            path("<int:pk>/desk/state/", view(self.state_view), name="live_state"),
            path("<int:pk>/desk/<int:entry>/", view(self.edit_view), name="live_edit"),
            path("<int:pk>/desk/<int:entry>/delete/", view(self.delete_view), name="live_delete"),
            path(
                "<int:pk>/desk/<int:entry>/state/",
                view(self.entry_state_view),
                name="live_entry_state",
            ),
        ]
        return own + super().get_urls()

    def _page(self, request: HttpRequest, article: Article, form, **extra) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Live: {article.headline}",
            "article": article,
            "coverage": coverage_for(article),
            "entries": list(Entry.objects.filter(article=article, deleted_at__isnull=True)),
            "may_kill": request.user.has_perm(posting.KILL),
            "form": form,
            "summary_form": SummaryForm(initial={"summary": coverage_for(article).summary}),
            "may_manage": request.user.has_perm(posting.MANAGE),
            "media": form.media,
            **extra,
        }
        return TemplateResponse(request, "live/desk.html", context)

    def desk_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Show the live item's desk page; a POST posts an entry."""
        article = _live_item(pk)
        if not request.user.has_perm(posting.POST):
            raise PermissionDenied
        byline = request.user.get_full_name() or request.user.get_username()
        person = Person.objects.filter(user=request.user, is_active=True).first()
        initial = {"byline": byline, "authors": [person] if person else []}
        form = EntryForm(request.POST or None, initial=initial)
        if request.method == "POST":
            if form.is_valid():
                try:
                    entry = posting.post_entry(article, request.user, form.draft())
                except ValidationError as exc:
                    refused = _refused(request, exc)
                    if refused is not None:
                        return refused
                else:
                    if _wants_json(request):
                        return JsonResponse(
                            {"id": entry.pk, "posted_at": entry.posted_at.isoformat()},
                            status=201,
                        )
                    messages.success(request, "Entry posted.")
                    return HttpResponseRedirect(reverse("admin:live_desk", args=[pk]))
            elif _wants_json(request):
                return JsonResponse({"error": form.errors.get_json_data()}, status=400)
        return self._page(request, article, form)

    def edit_view(self, request: HttpRequest, pk: int, entry: int) -> HttpResponse:
        """Edit one entry (GET: the form; POST: the change)."""
        article = _live_item(pk)
        found = get_object_or_404(Entry, pk=entry, article=article, deleted_at__isnull=True)
        if not request.user.has_perm(posting.POST):
            raise PermissionDenied
        initial = {
            "headline": found.headline,
            "body": found.body,
            "byline": found.byline,
            "authors": found.people(),
            "is_key_event": found.is_key_event,
        }
        form = EditForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                posting.edit_entry(
                    found,
                    request.user,
                    form.draft(),
                    correction=form.cleaned_data["correction"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                _refused(request, exc)
            else:
                messages.success(request, "Entry changed.")
                return HttpResponseRedirect(reverse("admin:live_desk", args=[pk]))
        return self._page(request, article, form, editing=found)

    def delete_view(self, request: HttpRequest, pk: int, entry: int) -> HttpResponse:
        """Delete one entry (POST only; the row and its audit stay)."""
        article = _live_item(pk)
        found = get_object_or_404(Entry, pk=entry, article=article)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:live_desk", args=[pk]))
        posting.delete_entry(found, request.user, reason=request.POST.get("reason", ""))
        messages.success(request, "Entry deleted.")
        return HttpResponseRedirect(reverse("admin:live_desk", args=[pk]))

    def entry_state_view(self, request: HttpRequest, pk: int, entry: int) -> HttpResponse:
        """Unpublish, republish, kill, embargo or lift the embargo of one entry (POST only)."""
        article = _live_item(pk)
        found = get_object_or_404(Entry, pk=entry, article=article, deleted_at__isnull=True)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:live_desk", args=[pk]))
        form = EntryStateForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
            return HttpResponseRedirect(reverse("admin:live_desk", args=[pk]))
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        steps = {
            "unpublish": lambda: posting.unpublish_entry(found, request.user, reason=reason),
            "republish": lambda: posting.republish_entry(found, request.user, reason=reason),
            "kill": lambda: posting.kill_entry(found, request.user, reason=reason),
            "embargo": lambda: posting.set_embargo(
                found, request.user, form.cleaned_data["until"], reason=reason
            ),
            "lift": lambda: posting.set_embargo(found, request.user, None, reason=reason),
        }
        try:
            steps[action]()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Entry {found.pk}: {action} done.")
        return HttpResponseRedirect(reverse("admin:live_desk", args=[pk]))

    def state_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Change the summary, or end or reopen the coverage (POST only)."""
        article = _live_item(pk)
        if request.method == "POST":
            action = request.POST.get("action", "")
            if action == "summary":
                form = SummaryForm(request.POST)
                if form.is_valid():
                    posting.set_summary(article, request.user, form.cleaned_data["summary"])
            elif action == "end":
                posting.end_coverage(article, request.user)
            elif action == "reopen":
                posting.reopen_coverage(article, request.user)
            else:
                messages.error(request, f"unknown action {action[:40]!r}: summary, end or reopen")
        return HttpResponseRedirect(reverse("admin:live_desk", args=[pk]))


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Entries with their audit trail, read-only: the desk page is where they change."""

    list_display = ["__str__", "article", "posted_at", "is_key_event", "revision", "deleted_at"]
    list_filter = ["is_key_event", "revision"]
    raw_id_fields = ["article", "created_by"]
    inlines = [EntryAuditInline]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
