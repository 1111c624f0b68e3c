"""The clinician's preparation of an advies and a melding, and sending them through the outbox."""

import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from meldcode.accounts.models import User
from meldcode.audit.models import AuditEntry
from meldcode.cases.models import Case
from meldcode.veiligthuis.models import AdviesPrep, Delivery, MeldingDetails, Receiver
from meldcode.veiligthuis.schema import validate_payload
from tests.helpers import verify_session
from tests.meldcode.cases.factories import make_case

pytestmark = pytest.mark.django_db


def url(name: str, case: Case, **kwargs: object) -> str:
    return reverse(f"vt:{name}", kwargs={"reference": case.reference, **kwargs})


def confirm_fields(html: str) -> dict[str, str]:
    """Read the hidden confirmation fields of a preview page."""
    found = dict(re.findall(r'name="(payload_id|created_at|digest)" value="([^"]+)"', html))
    assert set(found) == {"payload_id", "created_at", "digest"}
    return found


class TestAdvies:
    def test_an_identifying_question_is_refused_and_nothing_saved(
        self, verified_client: Client, decided_case: Case
    ) -> None:
        response = verified_client.post(
            url("advies", decided_case),
            {"region": "1", "question": "Mevrouw Z.Ç. woont op 3511 AB, wat nu?"},
        )
        assert response.status_code == 400
        assert 'id="id_question_error"' in response.content.decode()
        assert not AdviesPrep.objects.filter(case=decided_case).exists()

    def test_the_summary_names_no_one_and_the_pdf_downloads(
        self, verified_client: Client, decided_case: Case
    ) -> None:
        region = decided_case.owner.region_id or 1
        response = verified_client.post(
            url("advies", decided_case),
            {"region": str(region), "question": "Hoe wegen we signalen van arbeidsuitbuiting?"},
        )
        assert response.status_code == 302
        page = verified_client.get(url("advies_summary", decided_case)).content.decode()
        assert "Hoe wegen we signalen van arbeidsuitbuiting?" in page
        assert "Z.Ç." not in page.split("case-head", 2)[-1].split("</p>", 1)[-1]
        assert "0800-2000" in page
        pdf = verified_client.get(url("advies_pdf", decided_case))
        assert pdf.status_code == 200
        assert pdf.content.startswith(b"%PDF")
        actions = set(
            AuditEntry.objects.filter(target=f"case:{decided_case.pk}").values_list(
                "action", flat=True
            )
        )
        assert {"vt_advies_prepared", "vt_read", "vt_exported"} <= actions

    def test_an_advies_to_a_region_with_a_receiver_is_sent_once(
        self, verified_client: Client, decided_case: Case, receiver: Receiver
    ) -> None:
        verified_client.post(
            url("advies", decided_case),
            {"region": str(receiver.region_id), "question": "Hoe wegen we deze signalen?"},
        )
        page = verified_client.get(url("advies_summary", decided_case)).content.decode()
        fields = confirm_fields(page)
        for _ in range(2):
            verified_client.post(url("advies_send", decided_case), {**fields, "checked": "yes"})
        delivery = Delivery.objects.get(case=decided_case)
        assert delivery.kind == "advies"
        assert validate_payload(__import__("json").loads(delivery.body)) == []


