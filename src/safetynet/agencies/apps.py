from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "safetynet.agencies"
    label = "agencies"

    def ready(self) -> None:
        from safetynet.agencies import capabilities, closed, policy, retention  # noqa: F401 - rule tables
        from safetynet.agencies.models import ApiClient, Staff, Unit
        from safetynet.core import reference

        reference.watch(ApiClient, Unit, Staff)
