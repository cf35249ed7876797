from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "safetynet.linkage"
    label = "linkage"
