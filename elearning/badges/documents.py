"""Build the Open Badges 2.0 Issuer, BadgeClass and Assertion documents (pure, no Django).

Every URL and value comes in as an argument, so building needs no request,
no settings and no database. Each builder checks its document with the
validator of its kind, so an incomplete document fails here, in our tests,
and never as a badge that a verifier rejects.
"""

import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from ..frozen import FrozenCertificate
from .validation import CONTEXT, validate_assertion, validate_badge_class, validate_issuer

Document = dict[str, Any]


def recipient(email: str, *, salt: str) -> Document:
    """Return a hashed e-mail recipient: ``sha256$`` and the SHA-256 of address and salt.

    The specification hashes the identity as written, followed by the salt.
    A verifier hashes the address the earner claims, typed perhaps with other
    capitals; e-mail addresses are case-insensitive in practice and backpacks
    commonly keep them in lower case, so the address is trimmed and
    lower-cased first and "J.Jansen@Praktijk.nl" matches "j.jansen@praktijk.nl".
    The salt keeps the hash from being looked up in a list of hashed
    addresses, so it may not be empty.
    """
    address = email.strip().lower()
    if "@" not in address:
        raise ValueError("the recipient must be an e-mail address")
    if not salt:
        raise ValueError("a hashed recipient needs a salt")
    digest = hashlib.sha256((address + salt).encode()).hexdigest()
    return {"type": "email", "hashed": True, "salt": salt, "identity": f"sha256${digest}"}


def issuer(
    *, id: str, name: str, url: str, email: str, description: str, image: str | None
) -> Document:
    """Return the Issuer profile; raise ValueError when a required field is missing."""
    document: Document = {
        "@context": CONTEXT,
        # "Issuer" is the name the 2.0 context gives the Profile class for issuers.
        "type": "Issuer",
        "id": id,
        "name": name,
        "url": url,
        "email": email,
        "description": description,
    }
    if image is not None:
        document["image"] = image
    return _checked(document, validate_issuer(document), "Issuer")


def badge_class(
    *,
    id: str,
    name: str,
    description: str,
    image: str,
    criteria_url: str,
    criteria_narrative: str,
    issuer: str,
    tags: Sequence[str] = (),
) -> Document:
    """Return a BadgeClass; raise ValueError when a required field is missing."""
    document: Document = {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": id,
        "name": name,
        "description": description,
        "image": image,
        "criteria": {"id": criteria_url, "narrative": criteria_narrative},
        "issuer": issuer,
    }
    if tags:
        document["tags"] = list(tags)
    return _checked(document, validate_badge_class(document), "BadgeClass")


def assertion(
    *,
    id: str,
    badge: str,
    recipient: Mapping[str, Any],
    issued_on: datetime,
    expires: datetime | None,
    evidence_url: str | None,
    revoked: bool,
    revocation_reason: str | None,
) -> Document:
    """Return a hosted Assertion; raise ValueError when it would be incomplete or inconsistent.

    Times must be aware and are written in UTC with a ``Z``. A revoked
    assertion carries ``"revoked": true`` and the reason, so a backpack that
    still fetches it can tell the learner why; a reason without a revocation
    is a mistake of the caller and refused.
    """
    issued = _timestamp(issued_on)
    expiry = None if expires is None else _timestamp(expires)
    if expires is not None and expires <= issued_on:
        raise ValueError("an assertion must expire after it was issued")
    if revoked and not revocation_reason:
        raise ValueError("a revoked assertion needs a revocation reason")
    if not revoked and revocation_reason:
        raise ValueError("only a revoked assertion has a revocation reason")
    document: Document = {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": id,
        "recipient": dict(recipient),
        "badge": badge,
        # Hosted verification has no URL of its own: the assertion's id is where
        # a verifier fetches it, and the copy it gets there is the proof.
        "verification": {"type": "hosted"},
        "issuedOn": issued,
    }
    if expiry is not None:
        document["expires"] = expiry
    if evidence_url is not None:
        document["evidence"] = evidence_url
    if revoked:
        document["revoked"] = True
        document["revocationReason"] = revocation_reason
    return _checked(document, validate_assertion(document), "Assertion")


def certificate_assertion(
    certificate: FrozenCertificate,
    *,
    id: str,
    badge: str,
    email: str,
    salt: str,
    issued_on: datetime,
    zone: tzinfo,
    evidence_url: str | None,
    revoked: bool,
    revocation_reason: str | None,
) -> Document:
    """Return the Assertion of ``certificate``, which expires when its last valid day ends.

    ``valid_until`` is the last day the certificate is valid, as printed on
    it, so the badge expires at the following midnight in ``zone``, the
    zone the certificate's dates are read in.
    """
    return assertion(
        id=id,
        badge=badge,
        recipient=recipient(email, salt=salt),
        issued_on=issued_on,
        expires=end_of_day(certificate.valid_until, zone),
        evidence_url=evidence_url,
        revoked=revoked,
        revocation_reason=revocation_reason,
    )


def end_of_day(day: date, zone: tzinfo) -> datetime:
    """Return the aware moment ``day`` ends in ``zone``: the next day's midnight."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)


def _timestamp(moment: datetime) -> str:
    if moment.utcoffset() is None:
        raise ValueError("Open Badges times must be aware datetimes")
    # One canonical form whatever zone the caller used: UTC, whole seconds, "Z".
    text = moment.astimezone(UTC).isoformat(timespec="seconds")
    return text.removesuffix("+00:00") + "Z"


def _checked(document: Document, problems: list[str], kind: str) -> Document:
    if problems:
        raise ValueError(f"incomplete {kind}: {', '.join(problems)}")
    return document
