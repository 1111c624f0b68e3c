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

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from django.conf import settings
from django.db import transaction
from django.db.models import (
    Case,
    DateTimeField,
    F,
    PositiveIntegerField,
    PositiveSmallIntegerField,
    Q,
    Value,
    When,
)

from meldcode.logs import pseudonym
from meldcode.network import address_key

from .models import ThrottleBucket
from .rules import (
    MAX_STRIKES,
    ThrottlePolicy,
    ThrottleState,
    blocked_until,
    normalise_identifier,
    window_length,
)

Kind = Literal["account", "address", "device"]


def policy_for(kind: Kind) -> ThrottlePolicy:
    """Return the configured policy of one kind of key."""
    limits = {
        "account": settings.LOGIN_FAILURE_LIMIT,
        "address": settings.LOGIN_ADDRESS_LIMIT,
        "device": settings.LOGIN_DEVICE_LIMIT,
    }
    return ThrottlePolicy(
        limit=limits[kind],
        window=timedelta(minutes=settings.LOGIN_WINDOW_MINUTES),
        max_window=timedelta(minutes=settings.LOGIN_MAX_WINDOW_MINUTES),
    )


def key_for(kind: Kind, value: str) -> str:
    """Return the bucket key of an account identifier, a client address or a device nonce."""
    if kind == "account":
        value = normalise_identifier(value)
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
    # after_attempt() as one UPDATE: a new window (longer after an exceeded
    # one) or one more attempt in the current window. Every expression reads
    # the row as it was, so the growth is spelled out per number of strikes.
    expired = Q(window_ends__isnull=True) | Q(window_ends__lte=now)
    exceeded = expired & Q(count__gt=policy.limit)
    with transaction.atomic():
        ThrottleBucket.objects.filter(key=key).update(
            count=Case(
                When(expired, then=Value(1)),
                default=F("count") + 1,
                output_field=PositiveIntegerField(),
            ),
            strikes=Case(
                When(exceeded & Q(strikes__gte=MAX_STRIKES), then=Value(MAX_STRIKES)),
                When(exceeded, then=F("strikes") + 1),
                When(expired, then=Value(0)),
                default=F("strikes"),
                output_field=PositiveSmallIntegerField(),
            ),
            window_ends=Case(
                *(
                    When(
                        exceeded & Q(strikes=k),
                        then=Value(now + window_length(k + 1, policy)),
                    )
                    for k in range(MAX_STRIKES)
                ),
                When(exceeded, then=Value(now + window_length(MAX_STRIKES, policy))),
                When(expired, then=Value(now + window_length(0, policy))),
                default=F("window_ends"),
                output_field=DateTimeField(),
            ),
        )
        row = (
            ThrottleBucket.objects.filter(key=key)
            .values_list("count", "window_ends", "strikes")
            .first()
        )
    if row is None:  # purged between the insert and the update: a fresh key
        return None
    count, ends, strikes = row
    until = blocked_until(ThrottleState(count, ends, strikes), now=now, policy=policy)
    if until is None:
        return None
    return Refusal(kind=kind, until=until, first=count == policy.limit + 1)


def window_count(*, key: str, now: datetime, window: timedelta) -> tuple[int, datetime] | None:
    """Count one request against ``key`` in fixed windows of ``window``; return the count and end.

    The same insert-on-conflict and single UPDATE as login attempts, without
    growing windows: for request rates (the Veilig Thuis intake), not guesses.
    Returns None when the row vanished in between (purged): a fresh key.
    """
    ThrottleBucket.objects.bulk_create([ThrottleBucket(key=key)], ignore_conflicts=True)
    expired = Q(window_ends__isnull=True) | Q(window_ends__lte=now)
    with transaction.atomic():
        ThrottleBucket.objects.filter(key=key).update(
            count=Case(
                When(expired, then=Value(1)),
                default=F("count") + 1,
                output_field=PositiveIntegerField(),
            ),
            window_ends=Case(
                When(expired, then=Value(now + window)),
                default=F("window_ends"),
                output_field=DateTimeField(),
            ),
        )
        row = ThrottleBucket.objects.filter(key=key).values_list("count", "window_ends").first()
    if row is None or row[1] is None:
        return None
    return row[0], row[1]


def throttles_purge(*, now: datetime) -> int:
    """Delete buckets whose window ended longer ago than the longest window; return how many.

    By then their count and strikes no longer matter to any attempt.
    """
    longest = max(policy_for(kind).max_window for kind in ("account", "address", "device"))
    count, _ = ThrottleBucket.objects.filter(window_ends__lt=now - longest).delete()
    return count


def attempts_forget(*, kind: Kind, value: str) -> None:
    """Forget a key's attempts, after a correct password."""
    ThrottleBucket.objects.filter(key=key_for(kind, value)).update(
        count=0, window_ends=None, strikes=0
    )


def window_wait(*, key: str, now: datetime, window: timedelta, limit: int) -> int | None:
    """Count one request against ``key``; return the seconds to wait when over ``limit``."""
    counted = window_count(key=key, now=now, window=window)
    if counted is None:
        return None
    count, ends = counted
    if count <= limit:
        return None
    return max(1, math.ceil((ends - now).total_seconds()))
