"""Dateline's own settings: one registry of name, default and help.

Read a setting with ``setting("DATELINE_SITE_PREFIX")``; never read ``django.conf.settings``
for a ``DATELINE_`` name at import time. ``docs/settings.md`` is checked against this registry
by the tests, so a setting cannot go undocumented.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


REGISTRY: dict[str, Setting] = {}


def register(name: str, default: Any, help: str, registry: dict | None = None) -> Setting:
    """Register a ``DATELINE_`` setting with its default and one line of help (in
    ``registry``, the Django settings' ``REGISTRY`` unless told)."""
    if not name.startswith("DATELINE_"):
        raise ValueError(f"Dateline settings start with DATELINE_, not {name!r}")
    entry = Setting(name, default, help)
    (REGISTRY if registry is None else registry)[name] = entry
    return entry


register("DATELINE_SITE_NAME", "Dateline", "Publication name shown on pages, feeds and sitemaps.")
register(
    "DATELINE_SITE_URL",
    "http://127.0.0.1:8000",
    "Absolute base URL of the public site, used for canonical links, feeds and sitemaps "
    "(environment variable of the same name; `dateline demo` sets it from --bind).",
)
register(
    "DATELINE_PUBLISHER_NAME",
    "",
    "Name of the newsroom as publisher in structured data (NewsMediaOrganization); empty: "
    "DATELINE_SITE_NAME.",
)
register(
    "DATELINE_PUBLISHER_URL",
    "",
    "Address of the newsroom as publisher in structured data; empty: the default edition's home.",
)
register(
    "DATELINE_PUBLISHER_LOGO",
    "dateline/logo.png",
    "Static file of the publisher's logo in structured data: PNG, JPEG or GIF, at least "
    "112x112 pixels (Google's logo rules); its width and height are read from the file.",
)
register(
    "DATELINE_PUBLISHER_SAME_AS",
    [],
    "Addresses of the newsroom's own profiles elsewhere (social networks, Wikipedia, "
    "Wikidata), written as the publisher's sameAs in structured data.",
)
register(
    "DATELINE_SITE_DESCRIPTION",
    {
        "en": "News as it happens, in English and Arabic.",
        "ar": "الأخبار لحظة بلحظة، بالعربية والإنجليزية.",
    },
    "Description of each edition's front page (meta description, OpenGraph), by language code.",
)
register(
    "DATELINE_TRUSTED_PROXIES",
    ["127.0.0.1", "::1"],
    "Addresses or networks of the proxies in front of the app (nginx, a load balancer) whose "
    "X-Forwarded-For is believed, for login throttling and API rate limits; comma-separated "
    "in the environment variable of the same name. Anyone else's header is ignored.",
)
register(
    "DATELINE_SITE_PREFIX",
    "dateline",
    "Prefix of media file names: /<yyyy>/<mm>/<dd>/<prefix>_<ticks>_<size>_<ratio>.<ext>.",
)
register("DATELINE_LANGUAGES", ["en", "ar"], "Language editions, each served under /<code>/.")
register("DATELINE_RTL_LANGUAGES", ["ar", "fa", "he", "ur"], "Languages written right to left.")
register(
    "DATELINE_RELATED_BACKEND",
    "dateline.related.backends.hybrid.HybridRelatedBackend",
    "Dotted path of the related-items engine class (hybrid: stored lists computed after each "
    "publish; simple: latest items sharing the story or a topic).",
)
register("DATELINE_RELATED_LIMIT", 9, "How many related items an article lists (the reference: 9).")
register(
    "DATELINE_RELATED_INDEX_PATH",
    "",
    "File of the related-items index snapshot; empty means <DATELINE_DATA_DIR>/related-index.npz.",
)
register(
    "DATELINE_RELATED_SNAPSHOT_EVERY",
    1000,
    "Write the related-items index snapshot after this many updates in a worker (0: never).",
)
register(
    "DATELINE_RELATED_DENSE",
    False,
    "Add the multilingual sentence encoder's signal (installed with Dateline). Each "
    "article is encoded once (about 5 ms of CPU for a 300-character text) and its vector "
    "cached; the cosine counts above 0.55 beside the words, and across languages from 0.5 "
    "in their place. Off by default: it ties the lexical signals in one language, adds 2 "
    "GiB per process at 1,000,000 articles, and a first rebuild costs 2.7-4.4x; turn it "
    "on when editions in two languages cover the same events (with "
    "DATELINE_RELATED_OTHER_LANGUAGES).",
)
register(
    "DATELINE_RELATED_OTHER_LANGUAGES",
    0,
    "How many items in another language an article's related list may hold (0: its own "
    "language only). Up to this many slots at the end of the list are reserved for coverage "
    "of the same event in another language (the same story, or the dense signal's cosine "
    "0.5 or more), best first; they are filled only when such items exist, so a list keeps "
    "at least DATELINE_RELATED_LIMIT minus this many items in its own language, and they are "
    "served after the article's own language.",
)
register(
    "DATELINE_RELATED_HORIZON_DAYS",
    365,
    "How far back related items beyond the article's own story are looked for, in days.",
)
register(
    "DATELINE_STORY_THRESHOLD",
    0.2,
    "Story match score (0-1) from which an article of 200 indexed terms or more joins an "
    "existing story instead of opening one.",
)
register(
    "DATELINE_STORY_SHORT_THRESHOLD",
    0.12,
    "The same for a short text (40 indexed terms or fewer, a headline and snippet), which "
    "shares fewer words with its story; lengths in between get a threshold in between.",
)
register(
    "DATELINE_STORY_TIME_SCALE_DAYS",
    3.0,
    "Time-aware story matching: a story whose nearest item is d days away counts "
    "1 / (1 + d / this) of its text match (0: time is not used).",
)
register(
    "DATELINE_STORY_WINDOW_DAYS",
    30,
    "How many days before and after an article its story is looked for.",
)
register(
    "DATELINE_SORT_KEY_START",
    4_000_000_000,
    "First sort key handed out when no article has one yet. Keys fall as time rises; give each "
    "independent database a disjoint range below its own start.",
)
register("DATELINE_FRONT_PAGE_SIZE", 30, "Items per page on home, section and topic fronts.")
register(
    "DATELINE_URGENT_HOURS",
    6,
    "Hours an urgent or breaking item is shown as such after publication, unless the desk set "
    "its own breaking end time.",
)
register(
    "DATELINE_MOST_READ_HOURS",
    24,
    "Hours of reads (counted per item per hour by the reader beacon) behind the most read block.",
)
register(
    "DATELINE_SEARCH_BACKEND",
    "dateline.search.backends.auto",
    "Dotted path of the search backend (auto picks SQLite FTS5 or PostgreSQL by database).",
)

register(
    "DATELINE_FEED_FULL_TEXT", True, "Feeds carry the full article body (False: the summary only)."
)
register("DATELINE_FEED_SIZE", 50, "How many newest items each RSS, Atom and JSON feed lists.")
register(
    "DATELINE_WEBSUB_HUB",
    "",
    "URL of the WebSub hub that feeds declare and that is pinged on publish, update and kill "
    "(empty: no hub).",
)
register("DATELINE_WEBHOOK_MAX_ATTEMPTS", 5, "Delivery attempts of one webhook before it fails.")
register("DATELINE_WEBHOOK_TIMEOUT", 10, "Seconds a webhook or hub request may take.")
register("DATELINE_API_PAGE_SIZE", 20, "Default items per page of API lists (at most 100).")
register("DATELINE_API_RATE_ANON", "120/min", "Rate limit of API calls without a key, per client.")
register("DATELINE_API_RATE_KEY", "1200/min", "Rate limit of API calls with a key, per key.")

register(
    "DATELINE_SCHEDULE_GRACE_SECONDS",
    60,
    "A scheduled item released later than this after its time raises an alert (admin and log).",
)
register(
    "DATELINE_PREVIEW_MAX_AGE",
    2 * 24 * 3600,
    "Seconds a signed preview link of an unpublished item stays valid.",
)
register(
    "DATELINE_ADMIN_SEARCH_WINDOW",
    50_000,
    "The admin's substring search reads only this many newest items (and all undated "
    "drafts); the search backend finds published items beyond them.",
)

register(
    "DATELINE_BAKE",
    False,
    "Bake pages: rebuild the affected baked pages on every article change, bake pages on "
    "first read, and serve baked files from the app when no nginx is in front.",
)
register(
    "DATELINE_BAKE_IN_BACKGROUND",
    False,
    "Rebuild baked pages and purge the CDN in django-tasks tasks (needs `dateline db_worker`); "
    "off: rebuild in the publishing process right after the commit.",
)
register(
    "DATELINE_BAKE_TAIL_IN_BACKGROUND",
    False,
    "With DATELINE_BAKE_IN_BACKGROUND off: rebuild only the urgent pages of a change (the "
    "article, home fronts, site and edition feeds, news sitemap) in the publishing process "
    "and leave the long tail (section, topic and story pages and feeds, API documents, "
    "related JSON) to `dateline worker`.",
)
register(
    "DATELINE_PUBLISH_BACKEND",
    "dateline.publishing.targets.LocalFolderTarget",
    "Dotted path of the publish target for baked files (local folder, S3Target, InMemoryTarget).",
)
register(
    "DATELINE_PUBLISH_ROOT",
    "",
    "Folder of baked files for the local target; empty means <DATELINE_DATA_DIR>/baked.",
)
register(
    "DATELINE_PUBLISH_S3",
    {},
    'S3 target options: {"bucket": ..., "prefix": ..., "endpoint_url": ...} (boto3 credentials).',
)
register(
    "DATELINE_PUBLISH_BUILDABLES",
    [
        "dateline.publishing.buildables.ArticlePages",
        "dateline.publishing.buildables.RelatedJson",
        "dateline.publishing.buildables.ApiArticles",
        "dateline.publishing.buildables.HomeFronts",
        "dateline.publishing.buildables.SectionFronts",
        "dateline.publishing.buildables.TopicPages",
        "dateline.publishing.buildables.StoryPages",
        "dateline.publishing.buildables.FeedsAndSitemaps",
        "dateline.publishing.buildables.LiveEntries",
        "dateline.fronts.buildables.ArrangedFronts",
    ],
    "Dotted paths of the kinds of baked pages (Buildable classes or instances); add one line "
    "per kind.",
)
register(
    "DATELINE_BAKE_THREADS",
    2,
    "Threads that rebuild the pages of one article change in parallel (1: one after another).",
)
register(
    "DATELINE_BAKE_CLAIM_SECONDS",
    120,
    "Seconds a bake worker's claim on a page lasts before another worker may take it over.",
)
register(
    "DATELINE_LIVE_POLL_SECONDS",
    10,
    "Seconds between two polls of a live item's update resource by an open reader page.",
)
register(
    "DATELINE_PAGE_CACHE_SECONDS",
    60,
    "Seconds a rendered reader page is kept in the shared cache at most (0: never kept); any "
    "change readers could see drops it at once.",
)
register("DATELINE_PAGE_MAX_AGE", 60, "Browser cache lifetime of pages, in seconds (revalidated).")
register(
    "DATELINE_CDN_MAX_AGE", 86400, "CDN cache lifetime of pages, in seconds (purged on change)."
)
register(
    "DATELINE_MEDIA_MAX_AGE",
    86400,
    "Browser cache lifetime of public media files, in seconds (no purge reaches a browser).",
)
register(
    "DATELINE_MEDIA_CDN_MAX_AGE",
    31536000,
    "CDN cache lifetime of public media files, in seconds (purged when their item is hidden).",
)
register(
    "DATELINE_PURGE_BACKEND",
    "dateline.publishing.purge.NullPurgeBackend",
    "Dotted path of the CDN purge backend (NullPurgeBackend, FastlyPurgeBackend, "
    "RecordingPurgeBackend for tests).",
)
register("DATELINE_PURGE_TIMEOUT", 3.0, "Seconds to wait for one CDN purge request.")
register("DATELINE_PURGE_ATTEMPTS", 3, "Attempts of a CDN purge before it is logged as failed.")
register(
    "DATELINE_FASTLY",
    {},
    'Fastly purge options: {"service_id": ..., "api_token": ..., "api_url": ...}.',
)

register(
    "DATELINE_MEDIA_MAX_IMAGE_BYTES",
    50 * 1024 * 1024,
    "Largest image upload accepted, in bytes.",
)
register(
    "DATELINE_MEDIA_MAX_VIDEO_BYTES",
    1024 * 1024 * 1024,
    "Largest video upload accepted, in bytes.",
)
register(
    "DATELINE_MEDIA_MAX_PIXELS",
    60_000_000,
    "Largest image accepted, in pixels (width x height); larger files are refused as "
    "decompression bombs.",
)
register(
    "DATELINE_MEDIA_WIDTHS",
    [320, 607, 800, 1200, 1600],
    "Widths in pixels of image renditions offered in srcset; 607 (the reference's 25f) is the "
    "default src.",
)
register(
    "DATELINE_MEDIA_ACCEL_PREFIX",
    "",
    "Behind nginx: the internal location (e.g. '/_media-files/') the app hands a media file to "
    "with X-Accel-Redirect once it has checked that a reader may see it; empty: the app sends "
    "the bytes itself.",
)
register(
    "DATELINE_MEDIA_FFMPEG",
    "ffmpeg",
    "ffmpeg command used to take a video's poster frame; empty to use uploaded posters only.",
)


# Settings read from the environment by dateline/settings.py, before Django starts: they have
# no Django setting to read later, so ``setting()`` does not serve them. Registered here so that
# the documentation test knows them (tests/foundation/test_settings_documented.py).
ENVIRONMENT: dict[str, Setting] = {}


for _name, _default, _help in [
    ("DATELINE_DATA_DIR", "dateline-data", "Folder of the SQLite database, media and logs."),
    ("DATELINE_SECRET_KEY", "", "Django's SECRET_KEY; required outside development."),
    ("DATELINE_INSECURE_DEV_KEY", "", "1: a built-in secret key for development on one machine."),
    ("DATELINE_DEBUG", "", "1: Django's DEBUG; never in production."),
    ("DATELINE_DEMO", "", "Set by `dateline demo`: plain-http cookies for 127.0.0.1."),
    ("DATELINE_HTTPS", "1", "Secure cookies and HSTS."),
    ("DATELINE_SSL_REDIRECT", "", "1: redirect plain-http requests to https."),
    ("DATELINE_TLS_PROXY", "", "1: believe X-Forwarded-Proto from the TLS-terminating proxy."),
    ("DATELINE_HSTS_PRELOAD", "1", "Add preload to the HSTS header."),
    ("DATELINE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver", "Comma-separated host names."),
    ("DATELINE_CSRF_TRUSTED_ORIGINS", "", "Comma-separated origins trusted for CSRF."),
    ("DATELINE_LOGIN_FAILURE_LIMIT", "5", "Wrong passwords before a login is locked for an hour."),
    ("DATELINE_REDIS_TIMEOUT", "0.5", "Seconds a Redis call may take before it counts as down."),
    ("DATELINE_REDIS_RETRY_SECONDS", "5", "Seconds a failed cache store is left alone."),
    ("DATELINE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend", "Background task backend."),
    ("DATELINE_DEFAULT_LANGUAGE", "en", "Default language."),
    ("DATELINE_TIME_ZONE", "UTC", "Time zone of datelines."),
    ("DATELINE_LOG_LEVEL", "INFO", "Level of the dateline loggers."),
    ("DATELINE_LOG_FILE", "", "Also log to this file (relative: under DATELINE_DATA_DIR)."),
]:
    register(_name, _default, _help, ENVIRONMENT)


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


def from_environment(prefixes: tuple[str, ...], environ: Mapping[str, str]) -> dict[str, Any]:
    """Return the registered settings named with one of ``prefixes`` that ``environ`` sets,
    each parsed as the type of its default (a flag is 1/0, true/false, yes/no or on/off).

    For ``dateline/settings.py``, so that a deployment sets them like the other variables.
    Raise ``ImproperlyConfigured`` naming the variable when a value does not parse.
    """
    found: dict[str, Any] = {}
    for name, entry in REGISTRY.items():
        if not name.startswith(prefixes) or name not in environ:
            continue
        raw = environ[name].strip()
        kind = type(entry.default)
        try:
            if kind is bool:
                if raw.lower() not in _TRUE | _FALSE:
                    raise ValueError("not a flag")
                found[name] = raw.lower() in _TRUE
            elif kind in (int, float, str):
                found[name] = kind(raw)
            else:
                raise ValueError(f"a {kind.__name__} cannot be set from the environment")
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"Environment variable {name}={environ[name]!r} is not a valid "
                f"{kind.__name__} ({exc}); expected a value like {entry.default!r}"
            ) from None
    return found


def setting(name: str) -> Any:
    """Return the value of a registered ``DATELINE_`` setting, or its default."""
    try:
        entry = REGISTRY[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"{name} is not a registered Dateline setting; register it in dateline/conf.py"
        ) from None
    return getattr(django_settings, name, entry.default)


def load_backend(name: str, **kwargs: Any) -> Any:
    """Instantiate the backend class named by the ``name`` setting."""
    path = setting(name)
    return _backend_class(name, path)(**kwargs)


@functools.cache
def _backend_class(name: str, path: str) -> type:
    try:
        return import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"{name} = {path!r} cannot be imported ({exc}); set it to a dotted path of a class"
        ) from exc
