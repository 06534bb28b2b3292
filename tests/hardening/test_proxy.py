"""Behind a proxy: the client's address for login throttling and rate limits, and the scheme.

Behind the shipped nginx every request reaches the app from 127.0.0.1; the reader is named in
``X-Forwarded-For``, which is believed only from ``DATELINE_TRUSTED_PROXIES``.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client, RequestFactory

from dateline.proxies import client_address
from tests.hardening.test_security_settings import production_env, production_settings

NGINX = "127.0.0.1"


def _login(password: str, peer: str, forwarded: str | None = None) -> int:
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    response = Client().post("/admin/login/", {"username": "ed", "password": password}, **headers)
    return response.status_code


@pytest.fixture
def editor(db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.DATELINE_TRUSTED_PROXIES = [NGINX]
    return User.objects.create_user("ed", password="the right passphrase", is_staff=True)


def test_forwarded_clients_of_a_trusted_proxy_are_counted_apart(editor):
    for _ in range(3):
        _login("wrong guess", NGINX, "203.0.113.7")
    assert _login("the right passphrase", NGINX, "203.0.113.7") == 429
    # Another reader behind the same nginx is not locked out by the first one's failures.
    assert _login("the right passphrase", NGINX, "198.51.100.20") == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_a_forged_header_from_an_untrusted_peer_is_ignored(editor):
    for n in range(3):
        # A client that reaches the app directly and names a new address each time.
        _login("wrong guess", "192.0.2.50", f"203.0.113.{n}")
    assert _login("the right passphrase", "192.0.2.50", "198.51.100.99") == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.50"}


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        (NGINX, None, NGINX),  # nothing forwarded: the proxy itself
        (NGINX, "203.0.113.7", "203.0.113.7"),
        # The client's own header comes first; nginx appends the address it saw.
        (NGINX, "10.9.9.9, 203.0.113.7", "203.0.113.7"),
        # A trusted load balancer before nginx: skip both hops.
        (NGINX, "203.0.113.7, 10.0.0.5", "203.0.113.7"),
        (NGINX, "10.0.0.4, 10.0.0.5", "10.0.0.4"),  # all trusted: the farthest
        (NGINX, "not-an-address, 10.0.0.5", "10.0.0.5"),  # garbage: the last vouched hop
        (NGINX, " , ", NGINX),
        ("192.0.2.50", "203.0.113.7", "192.0.2.50"),  # untrusted peer: its header is ignored
        ("", "203.0.113.7", ""),
    ],
)
def test_client_address(settings, peer, forwarded, client):
    settings.DATELINE_TRUSTED_PROXIES = [NGINX, "10.0.0.0/24"]
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_address(RequestFactory().get("/", **extra)) == client


def test_api_rate_limits_count_forwarded_clients_apart(db, settings):
    settings.DATELINE_API_RATE_ANON = "2/min"
    settings.DATELINE_TRUSTED_PROXIES = [NGINX]
    from django.core.cache import cache

    cache.clear()
    api = Client()

    def status(forwarded: str) -> int:
        return api.get(
            "/api/v1/articles", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert [status("203.0.113.7") for _ in range(3)] == [200, 200, 429]
    assert status("198.51.100.20") == 200
    # An untrusted peer cannot dodge its limit by naming a new address each time.
    codes = [
        api.get(
            "/api/v1/articles", REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(3)
    ]
    assert codes == [200, 200, 429]


@pytest.mark.parametrize(
    ("flag", "header"), [("", None), ("1", ["HTTP_X_FORWARDED_PROTO", "https"])]
)
def test_the_scheme_header_is_believed_only_behind_a_tls_proxy(tmp_path, flag, header):
    env = production_env(tmp_path) | ({"DATELINE_TLS_PROXY": flag} if flag else {})
    values = production_settings(env, ["SECURE_PROXY_SSL_HEADER"])
    assert values == {"SECURE_PROXY_SSL_HEADER": header}


def test_behind_a_tls_proxy_https_requests_are_not_redirected(db, client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    via_tls = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
    assert via_tls.status_code == 200
    assert via_tls["Strict-Transport-Security"].startswith("max-age=31536000")
    plain = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="http")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
