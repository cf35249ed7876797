from django.urls import path

from safetynet.intake import views

app_name = "intake"
urlpatterns = [
    path("reports/new/", views.report_new, name="report-new"),
    path("reports/mine/", views.my_reports, name="mine"),
    path("reports/<int:report_id>/", views.report_detail, name="report-detail"),
    path("reports/<int:report_id>/decide/", views.report_decide, name="report-decide"),
    path("queue/", views.queue, name="queue"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:decision_id>/", views.review, name="review"),
    path("inbox/", views.inbox, name="inbox"),
    path("dispatches/<int:dispatch_id>/", views.dispatch_detail, name="dispatch-detail"),
    path("reports/<int:report_id>/investigate/", views.investigate, name="investigate"),
    path("investigations/<int:investigation_id>/", views.investigation, name="investigation"),
    path("meetings/high-danger/", views.high_danger, name="high-danger"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
