from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "dateline.public"
    label = "public"
    verbose_name = "Public"

    def ready(self) -> None:
        from dateline.public import checks  # noqa: F401  (registers the deployment checks)
