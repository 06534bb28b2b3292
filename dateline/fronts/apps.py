from django.apps import AppConfig


class FrontsConfig(AppConfig):
    name = "dateline.fronts"
    label = "fronts"
    verbose_name = "Fronts"

    def ready(self) -> None:
        from dateline.fronts import desk, layouts, signals
        from dateline.site import panels, rounds

        signals.connect()
        rounds.every_round("fronts", layouts.run_due)
        panels.item_panel("fronts", desk.item_panel)
