from django.apps import AppConfig

from dateline.site import rounds


def _free_claims() -> list[str]:
    from dateline.publishing.baker import release_dead_claims

    freed = release_dead_claims()
    return [f"freed {freed} baked-page claim(s) of stopped processes"] if freed else []


class PublishingConfig(AppConfig):
    name = "dateline.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self) -> None:
        from dateline.publishing import (
            checks,  # noqa: F401 - registers the start-up checks of the backends
            pagecache,
            receivers,
            rendering,
            tracking,
        )

        rounds.every_round("claims", _free_claims)
        tracking.connect()
        rendering.connect()
        receivers.connect()
        pagecache.connect()
