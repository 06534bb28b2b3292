"""The desk at /desk/: home, story list, editor, autosave, locks, workflow steps, media.

Every write goes through ``dateline.desk.workflow`` (``save_edit`` for edits, ``perform``,
``correct`` and ``publish_working_copy`` for steps); these views map requests to those calls
and their refusals to messages or JSON the editor page shows.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dateline.articles.embeds import embed_html, provider_of
from dateline.articles.models import Article
from dateline.articles.paginator import parse_key
from dateline.desk import fields, revisions, workflow
from dateline.desk.models import Correction, Revision
from dateline.desk.ui import authors as author_picker
from dateline.desk.ui import history as histories
from dateline.desk.ui import home as homes
from dateline.desk.ui import locks, readiness
from dateline.desk.ui.forms import ItemForm, NewItemForm, StepForm, edition_choices
from dateline.media import ingest
from dateline.media.models import MediaAsset
from dateline.search.query import clean
from dateline.site import panels
from dateline.site.preview import preview_path
from dateline.taxonomy.models import Section

S = Article.Status
PAGE_SIZE = 50


def desk_member(view):
    """Let in staff who may at least view articles; send others to log in."""

    @login_required(login_url="desk:login")
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not (request.user.is_staff and request.user.has_perm("articles.view_article")):
            raise PermissionDenied(_("The desk is for newsroom staff."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@desk_member
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What needs me now: my drafts, reviews, timed items, alerts, corrections, the chart."""
    return render(request, "desk/ui/home.html", {"home": homes.home_for(request.user)})


STATES = [
    ("draft", S.DRAFT),
    ("review", S.IN_REVIEW),
    ("scheduled", S.SCHEDULED),
    ("published", S.PUBLISHED),
    ("unpublished", S.UNPUBLISHED),
    ("killed", S.KILLED),
]


@desk_member
@require_GET
def items(request: HttpRequest) -> HttpResponse:
    """The story list, newest first, filtered; keyset pages on the id (no counts)."""
    query = request.GET
    rows = Article.objects.select_related("section", "lead_media").defer("body")
    state = query.get("state", "")
    if state in dict(STATES):
        rows = rows.filter(status=dict(STATES)[state])
    section = parse_key(query.get("section"))
    if section is not None:
        rows = rows.filter(section_id=section)
    language = query.get("language", "")
    if language:
        rows = rows.filter(language=language)
    if query.get("mine"):
        rows = homes.mine(rows, request.user)
    after, before = parse_key(query.get("after")), parse_key(query.get("before"))
    if after is not None:
        page = list(rows.filter(pk__lt=after).order_by("-pk")[: PAGE_SIZE + 1])
    elif before is not None:
        page = list(rows.filter(pk__gt=before).order_by("pk")[: PAGE_SIZE + 1])[::-1]
    else:
        page = list(rows.order_by("-pk")[: PAGE_SIZE + 1])
    more = len(page) > PAGE_SIZE
    if before is not None:
        page = page[-PAGE_SIZE:] if more else page
        older = page[-1].pk if page else None
        newer = page[0].pk if more and page else None
    else:
        page = page[:PAGE_SIZE]
        older = page[-1].pk if more and page else None
        newer = page[0].pk if after is not None and page else None
    ids = [article.pk for article in page]
    _attach(page, ids)
    held = locks.holders(ids)
    filters = query.copy()
    for key in ("after", "before"):
        filters.pop(key, None)
    return render(
        request,
        "desk/ui/items.html",
        {
            "page": page,
            "older": older,
            "newer": newer,
            "held": held,
            "filters": filters.urlencode(),
            "states": STATES,
            "state": state,
            "sections": Section.objects.all(),
            "section": section,
            "languages": edition_choices(),
            "language": language,
            "mine": bool(query.get("mine")),
        },
    )


def _attach(page: list[Article], ids: list[int]) -> None:
    """Give each row its authors and last editor, two queries for the page."""
    from dateline.desk.models import Revision
    from dateline.people.models import Authorship

    if not ids:
        return
    authors: dict[int, list[str]] = {}
    for credit in Authorship.objects.filter(article_id__in=ids).select_related("person"):
        authors.setdefault(credit.article_id, []).append(str(credit.person))
    editors = {}
    for revision in (
        Revision.objects.filter(article_id__in=ids)
        .select_related("author")
        .defer("data")
        .order_by("article_id", "-created_at", "-id")
    ):
        editors.setdefault(revision.article_id, revision.author)
    for article in page:
        article.credits = authors.get(article.pk, [])
        article.last_editor = editors.get(article.pk)


