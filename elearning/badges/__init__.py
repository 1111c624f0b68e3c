"""Open Badges 2.0 for certificates: the documents, their checks and the baked badge image.

A learner can keep a certificate in a badge backpack as an Open Badges 2.0
*hosted* badge: three JSON-LD documents that the site serves (the Issuer
profile, a BadgeClass per module version and an Assertion per certificate)
and a copy of the badge image with the assertion baked into it. Everything
here is pure: URLs, times and data come in as arguments.
"""

from .baking import KEYWORD, PNG_SIGNATURE, bake_png, unbake_png
from .documents import (
    Document,
    assertion,
    badge_class,
    certificate_assertion,
    end_of_day,
    issuer,
    recipient,
)
from .validation import (
    ASSERTION_FIELDS,
    BADGE_CLASS_FIELDS,
    CONTEXT,
    ISSUER_FIELDS,
    RECIPIENT_TYPES,
    VERIFICATION_TYPES,
    validate_assertion,
    validate_badge_class,
    validate_issuer,
)

__all__ = [
    "ASSERTION_FIELDS",
    "BADGE_CLASS_FIELDS",
    "CONTEXT",
    "ISSUER_FIELDS",
    "KEYWORD",
    "PNG_SIGNATURE",
    "RECIPIENT_TYPES",
    "VERIFICATION_TYPES",
    "Document",
    "assertion",
    "badge_class",
    "bake_png",
    "certificate_assertion",
    "end_of_day",
    "issuer",
    "recipient",
    "unbake_png",
    "validate_assertion",
    "validate_badge_class",
    "validate_issuer",
]
