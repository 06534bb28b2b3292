from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dateline.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from dateline.articles import signals
        from dateline.search import (
            conf,  # noqa: F401 - registers the search settings
            receivers,
        )

        signals.article_published.connect(receivers.index_article, dispatch_uid="search-pub")
        signals.article_updated.connect(receivers.index_article, dispatch_uid="search-upd")
        signals.article_unpublished.connect(receivers.remove_article, dispatch_uid="search-unp")
        signals.article_killed.connect(receivers.remove_article, dispatch_uid="search-kill")
