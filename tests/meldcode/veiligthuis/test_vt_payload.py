"""``vt_payload``: a case's payload as JSON; a real case only for an operator, and audited."""

import io
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from jsonschema import Draft202012Validator

from meldcode.accounts.models import Profession, User
from meldcode.audit.models import AuditEntry
from meldcode.cases.demo import demo_cases_ensure, demo_step_save
from meldcode.cases.models import Case
from meldcode.cases.services import case_finish
from meldcode.veiligthuis.models import AdviesPrep, MeldingDetails, Region
from meldcode.veiligthuis.schema import schema
from tests.meldcode.cases.factories import STEP_DATA, make_case

pytestmark = pytest.mark.django_db

VALIDATOR = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
DETAILS: dict[str, Any] = {
    "municipality": "Utrecht",
    "melder": {
        "name": "Dr. Anouk de Vries",
        "profession": "huisarts",
        "organisation": "Huisartsenpraktijk De Linde",
        "phone": "030-1234567",
        "email": "huisarts@demo.meldwijzer.nl",
        "reachable": "werkdagen 8-17 uur",
    },
    "persons": [
        {
            "name": "Lotte Jansen",
            "role": "betrokkene",
            "birth_date": "2010-04-02",
            "address": {
                "street": "Kerkstraat",
                "number": "12a",
                "postcode": "3512 AB",
                "city": "Utrecht",
            },
        },
        {"name": "Karin Jansen", "role": "ouder"},
    ],
    "informed": {"told": True},
    "phone_contact_before": {"date": "2026-11-10", "with": "aandachtsfunctionaris"},
}


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("vt_payload", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def errors_of(document: Any) -> list[str]:
    """Validate with jsonschema itself, independently of our validate_payload."""
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(document)]


def details_for(case: Case, data: dict[str, Any] | None = None) -> MeldingDetails:
    return MeldingDetails.objects.create(
        case=case, region=Region.objects.get(code="utrecht"), data=data or DETAILS
    )


@pytest.fixture
def demo(make_user: Callable[..., User]) -> dict[str, Case]:
    huisarts = make_user(
        profession=Profession.HUISARTS,
        full_name="Dr. Anouk de Vries",
        organisation="Huisartsenpraktijk De Linde",
    )
    nurse = make_user(profession=Profession.VERPLEEGKUNDIGE)
    demo_cases_ensure(owners=[huisarts, nurse])
    cases = {c.reference: c for c in Case.objects.filter(reference__startswith="MW-DEMO-")}
    details_for(cases["MW-DEMO-1"])
    return cases


@pytest.fixture
def real_case(make_user: Callable[..., User]) -> Case:
    """Return a real case, decided to melden, with its melding details."""
    owner = make_user(profession=Profession.HUISARTS, organisation="Praktijk Oost")
    case = make_case(owner, track="knmg")
    for step, answers in STEP_DATA.items():
        case = demo_step_save(user=owner, case=case, step=step, answers=answers)
    case, _changed = case_finish(user=owner, case=case, expected_revision=case.revision)
    assert case.decision == "melden"
    details_for(case)
    return case


@pytest.fixture
def operator(make_user: Callable[..., User]) -> User:
    return make_user(email="beheer@example.org", roles=(), is_staff=True)


