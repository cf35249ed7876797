from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "safetynet.oversight"
    label = "oversight"

    def ready(self) -> None:
        from safetynet.jobs.queue import periodic
        from safetynet.oversight import policy, rules  # noqa: F401 - capabilities, rule table

        periodic("oversight.sweep", "safetynet.oversight.services.sweep", minutes=2)
