"""URLs of the Veilig Thuis inbox; a report is named by its payload id, a UUID, never by a name."""

from django.urls import path

from . import views

app_name = "vt_inbox"

urlpatterns = [
    path("", views.inbox_view, name="list"),
    path("<uuid:payload_id>/", views.report_view, name="report"),
    path("<uuid:payload_id>/assess/", views.report_assess_view, name="assess"),
    path("<uuid:payload_id>/status/", views.report_status_view, name="status"),
    path("<uuid:payload_id>/terugkoppeling/", views.terugkoppeling_view, name="terugkoppeling"),
    path("<uuid:payload_id>/export.json", views.export_json_view, name="export_json"),
    path("<uuid:payload_id>/export.pdf", views.export_pdf_view, name="export_pdf"),
]
