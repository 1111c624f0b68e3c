"""The Veilig Thuis intake answers exactly as design §4.4 says, and never with a 500."""

import copy
import importlib
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meldcode.accounts.models import Profession, User
from meldcode.audit.models import AuditEntry
from meldcode.cases.demo import demo_cases_ensure
from meldcode.cases.models import Case
from meldcode.veiligthuis.models import ReceivedReport, Region, SenderKey
from meldcode.veiligthuis.payload import advies_payload
from meldcode.veiligthuis.services import TooManyActiveKeys, sender_key_issue
from meldcode.veiligthuis.signing import signature
from tests.meldcode.veiligthuis.test_schema import MELDING, NOW, QUESTION

URL = "/api/veilig-thuis/v1/reports"


def encode(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode()


def signed_headers(key_id: str, secret: str, body: bytes, *, skew: int = 0) -> dict[str, str]:
    timestamp = str(int(time.time()) + skew)
    return {
        "X-Meldwijzer-Key-Id": key_id,
        "X-Meldwijzer-Timestamp": timestamp,
        "X-Meldwijzer-Signature": signature(secret, timestamp, body),
    }


def send(client: Client, body: bytes, headers: dict[str, str]) -> Any:
    return client.post(URL, data=body, content_type="application/json", headers=headers)


@pytest.fixture
def sender(db: None) -> tuple[SenderKey, str]:
    return sender_key_issue(sender_name="Huisartsenpraktijk De Linde")


@pytest.fixture
def post(client: Client, sender: tuple[SenderKey, str]) -> Callable[..., Any]:
    key, secret = sender

    def post(body: bytes, **options: Any) -> Any:
        return send(client, body, signed_headers(key.key_id, secret, body, **options))

    return post


def melding(**changes: Any) -> dict[str, Any]:
    payload = copy.deepcopy(MELDING)
    payload["id"] = str(uuid.uuid4())
    payload.update(changes)
    return payload


@pytest.fixture
def advies(make_user: Callable[..., User]) -> dict[str, Any]:
    huisarts = make_user(profession=Profession.HUISARTS)
    demo_cases_ensure(owners=[huisarts, make_user(profession=Profession.VERPLEEGKUNDIGE)])
    case = Case.objects.get(reference="MW-DEMO-1")
    return advies_payload(
        case,
        question=QUESTION,
        profession="huisarts",
        organisation="Huisartsenpraktijk de Linde",
        anonymous=True,
        region="utrecht",
        payload_id=uuid.uuid4(),
        now=NOW,
    )


def test_the_url_is_the_one_of_the_design() -> None:
    assert reverse("vt_intake_reports") == URL


class TestReceipt:
    def test_a_signed_valid_advies_is_stored_and_answered_201(
        self, post: Callable[..., Any], advies: dict[str, Any], sender: tuple[SenderKey, str]
    ) -> None:
        response = post(encode(advies))
        assert response.status_code == 201
        assert response.json() == {"id": advies["id"], "status": "ontvangen"}
        report = ReceivedReport.objects.get(payload_id=advies["id"])
        assert (report.type, report.region.code, report.sender) == ("advies", "utrecht", sender[0])
        assert report.payload == advies
        assert len(report.body_hash) == 64

    def test_each_receipt_is_audited_without_content(
        self, post: Callable[..., Any], advies: dict[str, Any]
    ) -> None:
        post(encode(advies))
        report = ReceivedReport.objects.get()
        entry = AuditEntry.objects.get(action="vt_report_received")
        assert entry.target == f"report:{report.pk}"
        assert QUESTION not in json.dumps(entry.data)

    def test_the_same_id_and_body_again_gets_the_same_answer(
        self, post: Callable[..., Any]
    ) -> None:
        body = encode(melding())
        first, again = post(body), post(body)
        assert (first.status_code, again.status_code) == (201, 201)
        assert first.content == again.content
        assert ReceivedReport.objects.count() == 1
        assert AuditEntry.objects.filter(action="vt_report_received").count() == 1

    def test_the_same_id_with_another_body_is_a_conflict(self, post: Callable[..., Any]) -> None:
        payload = melding()
        assert post(encode(payload)).status_code == 201
        payload["language"] = "Engels"
        response = post(encode(payload))
        assert response.status_code == 409
        assert ReceivedReport.objects.get().payload["language"] == "Nederlands"

    def test_the_same_id_from_another_sender_is_a_conflict(
        self, client: Client, post: Callable[..., Any]
    ) -> None:
        body = encode(melding())
        assert post(body).status_code == 201
        other, secret = sender_key_issue(sender_name="Another practice")
        assert send(client, body, signed_headers(other.key_id, secret, body)).status_code == 409


class TestUnauthorized:
    # A few seconds more ahead: the header drops the fraction of a second, so
    # 301 ahead may be 300 or less by the time it is checked.
    @pytest.mark.parametrize("skew", [-301, 305, -3600])
    def test_a_timestamp_more_than_five_minutes_off(
        self, post: Callable[..., Any], skew: int
    ) -> None:
        response = post(encode(melding()), skew=skew)
        assert response.status_code == 401
        assert response.json() == {"error": "unauthorized"}

    @pytest.mark.parametrize("skew", [-290, 290])
    def test_a_timestamp_within_five_minutes_is_fine(
        self, post: Callable[..., Any], skew: int
    ) -> None:
        assert post(encode(melding()), skew=skew).status_code == 201

    def test_an_unknown_a_retired_key_and_a_wrong_signature_answer_alike(
        self, client: Client, sender: tuple[SenderKey, str]
    ) -> None:
        key, secret = sender
        body = encode(melding())
        unknown = send(client, body, signed_headers("vtk_0000000000000000", secret, body))
        wrong = send(client, body, signed_headers(key.key_id, secret + "x", body))
        tampered_headers = signed_headers(key.key_id, secret, body)
        tampered = send(client, body + b" ", tampered_headers)
        SenderKey.objects.filter(pk=key.pk).update(active=False)
        retired = send(client, body, signed_headers(key.key_id, secret, body))
        for response in (unknown, wrong, tampered, retired):
            assert response.status_code == 401
            assert response.content == unknown.content
        assert not ReceivedReport.objects.exists()

    @pytest.mark.parametrize(
        "missing", ["X-Meldwijzer-Key-Id", "X-Meldwijzer-Timestamp", "X-Meldwijzer-Signature"]
    )
    def test_a_missing_header(
        self, client: Client, sender: tuple[SenderKey, str], missing: str
    ) -> None:
        body = encode(melding())
        headers = signed_headers(sender[0].key_id, sender[1], body)
        del headers[missing]
        assert send(client, body, headers).status_code == 401

    def test_unsigned_and_non_post_requests(self, client: Client, db: None) -> None:
        assert client.post(URL, data=b"{}", content_type="application/json").status_code == 401
        assert client.get(URL).status_code == 405
        assert client.put(URL, data=b"{}").status_code == 405


class TestInvalid:
    @pytest.mark.parametrize(
        "body",
        [b"", b"{", b"not json", b"\xff\xfe", b"[1, 2]", b"NaN", b'{"a": Infinity}', b"null"],
    )
    def test_a_body_that_is_no_payload_is_422(self, post: Callable[..., Any], body: bytes) -> None:
        response = post(body)
        assert response.status_code == 422
        assert response.json()["errors"]

    def test_schema_errors_are_listed(self, post: Callable[..., Any]) -> None:
        payload = melding()
        del payload["melder"]["phone"]
        response = post(encode(payload))
        assert response.status_code == 422
        assert response.json() == {"errors": ["$.melder: 'phone' is a required property"]}
        assert not ReceivedReport.objects.exists()

    def test_the_region_must_exist_here(self, post: Callable[..., Any]) -> None:
        Region.objects.filter(code="utrecht").delete()
        response = post(encode(melding()))
        assert response.status_code == 422
        assert response.json() == {"errors": ["$.region: is not a region of this receiver"]}

    def test_a_nul_in_a_string_is_refused_not_stored(self, post: Callable[..., Any]) -> None:
        response = post(encode(melding(language="Neder\x00lands")))
        assert response.status_code == 422

    def test_an_oversized_body_is_413(self, post: Callable[..., Any], settings: Any) -> None:
        settings.MAX_REQUEST_BODY_BYTES = 1000
        response = post(encode(melding(language="x" * 2000)))
        assert response.status_code == 413
        assert not ReceivedReport.objects.exists()


class TestRateLimit:
    def test_a_flood_from_one_address_gets_429_with_retry_after(
        self, client: Client, db: None, settings: Any
    ) -> None:
        settings.VT_INTAKE_ADDRESS_LIMIT = 3
        answers = [client.post(URL, data=b"{}", content_type="application/json") for _ in range(5)]
        assert [a.status_code for a in answers] == [401, 401, 401, 429, 429]
        assert 1 <= int(answers[-1]["Retry-After"]) <= 60

    def test_a_flood_from_one_sender_gets_429(
        self, post: Callable[..., Any], settings: Any
    ) -> None:
        settings.VT_INTAKE_KEY_LIMIT = 2
        codes = [post(encode(melding())).status_code for _ in range(4)]
        assert codes == [201, 201, 429, 429]
        assert ReceivedReport.objects.count() == 2


class TestSenderKeys:
    def test_at_most_two_active_keys_per_sender(self, db: None) -> None:
        sender_key_issue(sender_name="Praktijk")
        first_two, _ = sender_key_issue(sender_name="Praktijk")
        with pytest.raises(TooManyActiveKeys):
            sender_key_issue(sender_name="Praktijk")
        SenderKey.objects.filter(pk=first_two.pk).update(active=False)
        sender_key_issue(sender_name="Praktijk")

    def test_the_secret_is_never_shown_in_the_admin(self, db: None) -> None:
        from meldcode.veiligthuis.admin import SenderKeyAdmin

        assert "secret" not in SenderKeyAdmin.fields
        assert "secret" not in SenderKeyAdmin.list_display

    def test_the_command_prints_a_key_that_signs(self, client: Client, db: None) -> None:
        from io import StringIO

        out = StringIO()
        call_command("vt_sender_key_issue", "Praktijk", stdout=out)
        key_id, secret = out.getvalue().split()
        body = encode(melding())
        assert send(client, body, signed_headers(key_id, secret, body)).status_code == 201


@pytest.fixture
def regions_reseeded(django_db_blocker: Any) -> Iterator[None]:
    """Seed the regions before (an earlier transactional test may have flushed them) and after."""

    def seed() -> None:
        module = importlib.import_module("meldcode.veiligthuis.migrations.0002_regions")
        with django_db_blocker.unblock():
            for code, name in module.REGIONS:
                Region.objects.get_or_create(code=code, defaults={"name": name})

    seed()
    yield
    seed()


@pytest.mark.django_db(transaction=True)
def test_two_identical_deliveries_at_once_store_one_row(
    regions_reseeded: None, live_server: Any
) -> None:
    key, secret = sender_key_issue(sender_name="Huisartsenpraktijk De Linde")
    body = encode(melding())
    barrier = threading.Barrier(2)
    answers: list[requests.Response] = []

    def deliver() -> None:
        headers = {**signed_headers(key.key_id, secret, body), "Content-Type": "application/json"}
        barrier.wait()
        answers.append(requests.post(live_server.url + URL, data=body, headers=headers, timeout=30))

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].content == answers[1].content
    assert ReceivedReport.objects.count() == 1