class TestDemoCases:
    def test_prints_a_valid_melding_and_nothing_else(self, demo: dict[str, Case]) -> None:
        out, err = run("MW-DEMO-1", "--type", "melding")
        payload = json.loads(out)
        assert errors_of(payload) == []
        assert payload["type"] == "melding"
        assert payload["region"] == "utrecht"
        assert payload["persons"][0]["name"] == "Lotte Jansen"
        assert out == json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        assert err == ""

    @pytest.mark.parametrize("reference", ["MW-DEMO-1", "MW-DEMO-2", "MW-DEMO-3"])
    def test_prints_a_valid_advies_for_each(self, demo: dict[str, Case], reference: str) -> None:
        payload = json.loads(run(reference, "--type", "advies")[0])
        assert errors_of(payload) == []
        assert payload["type"] == "advies"
        # No preparation: anonymous, with a question that names no one.
        assert payload["professional"]["anonymous"] is True
        assert payload["question"]
        text = json.dumps(payload, ensure_ascii=False)
        assert reference not in text
        assert "Jansen" not in text

    def test_the_advies_takes_the_preparation(self, demo: dict[str, Case]) -> None:
        AdviesPrep.objects.create(
            case=demo["MW-DEMO-3"],
            region=Region.objects.get(code="twente"),
            question="Moet ik melden of eerst zelf hulp organiseren?",
            anonymous=False,
            callback_phone="053-1234567",
        )
        payload = json.loads(run("MW-DEMO-3", "--type", "advies")[0])
        assert errors_of(payload) == []
        assert payload["region"] == "twente"
        assert payload["question"] == "Moet ik melden of eerst zelf hulp organiseren?"
        assert payload["professional"]["anonymous"] is False
        assert payload["professional"]["callback_phone"] == "053-1234567"
        assert payload["professional"]["profession"] == "verpleegkundige"

    def test_the_advies_region_comes_from_the_melding_details(self, demo: dict[str, Case]) -> None:
        payload = json.loads(run("MW-DEMO-1", "--type", "advies")[0])
        assert payload["region"] == "utrecht"
        assert payload["professional"]["organisation"] == "Huisartsenpraktijk De Linde"

    def test_a_question_naming_someone_of_the_melding_is_refused(
        self, demo: dict[str, Case]
    ) -> None:
        AdviesPrep.objects.create(
            case=demo["MW-DEMO-1"],
            region=Region.objects.get(code="utrecht"),
            question="Wat moet ik doen voor lotte?",
            anonymous=True,
        )
        with pytest.raises(CommandError, match="may identify"):
            run("MW-DEMO-1", "--type", "advies")

    def test_the_id_is_stable_per_reference_and_type(self, demo: dict[str, Case]) -> None:
        first = json.loads(run("MW-DEMO-1", "--type", "melding")[0])
        again = json.loads(run("MW-DEMO-1", "--type", "melding")[0])
        advies = json.loads(run("MW-DEMO-1", "--type", "advies")[0])
        other = json.loads(run("MW-DEMO-2", "--type", "advies")[0])
        assert first["id"] == again["id"]
        assert len({first["id"], advies["id"], other["id"]}) == 3
        first.pop("created_at")
        again.pop("created_at")
        assert first == again
        assert uuid.UUID(first["id"]).version == 5

    def test_a_demo_case_is_not_audited(self, demo: dict[str, Case]) -> None:
        before = AuditEntry.objects.count()
        run("MW-DEMO-1", "--type", "melding")
        assert AuditEntry.objects.count() == before

    @pytest.mark.parametrize("reference", ["MW-DEMO-2", "MW-DEMO-3"])
    def test_an_undecided_case_has_no_melding(self, demo: dict[str, Case], reference: str) -> None:
        with pytest.raises(CommandError, match="not decided to melden"):
            run(reference, "--type", "melding")

    def test_a_decided_case_without_details_says_so(self, demo: dict[str, Case]) -> None:
        MeldingDetails.objects.filter(case=demo["MW-DEMO-1"]).delete()
        with pytest.raises(CommandError, match="this case has no melding details yet"):
            run("MW-DEMO-1", "--type", "melding")

    def test_invalid_details_are_listed_without_their_values(self, demo: dict[str, Case]) -> None:
        data = json.loads(json.dumps(DETAILS))
        data["persons"][0]["phone"] = "99999"
        MeldingDetails.objects.filter(case=demo["MW-DEMO-1"]).update(data=data)
        with pytest.raises(CommandError, match=r"\$\.persons\[0\]\.phone") as refused:
            run("MW-DEMO-1", "--type", "melding")
        assert "99999" not in str(refused.value)

    def test_an_unknown_reference(self, db: None) -> None:
        with pytest.raises(CommandError, match="No case with reference MW-NONE"):
            run("MW-NONE", "--type", "advies")

    def test_the_type_is_required(self, demo: dict[str, Case]) -> None:
        with pytest.raises(CommandError):
            run("MW-DEMO-1")


class TestRealCases:
    @pytest.mark.parametrize("kind", ["advies", "melding"])
    def test_refused_without_the_operator_flag(self, real_case: Case, kind: str) -> None:
        out = io.StringIO()
        with pytest.raises(CommandError, match="--operator-confirmed"):
            call_command("vt_payload", real_case.reference, "--type", kind, stdout=out)
        assert out.getvalue() == ""
        assert not AuditEntry.objects.filter(action="vt_payload_exported").exists()

    def test_the_flag_alone_is_not_enough(self, real_case: Case, operator: User) -> None:
        with pytest.raises(CommandError, match="--operator"):
            run(real_case.reference, "--type", "melding", "--operator-confirmed")
        with pytest.raises(CommandError, match="--operator-confirmed"):
            run(real_case.reference, "--type", "melding", "--operator", operator.email)

    def test_the_operator_must_be_an_active_staff_account(
        self, real_case: Case, make_user: Callable[..., User]
    ) -> None:
        clinician = make_user(email="arts@example.org")
        gone = make_user(email="oud@example.org", roles=(), is_staff=True)
        User.objects.filter(pk=gone.pk).update(is_active=False)
        for email in (clinician.email, gone.email, "nobody@example.org"):
            with pytest.raises(CommandError, match="No active staff account"):
                run(
                    real_case.reference,
                    "--type",
                    "melding",
                    "--operator-confirmed",
                    "--operator",
                    email,
                )
        assert not AuditEntry.objects.filter(action="vt_payload_exported").exists()

    @pytest.mark.parametrize("kind", ["advies", "melding"])
    def test_printed_and_audited_for_an_operator(
        self, real_case: Case, operator: User, kind: str
    ) -> None:
        args = ("--type", kind, "--operator-confirmed", "--operator", "Beheer@Example.org")
        out, _err = run(real_case.reference, *args)
        payload = json.loads(out)
        assert errors_of(payload) == []
        assert payload["type"] == kind
        assert uuid.UUID(payload["id"]).version == 4
        assert json.loads(run(real_case.reference, *args)[0])["id"] != payload["id"]
        entries = list(AuditEntry.objects.filter(action="vt_payload_exported"))
        assert len(entries) == 2
        entry = entries[0]
        assert entry.actor_id == operator.pk
        assert entry.target == f"case:{real_case.pk}"
        assert entry.data == {"type": kind}
        # No content of the case in the audit trail.
        assert real_case.reference not in json.dumps(entry.data)

    def test_a_superuser_may_export(self, real_case: Case, make_user: Callable[..., User]) -> None:
        admin = make_user(email="root@example.org", roles=())
        User.objects.filter(pk=admin.pk).update(is_superuser=True)
        out, _err = run(
            real_case.reference,
            "--type",
            "melding",
            "--operator-confirmed",
            "--operator",
            admin.email,
        )
        assert errors_of(json.loads(out)) == []
        assert AuditEntry.objects.get(action="vt_payload_exported").actor_id == admin.pk
