"""URLs of a case's Veilig Thuis pages, under ``/cases/<reference>/veilig-thuis/``."""

from django.urls import path

from . import views

app_name = "vt"

urlpatterns = [
    path("", views.vt_case_view, name="overview"),
    path("advies/", views.advies_view, name="advies"),
    path("advies/summary/", views.advies_summary_view, name="advies_summary"),
    path("advies/summary.pdf", views.advies_pdf_view, name="advies_pdf"),
    path("advies/send/", views.advies_send_view, name="advies_send"),
    path("melding/", views.melding_view, name="melding"),
    path("melding/preview/", views.melding_preview_view, name="melding_preview"),
    path("melding/summary.pdf", views.melding_pdf_view, name="melding_pdf"),
    path("melding/send/", views.melding_send_view, name="melding_send"),
    path("deliveries/<uuid:payload_id>/retry/", views.delivery_retry_view, name="retry"),
]
