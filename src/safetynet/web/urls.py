from allauth.account import views as account_views
from django.urls import include, path

from safetynet.web import addresses, views

urlpatterns = [
    path("", views.home, name="home"),
    # django-allauth's login (password, then the second factor) and its account pages.
    path("login/", account_views.login, name="login"),
    path("logout/", account_views.logout, name="logout"),
    path("accounts/", include("allauth.urls")),
    path("people/<int:person_id>/", views.person_detail, name="person-detail"),
    path(
        "people/<int:person_id>/addresses/<int:household_id>/",
        addresses.address_request,
        name="address-request",
    ),
    path("addresses/", addresses.address_requests, name="address-requests"),
    path("health/", views.health, name="health"),
]
