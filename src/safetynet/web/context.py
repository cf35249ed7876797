from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from safetynet.agencies.principal import Principal
from safetynet.linkage.access import can_link


def staff(request: HttpRequest) -> dict[str, Any]:
    """The acting principal for templates (navigation depends on role)."""
    principal = getattr(request, "principal", None)
    if principal is None and hasattr(request, "user"):
        principal = Principal.of_user(request.user)
        request.principal = principal  # type: ignore[attr-defined]
    return {"principal": principal, "can_link": principal is not None and can_link(principal)}
