"""Start-up checks of the publishing settings: a wrong backend fails ``dateline check`` (and
every command that runs the checks) with a message saying how to fix it, instead of raising
later inside a bake or a purge where nobody sees it."""

from __future__ import annotations

from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from dateline.conf import setting

BACKENDS = {
    "DATELINE_PUBLISH_BACKEND": "dateline.publishing.targets.LocalFolderTarget",
    "DATELINE_PURGE_BACKEND": "dateline.publishing.purge.NullPurgeBackend",
}


@register(Tags.compatibility)
def check_backends(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Refuse a publish target or purge backend that cannot be imported or lacks its options."""
    from dateline.publishing.purge import FastlyPurgeBackend

    messages: list[CheckMessage] = []
    for name, example in BACKENDS.items():
        try:
            backend = import_string(setting(name))
        except ImportError as exc:
            messages.append(
                Error(
                    f"{name} = {setting(name)!r} cannot be imported ({exc}).",
                    hint=f"Set it to the dotted path of a class, e.g. {example!r}.",
                    id="dateline.E010",
                )
            )
            continue
        if backend is FastlyPurgeBackend:
            messages += _check_fastly()
    return messages


def _check_fastly() -> list[CheckMessage]:
    options = setting("DATELINE_FASTLY") or {}
    missing = [key for key in ("service_id", "api_token") if not options.get(key)]
    if not missing:
        return []
    return [
        Error(
            f"DATELINE_PURGE_BACKEND is FastlyPurgeBackend but DATELINE_FASTLY lacks "
            f"{' and '.join(missing)}: no purge would reach the CDN.",
            hint='Set DATELINE_FASTLY = {"service_id": "...", "api_token": "..."} (a Fastly '
            "API token with purge rights), or choose another DATELINE_PURGE_BACKEND.",
            id="dateline.E011",
        )
    ]


@register(Tags.compatibility)
def check_buildables(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Refuse a ``DATELINE_PUBLISH_BUILDABLES`` entry that cannot be imported."""
    from dateline.publishing.buildables import buildables

    try:
        buildables()
    except ImproperlyConfigured as exc:
        return [
            Error(
                str(exc),
                hint="List dotted paths of Buildable classes, as the default does.",
                id="dateline.E012",
            )
        ]
    return []
