"""SOEP entries for the HIS: dated per contact, each fact in its line, neutral titles."""

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from meldcode.accounts.models import Profession, User
from meldcode.cases.demo import demo_cases_ensure
from meldcode.cases.models import Case, Status
from meldcode.cases.presentation import QUESTION_NAMES
from meldcode.cases.record.soep import SoepEntry, soep_entries, soep_text

DEMO = ("MW-DEMO-1", "MW-DEMO-2", "MW-DEMO-3")
# Words an episode title must never hold: portals show titles to whoever holds the phone.
TELLING = re.compile(
    r"mensenhandel|trafficking|uitbuiting|exploitation|veilig thuis|melding|meldcode|"
    r"geweld|violence|abuse|mishandeling",
    re.IGNORECASE,
)
# The free-text items of step 5 that the record must carry (KNMG-meldcode, "Step 5 records").
STEP_5_TEXTS = (
    "reasons",
    "informed_who",
    "informed_reaction",
    "informed_objections",
    "exception_reason",
    "agreements",
    "help_what",
    "help_by",
)
STEP_5_DATES = ("melding_date", "help_until", "help_evaluation")


def one_line(value: str) -> str:
    return " ".join(value.split())


def dmy(value: str) -> str:
    return f"{date.fromisoformat(value):%d-%m-%Y}"


def case_with(record: dict[str, Any], **fields: Any) -> Case:
    """Return an unsaved case with ``record``: the SOEP needs no database for it."""
    defaults: dict[str, Any] = {"reference": "MW-TEST-0001", "track": "knmg", "minor": False}
    case = Case(**{**defaults, **fields}, record=record)
    case.created_at = fields.get("created_at") or datetime(2026, 3, 1, 9, tzinfo=UTC)
    return case


def assert_well_formed(entries: list[SoepEntry]) -> None:
    """Check the shape every SOEP export must have."""
    assert entries
    dates = [e.date for e in entries]
    assert dates == sorted(set(dates)), "one entry per date, in date order"
    for entry in entries:
        assert not TELLING.search(entry.title), entry.title
        assert entry.lines
        letters = [line[:3] for line in entry.lines]
        assert all(letter in ("S: ", "O: ", "E: ", "P: ") for letter in letters), entry.lines
        order = "SOEP"
        assert [order.index(x[0]) for x in letters] == sorted(order.index(x[0]) for x in letters)
    text = soep_text(entries)
    for block, entry in zip(text.split("\n\n"), entries, strict=True):
        head, *lines = block.split("\n")
        assert head == f"{entry.date:%d-%m-%Y} {entry.title}"
        assert tuple(lines) == entry.lines


@pytest.fixture
def demo(clinician: User, make_user: Callable[..., User]) -> dict[str, Case]:
    """Return the three demo cases by reference."""
    nurse = make_user(profession=Profession.VERPLEEGKUNDIGE)
    demo_cases_ensure(owners=[clinician, nurse])
    return {c.reference: c for c in Case.objects.filter(reference__in=DEMO)}


@pytest.mark.django_db
@pytest.mark.parametrize("reference", DEMO)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_demo_case_gives_dated_entries_in_order_with_neutral_titles(
    demo: dict[str, Case], reference: str, language: str
) -> None:
    case = demo[reference]
    entries = soep_entries(case, language=language)
    assert_well_formed(entries)
    assert len(entries) > 1, "dated entries per contact, not one block"
    text = soep_text(entries)
    with translation.override(language):
        tool = translation.gettext("tool output, not a diagnosis")
    profile_lines = [line for e in entries for line in e.lines if tool in line]
    assert len(profile_lines) == 1
    assert profile_lines[0].startswith("E: ")
    # Every observation is there, on its own date.
    for row in case.record["signalen"]["observations"]:
        assert one_line(row["what"]) in text
        if row.get("when"):
            entry = next(e for e in entries if e.date == date.fromisoformat(row["when"]))
            assert any(one_line(row["what"]) in line for line in entry.lines)


