"""Middleware at the edge of every request: proxies, request size, caching of private pages."""

import ctypes
import ctypes.util
import gc
import logging
from collections.abc import Callable
from functools import cache
from typing import cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from .network import Network, client_address, is_trusted, parse_networks

# Bodies above this size are followed by a garbage collection (see below).
LARGE_BODY_BYTES = 64 * 1024
# Headers only our own reverse proxies may set; from anyone else they are lies.
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """Return glibc's ``malloc_trim``, or None where the C library has none."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return cast(Callable[[int], int], libc.malloc_trim)
    except (OSError, AttributeError):
        return None


def release_free_memory() -> None:
    """Hand freed memory back to the operating system where the C library allows it.

    glibc keeps freed blocks for reuse; after a large body that space would
    otherwise stay with the worker for good.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def trusted_proxies() -> tuple[Network, ...]:
    """Return the configured trusted proxies (read once per process)."""
    return parse_networks(settings.TRUSTED_PROXIES)


def request_client_address(request: HttpRequest) -> str:
    """Return the client's address as established by :class:`ProxyHeadersMiddleware`."""
    return str(getattr(request, "client_address", request.META.get("REMOTE_ADDR", "")))


class ProxyHeadersMiddleware:
    """Believe ``X-Forwarded-*`` only from configured proxies, and note the client's address.

    Runs first, so ``SECURE_PROXY_SSL_HEADER`` and everything after it see
    forwarded headers only when a trusted proxy sent them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        """Keep the next handler."""
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Strip or use the forwarded headers, then pass the request on."""
        remote = request.META.get("REMOTE_ADDR", "")
        proxies = trusted_proxies()
        if is_trusted(remote, proxies):
            request.client_address = client_address(  # type: ignore[attr-defined]
                remote_addr=remote,
                forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR"),
                trusted=proxies,
            )
        else:
            for header in PROXY_HEADERS:
                request.META.pop(header, None)
            request.client_address = remote  # type: ignore[attr-defined]
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse a request body above ``MAX_REQUEST_BODY_BYTES`` with 413, without reading it.

    Django would read up to its own limit before refusing; a flood of large
    anonymous bodies should cost us nothing, in time or in memory.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        """Keep the next handler."""
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Answer 413 for a declared length over the limit."""
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            logging.getLogger("django.security.RequestDataTooBig").warning(
                "Request body of %d bytes refused (limit %d).",
                length,
                settings.MAX_REQUEST_BODY_BYTES,
            )
            response = render(request, "413.html", status=413)
            # The body stays unread; the connection must not be reused for it.
            response["Connection"] = "close"
            return response
        response = self.get_response(request)
        if length > LARGE_BODY_BYTES:
            # Django's request, form and response objects refer to each other,
            # so the copies of a large body wait in cyclic garbage until a full
            # collection, which may be hundreds of requests away. Collect now:
            # legitimate large bodies are rare, a flood of them must not grow
            # the worker.
            gc.collect()
            release_free_memory()
        return response


class NoStoreMiddleware:
    """Let no browser or proxy keep a copy of a page shown to a logged-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        """Keep the next handler."""
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Mark the response ``no-store`` when it was made for a logged-in user."""
        response = self.get_response(request)
        if "no-store" in response.get("Cache-Control", ""):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
