from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "safetynet.geo"
    label = "geo"

    def ready(self) -> None:
        from safetynet.core import reference
        from safetynet.geo.models import County, District

        reference.watch(County, District)
