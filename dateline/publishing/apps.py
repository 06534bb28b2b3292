from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "dateline.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self) -> None:
        from dateline.publishing import (
            checks,  # noqa: F401 - registers the start-up checks of the backends
            rendering,
            signals,
            tracking,
        )

        tracking.connect()
        rendering.connect()
        signals.connect()
