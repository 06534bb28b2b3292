"""The desk's URLs, under /desk/ (outside the language editions: the UI language is the
user's choice, the item's language is its own)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from dateline.desk.ui import views

app_name = "desk"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="desk/ui/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="desk:login"), name="logout"),
    path("language/", views.language, name="language"),
    path("items/", views.items, name="items"),
    path("items/new/", views.new_item, name="new"),
    path("items/<int:pk>/", views.edit, name="edit"),
    path("items/<int:pk>/autosave/", views.autosave, name="autosave"),
    path("items/<int:pk>/presence/", views.heartbeat, name="presence"),
    path("items/<int:pk>/step/", views.step, name="step"),
    path("items/<int:pk>/revisions/", views.revisions_page, name="revisions"),
    path("people/", views.people, name="people"),
    path("media/", views.media, name="media"),
    path("media/upload/", views.upload, name="upload"),
    path("embed/", views.embed, name="embed"),
]
