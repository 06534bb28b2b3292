"""Panels of the desk's item editor that other apps contribute (the fronts an item is on),
registered from their ``AppConfig.ready()`` so the desk imports none of them.

A panel is a function of the item and the user that returns HTML, or "" for nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[[object, object], str]
_panels: dict[str, Panel] = {}


def item_panel(name: str, panel: Panel) -> None:
    """Show ``panel`` on the desk's item editor (named, so registering again replaces it)."""
    _panels[name] = panel


def render_item_panels(article, user) -> SafeString:
    """Return the HTML of every registered panel for ``article`` as ``user`` sees it."""
    # Each panel renders through Django's templates, which escape what they are given.
    return mark_safe("".join(panel(article, user) for _name, panel in sorted(_panels.items())))  # noqa: S308
