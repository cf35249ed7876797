from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safetynet.audit"
    label = "audit"

    def ready(self) -> None:
        from safetynet.audit import policy  # noqa: F401 - declares its capabilities
