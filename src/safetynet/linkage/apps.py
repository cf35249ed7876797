from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "safetynet.linkage"
    label = "linkage"

    def ready(self) -> None:
        from safetynet.jobs.queue import periodic
        from safetynet.linkage import policy, uploads  # noqa: F401 - capabilities, rule table

        periodic("linkage.prune_uploads", "safetynet.linkage.tasks.prune", minutes=60)
