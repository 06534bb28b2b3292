"""Public desk URLs inside each language edition."""

from django.urls import path

from dateline.desk import views

app_name = "desk"

urlpatterns = [
    path("corrections/", views.corrections, name="corrections"),
]
