from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dateline.search"
    label = "search"
    verbose_name = "Search"
