"""API fuzzing: schemathesis drives every documented operation through the WSGI app in-process.

Every operation, the upload included, runs with every schemathesis check (the CLI's ``--checks
all``) on positive and negative data, in the examples, coverage and fuzzing phases, with the
settings of ``schemathesis.toml`` beside this file: the document and the server must agree on
every answer. Each GET operation also gets generated valid requests (ids that exist and ids
that do not, every filter and format); every answer must be below 500 and match the documented
status codes, content types and response schemas. The document's OpenAPI links are checked
(each names a real operation and real parameters, and followed from real data reaches a public
document), then a state machine follows them from generated calls. The upload is fuzzed with
the credentials of every role, of a user with no role and of nobody: the roles that may upload
get 201 or a documented 4xx, the others 401, and no asset is left without its file or a file
without its row. A user who may not upload cannot, whatever headers the request carries.
"""

from __future__ import annotations

import base64
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from dateline.media.models import MediaAsset, Rendition
from tests.desk.conftest import make_user
from tests.factories import make_article, make_media, make_story
from tests.hardening.test_permissions import ANONYMOUS, READER, WHO, granted
from tests.media.helpers import image_bytes

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
# Examples per operation and generation mode in the all-checks run (the CLI run of
# docs/benchmarks.md uses 50); derandomized, so CI sees the same cases every time.
ALL_CHECKS_EXAMPLES = 20
CONFIG = Path(__file__).with_name("schemathesis.toml")
DOCUMENT = "/api/v1/openapi.json"
UPLOAD = "/api/v1/media/uploads"
PASSWORD = "pw"  # make_user's
# What a caller who may upload gets back for generated input: stored, or a named refusal.
UPLOAD_ANSWERS = {201, 400, 413, 422}
REFUSED = {401, 403}


def _closing(application):
    """Return ``application`` closing each response once read, as a WSGI server does.

    Closing the response closes the request's uploaded temporary files; schemathesis' WSGI
    transport reads the response without closing it, which would leave them open. It also
    asks for gzip (``Accept-Encoding``) and never decodes the answer, so that header is dropped.
    """

    def closing_application(environ, start_response):
        environ.pop("HTTP_ACCEPT_ENCODING", None)
        response = application(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()

    return closing_application


def _schema(config=None):
    return schemathesis.openapi.from_wsgi(DOCUMENT, _closing(WSGIHandler()), config=config)


def _operations():
    return [result.ok() for result in _schema().get_all_operations()]


def _fuzz(operation, checks, headers=None, strategy=None) -> int:
    """Run generated requests against ``operation``; return how many ran."""
    ran = []

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy() if strategy is None else strategy)
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


@pytest.fixture
def all_checks_schema(api_data, settings, request):
    """Return the served document, loaded with ``schemathesis.toml``, for a caller who sends
    no key, like the CLI run; the anonymous rate limit is lifted so no answer is a 429."""
    from schemathesis.config import SchemathesisConfig

    # schemathesis' pytest plugin reads the node's private ``_nodeid``, which pytest 9 no
    # longer keeps.
    request.node._nodeid = request.node.nodeid
    settings.DATELINE_API_RATE_ANON = "1000000/min"
    return _schema(SchemathesisConfig.from_path(CONFIG))


all_checks = schemathesis.pytest.from_fixture("all_checks_schema")


