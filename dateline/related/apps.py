from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "dateline.related"
    label = "related"
    verbose_name = "Related"

    def ready(self) -> None:
        from dateline.related import (
            checks,  # noqa: F401 - registers the start-up check of the related settings
            receivers,
            withdrawal,
        )

        withdrawal.connect()
        receivers.connect()
