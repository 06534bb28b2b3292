from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "dateline.live"
    label = "live"
    verbose_name = "Live coverage"

    def ready(self) -> None:
        from dateline import events
        from dateline.live import posting
        from dateline.site import rounds

        # A killed or unpublished entry leaves baked pages before the editor's step returns.
        events.withdraws_part_when(posting.withdraws_entry)
        rounds.every_round("entry-embargoes", posting.lift_passed_embargoes)
