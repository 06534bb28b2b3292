from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dateline.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from dateline.search import (
            conf,  # noqa: F401 - registers the search settings
            receivers,
        )

        receivers.connect()
