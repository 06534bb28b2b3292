from django.urls import path

from dateline.live import views as live_views
from dateline.public import authors, views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("section/<slug:slug>/", views.section, name="section"),
    path("topic/<slug:slug>/", views.topic, name="topic"),
    path("story/<int:pk>/", views.story, name="story"),
    path("front/<str:slug>/", views.landing, name="front"),
    path("author/<slug:slug>/", authors.author, name="author"),
    path("news/<int:pk>/", views.article, name="article-short"),
    path("news/<int:pk>/<str:slug>/", views.article, name="article"),
    path("live/<int:pk>/entries.json", live_views.entries, name="live-entries"),
]
