"""Absolute URLs that leave the site: the QR code, the badge ids, the verification link.

They are built from the ``SITE_URL`` setting, never from the request's Host
header, so a certificate printed today points at the real site tomorrow.
"""

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    """Return ``path`` (from :func:`reverse`) as an absolute URL on the site."""
    return f"{settings.SITE_URL}{path}"


def verify_url(code: str) -> str:
    """Return the public verification page of a certificate."""
    return absolute(reverse("credentials:verify", args=[code]))


def assertion_url(code: str) -> str:
    """Return the hosted Open Badges assertion of a certificate."""
    return absolute(reverse("credentials:assertion", args=[code]))


def baked_badge_url(code: str) -> str:
    """Return the baked badge PNG of a certificate."""
    return absolute(reverse("credentials:assertion_png", args=[code]))


def badge_class_url(slug: str) -> str:
    """Return the BadgeClass of a module."""
    return absolute(reverse("credentials:badge_class", args=[slug]))


def badge_image_url(slug: str) -> str:
    """Return the image of a module's badge."""
    return absolute(reverse("credentials:badge_image", args=[slug]))


def issuer_url() -> str:
    """Return the Issuer profile."""
    return absolute(reverse("credentials:issuer"))


def module_url(slug: str) -> str:
    """Return the learner's page of a module (the badge's criteria are met there)."""
    return absolute(reverse("elearning:module", args=[slug]))


def join_url(code: str) -> str:
    """Return the link with which a learner joins a cohort."""
    return absolute(reverse("elearning:join_link", args=[code]))
