from django.urls import path

from safetynet.linkage import views

app_name = "linkage"
urlpatterns = [
    path("linkage/", views.linkage_home, name="home"),
    path("linkage/upload/", views.linkage_upload, name="upload"),
    path("linkage/map/", views.linkage_map, name="map"),
    path("linkage/runs/", views.linkage_run_start, name="run-start"),
    path("linkage/runs/<int:run_id>/", views.linkage_run, name="run"),
    path("linkage/review/", views.linkage_reviews, name="reviews"),
    path("linkage/review/<int:pair_id>/", views.linkage_review, name="review"),
    path("linkage/records/<int:record_id>/unmerge/", views.record_unmerge, name="unmerge"),
]
