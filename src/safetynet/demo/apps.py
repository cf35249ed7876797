from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "safetynet.demo"
    label = "demo"
