from django.urls import path

from safetynet.oversight import views

app_name = "oversight"
urlpatterns = [
    path("oversight/who-viewed/<slug:kind>/<int:pk>/", views.who_viewed, name="who-viewed"),
    path("oversight/", views.lookup, name="lookup"),
    path("oversight/alerts/", views.alerts, name="alerts"),
    path("oversight/alerts/<int:alert_id>/", views.alert_detail, name="alert"),
]
