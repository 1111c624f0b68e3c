"""URLs for the signals pages."""

from django.urls import path

from . import views

app_name = "signals"

urlpatterns = [
    path("weigh/", views.weigh_view, name="weigh"),
    path("weighing/", views.explanation_view, name="explanation"),
]
