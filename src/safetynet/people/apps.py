from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "safetynet.people"
    label = "people"
