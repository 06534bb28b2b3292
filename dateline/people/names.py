"""Find people by name however it is typed: the stored search key and the match against it.

A person's ``search_key`` holds both spellings of the name folded by the shared analysis
(``dateline.analysis.fold``: case, NFKC, Arabic alef and yeh forms, teh marbuta, diacritics
and tatweel), so "احمد" finds "أحمد" and "Ahmed" finds "AHMED" with one plain ``contains``
that SQLite and PostgreSQL run alike. The key is written by whoever saves a person's names
(the people admin's form, ``people.imports``), never by ``Person.save()``; after the analysis
folds differently, ``refresh_search_keys`` brings every row up to date.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from dateline.analysis import fold
from dateline.people.models import Person

# Between the two spellings: a typed term never holds a line break (pickers split it on
# whitespace), so no match runs from the end of one spelling into the other.
_SEPARATOR = "\n"
_BATCH = 500


def search_key(name: str, name_ar: str = "") -> str:
    """Return the search key of a person named ``name`` (and ``name_ar`` in Arabic)."""
    spellings = (" ".join(fold(n).split()) for n in (name, name_ar))
    return _SEPARATOR.join(s for s in spellings if s)


def keyed(person: Person) -> Person:
    """Set ``person.search_key`` from its names (unsaved) and return ``person``."""
    person.search_key = search_key(person.name, person.name_ar)
    return person


def matching(term: str) -> Q:
    """Return the condition on people whose name, in either spelling, contains ``term`` as
    folded; an empty condition (nobody) when nothing is left of it after folding."""
    folded = " ".join(fold(term).split())
    return Q(search_key__contains=folded) if folded else Q(pk__in=[])


def refresh_search_keys(people: QuerySet | None = None) -> int:
    """Rewrite the search key of ``people`` (everyone by default) where it changed; return
    how many rows were written."""
    # Any queryset of people, the migration's historical model's too.
    people = Person.objects.all() if people is None else people
    changed = []
    for person in people.only("pk", "name", "name_ar", "search_key").iterator(chunk_size=_BATCH):
        key = search_key(person.name, person.name_ar)
        if key != person.search_key:
            person.search_key = key
            changed.append(person)
    people.model._default_manager.bulk_update(changed, ["search_key"], batch_size=_BATCH)
    return len(changed)