@all_checks.parametrize()
@hypothesis_settings(
    max_examples=ALL_CHECKS_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_passes_every_check(case):
    """No check of schemathesis fails: no 5xx, every status, content type, header and body
    documented, every schema-valid request accepted and every invalid one refused, the
    optional key optional, a missing required parameter refused."""
    case.call_and_validate()


def test_every_get_operation_answers_within_its_schema(api_data):
    operations = [op for op in _operations() if op.method.upper() == "GET"]
    assert len(operations) >= 14
    for operation in operations:
        assert _fuzz(operation, CHECKS) > 0, operation.path


def test_article_documents_of_real_ids_conform(api_data, client):
    """The generated ids rarely name a row, so each existing document is checked once too."""
    schema = _schema()
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


def test_every_operation_documents_the_body_of_its_success(client, db):
    """Without a documented body the schema checks above would have nothing to compare."""
    document = client.get(DOCUMENT).json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            success = [code for code in operation["responses"] if code.startswith("2")]
            assert success, (method, path)
            for code in success:
                content = operation["responses"][code].get("content", {})
                assert content, (method, path, code)
                assert all("schema" in media for media in content.values()), (method, path)


# --- Links -------------------------------------------------------------------------------

# OpenAPI 3 runtime expressions (the subset a link may use as a parameter value).
EXPRESSION = re.compile(
    r"\$(url|method|statusCode"
    r"|request\.(path|query|header)\.[\w-]+|request\.body(#(/[^/]*)*)?"
    r"|response\.header\.[\w-]+|response\.body(#(/[^/]*)*)?)"
)


def _links(document: dict):
    """Yield (source operation, status, link name, link) for every link of ``document``."""
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                for name, link in response.get("links", {}).items():
                    yield (path, method, operation), status, name, link


def _by_id(document: dict) -> dict[str, tuple[str, str, dict]]:
    return {
        operation["operationId"]: (path, method, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }


def _pointer(document: dict, pointer: str):
    """Return the value at JSON ``pointer`` (RFC 6901) in ``document``; KeyError if absent."""
    value = document
    for token in pointer.lstrip("/").split("/") if pointer.strip("/") else []:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, list):
            if not token.isdigit() or int(token) >= len(value):
                raise KeyError(pointer)
            value = value[int(token)]
        elif isinstance(value, dict) and token in value:
            value = value[token]
        else:
            raise KeyError(pointer)
    return value


def _target(document: dict, link: dict) -> tuple[str, str, dict]:
    """Return the (path, method, operation) a link names by operationId or operationRef."""
    if "operationId" in link:
        return _by_id(document)[link["operationId"]]
    reference = link["operationRef"]
    assert reference.startswith("#/paths/"), reference
    _paths, path, method = reference[2:].split("/")
    path = path.replace("~1", "/").replace("~0", "~")
    return path, method, document["paths"][path][method]


def test_every_link_names_a_real_operation_and_real_parameters(client, db):
    document = client.get(DOCUMENT).json()
    links = list(_links(document))
    assert len(links) >= 25
    for (source_path, _method, source), status, name, link in links:
        where = f"{source['operationId']} {status} {name}"
        assert status in source["responses"], where
        assert ("operationId" in link) != ("operationRef" in link), where
        _path, _m, target = _target(document, link)
        declared = {(p["in"], p["name"]) for p in target.get("parameters", [])}
        given_names = set()
        for key, expression in link["parameters"].items():
            location, _dot, parameter = key.rpartition(".")
            assert any(n == parameter and location in ("", where_in) for where_in, n in declared), (
                f"{where}: {key} is not a parameter of {target['operationId']}"
            )
            assert EXPRESSION.fullmatch(expression), f"{where}: {expression}"
            if expression.startswith("$request.path."):
                own = expression.removeprefix("$request.path.")
                assert "{" + own + "}" in source_path, f"{where}: {expression}"
            given_names.add(parameter)
        required = {p["name"] for p in target.get("parameters", []) if p.get("required")}
        assert required <= given_names, f"{where}: {required - given_names} not given"


@pytest.fixture
def linked_newsroom(api_data, settings):
    """Return the newsroom grown so that every link has a value: a newest article with a
    video whose poster is public, in a second story; pages of one item, so cursors exist."""
    settings.DATELINE_API_PAGE_SIZE = 1
    poster = make_media()
    video = make_media(ext="mp4", ratio="16x9")
    video.poster = poster
    video.save()
    newest = make_article(
        "Port reopens",
        section=api_data["section"],
        story=make_story(),
        topics=[api_data["topic"]],
        lead_media=video,
    )
    return {**api_data, "newest": newest, "video": video}


def _example_parameters(path: str, data: dict) -> dict[str, object]:
    """Return values of the path parameters of ``path`` that name public documents."""
    values = {
        "article_id": data["newest"].pk,
        "media_id": data["video"].pk,
        "story_id": data["newest"].story_id,
        "slug": data["topic"].slug if path.startswith("/api/v1/topics") else data["section"].slug,
    }
    return {name: values[name] for name in re.findall(r"\{(\w+)\}", path)}


def _filled(path: str, parameters: dict[str, object]) -> str:
    for name, value in parameters.items():
        path = path.replace("{" + name + "}", str(value))
    return path


def _evaluate(link: dict, parameters: dict[str, object], body: object) -> dict[str, object]:
    """Return the target's parameter values that ``link`` takes from a source answer."""
    values = {}
    for key, expression in link["parameters"].items():
        if expression.startswith("$response.body#"):
            value = _pointer(body, expression.removeprefix("$response.body#"))
        else:
            value = parameters[expression.removeprefix("$request.path.")]
        assert value is not None, f"{expression} is null"
        values[key.rpartition(".")[2]] = value
    return values


def test_each_link_followed_from_real_data_reaches_a_public_document(linked_newsroom, client):
    """Every link of a GET answer, evaluated on a real answer, names a public document."""
    document = client.get(DOCUMENT).json()
    followed = 0
    for (source_path, method, _source), status, name, link in _links(document):
        if method != "get":
            continue  # the upload's link is followed after a real upload, below
        parameters = _example_parameters(source_path, linked_newsroom)
        url = _filled(source_path, parameters)
        response = client.get(url)
        assert str(response.status_code) == status, (url, response.content[:300])
        target_path, _method, target = _target(document, link)
        values = _evaluate(link, parameters, response.json())
        in_path = {p["name"] for p in target.get("parameters", []) if p["in"] == "path"}
        path = _filled(target_path, {k: v for k, v in values.items() if k in in_path})
        query = {k: v for k, v in values.items() if k not in in_path}
        answer = client.get(path, query)
        assert answer.status_code == 200, (url, name, path, query, answer.content[:300])
        followed += 1
    assert followed >= 25


def _basic(username: str, password: str = PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_stateful_fuzzing_follows_the_links_within_the_schema(linked_newsroom):
    """A schemathesis state machine chains calls through the links; every answer conforms."""
    from dateline.api.models import ApiKey

    make_user("editor", "stateful-editor")
    _key, raw_key = ApiKey.issue("stateful fuzzing")
    # A known key (generated ones are refused before any link can be followed) and an
    # uploader's credentials for the one write.
    headers = {"X-API-Key": raw_key, "Authorization": _basic("stateful-editor")}
    reached = Counter()

    class LinkFollower(_schema().as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def step(self, input):
            output = super().step(input)
            if input.transition is not None and input.is_applied:
                reached[(input.case.operation.label, output.response.status_code)] += 1
            return output

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, headers=kwargs.get("headers"))

    LinkFollower.run(
        settings=hypothesis_settings(
            max_examples=100,
            stateful_step_count=8,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
    found = {label for label, status in reached if status == 200}
    linked = {
        "GET /api/v1/articles/{article_id}",
        "GET /api/v1/articles/{article_id}.ninjs",
        "GET /api/v1/articles/{article_id}/related",
        "GET /api/v1/media/{media_id}",
        "GET /api/v1/sections/{slug}",
        "GET /api/v1/stories/{story_id}",
        "GET /api/v1/topics/{slug}",
    }
    # The machine chains calls through links, and which links its 100 runs pick depends on
    # the ids in the data; that every link reaches a document is asserted one by one in
    # test_each_link_followed_from_real_data_reaches_a_public_document.
    assert "GET /api/v1/articles/{article_id}" in found, sorted(reached.items(), key=str)
    assert len(found & linked) >= 5, sorted(reached.items(), key=str)


# --- Writes, per role ----------------------------------------------------------------------

# Files a generated upload may carry in place of random bytes, so that fuzzing reaches past
# the type check: real images, a truncated one, one whose header lies about its content.
_JPEG = image_bytes(size=(64, 48))
SAMPLE_FILES = [
    _JPEG,
    image_bytes("PNG", size=(40, 30)),
    image_bytes("GIF", size=(16, 16)),
    _JPEG[: len(_JPEG) // 2],
    _JPEG[:4] + b"<script>alert(1)</script>" * 8,
]


# Text a generated upload may carry in its form fields: what a database refuses (NUL, over a
# column's length) must come back as a 400, never a 500.
HOSTILE_TEXT = ["a\x00b", "x" * 5000, "\u202egpj.exe", "<script>alert(1)</script>", " \t "]
TEXT_FIELDS = ["caption", "credit", "copyright", "alt_text"]


def _uploads(operation):
    """Return generated upload cases, most carrying one of ``SAMPLE_FILES`` as their file and
    some a ``HOSTILE_TEXT`` in every form field."""

    def with_samples(case, sample, text):
        if isinstance(case.body, dict) and "file" in case.body:
            if sample is not None:
                case.body = {**case.body, "file": sample}
            if text is not None:
                case.body = {**case.body, **dict.fromkeys(TEXT_FIELDS, text)}
        return case

    samples = st.one_of(st.none(), st.sampled_from(SAMPLE_FILES))
    texts = st.one_of(st.none(), st.sampled_from(HOSTILE_TEXT))
    return st.builds(with_samples, operation.as_strategy(), samples, texts)


def _stored_files(media_root: str) -> set[str]:
    root = Path(media_root)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def assert_nothing_half_written(media_root: str, before: set[int]) -> None:
    """Fail if an asset added since ``before`` has no file, or a stored file has no row."""
    on_disk = _stored_files(media_root)
    added = MediaAsset.objects.exclude(pk__in=before)
    rows = {a.file.name for a in added} | set(Rendition.objects.values_list("file", flat=True))
    assert {a.file.name for a in added} <= on_disk, "an asset row without its file"
    assert on_disk <= rows, f"files without a row: {sorted(on_disk - rows)[:5]}"


@pytest.fixture
def uploader(api_data, who):
    """Return the Authorization header of ``who`` (None for an anonymous caller)."""
    if who == ANONYMOUS:
        return None
    user = make_user(None if who == READER else who, who.replace(" ", "_"))
    return {"Authorization": _basic(user.username)}


@pytest.mark.parametrize("who", WHO)
def test_upload_fuzzed_with_each_roles_credentials(api_data, media_root, uploader, who):
    allowed = granted(who, "media.add_mediaasset")
    operation = _schema()[UPLOAD]["POST"]
    before = set(MediaAsset.objects.values_list("pk", flat=True))
    statuses = Counter()

    # Without credentials schemathesis sends generated ones: failed logins, which the login
    # lockout ends with a 429.
    refused = REFUSED | {429} if who == ANONYMOUS else REFUSED

    def answered_as_the_role_deserves(ctx, response, case):
        statuses[response.status_code] += 1
        expected = UPLOAD_ANSWERS if allowed else refused
        assert response.status_code in expected, (who, response.status_code, response.text)

    checks = [*CHECKS, answered_as_the_role_deserves]
    assert _fuzz(operation, checks, headers=uploader, strategy=_uploads(operation)) > 0
    assert_nothing_half_written(media_root, before)
    added = MediaAsset.objects.exclude(pk__in=before).count()
    if allowed:
        assert statuses[201] == added > 0, statuses
        assert statuses[400] > 0, statuses
    else:
        assert added == 0 and _stored_files(media_root) == set(), statuses


def test_an_upload_answers_its_schema_and_links_to_its_asset(api_data, media_root):
    make_user("contributor", "linked-contributor")
    operation = _schema()[UPLOAD]["POST"]
    headers = {"Authorization": _basic("linked-contributor")}
    case = operation.Case(
        body={"file": _JPEG, "caption": "Harbour"}, media_type="multipart/form-data"
    )
    response = case.call(headers=headers)
    assert response.status_code == 201, response.text
    case.validate_response(response, checks=CHECKS, headers=headers)
    asset = MediaAsset.objects.get(pk=response.json()["id"])
    assert (asset.caption, asset.width) == ("Harbour", 64)
    link = operation.definition.raw["responses"]["201"]["links"]["media"]
    media_id = _pointer(response.json(), link["parameters"]["media_id"].split("#", 1)[1])
    # The asset is not shown by a public article yet, so the API does not serve it.
    detail = _schema()["/api/v1/media/{media_id}"]["GET"].Case(
        path_parameters={"media_id": media_id}
    )
    assert detail.call().status_code == 404
    make_article("Harbour reopens", lead_media=asset)
    answer = detail.call()
    assert answer.status_code == 200 and answer.json()["id"] == asset.pk


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_hostile_form_text_is_stored_or_refused_never_failed(api_data, media_root, field):
    make_user("editor", "wordy-editor")
    operation = _schema()[UPLOAD]["POST"]
    headers = {"Authorization": _basic("wordy-editor")}
    before = set(MediaAsset.objects.values_list("pk", flat=True))
    for text in HOSTILE_TEXT:
        body = {"file": _JPEG, field: text}
        case = operation.Case(body=body, media_type="multipart/form-data")
        response = case.call(headers=headers)
        assert response.status_code in (201, 400), (field, text[:20], response.text)
        case.validate_response(response, checks=CHECKS, headers=headers)
        if response.status_code == 201:
            stored = getattr(MediaAsset.objects.get(pk=response.json()["id"]), field)
            assert stored == text.strip(), (field, text[:20])
        else:
            assert field in response.json()["detail"], response.text
    assert_nothing_half_written(media_root, before)


def _crafted_headers(key: str) -> dict[str, dict[str, str]]:
    """Return named sets of request headers by which a reader might pass for an uploader."""
    reader, editor = _basic("reader"), _basic("crafted-editor")
    return {
        "reader's credentials": {"HTTP_AUTHORIZATION": reader},
        "lower-case scheme": {"HTTP_AUTHORIZATION": reader.replace("Basic", "basic")},
        "editor's name, reader's password": {
            "HTTP_AUTHORIZATION": _basic("crafted-editor", "wrong")
        },
        "an API key": {"HTTP_X_API_KEY": key},
        "an API key as a bearer token": {"HTTP_AUTHORIZATION": f"Bearer {key}"},
        "proxy user headers": {
            "HTTP_AUTHORIZATION": reader,
            "HTTP_X_FORWARDED_USER": "crafted-editor",
            "HTTP_X_REMOTE_USER": "crafted-editor",
            "HTTP_REMOTE_USER": "crafted-editor",
            "REMOTE_USER": "crafted-editor",
        },
        "method override": {"HTTP_AUTHORIZATION": reader, "HTTP_X_HTTP_METHOD_OVERRIDE": "PUT"},
        "an inactive editor": {"HTTP_AUTHORIZATION": _basic("inactive-editor")},
        "editor's name with a NUL": {"HTTP_AUTHORIZATION": _basic("crafted-editor\x00")},
        "two schemes": {"HTTP_AUTHORIZATION": f"{reader}, {editor.replace('Basic', 'Digest')}"},
    }


def test_a_user_who_may_not_upload_cannot_whatever_the_headers(client, media_root, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dateline.api.models import ApiKey

    make_user(None, "reader")
    make_user("editor", "crafted-editor")
    inactive = make_user("editor", "inactive-editor")
    inactive.is_active = False
    inactive.save()
    _key, raw_key = ApiKey.issue("crafted")
    client.force_login(make_user(None, "logged-in-reader"))  # a session is no credential
    for name, headers in _crafted_headers(raw_key).items():
        upload = SimpleUploadedFile("photo.jpg", _JPEG, content_type="image/jpeg")
        response = client.post(UPLOAD, {"file": upload}, **headers)
        assert response.status_code in REFUSED | {429}, (name, response.status_code)
        assert response["Content-Type"].startswith("application/json"), name
    assert MediaAsset.objects.count() == 0
    assert _stored_files(media_root) == set()
