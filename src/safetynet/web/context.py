from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from safetynet.agencies.auth import passed_second_factor


def shell(request: HttpRequest) -> dict[str, Any]:
    """The acting principal and the menu the contexts offer them, for the base template."""
    principal = getattr(request, "principal", None)
    if principal is None or principal.user is None or not passed_second_factor(request):
        return {"principal": principal, "nav": []}  # (no menu before the second factor)
    from safetynet.web.views import menu

    return {"principal": principal, "nav": menu(principal)}