class TestMelding:
    def test_identifying_data_is_asked_only_after_the_decision(
        self, verified_client: Client, clinician: User, post_melding: Callable[..., Any]
    ) -> None:
        case = make_case(clinician)
        response = post_melding(case)
        assert response.status_code == 302
        assert not MeldingDetails.objects.filter(case=case).exists()

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("postcode", "0123 AB"),
            ("phone", "12345"),
            ("birth_date", "2999-01-01"),
            ("melder_email", "not-an-address"),
            ("municipality", "Nergenshuizen"),
            ("exception", ""),
        ],
    )
    def test_bad_input_gets_an_error_and_changes_nothing(
        self, decided_case: Case, post_melding: Callable[..., Any], field: str, value: str
    ) -> None:
        response = post_melding(decided_case, **{field: value})
        assert response.status_code == 400
        assert "field--error" in response.content.decode() or "form-errors" in (
            response.content.decode()
        )
        assert not MeldingDetails.objects.filter(case=decided_case).exists()

    def test_the_bsn_field_is_off_by_default_and_checked_when_on(
        self,
        settings: object,
        verified_client: Client,
        decided_case: Case,
        post_melding: Callable[..., Any],
    ) -> None:
        page = verified_client.get(url("melding", decided_case)).content.decode()
        assert 'name="bsn"' not in page
        post_melding(decided_case, bsn="111222333")
        details = MeldingDetails.objects.get(case=decided_case)
        assert all("bsn" not in p for p in details.data["persons"])
        settings.VT_BSN_ENABLED = True  # type: ignore[attr-defined]
        assert post_melding(decided_case, bsn="123456789").status_code == 400
        assert post_melding(decided_case, bsn="000000000").status_code == 400
        assert post_melding(decided_case, bsn="111222333").status_code == 302
        details.refresh_from_db()
        assert details.data["persons"][0]["bsn"] == "111222333"

    def test_the_details_are_encrypted_at_rest_and_the_region_follows_the_municipality(
        self, decided_case: Case, post_melding: Callable[..., Any]
    ) -> None:
        post_melding(decided_case, municipality="Nijmegen")
        details = MeldingDetails.objects.get(case=decided_case)
        assert details.region.code == "gelderland-zuid"
        assert details.data["persons"][0]["address"]["postcode"] == "3511 AB"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT data FROM veiligthuis_meldingdetails WHERE id = %s", [details.pk]
            )
            raw = cursor.fetchone()[0]
        assert "Zoë" not in raw
        assert "Çelik" not in raw
        assert raw.startswith("gAAAA")

    def test_a_chosen_region_overrides_the_municipality(
        self, decided_case: Case, post_melding: Callable[..., Any], receiver: Receiver
    ) -> None:
        post_melding(decided_case, municipality="Nijmegen", region=str(receiver.region_id))
        details = MeldingDetails.objects.get(case=decided_case)
        assert details.region == receiver.region
        assert details.region_overridden

    def test_the_preview_shows_what_is_sent_and_sending_needs_the_his_copy(
        self,
        verified_client: Client,
        decided_case: Case,
        post_melding: Callable[..., Any],
        receiver: Receiver,
    ) -> None:
        post_melding(decided_case)
        page = verified_client.get(url("melding_preview", decided_case)).content.decode()
        for shown in ("Zoë Çelik", "Łukasz Nowak", "Paspoort bij de werkgever"):
            assert shown in page
        fields = confirm_fields(page)
        refused = verified_client.post(
            url("melding_send", decided_case), {**fields, "checked": "yes"}
        )
        assert refused.status_code == 302
        assert not Delivery.objects.filter(case=decided_case).exists()
        verified_client.post(
            url("melding_send", decided_case), {**fields, "checked": "yes", "his": "yes"}
        )
        delivery = Delivery.objects.get(case=decided_case)
        assert (delivery.kind, delivery.status, str(delivery.payload_id)) == (
            "melding",
            "pending",
            fields["payload_id"],
        )
        # The task sits in the same database, written in the same transaction.
        assert DBTaskResult.objects.filter(args_kwargs__args=[delivery.pk]).count() == 1
        payload = __import__("json").loads(delivery.body)
        assert validate_payload(payload) == []
        assert payload["persons"][0]["name"] == "Zoë Çelik"
        overview = verified_client.get(url("overview", decided_case)).content.decode()
        assert 'data-delivery-status="pending"' in overview

    def test_a_change_after_the_preview_is_not_sent_unseen(
        self,
        verified_client: Client,
        decided_case: Case,
        post_melding: Callable[..., Any],
        receiver: Receiver,
    ) -> None:
        post_melding(decided_case)
        fields = confirm_fields(
            verified_client.get(url("melding_preview", decided_case)).content.decode()
        )
        post_melding(decided_case, name="Ştefan Popescu")
        verified_client.post(
            url("melding_send", decided_case), {**fields, "checked": "yes", "his": "yes"}
        )
        assert not Delivery.objects.filter(case=decided_case).exists()

    def test_a_phone_first_region_needs_the_recorded_call(
        self,
        verified_client: Client,
        decided_case: Case,
        post_melding: Callable[..., Any],
        receiver: Receiver,
    ) -> None:
        post_melding(decided_case, phone_contact_date="", phone_contact_with="")
        page = verified_client.get(url("melding_preview", decided_case)).content.decode()
        assert 'data-refusal="phone_first"' in page
        assert 'name="digest"' not in page

    def test_another_clinician_gets_404_everywhere(
        self, client: Client, decided_case: Case, make_user: Callable[..., User]
    ) -> None:
        other = make_user(with_device=True)
        verify_session(client, other)
        for name in ("overview", "advies", "advies_summary", "melding", "melding_preview"):
            assert client.get(url(name, decided_case)).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_send_one_melding(
    verified_client: Client,
    decided_case: Case,
    post_melding: Callable[..., Any],
    receiver: Receiver,
    clinician: User,
) -> None:
    post_melding(decided_case)
    first = confirm_fields(
        verified_client.get(url("melding_preview", decided_case)).content.decode()
    )
    second = confirm_fields(
        verified_client.get(url("melding_preview", decided_case)).content.decode()
    )
    clients = []
    for _ in range(2):
        c = Client()
        verify_session(c, clinician)
        clients.append(c)
    barrier = threading.Barrier(2)

    def send(c: Client, fields: dict[str, str]) -> None:
        barrier.wait()
        c.post(url("melding_send", decided_case), {**fields, "checked": "yes", "his": "yes"})
        connection.close()

    threads = [
        threading.Thread(target=send, args=(c, f))
        for c, f in zip(clients, (first, second), strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert Delivery.objects.filter(case=decided_case, kind="melding").count() == 1
