from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safetynet.audit"
    label = "audit"
