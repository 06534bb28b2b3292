"""Django settings for Dateline, read from the environment.

With nothing set, Dateline runs embedded: SQLite in WAL mode and media on local disk under
``DATELINE_DATA_DIR``. ``DATABASE_URL`` switches to PostgreSQL, ``REDIS_URL`` to a Redis cache.
Dateline's own settings (``DATELINE_*``) are documented in ``dateline/conf.py`` and read there,
inside functions, never at import.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from dateline.conf import from_environment
from dateline.logconfig import logging_config

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("DATELINE_DATA_DIR", "dateline-data")).resolve()


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_flag("DATELINE_DEBUG")
DEMO = _env_flag("DATELINE_DEMO")

SECRET_KEY = os.environ.get("DATELINE_SECRET_KEY") or os.environ.get("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or DEMO or _env_flag("DATELINE_INSECURE_DEV_KEY"):
        # An embedded demo on one machine needs no secret of its own; production sets one.
        # The prefix makes Django's `check --deploy` (security.W009) refuse this key.
        SECRET_KEY = "django-insecure-dateline-embedded-key-set-DATELINE_SECRET_KEY"
    else:
        # A built-in key would sign every session and preview link with a secret anyone can
        # read: refuse to start instead.
        raise ImproperlyConfigured(
            "DATELINE_SECRET_KEY is not set. Set it to a long random value, e.g. "
            "export DATELINE_SECRET_KEY=\"$(python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(64))')\" (keep it the same across restarts); "
            "for development on this machine only, DATELINE_INSECURE_DEV_KEY=1 uses a "
            "built-in key (`dateline demo` does so itself)."
        )

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DATELINE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DATELINE_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "modelsearch",
    "axes",
    "django_prose_editor",
    "dateline.taxonomy",
    "dateline.media",
    "dateline.desk",
    "dateline.stories",
    "dateline.articles",
    "dateline.people",
    "dateline.live",
    "dateline.related",
    "dateline.search",
    "dateline.syndication",
    "dateline.publishing",
    "dateline.fronts",
    "dateline.importers",
    "dateline.public",
    "dateline.api",
    "dateline.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that writes a body, baked files included: compress last, and take
    # the ETag of the uncompressed body, so one validator serves both encodings.
    "dateline.conditional.PublicGZipMiddleware",
    "dateline.conditional.ReaderConditionalGetMiddleware",
    "dateline.publishing.middleware.BakedFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dateline.conditional.EditionLocaleMiddleware",
    "dateline.api.middleware.ApiCorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "dateline.importers.middleware.LegacyRedirectMiddleware",
    "dateline.publishing.middleware.BakedPagesMiddleware",
]

ROOT_URLCONF = "dateline.urls"
WSGI_APPLICATION = "dateline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dateline.public.context_processors.site",
            ],
        },
    }
]


def _database_from_env() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        config.setdefault("TEST", {})
        return config
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "dateline.sqlite3"),
        "OPTIONS": {
            # WAL lets readers go on while a writer commits; IMMEDIATE avoids the
            # "database is locked" upgrade failure when two writers start together.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
            ),
        },
    }


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _cache_from_env() -> dict:
    url = os.environ.get("REDIS_URL")
    if url:
        # A dead or slow Redis must cost a request at most one short timeout, then none for a
        # while: the cache holds nothing that the database cannot rebuild.
        timeout = float(os.environ.get("DATELINE_REDIS_TIMEOUT", "0.5"))
        return {
            "BACKEND": "dateline.cache.TolerantRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "dateline",
            "RETRY_SECONDS": float(os.environ.get("DATELINE_REDIS_RETRY_SECONDS", "5")),
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    # One file every worker process shares, so API rate limits count per client, not per
    # process (dateline/cache.py).
    return {
        "BACKEND": "dateline.cache.SQLiteCache",
        "LOCATION": str(DATA_DIR / "cache.sqlite3"),
        "KEY_PREFIX": "dateline",
        "RETRY_SECONDS": float(os.environ.get("DATELINE_REDIS_RETRY_SECONDS", "5")),
    }


CACHES = {"default": _cache_from_env()}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("DATELINE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DATELINE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
# Behind nginx every request comes from 127.0.0.1: count failures per forwarded client.
AXES_CLIENT_IP_CALLABLE = "dateline.proxies.client_address"

LANGUAGE_CODE = os.environ.get("DATELINE_DEFAULT_LANGUAGE", "en")
LANGUAGES = [("en", "English"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DATELINE_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "dateline.media.storage.MediaFileStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o644
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Secure by default; the embedded demo over plain http on 127.0.0.1 relaxes the TLS-only parts.
_TLS = not (DEBUG or DEMO) and _env_flag("DATELINE_HTTPS", True)
SESSION_COOKIE_SECURE = _TLS
CSRF_COOKIE_SECURE = _TLS
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 31536000 if _TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _TLS
SECURE_HSTS_PRELOAD = _TLS and _env_flag("DATELINE_HSTS_PRELOAD", True)
# Off by default so that plain-http tests and proxies that redirect themselves keep working;
# production sets it (docs/security.md), and `dateline check --deploy` warns until it does.
SECURE_SSL_REDIRECT = _TLS and _env_flag("DATELINE_SSL_REDIRECT")
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Only a proxy that terminates TLS and always sets X-Forwarded-Proto may be believed about
# the scheme (deploy/README.md, "The proxy contract"); without one, the header is the client's.
if _env_flag("DATELINE_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        # Click-to-load embeds (dateline/public/static/dateline/embeds.js): privacy-mode players.
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

# Every unhandled error, failed task, purge and webhook to stderr with its traceback, and to
# DATELINE_LOG_FILE (relative: under the data dir) when set; DEBUG or not (dateline/logconfig.py).
LOGGING = logging_config(
    os.environ.get("DATELINE_LOG_LEVEL", "INFO"), os.environ.get("DATELINE_LOG_FILE", ""), DATA_DIR
)

MODELSEARCH = {"default": {"BACKEND": "modelsearch.backends.database"}}

# Baking (docs/settings.md): on in production deployments, off for a bare checkout and tests.
DATELINE_BAKE = _env_flag("DATELINE_BAKE")
DATELINE_BAKE_IN_BACKGROUND = _env_flag("DATELINE_BAKE_IN_BACKGROUND")
DATELINE_BAKE_TAIL_IN_BACKGROUND = _env_flag("DATELINE_BAKE_TAIL_IN_BACKGROUND")
DATELINE_PUBLISH_ROOT = os.environ.get("DATELINE_PUBLISH_ROOT", "")
DATELINE_MEDIA_ACCEL_PREFIX = os.environ.get("DATELINE_MEDIA_ACCEL_PREFIX", "")
# Read from the environment only when set, so that conf.py's registry keeps the defaults.
if "DATELINE_SITE_URL" in os.environ:
    DATELINE_SITE_URL = os.environ["DATELINE_SITE_URL"]
if DEMO:
    # Example profiles on reserved .example hosts: the demo shows a complete publisher without
    # claiming anyone's real accounts.
    DATELINE_PUBLISHER_SAME_AS = [
        "https://social.example/@dateline",
        "https://video.example/c/dateline",
    ]
# Related items, stories, API rate limits and the page cache: each registered setting of these
# prefixes is read from the variable of the same name when set, parsed as its default's type.
globals().update(
    from_environment(
        ("DATELINE_RELATED_", "DATELINE_STORY_", "DATELINE_API_RATE_", "DATELINE_PAGE_CACHE_"),
        os.environ,
    )
)
if "DATELINE_TRUSTED_PROXIES" in os.environ:
    DATELINE_TRUSTED_PROXIES = [
        p.strip() for p in os.environ["DATELINE_TRUSTED_PROXIES"].split(",") if p.strip()
    ]
