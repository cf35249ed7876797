"""Administrators edit the "other service" destinations here (audited); the desk's rule tables
(deadlines, routing, thresholds) are changed on the rule pages (propose, approve, publish)."""

from django.contrib import admin

from safetynet.agencies.admin_site import AuditedAdmin
from safetynet.intake.models import ServiceGroup


@admin.register(ServiceGroup)
class ServiceGroupAdmin(AuditedAdmin):
    list_display = ["code", "name", "name_en", "active", "sort"]

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False  # decisions point at them: deactivate instead
