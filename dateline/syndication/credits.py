"""An article's people and agencies in the distribution formats (schema.org, ninjs): pure
functions of rows, shared by ``jsonld`` and ``ninjs``."""

from __future__ import annotations

from dateline.articles.models import Article
from dateline.people.credits import agencies_of, authorships_of, people_of
from dateline.people.models import Person
from dateline.site.urlbuilder import urls
from dateline.syndication import facts


def person_url(person: Person, language: str) -> str:
    """Return the absolute URL of ``person``'s page in the ``language`` edition."""
    return urls.absolute(urls.author(person, language))


def person_jsonld(person: Person, language: str) -> dict:
    """Return ``person`` as a schema.org Person named as ``language`` spells them."""
    data = {
        "@type": "Person",
        "name": person.name_in(language),
        "url": person_url(person, language),
        "jobTitle": person.title_in(language),
        "sameAs": person.profile_urls(),
    }
    if person.photo_id:
        data["image"] = facts.media_url(person.photo)
    return {key: value for key, value in data.items() if value not in ("", [])}


def people_jsonld(article: Article) -> list[dict]:
    """Return the people credited on ``article`` as schema.org Persons (none when none is)."""
    return [person_jsonld(p, article.language) for p in people_of(article)]


def source_organization(article: Article) -> dict | list[dict] | None:
    """Return the agencies credited on ``article`` as ``sourceOrganization``: one
    organization, a list of them, or None."""
    organizations = [{"@type": "NewsMediaOrganization", "name": a} for a in agencies_of(article)]
    if len(organizations) <= 1:
        return organizations[0] if organizations else None
    return organizations


def credits_ninjs(article: Article) -> dict:
    """Return ninjs ``people`` (each credited person with their role and page) for
    ``article``; ``by`` stays ``facts.author_name``. Property names are ninjs 3's."""
    people = [
        {
            "name": a.person.name_in(article.language),
            "rel": a.role,
            "uri": person_url(a.person, article.language),
            "literal": a.person.slug,
        }
        for a in authorships_of(article)
    ]
    return {"people": people} if people else {}
