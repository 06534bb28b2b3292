"""The OpenAPI document declares what the server does (dateline/api/params.py, api.py)."""

from __future__ import annotations

import pytest

DOCUMENT = "/api/v1/openapi.json"


@pytest.fixture
def document(client, db) -> dict:
    return client.get(DOCUMENT).json()


def _parameter(document: dict, path: str, name: str) -> dict:
    parameters = document["paths"][path]["get"]["parameters"]
    return next(p for p in parameters if p["name"] == name)


def test_the_key_is_optional_on_every_read(document, client):
    reads = [op for ops in document["paths"].values() for m, op in ops.items() if m == "get"]
    assert len(reads) >= 18
    for operation in reads:
        assert operation["security"] == [{}, {"OptionalApiKey": []}], operation["operationId"]
    assert client.get("/api/v1/sections").status_code == 200


def test_every_operation_has_its_own_stable_id(document):
    from dateline.api import operations

    chosen = {v for k, v in vars(operations).items() if k.isupper()}
    found = [op["operationId"] for ops in document["paths"].values() for op in ops.values()]
    # One id per operation, each from operations.py, none derived from a module path.
    assert sorted(found) == sorted(chosen)
    assert all(op_id.isidentifier() and "_" not in op_id for op_id in found)


def test_an_operation_without_an_id_is_refused():
    from django.core.exceptions import ImproperlyConfigured
    from ninja import Router

    from dateline.api.api import DatelineApi

    router = Router()

    @router.get("/x")
    def unnamed(request):
        return {}

    api = DatelineApi(urls_namespace="test-unnamed")
    api.add_router("/", router)
    with pytest.raises(ImproperlyConfigured, match="unnamed has no operation_id"):
        api.get_openapi_schema(path_prefix="/")


def test_parameters_have_their_real_types(document):
    limit = _parameter(document, "/api/v1/articles", "limit")["schema"]
    assert (limit["type"], limit["minimum"], limit["maximum"]) == ("integer", 1, 100)
    section = _parameter(document, "/api/v1/articles", "section")["schema"]
    assert section["pattern"] == r"^[-\w]{0,100}$"
    language = _parameter(document, "/api/v1/articles", "language")["schema"]
    assert language == {
        "title": "Language",
        "description": "Only items in this language.",
        "type": "string",
        "enum": ["en", "ar"],
    }
    q = _parameter(document, "/api/v1/search", "q")
    assert q["required"] is True and q["schema"]["minLength"] == 1
    fmt = _parameter(document, "/api/v1/oembed", "format")["schema"]
    assert fmt["enum"] == ["json"]


def test_every_error_answer_has_a_body(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if code.startswith(("4", "5")) and code != "414":
                    schema = response["content"]["application/json"]["schema"]
                    assert schema, (method, path, code)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("format=", 400),
        ("format=yaml", 400),
        ("format=xml", 501),
        ("maxwidth=", 400),
        ("maxwidth=0", 400),
        ("maxwidth=%C2%B2", 400),
    ],
)
def test_oembed_refuses_what_the_document_does_not_declare(client, db, query, status):
    response = client.get(f"/api/v1/oembed?url=https://news.example/en/&{query}")
    assert response.status_code == status, response.content
    assert response.json()["detail"]


def test_a_cursor_is_the_last_key_of_the_page(client, newsroom, settings):
    settings.DATELINE_API_PAGE_SIZE = 1
    first = client.get("/api/v1/articles").json()
    assert first["next_cursor"] == str(first["items"][0]["sort"])
    second = client.get("/api/v1/articles", {"cursor": first["next_cursor"]}).json()
    assert second["items"][0]["sort"] > first["items"][0]["sort"]  # sort keys fall as items age
