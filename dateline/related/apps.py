from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "dateline.related"
    label = "related"
    verbose_name = "Related"
