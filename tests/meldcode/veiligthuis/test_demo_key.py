"""``demo`` prints the demo sender's intake key on one line, the same on every run."""

import io
import json
import re
import time
import uuid

import pytest
from django.core.management import call_command
from django.test import Client

from meldcode.veiligthuis.models import ReceivedReport
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
