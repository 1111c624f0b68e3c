"""URLs of the trainer's pages; a cohort, learner and certificate are named by their ids.

The ids are matched as digits only: anything else is a 404 before a view
runs, and the selectors answer the same 404 for an id that is not the
trainer's to see.
"""

from django.urls import path

from . import views

app_name = "trainer"

urlpatterns = [
    path("", views.cohorts_view, name="cohorts"),
    path("cohorts/new/", views.cohort_new_view, name="cohort_new"),
    path("cohorts/<int:cohort_id>/", views.cohort_view, name="cohort"),
    path("cohorts/<int:cohort_id>/joining/", views.cohort_joining_view, name="joining"),
    path("cohorts/<int:cohort_id>/learners/<int:user_id>/", views.learner_view, name="learner"),
    path(
        "cohorts/<int:cohort_id>/certificates/<int:certificate_id>/revoke",
        views.revoke_view,
        name="revoke",
    ),
    path("cohorts/<int:cohort_id>/export.csv", views.export_csv_view, name="export_csv"),
    path("cohorts/<int:cohort_id>/certificates.zip", views.export_zip_view, name="export_zip"),
    path("cohorts/<int:cohort_id>/attendance/", views.attendance_view, name="attendance"),
    path(
        "cohorts/<int:cohort_id>/attendance/list.txt",
        views.attendance_txt_view,
        name="attendance_txt",
    ),
    path(
        "cohorts/<int:cohort_id>/attendance/webservice.xml",
        views.attendance_batch_view,
        name="attendance_batch",
    ),
]
