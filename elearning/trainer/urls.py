"""The trainer's pages (being written)."""

from django.urls import URLPattern

app_name = "trainer"

urlpatterns: list[URLPattern] = []
