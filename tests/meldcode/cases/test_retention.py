"""Retention: a case is purged only when closed, taken over in the HIS, and past its time."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from meldcode.accounts.models import User
from meldcode.audit.models import AuditEntry
from meldcode.cases import services
from meldcode.cases.models import Case
from meldcode.cases.retention import purge_verdict
from meldcode.cases.steps import STEPS

from .factories import make_case, post_step

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
RETENTION = timedelta(days=90)
# Hypothesis wants naive bounds; the values it draws are in UTC.
MOMENTS = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001
    max_value=datetime(2030, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@pytest.mark.parametrize(
    ("closed_at", "his", "verdict"),
    [
        (None, None, "open"),
        (None, date(2026, 1, 1), "open"),
        (NOW - timedelta(days=400), None, "unconfirmed"),
        (NOW - timedelta(days=10), date(2026, 11, 20), "retained"),
        (NOW - RETENTION + timedelta(seconds=1), date(2026, 8, 1), "retained"),
        (NOW - RETENTION, date(2026, 8, 1), "purge"),
        (NOW - timedelta(days=400), date(2025, 10, 1), "purge"),
    ],
)
def test_the_purge_rule(closed_at: datetime | None, his: date | None, verdict: str) -> None:
    assert (
        purge_verdict(closed_at=closed_at, his_transferred_on=his, now=NOW, retention=RETENTION)
        == verdict
    )


@given(closed_at=st.none() | MOMENTS, now=MOMENTS, days=st.integers(0, 3650))
def test_an_unconfirmed_case_is_never_purged(
    closed_at: datetime | None, now: datetime, days: int
) -> None:
    verdict = purge_verdict(
        closed_at=closed_at, his_transferred_on=None, now=now, retention=timedelta(days=days)
    )
    assert verdict != "purge"


def close(client: Client, case: Case, *, days_ago: int, his: date | None) -> Case:
    """Close ``case`` through the pages, then move its closing back in time."""
    case.refresh_from_db()
    url = reverse("cases:close", kwargs={"reference": case.reference})
    client.post(url, {"revision": str(case.revision), "reason": "Afgerond"})
    if his is not None:
        case.refresh_from_db()
        response = client.post(
            reverse("cases:his", kwargs={"reference": case.reference}),
            {"revision": str(case.revision), "on": his.isoformat()},
        )
        assert response.status_code == 302
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=days_ago))
    case.refresh_from_db()
    return case


def content_tables_holding(case_pk: int, secret: str) -> list[str]:
    """Return the models (other than the audit trail) that still hold ``secret`` or the case."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label == "audit":
            continue
        for obj in model._default_manager.all():
            fields = list(model._meta.concrete_fields)
            values = " ".join(str(getattr(obj, f.attname)) for f in fields)
            if secret in values:
                found.append(model.__name__)
                break
    return found


@pytest.mark.django_db
def test_purge_cases_removes_only_confirmed_cases_past_their_retention(
    verified_client: Client, clinician: User, settings
) -> None:
    settings.CASE_RETENTION_DAYS = 90
    secret = "Geheime observatie 4711"
    ready = make_case(clinician)
    post_step(
        verified_client,
        ready,
        "wegen",
        {"weighing": secret, "acute_items": ["mensenhandel"]},
    )
    for step in STEPS[:2]:
        post_step(verified_client, ready, step)
    ready = close(
        verified_client, ready, days_ago=91, his=timezone.localdate() - timedelta(days=80)
    )
    unconfirmed = close(verified_client, make_case(clinician), days_ago=400, his=None)
    young = close(verified_client, make_case(clinician), days_ago=10, his=timezone.localdate())
    still_open = make_case(clinician)

    out, err = io.StringIO(), io.StringIO()
    call_command("purge_cases", stdout=out, stderr=err)
    assert f"Would purge {ready.reference}" in out.getvalue()
    assert "Dry run" in out.getvalue()
    assert f"{unconfirmed.reference}: the transfer to the HIS was not confirmed" in err.getvalue()
    assert Case.objects.count() == 4

    call_command("purge_cases", "--apply", stdout=out, stderr=io.StringIO())
    remaining = set(Case.objects.values_list("reference", flat=True))
    assert remaining == {unconfirmed.reference, young.reference, still_open.reference}
    assert content_tables_holding(ready.pk, secret) == []
    assert not AuditEntry.objects.filter(data__icontains=secret).exists()
    purged = AuditEntry.objects.filter(action="case_purged", target=f"case:{ready.pk}")
    assert purged.count() == 1
    # The audit trail of the purged case stays, and stays intact.
    assert AuditEntry.objects.filter(target=f"case:{ready.pk}").count() > 3
    call_command("verify_audit", stdout=io.StringIO())


@pytest.mark.django_db
def test_purge_cases_refuses_a_named_unconfirmed_case_and_says_why(
    verified_client: Client, clinician: User
) -> None:
    unconfirmed = close(verified_client, make_case(clinician), days_ago=400, his=None)
    err = io.StringIO()
    with pytest.raises(CommandError, match="Refused"):
        call_command("purge_cases", "--apply", "--reference", unconfirmed.reference, stderr=err)
    assert "not confirmed" in err.getvalue()
    assert Case.objects.filter(pk=unconfirmed.pk).exists()
    with pytest.raises(CommandError, match="No case"):
        call_command("purge_cases", "--reference", "MW-NONE")


@pytest.mark.django_db
def test_a_case_reopened_before_the_purge_is_kept(clinician: User) -> None:
    case = make_case(clinician)
    case = services.case_close(
        user=clinician, case=case, expected_revision=case.revision, reason="x"
    )
    case = services.case_his_transfer_confirm(
        user=clinician, case=case, expected_revision=case.revision, on=timezone.localdate()
    )
    stale = Case.objects.get(pk=case.pk)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=365))
    services.case_reopen(user=clinician, case=case, expected_revision=case.revision)
    # The purge re-reads the row under lock: the reopened case is not purged.
    assert not services.case_purge(case=stale, now=timezone.now(), retention=RETENTION)
    assert Case.objects.filter(pk=case.pk).exists()


@pytest.mark.django_db
def test_the_his_transfer_cannot_be_in_the_future(verified_client: Client, clinician: User) -> None:
    case = make_case(clinician)
    response = verified_client.post(
        reverse("cases:his", kwargs={"reference": case.reference}),
        {
            "revision": str(case.revision),
            "on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.his_transferred_on is None
