"""``demo`` prints the demo sender's intake key on one line, the same on every run."""

import io
import json
import re
import time
import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from jsonschema import Draft202012Validator

from meldcode.veiligthuis.models import MeldingDetails, ReceivedReport, Receiver
from meldcode.veiligthuis.schema import schema
from meldcode.veiligthuis.signing import signature
from tests.meldcode.veiligthuis.test_schema import MELDING

LINE = re.compile(r"^Veilig Thuis intake key: (\S+) (\S+)$", re.MULTILINE)


def demo_key() -> tuple[str, str]:
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    found = LINE.findall(out.getvalue())
    assert len(found) == 1
    key_id, secret = found[0]
    return str(key_id), str(secret)


@pytest.mark.django_db
def test_the_printed_key_signs_deliveries_and_survives_another_run(
    client: Client, settings
) -> None:
    settings.DEBUG = True
    key_id, secret = demo_key()
    assert demo_key() == (key_id, secret)
    body = json.dumps({**MELDING, "id": str(uuid.uuid4())}).encode()
    timestamp = str(int(time.time()))
    response = client.post(
        "/api/veilig-thuis/v1/reports",
        data=body,
        content_type="application/json",
        headers={
            "X-Meldwijzer-Key-Id": key_id,
            "X-Meldwijzer-Timestamp": timestamp,
            "X-Meldwijzer-Signature": signature(secret, timestamp, body),
        },
    )
    assert response.status_code == 201
    assert ReceivedReport.objects.get().sender.key_id == key_id


@pytest.mark.django_db
def test_the_demo_melding_has_identifying_data_no_bsn_and_a_receiver(settings) -> None:
    settings.DEBUG = True
    key_id, secret = demo_key()
    details = MeldingDetails.objects.get(case__reference="MW-DEMO-1")
    assert details.region.code == "utrecht"
    assert details.data["persons"][0]["name"]
    assert all("bsn" not in person for person in details.data["persons"])
    receiver = Receiver.objects.get(region__code="utrecht")
    assert (receiver.key_id, receiver.secret) == (key_id, secret)
    assert receiver.url.endswith("/api/veilig-thuis/v1/reports")
    out = io.StringIO()
    call_command("vt_payload", "MW-DEMO-1", "--type", "melding", stdout=out)
    payload = json.loads(out.getvalue())
    assert list(Draft202012Validator(schema()).iter_errors(payload)) == []
    assert payload["region"] == "utrecht"
    assert all("bsn" not in person for person in payload["persons"])
