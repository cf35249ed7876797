from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "safetynet.agencies"
    label = "agencies"
