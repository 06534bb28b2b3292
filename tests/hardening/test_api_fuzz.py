"""API fuzzing: schemathesis drives every documented operation through the WSGI app in-process.

Each GET operation gets generated valid requests (ids that exist and ids that do not, every
filter and format); every answer must be below 500 and match the documented status codes,
content types and response schemas. The upload endpoint is fuzzed without credentials and
with a user who may not upload: it must refuse, never fail.
"""

from __future__ import annotations

import pytest
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)


def no_server_error(ctx, response, case):
    """Fail on a 5xx, except one the operation documents (oEmbed's 501 for a format)."""
    documented = case.operation.definition.raw.get("responses", {})
    status = response.status_code
    assert status < 500 or str(status) in documented, f"{status} from {case.path}"


CHECKS = [
    no_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 25


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    found = []
    for result in schema.get_all_operations():
        found.append(result.ok())
    return found


def _fuzz(operation, checks, headers=None) -> int:
    """Run generated requests against ``operation``; return how many ran."""
    ran = []

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=checks, headers=headers)
        ran.append(response.status_code)

    run()
    return len(ran)


@pytest.fixture
def api_data(newsroom):
    """Return the newsroom; keep the test's connection open across the in-process requests."""
    from django.core import signals
    from django.db import close_old_connections

    # Django's test client does the same: a request's end would otherwise close the
    # connection that holds the test's transaction (PostgreSQL then loses the test's rows).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield newsroom
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_get_operation_answers_within_its_schema(api_data):
    operations = [op for op in _operations() if op.method.upper() == "GET"]
    assert len(operations) >= 14
    for operation in operations:
        assert _fuzz(operation, CHECKS) > 0, operation.path


def test_article_documents_of_real_ids_conform(api_data, client):
    """The generated ids rarely name a row, so each existing document is checked once too."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    article = api_data["en"]
    calls = [
        ("/api/v1/articles/{article_id}", {"article_id": article.pk}),
        ("/api/v1/articles/{article_id}.ninjs", {"article_id": article.pk}),
        ("/api/v1/articles/{article_id}/related", {"article_id": article.pk}),
        ("/api/v1/media/{media_id}", {"media_id": api_data["photo"].pk}),
        ("/api/v1/sections/{slug}", {"slug": api_data["section"].slug}),
        ("/api/v1/topics/{slug}", {"slug": api_data["topic"].slug}),
        ("/api/v1/stories/{story_id}", {"story_id": api_data["story"].pk}),
    ]
    for path, parameters in calls:
        operation = schema[path]["GET"]
        case = operation.Case(path_parameters=parameters)
        response = case.call()
        assert response.status_code == 200, (path, response.text[:300])
        case.validate_response(response, checks=CHECKS)


def test_upload_without_the_right_credentials_is_refused_not_failed(api_data):
    from django.contrib.auth.models import User

    User.objects.create_user("reader", password="a long enough passphrase")
    operation = next(op for op in _operations() if op.method.upper() == "POST")
    statuses = []

    # 429: generated wrong credentials are failed logins, and the login lockout answers.
    def refused(ctx, response, case):
        statuses.append(response.status_code)
        assert response.status_code in (400, 401, 403, 413, 422, 429), response.status_code

    import base64

    token = base64.b64encode(b"reader:a long enough passphrase").decode()
    for headers in (None, {"Authorization": f"Basic {token}"}):
        _fuzz(operation, [no_server_error, refused], headers=headers)
    assert statuses and set(statuses) <= {400, 401, 403, 413, 422, 429}
