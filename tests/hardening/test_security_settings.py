"""Security settings: the deployment checks, headers, cookies, CSRF, login lockout, uploads."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.hardening.conftest import public_pages

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Return the environment of a production process as docs/security.md describes it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATELINE_", "DJANGO_"))}
    env.update(
        {
            "DATELINE_SECRET_KEY": secrets.token_urlsafe(64),
            "DATELINE_SSL_REDIRECT": "1",
            "DATELINE_ALLOWED_HOSTS": "news.example.org",
            "DATELINE_SITE_URL": "https://news.example.org",
            "DATELINE_DATA_DIR": str(tmp_path),
        }
        | extra
    )
    return env


def run_dateline(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dateline", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = run_dateline(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("extra", "warning"),
    [
        # the built-in development key, asked for explicitly
        ({"DATELINE_SECRET_KEY": "", "DATELINE_INSECURE_DEV_KEY": "1"}, "security.W009"),
        ({"DATELINE_SITE_URL": "http://127.0.0.1:8000"}, "dateline.W001"),  # the default
        ({"DATELINE_SITE_URL": "http://news.example.org"}, "dateline.W002"),
        ({"DATELINE_DEBUG": "1"}, "security.W018"),
        ({"DATELINE_SSL_REDIRECT": "0"}, "security.W008"),
    ],
)
def test_deploy_check_fails_on_an_unsafe_setting(tmp_path, extra, warning):
    result = run_dateline(
        production_env(tmp_path, **extra), "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr


def test_a_missing_secret_key_stops_the_start_with_how_to_fix_it(tmp_path):
    result = run_dateline(production_env(tmp_path, DATELINE_SECRET_KEY=""), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DATELINE_SECRET_KEY is not set" in result.stderr
    assert "secrets.token_urlsafe" in result.stderr


def test_a_wrong_site_url_or_proxy_list_is_an_error(tmp_path):
    env = production_env(tmp_path, DATELINE_SITE_URL="news.example.org")
    result = run_dateline(env, "check")
    assert result.returncode != 0 and "dateline.E001" in result.stderr
    env = production_env(tmp_path, DATELINE_TRUSTED_PROXIES="127.0.0.1,nginx")
    result = run_dateline(env, "check")
    assert result.returncode != 0 and "dateline.E002" in result.stderr
    assert "'nginx' is not an IP address" in result.stderr


PRINT_SETTINGS = """
import json, sys, django
from django.conf import settings
django.setup()
print(json.dumps({n: getattr(settings, n, None) for n in sys.argv[1:]}))
"""
COOKIE_AND_TLS_SETTINGS = [
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT",
    "DEBUG",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
]


def production_settings(env: dict[str, str], names: list[str]) -> dict:
    """Return the values of Django settings ``names`` in a process started with ``env``."""
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS, *names],
        env=env | {"DJANGO_SETTINGS_MODULE": "dateline.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_production_cookies_are_secure_and_http_only(tmp_path):
    values = production_settings(production_env(tmp_path), COOKIE_AND_TLS_SETTINGS)
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
        "DEBUG": False,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
    }


def test_session_cookie_is_sent_secure_and_http_only(db, client):
    User.objects.create_user("ed", password="a long enough passphrase", is_staff=True)
    response = client.post(
        "/admin/login/",
        {"username": "ed", "password": "a long enough passphrase", "next": "/admin/"},
        secure=True,
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_public_page_sends_a_strict_csp(client, newsroom, language):
    for kind, url in public_pages(newsroom, language).items():
        response = client.get(url, secure=True)
        assert response.status_code in (200, 404), (kind, url, response.status_code)
        csp = _csp(response)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], kind
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], kind
        assert csp["script-src"] == ["'self'"], kind
        assert csp["frame-ancestors"] == ["'none'"], kind
        assert csp["base-uri"] == ["'self'"], kind
        assert response["X-Content-Type-Options"] == "nosniff", kind
        assert response["X-Frame-Options"] == "DENY", kind
        assert "max-age=31536000" in response["Strict-Transport-Security"], kind


@pytest.mark.parametrize("language", ["en", "ar"])
def test_public_pages_carry_no_inline_script_or_handler(client, newsroom, language):
    """A strict CSP would block them, so none may exist (JSON-LD data blocks are not scripts)."""
    for kind, url in public_pages(newsroom, language).items():
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", (kind, script)
        for tag in soup.find_all(True):
            handlers = [a for a in tag.attrs if a.lower().startswith("on")]
            assert not handlers, (kind, tag.name, handlers)
            assert not tag.get("style"), (kind, tag.name, "inline style")


def test_plain_http_redirects_to_https_when_asked(client, newsroom, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/en/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert client.get("/en/", secure=True).status_code == 200


def _forms(html: bytes):
    return BeautifulSoup(html, "html.parser").find_all("form")


def test_every_post_form_carries_a_csrf_token(admin_client, newsroom):
    pages = [
        "/admin/login/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{newsroom['en'].pk}/change/",
        "/admin/password_change/",
    ]
    anonymous = Client()
    checked = 0
    for url in pages:
        who = anonymous if "login" in url else admin_client
        for form in _forms(who.get(url).content):
            if (form.get("method") or "get").lower() == "post":
                assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}), url
                checked += 1
    assert checked >= len(pages)


def test_public_forms_are_get_only(client, newsroom):
    for language in ("en", "ar"):
        for kind, url in public_pages(newsroom, language).items():
            for form in _forms(client.get(url).content):
                assert (form.get("method") or "get").lower() == "get", (kind, form)


def test_a_post_without_csrf_token_is_refused(db, newsroom):
    editor = User.objects.create_superuser("boss", password="a long enough passphrase")
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    url = f"/admin/articles/article/{newsroom['en'].pk}/change/"
    response = client.post(url, {"headline": "Hijacked"})
    assert response.status_code == 403
    newsroom["en"].refresh_from_db()
    assert newsroom["en"].headline == "Ceasefire holds in Benghazi"


def test_login_locks_out_after_repeated_failures(db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_user("ed", password="the right passphrase", is_staff=True)
    client = Client()
    for _ in range(3):
        response = client.post("/admin/login/", {"username": "ed", "password": "wrong guess"})
        assert "sessionid" not in response.cookies
    locked = client.post("/admin/login/", {"username": "ed", "password": "the right passphrase"})
    assert locked.status_code == 429
    assert "sessionid" not in locked.cookies
    # The lock holds for a new session from the same address too.
    again = Client().post("/admin/login/", {"username": "ed", "password": "the right passphrase"})
    assert again.status_code == 429


def test_weak_passwords_are_refused(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = User(username="newsdesk")
    for weak in ("password", "12345678", "newsdesk1", "short"):
        with pytest.raises(ValidationError):
            validate_password(weak, user)


UPLOAD_USER = {"username": "photo", "password": "a long enough passphrase"}


@pytest.fixture
def uploader(db):
    from django.contrib.auth.models import Permission

    user = User.objects.create_user(**UPLOAD_USER, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_mediaasset"))
    return user


def _basic(username: str, password: str) -> dict[str, str]:
    import base64

    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


HOSTILE_UPLOADS = [
    ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
    ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
    ("run.js", b"alert(1)", "text/javascript"),
    ("photo.jpg", b"<script>alert(1)</script>", "image/jpeg"),  # lies about its type
    ("shell.php", b"<?php system($_GET['c']); ?>", "image/png"),
]


@pytest.mark.parametrize(("name", "content", "kind"), HOSTILE_UPLOADS)
def test_uploads_that_are_not_images_or_video_are_refused(
    client, media_root, uploader, name, content, kind
):
    upload = SimpleUploadedFile(name, content, content_type=kind)
    response = client.post("/api/v1/media/uploads", {"file": upload}, **_basic(**UPLOAD_USER))
    assert response.status_code == 400, response.content
    stored = [p for p in Path(media_root).rglob("*") if p.is_file()]
    assert stored == []


@pytest.mark.parametrize(
    "name", ["evil.html", "evil.svg", "evil.php", "evil.xhtml", "evil", "evil.htm"]
)
def test_stored_files_are_never_served_as_markup(db, client, media_root, name):
    """Even a file placed in the media folder by other means downloads rather than runs."""
    target = Path(media_root) / "2026" / "01" / "01" / name
    target.parent.mkdir(parents=True)
    target.write_bytes(b"<html><script>alert(1)</script></html>")
    response = client.get(f"/media/2026/01/01/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_logins_and_permission_changes_leave_a_record(db):
    from axes.models import AccessAttempt, AccessLog
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth.models import Group

    User.objects.create_superuser("boss", password="a long enough passphrase")
    reporter = User.objects.create_user("rep", password="another long passphrase", is_staff=True)
    client = Client()
    client.post("/admin/login/", {"username": "boss", "password": "wrong guess"})
    assert AccessAttempt.objects.filter(username="boss", failures_since_start=1).exists()
    client.post("/admin/login/", {"username": "boss", "password": "a long enough passphrase"})
    assert AccessLog.objects.filter(username="boss").exists()

    editors = Group.objects.get_or_create(name="editor")[0]
    response = client.post(
        f"/admin/auth/user/{reporter.pk}/change/",
        {
            "username": "rep",
            "is_active": "on",
            "is_staff": "on",
            "groups": [editors.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content[-1500:]
    entry = LogEntry.objects.get(object_id=str(reporter.pk), action_flag=CHANGE)
    assert entry.user.username == "boss"
    assert "Groups" in entry.get_change_message()
