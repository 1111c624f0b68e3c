"""Public URLs of certificates: verification and the Open Badges 2.0 documents."""

from django.urls import path, register_converter

from . import views


class CodeConverter:
    """Match anything that could be a typed certificate code; the view reads it strictly."""

    regex = r"[0-9A-Za-z-]{1,40}"

    def to_python(self, value: str) -> str:
        """Keep the text; the view normalises it."""
        return value

    def to_url(self, value: str) -> str:
        """Write the code as it is."""
        return value


register_converter(CodeConverter, "certificate_code")

app_name = "credentials"

urlpatterns = [
    path("verify/", views.verify_form_view, name="verify_form"),
    path("verify/<certificate_code:code>", views.verify_view, name="verify"),
    path("badges/issuer.json", views.issuer_view, name="issuer"),
    path("badges/modules/<slug:slug>.json", views.badge_class_view, name="badge_class"),
    path("badges/modules/<slug:slug>.png", views.badge_image_view, name="badge_image"),
    path("badges/assertions/<certificate_code:code>.json", views.assertion_view, name="assertion"),
    path(
        "badges/assertions/<certificate_code:code>.png",
        views.assertion_png_view,
        name="assertion_png",
    ),
]
