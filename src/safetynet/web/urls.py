from django.contrib.auth import views as auth_views
from django.urls import path

from safetynet.web import addresses, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("people/<int:person_id>/", views.person_detail, name="person-detail"),
    path(
        "people/<int:person_id>/addresses/<int:household_id>/",
        addresses.address_request,
        name="address-request",
    ),
    path("addresses/", addresses.address_requests, name="address-requests"),
    path("health/", views.health, name="health"),
]
