"""The learner's pages (being written)."""

from django.urls import URLPattern

app_name = "elearning"

urlpatterns: list[URLPattern] = []
