"""Administrators manage agencies, units and staff here. API clients are created with
`safetynet apiclient` (the token is shown once); here they can only be looked at or disabled."""

from django.contrib import admin

from safetynet.agencies.models import Agency, ApiClient, Staff, Unit


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["code", "name", "kind", "county"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["code", "name", "kind", "agency"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    filter_horizontal = ["catchment"]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin[Staff]):
    list_display = ["display_name", "user", "unit", "role"]
    list_filter = ["role", "unit"]
    autocomplete_fields = ["unit"]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin[ApiClient]):
    list_display = ["name", "unit", "channel", "active", "created_at"]
    readonly_fields = ["name", "unit", "channel", "token_hash", "created_at"]

    def has_add_permission(self, request: object) -> bool:
        return False