HEADER_NAMES = st.sampled_from(
    ["X-Meldwijzer-Key-Id", "X-Meldwijzer-Timestamp", "X-Meldwijzer-Signature"]
)
HEADER_VALUES = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
    max_size=80,
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.binary(max_size=300) | JSON_VALUES.map(encode),
    headers=st.dictionaries(HEADER_NAMES, HEADER_VALUES),
)
def test_arbitrary_unsigned_requests_never_get_a_500(
    client: Client, db: None, body: bytes, headers: dict[str, str], settings: Any
) -> None:
    settings.VT_INTAKE_ADDRESS_LIMIT = 10**9
    assert send(client, body, headers).status_code in {401, 405, 413, 429}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.binary(max_size=300)
    | JSON_VALUES.map(encode)
    | st.builds(
        lambda extra, base: encode({**melding(), **extra} if base else extra),
        st.dictionaries(st.sampled_from(list(MELDING)) | st.text(max_size=5), JSON_VALUES),
        st.booleans(),
    ),
)
def test_arbitrary_signed_bodies_never_get_a_500(
    post: Callable[..., Any], body: bytes, settings: Any
) -> None:
    settings.VT_INTAKE_ADDRESS_LIMIT = 10**9
    settings.VT_INTAKE_KEY_LIMIT = 10**9
    assert post(body).status_code in {201, 409, 422}
