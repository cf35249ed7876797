from django.urls import path

from safetynet.cases import views, views_breakglass

app_name = "cases"
urlpatterns = [
    path("cases/", views.cases, name="cases"),
    path("cases/week/", views.week, name="week"),
    path("cases/<int:case_id>/", views.case_detail, name="case-detail"),
    path("cases/<int:case_id>/steps/<slug:step>/", views.case_step_view, name="case-step"),
    path("cases/<int:case_id>/contacts/", views.contact_new, name="contact-new"),
    path(
        "cases/<int:case_id>/contacts/<int:contact_id>/",
        views.contact_edit_view,
        name="contact-edit",
    ),
    path("cases/<int:case_id>/reports/", views.report_new, name="report-new"),
    path("cases/<int:case_id>/schedule/", views.schedule_set, name="schedule-set"),
    path("cases/<int:case_id>/handoffs/", views.handoff_new, name="handoff-new"),
    path("cases/<int:case_id>/plan/", views.plan, name="plan"),
    path("cases/<int:case_id>/plan/<int:plan_id>/<slug:step>/", views.plan_step, name="plan-step"),
    path("families/<int:household_id>/", views.family, name="family"),
    path("tracked/", views.tracked, name="tracked"),
    path("disputes/", views.disputes, name="disputes"),
    path("referrals/<int:handoff_id>/dispute/", views.dispute_new, name="dispute-new"),
    path("cases/<int:case_id>/assign/", views.assign, name="assign"),
    path("cases/<int:case_id>/track/", views.track_case, name="track"),
    path("cases/<int:case_id>/assessments/", views.assessment_new, name="assessment-new"),
    path("notices/", views.notices, name="notices"),
    path("notices/<int:notice_id>/", views.notice_open, name="notice"),
    path("referrals/", views.handoffs, name="handoffs"),
    path("referrals/<int:handoff_id>/", views.handoff_detail, name="handoff"),
    path("referrals/<int:handoff_id>/seen/", views.handoff_seen_view, name="handoff-seen"),
    path("cases/<int:case_id>/breakglass/", views_breakglass.breakglass_new, name="breakglass"),
    path("breakglass/", views_breakglass.breakglass_list, name="breakglass-list"),
    path(
        "breakglass/<int:grant_id>/", views_breakglass.breakglass_detail, name="breakglass-detail"
    ),
]
