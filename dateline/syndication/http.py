"""One outgoing POST for hub pings and webhooks: a bounded timeout, no redirects followed."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field

from dateline.conf import setting


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass(frozen=True)
class Outcome:
    status: int | None
    error: str
    # What prevented an answer, kept so that the caller can log its traceback.
    exception: BaseException | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST ``body`` to ``url``; return the status, or the error that prevented one."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=setting("DATELINE_WEBHOOK_TIMEOUT")) as response:
            return Outcome(response.status, "")
    except urllib.error.HTTPError as exc:
        exc.close()  # it holds the connection; the outcome keeps it for its traceback
        return Outcome(exc.code, f"HTTP {exc.code}", exc)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return Outcome(None, f"{type(exc).__name__}: {exc}", exc)
