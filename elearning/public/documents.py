"""The Open Badges 2.0 documents of the site, built from the database and the settings.

:mod:`elearning.badges` builds and checks the documents from plain values;
this module supplies those values: the URLs from :mod:`elearning.links`
(built on ``SITE_URL``, never on the request's host), the recipient hashed
at issue, the module's title and summary. The documents are written in
Dutch, the site's default language: a badge is fetched by backpacks and
verifiers that send no language preference, and one document per URL keeps
its id stable.
"""

from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Final

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from elearning import badges, links
from elearning.models import Certificate

from .selectors import BadgeModule, reason_label

ISSUER_NAME: Final = "Meldwijzer"


def issuer_email() -> str:
    """Return the Issuer's contact address (``ELEARNING_BADGE_ISSUER_EMAIL``, address only)."""
    # A "Name <address>" setting: the profile wants the address alone.
    return parseaddr(settings.ELEARNING_BADGE_ISSUER_EMAIL)[1]


def issuer_document() -> badges.Document:
    """Return the Issuer profile."""
    with translation.override(settings.LANGUAGE_CODE):
        return badges.issuer(
            id=links.issuer_url(),
            name=ISSUER_NAME,
            url=settings.SITE_URL,
            email=issuer_email(),
            description=_(
                "Meldwijzer's accredited e-learning on recognising human trafficking "
                "and acting on it with the meldcode."
            ),
            image=None,
        )


def badge_class_document(module: BadgeModule) -> badges.Document:
    """Return the BadgeClass of ``module``, in the site's default language."""
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        if module.pass_mark is None:
            narrative = _("Read every lesson of the module and pass its quiz.")
        else:
            narrative = _(
                "Read every lesson of the module and pass its quiz (pass mark %(pass_mark)d%%)."
            ) % {"pass_mark": module.pass_mark}
        title = module.title.get(language)
        return badges.badge_class(
            id=links.badge_class_url(module.slug),
            name=title,
            description=module.summary.get(language) if module.summary else title,
            image=links.badge_image_url(module.slug),
            criteria_url=links.module_url(module.slug),
            criteria_narrative=narrative,
            issuer=links.issuer_url(),
        )


def _expires(certificate: Certificate) -> datetime:
    """Return when the badge expires: as the certificate's last valid day ends, in the site's zone.

    The certificate's dates are read in the site's zone (its state is decided
    on the local date), so its badge must end at that same midnight; the
    document writes the moment in UTC.
    """
    expires = badges.end_of_day(certificate.valid_until, timezone.get_default_timezone())
    # A validity that ends before the issue cannot come from issuing; should a
    # row say so anyway, answer "expired from the start" rather than fail.
    return max(expires, certificate.completed_at + timedelta(seconds=1))


def assertion_document(certificate: Certificate) -> badges.Document:
    """Return the hosted Assertion of a certificate that is not revoked.

    The recipient is the one hashed at issue (the stored salt and identity),
    so it holds when the account's address changes or the account is gone.
    """
    return badges.assertion(
        id=links.assertion_url(certificate.code),
        badge=links.badge_class_url(certificate.module.slug),
        recipient={
            "type": "email",
            "hashed": True,
            "salt": certificate.badge_salt,
            "identity": certificate.badge_identity,
        },
        issued_on=certificate.completed_at,
        expires=_expires(certificate),
        evidence_url=links.verify_url(certificate.code),
        revoked=False,
        revocation_reason=None,
    )


def revoked_document(certificate: Certificate) -> badges.Document:
    """Return what a revoked assertion still says: its id, that it is revoked, and why.

    The recipient and the rest are left out: a revoked badge needs no
    verifier to match it to anyone.
    """
    with translation.override(settings.LANGUAGE_CODE):
        reason = reason_label(certificate.revoked_reason)
    return {
        "@context": badges.CONTEXT,
        "type": "Assertion",
        "id": links.assertion_url(certificate.code),
        "revoked": True,
        "revocationReason": reason,
    }
