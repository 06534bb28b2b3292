from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "dateline.people"
    label = "people"
    verbose_name = "People"
