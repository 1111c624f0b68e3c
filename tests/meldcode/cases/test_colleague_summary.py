"""The summary for collegial consultation: what matters, and nothing that identifies."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meldcode.accounts.models import Profession, User
from meldcode.cases.demo import demo_cases_ensure
from meldcode.cases.models import Case
from meldcode.cases.presentation import QUESTION_NAMES
from meldcode.cases.record.colleague import ColleagueSummary, colleague_summary
from meldcode.deidentify import ALLOWED, Kind, contains_identifiers
from signals.catalogue import load

SIGNALS = ["no_access_to_own_id", "debt_to_employer", "has_own_id_and_bank_card"]
IDENTIFYING: tuple[Kind, ...] = ("date", "number", "email")


def full_record(text: Callable[[str], str]) -> dict[str, Any]:
    """Return a record with every step filled; ``text(field)`` gives each free-text answer."""
    return {
        "signalen": {
            "signals": SIGNALS,
            "observations": [
                {
                    "what": text("what"),
                    "when": "2026-03-02",
                    "where": text("where"),
                    "kind": "feit",
                    "source": "derde",
                    "role": text("role"),
                },
                {
                    "what": text("what2"),
                    "when": "2026-03-02",
                    "where": "",
                    "kind": "interpretatie",
                    "source": "eigen",
                    "role": "",
                },
            ],
            "domestic": True,
            "children_count": 2,
            "children_ages": [4, 9],
            "network": text("network"),
            "dependent_adult": "ja",
            "dependent_details": text("dependent_details"),
            "language": text("language"),
            "interpreter_needed": "ja",
        },
        "consultatie": {
            "colleagues": [
                {
                    "role": text("colleague_role"),
                    "date": "2026-03-03",
                    "advice": text("advice"),
                    "anonymous": True,
                }
            ],
            "vt_date": "2026-03-04",
            "vt_adviser": text("vt_adviser"),
            "vt_advice": text("vt_advice"),
            "injury_expert": text("injury_expert"),
            "injury_outcome": text("injury_outcome"),
            "csg_notes": text("csg_notes"),
        },
        "gesprek": {
            "status": "gevoerd",
            "date": "2026-03-05",
            "interpreter": "professioneel_telefoon",
            "interpreter_language": text("interpreter_language"),
            "safety_info": text("safety_info"),
            "discussed": text("discussed"),
            "reaction": text("reaction"),
        },
        "wegen": {
            "acute_items": ["mensenhandel"],
            "structural_items": ["afhankelijk"],
            "weighing": text("weighing"),
        },
        "beslissen": {
            "q1": True,
            "q2": True,
            "reasons": text("reasons"),
            "help_what": text("help_what"),
            "help_by": text("help_by"),
            "informed": "ja",
            "informed_who": text("informed_who"),
            "informed_reaction": text("informed_reaction"),
            "informed_objections": text("informed_objections"),
            "exception_reason": text("exception_reason"),
            "melding_date": "2026-03-06",
            "agreements": text("agreements"),
            "disclosure": "politie",
            "disclosure_basis": "geen",
            **{f"cvp_{n}": text(f"cvp_{n}") for n in range(1, 6)},
        },
        "acuut": {
            "kind": "acute_onveiligheid",
            "reason": text("acute_reason"),
            "skipped": [],
            "at": "2026-03-06T10:00:00+00:00",
        },
    }


def case_with(record: dict[str, Any], **fields: Any) -> Case:
    """Return an unsaved case: the summary needs no database."""
    defaults: dict[str, Any] = {"reference": "MW-TEST-0001", "track": "knmg", "minor": False}
    return Case(**{**defaults, **fields}, record=record)


def summary(case: Case, language: str = "en") -> ColleagueSummary:
    return colleague_summary(case, language=language)


def test_the_summary_says_what_matters() -> None:
    case = case_with(
        full_record(lambda field: "vrije tekst"), birth_year=timezone.localdate().year - 34
    )
    result = summary(case)
    text = result.text
    catalogue = load()
    for code in ("no_access_to_own_id", "debt_to_employer"):
        assert catalogue.by_code[code].label.en in text
    assert f"Counter-signals: {catalogue.by_code['has_own_id_and_bank_card'].label.en}" in text
    assert "Signal profile (tool output, not a diagnosis): " in text
    assert "Patient: an adult" in text
    assert "Age in years, about: 34" in text
    assert "Minor children in the household (kindcheck): 2" in text
    assert "Afwegingsvraag 1, Vermoeden: yes" in text
    assert "Afwegingsvraag 2, Acute of structurele onveiligheid: yes" in text
    assert "Decision so far: Melden: report to Veilig Thuis" in text
    assert "Acute path: yes" in text
    assert "Steps complete: " in text
    assert "vrije tekst" not in text
    assert result.withheld == 0
    assert not contains_identifiers(text, kinds=IDENTIFYING)


def test_a_minor_has_no_kindcheck_and_a_very_old_patient_an_age_group() -> None:
    minor = summary(case_with({}, minor=True, birth_year=timezone.localdate().year - 15)).text
    assert "Patient: a minor" in minor
    assert "kindcheck" not in minor
    assert "Signals: none chosen yet" in minor
    old = summary(case_with({}, birth_year=timezone.localdate().year - 97)).text
    assert "Age in years, about: 90 or older" in old
    assert "97" not in old


def test_the_summary_follows_the_language() -> None:
    case = case_with(full_record(lambda field: "x"))
    dutch = summary(case, "nl").text
    assert load().by_code["debt_to_employer"].label.nl in dutch
    with translation.override("nl"):
        assert f": {translation.gettext('yes')}" in dutch


def test_a_line_that_would_name_the_patient_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # Should a fixed word ever hold the patient's initials, the line does not go out.
    names = dict(QUESTION_NAMES)
    names[1] = "Vermoeden van A.B."
    monkeypatch.setattr("meldcode.cases.record.colleague.QUESTION_NAMES", names)
    case = case_with({"beslissen": {"q1": True}}, initials="A.B.")
    result = summary(case)
    assert result.withheld == 1
    assert "A.B." not in result.text
    assert "One line was left out: it might identify the patient." in result.lines


@pytest.mark.django_db
@pytest.mark.parametrize("reference", ["MW-DEMO-1", "MW-DEMO-2", "MW-DEMO-3"])
def test_a_demo_case_gives_its_signals_and_decision_but_no_initials_or_reference(
    clinician: User, make_user: Callable[..., User], reference: str
) -> None:
    demo_cases_ensure(owners=[clinician, make_user(profession=Profession.VERPLEEGKUNDIGE)])
    case = Case.objects.get(reference=reference)
    result = summary(case)
    catalogue = load()
    for code in case.record["signalen"]["signals"]:
        assert catalogue.by_code[code].label.en in result.text
    assert "Decision so far: " in result.text
    assert reference not in result.text
    assert case.initials not in result.text
    assert result.withheld == 0
    assert not contains_identifiers(result.text, kinds=IDENTIFYING)
    for observation in case.record["signalen"]["observations"]:
        assert observation["what"] not in result.text


# Hypothesis: names, dates of birth and numbers in every free-text field never reach it.

ALLOWED_WORDS = {a.casefold() for a in ALLOWED}
MONTHS = ["januari", "maart", "mei", "juli", "oktober", "december"]
names = st.from_regex(r"[A-Z][bcdfghjklmnpqrstvwxz][aeiouy][a-z]{2,8}", fullmatch=True).filter(
    lambda n: n.casefold() not in ALLOWED_WORDS
)


@st.composite
def birth_dates(draw: st.DrawFn) -> str:
    d = draw(st.dates(min_value=date(1920, 1, 1), max_value=date(2025, 12, 31)))
    return draw(
        st.sampled_from(
            [
                f"{d:%d-%m-%Y}",
                f"{d.day}/{d.month}/{d:%y}",
                d.isoformat(),
                f"{d.day} {MONTHS[d.month % len(MONTHS)]} {d.year}",
            ]
        )
    )


numbers = st.one_of(
    st.from_regex(r"[0-9]{9}", fullmatch=True),
    st.from_regex(r"06-[0-9]{8}", fullmatch=True),
    st.from_regex(r"[1-9][0-9]{3} [A-Z]{2}", fullmatch=True),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=names,
    surname=names,
    born=birth_dates(),
    number=numbers,
    language=st.sampled_from(["nl", "en"]),
    minor=st.booleans(),
)
def test_identifiers_in_free_text_never_reach_the_summary(
    name: str, surname: str, born: str, number: str, language: str, minor: bool
) -> None:
    identifiers = (name, surname, born, number)

    def identifying(field: str) -> str:
        return f"{field}: {name} {surname}, geboren {born}, bereikbaar op {number}; {surname}."

    initials = f"{name[0]}.{surname[0]}."
    case = case_with(full_record(identifying), initials=initials, minor=minor)
    text = summary(case, language).text
    # The summary does not depend on the free text at all.
    neutral = case_with(full_record(lambda field: "tekst"), initials="", minor=minor)
    assert text == summary(neutral, language).text
    for identifier in identifiers:
        assert identifier.casefold() not in text.casefold()
    assert initials not in text
    assert not contains_identifiers(text, kinds=IDENTIFYING)
