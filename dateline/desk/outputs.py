"""Public outputs that are not URLs of this site, for the embargo walk to inspect.

Every URL the site serves is found by walking the URL resolver. Outputs that live elsewhere
(baked files on disk, documents pushed to a CDN or hub) register a provider here; the walk in
``tests/test_leak_walk.py`` reads everything each provider returns and fails on a leak.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

# A provider returns (where, text) pairs: a file path or URL, and what a reader would get.
Provider = Callable[[], Iterable[tuple[str, str]]]

_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Register ``provider`` under ``name`` (registering a name again replaces it)."""
    _PROVIDERS[name] = provider


def providers() -> dict[str, Provider]:
    """Return the registered providers by name."""
    return dict(_PROVIDERS)
