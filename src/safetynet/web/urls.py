from django.contrib.auth import views as auth_views
from django.urls import path

from safetynet.web import linkage_views, views

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
    path("people/<int:person_id>/", linkage_views.person_detail, name="person-detail"),
    path("linkage/", linkage_views.linkage_home, name="linkage"),
    path("linkage/upload/", linkage_views.linkage_upload, name="linkage-upload"),
    path("linkage/map/", linkage_views.linkage_map, name="linkage-map"),
    path("linkage/runs/", linkage_views.linkage_run_start, name="linkage-run-start"),
    path("linkage/runs/<int:run_id>/", linkage_views.linkage_run, name="linkage-run"),
    path("linkage/review/", linkage_views.linkage_reviews, name="linkage-reviews"),
    path("linkage/review/<int:pair_id>/", linkage_views.linkage_review, name="linkage-review"),
    path(
        "linkage/records/<int:record_id>/unmerge/",
        linkage_views.record_unmerge,
        name="linkage-unmerge",
    ),
]
