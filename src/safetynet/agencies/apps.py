from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "safetynet.agencies"
    label = "agencies"

    def ready(self) -> None:
        from safetynet.agencies.models import ApiClient, Unit
        from safetynet.core import reference

        reference.watch(ApiClient, Unit)
