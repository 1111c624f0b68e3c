"""``POST /api/veilig-thuis/v1/terugkoppeling``: terugkoppeling on a melding this installation sent.

Signed by the receiving side with the key it issued to this installation
(the one this side signs its meldingen with), attached to the case once.
"""

import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from meldcode.accounts.models import User
from meldcode.audit.models import AuditEntry
from meldcode.cases.models import Case
from meldcode.veiligthuis.models import CaseTerugkoppeling, Delivery, Receiver, Region
from meldcode.veiligthuis.services import sender_key_issue
from meldcode.veiligthuis.signing import signature
from tests.meldcode.cases.factories import make_case
from tests.meldcode.veiligthuis.deliveries import delivered

URL = "/api/veilig-thuis/v1/terugkoppeling"
KEY_ID = "vtk_utrecht_issued"
SECRET = "secret-that-utrecht-issued-to-us"

pytestmark = pytest.mark.django_db


def receiver_for(code: str, key_id: str, secret: str) -> Receiver:
    return Receiver.objects.create(
        region=Region.objects.get(code=code),
        url=f"https://{code}.vt.example.nl/api/veilig-thuis/v1/reports",
        key_id=key_id,
        secret=secret,
    )


@pytest.fixture
def receiver() -> Receiver:
    return receiver_for("utrecht", KEY_ID, SECRET)


@pytest.fixture
def case(make_user: Callable[..., User]) -> Case:
    return make_case(make_user())


def sent(case: Case, receiver: Receiver, kind: str = Delivery.Kind.MELDING) -> Delivery:
    """Return a delivery this installation sent to ``receiver`` and that was confirmed."""
    return delivered(case, receiver, kind)


@pytest.fixture
def melding(case: Case, receiver: Receiver) -> Delivery:
    return sent(case, receiver)


def terugkoppeling(report_id: uuid.UUID | str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "schema_version": "1",
        "id": str(uuid.uuid4()),
        "type": "terugkoppeling",
        "report_id": str(report_id),
        "created_at": "2026-11-30T14:00:00+01:00",
        "stage": "veiligheidsbeoordeling",
        "decision": "voorwaarden_vervolg",
        "vervolgtraject": True,
        "handed_to": "Wijkteam Utrecht-Oost",
        "safety_conditions": "Geen contact met de werkgever buiten het werk.",
        "melder_role": "De huisarts ziet de patiënt maandelijks en meldt nieuwe signalen.",
    }
    body.update(changes)
    return body


def post(
    client: Client,
    payload: Any,
    *,
    key_id: str = KEY_ID,
    secret: str = SECRET,
    raw: bytes | None = None,
    skew: int = 0,
) -> Any:
    body = raw if raw is not None else json.dumps(payload, ensure_ascii=False).encode()
    timestamp = str(int(time.time()) + skew)
    headers = {
        "X-Meldwijzer-Key-Id": key_id,
        "X-Meldwijzer-Timestamp": timestamp,
        "X-Meldwijzer-Signature": signature(secret, timestamp, body),
    }
    return client.post(URL, data=body, content_type="application/json", headers=headers)


def test_the_url() -> None:
    assert reverse("vt_terugkoppeling") == URL


