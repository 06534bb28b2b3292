"""Public desk URLs inside each language edition (namespace ``desk-public``: ``desk`` is the
workspace at /desk/)."""

from django.urls import path

from dateline.desk import views

app_name = "desk-public"

urlpatterns = [
    path("corrections/", views.corrections, name="corrections"),
]
