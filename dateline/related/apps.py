from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "dateline.related"
    label = "related"
    verbose_name = "Related"

    def ready(self) -> None:
        from dateline.related import receivers, withdrawal

        withdrawal.connect()
        receivers.connect()
