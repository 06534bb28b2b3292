"""People from imported content: WordPress authors (``wp:author``, ``dc:creator``) found or
created once, whatever the number of re-imports. For the importers to call."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from dateline.articles.models import Article
from dateline.people.models import Authorship, Person
from dateline.people.names import keyed


def _free_slug(name: str, login: str) -> str:
    base = (slugify(name) or slugify(login) or "author")[:90]
    slug, n = base, 1
    while Person.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def person_for(login: str, display_name: str = "") -> Person:
    """Return the person for a WordPress author: the one with this ``login``, else the one
    with this name (who takes the login), else a new one. Raise ValueError when both are
    empty."""
    login, name = login.strip()[:150], " ".join(display_name.split())[:200]
    if not login and not name:
        raise ValueError("a WordPress author needs a login (wp:author_login) or a name")
    if login:
        found = Person.objects.filter(login=login).first()
        if found is not None:
            return found
    if name:
        found = Person.objects.filter(name__iexact=name).first() or (
            Person.objects.filter(name_ar=name).first()
        )
        if found is not None:
            if login and not found.login:
                found.login = login
                found.save(update_fields=["login", "updated_at"])
            return found
    try:
        with transaction.atomic():
            person = keyed(Person(name=name or login, login=login, slug=_free_slug(name, login)))
            person.save(force_insert=True)
            return person
    except IntegrityError:
        # Another import created this login between our look-up and the insert.
        return Person.objects.get(login=login)


def credit_creator(article: Article, person: Person, role: str = Authorship.Role.REPORTER):
    """Credit ``person`` on ``article`` (a ``dc:creator``) once, after any authors it has."""
    last = article.authorships.order_by("-position").values_list("position", flat=True).first()
    authorship, _ = Authorship.objects.get_or_create(
        article=article,
        person=person,
        role=role,
        defaults={"position": 0 if last is None else last + 1},
    )
    return authorship
