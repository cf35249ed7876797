from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safetynet.audit"
    label = "audit"

    def ready(self) -> None:
        from safetynet.audit import policy  # noqa: F401 - declares its capabilities
        from safetynet.jobs.queue import periodic

        periodic("audit.seal", "safetynet.audit.chain.seal_pending", minutes=1)
        periodic("audit.checkpoint", "safetynet.audit.chain.checkpoint_job", minutes=60)
