from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "dateline.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self) -> None:
        from dateline.publishing import (
            checks,  # noqa: F401 - registers the start-up checks of the backends
            receivers,
            rendering,
            tracking,
        )

        tracking.connect()
        rendering.connect()
        receivers.connect()
