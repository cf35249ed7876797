"""The platform's pages plus one view behind `recent_auth_required`, as the break-glass and any
export use it (tests/agencies/test_auth.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from safetynet.agencies.auth import recent_auth_required


@recent_auth_required
def sensitive(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"done {request.method}")


urlpatterns = [
    path("sensitive/", sensitive, name="sensitive"),
    path("", include("safetynet.urls")),
]
