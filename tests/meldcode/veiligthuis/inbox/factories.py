"""Received reports for the inbox tests, made the way the intake makes them."""

import copy
import hashlib
import json
import uuid
from datetime import UTC, datetime
from typing import Any

from meldcode.accounts.models import Profession, User
from meldcode.cases.demo import demo_cases_ensure
from meldcode.cases.models import Case
from meldcode.veiligthuis.models import ReceivedReport, Region, SenderKey
from meldcode.veiligthuis.payload import advies_payload
from meldcode.veiligthuis.schema import validate_payload
from meldcode.veiligthuis.services import report_receive
from tests.meldcode.veiligthuis.test_schema import MELDING, QUESTION

HOME = "utrecht"
ELSEWHERE = "zuid-limburg"


def melding_payload(*, region: str = HOME) -> dict[str, Any]:
    """Return a complete melding, with a fresh id, that validates against the schema."""
    payload = copy.deepcopy(MELDING)
    payload["id"] = str(uuid.uuid4())
    payload["region"] = region
    assert validate_payload(payload) == []
    return payload


def demo_case(owner: User, colleague: User) -> Case:
    """Return the first demo case, made for ``owner``."""
    demo_cases_ensure(owners=[owner, colleague])
    return Case.objects.get(reference="MW-DEMO-1")


def advies_payload_for(case: Case, *, region: str = HOME) -> dict[str, Any]:
    """Return an anonymous advies about ``case``, built as the sending side builds it."""
    payload = advies_payload(
        case,
        question=QUESTION,
        profession=Profession.HUISARTS,
        organisation="Huisartsenpraktijk de Linde",
        anonymous=True,
        region=region,
        payload_id=uuid.uuid4(),
        now=datetime(2026, 11, 24, 10, 30, tzinfo=UTC),
    )
    assert validate_payload(payload) == []
    return payload


def receive(payload: dict[str, Any], *, sender: SenderKey) -> ReceivedReport:
    """Receive ``payload`` from ``sender`` as the intake does, and return the stored report."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    report_receive(
        sender=sender,
        region=Region.objects.get(code=payload["region"]),
        payload=payload,
        body_hash=hashlib.sha256(body).hexdigest(),
    )
    return ReceivedReport.objects.get(payload_id=payload["id"])
