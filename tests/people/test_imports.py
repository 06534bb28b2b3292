"""WordPress authors become people once: matched by login, then by name, never duplicated."""

from __future__ import annotations

import pytest

from dateline.people.imports import credit_creator, person_for
from dateline.people.models import Authorship, Person
from tests.factories import make_article


def test_login_then_name_match_and_reimport_creates_nothing(db):
    first = person_for("jdoe", "Jane Doe")
    assert (first.slug, first.login) == ("jane-doe", "jdoe")
    assert person_for("jdoe", "Jane D.") == first
    existing = Person.objects.create(name="Omar Khaled", slug="omar")
    assert person_for("okhaled", "omar khaled") == existing
    existing.refresh_from_db()
    assert existing.login == "okhaled"
    assert person_for("okhaled") == existing
    assert Person.objects.count() == 2


def test_same_name_new_slug_and_empty_author_refused(db):
    Person.objects.create(name="Sam Lee", slug="sam-lee", login="slee")
    other = person_for("samlee2", "")
    assert other.slug == "samlee2"
    with pytest.raises(ValueError, match="wp:author_login"):
        person_for("  ", " ")


def test_crediting_a_creator_twice_adds_one_authorship(db):
    article = make_article()
    person = person_for("jdoe", "Jane Doe")
    credit_creator(article, person)
    credit_creator(article, person)
    assert Authorship.objects.filter(article=article).count() == 1


def test_an_imported_author_is_found_by_any_spelling_of_the_name(db):
    person = person_for("asaid", "أحمد سعيد")
    assert Person.objects.get(pk=person.pk).search_key == "احمد سعيد"
