"""Fixtures shared by the Veilig Thuis tests: a receiver, and a melding sent to it."""

from collections.abc import Callable

import pytest

from meldcode.accounts.models import User
from meldcode.veiligthuis.models import Delivery, Receiver, Region
from tests.meldcode.cases.factories import make_case

from .deliveries import delivered


@pytest.fixture
def receiver(db: None) -> Receiver:
    """Return Utrecht's receiver, with the key it issued to this installation."""
    return Receiver.objects.create(
        region=Region.objects.get(code="utrecht"),
        url="https://vt.example.nl/api/veilig-thuis/v1/reports",
        key_id="vtk_receiver",
        secret="s3cret-of-this-practice",
    )


@pytest.fixture
def sent_melding(receiver: Receiver, make_user: Callable[..., User]) -> Delivery:
    """Return a melding this installation sent to ``receiver``, for a case."""
    return delivered(make_case(make_user()), receiver)
