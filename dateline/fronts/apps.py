from django.apps import AppConfig


class FrontsConfig(AppConfig):
    name = "dateline.fronts"
    label = "fronts"
    verbose_name = "Fronts"

    def ready(self) -> None:
        from dateline.fronts import layouts, signals
        from dateline.site import rounds

        signals.connect()
        rounds.every_round("fronts", layouts.run_due)
