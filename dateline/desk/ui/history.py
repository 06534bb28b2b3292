"""Revisions in the desk: a side-by-side diff of a revision's words against the working copy,
and restore.

The diff compares what a journalist reads, not markup: the headline, the summary and the
body as text blocks (paragraphs, headings, list items, and a line for each picture, gallery,
fact box and embed), with the changed words marked. Restore goes through
``workflow.save_edit`` like any edit, so the field rules and conflict detection apply, and it
is a new revision: the text it replaces stays in the history.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from lxml import html as lxml_html
from lxml.etree import ParserError

from dateline.analysis.bidi import isolated
from dateline.articles.models import Article
from dateline.desk import fields, revisions, workflow
from dateline.desk.models import Revision

# The blocks a body is read in; a figure is one line of its own.
_BLOCKS = {"p", "h2", "h3", "h4", "li", "pre", "tr"}
_NESTING = _BLOCKS | {"figure"}
_WORDS = re.compile(r"\w+|\s+|[^\w\s]+")


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side diff: ``kind`` is same, changed, removed or added."""

    kind: str
    old: SafeString
    new: SafeString


@dataclass(frozen=True)
class FieldChange:
    name: str
    rows: list[Row]

    @property
    def changed(self) -> bool:
        return any(row.kind != "same" for row in self.rows)


def _figure_line(figure) -> str:
    kind = (figure.get("class") or "").split()
    caption = figure.find("figcaption")
    words = " ".join(caption.text_content().split()) if caption is not None else ""
    if "embed" in kind:
        link = figure.find(".//a")
        address = link.get("href", "") if link is not None else ""
        return f"[{_('Embed')}: {figure.get('data-provider', '')} {isolated(address)}]"
    if "gallery" in kind:
        return f"[{_('Gallery')}: {len(figure.findall('figure'))}]"
    image = figure.find("img")
    alt = image.get("alt", "") if image is not None else ""
    return f"[{_('Picture')}: {isolated(alt)}] {isolated(words)}".strip()


def body_lines(body: str) -> list[str]:
    """Return ``body`` as the lines a reader sees: one per block, one per figure."""
    if not (body or "").strip():
        return []
    try:
        root = lxml_html.fragment_fromstring(body, create_parent="div")
    except (ParserError, ValueError):
        return [body]
    lines: list[str] = []

    def walk(element) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue
            kind = (child.get("class") or "").split()
            if child.tag == "figure" and "factbox" in kind:
                caption = child.find("figcaption")
                title = caption.text_content().strip() if caption is not None else ""
                lines.append(f"[{_('Fact box')}: {isolated(title)}]")
                walk(child)
            elif child.tag == "figure" and "gallery" in kind:
                lines.append(_figure_line(child))
                walk(child)
            elif child.tag == "figure":
                lines.append(_figure_line(child))
            elif child.tag in _BLOCKS and not any(
                isinstance(d.tag, str) and d.tag in _NESTING for d in child.iterdescendants()
            ):
                text = " ".join(child.text_content().split())
                if text:
                    lines.append(text)
            elif child.tag != "figcaption":
                walk(child)

    walk(root)
    tail = " ".join((root.text or "").split())
    return ([tail] if tail else []) + lines


def _marked(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Return ``old`` and ``new`` escaped, their differing words in <del> and <ins>."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before, after = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(before)
            right.append(after)
            continue
        if before:
            left.append(f"<del>{before}</del>")
        if after:
            right.append(f"<ins>{after}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 (escaped above)


def compare_lines(old: list[str], new: list[str]) -> list[Row]:
    """Return the side-by-side rows turning ``old`` into ``new``."""
    rows: list[Row] = []
    empty = mark_safe("")  # noqa: S308
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows += [Row("same", escape(line), escape(line)) for line in old[i1:i2]]
            continue
        left, right = old[i1:i2], new[j1:j2]
        for n in range(max(len(left), len(right))):
            if n < len(left) and n < len(right):
                rows.append(Row("changed", *_marked(left[n], right[n])))
            elif n < len(left):
                rows.append(Row("removed", mark_safe(f"<del>{escape(left[n])}</del>"), empty))  # noqa: S308
            else:
                rows.append(Row("added", empty, mark_safe(f"<ins>{escape(right[n])}</ins>")))  # noqa: S308
    return rows


def compare(older: dict, current: dict) -> list[FieldChange]:
    """Return the headline, summary and body of two snapshots, line by line."""

    def lines(data: dict, name: str) -> list[str]:
        value = data.get(name) or ""
        if name == "body":
            return body_lines(value)
        return [line.strip() for line in value.splitlines() if line.strip()]

    names = {"headline": _("Headline"), "summary": _("Summary"), "body": _("Body")}
    return [
        FieldChange(label, compare_lines(lines(older, name), lines(current, name)))
        for name, label in names.items()
    ]


def current_content(article: Article) -> dict:
    """Return what the editor shows of ``article``: its working copy, or its stored words."""
    draft = revisions.working_copy(article)
    return draft.data if draft is not None else revisions.snapshot(article)


@transaction.atomic
def restore(article: Article, revision: Revision, user) -> workflow.Edit:
    """Make ``revision``'s words the item's words again, as ``user``'s edit.

    The current words are first kept as a revision if none holds them (an item saved
    outside the desk), so restoring never loses text. Raise ``PermissionDenied`` or
    ``fields.FieldRefused`` if ``user`` may not make the edit.
    """
    if revision.article_id != article.pk:
        raise ValueError(f"revision {revision.pk} belongs to article {revision.article_id}")
    stored = Article.objects.select_for_update().get(pk=article.pk)
    refused = fields.item_refusal(user, stored)
    if refused:
        raise PermissionDenied(refused)
    current = current_content(stored)
    latest = stored.revisions.order_by("-created_at", "-id").first()
    if latest is None or revisions.diff(latest.data, current):
        revisions.record(stored, user)
    editable = revisions.apply(Article.objects.get(pk=article.pk), current)
    revisions.apply(editable, revision.data)
    return workflow.save_edit(editable, user, base_version=stored.version)
