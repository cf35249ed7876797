"""The rule tables' versions in the admin site: read only. They are changed on the rule pages,
through the services that ask for a second person's approval."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from safetynet.rules.models import RuleVersion


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin[RuleVersion]):
    list_display = ["kind", "number", "status", "effective_from", "created_at", "page"]
    list_filter = ["kind", "status"]

    @admin.display(description="page")
    def page(self, obj: RuleVersion) -> str:
        return format_html('<a href="{}">→</a>', reverse("rules:version", args=[obj.pk]))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
