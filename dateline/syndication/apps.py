from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "dateline.syndication"
    label = "syndication"
    verbose_name = "Syndication"

    def ready(self) -> None:
        from dateline.syndication import receivers

        receivers.connect()
