from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "dateline.desk"
    label = "desk"
    verbose_name = "Desk"

    def ready(self) -> None:
        from dateline import events
        from dateline.desk import announcements
        from dateline.desk.models import UnfinishedRelease

        events.keep_records(UnfinishedRelease, announcements.track)
