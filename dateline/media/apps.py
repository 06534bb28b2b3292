from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "dateline.media"
    label = "media"
    verbose_name = "Media"

    def ready(self) -> None:
        from dateline.media import receivers  # noqa: F401 - connects the receivers
