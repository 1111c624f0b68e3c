"""Public views of certificates: the verification page and the Open Badges 2.0 documents.

Anyone may open these, from a phone that scanned the QR code or from a
badge backpack on another site, so every view is :func:`public`, answers
GET and HEAD only, and counts against one rate limit per client address.
The verification page shows the state and the little the certificate says
publicly (name, module, dates) from the data frozen at issue; the badge
documents are JSON-LD that other origins may read.
"""

from collections.abc import Callable
from functools import cache, wraps
from pathlib import Path
from typing import Any, Final

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe

import elearning
from elearning import badges, links
from elearning.certificates import read_code
from elearning.content import content_language
from elearning.models import Certificate
from meldcode.security import public

from . import documents, selectors
from .forms import CodeForm
from .ratelimit import rate_limited

BADGE_PNG: Final = Path(elearning.__file__).parent / "static" / "elearning" / "badge.png"
JSON_LD: Final = "application/ld+json"
# How long a browser or backpack may keep the documents that change only with
# a new module version; a certificate's state can change any minute, so its
# page and assertion are never kept.
STABLE_MAX_AGE: Final = 60 * 60

View = Callable[..., HttpResponse]


# --- answers -------------------------------------------------------------------


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a public page that no cache keeps and no search engine indexes."""
    response = render(request, f"elearning/public/{template}", context, status=status)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def _not_found_page(request: HttpRequest) -> HttpResponse:
    """Say that no certificate has this code: the same page for a malformed and an unknown code."""
    return _page(request, "not_found.html", {"form": CodeForm()}, status=404)


def _too_many_page(request: HttpRequest, wait: int) -> HttpResponse:
    """Ask the visitor to wait before the next request."""
    return _page(request, "too_many.html", {"wait": wait}, status=429)


def _json(body: dict[str, Any], *, status: int = 200, content_type: str = JSON_LD) -> JsonResponse:
    """Return a JSON(-LD) answer with the characters as they are (names with diacritics)."""
    return JsonResponse(
        body,
        status=status,
        content_type=content_type,
        json_dumps_params={"ensure_ascii": False},
    )


def _json_error(error: str, status: int) -> JsonResponse:
    """Return a small JSON error body (plain JSON: it describes no badge)."""
    response = _json({"error": error}, status=status, content_type="application/json")
    add_never_cache_headers(response)
    return response


def _too_many_json(request: HttpRequest, wait: int) -> HttpResponse:
    """Answer a badge client that asks too often."""
    return _json_error("too many requests", 429)


def _cross_origin(view: View) -> View:
    """Let pages on other origins (badge backpacks, verifiers) read every answer of ``view``.

    Set on errors, redirects and refusals too, so a backpack sees a 404 or
    429 as such rather than as a network failure.
    """

    @wraps(view)
    def shared(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return shared


def _stable(response: HttpResponse) -> HttpResponse:
    """Let caches keep a document that changes only with a new module version, for an hour."""
    patch_cache_control(response, public=True, max_age=STABLE_MAX_AGE)
    return response


def _certificate_or_answer(
    code: str, route: str, not_found: Callable[[], HttpResponse]
) -> Certificate | HttpResponse:
    """Return the certificate a code in a URL names, or the answer when it names none.

    A readable code written another way (lower case, without dashes, an O
    for a 0) is sent on to its canonical URL, so each certificate has one
    address; a code that cannot be read and a code no certificate has get
    the same answer, ``not_found()``.
    """
    canonical = read_code(code)
    if canonical is None:
        return not_found()
    if canonical != code:
        return HttpResponsePermanentRedirect(reverse(route, args=[canonical]))
    certificate = selectors.certificate_by_code(canonical)
    return not_found() if certificate is None else certificate


# --- the verification page -------------------------------------------------------


@public
@require_safe
@rate_limited(_too_many_page)
def verify_form_view(request: HttpRequest) -> HttpResponse:
    """Take a typed code and send the visitor on to its verification page."""
    if "code" not in request.GET:
        return _page(request, "verify_form.html", {"form": CodeForm()})
    form = CodeForm(request.GET)
    if not form.is_valid():
        return _page(request, "verify_form.html", {"form": form}, status=400)
    return HttpResponseRedirect(reverse("credentials:verify", args=[form.cleaned_data["code"]]))


@public
@require_safe
@rate_limited(_too_many_page)
def verify_view(request: HttpRequest, code: str) -> HttpResponse:
    """Show whether a certificate is valid, expired or revoked, whose it is and for what."""
    found = _certificate_or_answer(code, "credentials:verify", lambda: _not_found_page(request))
    if isinstance(found, HttpResponse):
        return found
    verification = selectors.verification_of(found, today=timezone.localdate())
    language = content_language(translation.get_language())
    context = {
        "verification": verification,
        "module_title": verification.module_title.get(language),
        "reason_label": selectors.reason_label(verification.reason),
        "assertion_url": links.assertion_url(verification.code),
    }
    return _page(request, "verify.html", context)


# --- Open Badges 2.0 -------------------------------------------------------------


@public
@_cross_origin
@require_safe
@rate_limited(_too_many_json)
def issuer_view(request: HttpRequest) -> HttpResponse:
    """Return the Issuer profile."""
    return _stable(_json(documents.issuer_document()))


@public
@_cross_origin
@require_safe
@rate_limited(_too_many_json)
def badge_class_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the BadgeClass of a module; 404 for a module that was never loaded."""
    module = selectors.badge_module(slug)
    if module is None:
        return _json_error("not found", 404)
    return _stable(_json(documents.badge_class_document(module)))


@cache
def badge_png() -> bytes:
    """Return the badge image, read once per process."""
    return BADGE_PNG.read_bytes()


@public
@_cross_origin
@require_safe
@rate_limited(_too_many_json)
def badge_image_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the badge image of a module (one image serves every module)."""
    if not selectors.module_exists(slug):
        return _json_error("not found", 404)
    return _stable(HttpResponse(badge_png(), content_type="image/png"))


def _revoked(certificate: Certificate) -> HttpResponse:
    """Answer 410 Gone for a revoked assertion, saying that and why in the body as well."""
    response = _json(documents.revoked_document(certificate), status=410)
    add_never_cache_headers(response)
    return response


@public
@_cross_origin
@require_safe
@rate_limited(_too_many_json)
def assertion_view(request: HttpRequest, code: str) -> HttpResponse:
    """Return a certificate's hosted Assertion; 410 Gone once it is revoked."""
    found = _certificate_or_answer(
        code, "credentials:assertion", lambda: _json_error("not found", 404)
    )
    if isinstance(found, HttpResponse):
        return found
    if found.revoked_at is not None:
        return _revoked(found)
    response = _json(documents.assertion_document(found))
    add_never_cache_headers(response)
    return response


@public
@_cross_origin
@require_safe
@rate_limited(_too_many_json)
def assertion_png_view(request: HttpRequest, code: str) -> HttpResponse:
    """Return the badge image with the certificate's assertion baked in, as a download."""
    found = _certificate_or_answer(
        code, "credentials:assertion_png", lambda: _json_error("not found", 404)
    )
    if isinstance(found, HttpResponse):
        return found
    if found.revoked_at is not None:
        return _revoked(found)
    baked = badges.bake_png(badge_png(), documents.assertion_document(found))
    response = HttpResponse(baked, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="meldwijzer-badge-{found.code}.png"'
    add_never_cache_headers(response)
    return response
