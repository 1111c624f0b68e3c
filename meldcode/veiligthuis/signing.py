"""Pure rules of the intake's request signature (design §4.4).

A sender signs each delivery with its own key: the HMAC-SHA256, keyed with
the secret as printed (UTF-8), over the bytes ``"<timestamp>.<raw body>"``,
sent as ``sha256=<hex>``. The timestamp is in Unix seconds and may be at
most five minutes off the receiver's clock, which bounds how long a
captured request could be replayed (the payload id makes a replay within
the window harmless).

No Django imports: the sending side and outside checks use the same rules.
"""

import hashlib
import hmac
from typing import Final, Literal

SCHEME: Final = "sha256="
WINDOW_SECONDS: Final = 5 * 60
# Enough digits for any plausible Unix time; longer values are malformed.
MAX_TIMESTAMP_DIGITS: Final = 12
HEX_DIGITS: Final = frozenset("0123456789abcdef")
SIGNATURE_LENGTH: Final = len(SCHEME) + hashlib.sha256().digest_size * 2

Verdict = Literal["ok", "stale", "bad_signature", "malformed"]


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Return the signature header value, ``sha256=<hex>``, of ``body`` sent at ``timestamp``."""
    message = timestamp.encode("utf-8") + b"." + body
    return SCHEME + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def parse_timestamp(timestamp: str) -> int | None:
    """Return the Unix seconds of a timestamp header, or None unless it is plain ASCII digits."""
    if not (0 < len(timestamp) <= MAX_TIMESTAMP_DIGITS and timestamp.isascii()):
        return None
    if not timestamp.isdigit():
        return None
    return int(timestamp)


def well_formed(signature_value: str) -> bool:
    """Tell whether a signature header value has the shape ``sha256=<64 lower-case hex>``."""
    return (
        len(signature_value) == SIGNATURE_LENGTH
        and signature_value.startswith(SCHEME)
        and set(signature_value[len(SCHEME) :]) <= HEX_DIGITS
    )


def verify(
    *, secret: str, timestamp: str, body: bytes, signature_value: str, now: float
) -> Verdict:
    """Check one request's signature and timestamp at the time ``now`` (Unix seconds).

    ``malformed`` for a timestamp or signature of the wrong shape, ``stale``
    for a timestamp more than :data:`WINDOW_SECONDS` away from ``now``
    (either way), ``bad_signature`` when the HMAC differs. The comparison
    takes the same time wherever the values differ.
    """
    sent_at = parse_timestamp(timestamp)
    if sent_at is None or not well_formed(signature_value):
        return "malformed"
    if abs(now - sent_at) > WINDOW_SECONDS:
        return "stale"
    expected = signature(secret, timestamp, body).encode("ascii")
    if not hmac.compare_digest(expected, signature_value.encode("ascii")):
        return "bad_signature"
    return "ok"
