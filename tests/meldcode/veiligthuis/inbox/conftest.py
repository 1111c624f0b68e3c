"""Fixtures of the inbox tests: a sender, Veilig Thuis staff of two regions, reports."""

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.utils import translation

from meldcode.accounts.models import Profession, Role, User
from meldcode.veiligthuis.models import ReceivedReport, Region, SenderKey
from meldcode.veiligthuis.services import sender_key_issue
from tests.helpers import verify_session

from .factories import ELSEWHERE, HOME, advies_payload_for, demo_case, melding_payload, receive


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Read the services' refusals in the language of the source, whatever is translated."""
    with translation.override("en"):
        yield


@pytest.fixture
def sender(db: None) -> SenderKey:
    key, _secret = sender_key_issue(sender_name="Huisartsenpraktijk De Linde")
    return key


@pytest.fixture
def staff(make_user: Callable[..., User]) -> User:
    """Veilig Thuis staff of the region the reports go to."""
    return make_user(
        roles=(Role.VEILIG_THUIS,),
        region_id=Region.objects.get(code=HOME).pk,
        profession=Profession.OTHER,
        with_device=True,
        full_name="Sanne Bakker",
    )


@pytest.fixture
def other_staff(make_user: Callable[..., User]) -> User:
    """Veilig Thuis staff of another region."""
    return make_user(
        roles=(Role.VEILIG_THUIS,),
        region_id=Region.objects.get(code=ELSEWHERE).pk,
        profession=Profession.OTHER,
        with_device=True,
    )


@pytest.fixture
def staff_client(client: Client, staff: User) -> Client:
    verify_session(client, staff)
    return client


@pytest.fixture
def melding(sender: SenderKey) -> ReceivedReport:
    return receive(melding_payload(), sender=sender)


@pytest.fixture
def advies(sender: SenderKey, make_user: Callable[..., User]) -> ReceivedReport:
    case = demo_case(make_user(), make_user(profession=Profession.VERPLEEGKUNDIGE))
    return receive(advies_payload_for(case), sender=sender)
