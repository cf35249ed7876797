from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safetynet.cases"
    label = "cases"

    def ready(self) -> None:
        pass
