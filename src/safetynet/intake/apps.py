from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "safetynet.intake"
    label = "intake"

    def ready(self) -> None:
        from safetynet.core import reference
        from safetynet.intake.models import DeadlineRule

        reference.watch(DeadlineRule)
