from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "safetynet.intake"
    label = "intake"
