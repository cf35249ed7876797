from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "safetynet.jobs"
    label = "jobs"

    def ready(self) -> None:
        from safetynet.jobs.queue import periodic

        periodic("jobs.heartbeat", "safetynet.jobs.queue.heartbeat", minutes=1)
