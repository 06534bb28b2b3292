"""An article's credits as readers see them: people grouped by role, joined in the edition's
language, and the agencies. Pure functions of rows; no URLs, no requests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from dateline.articles.models import Article
from dateline.people.models import AgencyCredit, Authorship, Person

# What each edition writes before the names of a role ("By A and B", "بقلم أ وب").
# Languages without an entry read as English.
ROLE_PREFIX = {
    "en": {
        Authorship.Role.REPORTER: "By",
        Authorship.Role.PHOTOGRAPHER: "Photos:",
        Authorship.Role.VIDEO: "Video:",
        Authorship.Role.EDITOR: "Edited by",
        Authorship.Role.ADDITIONAL: "Additional reporting by",
    },
    "ar": {
        Authorship.Role.REPORTER: "بقلم",
        Authorship.Role.PHOTOGRAPHER: "تصوير:",
        Authorship.Role.VIDEO: "فيديو:",
        Authorship.Role.EDITOR: "تحرير:",
        Authorship.Role.ADDITIONAL: "ساهم في التغطية:",
    },
}
# The order of the lines of a byline: the reporters lead whatever their positions.
ROLE_ORDER = list(Authorship.Role)

AUTHORS = Prefetch(
    "authorships", queryset=Authorship.objects.select_related("person").order_by("position", "id")
)


def with_credits(articles: QuerySet[Article]) -> QuerySet[Article]:
    """Return ``articles`` fetching their authors and agency in two queries for the lot."""
    return articles.prefetch_related(AUTHORS, "agency_credit")


def authorships_of(article: Article) -> list[Authorship]:
    """Return ``article``'s authorships in byline order, with their people (no query when
    ``with_credits`` fetched them)."""
    prefetch_related_objects([article], AUTHORS)
    return list(article.authorships.all())


def people_of(article: Article) -> list[Person]:
    """Return each person credited on ``article`` once, in byline order."""
    seen: dict[int, Person] = {}
    for authorship in authorships_of(article):
        seen.setdefault(authorship.person_id, authorship.person)
    return list(seen.values())


def agencies_of(article: Article) -> list[str]:
    """Return the agencies credited on ``article`` (``["AFP", "Reuters"]``), or none."""
    try:
        return article.agency_credit.names()
    except AgencyCredit.DoesNotExist:
        return []


def _starts_arabic(name: str) -> bool:
    return bool(name) and "\u0600" <= name[0] <= "\u06ff"


def separators(names: Sequence[str], language: str) -> list[str]:
    """Return the text written before each of ``names`` to join them as ``language`` does:
    English "A, B and C"; Arabic "أ وب وج", the conjunction و joined to the name after it
    and no comma (a name in Latin letters gets a space after و instead)."""
    if not names:
        return []
    if language == "ar":
        return ["", *[" و" if _starts_arabic(n) else " و " for n in names[1:]]]
    if len(names) == 1:
        return [""]
    return ["", *[", "] * (len(names) - 2), " and "]


def join_names(names: Sequence[str], language: str) -> str:
    """Return ``names`` as one phrase: "A, B and C", or "أ وب وج" in Arabic."""
    return "".join(s + n for s, n in zip(separators(names, language), names, strict=True))


@dataclass(frozen=True)
class BylineLine:
    """One line of a byline: a role's words ("By") and its people in order."""

    role: str
    prefix: str
    people: list[tuple[str, Person]]


def byline_lines(article: Article, language: str) -> list[BylineLine]:
    """Return ``article``'s byline as lines by role, reporters first, names joined for
    ``language`` (each person with the separator before them)."""
    by_role: dict[str, list[Person]] = {}
    for authorship in authorships_of(article):
        people = by_role.setdefault(authorship.role, [])
        if authorship.person not in people:
            people.append(authorship.person)
    words = ROLE_PREFIX.get(language, ROLE_PREFIX["en"])
    lines = []
    for role in ROLE_ORDER:
        people = by_role.get(role)
        if people:
            names = [p.name_in(language) for p in people]
            pairs = list(zip(separators(names, language), people, strict=True))
            lines.append(BylineLine(role, words[role], pairs))
    return lines


def author_names(article: Article, language: str | None = None) -> str:
    """Return who wrote ``article`` as plain text in its language: the reporters, else every
    person credited; "" when no person is."""
    language = language or article.language
    authorships = authorships_of(article)
    reporters = [a.person for a in authorships if a.role == Authorship.Role.REPORTER]
    people = list(dict.fromkeys(reporters)) or people_of(article)
    return join_names([p.name_in(language) for p in people], language)


def articles_by(person: Person) -> QuerySet[Article]:
    """Return every article (public or not) crediting ``person``, once each."""
    return Article.objects.filter(pk__in=Authorship.objects.filter(person=person).values("article"))


def credited_people() -> QuerySet[Person]:
    """Return the people credited on at least one public article: whom readers and clients
    may see (a person known only from a draft or an embargoed item stays unnamed)."""
    public = Article.objects.public()
    return Person.objects.filter(
        pk__in=Authorship.objects.filter(article__in=public).values("person")
    )
