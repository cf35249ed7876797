from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "safetynet.geo"
    label = "geo"
