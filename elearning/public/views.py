"""Public views of certificates (being written)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from meldcode.security import public


@public
def verify_form_view(request: HttpRequest) -> HttpResponse:
    """Not yet written."""
    raise Http404


@public
def verify_view(request: HttpRequest, code: str) -> HttpResponse:
    """Not yet written."""
    raise Http404


@public
def issuer_view(request: HttpRequest) -> HttpResponse:
    """Not yet written."""
    raise Http404


@public
def badge_class_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Not yet written."""
    raise Http404


@public
def badge_image_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Not yet written."""
    raise Http404


@public
def assertion_view(request: HttpRequest, code: str, **_: Any) -> HttpResponse:
    """Not yet written."""
    raise Http404


@public
def assertion_png_view(request: HttpRequest, code: str) -> HttpResponse:
    """Not yet written."""
    raise Http404
