"""The desk's fronts pages, under /desk/fronts/ (``dateline.fronts.desk``)."""

from django.urls import path

from dateline.fronts import desk

app_name = "fronts_desk"

urlpatterns = [
    path("", desk.front_list, name="list"),
    path("search/", desk.search, name="search"),
    path("takeover/<str:language>/", desk.takeover, name="takeover"),
    path("<int:pk>/", desk.edit, name="edit"),
    path("<int:pk>/preview/", desk.preview, name="preview"),
]
