"""The admin site, opened by the capability to administer (not Django's staff flags), and the
base of its model pages: every save and delete goes through an audited service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.backends import BaseBackend
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import urlencode

from safetynet.agencies import policy
from safetynet.agencies.principal import Principal


def _principal(request: HttpRequest) -> Principal:
    return request.principal  # type: ignore[attr-defined,no-any-return]


class SafetyNetAdminSite(admin.AdminSite):
    site_header = "SafetyNet"
    site_title = "SafetyNet"

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and policy.can_administer(_principal(request))

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """The platform's login (password, second factor, lockout) for the admin site too:
        Django's own admin login would skip them."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or resolve_url("admin:index")
        query = urlencode({REDIRECT_FIELD_NAME: next_url})
        return HttpResponseRedirect(f"{resolve_url('login')}?{query}")


class CapabilityBackend(BaseBackend):
    """Model permissions in the admin site follow the capability to administer."""

    def has_perm(self, user_obj: Any, perm: str, obj: Model | None = None) -> bool:
        if not getattr(user_obj, "is_active", False):
            return False
        return policy.can_administer(Principal.of_user(user_obj))

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return self.has_perm(user_obj, f"{app_label}.view")


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Saves and deletes through `agencies.services.admin_save` / `admin_delete` (audited)."""

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        from safetynet.agencies.services import admin_save

        admin_save(actor=_principal(request), instance=obj, created=not change,
                   changed=form.changed_data)  # fmt: skip

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        from safetynet.agencies.services import admin_delete

        admin_delete(actor=_principal(request), instance=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
