"""The public JSON API (django-ninja). OpenAPI document at /api/v1/openapi.json.

Every endpoint reads; none needs a key. A key (``X-API-Key``) raises the rate limit.
ninjs answers come in IPTC ninjs 2.2, 3.0 or 3.1 (``?version=``, or ``profile`` in ``Accept``).
"""

from django.core.exceptions import ImproperlyConfigured
from ninja import NinjaAPI
from ninja.operation import Operation

from dateline.api.articles import ninjs_router
from dateline.api.articles import router as articles_router
from dateline.api.authors import router as authors_router
from dateline.api.catalog import media_router, sections_router, stories_router, topics_router
from dateline.api.errors import document_common_errors, install_error_handlers
from dateline.api.oembed import router as oembed_router
from dateline.api.related import router as related_router
from dateline.api.search import router as search_router
from dateline.api.throttling import ApiRateThrottle, OptionalApiKey, document_optional_key
from dateline.api.uploads import router as media_upload_router


class DatelineApi(NinjaAPI):
    """The API, whose OpenAPI document also says what ninja cannot infer: the answers every
    operation may give and that the key is optional."""

    def get_openapi_schema(self, *args, **kwargs) -> dict:
        schema = super().get_openapi_schema(*args, **kwargs)
        return document_optional_key(document_common_errors(schema))

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """Refuse an operation without an explicit id: ninja's default is the view's module
        path and name, which changes when code moves (see ``operations.py``)."""
        view = operation.view_func
        raise ImproperlyConfigured(
            f"{view.__module__}.{view.__name__} has no operation_id: give its decorator "
            "operation_id=operations.<NAME> (dateline/api/operations.py)"
        )


api = DatelineApi(
    title="Dateline API",
    version="1",
    description="Read-only content API of a Dateline news site. The ninjs operations answer in "
    "IPTC ninjs 2.2 by default, or 3.0 or 3.1 chosen with ``?version=`` or with "
    '``Accept: application/ninjs+json; profile="<the version\'s IPTC schema URI>"``.',
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api-1",
    auth=OptionalApiKey(),
    throttle=[ApiRateThrottle()],
)
install_error_handlers(api)
api.add_router("/articles", related_router)
api.add_router("/articles", articles_router)
api.add_router("", ninjs_router)
api.add_router("/media", media_router)
api.add_router("/media", media_upload_router)
api.add_router("/sections", sections_router)
api.add_router("/topics", topics_router)
api.add_router("/stories", stories_router)
api.add_router("/authors", authors_router)
api.add_router("/oembed", oembed_router)
api.add_router("/search", search_router)
