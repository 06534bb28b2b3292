"""Deployment checks of the public site's address (``dateline check --deploy``).

Canonical links, feeds, sitemaps, robots.txt and baked pages are all built on
``DATELINE_SITE_URL``; a production site left on the default publishes links to localhost.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from dateline.conf import setting

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


@register(Tags.compatibility)
def check_site_url_form(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Refuse a ``DATELINE_SITE_URL`` that is not an absolute http(s) address."""
    url = setting("DATELINE_SITE_URL")
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.hostname:
        return []
    return [
        Error(
            f"DATELINE_SITE_URL = {url!r} is not an absolute http(s) address.",
            hint="Set it to the address readers use, e.g. https://news.example.org",
            id="dateline.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_site_url_is_public(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Warn when the site's own links would point at this machine or at plain http."""
    url = setting("DATELINE_SITE_URL")
    parts = urlsplit(url)
    messages: list[CheckMessage] = []
    if parts.hostname and _is_loopback(parts.hostname):
        messages.append(
            Warning(
                f"DATELINE_SITE_URL is {url!r}: canonical links, feeds, sitemaps and baked "
                "pages would send readers and search engines to this machine.",
                hint="Set DATELINE_SITE_URL to the public address, e.g. https://news.example.org",
                id="dateline.W001",
            )
        )
    if parts.scheme == "http" and settings.SECURE_HSTS_SECONDS:
        messages.append(
            Warning(
                f"DATELINE_SITE_URL is {url!r} (plain http) while the site is served over https.",
                hint="Use the https:// address in DATELINE_SITE_URL.",
                id="dateline.W002",
            )
        )
    return messages


@register(Tags.security)
def check_trusted_proxies(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Refuse a ``DATELINE_TRUSTED_PROXIES`` entry that is not an address or network."""
    from django.core.exceptions import ImproperlyConfigured

    from dateline.proxies import trusted_networks

    try:
        trusted_networks()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="dateline.E002")]
    return []
