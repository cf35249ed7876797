from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safetynet.cases"
    label = "cases"

    def ready(self) -> None:
        from safetynet.cases import families, notices, policy, rules, tracking  # noqa: F401 - capabilities, rule tables