@desk_member
def new_item(request: HttpRequest) -> HttpResponse:
    """Start an item: a headline and an edition, then the editor."""
    form = NewItemForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        article = Article(
            headline=form.cleaned_data["headline"], language=form.cleaned_data["language"]
        )
        from django.utils.text import slugify

        article.slug = slugify(article.headline, allow_unicode=True)[:200]
        try:
            workflow.save_edit(article, request.user)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("desk:edit", pk=article.pk)
    return render(request, "desk/ui/new.html", {"form": form})


def _editable(request: HttpRequest, pk: int) -> Article:
    article = get_object_or_404(Article, pk=pk)
    draft = revisions.working_copy(article)
    if draft is not None:
        revisions.apply(article, draft.data)
        article.has_working_copy = True
    return article


@desk_member
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor; a POST without JavaScript saves the form like an autosave does."""
    article = _editable(request, pk)
    refused = fields.item_refusal(request.user, article)
    lock = locks.holder(article.pk)
    page_id = uuid.uuid4().hex
    if not refused and (
        lock is None or lock.user_id == request.user.pk or "take_over" in request.GET
    ):
        lock = locks.acquire(
            article.pk, request.user, take_over="take_over" in request.GET, page=page_id
        )
    form = ItemForm(instance=article, user=request.user)
    if request.method == "POST" and not refused:
        form = ItemForm(request.POST, instance=article, user=request.user)
        outcome = _save(request, form)
        if outcome.status_code == 200:
            messages.success(request, _("Saved."))
            return redirect("desk:edit", pk=article.pk)
        messages.error(request, outcome.content.decode())
    return render(
        request,
        "desk/ui/edit.html",
        {
            "article": article,
            "form": form,
            "refused": refused,
            "lock": lock,
            "read_only": bool(refused) or (lock is not None and lock.user_id != request.user.pk),
            "steps": _steps(article, request.user),
            "problems": readiness.problems(article),
            "preview": preview_path(article.pk),
            "history": article.transitions.select_related("user")[:8],
            "kinds": Correction.Kind.choices,
            "strings": _editor_strings(),
            "page_id": page_id,
            # What other apps show beside an item (the fronts it is on): dateline/site/panels.
            "panels": panels.render_item_panels(article, request.user),
        },
    )


def _editor_strings() -> dict[str, str]:
    """Return the words the editor's script shows, in the desk's language."""
    return {
        "saving": _("Saving…"),
        "saved": _("Saved at"),
        "unsaved": _("Unsaved changes"),
        "failed": _("Not saved"),
        "conflict": _(
            "Someone else saved this story since you opened it: your text stays here; "
            "reload to see theirs."
        ),
        "words": _("words"),
        "minutes": _("min read"),
        "chars": _("characters"),
        "edit": _("Edit details"),
        "remove": _("Remove"),
        "load": _("Load content from"),
        "choose": _("Use this picture"),
        "gallery": _("Insert gallery"),
        "facts": _("Key facts"),
        "taken": _("Read only: %(name)s is editing this story now."),
    }


def _steps(article: Article, user) -> dict:
    """Return the steps the editor page offers ``user`` now, by name."""
    offered = {action.name: action for action in workflow.available_actions(article, user)}
    ever_published = article.published_at is not None
    if not ever_published:
        offered.pop("kill", None)  # a never-published item is returned or left, never killed
    live = article.status == S.PUBLISHED
    return {
        "actions": [a for name, a in offered.items() if name != "kill"],
        "kill": offered.get("kill"),
        "publish_changes": live
        and getattr(article, "has_working_copy", False)
        and user.has_perm(fields.PUBLISH),
        "correct": live and user.has_perm("articles.correct_article"),
        "embargo": user.has_perm(fields.PUBLISH) and article.status != S.KILLED,
    }


def _save(request: HttpRequest, form: ItemForm) -> JsonResponse:
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"saved": False, "errors": errors}, status=400)
    article = form.save(commit=False)
    try:
        edit = workflow.save_edit(
            article,
            request.user,
            base_version=form.cleaned_data.get("base_version"),
            topics=list(form.cleaned_data["topics"]) if "topics" not in form.locked else None,
        )
    except revisions.EditConflict as exc:
        latest = exc.latest
        return JsonResponse(
            {
                "saved": False,
                "conflict": str(exc),
                "who": str(latest.author) if latest and latest.author else "",
                "version": exc.article.version,
                "changes": [
                    d.field for d in revisions.diff(revisions.snapshot(article), latest.data)
                ]
                if latest
                else [],
            },
            status=409,
        )
    except fields.FieldRefused as exc:
        return JsonResponse({"saved": False, "refused": exc.refusals}, status=403)
    reporters = form.ordered_authors()
    if reporters is not None:
        try:
            author_picker.save_reporters(article, request.user, reporters)
        except PermissionDenied as exc:
            return JsonResponse({"saved": False, "refused": {"authors": str(exc)}}, status=403)
    locks.acquire(article.pk, request.user)
    return JsonResponse(
        {
            "saved": True,
            "version": article.version,
            "at": timezone.localtime().strftime("%H:%M:%S"),
            "held": edit.held if article.status == S.PUBLISHED else [],
            "problems": readiness.problems(article),
        }
    )


@desk_member
@require_POST
def autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Save the editor's form to the item (a live item's working copy); answer in JSON."""
    article = _editable(request, pk)
    refused = fields.item_refusal(request.user, article)
    if refused:
        return JsonResponse({"saved": False, "refused": {"item": refused}}, status=403)
    lock = locks.holder(article.pk)
    if lock is not None and lock.user_id != request.user.pk:
        message = _("%(name)s took over this item; your text is kept on screen.") % {
            "name": lock.name
        }
        return JsonResponse({"saved": False, "locked": message, "holder": lock.name}, status=423)
    return _save(request, ItemForm(request.POST, instance=article, user=request.user))