@pytest.mark.django_db
@pytest.mark.parametrize("reference", DEMO)
def test_the_soep_of_each_demo_case_holds_every_step_5_record_item_it_has(
    demo: dict[str, Case], reference: str
) -> None:
    case = demo[reference]
    text = soep_text(soep_entries(case, language="nl"))
    beslissen = case.record.get("beslissen", {})
    for n in range(1, 6):
        if isinstance(beslissen.get(f"q{n}"), bool):
            assert f"Afwegingsvraag {n}, {QUESTION_NAMES[n]}: " in text
    for name in STEP_5_TEXTS:
        if beslissen.get(name):
            assert one_line(beslissen[name]) in text, name
    for name in STEP_5_DATES:
        if beslissen.get(name):
            assert dmy(beslissen[name]) in text, name
    if beslissen:
        with translation.override("nl"):
            assert translation.gettext("Decision: %(decision)s").split(":")[0] in text


@pytest.mark.django_db
def test_the_melding_demo_case_records_the_decision_who_was_told_and_the_agreements(
    demo: dict[str, Case],
) -> None:
    case = demo["MW-DEMO-1"]
    entries = soep_entries(case, language="en")
    beslissen = case.record["beslissen"]
    melding = next(e for e in entries if e.date == date.fromisoformat(beslissen["melding_date"]))
    lines = "\n".join(melding.lines)
    assert "E: Afwegingsvraag 1, Vermoeden: yes" in lines
    assert "E: Afwegingsvraag 2, Acute of structurele onveiligheid: yes" in lines
    assert "E: Decision: Melden: report to Veilig Thuis" in lines
    assert f"E: Reasons: {one_line(beslissen['reasons'])}" in lines
    assert f"P: Told about the melding: {beslissen['informed_who']}." in lines
    assert f"P: Their reaction: {beslissen['informed_reaction']}" in lines
    assert beslissen["informed_objections"] in lines
    assert f"P: Follow-up agreements: {one_line(beslissen['agreements'])}" in lines
    # The consultations of step 2, each on its own date, in P.
    consultatie = case.record["consultatie"]
    advies = next(e for e in entries if e.date == date.fromisoformat(consultatie["vt_date"]))
    assert advies.lines == (
        f"P: Veilig Thuis advies: {dmy(consultatie['vt_date'])}; "
        f"adviser: {consultatie['vt_adviser']}. Advice: {consultatie['vt_advice']}",
    )
    colleague = consultatie["colleagues"][0]
    consulted = next(e for e in entries if e.date == date.fromisoformat(colleague["date"]))
    assert consulted.lines == (
        f"P: Collegial consultation: {colleague['role']}; {dmy(colleague['date'])}; "
        f"without patient data. Advice: {colleague['advice']}",
    )


@pytest.mark.django_db
def test_a_third_party_observation_shows_the_role_in_s(demo: dict[str, Case]) -> None:
    case = demo["MW-DEMO-1"]
    third = next(o for o in case.record["signalen"]["observations"] if o["source"] == "derde")
    entries = soep_entries(case, language="en")
    entry = next(e for e in entries if e.date == date.fromisoformat(third["when"]))
    assert entry.lines == (
        f"S: Information from a third party ({third['role']}): {third['what']} "
        f"(where: {third['where']})",
    )


@pytest.mark.django_db
def test_the_acute_demo_case_records_the_exit_and_the_language(demo: dict[str, Case]) -> None:
    case = demo["MW-DEMO-2"]
    entries = soep_entries(case, language="en")
    text = soep_text(entries)
    assert "S: Language: Pools; interpreter needed: yes" in text
    assert "S: Kindcheck: 2 minor children in the household; ages: 4, 9" in text
    assert "O: Diepe snijwond aan de hand" in text
    assert "O: Signals, physical and medical: " in text
    acute = case.record["acuut"]
    exit_entry = entries[-1]
    assert exit_entry.date == timezone.localdate(datetime.fromisoformat(acute["at"]))
    assert exit_entry.lines[0].startswith("P: Acute exit: ")
    assert one_line(acute["reason"]) in exit_entry.lines[1]


