from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "safetynet.api"
    label = "api"

    def ready(self) -> None:
        from safetynet.api import idempotency  # noqa: F401 - its rule table
        from safetynet.jobs.queue import periodic

        periodic("api.prune_idempotency", "safetynet.api.tasks.prune", minutes=60)
