"""``dateline apikey``: a key is printed once, stored as a hash, works, and is revoked."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dateline.api.models import ApiKey, hash_key


def apikey(*args: str) -> str:
    out = io.StringIO()
    call_command("apikey", *args, stdout=out)
    return out.getvalue()


def sections(client, key: str | None = None) -> int:
    headers = {"HTTP_X_API_KEY": key} if key else {}
    return client.get("/api/v1/sections", **headers).status_code


def test_create_prints_the_key_once_and_stores_only_its_hash(client, newsroom, settings):
    settings.DATELINE_API_RATE_ANON = "1/min"
    settings.DATELINE_API_RATE_KEY = "3/min"
    out = apikey("create", "Acme Wire")
    raw = out.splitlines()[-1]
    assert len(raw) >= 40
    key = ApiKey.objects.get()
    assert (key.name, key.key_hash, key.is_active) == ("Acme Wire", hash_key(raw), True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apikey")
        assert not any(raw in str(value) for row in cursor.fetchall() for value in row)
    # The key lifts its holder past the anonymous limit, to its own.
    assert [sections(client) for _ in range(2)] == [200, 429]
    assert [sections(client, raw) for _ in range(4)] == [200, 200, 200, 429]
    assert raw not in apikey("list")


def test_list_shows_every_key_and_its_state(db):
    assert "No API keys" in apikey("list")
    apikey("create", "partner one")
    apikey("create", "evaluation")
    apikey("revoke", "partner one")
    lines = apikey("list").splitlines()
    assert [line.split()[1] for line in lines] == ["revoked", "active"]
    assert [line.split("  ")[-1] for line in lines] == ["partner one", "evaluation"]


def test_a_revoked_key_is_refused(client, newsroom):
    raw = apikey("create", "leaver").splitlines()[-1]
    assert sections(client, raw) == 200
    key = ApiKey.objects.get()
    assert f"Revoked API key {key.pk}" in apikey("revoke", str(key.pk))
    assert sections(client, raw) == 401
    assert "already revoked" in apikey("revoke", str(key.pk))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("create", "  "), "Give the key a name"),
        (("create", "x" * 201), "at most 200"),
        (("revoke", "9999"), "No API key with id 9999"),
        (("revoke", "nobody"), "No active API key named 'nobody'"),
        (("revoke", "twin"), "Several active keys are named 'twin'"),
    ],
)
def test_bad_input_is_refused_with_the_reason(db, args, message):
    ApiKey.issue("twin")
    ApiKey.issue("twin")
    with pytest.raises(CommandError, match=message):
        apikey(*args)
    assert ApiKey.objects.count() == 2
