from django.urls import path

from safetynet.rules import views

app_name = "rules"
urlpatterns = [
    path("rules/", views.home, name="home"),
    path("rules/versions/<int:version_id>/", views.version_detail, name="version"),
    path("rules/versions/<int:version_id>/<slug:action>/", views.version_act, name="act"),
    path("rules/<str:kind>/", views.kind_detail, name="kind"),
    path("rules/<str:kind>/draft/", views.draft_new, name="draft"),
]
