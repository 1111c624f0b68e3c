"""Login throttles kept in the database, counted atomically across processes and machines.

Each attempt is recorded *before* the password is checked, by one UPDATE
that either starts a new window or adds one to the current one; only then
is the count read back. So twenty parallel guesses cannot all slip past the
limit, no row is locked while the slow password hash runs, and a throttled
attempt never runs the hash at all. Keys are keyed hashes: per account
identifier as typed (existing or not, so the throttle says nothing about
existence), per client address (IPv6 by /64) and per device cookie.

Not Django's cache: its ``incr()`` is a get-and-set that also resets the
expiry, and the database cache culls keys under a flood.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When

from meldcode.logs import pseudonym
from meldcode.network import address_key

from .models import ThrottleBucket
from .rules import ThrottlePolicy, ThrottleState, blocked_until

Kind = Literal["account", "address", "device"]


def policy_for(kind: Kind) -> ThrottlePolicy:
    """Return the configured policy of one kind of key."""
    window = timedelta(minutes=settings.LOGIN_WINDOW_MINUTES)
    limits = {
        "account": settings.LOGIN_FAILURE_LIMIT,
        "address": settings.LOGIN_ADDRESS_LIMIT,
        "device": settings.LOGIN_DEVICE_LIMIT,
    }
    return ThrottlePolicy(limit=limits[kind], window=window)


def key_for(kind: Kind, value: str) -> str:
    """Return the bucket key of an account identifier, a client address or a device nonce."""
    if kind == "account":
        value = value.strip().lower()
    elif kind == "address":
        value = address_key(value)
    return f"{kind}:{pseudonym(f'{kind}:{value}')}"


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an attempt is refused, and until when."""

    kind: Kind
    until: datetime
    # True for the first refused attempt of the window (logged once, not per attempt).
    first: bool


def attempt_record(*, kind: Kind, value: str, now: datetime) -> Refusal | None:
    """Count one attempt against a key, then say whether it must be refused."""
    policy = policy_for(kind)
    key = key_for(kind, value)
    # Insert-on-conflict: the first attempt of a key creates its row, racing
    # attempts all find it.
    ThrottleBucket.objects.bulk_create([ThrottleBucket(key=key)], ignore_conflicts=True)
    expired = Q(window_started__isnull=True) | Q(window_started__lte=now - policy.window)
    with transaction.atomic():
        ThrottleBucket.objects.filter(key=key).update(
            count=Case(When(expired, then=Value(1)), default=F("count") + 1),
            window_started=Case(When(expired, then=Value(now)), default=F("window_started")),
        )
        count, started = (
            ThrottleBucket.objects.filter(key=key).values_list("count", "window_started").get()
        )
    until = blocked_until(ThrottleState(count, started), now=now, policy=policy)
    if until is None:
        return None
    return Refusal(kind=kind, until=until, first=count == policy.limit + 1)


def attempts_forget(*, kind: Kind, value: str) -> None:
    """Forget a key's attempts, after a correct password."""
    ThrottleBucket.objects.filter(key=key_for(kind, value)).update(count=0, window_started=None)
