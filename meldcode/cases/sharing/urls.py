"""URLs for the colleague's side of a consultation (the owner's side is under the case)."""

from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.consultations_view, name="list"),
    path("<str:public_id>/", views.consultation_view, name="detail"),
]
