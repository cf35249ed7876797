from django.contrib import admin
from django.urls import include, path

from safetynet.apiv1 import api

handler400 = "safetynet.web.views.bad_request"
handler403 = "safetynet.web.views.permission_denied"
handler404 = "safetynet.web.views.not_found"
handler500 = "safetynet.web.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("safetynet.intake.urls")),
    path("", include("safetynet.cases.urls")),
    path("", include("safetynet.linkage.urls")),
    path("", include("safetynet.rules.urls")),
    path("", include("safetynet.oversight.urls")),
    path("", include("safetynet.web.urls")),
]
