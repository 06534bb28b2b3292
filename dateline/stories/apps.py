from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "dateline.stories"
    label = "stories"
    verbose_name = "Stories"

    def ready(self) -> None:
        from dateline.related import withdrawal

        withdrawal.connect()
