"""The public JSON API (django-ninja). OpenAPI document at /api/v1/openapi.json."""

from ninja import NinjaAPI

from dateline.api.errors import install_error_handlers
from dateline.related.api import router as related_router
from dateline.search.api import router as search_router

api = NinjaAPI(
    title="Dateline API",
    version="1",
    description="Read-only content API of a Dateline news site.",
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api-1",
)
install_error_handlers(api)
api.add_router("/articles", related_router)
api.add_router("/search", search_router)
