from django.contrib.auth import views as auth_views
from django.urls import path

from safetynet.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("reports/new/", views.report_new, name="report-new"),
    path("reports/<int:report_id>/", views.report_detail, name="report-detail"),
    path("reports/<int:report_id>/decide/", views.report_decide, name="report-decide"),
    path("queue/", views.queue, name="queue"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:decision_id>/", views.review, name="review"),
    path("inbox/", views.inbox, name="inbox"),
    path("dispatches/<int:dispatch_id>/", views.dispatch_detail, name="dispatch-detail"),
    path("cases/", views.cases, name="cases"),
    path("cases/<int:case_id>/", views.case_detail, name="case-detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
