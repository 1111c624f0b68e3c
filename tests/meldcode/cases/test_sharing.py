"""Asking a colleague without patient data, and full read access for a waarnemer."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meldcode.accounts.models import Role, User
from meldcode.audit.models import AuditEntry
from meldcode.cases.models import Case, ColleagueShare
from meldcode.cases.steps import STEPS
from tests.helpers import verify_session

from .factories import make_case, post_step, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(make_user: Callable[..., User]) -> User:
    return make_user(with_device=True, email="collega@example.org", full_name="Dr. Zoë Çelik")


def client_for(user: User) -> Client:
    client = Client()
    verify_session(client, user)
    return client


def share(client: Client, case: Case, **data: Any) -> Any:
    payload = {"colleague": "collega@example.org", "question": "Wat zou jij doen?", "days": "7"}
    payload.update(data)
    return client.post(reverse("cases:share", kwargs={"reference": case.reference}), payload)


def test_a_colleague_sees_the_summary_and_question_never_the_case(
    verified_client: Client, clinician: User, colleague: User
) -> None:
    case = make_case(clinician, initials="P.Q.", birth_year=1990)
    for step in STEPS:
        post_step(verified_client, case, step)
    assert share(verified_client, case).status_code == 302
    shared = ColleagueShare.objects.get()
    assert shared.colleague == colleague
    other = client_for(colleague)
    listing = other.get(reverse("consultations:list")).content.decode()
    detail_url = reverse("consultations:detail", kwargs={"public_id": str(shared.public_id)})
    assert detail_url in listing
    page = other.get(detail_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Wat zou jij doen?" in html
    for secret in (case.reference, "P.Q.", "1990", "Paspoort bij de werkgever", "Opgelucht"):
        assert secret not in html
    assert AuditEntry.objects.filter(action="colleague_share_read", actor_id=colleague.pk).exists()
    # The colleague still cannot open the case itself.
    assert (
        other.get(reverse("cases:summary", kwargs={"reference": case.reference})).status_code == 404
    )


def test_the_answer_comes_back_and_is_recorded_in_step_two_once(
    verified_client: Client, clinician: User, colleague: User
) -> None:
    case = make_case(clinician)
    share(verified_client, case)
    shared = ColleagueShare.objects.get()
    other = client_for(colleague)
    url = reverse("consultations:detail", kwargs={"public_id": str(shared.public_id)})
    assert other.post(url, {"answer": ""}).status_code == 400
    assert other.post(url, {"answer": "Bel Veilig Thuis voor advies."}).status_code == 302
    assert other.post(url, {"answer": "Iets anders"}).status_code == 302
    shared.refresh_from_db()
    assert shared.answer == "Bel Veilig Thuis voor advies."
    record = reverse(
        "cases:share_record",
        kwargs={"reference": case.reference, "public_id": str(shared.public_id)},
    )
    case.refresh_from_db()
    for _ in range(2):
        verified_client.post(record, {"revision": str(case.revision)})
    case.refresh_from_db()
    colleagues = case.record["consultatie"]["colleagues"]
    assert [c["advice"] for c in colleagues] == ["Bel Veilig Thuis voor advies."]
    assert colleagues[0]["anonymous"] is True
    # The step shows the row as if it had been typed, and saves again unchanged.
    page = verified_client.get(step_url(case, "consultatie")).content.decode()
    assert "Bel Veilig Thuis voor advies." in page
    assert post_step(verified_client, case, "consultatie", dict(_drafts(case))).status_code == 302


def _drafts(case: Case) -> dict[str, list[str]]:
    case.refresh_from_db()
    return dict(case.drafts["consultatie"])


@pytest.mark.parametrize(
    "question",
    [
        "Patiënte Jansen vertelde dat haar baas haar paspoort heeft",
        "Geboren op 14-03-2009, wat nu?",
        "Haar telefoon is 06-12345678",
        "Ze woont op 3512 AB",
        "Mail naar a.b@example.org",
    ],
)
def test_a_question_that_could_identify_the_patient_is_refused(
    verified_client: Client, clinician: User, colleague: User, question: str
) -> None:
    case = make_case(clinician)
    response = share(verified_client, case, question=question)
    assert response.status_code == 400
    assert "question" in response.context["form"].errors
    assert not ColleagueShare.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"colleague": "niemand@example.org"}, "colleague"),
        ({"colleague": "OWNER"}, "colleague"),
        ({"colleague": "geen adres"}, "colleague"),
        ({"days": "0"}, "days"),
        ({"days": "99"}, "days"),
        ({"days": "veel"}, "days"),
        ({"question": ""}, "question"),
        ({"question": "x" * 1001}, "question"),
    ],
)
def test_a_share_is_checked(
    verified_client: Client, clinician: User, colleague: User, data: dict[str, str], field: str
) -> None:
    case = make_case(clinician)
    if data.get("colleague") == "OWNER":
        data = {"colleague": clinician.email}
    response = share(verified_client, case, **data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ColleagueShare.objects.exists()


def test_a_withdrawn_expired_or_foreign_share_answers_404(
    verified_client: Client, clinician: User, colleague: User, make_user: Callable[..., User]
) -> None:
    case = make_case(clinician)
    share(verified_client, case)
    shared = ColleagueShare.objects.get()
    url = reverse("consultations:detail", kwargs={"public_id": str(shared.public_id)})
    stranger = client_for(make_user(with_device=True))
    assert stranger.get(url).status_code == 404
    assert (
        stranger.get(reverse("consultations:detail", kwargs={"public_id": "x"})).status_code == 404
    )
    other = client_for(colleague)
    ColleagueShare.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert other.get(url).status_code == 404
    ColleagueShare.objects.update(expires_at=timezone.now() + timedelta(days=1))
    assert other.get(url).status_code == 200
    withdraw = reverse(
        "cases:share_withdraw",
        kwargs={"reference": case.reference, "public_id": str(shared.public_id)},
    )
    verified_client.post(withdraw)
    assert other.get(url).status_code == 404
    assert other.post(url, {"answer": "te laat"}).status_code == 404


def test_a_waarnemer_reads_everything_and_changes_nothing(
    verified_client: Client, clinician: User, colleague: User
) -> None:
    case = make_case(clinician)
    post_step(verified_client, case, "wegen")
    waarnemer = client_for(colleague)
    summary = reverse("cases:summary", kwargs={"reference": case.reference})
    assert waarnemer.get(summary).status_code == 404
    access_url = reverse("cases:access", kwargs={"reference": case.reference})
    assert verified_client.post(access_url, {"colleague": "collega@example.org"}).status_code == 302
    assert AuditEntry.objects.filter(action="case_access_granted").count() == 1
    page = waarnemer.get(summary)
    assert page.status_code == 200
    assert "data-read-only" in page.content.decode()
    assert waarnemer.get(step_url(case, "wegen")).status_code == 200
    assert (
        waarnemer.get(reverse("cases:record", kwargs={"reference": case.reference})).status_code
        == 200
    )
    reads = AuditEntry.objects.filter(action="case_read", actor_id=colleague.pk)
    assert reads.count() == 3
    revision = Case.objects.get(pk=case.pk).revision
    assert post_step(waarnemer, case, "wegen").status_code == 404
    for name in ("details", "acute", "share", "access"):
        assert (
            waarnemer.get(
                reverse(f"cases:{name}", kwargs={"reference": case.reference})
            ).status_code
            == 404
        )
    assert Case.objects.get(pk=case.pk).revision == revision
    # Ending the access ends the reading.
    access = case.accesses.get()
    revoke = reverse(
        "cases:access_revoke", kwargs={"reference": case.reference, "access_id": access.pk}
    )
    verified_client.post(revoke)
    assert waarnemer.get(summary).status_code == 404
    assert waarnemer.get(reverse("cases:list")).context["page"].object_list.count() == 0


@pytest.mark.parametrize(
    ("name", "method", "action"),
    [
        ("list", "get", "case_list_read"),
        ("summary", "get", "case_read"),
        ("record", "get", "case_read"),
        ("record_pdf", "get", "case_exported"),
        ("copied", "post", "case_exported"),
    ],
)
def test_every_access_to_a_case_is_logged(
    verified_client: Client, clinician: User, name: str, method: str, action: str
) -> None:
    case = make_case(clinician)
    post_step(verified_client, case, "signalen")
    kwargs = {} if name == "list" else {"reference": case.reference}
    before = AuditEntry.objects.filter(action=action, actor_id=clinician.pk).count()
    response = getattr(verified_client, method)(reverse(f"cases:{name}", kwargs=kwargs))
    assert response.status_code in (200, 204)
    entries = AuditEntry.objects.filter(action=action, actor_id=clinician.pk)
    assert entries.count() == before + 1
    entry = entries.last()
    assert entry is not None
    if name == "list":
        assert entry.data["cases"] == [case.pk]
    else:
        assert entry.target == f"case:{case.pk}"
    assert case.reference not in str(entry.data)


def test_only_clinicians_can_be_chosen_as_colleagues(
    verified_client: Client, clinician: User, make_user: Callable[..., User]
) -> None:
    make_user(roles=(Role.TRAINER,), email="trainer@example.org")
    case = make_case(clinician)
    response = share(verified_client, case, colleague="trainer@example.org")
    assert response.status_code == 400
