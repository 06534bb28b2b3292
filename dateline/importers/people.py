"""The people a batch credits: found once per batch, credited with one insert.

``people.imports.person_for`` says who an author is (by login, then by name, never twice);
this module asks it only about the authors a batch's two look-ups did not find, so a batch of
a thousand posts by a dozen authors costs two queries, not a thousand. Credits are added,
never removed: a re-import gives an article the credits it lacks and leaves those an editor
added alone. The byline text is not touched.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Max
from django.db.models.functions import Lower

from dateline.importers.records import Record
from dateline.importers.rows import insert_rows
from dateline.people.imports import person_for
from dateline.people.models import Authorship, Person

ROLES = frozenset(Authorship.Role.values)

Pair = tuple[str, str]


def _normal(pair: Pair) -> Pair:
    # As person_for reads them, so that the pre-fetch finds whom it would find.
    return pair[0].strip()[:150], " ".join(pair[1].split())[:200]


def people_for(pairs: Iterable[Pair]) -> dict[Pair, int]:
    """Return the id of the person each ``(login, name)`` pair names, as ``person_for`` finds
    them: two queries for the lot, and ``person_for`` only for those not found (new people, a
    name match that takes a login). Pairs with neither are left out."""
    wanted = {pair: _normal(pair) for pair in pairs if any(part.strip() for part in pair)}
    if not wanted:
        return {}
    logins = {login for login, _name in wanted.values() if login}
    by_login = dict(Person.objects.filter(login__in=logins).values_list("login", "id"))
    names = {name for login, name in wanted.values() if name and login not in by_login}
    by_name: dict[str, tuple[int, str]] = {}
    if names:
        lowered = {name.lower() for name in names}
        found = (
            Person.objects.annotate(lowered=Lower("name"))
            .filter(lowered__in=lowered)
            .order_by("name", "id")
            .values_list("lowered", "id", "login")
        )
        for lowered_name, pk, login in found:
            by_name.setdefault(lowered_name, (pk, login))
        for name, pk, login in Person.objects.filter(name_ar__in=names).values_list(
            "name_ar", "id", "login"
        ):
            by_name.setdefault(name.lower(), (pk, login))
    people: dict[Pair, int] = {}
    for pair, (login, name) in wanted.items():
        if login in by_login:
            people[pair] = by_login[login]
            continue
        match = by_name.get(name.lower()) if name else None
        if match is not None and (match[1] or not login):
            people[pair] = match[0]
        else:
            people[pair] = person_for(login, name).pk
            if login:
                by_login[login] = people[pair]
    return people


def store_credits(records: list[Record], articles: dict[str, int], fresh: set[str]) -> None:
    """Credit each record's authors on its article, in the record's order, once each.

    ``fresh`` are the keys of articles created in this batch: they have no credits yet, so
    only the others are looked up.
    """
    credited = [(r.key, a) for r in records if r.key in articles for a in r.authors]
    if not credited:
        return
    people = people_for({(a.login, a.name) for _key, a in credited})
    old = [articles[key] for key in {key for key, _a in credited if key not in fresh}]
    have: set[tuple[int, int, str]] = set()
    last: dict[int, int] = {}
    if old:
        have = set(
            Authorship.objects.filter(article_id__in=old).values_list(
                "article_id", "person_id", "role"
            )
        )
        last = dict(
            Authorship.objects.filter(article_id__in=old)
            .values("article_id")
            .annotate(last=Max("position"))
            .values_list("article_id", "last")
        )
    rows = []
    for key, author in credited:
        person = people.get((author.login, author.name))
        role = author.role if author.role in ROLES else Authorship.Role.REPORTER
        credit = (articles[key], person, role)
        if person is None or credit in have:
            continue
        have.add(credit)
        position = last.get(credit[0], -1) + 1
        last[credit[0]] = position
        rows.append(
            {"article_id": credit[0], "person_id": person, "role": role, "position": position}
        )
    insert_rows(Authorship, rows)
