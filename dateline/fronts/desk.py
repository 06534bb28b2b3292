"""Editing fronts in the desk, at /desk/fronts/: the list of fronts with each edition's
breaking takeover, and a front's page (its blocks, items placed by hand, a live preview at
desktop and phone widths, publish now or at a time, history with revert).

Every page works without JavaScript: each change is a POST of a small form, answered with a
redirect back to the page (``static/fronts/desk.js`` adds search as you type and dragging).
Layout changes go through ``dateline.fronts.layouts``, so each publish, go-live and takeover
is one recorded change that rebuilds exactly its fronts.
"""

from __future__ import annotations

from collections.abc import Callable

from csp.decorators import csp_replace, csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from dateline.articles.models import Article
from dateline.articles.paginator import parse_key
from dateline.cache import pages_generation
from dateline.conf import setting
from dateline.fronts import blocks, layouts
from dateline.fronts.deskforms import BlockForm, FrontForm, PublishForm, TakeoverForm
from dateline.fronts.models import Block, BlockItem, Front, Layout, Takeover
from dateline.fronts.templatetags.fronts_desk import front_name
from dateline.site.urlbuilder import urls

# Who may do what on the fronts pages (the roles hold these: dateline.desk.roles). Editors
# arrange, publish and run takeovers; desk chiefs also add fronts; contributors only look.
RULES = {
    "view": "fronts.view_front",
    "arrange": "fronts.change_block",
    "publish": "fronts.publish_front",
    "takeover": "fronts.add_takeover",
    "add_front": "fronts.add_front",
}
SEARCH_RESULTS = 12


def may(user, action: str, front: Front | None = None) -> bool:
    """Return whether ``user`` may take ``action`` (a key of ``RULES``) on ``front``.

    A takeover reaches every front of an edition, so it needs the publish permission too; an
    edition's home is the newsroom's most read page, so arranging it needs it as well (an
    editor without it arranges section fronts and landing pages only)."""
    if not user.has_perm(RULES[action]):
        return False
    if action == "takeover":
        return user.has_perm(RULES["publish"])
    if action == "arrange" and front is not None and front.kind == Front.Kind.HOME:
        return user.has_perm(RULES["publish"])
    return True


