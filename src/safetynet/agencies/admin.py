"""Administrators manage agencies, units, staff and accounts here, each change audited. API
clients are created with `safetynet apiclient` (the token is shown once); here they can only be
looked at or revoked. Rule tables are changed on their own pages (propose, approve, publish)."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from safetynet.agencies.admin_site import AuditedAdmin
from safetynet.agencies.models import Agency, ApiClient, Staff, Unit
from safetynet.agencies.services import account_password_set, api_client_revoke
from safetynet.geo.models import County, District, Village


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "county"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "agency"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    filter_horizontal = ["catchment"]


@admin.register(Staff)
class StaffAdmin(AuditedAdmin):
    list_display = ["display_name", "user", "unit", "role"]
    list_filter = ["role", "unit"]
    autocomplete_fields = ["unit"]


@admin.action(description="Revoke the selected partner systems' tokens")
def revoke(modeladmin: Any, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
    for client in queryset:
        api_client_revoke(actor=request.principal, client_id=client.pk)  # type: ignore[attr-defined]
    messages.success(request, "Revoked.")


@admin.register(ApiClient)
class ApiClientAdmin(AuditedAdmin):
    list_display = ["name", "unit", "channel", "active", "created_at"]
    readonly_fields = ["name", "unit", "channel", "token_hash", "active", "created_at"]
    actions = [revoke]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.unregister(Group)
admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(AuditedAdmin, UserAdmin[User]):
    """Accounts: saves audited (the fields changed, never a password); a password set here is
    audited in the same transaction."""

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                account_password_set(actor=request.principal, user_id=int(id))  # type: ignore[attr-defined]
        return response


@admin.register(County)
class CountyAdmin(AuditedAdmin):
    list_display = ["code", "name", "exchange_code", "dataset_version"]


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ["code", "name", "county", "dataset_version"]
    list_filter = ["county"]
    search_fields = ["name", "code"]


@admin.register(Village)
class VillageAdmin(AuditedAdmin):
    list_display = ["name", "district"]
    list_filter = ["district"]
