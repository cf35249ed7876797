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
from safetynet.core.conflict import StaleEdit, fingerprint
from safetynet.core.conflict import page as conflict_page

# The hidden field of a change page that carries the version it was made from.
VERSION_FIELD = "row_version"


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
    """Saves and deletes through `agencies.services.admin_save` / `admin_delete` (audited).

    Django's admin has no locking: a change page carries the version of the row it was made
    from (`row_version`, a fingerprint of the stored values, in the form's top block), and
    `admin_save` refuses a save made on another version with the conflict page (409)."""

    change_form_template = "admin/safetynet/change_form.html"

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], add: bool = False,
        change: bool = False, form_url: str = "", obj: Model | None = None,
    ) -> HttpResponse:  # fmt: skip
        # After a refused POST the object holds the submitted values: keep the version sent.
        sent = request.POST.get(VERSION_FIELD) if request.method == "POST" else None
        context[VERSION_FIELD] = sent or (fingerprint(obj) if obj is not None and obj.pk else "")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:  # fmt: skip
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit as error:
            return conflict_page(request, error, back=request.path)

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        from safetynet.agencies.services import admin_save

        m2m = {f.name: ", ".join(str(o) for o in form.cleaned_data.get(f.name) or [])
               for f in obj._meta.many_to_many if f.name in form.changed_data}  # fmt: skip
        admin_save(actor=_principal(request), instance=obj, created=not change,
                   changed=form.changed_data, version=request.POST.get(VERSION_FIELD),
                   submitted_m2m=m2m)  # fmt: skip

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        from safetynet.agencies.services import admin_delete

        admin_delete(actor=_principal(request), instance=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