def fronts_member(view):
    """Let in staff who may see fronts; send others to log in."""

    @login_required(login_url="desk:login")
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not (request.user.is_staff and may(request.user, "view")):
            raise PermissionDenied(_("Fronts are for the newsroom's editors."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _refuse(action: str) -> PermissionDenied:
    return PermissionDenied(_("Your role may not do this here (%(action)s).") % {"action": action})


# -- the list ------------------------------------------------------------------------------


@fronts_member
def front_list(request: HttpRequest) -> HttpResponse:
    """Every front by edition, its live and scheduled versions, and the edition's takeover."""
    form = FrontForm(request.POST or None)
    if request.method == "POST":
        if not may(request.user, "add_front"):
            raise _refuse("add_front")
        if form.is_valid():
            front = form.save()
            messages.success(request, _("Front added: %(f)s.") % {"f": front_name(front)})
            return redirect("fronts_desk:edit", pk=front.pk)
    editions = []
    fronts = Front.objects.select_related("section").order_by("language", "kind", "slug", "pk")
    live = _live_versions()
    pending = _pending_versions()
    query = request.GET.get("q", "").strip()[:100]
    for language in setting("DATELINE_LANGUAGES"):
        rows = [f for f in fronts if f.language == language]
        for front in rows:
            front.live_version = live.get(front.pk)
            front.pending = pending.get(front.pk, [])
            front.address = urls.front(front)
        editions.append(
            {
                "language": language,
                "fronts": rows,
                "home": urls.home(language),
                "takeover": layouts.active_takeover(language),
                "found": search_items(query, language) if query else [],
            }
        )
    context = {
        "editions": editions,
        "form": form,
        "q": query,
        "may_add": may(request.user, "add_front"),
        "may_takeover": may(request.user, "takeover"),
        "takeover_form": TakeoverForm(),
        "time_zone": timezone.get_current_timezone_name(),
    }
    return render(request, "fronts/desk/list.html", context)


def _live_versions() -> dict[int, int]:
    live: dict[int, int] = {}
    rows = Layout.objects.filter(live_since__isnull=False).order_by("live_since", "version")
    for front_id, version in rows.values_list("front_id", "version"):
        live[front_id] = version  # the last to go live wins
    return live


def _pending_versions() -> dict[int, list[Layout]]:
    pending: dict[int, list[Layout]] = {}
    for layout in Layout.objects.filter(live_since__isnull=True).order_by("go_live_at"):
        pending.setdefault(layout.front_id, []).append(layout)
    return pending


@fronts_member
@require_POST
def takeover(request: HttpRequest, language: str) -> HttpResponse:
    """Start a breaking takeover of an edition's fronts, or end the one that is on."""
    if not may(request.user, "takeover"):
        raise _refuse("takeover")
    if language not in setting("DATELINE_LANGUAGES"):
        messages.error(request, _("No such edition."))
        return redirect("fronts_desk:list")
    if request.POST.get("action") == "end":
        current = Takeover.objects.filter(pk=parse_key(request.POST.get("takeover")) or 0).first()
        if current is not None and layouts.end_takeover(current):
            messages.success(request, _("The takeover has ended on every front."))
        else:
            messages.error(request, _("That takeover had already ended."))
        return redirect("fronts_desk:list")
    form = TakeoverForm(request.POST)
    article = None
    if form.is_valid():
        article = Article.objects.public().filter(pk=form.cleaned_data["article"]).first()
    if article is None:
        messages.error(request, _("Choose a published item for the takeover."))
        return redirect("fronts_desk:list")
    ends_at = form.cleaned_data["ends_at"]
    if ends_at is not None and ends_at <= timezone.now():
        messages.error(request, _("The end of a takeover must be in the future."))
        return redirect("fronts_desk:list")
    layouts.start_takeover(article, ends_at=ends_at, user=request.user, language=language)
    messages.success(request, _("Breaking takeover on: %(h)s.") % {"h": article.headline})
    return redirect("fronts_desk:list")


# -- search --------------------------------------------------------------------------------


def search_items(query: str, language: str, limit: int = SEARCH_RESULTS) -> list[Article]:
    """Return public items of ``language`` whose headline holds ``query`` (or whose id it
    is), newest first."""
    query = query.strip()[:100]
    if not query:
        return []
    rows = Article.objects.public().filter(language=language).select_related("section")
    match = Q(headline__icontains=query)
    if query.isdigit():
        match |= Q(pk=int(query))
    return list(rows.filter(match).newest_first()[:limit])


@fronts_member
@require_GET
def search(request: HttpRequest) -> JsonResponse:
    """Items for the pickers, as the editor types: ``?q=`` words or an id, ``language``."""
    language = request.GET.get("language", "")
    if language not in setting("DATELINE_LANGUAGES"):
        return JsonResponse({"error": _("Name an edition.")}, status=400)
    found = search_items(request.GET.get("q", ""), language)
    return JsonResponse({"items": [_found(article) for article in found]})


def _found(article: Article) -> dict:
    return {
        "id": article.pk,
        "headline": article.headline,
        "section": str(article.section) if article.section_id else "",
        "published": timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M")
        if article.published_at
        else "",
    }


# -- a front -------------------------------------------------------------------------------


@fronts_member
@csp_update({"frame-src": ["'self'"]})
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A front's page: its blocks and placed items, preview, publishing and history. A POST
    names its ``action``; each answers with a redirect back here."""
    front = get_object_or_404(Front.objects.select_related("section"), pk=pk)
    if request.method == "POST":
        return _act(request, front)
    working = list(front.blocks.order_by("position", "pk"))
    placed = BlockItem.objects.filter(block__front=front).select_related("article")
    by_block: dict[int, list[BlockItem]] = {}
    for item in placed.order_by("position", "pk"):
        by_block.setdefault(item.block_id, []).append(item)
    for block in working:
        block.form = BlockForm(instance=block)
        block.items = by_block.get(block.pk, [])
    query = request.GET.get("q", "").strip()[:100]
    history = list(front.layouts.select_related("created_by")[:20])
    live = layouts.live_layout(front)
    context = {
        "front": front,
        "blocks": working,
        "new_block": BlockForm(),
        "publish_form": PublishForm(),
        "history": history,
        "live": live,
        "q": query,
        "found": search_items(query, front.language) if query else [],
        "address": urls.front(front),
        "others": _twins(front),
        "may_arrange": may(request.user, "arrange", front),
        "may_publish": may(request.user, "publish", front),
        "now": timezone.localtime(),
        "time_zone": timezone.get_current_timezone_name(),
    }
    return render(request, "fronts/desk/edit.html", context)


def _twins(front: Front) -> list[Front]:
    """Return the same front in the other editions (the other edition's home, section)."""
    twins = Front.objects.filter(kind=front.kind).exclude(pk=front.pk)
    if front.kind == Front.Kind.SECTION:
        twins = twins.filter(section_id=front.section_id)
    elif front.kind == Front.Kind.LANDING:
        twins = twins.filter(slug=front.slug)
    return list(twins)


def _act(request: HttpRequest, front: Front) -> HttpResponse:
    action = request.POST.get("action", "")
    handler = ACTIONS.get(action)
    if handler is None:
        messages.error(request, _("That action was not understood."))
        return redirect("fronts_desk:edit", pk=front.pk)
    needs, run = handler
    if not may(request.user, needs, front):
        raise _refuse(needs)
    anchor = run(request, front) or ""
    return redirect(reverse("fronts_desk:edit", kwargs={"pk": front.pk}) + anchor)


def _block(request: HttpRequest, front: Front) -> Block | None:
    block = front.blocks.filter(pk=parse_key(request.POST.get("block")) or 0).first()
    if block is None:
        messages.error(request, _("That block is no longer on this front."))
    return block


def _renumber(rows) -> None:
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


def _move(rows: list, pk: int | None, direction: str) -> bool:
    """Move row ``pk`` of ``rows`` one place up or down (first and last stay); renumber."""
    index = next((n for n, row in enumerate(rows) if row.pk == pk), None)
    if index is None:
        return False
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    _renumber(rows)
    return True


def _reorder(rows: list, order: str) -> None:
    """Put ``rows`` in the order of the ids in ``order`` (a drag's result); rows it does
    not name keep their order after those it names."""
    wanted = [parse_key(part) for part in order.split(",")]
    rank = {pk: n for n, pk in enumerate(pk for pk in wanted if pk is not None)}
    _renumber(sorted(rows, key=lambda row: (rank.get(row.pk, len(rank)), row.position)))


def add_block(request: HttpRequest, front: Front) -> str:
    form = BlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The block was not added: %(e)s") % {"e": _errors(form)})
        return "#add-block"
    block = form.save(commit=False)
    block.front = front
    block.position = front.blocks.count()
    block.save()
    messages.success(request, _("Block added: %(b)s.") % {"b": block.get_kind_display()})
    return f"#block-{block.pk}"


def save_block(request: HttpRequest, front: Front) -> str:
    block = _block(request, front)
    if block is None:
        return ""
    form = BlockForm(request.POST, instance=block)
    if not form.is_valid():
        messages.error(request, _("The block was not saved: %(e)s") % {"e": _errors(form)})
    else:
        form.save()
        messages.success(request, _("Block saved."))
    return f"#block-{block.pk}"


def _errors(form) -> str:
    return " ".join(f"{name}: {' '.join(errs)}" for name, errs in form.errors.items())


def move_block(request: HttpRequest, front: Front) -> str:
    rows = list(front.blocks.order_by("position", "pk"))
    pk = parse_key(request.POST.get("block"))
    _move(rows, pk, request.POST.get("direction", ""))
    return f"#block-{pk}"


def order_blocks(request: HttpRequest, front: Front) -> str:
    _reorder(list(front.blocks.order_by("position", "pk")), request.POST.get("order", ""))
    messages.success(request, _("Blocks reordered."))
    return "#blocks"


def remove_block(request: HttpRequest, front: Front) -> str:
    block = _block(request, front)
    if block is not None:
        block.delete()
        _renumber(list(front.blocks.order_by("position", "pk")))
        messages.success(request, _("Block removed."))
    return "#blocks"


def place(request: HttpRequest, front: Front) -> str:
    """Place an item by hand at the end of a block (a manual block's first item leads)."""
    block = _block(request, front)
    if block is None:
        return ""
    pk = parse_key(request.POST.get("article"))
    article = Article.objects.public().filter(pk=pk or 0, language=front.language).first()
    if article is None:
        messages.error(request, _("Only published items of this edition can be placed."))
    elif block.placed.filter(article=article).exists():
        messages.error(request, _("That item is already in this block."))
    else:
        BlockItem.objects.create(block=block, article=article, position=block.placed.count())
        messages.success(request, _("Placed: %(h)s.") % {"h": article.headline})
    return f"#block-{block.pk}"


def _placed_rows(block: Block) -> list[BlockItem]:
    return list(block.placed.order_by("position", "pk"))


def move_item(request: HttpRequest, front: Front) -> str:
    block = _block(request, front)
    if block is not None:
        item = parse_key(request.POST.get("item"))
        _move(_placed_rows(block), item, request.POST.get("direction", ""))
    return f"#block-{block.pk}" if block else ""


def order_items(request: HttpRequest, front: Front) -> str:
    block = _block(request, front)
    if block is not None:
        _reorder(_placed_rows(block), request.POST.get("order", ""))
    return f"#block-{block.pk}" if block else ""


def remove_item(request: HttpRequest, front: Front) -> str:
    block = _block(request, front)
    if block is not None:
        block.placed.filter(pk=parse_key(request.POST.get("item")) or 0).delete()
        _renumber(_placed_rows(block))
        messages.success(request, _("Item taken off the block."))
    return f"#block-{block.pk}" if block else ""


def publish(request: HttpRequest, front: Front) -> str:
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not published: %(e)s") % {"e": _errors(form)})
        return "#publish"
    at = form.cleaned_data["at"] if form.cleaned_data["when"] == "at" else None
    if at is not None and at <= timezone.now():
        messages.error(request, _("Not scheduled: that time has passed."))
        return "#publish"
    layout = layouts.publish(front, at=at, user=request.user, note=form.cleaned_data["note"])
    if layout.live_since is None:
        when = timezone.localtime(layout.go_live_at).strftime("%Y-%m-%d %H:%M")
        messages.success(
            request, _("Version %(v)s goes live at %(t)s.") % {"v": layout.version, "t": when}
        )
    else:
        messages.success(request, _("Version %(v)s is live.") % {"v": layout.version})
    return "#history"


def revert(request: HttpRequest, front: Front) -> str:
    old = front.layouts.filter(version=parse_key(request.POST.get("version")) or 0).first()
    if old is None:
        messages.error(request, _("No such version."))
        return "#history"
    layout = layouts.revert(old, user=request.user)
    messages.success(
        request,
        _("Version %(old)s is live again, as version %(v)s.")
        % {"old": old.version, "v": layout.version},
    )
    return "#history"


@transaction.atomic
def cancel(request: HttpRequest, front: Front) -> str:
    """Withdraw a scheduled version before its time (one already live stays in history)."""
    gone, _kinds = front.layouts.filter(
        version=parse_key(request.POST.get("version")) or 0, live_since__isnull=True
    ).delete()
    if gone:
        messages.success(request, _("The scheduled version was withdrawn."))
    else:
        messages.error(request, _("That version is live or gone already."))
    return "#history"


ACTIONS: dict[str, tuple[str, Callable[[HttpRequest, Front], str]]] = {
    "add_block": ("arrange", add_block),
    "save_block": ("arrange", save_block),
    "move_block": ("arrange", move_block),
    "order_blocks": ("arrange", order_blocks),
    "remove_block": ("arrange", remove_block),
    "place": ("arrange", place),
    "move_item": ("arrange", move_item),
    "order_items": ("arrange", order_items),
    "remove_item": ("arrange", remove_item),
    "publish": ("publish", publish),
    "revert": ("publish", revert),
    "cancel": ("publish", cancel),
}


@fronts_member
@require_GET
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The front as its working blocks would show now (not yet published), for the desk's
    preview frames; never cached, never indexed."""
    front = get_object_or_404(Front.objects.select_related("section"), pk=pk)
    with translation.override(front.language):
        shown = blocks.resolve_specs(layouts.snapshot(front), front.language)
        listed = [item for block in shown for item in block.items]
        context = {"blocks": shown, "front": front, "listed": listed, "preview": True}
        if front.kind == Front.Kind.HOME:
            response = render(request, "public/home.html", context)
        else:
            title = front.title or _front_name(front)
            context.update(title=title, kind="landing", subject=None)
            response = render(request, "public/front.html", context)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _front_name(front: Front) -> str:
    section = front.section
    if section is None:
        return front.slug
    return section.name_ar if front.language == "ar" and section.name_ar else section.name


# -- the item editor's panel ---------------------------------------------------------------


def _shown_on_fronts(language: str) -> list[tuple[int | None, str, str, frozenset[int]]]:
    """Return, for each front of the edition ``language`` in order, its blocks as they show
    now: (front id or None for the unarranged home, block kind, heading, item ids).

    Working this out resolves every block of every front, dozens of queries; the answer is
    the same for every item of the edition until readers could see a change, so it is kept
    under the reader pages' generation (any change moves it on) and for no longer than a
    kept page (what time alone changes, such as a takeover's end)."""
    generation = pages_generation()
    key = f"dateline:fronts-shown:{generation}:{language}"
    if generation is not None:
        kept = cache.get(key)
        if kept is not None:
            return kept
    shown = []
    for front in _edition_fronts(language):
        section = front.section if front.kind == Front.Kind.SECTION else None
        home = front.kind == Front.Kind.HOME
        for block in blocks.resolve(front if front.pk else None, language, section, home) or []:
            ids = frozenset(item.pk for item in block.items)
            shown.append((front.pk, block.kind, block.heading, ids))
    if generation is not None:
        cache.set(key, shown, max(1, int(setting("DATELINE_PAGE_CACHE_SECONDS") or 1)))
    return shown


def _edition_fronts(language: str) -> list[Front]:
    fronts = list(Front.objects.filter(language=language).select_related("section"))
    if not any(front.kind == Front.Kind.HOME for front in fronts):
        # An edition's home exists even unarranged: the automatic front.
        fronts.insert(0, Front(language=language, kind=Front.Kind.HOME))
    return fronts


def fronts_showing(article: Article) -> list[dict]:
    """Return the fronts of ``article``'s edition that show it now (by hand, by a block's
    query or as the takeover): each with its address and the block."""
    found: dict[int | None, dict] = {}
    fronts = {front.pk: front for front in _edition_fronts(article.language)}
    for front_id, kind, heading, ids in _shown_on_fronts(article.language):
        if article.pk in ids and front_id not in found and front_id in fronts:
            front = fronts[front_id]
            block = {"kind": kind, "heading": heading}
            found[front_id] = {"front": front, "address": urls.front(front), "block": block}
    return list(found.values())


def item_panel(article: Article, user) -> str:
    """The desk editor's "On fronts" panel (registered in ``FrontsConfig.ready``): the
    fronts that show the item, and the fronts whose working blocks place it."""
    if not (article.pk and may(user, "view")):
        return ""
    live = article.status == Article.Status.PUBLISHED
    placed = Front.objects.filter(blocks__placed__article=article).distinct()
    context = {
        "shown": fronts_showing(article) if live else [],
        "placed": list(placed.select_related("section")),
        "article": article,
    }
    return render_to_string("fronts/desk/_item_panel.html", context)
