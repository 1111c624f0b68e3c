"""The three fictional demo cases of the design (§4.4), in different states.

Each is written through the same forms and services as a clinician's work,
so the demo data has its drafts, record, timeline and audit entries like any
case. Running ``demo`` again leaves existing demo cases as they are.
"""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from meldcode.accounts.models import User

from .forms import STEP_FORMS
from .models import Case
from .selectors import case_catalogue
from .services import case_acute_exit, case_create, case_finish, case_step_save

Raw = Mapping[str, str | list[str]]


def _day(days_ago: int) -> str:
    """Return the ISO date ``days_ago`` days before today."""
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def _rows(prefix: str, rows: list[dict[str, str]]) -> dict[str, str]:
    """Return formset data for ``rows`` under ``prefix``."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def demo_step_save(*, user: User, case: Case, step: str, answers: Raw) -> Case:
    """Save one step as if the clinician typed ``answers`` into its form."""
    raw = MultiValueDict({k: list(v) if isinstance(v, list) else [v] for k, v in answers.items()})
    form = STEP_FORMS[step](data=raw, case=case, catalogue=case_catalogue(case))
    if not form.is_valid():
        raise ValueError(f"Demo data for {case.reference} step {step} is invalid: {form.errors}")
    return case_step_save(
        user=user,
        case=case,
        expected_revision=case.revision,
        step=step,
        raw=dict(raw.lists()),
        cleaned=form.record(),
    )


def _demo_1(user: User) -> None:
    """Build case 1: a minor exploited sexually by a pooierboy; decided, melding made (KNMG)."""
    year = timezone.localdate().year
    case = case_create(
        user=user,
        track="knmg",
        minor=True,
        initials="L.",
        birth_year=year - 16,
        reference="MW-DEMO-1",
    )
    case = demo_step_save(
        user=user,
        case=case,
        step="signalen",
        answers={
            "signals": [
                "minor_older_boyfriend_with_gifts",
                "minor_new_expensive_clothes_or_phones",
                "minor_stays_out_at_night",
                "minor_sexual_contacts_for_money_or_goods",
                "minor_truancy_or_school_absence",
                "repeated_stis",
                "emotional_dependency_on_recruiter",
            ],
            "domestic": "on",
            **_rows(
                "observations",
                [
                    {
                        "what": (
                            "Tweede soa binnen vier maanden; noemt "
                            "een 'vriend' van 22 die alles betaalt."
                        ),
                        "when": _day(21),
                        "where": "spreekuur",
                        "kind": "feit",
                        "source": "patient",
                    },
                    {
                        "what": (
                            "Volgens de mentor vaak afwezig en "
                            "opgehaald door oudere jongens in een auto."
                        ),
                        "when": _day(19),
                        "where": "telefonisch",
                        "kind": "feit",
                        "source": "derde",
                        "role": "mentor op school",
                    },
                    {
                        "what": "Vermoedelijk een pooierboy die haar afhankelijk maakt.",
                        "kind": "interpretatie",
                        "source": "eigen",
                    },
                ],
            ),
            "companion": "nee",
            "language": "Nederlands",
            "interpreter_needed": "nee",
        },
    )
    case = demo_step_save(
        user=user,
        case=case,
        step="consultatie",
        answers={
            **_rows(
                "colleagues",
                [
                    {
                        "role": "collega-huisarts (aandachtsfunctionaris)",
                        "date": _day(18),
                        "advice": (
                            "Signalen passen bij seksuele uitbuiting; Veilig Thuis raadplegen."
                        ),
                        "anonymous": "on",
                    },
                ],
            ),
            "vt_date": _day(17),
            "vt_adviser": "aandachtsfunctionaris mensenhandel",
            "vt_advice": "Melden; er is sprake van structurele onveiligheid van een minderjarige.",
        },
    )
    case = demo_step_save(
        user=user,
        case=case,
        step="gesprek",
        answers={
            "status": "gevoerd",
            "date": _day(14),
            "seen_alone": "ja",
            "interpreter": "geen",
            "confidentiality_explained": "on",
            "safety_info": "0800-2000, 112, en hoe zij mij veilig kan bereiken.",
            "discussed": "Mijn zorgen over de 'vriend', het geld en de soa's.",
            "reaction": "Schrok, ontkende eerst, wil niet dat haar moeder het weet.",
            "child_alone": "on",
            "parents": "nee",
        },
    )
    case = demo_step_save(
        user=user,
        case=case,
        step="wegen",
        answers={
            "acute_items": ["mensenhandel", "seksuele_uitbuiting"],
            "structural_items": ["herhaald", "afhankelijk"],
            "weighing": (
                "Structurele onveiligheid: herhaalde seksuele uitbuiting van een 16-jarige."
            ),
        },
    )
    case = demo_step_save(
        user=user,
        case=case,
        step="beslissen",
        answers={
            "q1": "ja",
            "q2": "ja",
            "reasons": "Vermoeden van seksuele uitbuiting van een minderjarige; structurele "
            "onveiligheid. Melden bij Veilig Thuis; afwegingen 3-5 samen met Veilig Thuis.",
            "informed": "ja",
            "informed_who": "de patiënte",
            "informed_reaction": "Boos, maar begreep waarom.",
            "informed_objections": "Wil niet dat haar moeder het hoort.",
            "melding_date": _day(12),
            "agreements": "Veilig Thuis belt terug na de veiligheidsbeoordeling; vervolgafspraak "
            "over twee weken.",
        },
    )
    case_finish(user=user, case=case, expected_revision=case.revision)


def _demo_2(user: User) -> None:
    """Build case 2: a seasonal worker with a work injury and a confiscated passport (acute)."""
    year = timezone.localdate().year
    case = case_create(
        user=user,
        track="knmg",
        minor=False,
        initials="M.K.",
        birth_year=year - 34,
        reference="MW-DEMO-2",
    )
    case = demo_step_save(
        user=user,
        case=case,
        step="signalen",
        answers={
            "signals": [
                "work_injury_without_protection",
                "pressure_to_return_to_work_at_once",
                "no_access_to_own_id",
                "debt_to_employer",
                "lives_at_workplace",
                "companion_acts_as_interpreter",
                "locked_in_or_not_allowed_to_leave",
                "deceived_about_pay_or_conditions",
            ],
            "shelter": "on",
            **_rows(
                "observations",
                [
                    {
                        "what": (
                            "Diepe snijwond aan de hand, "
                            "drie dagen oud, zonder handschoenen opgelopen."
                        ),
                        "when": _day(1),
                        "where": "spreekuur",
                        "kind": "feit",
                        "source": "eigen",
                    },
                    {
                        "what": (
                            "De voorman houdt zijn paspoort 'in "
                            "bewaring' en wil dat hij morgen werkt."
                        ),
                        "when": _day(1),
                        "where": "spreekuur",
                        "kind": "feit",
                        "source": "patient",
                    },
                ],
            ),
            "children_count": "2",
            "children_ages": "4, 9",
            "cares_alone": "nee",
            "network": "Vrouw en kinderen in Polen; hier alleen collega's van hetzelfde bureau.",
            "dependent_adult": "nee",
            "companion": "ja",
            "language": "Pools",
            "interpreter_needed": "ja",
        },
    )
    case_acute_exit(
        user=user,
        case=case,
        expected_revision=case.revision,
        kind="acute_onveiligheid",
        reason="Mag het terrein niet af en moet morgen terug aan het werk; vandaag telefonisch "
        "gemeld bij Veilig Thuis.",
    )


def _demo_3(user: User) -> None:
    """Build case 3: a young adult in criminal exploitation, in progress (V&VN)."""
    year = timezone.localdate().year
    case = case_create(
        user=user,
        track="vvn",
        minor=False,
        initials="D.",
        birth_year=year - 19,
        reference="MW-DEMO-3",
    )
    case = demo_step_save(
        user=user,
        case=case,
        step="signalen",
        answers={
            "signals": [
                "forced_into_criminal_activities",
                "debt_to_employer",
                "threatened_with_violence",
                "fear_anxiety_or_hypervigilance",
                "anxious_about_phone_or_many_calls",
                "emotional_dependency_on_recruiter",
            ],
            **_rows(
                "observations",
                [
                    {
                        "what": (
                            "Vertelt dat hij pakketjes moet rondbrengen "
                            "om een 'schuld' af te lossen."
                        ),
                        "when": _day(3),
                        "where": "huisbezoek",
                        "kind": "feit",
                        "source": "patient",
                    },
                ],
            ),
            "children_count": "0",
            "language": "Nederlands",
            "interpreter_needed": "nee",
            "companion": "nee",
        },
    )
    demo_step_save(
        user=user,
        case=case,
        step="consultatie",
        answers={
            **_rows(
                "colleagues",
                [
                    {
                        "role": "aandachtsfunctionaris van het wijkteam",
                        "date": _day(2),
                        "advice": "Gesprek voeren en Veilig Thuis om advies vragen.",
                    },
                ],
            ),
        },
    )


DEMO_CASES = (("MW-DEMO-1", _demo_1, 0), ("MW-DEMO-2", _demo_2, 0), ("MW-DEMO-3", _demo_3, 1))


@transaction.atomic
def demo_cases_ensure(*, owners: list[User]) -> list[str]:
    """Create the demo cases that do not exist yet; return the references created.

    ``owners`` are the huisarts (cases 1 and 2) and the verpleegkundige (case 3).
    """
    created = []
    for reference, build, owner_index in DEMO_CASES:
        if Case.objects.filter(reference=reference).exists():
            continue
        build(owners[owner_index])
        created.append(reference)
    return created


def demo_case_summaries() -> list[dict[str, Any]]:
    """Return one line per demo case for the demo command's output."""
    return [
        {"reference": c.reference, "owner": c.owner.email, "decision": c.decision or "-"}
        for c in Case.objects.filter(reference__startswith="MW-DEMO-")
        .select_related("owner")
        .order_by("reference")
    ]
