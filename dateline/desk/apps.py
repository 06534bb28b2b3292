from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "dateline.desk"
    label = "desk"
    verbose_name = "Desk"

    def ready(self) -> None:
        from dateline import events
        from dateline.desk import announcements, embargo, scheduler
        from dateline.desk.models import UnfinishedRelease
        from dateline.site import rounds

        events.keep_records(UnfinishedRelease, announcements.track)
        # A stopped process may hold claims on the pages an interrupted event bakes: the
        # "claims" job frees them before each replay.
        rounds.every_round(
            "interrupted",
            lambda: announcements.finish_interrupted(before_replay=lambda: rounds.run("claims")),
        )
        rounds.every_round("scheduled", lambda: [a.pk for a in scheduler.publish_due()])
        rounds.every_round("embargoes", embargo.lift_passed)
