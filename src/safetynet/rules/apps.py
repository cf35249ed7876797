from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "safetynet.rules"
    label = "rules"

    def ready(self) -> None:
        from safetynet.core import reference
        from safetynet.rules import policy  # noqa: F401 - declares its capabilities
        from safetynet.rules.models import RuleVersion

        reference.watch(RuleVersion)
