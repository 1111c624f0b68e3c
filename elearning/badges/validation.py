"""Check Open Badges 2.0 documents for the fields the specification requires (pure, no Django).

The validators name what is missing or invalid rather than raise, so the
builders, our tests and the views' tests can all use them, and a list of
names says more in a failing test than a single message.
"""

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

CONTEXT: Final = "https://w3id.org/openbadges/v2"
RECIPIENT_TYPES: Final = frozenset({"email", "url", "telephone"})
VERIFICATION_TYPES: Final = frozenset({"hosted", "signed"})
ASSERTION_FIELDS: Final = (
    "@context",
    "id",
    "type",
    "recipient",
    "badge",
    "verification",
    "issuedOn",
)
BADGE_CLASS_FIELDS: Final = (
    "@context",
    "id",
    "type",
    "name",
    "description",
    "image",
    "criteria",
    "issuer",
)
ISSUER_FIELDS: Final = ("@context", "id", "type", "name", "url", "email")

# An absolute IRI in outline (RFC 3987): a scheme, a colon and no white space.
_IRI: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_IDENTITY_HASH: Final = re.compile(r"^sha256\$[0-9a-fA-F]{64}$")
_ANY_TEXT: Final = re.compile(r"^\s*\S")


def validate_assertion(doc: object) -> list[str]:
    """Return the required Assertion fields that are missing or invalid, per Open Badges 2.0."""
    if not isinstance(doc, Mapping):
        return list(ASSERTION_FIELDS)
    problems = _common(doc, {"Assertion"})
    problems += _recipient_problems(doc.get("recipient"))
    if not _is_iri(doc.get("badge")):
        problems.append("badge")
    verification = doc.get("verification")
    if not isinstance(verification, Mapping) or verification.get("type") not in VERIFICATION_TYPES:
        problems.append("verification")
    elif verification["type"] == "hosted" and not _is_web_url(doc.get("id")):
        # A hosted assertion is verified by fetching its id, so the id must be fetchable.
        problems.append("id")
    if not _is_datetime(doc.get("issuedOn")):
        problems.append("issuedOn")
    if "expires" in doc and not _is_datetime(doc["expires"]):
        problems.append("expires")
    if "revoked" in doc and not isinstance(doc["revoked"], bool):
        problems.append("revoked")
    return list(dict.fromkeys(problems))


def validate_badge_class(doc: object) -> list[str]:
    """Return the required BadgeClass fields that are missing or invalid, per Open Badges 2.0."""
    if not isinstance(doc, Mapping):
        return list(BADGE_CLASS_FIELDS)
    problems = _common(doc, {"BadgeClass"})
    for field in ("name", "description"):
        if not _is_text(doc.get(field)):
            problems.append(field)
    image = doc.get("image")
    if not (_is_iri(image) or (isinstance(image, Mapping) and _is_iri(image.get("id")))):
        problems.append("image")
    if not _is_criteria(doc.get("criteria")):
        problems.append("criteria")
    if not _is_iri(doc.get("issuer")):
        problems.append("issuer")
    return problems


def validate_issuer(doc: object) -> list[str]:
    """Return the required Issuer fields that are missing or invalid, per Open Badges 2.0."""
    if not isinstance(doc, Mapping):
        return list(ISSUER_FIELDS)
    problems = _common(doc, {"Issuer", "Profile"})
    if not _is_text(doc.get("name")):
        problems.append("name")
    if not _is_iri(doc.get("url")):
        problems.append("url")
    email = doc.get("email")
    if not (isinstance(email, str) and "@" in email.strip("@")):
        problems.append("email")
    return problems


def _common(doc: Mapping[str, Any], types: set[str]) -> list[str]:
    problems = []
    context = doc.get("@context")
    # JSON-LD allows a list of contexts and of types; the 2.0 ones must be among them.
    if not (context == CONTEXT or (isinstance(context, list) and CONTEXT in context)):
        problems.append("@context")
    if not _is_iri(doc.get("id")):
        problems.append("id")
    kind = doc.get("type")
    names = kind if isinstance(kind, list) else [kind]
    if not any(isinstance(name, str) and name in types for name in names):
        problems.append("type")
    return problems


def _recipient_problems(value: object) -> list[str]:
    if not isinstance(value, Mapping):
        return ["recipient"]
    problems = []
    if value.get("type") not in RECIPIENT_TYPES:
        problems.append("recipient.type")
    hashed = value.get("hashed")
    if not isinstance(hashed, bool):
        problems.append("recipient.hashed")
    identity = value.get("identity")
    wanted = _IDENTITY_HASH if hashed is True else _ANY_TEXT
    if not isinstance(identity, str) or not wanted.match(identity):
        problems.append("recipient.identity")
    if hashed is True and not _is_text(value.get("salt")):
        problems.append("recipient.salt")
    return problems


def _is_criteria(value: object) -> bool:
    if _is_iri(value):
        return True
    if not isinstance(value, Mapping) or not ("id" in value or "narrative" in value):
        return False
    return ("id" not in value or _is_iri(value["id"])) and (
        "narrative" not in value or _is_text(value["narrative"])
    )


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_iri(value: object) -> bool:
    return isinstance(value, str) and _IRI.match(value) is not None


def _is_web_url(value: object) -> bool:
    return _is_iri(value) and str(value).startswith(("https://", "http://"))


def _is_datetime(value: object) -> bool:
    # ISO 8601 with a time and a zone; a bare date or a local time is ambiguous.
    if not isinstance(value, str) or "T" not in value:
        return False
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return False
    return moment.utcoffset() is not None
