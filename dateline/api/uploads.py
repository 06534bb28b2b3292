"""Upload endpoint of the API: ``POST /api/v1/media/uploads`` (HTTP Basic, a user allowed to
add media), multipart fields ``file``, optional ``poster``, ``caption``, ``credit``,
``copyright`` and ``alt_text``."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import HttpRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBasicAuth

from dateline.api import links, operations
from dateline.api.schemas import Error
from dateline.conf import setting
from dateline.media.errors import MediaRejected
from dateline.media.ingest import ingest
from dateline.media.models import MediaAsset
from dateline.media.renditions import RATIOS, picture
from dateline.site.urlbuilder import urls

router = Router(tags=["media"])
_WORDS = ("caption", "credit", "copyright", "alt_text")
# Multipart framing and the form fields around the file.
_OVERHEAD = 1024 * 1024


class MediaEditorAuth(HttpBasicAuth):
    """HTTP Basic credentials of an active user with the ``media.add_mediaasset`` permission."""

    def authenticate(self, request: HttpRequest, username: str, password: str):
        if "\x00" in username or "\x00" in password:
            return None  # no account has one; PostgreSQL would fail on the lookup
        try:
            user = authenticate(request, username=username, password=password)
        except MultiPartParserError as exc:
            # A failed login makes django-axes read the form, which a malformed body breaks.
            raise HttpError(400, f"the multipart body cannot be read ({exc})") from exc
        if user is not None and user.is_active and user.has_perm("media.add_mediaasset"):
            return user
        return None


class UploadedAsset(Schema):
    """The stored asset, as ``asset_json`` writes it."""

    id: int
    kind: str
    path: str
    url: str
    mime_type: str
    byte_size: int | None
    width: int | None
    height: int | None
    duration: float | None
    focal_point: list[float]
    poster: str | None
    caption: str
    credit: str
    copyright: str
    alt_text: str
    renditions: dict[str, str] | None = None


def _text_schema(name: str) -> dict:
    limit = MediaAsset._meta.get_field(name).max_length
    return {"type": "string"} if limit is None else {"type": "string", "maxLength": limit}


# The multipart form, read by hand (the length is checked before the body is read).
_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "An image (JPEG, PNG, WebP, GIF, AVIF where "
                            "supported) or a video (MP4, WebM), sent with a file name "
                            "ending in its extension; another name or type answers 400.",
                        },
                        "poster": {"type": "string", "format": "binary"},
                        **{name: _text_schema(name) for name in _WORDS},
                    },
                }
            }
        },
    },
    "responses": {
        400: {
            "description": "The upload is refused; the detail says why: no multipart field "
            "'file', a body that cannot be read, a file name without an extension or with a "
            "path or control characters, a type that is not accepted, an empty or unreadable "
            "file, one over its kind's size limit, a poster that is not an image, or a text "
            "field over its length or with a NUL character."
        },
        401: {"description": "No HTTP Basic credentials of an active user who may add media."},
        413: {
            "description": "The body is over DATELINE_MEDIA_MAX_VIDEO_BYTES (or "
            "DATELINE_MEDIA_MAX_IMAGE_BYTES) plus 1 MiB; refused before it is read."
        },
        201: {
            "links": {
                # 404 until a public article shows the asset: the API serves only those.
                "media": links.to(
                    operations.MEDIA,
                    "The asset, once a public article shows it",
                    media_id=links.body("/id"),
                )
            }
        },
    },
}


def asset_json(asset: MediaAsset) -> dict:
    """Return the API's view of an asset, with the URLs of its default renditions."""
    data = {
        "id": asset.pk,
        "kind": asset.kind,
        "path": asset.path,
        "url": urls.absolute(asset.url),
        "mime_type": asset.mime_type,
        "byte_size": asset.byte_size,
        "width": asset.width,
        "height": asset.height,
        "duration": asset.duration,
        "focal_point": [asset.focal_x, asset.focal_y],
        "poster": asset.poster.path if asset.poster else None,
        **{name: getattr(asset, name) for name in _WORDS},
    }
    if asset.has_renditions:
        data["renditions"] = {r: urls.absolute(picture(asset, r).src) for r in RATIOS}
    return data


def _form_words(request: HttpRequest) -> dict[str, str]:
    """Return the form's text fields, or raise a 400 naming one that cannot be stored."""
    words = {}
    for name in _WORDS:
        value = request.POST.get(name, "").strip()
        limit = MediaAsset._meta.get_field(name).max_length
        if "\x00" in value:
            raise HttpError(400, f"{name} contains a NUL character")
        if limit is not None and len(value) > limit:
            raise HttpError(400, f"{name} has {len(value):,} characters; the limit is {limit:,}")
        words[name] = value
    return words


def _check_length(request: HttpRequest) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise HttpError(400, "Content-Length is not a number") from None
    limit = max(
        setting("DATELINE_MEDIA_MAX_IMAGE_BYTES"), setting("DATELINE_MEDIA_MAX_VIDEO_BYTES")
    )
    if length > limit + _OVERHEAD:
        # Refused before the body is read: nothing reaches the disk, not even a temporary file.
        raise HttpError(
            413,
            f"the upload of {length:,} bytes is over the {limit:,}-byte limit "
            "(DATELINE_MEDIA_MAX_VIDEO_BYTES / DATELINE_MEDIA_MAX_IMAGE_BYTES)",
        )


@router.post(
    "/uploads",
    operation_id=operations.UPLOAD,
    auth=MediaEditorAuth(),
    response={201: UploadedAsset, 400: Error, 401: Error, 413: Error},
    summary="Upload an image or a video",
    openapi_extra=_FORM,
)
def upload(request: HttpRequest):
    """Check and store one file; answer 201 with the asset, or 4xx naming the problem."""
    _check_length(request)
    # Stream files to a temporary file, whatever their size, rather than holding them in memory.
    request.upload_handlers = [TemporaryFileUploadHandler(request)]
    try:
        upload_file = request.FILES.get("file")
    except MultiPartParserError as exc:
        raise HttpError(400, f"the multipart body cannot be read ({exc})") from exc
    if upload_file is None:
        raise HttpError(400, "send the file as the multipart field 'file'")
    words = _form_words(request)
    try:
        asset = ingest(upload_file, upload_file.name, poster=request.FILES.get("poster"), **words)
    except MediaRejected as exc:
        raise HttpError(400, str(exc)) from exc
    return JsonResponse(asset_json(asset), status=201)
