"""The melding payload: built from the case's record and the identifying details, always valid.

The case records are made the way a clinician makes them, through the step
forms (kept in memory, not saved), so the generated records are the ones
the wizard can produce.
"""

import json
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import override_settings
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from meldcode.accounts.models import Profession, User
from meldcode.cases.forms import STEP_FORMS
from meldcode.cases.forms.wegen import ACUTE_ITEMS, STRUCTURAL_ITEMS
from meldcode.cases.models import Case
from meldcode.cases.selectors import case_catalogue
from meldcode.cases.steps import PHYSICIANS
from meldcode.veiligthuis.identity import BSN_WEIGHTS
from meldcode.veiligthuis.melding import InvalidMelding, melding_payload
from meldcode.veiligthuis.schema import schema
from signals.catalogue import load
from tests.meldcode.cases.factories import make_case, rows

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
TODAY = date(2026, 11, 24)
PAYLOAD_ID = uuid.UUID(int=42)
VALIDATOR = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def independent_errors(payload: dict[str, Any]) -> list[str]:
    """Validate with jsonschema itself, not with our own validate_payload."""
    return [error.message for error in VALIDATOR.iter_errors(payload)]


def record_of(case: Case, step: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the cleaned answers a step's form makes of ``data``, as the wizard saves them."""
    raw = MultiValueDict({k: list(v) if isinstance(v, list) else [v] for k, v in data.items()})
    form = STEP_FORMS[step](data=raw, case=case, catalogue=case_catalogue(case))
    assert form.is_valid(), (
        step,
        form.errors,
        [f.errors for fs in form.formsets.values() for f in fs.forms],
    )
    record: dict[str, Any] = form.record()
    return record


def with_record(
    case: Case, steps: Mapping[str, Mapping[str, Any]], acute: dict[str, Any] | None = None
) -> Case:
    """Give ``case`` (in memory) the record the step forms make of ``steps``."""
    case.record = {step: record_of(case, step, data) for step, data in steps.items()}
    if acute is not None:
        case.record["acuut"] = acute
    return case


# Turkish, with a dotless i (written as an escape: linters take it for an i).
AYSE = "Ayşe Y\u0131lmaz"
MELDER: dict[str, Any] = {
    "name": "Dr. Anouk de Vries",
    "profession": "huisarts",
    "organisation": "Huisartsenpraktijk de Linde",
    "phone": "030 123 4567",
    "email": "a.devries@praktijk.example",
    "reachable": "werkdagen 8-17 uur",
}
BETROKKENE: dict[str, Any] = {
    "name": "Zoë Çelik",
    "role": "betrokkene",
    "birth_date": "02-04-2010",
    "address": {"street": "Kerkstraat", "number": "12a", "postcode": "3512ab", "city": "Utrecht"},
    "phone": "+31 6 12345678",
}


def details(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "municipality": "Utrecht",
        "melder": dict(MELDER),
        "persons": [dict(BETROKKENE)],
        "informed": {"told": True},
    }
    data.update(overrides)
    return data


STEPS: dict[str, dict[str, Any]] = {
    "signalen": {
        "signals": ["no_access_to_own_id", "debt_to_employer", "works_excessive_hours"],
        **rows(
            "observations",
            [
                {
                    "what": "Paspoort bij de werkgever",
                    "when": "2026-11-01",
                    "where": "spreekuur",
                    "kind": "feit",
                    "source": "patient",
                },
                {"what": "Snijwond aan de hand", "kind": "feit", "source": "eigen"},
                {
                    "what": "Wordt 's nachts opgehaald",
                    "when": "2026-10-30",
                    "kind": "feit",
                    "source": "derde",
                    "role": "buurvrouw",
                },
                {
                    "what": "Vermoedelijk arbeidsuitbuiting",
                    "kind": "interpretatie",
                    "source": "eigen",
                },
                {
                    "what": "Hij wordt uitgebuit, denkt de buurvrouw",
                    "kind": "interpretatie",
                    "source": "derde",
                    "role": "buurvrouw",
                },
            ],
        ),
        "children_count": "1",
        "children_ages": "6",
        "language": "Pools",
        "interpreter_needed": "ja",
    },
    "consultatie": {
        **rows(
            "colleagues",
            [
                {
                    "role": "collega-huisarts",
                    "date": "2026-11-02",
                    "advice": "Veilig Thuis bellen",
                    "anonymous": "on",
                }
            ],
        ),
        "vt_date": "2026-11-03",
        "vt_adviser": "aandachtsfunctionaris",
        "vt_advice": "Gesprek voeren en daarna melden",
        "injury_expert": "forensisch arts GGD",
        "injury_date": "2026-11-03",
        "injury_outcome": "Letsel past niet bij het verhaal",
    },
    "gesprek": {
        "status": "gevoerd",
        "date": "2026-11-04",
        "interpreter": "professioneel_telefoon",
        "interpreter_language": "Pools",
        "discussed": "Mijn zorgen over het werk",
        "reaction": "Opgelucht",
    },
    "wegen": {"acute_items": ["mensenhandel"], "weighing": "Structurele onveiligheid."},
    "beslissen": {
        "q1": "ja",
        "q2": "ja",
        "reasons": "Mensenhandel; structurele onveiligheid.",
        "informed": "ja",
        "informed_who": "de patiënt",
        "melding_date": "2026-11-05",
    },
}


@pytest.fixture
def clinician_user(make_user: Callable[..., User]) -> User:
    return make_user(profession=Profession.HUISARTS)


@pytest.fixture
def case(clinician_user: User) -> Case:
    return with_record(make_case(clinician_user, track="knmg"), STEPS)


def build(case: Case, data: Mapping[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {"region": "utrecht", "payload_id": PAYLOAD_ID, "now": NOW}
    arguments.update(kwargs)
    return melding_payload(case, details() if data is None else data, **arguments)


class TestTheMelding:
    def test_is_valid_and_complete(self, case: Case) -> None:
        payload = build(case)
        assert independent_errors(payload) == []
        assert payload["type"] == "melding"
        assert payload["id"] == str(PAYLOAD_ID)
        assert payload["created_at"] == "2026-11-24T10:30:00Z"
        assert payload["region"] == "utrecht"
        assert payload["melder"]["phone"] == "030-1234567"
        assert payload["persons"] == [
            {
                "name": "Zoë Çelik",
                "role": "betrokkene",
                "birth_date": "2010-04-02",
                "address": {
                    "street": "Kerkstraat",
                    "number": "12a",
                    "postcode": "3512 AB",
                    "city": "Utrecht",
                },
                "phone": "06-12345678",
            }
        ]
        assert "municipality" not in json.dumps(payload)

    def test_facts_and_interpretations_land_apart_with_their_sources(self, case: Case) -> None:
        payload = build(case)
        assert payload["facts"] == [
            {
                "text": "Paspoort bij de werkgever (waar: spreekuur)",
                "source": "patient",
                "date": "2026-11-01",
            },
            {"text": "Snijwond aan de hand", "source": "eigen"},
            {
                "text": "Wordt 's nachts opgehaald",
                "source": "derde",
                "source_role": "buurvrouw",
                "date": "2026-10-30",
            },
            {
                "text": "Uitkomst van de letselduiding: Letsel past niet bij het verhaal",
                "source": "derde",
                "source_role": "letselduiding",
                "date": "2026-11-03",
            },
        ]
        assert payload["interpretations"] == [
            {"text": "Vermoedelijk arbeidsuitbuiting", "source": "eigen"},
            {
                "text": "Hij wordt uitgebuit, denkt de buurvrouw",
                "source": "derde",
                "source_role": "buurvrouw",
            },
            {"text": "Weging van aard en ernst: Structurele onveiligheid.", "source": "eigen"},
            {
                "text": "Redenen voor de beslissing: Mensenhandel; structurele onveiligheid.",
                "source": "eigen",
            },
        ]

    def test_the_signal_profile_is_marked_as_the_tools_output(self, case: Case) -> None:
        profile = build(case)["tool_profile"]
        assert profile["tool_output"] is True
        assert profile["tool"].startswith("Meldwijzer ")
        assert profile["catalogue_version"] == load().version
        assert profile["level"] in ("signalen", "elementen", "alle_elementen")
        assert "arbeidsuitbuiting" in profile["forms"]
        assert profile["signals"] == sorted(STEPS["signalen"]["signals"])
        # The tool's profile is not among the melder's own interpretations.
        assert all("profile" not in i["text"] for i in build(case)["interpretations"])

    def test_the_steps_the_afwegingskader_and_the_route(self, case: Case) -> None:
        payload = build(case)
        assert payload["steps"] == {
            "acute_path": False,
            "consultations": [
                {
                    "role": "collega-huisarts",
                    "date": "2026-11-02",
                    "advice": "Veilig Thuis bellen",
                    "anonymous": True,
                }
            ],
            "veilig_thuis_advies": {
                "date": "2026-11-03",
                "adviser": "aandachtsfunctionaris",
                "advice": "Gesprek voeren en daarna melden",
            },
            "conversation": {
                "status": "held",
                "date": "2026-11-04",
                "discussed": "Mijn zorgen over het werk",
                "reaction": "Opgelucht",
            },
        }
        assert payload["afwegingskader"] == {
            "answers": {"q1": True, "q2": True, "q3": None, "q4": None, "q5": None},
            "path": [1, 2],
            "decision": "melden",
        }
        assert payload["unsafety"] == {"acute": True, "structural": False}
        # An adult, not in the domestic circle, labour exploitation.
        assert payload["route"] == [
            "zorgcoordinator",
            "veilig_thuis",
            "politie",
            "arbeidsinspectie",
        ]
        assert payload["language"] == "Pools"
        assert payload["interpreter"] == {"needed": True, "language": "Pools"}

    def test_a_skipped_conversation_gives_its_ground(self, case: Case) -> None:
        case.record["gesprek"] = record_of(
            case,
            "gesprek",
            {
                "status": "overgeslagen",
                "skip_ground": "eigen_veiligheid",
                "skip_explanation": "De begeleider dreigde.",
            },
        )
        assert build(case)["steps"]["conversation"] == {
            "status": "skipped",
            "ground": "eigen_veiligheid",
            "explanation": "De begeleider dreigde.",
        }

    def test_an_advies_without_the_advisers_name_names_the_role(self, case: Case) -> None:
        case.record["consultatie"] = {**case.record["consultatie"], "vt_adviser": ""}
        advies = build(case)["steps"]["veilig_thuis_advies"]
        assert advies["adviser"] == "adviseur van Veilig Thuis"

    def test_the_acute_path_with_direct_danger(self, clinician_user: User) -> None:
        acute_case = with_record(
            make_case(clinician_user, track="knmg"),
            {"signalen": STEPS["signalen"]},
            acute={
                "kind": "direct_gevaar",
                "reason": "Wordt vandaag opgehaald.",
                "skipped": ["consultatie", "gesprek", "wegen"],
                "at": "2026-11-24T09:00:00+00:00",
            },
        )
        payload = build(acute_case)
        assert independent_errors(payload) == []
        # A physician on the acute path need not have consulted Veilig Thuis.
        assert payload["steps"] == {"acute_path": True}
        assert payload["route"][:2] == ["112", "veilig_thuis"]
        assert payload["unsafety"] == {"acute": True, "structural": False}
        assert payload["afwegingskader"]["decision"] == "onvolledig"
        assert {
            "text": "Acute route, direct gevaar (112 / politie): Wordt vandaag opgehaald.",
            "source": "eigen",
            "date": "2026-11-24",
        } in payload["interpretations"]

    def test_q2_without_checklist_items_is_structural_unsafety(self, case: Case) -> None:
        case.record["wegen"] = {"weighing": "Onveilig."}
        assert build(case)["unsafety"] == {"acute": False, "structural": True}
        case.record["wegen"] = {"structural_items": ["herhaald"], "acute_items": []}
        assert build(case)["unsafety"] == {"acute": False, "structural": True}

    def test_the_details_language_and_interpreter_win(self, case: Case) -> None:
        payload = build(
            case, details(language="Roemeens", interpreter={"needed": True, "language": "Roemeens"})
        )
        assert payload["language"] == "Roemeens"
        assert payload["interpreter"] == {"needed": True, "language": "Roemeens"}
        payload = build(case, details(interpreter={"needed": False}))
        assert payload["interpreter"] == {"needed": False}

    def test_informed_comes_from_step_5_when_the_details_do_not_say(self, case: Case) -> None:
        data = details()
        del data["informed"]
        assert build(case, data)["informed"] == {"told": True}
        case.record["beslissen"] = {
            **case.record["beslissen"],
            "informed": "nee",
            "exception_ground": "veiligheid_patient",
        }
        assert build(case, data)["informed"] == {"told": False, "exception": "veiligheid_patient"}

    def test_an_exception_is_not_sent_when_the_patient_was_told(self, case: Case) -> None:
        payload = build(case, details(informed={"told": True, "exception": "vertrouwen"}))
        assert payload["informed"] == {"told": True}

    def test_empty_optional_values_are_left_out(self, case: Case) -> None:
        data = details(
            children=[{"name": "", "age": 6, "birth_date": ""}],
            supporting_network=[{"role": "wijkverpleegkundige", "organisation": "", "phone": ""}],
            veilig_thuis_only={"not_for_family": "", "anonymous_reason": "  "},
            phone_contact_before={"date": "2026-11-05", "with": ""},
        )
        data["melder"]["big_number"] = ""
        data["persons"].append({"name": "Łukasz", "role": "partner", "phone": "", "bsn": ""})
        payload = build(case, data)
        assert payload["children"] == [{"age": 6}]
        assert payload["supporting_network"] == [{"role": "wijkverpleegkundige"}]
        assert "veilig_thuis_only" not in payload
        assert payload["steps"]["phone_contact_before"] == {"date": "2026-11-05"}
        assert "big_number" not in payload["melder"]
        assert payload["persons"][1] == {"name": "Łukasz", "role": "partner"}

    def test_a_big_number_of_nine_digits_is_padded(self, case: Case) -> None:
        data = details()
        data["melder"]["big_number"] = "190 123 456"
        assert build(case, data)["melder"]["big_number"] == "00190123456"

    def test_a_naive_time_is_refused(self, case: Case) -> None:
        with pytest.raises(ValueError, match="aware"):
            build(case, now=datetime(2026, 11, 24, 10, 30))  # noqa: DTZ001


class TestTheBsn:
    def test_never_sent_while_the_setting_is_off(self, case: Case, settings: Any) -> None:
        settings.VT_BSN_ENABLED = False
        data = details()
        data["persons"][0]["bsn"] = "111222333"
        payload = build(case, data)
        assert "bsn" not in payload["persons"][0]
        assert "111222333" not in json.dumps(payload)

    def test_sent_when_the_installation_enables_it(self, case: Case, settings: Any) -> None:
        settings.VT_BSN_ENABLED = True
        data = details()
        data["persons"][0]["bsn"] = "1112.22.333"
        assert build(case, data)["persons"][0]["bsn"] == "111222333"

    def test_a_bsn_failing_the_elfproef_is_refused_without_repeating_it(
        self, case: Case, settings: Any
    ) -> None:
        settings.VT_BSN_ENABLED = True
        data = details()
        data["persons"][0]["bsn"] = "123456789"
        with pytest.raises(InvalidMelding) as refused:
            build(case, data)
        assert refused.value.errors == ("$.persons[0].bsn: is not a valid BSN (elfproef)",)
        assert "123456789" not in str(refused.value)


class TestNeverInvalid:
    def test_a_physician_needs_the_veilig_thuis_advies(self, case: Case) -> None:
        case.record["consultatie"] = {"colleagues": case.record["consultatie"]["colleagues"]}
        with pytest.raises(InvalidMelding) as refused:
            build(case)
        assert any("veilig_thuis_advies" in e for e in refused.value.errors)
        # A nurse reports without one.
        data = details()
        data["melder"]["profession"] = "verpleegkundige"
        assert "veilig_thuis_advies" not in build(case, data)["steps"]

    def test_exactly_one_betrokkene(self, case: Case) -> None:
        data = details()
        data["persons"].append({"name": AYSE, "role": "betrokkene"})
        with pytest.raises(InvalidMelding, match=r"\$\.persons: must contain at most 1"):
            build(case, data)
        data["persons"] = [{"name": AYSE, "role": "partner"}]
        with pytest.raises(InvalidMelding, match=r"\$\.persons: must contain a matching item"):
            build(case, data)

    @pytest.mark.parametrize(
        ("field", "value", "error"),
        [
            ("phone", "12345", "$.persons[0].phone: is not a phone number"),
            ("birth_date", "2030-01-01", "$.persons[0].birth_date: is not a plausible date"),
            ("birth_date", "31-02-2010", "$.persons[0].birth_date: is not a plausible date"),
        ],
    )
    def test_bad_identifying_data_is_refused_by_path_not_value(
        self, case: Case, field: str, value: str, error: str
    ) -> None:
        data = details()
        data["persons"][0][field] = value
        with pytest.raises(InvalidMelding) as refused:
            build(case, data)
        assert any(e.startswith(error) for e in refused.value.errors)
        assert value not in str(refused.value)

    def test_a_bad_postcode_is_refused(self, case: Case) -> None:
        data = details()
        data["persons"][0]["address"] = {**BETROKKENE["address"], "postcode": "0000 SS"}
        with pytest.raises(InvalidMelding) as refused:
            build(case, data)
        assert "$.persons[0].address.postcode: is not a Dutch postcode" in refused.value.errors
        assert "0000" not in str(refused.value)

    def test_missing_melder_details_are_listed(self, case: Case) -> None:
        with pytest.raises(InvalidMelding) as refused:
            build(case, details(melder={"name": "Dr. A"}))
        message = str(refused.value)
        for key in ("profession", "organisation", "phone", "email", "reachable"):
            assert f"'{key}'" in message

    def test_details_of_the_wrong_shape_are_refused_not_crashed(self, case: Case) -> None:
        with pytest.raises(InvalidMelding):
            build(case, {"melder": "x", "persons": "y", "children": 3})


# --- Every melding the builder can produce validates ---------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZëçłșéüöñøåİ\u0131"
TEXT = st.text(alphabet=LETTERS + " '.,;:!?-()0123456789", min_size=1, max_size=120).filter(
    lambda t: t.strip() != ""
)
SHORT = st.text(alphabet=LETTERS + " '-", min_size=1, max_size=60).filter(lambda t: t.strip() != "")
NAMES = st.one_of(
    st.sampled_from(
        [
            "Zoë Çelik",
            "Łukasz Wiśniewski",
            "Ștefan Popescu",
            AYSE,
            "Nguyễn Thị Hoa",
            "Ana María Núñez",
            "Jan-Willem van 't Hof",
            "Søren Ørsted",
        ]
    ),
    SHORT,
)
DATES = st.dates(min_value=date(2024, 1, 1), max_value=TODAY).map(date.isoformat)
OPTIONAL_DATE = st.one_of(st.just(""), DATES)
BIRTH_DATES = st.dates(min_value=date(1900, 1, 1), max_value=TODAY).flatmap(
    lambda d: st.sampled_from([d.isoformat(), d.strftime("%d-%m-%Y")])
)
PHONES = st.one_of(
    st.from_regex(r"06-[1-9][0-9]{7}", fullmatch=True),
    st.from_regex(r"\+31 6 [1-9][0-9]{7}", fullmatch=True),
    st.from_regex(r"0[1-5][0-9] [0-9]{3} [0-9]{4}", fullmatch=True),
    st.from_regex(r"\+48 [1-9][0-9]{2} [0-9]{3} [0-9]{3}", fullmatch=True),
)
POSTCODES = st.from_regex(r"[1-9][0-9]{3} ?[A-RT-Z][A-Z]", fullmatch=True)
EMAILS = st.from_regex(r"[a-z]{1,10}\.[a-z]{1,10}@[a-z]{2,12}\.nl", fullmatch=True)
CODES = sorted(load().by_code)
PROFESSIONS = ["huisarts", "verpleegkundige", "praktijkondersteuner", "doktersassistent"]
PROFESSIONS += ["other_physician", "other"]
ROLES = ["partner", "ouder", "kind", "huisgenoot", "verzorger", "vermoedelijke_pleger", "anders"]
ANSWER_PATHS = [
    {},
    {"q1": "nee"},
    {"q1": "ja", "q2": "ja"},
    {"q1": "ja", "q2": "nee", "q3": "nee"},
    {"q1": "ja", "q2": "nee", "q3": "ja", "q4": "nee"},
    {"q1": "ja", "q2": "nee", "q3": "ja", "q4": "ja"},
    {"q1": "ja", "q2": "nee", "q3": "ja", "q4": "ja", "q5": "nee"},
]


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def drop_none(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


@st.composite
def valid_bsns(draw: st.DrawFn) -> str:
    first = draw(st.from_regex(r"[1-9][0-9]{7}", fullmatch=True))
    check = sum(w * int(d) for w, d in zip(BSN_WEIGHTS[:8], first, strict=True)) % 11
    assume(check < 10)
    return first + str(check)


@st.composite
def observations(draw: st.DrawFn) -> dict[str, str]:
    source = draw(st.sampled_from(["eigen", "patient", "derde"]))
    row = {
        "what": draw(TEXT),
        "when": draw(OPTIONAL_DATE),
        "where": draw(st.one_of(st.just(""), SHORT)),
        "kind": draw(st.sampled_from(["feit", "interpretatie"])),
        "source": source,
    }
    if source == "derde":
        row["role"] = draw(SHORT)
    return row


@st.composite
def steps_data(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """Draw what a clinician might type into the five steps."""
    count = draw(maybe(st.integers(0, 4)))
    signalen: dict[str, Any] = {
        "signals": draw(st.lists(st.sampled_from(CODES), unique=True, max_size=8)),
        **rows("observations", draw(st.lists(observations(), max_size=4))),
        "language": draw(st.sampled_from(["", "Nederlands", "Pools", "Tigrinya", "Română"])),
        "interpreter_needed": draw(st.sampled_from(["", "ja", "nee", "onbekend"])),
    }
    if count is not None:
        signalen["children_count"] = str(count)
        ages = draw(st.lists(st.integers(0, 17), max_size=count))
        signalen["children_ages"] = ", ".join(str(a) for a in ages)
    for flag in ("domestic", "shelter"):
        if draw(st.booleans()):
            signalen[flag] = "on"
    colleagues = draw(
        st.lists(
            st.fixed_dictionaries(
                {"role": SHORT, "date": DATES, "advice": TEXT},
                optional={"anonymous": st.just("on")},
            ),
            max_size=2,
        )
    )
    consultatie: dict[str, Any] = rows("colleagues", colleagues)
    if draw(st.booleans()):
        consultatie.update({"vt_date": draw(DATES), "vt_advice": draw(TEXT)})
        consultatie["vt_adviser"] = draw(st.one_of(st.just(""), SHORT))
    if draw(st.booleans()):
        consultatie.update({"csg_date": draw(DATES), "csg_notes": draw(TEXT)})
    if draw(st.booleans()):
        consultatie.update(
            {"injury_expert": draw(SHORT), "injury_outcome": draw(TEXT)}
            | ({"injury_date": draw(DATES)} if draw(st.booleans()) else {})
        )
    gesprek = draw(
        st.sampled_from(["", "gevoerd", "overgeslagen"]).flatmap(
            lambda status: {
                "": st.just({}),
                "gevoerd": st.fixed_dictionaries(
                    {"status": st.just("gevoerd"), "date": DATES, "discussed": TEXT},
                    optional={"reaction": TEXT},
                ),
                "overgeslagen": st.fixed_dictionaries(
                    {
                        "status": st.just("overgeslagen"),
                        "skip_ground": st.sampled_from(
                            ["risico_patient", "eigen_veiligheid", "geen_contact"]
                        ),
                        "skip_explanation": TEXT,
                    }
                ),
            }[status]
        )
    )
    wegen = {
        "acute_items": draw(st.lists(st.sampled_from([c for c, _ in ACUTE_ITEMS]), unique=True)),
        "structural_items": draw(
            st.lists(st.sampled_from([c for c, _ in STRUCTURAL_ITEMS]), unique=True)
        ),
        "weighing": draw(st.one_of(st.just(""), TEXT)),
    }
    beslissen: dict[str, Any] = dict(draw(st.sampled_from(ANSWER_PATHS)))
    beslissen["reasons"] = draw(st.one_of(st.just(""), TEXT))
    informed = draw(st.sampled_from(["", "ja", "nee"]))
    if informed == "ja":
        beslissen.update({"informed": "ja", "informed_who": draw(SHORT)})
    elif informed == "nee":
        beslissen.update(
            {
                "informed": "nee",
                "exception_ground": draw(
                    st.sampled_from(["veiligheid_patient", "veiligheid_eigen", "vertrouwen"])
                ),
                "exception_reason": draw(TEXT),
            }
        )
    return {
        "signalen": signalen,
        "consultatie": consultatie,
        "gesprek": gesprek,
        "wegen": wegen,
        "beslissen": beslissen,
    }


ACUTE = maybe(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["direct_gevaar", "acute_onveiligheid"]),
            "reason": TEXT,
            "skipped": st.just(["gesprek"]),
            "at": st.just("2026-11-24T09:00:00+00:00"),
        }
    )
)


def addresses() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries(
        {
            "street": SHORT,
            "number": st.from_regex(r"[1-9][0-9]{0,3}[a-z]?", fullmatch=True),
            "postcode": POSTCODES,
            "city": SHORT,
        }
    )


def persons(role: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"name": NAMES, "role": st.just(role)},
        optional={
            "birth_date": BIRTH_DATES,
            "address": addresses(),
            "phone": PHONES,
            "bsn": valid_bsns(),
        },
    )


@st.composite
def melding_details(draw: st.DrawFn) -> dict[str, Any]:
    """Draw the identifying data a clinician might enter, optional fields present or not."""
    melder = draw(
        st.fixed_dictionaries(
            {
                "name": NAMES,
                "profession": st.sampled_from(PROFESSIONS),
                "organisation": SHORT,
                "phone": PHONES,
                "email": EMAILS,
                "reachable": SHORT,
            },
            optional={"big_number": st.from_regex(r"[0-9]{11}", fullmatch=True)},
        )
    )
    others = draw(st.lists(st.sampled_from(ROLES).flatmap(persons), max_size=3))
    people = [draw(persons("betrokkene")), *others]
    draw(st.randoms()).shuffle(people)
    data = drop_none(
        municipality=draw(SHORT),
        melder=melder,
        persons=people,
        children=draw(
            maybe(
                st.lists(
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "name": NAMES,
                            "birth_date": BIRTH_DATES,
                            "age": st.integers(0, 17),
                            "address": addresses(),
                        },
                    ),
                    max_size=3,
                )
            )
        ),
        supporting_network=draw(
            maybe(
                st.lists(
                    st.fixed_dictionaries(
                        {"role": SHORT},
                        optional={
                            "organisation": SHORT,
                            "phone": PHONES,
                            "consent_basis": st.sampled_from(
                                ["toestemming", "wettelijk", "conflict_van_plichten"]
                            ),
                        },
                    ),
                    max_size=2,
                )
            )
        ),
        informed=draw(
            maybe(
                st.one_of(
                    st.just({"told": True}),
                    st.builds(
                        lambda e: {"told": False, "exception": e},
                        st.sampled_from(["veiligheid_patient", "veiligheid_eigen", "vertrouwen"]),
                    ),
                )
            )
        ),
        veilig_thuis_only=draw(
            maybe(
                st.fixed_dictionaries(
                    {}, optional={"not_for_family": TEXT, "anonymous_reason": TEXT}
                )
            )
        ),
        phone_contact_before=draw(
            maybe(st.fixed_dictionaries({"date": DATES}, optional={"with": SHORT}))
        ),
        language=draw(maybe(st.sampled_from(["Pools", "Arabisch", "Tigrinya", "Română"]))),
        interpreter=draw(
            maybe(
                st.fixed_dictionaries(
                    {"needed": st.booleans()}, optional={"language": st.just("Pools")}
                )
            )
        ),
    )
    return data


HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def blank_cases(clinician_user: User) -> dict[tuple[str, bool], Case]:
    """One case per track and age group; each example gives them a record in memory."""
    return {
        (track, minor): make_case(clinician_user, track=track, minor=minor)
        for track in ("knmg", "vvn")
        for minor in (False, True)
    }


class TestEveryMeldingValidates:
    @HYPOTHESIS
    @given(
        track=st.sampled_from(["knmg", "vvn"]),
        minor=st.booleans(),
        steps=steps_data(),
        acute=ACUTE,
        data=melding_details(),
        bsn_enabled=st.booleans(),
    )
    def test_built_or_refused_for_a_reason_never_invalid(
        self,
        blank_cases: dict[tuple[str, bool], Case],
        track: str,
        minor: bool,
        steps: dict[str, dict[str, Any]],
        acute: dict[str, Any] | None,
        data: dict[str, Any],
        bsn_enabled: bool,
    ) -> None:
        case = with_record(blank_cases[(track, minor)], steps, acute)
        needs_advies = (
            data["melder"]["profession"] in PHYSICIANS
            and acute is None
            and "vt_date" not in steps["consultatie"]
        )
        informed_known = "informed" in data or steps["beslissen"].get("informed") in ("ja", "nee")
        with override_settings(VT_BSN_ENABLED=bsn_enabled):
            if needs_advies or not informed_known:
                with pytest.raises(InvalidMelding) as refused:
                    build(case, data)
                expected = set()
                if needs_advies:
                    expected.add("$.steps: 'veilig_thuis_advies' is a required property")
                if not informed_known:
                    expected.add("$.informed: 'told' is a required property")
                assert set(refused.value.errors) == expected
                return
            payload = build(case, data)
        assert independent_errors(payload) == []
        text = json.dumps(payload, ensure_ascii=False)
        # Identifying data as entered; the municipality only chose the region.
        assert [p["name"] for p in payload["persons"]] == [
            p["name"].strip() for p in data["persons"]
        ]
        assert "municipality" not in payload
        for given_person, person in zip(data["persons"], payload["persons"], strict=True):
            assert ("bsn" in person) == (bsn_enabled and "bsn" in given_person)
        if not bsn_enabled:
            assert not any("bsn" in p for p in payload["persons"])
            for person in data["persons"]:
                if "bsn" in person:
                    assert f'"{person["bsn"]}"' not in text
        # Facts and interpretations apart, each observation with its source.
        # The same words may be recorded once as a fact and once as an
        # interpretation, so each side is compared by count.
        statements: dict[str, list[dict[str, str]]] = {"facts": [], "interpretations": []}
        for row in case.record["signalen"].get("observations", []):
            where = f" (waar: {row['where']})" if row["where"] else ""
            statement = {"text": row["what"] + where, "source": row["source"]}
            if row["source"] == "derde":
                statement["source_role"] = row["role"]
            if row["when"]:
                statement["date"] = row["when"]
            side = "interpretations" if row["kind"] == "interpretatie" else "facts"
            statements[side].append(statement)
        for side, other in (("facts", "interpretations"), ("interpretations", "facts")):
            for statement in statements[side]:
                assert payload[side].count(statement) >= statements[side].count(statement)
                assert payload[other].count(statement) == statements[other].count(statement)
        assert payload["tool_profile"]["tool_output"] is True
        assert set(payload["tool_profile"]["signals"]) == set(steps["signalen"]["signals"])
        assert payload["steps"]["acute_path"] is (acute is not None)
        if "language" in data:
            assert payload["language"] == data["language"]
        if "interpreter" in data:
            assert payload["interpreter"] == data["interpreter"]
        # Never an empty string where the schema asks for one character or more.
        assert '""' not in text
