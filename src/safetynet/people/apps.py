from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "safetynet.people"
    label = "people"

    def ready(self) -> None:
        from safetynet.people import disclosure, policy  # noqa: F401 - capabilities, rule table