@pytest.mark.django_db
def test_case_export_writes_the_same_text(demo: dict[str, Case], tmp_path: Path) -> None:
    output = tmp_path / "soep.txt"
    call_command("case_export", "MW-DEMO-1", "--format", "soep", "--output", str(output))
    expected = soep_text(soep_entries(demo["MW-DEMO-1"], language="nl"))
    assert output.read_text(encoding="utf-8") == expected
    for line in expected.splitlines():
        assert not line or re.match(r"(\d\d-\d\d-\d{4} |[SOEP]: )", line), line


HELP_CASE = {
    "signalen": {
        "signals": ["debt_to_employer", "has_own_id_and_bank_card"],
        "observations": [
            {
                "what": "Zegt dat de baas het loon inhoudt.",
                "when": "2026-03-02",
                "where": "spreekuur",
                "kind": "feit",
                "source": "patient",
            },
            {
                "what": "Zweetplekken en blauwe plekken op de armen.",
                "when": "2026-03-02",
                "where": "",
                "kind": "feit",
                "source": "eigen",
            },
            {
                "what": "Lijkt bang voor de werkgever.",
                "when": "",
                "where": "",
                "kind": "interpretatie",
                "source": "derde",
                "role": "buurvrouw",
            },
        ],
        "children_count": 0,
    },
    "consultatie": {
        "colleagues": [
            {
                "role": "praktijkondersteuner",
                "date": "2026-03-03",
                "advice": "Hulp via het wijkteam.",
            }
        ],
        "injury_expert": "forensisch arts GGD",
        "injury_date": "2026-03-04",
        "injury_outcome": "Letsel past bij slaan.",
    },
    "gesprek": {
        "status": "overgeslagen",
        "skip_ground": "geen_contact",
        "skip_explanation": "Neemt de telefoon niet op.",
        "next_attempt": "2026-03-20",
    },
    "wegen": {"weighing": "Geen acute onveiligheid; hulp lijkt mogelijk."},
    "beslissen": {
        "q1": True,
        "q2": False,
        "q3": True,
        "q4": True,
        "reasons": "Hulp is mogelijk en wordt aanvaard.",
        "help_what": "Schuldhulp en begeleiding",
        "help_by": "wijkteam",
        "help_until": "2026-06-01",
        "help_evaluation": "2026-06-15",
        "agreements": "Evaluatie op het spreekuur.",
        "disclosure": "politie",
        "disclosure_basis": "toestemming",
    },
}


def test_help_is_recorded_with_what_by_whom_the_period_and_the_evaluation() -> None:
    entries = soep_entries(case_with(HELP_CASE), language="en")
    assert_well_formed(entries)
    text = soep_text(entries)
    assert (
        "P: Help: Schuldhulp en begeleiding; by: wijkteam; agreed period until 01-06-2026; "
        "evaluation on 15-06-2026"
    ) in text
    assert "E: Afwegingsvraag 3, Hulp mogelijk: yes" in text
    assert "E: Afwegingsvraag 4, Hulp aanvaard: yes" in text
    assert "Hulp: give or organise help" in text
    assert "P: Follow-up agreements: Evaluatie op het spreekuur." in text
    assert "P: Disclosure to: The police. Basis: The patient consented." in text


