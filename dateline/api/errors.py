"""JSON errors for every API failure: 4xx with a reason, never an HTML page or a traceback."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger("dateline.api")


# Answers any operation may give, whatever its own responses: documented on each of them so
# that clients (and the schema fuzzer in tests/hardening) find every status in the document.
COMMON_ERRORS = {
    "400": "A parameter is invalid; the detail names it and the accepted values.",
    "401": "The X-API-Key sent is unknown or revoked.",
    "422": "A parameter does not have the documented type; the detail lists each one.",
    "414": "The request line is longer than the HTTP server in front of the site accepts "
    "(gunicorn: 4094 bytes); that server answers, in HTML.",
    "429": "Over the rate limit of the caller's key or address; retry later.",
    "503": "The database is briefly unreachable (a restart or failover); retry after the "
    "seconds the Retry-After header gives.",
}
_DETAIL = {
    "type": "object",
    "properties": {"detail": {"title": "Detail"}},
    "required": ["detail"],
}


def document_common_errors(schema: dict) -> dict:
    """Add the ``COMMON_ERRORS`` answers to every operation of an OpenAPI ``schema``."""
    for path, operations in schema.get("paths", {}).items():
        errors = dict(COMMON_ERRORS)
        if "{" in path:
            errors["404"] = "Nothing public has this identifier."
        for operation in operations.values():
            responses = _keyed_by_text(operation.setdefault("responses", {}))
            operation["responses"] = responses
            for code, text in errors.items():
                media = "text/html" if code == "414" else "application/json"
                body = {"type": "string"} if code == "414" else _DETAIL
                responses.setdefault(
                    code, {"description": text, "content": {media: {"schema": body}}}
                )
    return schema


def _keyed_by_text(responses: dict) -> dict:
    """Return ``responses`` keyed by status text, one entry per status.

    Ninja keys the responses it builds by int and ``openapi_extra`` may add text keys; both
    would be written as the same JSON key, and a JSON reader keeps only the last.
    """
    merged: dict[str, dict] = {}
    for code, response in responses.items():
        merged.setdefault(str(code), {}).update(response)
    return merged


def install_error_handlers(api: NinjaAPI) -> None:
    """Make every error of ``api`` a JSON object ``{"detail": ...}``.

    ``document_common_errors`` documents them; the API applies it to its document.
    """

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or "Not found"}, status=404)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": exc.errors}, status=422)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    @api.exception_handler(AuthenticationError)
    def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, {"detail": "Authentication required"}, status=401)

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_away(request: HttpRequest, exc: Exception) -> HttpResponse:
        from dateline.public.errors import RETRY_AFTER

        logger.warning("Database unavailable while answering %s", request.path)
        response = api.create_response(request, {"detail": "Service unavailable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response

    @api.exception_handler(Exception)
    def crashed(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s", request.path)
        return api.create_response(request, {"detail": "Server error"}, status=500)
