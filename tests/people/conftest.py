"""A small bylined newsroom: three people, English and Arabic items, and hidden ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.articles.models import Article
from dateline.people.models import AgencyCredit, Authorship, Person, PersonLink
from tests.factories import make_article, make_media

HIDDEN = "Draft by Jane never shown"
EMBARGOED = "Embargoed by Jane never shown"


@dataclass
class Bylined:
    jane: Person
    omar: Person
    sam: Person
    english: Article
    arabic: Article
    hidden: list[Article]


def credit(article: Article, *people_roles: tuple[Person, str]) -> None:
    for position, (person, role) in enumerate(people_roles):
        Authorship.objects.create(article=article, person=person, role=role, position=position)


@pytest.fixture
def bylined(db, settings) -> Bylined:
    settings.DATELINE_SITE_URL = "https://news.example"
    settings.DATELINE_WEBSUB_HUB = ""
    jane = Person.objects.create(
        name="Jane Doe",
        name_ar="جين دو",
        slug="jane-doe",
        title="Cairo correspondent",
        title_ar="مراسلة القاهرة",
        bio="Jane covers Egypt and Libya.",
        bio_ar="تغطي جين مصر وليبيا.",
        website="https://janedoe.example/",
        photo=make_media(),
    )
    PersonLink.objects.create(person=jane, url="https://social.example/@jane")
    omar = Person.objects.create(name="Omar Khaled", name_ar="عمر خالد", slug="omar-khaled")
    sam = Person.objects.create(name="Sam Lee", slug="sam-lee")
    R = Authorship.Role
    english = make_article("Talks resume in Geneva", summary="Envoys meet again.")
    credit(
        english, (jane, R.REPORTER), (omar, R.REPORTER), (sam, R.REPORTER), (omar, R.PHOTOGRAPHER)
    )
    AgencyCredit.objects.create(article=english, agencies="AFP, Reuters")
    arabic = make_article("استئناف المحادثات في جنيف", language="ar")
    credit(arabic, (omar, R.REPORTER), (jane, R.REPORTER), (sam, R.ADDITIONAL))
    AgencyCredit.objects.create(article=arabic, agencies="أ ف ب")
    hidden = [
        make_article(HIDDEN, status=Article.Status.DRAFT),
        make_article(EMBARGOED, embargo_until=timezone.now() + timedelta(days=1)),
    ]
    for item in hidden:
        credit(item, (jane, R.REPORTER))
    return Bylined(jane, omar, sam, english, arabic, hidden)