class TestReceived:
    def test_a_signed_terugkoppeling_is_shown_on_the_case(
        self, client: Client, melding: Delivery, case: Case
    ) -> None:
        payload = terugkoppeling(melding.payload_id)
        response = post(client, payload)
        assert response.status_code == 201
        assert response.json() == {"id": payload["id"], "status": "ontvangen"}
        received = CaseTerugkoppeling.objects.get()
        assert (received.case, received.delivery, str(received.id)) == (
            case,
            melding,
            payload["id"],
        )
        assert received.stage == "veiligheidsbeoordeling"
        assert received.decision == "voorwaarden_vervolg"
        assert received.vervolgtraject is True
        assert received.handed_to == "Wijkteam Utrecht-Oost"
        assert received.melder_role == payload["melder_role"]
        assert received.text == ""
        assert received.created_at.isoformat() == "2026-11-30T13:00:00+00:00"
        entry = AuditEntry.objects.get(action="vt_terugkoppeling_received")
        assert entry.target == f"case:{case.pk}"
        assert "Wijkteam" not in json.dumps(entry.data)

    def test_a_repeat_is_answered_201_again_and_stored_once(
        self, client: Client, melding: Delivery
    ) -> None:
        payload = terugkoppeling(melding.payload_id)
        first, again = post(client, payload), post(client, payload)
        assert (first.status_code, again.status_code) == (201, 201)
        assert first.json() == again.json()
        assert CaseTerugkoppeling.objects.count() == 1
        assert AuditEntry.objects.filter(action="vt_terugkoppeling_received").count() == 1

    def test_after_the_beoordeling_the_onderzoek_adds_a_second(
        self, client: Client, melding: Delivery, case: Case
    ) -> None:
        assert post(client, terugkoppeling(melding.payload_id)).status_code == 201
        later = terugkoppeling(
            melding.payload_id, stage="onderzoek", vervolgtraject=False, text="Afgerond."
        )
        del later["decision"]
        assert post(client, later).status_code == 201
        stages = list(case.terugkoppelingen.values_list("stage", "decision", "text"))
        assert stages == [
            ("veiligheidsbeoordeling", "voorwaarden_vervolg", ""),
            ("onderzoek", "", "Afgerond."),
        ]

    def test_rfc_3339_lower_case_letters_in_the_time_are_accepted(
        self, client: Client, melding: Delivery
    ) -> None:
        payload = terugkoppeling(melding.payload_id, created_at="2026-11-30t13:00:00z")
        assert post(client, payload).status_code == 201
        assert CaseTerugkoppeling.objects.get().created_at.isoformat() == (
            "2026-11-30T13:00:00+00:00"
        )

    def test_an_offset_postgresql_cannot_store_is_kept_as_the_same_moment_in_utc(
        self, client: Client, melding: Delivery
    ) -> None:
        payload = terugkoppeling(melding.payload_id, created_at="0737-06-21T00:50:31+19:37")
        assert post(client, payload).status_code == 201
        assert CaseTerugkoppeling.objects.get().created_at.isoformat() == (
            "0737-06-20T05:13:31+00:00"
        )

    def test_a_case_deleted_since_is_answered_but_stores_nothing(
        self, client: Client, melding: Delivery, case: Case
    ) -> None:
        case.delete()
        assert post(client, terugkoppeling(melding.payload_id)).status_code == 201
        assert CaseTerugkoppeling.objects.count() == 0


