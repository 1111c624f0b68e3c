"""Fixtures of the outbox tests: a loopback receiver, its Receiver row, a case, the timeouts."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from meldcode.accounts.models import User
from meldcode.cases.models import Case
from meldcode.veiligthuis.models import Receiver, Region
from tests.meldcode.cases.factories import make_case

from .helpers import KEY_ID, REGION, SECRET
from .server import Receiver as Loopback
from .server import loopback_receiver


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    """Run a receiver on 127.0.0.1 that accepts this practice's key."""
    with loopback_receiver({KEY_ID: SECRET}) as server:
        yield server


@pytest.fixture
def fast_timeouts(settings: Any) -> None:
    """Give up on a receiver after one second, so a slow answer is a timeout quickly."""
    settings.VT_DELIVERY_CONNECT_TIMEOUT = 1
    settings.VT_DELIVERY_READ_TIMEOUT = 1


@pytest.fixture
def vt_receiver(db: None, loopback: Loopback) -> Receiver:
    """Return the Receiver row of region Utrecht, pointing at the loopback receiver."""
    return Receiver.objects.create(
        region=Region.objects.get(code=REGION), url=loopback.url, key_id=KEY_ID, secret=SECRET
    )


@pytest.fixture
def case(make_user: Callable[..., User]) -> Case:
    """Return a case with initials, as a melding case has."""
    return make_case(make_user(), initials="Ç.W.")
