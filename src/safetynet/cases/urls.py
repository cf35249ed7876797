from django.urls import path

from safetynet.cases import views

app_name = "cases"
urlpatterns = [
    path("cases/", views.cases, name="cases"),
    path("cases/<int:case_id>/", views.case_detail, name="case-detail"),
]
