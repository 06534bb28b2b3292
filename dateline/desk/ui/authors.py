"""Authors in the desk's editor: find people by typing, and save an item's reporters in order.

The editor's author field is a plain multiple select (it works without JavaScript);
``static/desk/ui/authors.js`` turns it into a combobox that asks ``lookup`` as the journalist
types, in either spelling of a name. The reporters picked replace the item's reporters in
that order; other credits (photographer, editor, "additional reporting") stay as the article
admin set them. On a published item the change is an update step, for those who may publish
(as a change of placement is), announced so that the baked pages follow.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dateline.analysis.bidi import isolated
from dateline.articles.models import Article
from dateline.desk import announcements, fields
from dateline.people import names as people_names
from dateline.people.models import Authorship, Person
from dateline.search.query import clean

REPORTER = Authorship.Role.REPORTER
# Suggestions shown while typing: enough to pick from, few enough to read.
SUGGESTIONS = 10


def reporters(article: Article) -> list[Person]:
    """Return the people credited as reporters on ``article``, in byline order."""
    if article.pk is None:
        return []
    rows = Authorship.objects.filter(article=article, role=REPORTER).select_related("person")
    return [row.person for row in rows.order_by("position", "id")]


def choices(article: Article) -> QuerySet[Person]:
    """Return the people the select offers: the item's reporters first (in byline order, so a
    save without JavaScript keeps it), then active people by name."""
    current = [p.pk for p in reporters(article)]
    order = Case(
        *[When(pk=pk, then=Value(n)) for n, pk in enumerate(current)],
        default=Value(len(current)),
        output_field=IntegerField(),
    )
    people = Person.objects.filter(Q(is_active=True) | Q(pk__in=current))
    return people.annotate(_order=order).order_by("_order", "name")


def lookup(term: str, limit: int = SUGGESTIONS) -> list[dict]:
    """Return up to ``limit`` people whose name, in either spelling and however its Arabic
    letters are written (``people.names``), contains ``term``, or whose login is ``term``:
    active people first, then by name."""
    # Control characters out (PostgreSQL refuses a NUL byte in a text parameter).
    term = " ".join(clean(term).split())[:100]
    if not term:
        return []
    found = Person.objects.filter(people_names.matching(term) | Q(login__iexact=term)).order_by(
        "-is_active", "name"
    )[:limit]
    return [
        {
            "id": person.pk,
            "name": person.name,
            "name_ar": person.name_ar,
            "names": names(person),
            "title": person.title,
            "active": person.is_active,
            "label": label(person),
        }
        for person in found
    ]


def names(person: Person) -> str:
    """Return ``person``'s name in both spellings ("Omar Khaled · عمر خالد")."""
    return " · ".join(n for n in (person.name, person.name_ar) if n)


def label(person: Person) -> str:
    """Return how the picker suggests ``person``: both spellings and the title, if any, in
    the desk's language (the Arabic title in the Arabic desk, when there is one)."""
    title = person.title_in(get_language() or "en")
    extra = [title] if title else []
    if not person.is_active:
        extra.append(_("former"))
    both = names(person)
    if not extra:
        return both
    # Each side isolated: an Arabic name and an Arabic title would otherwise run together
    # across the dash, in a line that starts with the Latin name.
    return f"{isolated(both)} — {', '.join(isolated(e) for e in extra)}"


def permission_needed(article: Article) -> str:
    """Return the permission that changing the authors of ``article`` needs now."""
    return fields.PUBLISH if fields.state_of(article) in fields.PUBLIC_FACE else fields.CHANGE


@transaction.atomic
def save_reporters(article: Article, user, people: Sequence[Person]) -> bool:
    """Make ``people`` the reporters of ``article``, in that order; return whether that
    changed anything. Raise ``PermissionDenied`` when ``user`` may not change them."""
    wanted = list(dict.fromkeys(people))
    if [p.pk for p in wanted] == [p.pk for p in reporters(article)]:
        return False
    needed = permission_needed(article)
    if user is not None and not user.has_perm(needed):
        raise PermissionDenied(
            _("You may not change the authors of this item: it needs %(perm)s.") % {"perm": needed}
        )
    Authorship.objects.filter(article=article, role=REPORTER).delete()
    Authorship.objects.bulk_create(
        Authorship(article=article, person=person, role=REPORTER, position=n)
        for n, person in enumerate(wanted)
    )
    if article.status == Article.Status.PUBLISHED:
        announcements.track(article, "updated")
    return True