def test_facts_go_to_their_letter_and_their_date() -> None:
    entries = {e.date: e for e in soep_entries(case_with(HELP_CASE), language="en")}
    first = entries[date(2026, 3, 2)]
    assert (
        "S: The patient says: Zegt dat de baas het loon inhoudt. (where: spreekuur)" in first.lines
    )
    assert "O: Zweetplekken en blauwe plekken op de armen." in first.lines
    # An undated interpretation goes with the first observation of its step, in E.
    assert "E: Interpretation of a third party (buurvrouw): Lijkt bang voor de werkgever." in (
        first.lines
    )
    assert any(line.startswith("E: Counter-signals: ") for line in first.lines)
    assert first.title == "Consultation"
    consulted = entries[date(2026, 3, 3)]
    assert consulted.lines == (
        "P: Collegial consultation: praktijkondersteuner; 03-03-2026. "
        "Advice: Hulp via het wijkteam.",
    )
    assert consulted.title == "Discussion"
    injury = entries[date(2026, 3, 4)]
    assert injury.lines[0] == "O: Outcome of the letselduiding: Letsel past bij slaan."
    assert "P: Letselduiding: forensisch arts GGD" in injury.lines
    # Steps without a date of their own follow the latest date before them: the skipped
    # conversation, the weighing and the decision (no melding date) join the letselduiding.
    assert "P: Next attempt at the conversation: 20-03-2026." in injury.lines
    assert (
        "E: Weighing of nature and seriousness: Geen acute onveiligheid; hulp lijkt mogelijk."
        in injury.lines
    )
    assert "E: Afwegingsvraag 1, Vermoeden: yes" in injury.lines
    assert injury.title == "Discussion"
    assert sorted(entries) == [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)]


def test_the_skipped_conversation_and_the_exception_to_open_melden_are_recorded() -> None:
    record = {
        "gesprek": {
            "status": "overgeslagen",
            "skip_ground": "risico_patient",
            "skip_explanation": "De partner leest alles mee.",
            "next_attempt": "2026-04-01",
        },
        "beslissen": {
            "q1": True,
            "q2": True,
            "reasons": "Acute onveiligheid.",
            "informed": "nee",
            "exception_ground": "veiligheid_patient",
            "exception_reason": "De partner zou het merken.",
            "informed_objections": "Niet bereikt: telefoon staat uit.",
            "melding_date": "2026-03-10",
        },
    }
    text = soep_text(soep_entries(case_with(record), language="en"))
    assert (
        "P: Conversation with the patient skipped: A serious risk to the patient or the "
        "household. De partner leest alles mee."
    ) in text
    assert "P: Next attempt at the conversation: 01-04-2026." in text
    assert (
        "P: Not told about the melding (exception to open melden): Telling would threaten the "
        "patient's or the household's safety. De partner zou het merken."
    ) in text
    assert "P: Their objections, or the attempts to reach them: Niet bereikt" in text
    assert "10-03-2026 Note" in text


def test_free_text_stays_on_its_line_and_the_interpreter_risk_is_noted() -> None:
    record = {
        "gesprek": {
            "status": "gevoerd",
            "date": "2026-03-05",
            "interpreter": "informeel",
            "interpreter_who": "begeleider",
            "interpreter_language": "Roemeens",
            "discussed": "Eerste regel.\nTweede regel.\n\nP: geen echte regel",
            "reaction": "Stil.",
        }
    }
    entries = soep_entries(case_with(record), language="en")
    assert_well_formed(entries)
    (entry,) = entries
    assert entry.title == "Consultation"
    assert "S: Discussed the concerns: Eerste regel. Tweede regel. P: geen echte regel" in (
        entry.lines
    )
    interpreter = next(line for line in entry.lines if "nterpreter" in line)
    assert "the companion" in interpreter
    assert "Roemeens" in interpreter
    assert interpreter.endswith("Note: the companion or a child interpreted.")


def test_an_empty_case_has_no_entries_and_undated_facts_take_the_opening_date() -> None:
    assert soep_entries(case_with({}), language="nl") == []
    opened = datetime(2026, 2, 10, 12, tzinfo=UTC)
    record = {"wegen": {"weighing": "Twijfel."}}
    (entry,) = soep_entries(case_with(record, created_at=opened), language="en")
    assert entry.date == date(2026, 2, 10)
    assert entry.lines == ("E: Weighing of nature and seriousness: Twijfel.",)
    assert entry.title == "Note"


def test_a_closed_case_records_why() -> None:
    case = case_with({"wegen": {"weighing": "Geen zorgen meer."}})
    case.status = Status.CLOSED
    case.closed_reason = "Het gesprek nam het vermoeden weg."
    text = soep_text(soep_entries(case, language="en"))
    assert "P: Meldcode closed: Het gesprek nam het vermoeden weg." in text
