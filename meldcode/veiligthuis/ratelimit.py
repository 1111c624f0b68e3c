"""Rate limits of the intake, counted in the accounts' throttle store.

The login throttle's table (:class:`~meldcode.accounts.models.ThrottleBucket`)
already counts attempts atomically across processes; the intake uses the same
rows with its own key prefixes and a plain fixed window: one UPDATE starts a
new window or adds one, then the count is read back.
"""

from datetime import datetime, timedelta
from typing import Final, Literal

from django.conf import settings

from meldcode.accounts.throttle import window_wait
from meldcode.logs import pseudonym
from meldcode.network import address_key

Scope = Literal["address", "key"]
# Requests per window, from the settings VT_INTAKE_ADDRESS_LIMIT and VT_INTAKE_KEY_LIMIT.
WINDOW: Final = timedelta(minutes=1)


def limit_for(scope: Scope) -> int:
    """Return the number of requests a client address or a sender key may make per window."""
    return int(getattr(settings, f"VT_INTAKE_{scope.upper()}_LIMIT"))


def bucket_key(scope: Scope, value: str) -> str:
    """Return the store's key of a client address or a key id (a keyed hash, never the value)."""
    if scope == "address":
        value = address_key(value)
    return f"vt-{scope}:{pseudonym(f'vt-{scope}:{value}')}"


def request_count(*, scope: Scope, value: str, now: datetime) -> int | None:
    """Count one request; return the seconds to wait when it is over the limit, else None."""
    return window_wait(key=bucket_key(scope, value), now=now, window=WINDOW, limit=limit_for(scope))
