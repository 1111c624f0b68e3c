"""Reads behind the public certificate pages: a certificate by its code, a module by its slug.

What the public may learn of a certificate is decided here, once: the
state, the learner's name and the module's title as frozen at issue, and
the dates. Nothing live (the account, the module's current title) and
nothing private (the BIG-nummer, register numbers, the e-mail address)
leaves this module for the verification page.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from elearning import content, services
from elearning.content import Text
from elearning.models import Certificate, Module, RevocationReason


@dataclass(frozen=True, slots=True)
class Verification:
    """What the verification page shows of one certificate."""

    code: str
    state: str  # "valid", "expired" or "revoked"
    name: str
    module_title: Text
    completed_on: date
    valid_until: date
    revoked_on: date | None
    # The reason's category (a RevocationReason value), "" when not revoked.
    reason: str


@dataclass(frozen=True, slots=True)
class BadgeModule:
    """What a module's BadgeClass says: its title, summary and pass mark."""

    slug: str
    title: Text
    summary: Text | None
    pass_mark: int | None


def certificate_by_code(code: str) -> Certificate | None:
    """Return the certificate with the canonical ``code``, or None when none has it."""
    return Certificate.objects.select_related("module").filter(code=code).first()


def verification_of(certificate: Certificate, *, today: date) -> Verification:
    """Return what the public may see of ``certificate`` on ``today``, from its frozen data."""
    frozen = services.frozen_of(certificate)
    revoked_at: datetime | None = certificate.revoked_at
    return Verification(
        code=certificate.code,
        state=certificate.state(today),
        name=frozen.name,
        module_title=frozen.module_title,
        completed_on=frozen.completed_on,
        # The column, not the frozen copy: it is the one the state is decided on.
        valid_until=certificate.valid_until,
        revoked_on=None if revoked_at is None else timezone.localdate(revoked_at),
        reason=certificate.revoked_reason if revoked_at is not None else "",
    )


def reason_label(reason: str) -> str:
    """Return the translated label of a revocation category (the value itself if unknown)."""
    try:
        return str(RevocationReason(reason).label)
    except ValueError:
        return reason


def badge_module(slug: str) -> BadgeModule | None:
    """Return the module ``slug`` as its BadgeClass describes it, or None when there is none.

    The title is the current version's, as the database recorded it. The
    summary and pass mark come from the module's files; when the files are
    at another version than the database loaded (or no longer ship), the
    BadgeClass must still answer, since issued assertions point at it: the
    summary of the files of that slug is used, or none at all.
    """
    module = (
        Module.objects.select_related("current_version")
        .filter(slug=slug, current_version__isnull=False)
        .first()
    )
    if module is None or module.current_version is None:
        return None
    try:
        files: content.Module | None = services.module_content(module)
    except services.ContentNotLoaded:
        files = next((item for item in content.modules() if item.slug == slug), None)
    return BadgeModule(
        slug=module.slug,
        title=module.current_version.title,
        summary=None if files is None else files.summary,
        pass_mark=None if files is None else files.pass_mark,
    )


def module_exists(slug: str) -> bool:
    """Tell whether a module with ``slug`` has been loaded."""
    return Module.objects.filter(slug=slug, current_version__isnull=False).exists()
