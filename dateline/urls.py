"""Root URLs: the language editions, the API, the admin and (embedded mode) file serving."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from dateline.api.api import api
from dateline.desk import views as desk_views
from dateline.fronts import views as fronts_views
from dateline.media import views as media_views
from dateline.public import views as public_views

urlpatterns = [
    path("", public_views.root, name="root"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("desk/fronts/", include("dateline.fronts.deskurls")),
    path("desk/", include("dateline.desk.ui.urls")),
    path("preview/<str:token>/", desk_views.preview, name="desk-preview"),
    path("hit/<int:pk>", fronts_views.hit, name="read-hit"),
    path("", include("dateline.syndication.urls")),
    re_path(r"^media/(?P<path>.+)$", media_views.serve_media, name="media"),
    re_path(r"^static/(?P<path>.+)$", media_views.serve_static, name="static"),
    # Browsers ask for /favicon.ico whatever the page links; answer from the static files.
    path("favicon.ico", media_views.serve_static, {"path": "dateline/favicon.ico"}),
]

urlpatterns += i18n_patterns(
    path("", include("dateline.public.urls")),
    path("", include("dateline.search.urls")),
    path("", include("dateline.desk.urls")),
    prefix_default_language=True,
)

handler404 = "dateline.public.errors.not_found"
handler500 = "dateline.public.errors.server_error"
