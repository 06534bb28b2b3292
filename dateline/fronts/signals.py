"""``layout_changed``: sent after the commit of each recorded front change
(``dateline.fronts.layouts``), with ``change`` (a ``FrontChange`` naming the front pages)."""

from __future__ import annotations

from django.dispatch import Signal

layout_changed = Signal()


def connect() -> None:
    """Connect the consumers of front changes (from ``FrontsConfig.ready``)."""
    from dateline.fronts import rebuild

    layout_changed.connect(rebuild.rebuild_change, dispatch_uid="dateline-fronts-rebuild")
