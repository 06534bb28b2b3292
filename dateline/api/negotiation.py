"""Which ninjs version a client asks for: ``?version=``, else a ``profile`` in ``Accept``."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import HttpError

from dateline.api.schemas import NINJS_TYPE
from dateline.syndication.ninjs import DEFAULT_VERSION, VERSIONS, schema_uri


def _schema_key(uri: str) -> str:
    # Clients write IPTC's schema URI with or without the empty fragment, over http or https.
    return uri.strip().removesuffix("#").removeprefix("https:").removeprefix("http:")


_BY_PROFILE = {_schema_key(schema_uri(v)): v for v in VERSIONS}


def ninjs_version(request: HttpRequest) -> str:
    """Return the ninjs version ``request`` asks for, the default when it names none.

    ``?version=3.1`` wins; otherwise the most preferred ``application/ninjs+json`` type in
    ``Accept`` whose ``profile`` is IPTC's schema URI of a served version. A version or profile
    that is not served is refused (400 for the parameter; 406 for the header, unless it accepts
    another type without a profile), naming those that are.
    """
    asked = request.GET.get("version")
    if asked is not None:
        if asked not in VERSIONS:
            raise HttpError(400, f"version must be one of {', '.join(VERSIONS)}")
        return asked
    unknown = []
    for media_type in request.accepted_types:
        profile = media_type.params.get("profile")
        if profile is None or f"{media_type.main_type}/{media_type.sub_type}" != NINJS_TYPE:
            continue
        version = _BY_PROFILE.get(_schema_key(profile))
        if version is not None:
            return version
        unknown.append(profile)
    # Another acceptable type without a profile (``*/*;q=0.1``) takes the default instead.
    fallback = any(
        "profile" not in m.params and m.match(NINJS_TYPE) for m in request.accepted_types
    )
    if unknown and not fallback:
        served = ", ".join(schema_uri(v) for v in VERSIONS)
        raise HttpError(406, f"ninjs profile {unknown[0]} is not served; profiles: {served}")
    return DEFAULT_VERSION


def ninjs_content_type(version: str) -> str:
    """Return the ``Content-Type`` of one ninjs item of ``version``."""
    return f'{NINJS_TYPE}; profile="{schema_uri(version)}"'