class TestRefused:
    def test_the_same_id_with_other_content_is_a_conflict(
        self, client: Client, melding: Delivery
    ) -> None:
        payload = terugkoppeling(melding.payload_id)
        assert post(client, payload).status_code == 201
        response = post(client, {**payload, "handed_to": "Raad voor de Kinderbescherming"})
        assert response.status_code == 409
        assert CaseTerugkoppeling.objects.get().handed_to == "Wijkteam Utrecht-Oost"

    def test_the_same_id_on_another_melding_is_a_conflict(
        self, client: Client, melding: Delivery, case: Case, receiver: Receiver
    ) -> None:
        payload = terugkoppeling(melding.payload_id)
        assert post(client, payload).status_code == 201
        other = sent(case, receiver)
        assert post(client, {**payload, "report_id": str(other.payload_id)}).status_code == 409
        assert CaseTerugkoppeling.objects.get().delivery == melding

    def test_an_unknown_report_id_is_404(self, client: Client, melding: Delivery) -> None:
        response = post(client, terugkoppeling(uuid.uuid4()))
        assert response.status_code == 404
        assert response.json() == {"error": "unknown report"}
        assert CaseTerugkoppeling.objects.count() == 0

    def test_a_melding_sent_to_another_receiver_is_404(
        self, client: Client, case: Case, receiver: Receiver
    ) -> None:
        other_region = receiver_for("amsterdam-amstelland", "vtk_amsterdam", "amsterdam-secret")
        theirs = sent(case, other_region)
        # Utrecht's key cannot give terugkoppeling on what went to Amsterdam.
        assert post(client, terugkoppeling(theirs.payload_id)).status_code == 404
        # Amsterdam's can.
        response = post(
            client,
            terugkoppeling(theirs.payload_id),
            key_id="vtk_amsterdam",
            secret="amsterdam-secret",
        )
        assert response.status_code == 201
        assert CaseTerugkoppeling.objects.get().delivery == theirs

    def test_one_receiving_installation_serving_two_regions_with_one_key(
        self, client: Client, case: Case, receiver: Receiver
    ) -> None:
        # The same installation, with the same key, also receives for another region.
        other_region = receiver_for("gooi-en-vechtstreek", KEY_ID, SECRET)
        theirs = sent(case, other_region)
        assert post(client, terugkoppeling(theirs.payload_id)).status_code == 201
        assert CaseTerugkoppeling.objects.get().delivery == theirs

    def test_no_terugkoppeling_on_an_advies(
        self, client: Client, case: Case, receiver: Receiver
    ) -> None:
        advies = sent(case, receiver, kind=Delivery.Kind.ADVIES)
        assert post(client, terugkoppeling(advies.payload_id)).status_code == 404
        assert CaseTerugkoppeling.objects.count() == 0

    @pytest.mark.parametrize(
        "sign",
        [
            {"secret": "not-the-secret"},  # a wrong signature
            {"key_id": "vtk_nobody"},  # an unknown key
            {"skew": -301},  # an old timestamp
        ],
        ids=["wrong signature", "unknown key", "old timestamp"],
    )
    def test_a_request_not_signed_by_the_receiver_is_401(
        self, client: Client, melding: Delivery, sign: dict[str, Any]
    ) -> None:
        response = post(client, terugkoppeling(melding.payload_id), **sign)
        assert response.status_code == 401
        assert response.json() == {"error": "unauthorized"}
        assert CaseTerugkoppeling.objects.count() == 0

    def test_an_inactive_receiver_s_key_is_401(
        self, client: Client, melding: Delivery, receiver: Receiver
    ) -> None:
        receiver.active = False
        receiver.save()
        assert post(client, terugkoppeling(melding.payload_id)).status_code == 401

    def test_an_intake_sender_key_is_no_receiver_key(
        self, client: Client, melding: Delivery
    ) -> None:
        key, secret = sender_key_issue(sender_name="Huisartsenpraktijk De Linde")
        response = post(
            client, terugkoppeling(melding.payload_id), key_id=key.key_id, secret=secret
        )
        assert response.status_code == 401

    @pytest.mark.parametrize(
        ("change", "error"),
        [
            ({"vervolgtraject": None}, "$.vervolgtraject: must be of type boolean"),
            ({"stage": "afgerond"}, "$.stage: must be one of"),
            ({"report_id": "not-a-uuid"}, "$.report_id: is not a valid uuid"),
            ({"created_at": "30-11-2026"}, "$.created_at: is not a valid date-time"),
            ({"patient_name": "Lotte Jansen"}, "'patient_name' was unexpected"),
            ({"handed_to": "x" * 201}, "$.handed_to: is longer than 200 characters"),
        ],
    )
    def test_an_invalid_body_is_422_with_the_errors(
        self, client: Client, melding: Delivery, change: dict[str, Any], error: str
    ) -> None:
        response = post(client, {**terugkoppeling(melding.payload_id), **change})
        assert response.status_code == 422
        errors = response.json()["errors"]
        assert any(e.startswith(error) or error in e for e in errors), errors
        assert "Lotte Jansen" not in response.content.decode()
        assert CaseTerugkoppeling.objects.count() == 0

    def test_a_missing_field_and_a_body_that_is_no_json_are_422(
        self, client: Client, melding: Delivery
    ) -> None:
        payload = terugkoppeling(melding.payload_id)
        del payload["stage"]
        response = post(client, payload)
        assert response.status_code == 422
        assert response.json()["errors"] == ["$: 'stage' is a required property"]
        response = post(client, None, raw=b"{not json")
        assert response.status_code == 422
        assert response.json()["errors"] == ["$: the body is not valid UTF-8 JSON"]

    def test_only_post_is_allowed(self, client: Client) -> None:
        assert client.get(URL).status_code == 405
