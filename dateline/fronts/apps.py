from django.apps import AppConfig


class FrontsConfig(AppConfig):
    name = "dateline.fronts"
    label = "fronts"
    verbose_name = "Fronts"

    def ready(self) -> None:
        from dateline.fronts import signals

        signals.connect()
