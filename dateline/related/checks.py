"""Start-up checks of the related-items settings."""

from __future__ import annotations

from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.compatibility)
def check_other_languages(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Refuse a ``DATELINE_RELATED_OTHER_LANGUAGES`` that is not a whole number >= 0."""
    from dateline.related.ranking import other_languages

    try:
        other_languages()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="dateline.E020")]
    return []