@desk_member
@require_POST
def heartbeat(request: HttpRequest, pk: int) -> JsonResponse:
    """Renew the editor's lock; say who holds the item if it is someone else now."""
    article = get_object_or_404(Article.objects.only("pk"), pk=pk)
    if request.POST.get("release"):
        locks.release(article.pk, request.user, request.POST.get("page", ""))
        return JsonResponse({"released": True})
    lock = locks.holder(article.pk)
    if lock is None or lock.user_id == request.user.pk:
        lock = locks.acquire(article.pk, request.user, page=request.POST.get("page", ""))
    return JsonResponse(
        {"mine": lock.user_id == request.user.pk, "holder": lock.name, "since": lock.since}
    )


@desk_member
@require_POST
def step(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a workflow step from the editor's buttons, then show the editor again."""
    article = get_object_or_404(Article, pk=pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That step was not understood: %(e)s") % {"e": form.errors})
        return redirect("desk:edit", pk=pk)
    data = form.cleaned_data
    name = data["step"]
    try:
        _take(request, article, name, data)
    except (PermissionDenied, workflow.TransitionNotAllowed, ValueError) as exc:
        messages.error(request, str(exc))
    except revisions.EditConflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done: %(step)s.") % {"step": name.replace("_", " ")})
    return redirect("desk:edit", pk=pk)


RELEASES = {"publish", "schedule", "publish_changes", "embargo"}


def _take(request: HttpRequest, article: Article, name: str, data: dict) -> None:
    user = request.user
    if name in RELEASES:
        shown = _editable(request, article.pk)
        problems = readiness.problems(shown)
        if problems:
            raise ValueError(_("Not released: ") + " ".join(problems))
    if name == "correct":
        workflow.correct(article, user, data["kind"], data["text"])
    elif name == "publish_changes":
        workflow.publish_working_copy(article, user)
    elif name == "embargo":
        if data["at"] is None:
            raise ValueError(_("An embargo needs the date and time it lifts."))
        article.embargo_until = data["at"]
        workflow.save_edit(article, user, base_version=article.version)
        if article.status != S.PUBLISHED:
            workflow.perform(article, "publish", user)
    elif name == "kill":
        if article.published_at is None:
            raise ValueError(_("This item was never published: return it to draft instead."))
        if not data["confirm"]:
            raise ValueError(_("Tick the confirmation to kill the item."))
        workflow.perform(article, "kill", user, reason=data["reason"])
    else:
        workflow.perform(article, name, user, reason=data["reason"], at=data["at"])


@desk_member
def revisions_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The item's revisions: one beside the working copy, compared line by line; restore."""
    article = get_object_or_404(Article, pk=pk)
    refused = fields.item_refusal(request.user, article)
    lock = locks.holder(article.pk)
    held_by_other = lock is not None and lock.user_id != request.user.pk
    if request.method == "POST":
        chosen = get_object_or_404(
            Revision, pk=parse_key(request.POST.get("restore")) or 0, article=article
        )
        if held_by_other:
            messages.error(
                request,
                _("%(name)s is editing this story: take it over before restoring.")
                % {"name": lock.name},
            )
            return redirect(f"{reverse('desk:revisions', kwargs={'pk': pk})}?r={chosen.pk}")
        try:
            histories.restore(article, chosen, request.user)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect(f"{reverse('desk:revisions', kwargs={'pk': pk})}?r={chosen.pk}")
        messages.success(
            request,
            _("Restored the revision of %(when)s; the text it replaced stays in the history.")
            % {"when": timezone.localtime(chosen.created_at).strftime("%d %b %H:%M:%S")},
        )
        return redirect("desk:edit", pk=pk)
    listed = list(article.revisions.select_related("author").order_by("-created_at", "-id")[:100])
    wanted = parse_key(request.GET.get("r"))
    chosen = next((r for r in listed if r.pk == wanted), None)
    if chosen is None and listed:
        chosen = listed[1] if len(listed) > 1 else listed[0]
    current = histories.current_content(article)
    return render(
        request,
        "desk/ui/revisions.html",
        {
            "article": article,
            "revisions": listed,
            "chosen": chosen,
            "changes": histories.compare(chosen.data, current) if chosen else [],
            "may_restore": not refused and not held_by_other,
            "refused": refused,
            "lock": lock if held_by_other else None,
        },
    )


@desk_member
@require_GET
def people(request: HttpRequest) -> JsonResponse:
    """The author picker's suggestions: people whose name (either spelling) holds ``q``."""
    return JsonResponse({"people": author_picker.lookup(request.GET.get("q", ""))})


@desk_member
@require_GET
def media(request: HttpRequest) -> JsonResponse:
    """The media library for the pickers: newest images first, searched by caption or credit."""
    rows = MediaAsset.objects.filter(kind=MediaAsset.Kind.IMAGE)
    term = clean(request.GET.get("q", ""))[:100]  # no NUL: PostgreSQL refuses it in text
    if term:
        rows = rows.filter(Q(caption__icontains=term) | Q(credit__icontains=term))
    return JsonResponse({"items": [_asset(a) for a in rows.order_by("-ticks")[:24]]})


def _asset(asset: MediaAsset) -> dict:
    return {
        "id": asset.pk,
        "url": asset.url,
        "caption": asset.caption,
        "credit": asset.credit,
        "alt": asset.alt_text,
    }


@desk_member
@require_POST
def upload(request: HttpRequest) -> JsonResponse:
    """Store an uploaded picture in the media library; answer with it for the editor."""
    if not request.user.has_perm("media.add_mediaasset"):
        return JsonResponse({"error": _("You may not add media.")}, status=403)
    upload_file = request.FILES.get("file")
    if upload_file is None:
        return JsonResponse({"error": _("No file was sent.")}, status=400)
    words = {k: request.POST.get(k, "").strip() for k in ("caption", "credit", "alt_text")}
    try:
        asset = ingest.ingest(upload_file, upload_file.name, **words)
    except ValueError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(_asset(asset), status=201)


@desk_member
@require_GET
def embed(request: HttpRequest) -> JsonResponse:
    """Return the embed element for a pasted URL, or say the site is not a known provider."""
    url = request.GET.get("url", "").strip()
    provider = provider_of(url) if url.startswith(("https://", "http://")) else None
    if provider is None:
        return JsonResponse({"error": _("Not a supported embed address.")}, status=400)
    return JsonResponse({"provider": provider, "url": url, "html": embed_html(url, provider)})


def edit_url(article: Article) -> str:
    return reverse("desk:edit", kwargs={"pk": article.pk})


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Switch the desk's interface language (the items keep their own)."""
    from django.conf import settings
    from django.utils.http import url_has_allowed_host_and_scheme

    code = request.POST.get("language", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("desk:home")
    response = redirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 86400, samesite="Lax"
        )
    return response
