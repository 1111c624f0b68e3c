"""Pure rules of the outbox: what an answer means, and how long to wait before trying again.

No Django imports: these decide whether a melding counts as delivered, so
they are tested on their own.
"""

from dataclasses import dataclass
from typing import Final, Literal

Outcome = Literal["delivered", "retry", "permanent"]

# A receiver that is busy or briefly unavailable says so with these.
RETRY_STATUSES: Final = frozenset({408, 425, 429, 500, 502, 503, 504})
# Cap on a receiver's Retry-After, so one answer cannot park a melding for days.
MAX_RETRY_AFTER_SECONDS: Final = 60 * 60


@dataclass(frozen=True, slots=True)
class Answer:
    """What came back from one attempt: a status and the JSON body, or a transport error."""

    status: int | None
    body: object = None
    retry_after: str | None = None
    error: str | None = None


def classify(answer: Answer, *, payload_id: str) -> Outcome:
    """Tell whether an attempt delivered the payload, may be tried again, or never will.

    Only a 201 or 200 whose body names this payload id counts as a receipt:
    a proxy's 200 page is not one. Transport errors (refused, reset, timed
    out) and the statuses of a busy or failing receiver are retried; any
    other answer (401, 404, 409, 413, 422, …) will not change by sending the
    same bytes again, so it fails at once and waits for a person.
    """
    if answer.status is None:
        return "retry"
    if answer.status in (200, 201):
        body = answer.body
        if isinstance(body, dict) and str(body.get("id", "")) == payload_id:
            return "delivered"
        return "retry"
    if answer.status in RETRY_STATUSES or answer.status >= 500:
        return "retry"
    return "permanent"


def backoff_seconds(attempt: int, *, base: float, cap: float, jitter: float) -> float:
    """Return the wait after failed attempt number ``attempt`` (1 for the first).

    Exponential (``base``, twice that, four times …) up to ``cap``, with "full
    jitter": ``jitter`` in [0, 1) picks a point between half and all of the
    wait, so that many senders whose receiver came back do not return at
    the same second.
    """
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    if not 0 <= jitter < 1:
        raise ValueError("jitter lies in [0, 1)")
    exponent = min(attempt - 1, 32)
    wait = min(cap, base * float(1 << exponent))
    return wait / 2 + wait / 2 * jitter


def retry_after_seconds(value: str | None) -> int | None:
    """Return the seconds of a ``Retry-After`` header given in seconds, capped; else None."""
    # ASCII only: str.isdigit() also accepts "²", which int() refuses, and
    # other scripts' digits, which HTTP does not mean.
    seconds = (value or "").strip()
    if not (seconds.isascii() and seconds.isdigit()):
        return None
    return min(int(seconds), MAX_RETRY_AFTER_SECONDS)
