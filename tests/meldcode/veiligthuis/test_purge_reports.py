"""The receiving side's retention: purge_reports removes only what may go, and only with --apply."""

import copy
import hashlib
import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from meldcode.audit.models import AuditEntry
from meldcode.veiligthuis.models import ReceivedReport, Region
from meldcode.veiligthuis.services import sender_key_issue
from tests.meldcode.veiligthuis.test_schema import MELDING

pytestmark = pytest.mark.django_db


def report(*, type: str, status: str, days_old: int) -> ReceivedReport:
    payload = copy.deepcopy(MELDING)
    payload["id"] = str(uuid.uuid4())
    key, _ = sender_key_issue(sender_name=f"Praktijk {uuid.uuid4().hex[:6]}")
    return ReceivedReport.objects.create(
        payload_id=payload["id"],
        region=Region.objects.get(code="utrecht"),
        type=type,
        body_hash=hashlib.sha256(b"x").hexdigest(),
        payload=payload,
        sender=key,
        status=status,
        received_at=timezone.now() - timedelta(days=days_old),
    )


def test_only_old_advies_and_completed_meldingen_are_purged(settings: object) -> None:
    settings.VT_REPORT_RETENTION_DAYS = 30  # type: ignore[attr-defined]
    old_advies = report(type="advies", status="ontvangen", days_old=31)
    old_done = report(type="melding", status="afgerond", days_old=31)
    old_open = report(type="melding", status="onderzoek", days_old=400)
    young_done = report(type="melding", status="afgerond", days_old=5)
    out = StringIO()
    call_command("purge_reports", stdout=out)
    assert ReceivedReport.objects.count() == 4
    assert "would remove" in out.getvalue()
    assert "kept 1 older meldingen" in out.getvalue()
    call_command("purge_reports", apply=True, stdout=StringIO())
    left = set(ReceivedReport.objects.values_list("pk", flat=True))
    assert left == {old_open.pk, young_done.pk}
    purged = AuditEntry.objects.filter(action="vt_report_purged")
    assert {e.target for e in purged} == {f"report:{old_advies.pk}", f"report:{old_done.pk}"}
    call_command("verify_audit", stdout=StringIO())
