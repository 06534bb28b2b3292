from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "dateline.publishing"
    label = "publishing"
    verbose_name = "Publishing"
