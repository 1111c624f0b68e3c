"""The three demo cases: fictional, in different states, and with an intact audit trail."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from meldcode.accounts.models import User
from meldcode.audit.models import AuditEntry
from meldcode.cases.models import Case
from meldcode.cases.steps import melding_ready, steps_complete
from tests.helpers import verify_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings) -> str:
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def summary(reference: str) -> tuple[list[str], str]:
    case = Case.objects.get(reference=reference)
    client = Client()
    verify_session(client, case.owner)
    response = client.get(reverse("cases:summary", kwargs={"reference": reference}))
    assert response.status_code == 200
    routes = [r["code"] for r in response.context["routes"]]
    return routes, response.content.decode()


def test_demo_creates_three_cases_in_different_states_and_prints_them(demo: str) -> None:
    references = ("MW-DEMO-1", "MW-DEMO-2", "MW-DEMO-3")
    for reference in references:
        assert reference in demo
    cases = {c.reference: c for c in Case.objects.filter(reference__in=references)}
    assert set(cases) == set(references)
    first, second, third = (cases[r] for r in references)
    # 1: a minor, sexual exploitation, decided: melding made after every step.
    assert (first.minor, first.track, first.decision, first.gemeld) == (
        True,
        "knmg",
        "melden",
        True,
    )
    assert all(steps_complete(first.state()).values())
    assert melding_ready(first.state()).ready
    # 2: an adult seasonal worker on the acute path, not decided yet.
    assert (second.minor, second.acute, second.decision) == (False, True, "")
    assert second.record["acuut"]["kind"] == "acute_onveiligheid"
    assert melding_ready(second.state()).acute
    # 3: a young adult in criminal exploitation, in progress on the V&VN track.
    assert (third.track, third.decision, third.acute) == ("vvn", "", False)
    assert third.owner.email == "verpleegkundige@demo.meldwijzer.nl"
    assert not melding_ready(third.state()).ready


def test_demo_cases_show_the_decision_the_path_and_the_route_of_the_domain_notes(
    demo: str,
) -> None:
    routes, html = summary("MW-DEMO-1")
    assert 'data-decision="melden"' in html
    for node in ("q1", "q2", "melden_2"):
        assert f'data-node="{node}" data-taken="true"' in html
    # A minor: Veilig Thuis first, never CoMensha.
    assert routes[0] == "veilig_thuis"
    assert "comensha" not in routes
    routes, html = summary("MW-DEMO-2")
    assert 'data-acute-kind="acute_onveiligheid"' in html
    # Acute unsafety: the melding by phone to Veilig Thuis comes first; no 112.
    assert routes[0] == "veilig_thuis"
    assert "112" not in routes
    assert "arbeidsinspectie" in routes
    assert "comensha" in routes  # an adult who needs a safe place


def test_another_demo_clinician_cannot_open_a_demo_case(demo: str) -> None:
    nurse = User.objects.get(email="verpleegkundige@demo.meldwijzer.nl")
    client = Client()
    verify_session(client, nurse)
    url = reverse("cases:summary", kwargs={"reference": "MW-DEMO-1"})
    assert client.get(url).status_code == 404


def test_verify_audit_passes_on_the_demo_data_and_fails_on_a_tampered_copy(demo: str) -> None:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()
    entry = AuditEntry.objects.filter(action="case_decided").get()
    AuditEntry.objects.filter(pk=entry.pk).update(data={**entry.data, "decision": "afsluiten"})
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=io.StringIO())
