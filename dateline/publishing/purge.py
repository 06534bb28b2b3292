"""CDN purge backends (``DATELINE_PURGE_BACKEND``), called with the surrogate keys that changed.

A purge runs after the files are written, in the step that rebuilt them (the editor's
process, or the worker: ``dateline.events.where``). A CDN that times out is retried, then
logged; a change that hides an item reports a failed purge, so its event is tried again.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Sequence

from django.core.exceptions import ImproperlyConfigured

from dateline.conf import load_backend, setting

logger = logging.getLogger("dateline.publishing.purge")


class PurgeError(Exception):
    """The CDN refused or failed a purge request."""


class BasePurgeBackend:
    """Invalidate cached objects tagged with any of ``keys``."""

    def purge(self, keys: Sequence[str], timeout: float) -> None:
        """Purge ``keys``; raise ``PurgeError`` or ``OSError`` on failure."""
        raise NotImplementedError


class NullPurgeBackend(BasePurgeBackend):
    """No CDN in front of the site: nothing to purge."""

    def purge(self, keys: Sequence[str], timeout: float) -> None:
        return None


class RecordingPurgeBackend(BasePurgeBackend):
    """Remember every purge, for tests."""

    calls: list[list[str]] = []

    def purge(self, keys: Sequence[str], timeout: float) -> None:
        self.calls.append(list(keys))

    @classmethod
    def reset(cls) -> None:
        cls.calls.clear()


class FastlyPurgeBackend(BasePurgeBackend):
    """Soft-purge surrogate keys through Fastly's API, 256 keys a request.

    ``POST {api_url}/service/{service_id}/purge`` with the ``Fastly-Key`` token and the
    body ``{"surrogate_keys": [...]}``; ``Fastly-Soft-Purge: 1`` marks objects stale so the
    CDN can still serve them if the origin is down. Settings: ``DATELINE_FASTLY``
    ``{"service_id": ..., "api_token": ..., "api_url": "https://api.fastly.com"}``.
    """

    BATCH = 256

    def __init__(self) -> None:
        options = setting("DATELINE_FASTLY") or {}
        missing = [k for k in ("service_id", "api_token") if not options.get(k)]
        if missing:
            raise ImproperlyConfigured(
                f"DATELINE_PURGE_BACKEND is Fastly but DATELINE_FASTLY lacks {', '.join(missing)}"
            )
        self.url = (
            options.get("api_url", "https://api.fastly.com").rstrip("/")
            + f"/service/{options['service_id']}/purge"
        )
        self.token = options["api_token"]

    def purge(self, keys: Sequence[str], timeout: float) -> None:
        for start in range(0, len(keys), self.BATCH):
            self._send(list(keys[start : start + self.BATCH]), timeout)

    def _send(self, keys: list[str], timeout: float) -> None:
        request = urllib.request.Request(
            self.url,
            data=json.dumps({"surrogate_keys": keys}).encode(),
            method="POST",
            headers={
                "Fastly-Key": self.token,
                "Fastly-Soft-Purge": "1",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise PurgeError(
                f"Fastly answered HTTP {exc.code} to a purge of {len(keys)} keys"
            ) from exc


def purge_with_retries(keys: Sequence[str]) -> bool:
    """Purge ``keys`` with the configured backend, retrying timeouts and errors.

    Return whether the purge went through; failures are logged, never raised.
    """
    if not keys:
        return True
    backend = load_backend("DATELINE_PURGE_BACKEND")
    attempts = max(1, int(setting("DATELINE_PURGE_ATTEMPTS")))
    timeout = float(setting("DATELINE_PURGE_TIMEOUT"))
    ordered = sorted(keys)
    for attempt in range(1, attempts + 1):
        try:
            backend.purge(ordered, timeout)
            return True
        except (PurgeError, OSError) as exc:
            if attempt == attempts:
                # The traceback says where it failed: the backend, the network or the CDN.
                logger.exception(
                    "CDN purge of %d keys gave up after %d attempts; cached copies expire "
                    "on their own: %s",
                    len(ordered),
                    attempts,
                    " ".join(ordered[:20]),
                )
                return False
            logger.warning(
                "CDN purge of %d keys failed (attempt %d of %d): %s",
                len(ordered),
                attempt,
                attempts,
                exc,
            )
            time.sleep(min(0.25 * 2 ** (attempt - 1), 5.0))
    return False
