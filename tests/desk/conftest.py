from __future__ import annotations

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User

from dateline.desk import roles


def make_user(role: str | None, name: str | None = None) -> User:
    """Return a staff user holding ``role`` (one of dateline.desk.roles), password 'pw'."""
    name = name or (role or "nobody").replace(" ", "_")
    if role and not Group.objects.filter(name=role).exists():
        # A transactional test's flush empties the tables the data migration filled.
        roles.create_roles(django_apps)
    user = User.objects.create_user(name, password="pw", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The real hasher takes a third of a second per user on purpose; tests need no such cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(db) -> dict[str, User]:
    return {role: make_user(role) for role in roles.ROLES} | {"reader": make_user(None)}
