"""Rate limits of the public certificate pages, counted in the shared throttle store.

The verification page and the Open Badges documents are open to anyone, so
one client address may only ask so often: a code has 80 random bits and
cannot be guessed, but a flood still costs database reads. The count lives
in the accounts' throttle table (:func:`meldcode.accounts.throttle.window_wait`),
which counts atomically across processes, under a keyed hash of the
client's address (its IPv6 /64), never the address itself, the way the
Veilig Thuis intake keys its own limits.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, Final

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from meldcode.accounts.throttle import window_wait
from meldcode.logs import pseudonym
from meldcode.middleware import request_client_address
from meldcode.network import address_key

WINDOW: Final = timedelta(minutes=1)
SCOPE: Final = "verify"

Refusal = Callable[[HttpRequest, int], HttpResponse]
View = Callable[..., HttpResponse]


def verify_limit() -> int:
    """Return how many requests one client address may make per minute to these pages."""
    return int(settings.ELEARNING_VERIFY_LIMIT)


def bucket_key(scope: str, address: str) -> str:
    """Return the throttle store's key of a client address: a keyed hash, never the address."""
    value = address_key(address)
    return f"{scope}-address:{pseudonym(f'{scope}-address:{value}')}"


def wait_seconds(
    *, scope: str, address: str, limit: int, now: datetime, window: timedelta = WINDOW
) -> int | None:
    """Count a request of ``address``; return the seconds to wait when over ``limit``."""
    return window_wait(key=bucket_key(scope, address), now=now, window=window, limit=limit)


def rate_limited(
    refuse: Refusal, *, scope: str = SCOPE, limit: Callable[[], int] = verify_limit
) -> Callable[[View], View]:
    """Count every request to the view per client address; over the limit, answer ``refuse``.

    ``refuse`` gets the request and the seconds to wait and makes the 429
    answer (a page or a JSON body); the ``Retry-After`` header is set here,
    so no refusal can forget it. All views of one scope share one count.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            wait = wait_seconds(
                scope=scope,
                address=request_client_address(request),
                limit=limit(),
                now=timezone.now(),
            )
            if wait is None:
                return view(request, *args, **kwargs)
            response = refuse(request, wait)
            response.status_code = 429
            response["Retry-After"] = str(wait)
            return response

        return limited

    return decorate
