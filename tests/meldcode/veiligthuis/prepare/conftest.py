"""Fixtures of the preparation tests: a decided melding case and a receiver for its region."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from meldcode.accounts.models import Role, User
from meldcode.cases.models import Case
from meldcode.cases.steps import STEPS
from meldcode.veiligthuis.models import Receiver, Region
from meldcode.veiligthuis.regions_data import REGIONS
from tests.meldcode.cases.factories import make_case, post_step, rows


@pytest.fixture(autouse=True)
def seeded(db: None) -> None:
    """Restore the rows the data migrations made; an earlier transactional test flushes them."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    for info in REGIONS:
        Region.objects.get_or_create(code=info.code, defaults={"name": info.name})


@pytest.fixture
def decided_case(verified_client: Client, clinician: User) -> Case:
    """Return a KNMG case of ``clinician`` with every step done and the decision melden."""
    case = make_case(clinician, initials="Z.Ç.")
    for step in STEPS:
        assert post_step(verified_client, case, step).status_code in (200, 302)
    case.refresh_from_db()
    url = reverse("cases:finish", kwargs={"reference": case.reference})
    verified_client.post(url, {"revision": str(case.revision)})
    case.refresh_from_db()
    assert case.decision == "melden"
    return case


@pytest.fixture
def receiver(db: None) -> Receiver:
    """Return an active electronic receiver for Veilig Thuis Utrecht."""
    return Receiver.objects.create(
        region=Region.objects.get(code="utrecht"),
        url="https://vt.example.nl/api/veilig-thuis/v1/reports",
        key_id="vtk_test",
        secret="s3cret-of-this-practice",
    )


MELDING_POST: dict[str, str] = {
    "municipality": "Utrecht",
    "melder_name": "Dr. Anouk de Vries",
    "melder_profession": "huisarts",
    "melder_organisation": "Praktijk De Linde",
    "melder_phone": "030-1234567",
    "melder_email": "anouk@example.nl",
    "melder_reachable": "werkdagen 8-17",
    "melder_big_number": "9012345601",
    "name": "Zoë Çelik",
    "birth_date": "1994-05-17",
    "street": "Ştefanstraat",
    "number": "7a",
    "postcode": "3511ab",
    "city": "Utrecht",
    "phone": "0612345678",
    "told": "no",
    "exception": "veiligheid_patient",
    "not_for_family": "Zij vreest haar werkgever.",
    "anonymous_reason": "",
    "phone_contact_date": "2026-11-20",
    "phone_contact_with": "adviseur",
    "language": "Turks",
    "interpreter_needed": "on",
    "interpreter_language": "Turks",
    **rows("household", [{"name": "Łukasz Nowak", "role": "vermoedelijke_pleger"}]),
    **rows("children", []),
    **rows("network", [{"role": "wijkverpleegkundige", "consent_basis": "toestemming"}]),
}


@pytest.fixture
def post_melding(verified_client: Client) -> Callable[..., Any]:
    """Return a function that posts the melding form of a case, with changes."""

    def post(case: Case, **changes: str) -> Any:
        url = reverse("vt:melding", kwargs={"reference": case.reference})
        return verified_client.post(url, {**MELDING_POST, **changes})

    return post
