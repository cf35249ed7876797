from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "safetynet.intake"
    label = "intake"

    def ready(self) -> None:
        from safetynet.intake import investigations, policy, rules  # noqa: F401 - capabilities, rule tables
