"""The published Veilig Thuis schema, its endpoint, and the advies builder.

An advies shares nothing needless: every object in it is closed, it is
built only from structured data, and a question that could identify the
patient is refused.
"""

import copy
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from meldcode.accounts.models import Profession, User
from meldcode.cases.demo import demo_cases_ensure
from meldcode.cases.models import Case
from meldcode.veiligthuis.payload import IdentifyingQuestion, advies_payload, age_band
from meldcode.veiligthuis.schema import schema, validate_payload
from tests.helpers import verify_session

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
QUESTION = "Moet ik melden of eerst zelf hulp organiseren? Wat adviseert u als volgende stap?"
SCHEMA_URL = "/schemas/veilig-thuis/v1.json"


def resolve(node: Any, root: dict[str, Any]) -> Any:
    """Follow a local ``$ref`` (only ``#/...`` refs are used in the schema)."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def object_schemas(
    node: Any, root: dict[str, Any], path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Yield (instance path, schema) for every object schema reachable in an instance."""
    node = resolve(node, root)
    if not isinstance(node, dict):
        return
    if node.get("type") == "object":
        yield path, node
        for key, sub in node.get("properties", {}).items():
            yield from object_schemas(sub, root, (*path, key))
    if node.get("type") == "array" and "items" in node:
        yield from object_schemas(node["items"], root, (*path, "0"))


def advies_object_paths() -> list[tuple[str, ...]]:
    root = schema()
    return [path for path, _ in object_schemas(root["$defs"]["advies"], root)]


def get_at(document: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


@pytest.fixture
def demo_cases(make_user: Callable[..., User]) -> list[Case]:
    huisarts = make_user(profession=Profession.HUISARTS)
    nurse = make_user(profession=Profession.VERPLEEGKUNDIGE)
    demo_cases_ensure(owners=[huisarts, nurse])
    return list(Case.objects.filter(reference__startswith="MW-DEMO-").order_by("reference"))


def build(case: Case, **overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "question": QUESTION,
        "profession": "huisarts",
        "organisation": "Huisartsenpraktijk de Linde",
        "anonymous": False,
        "name": "Dr. Anouk de Vries",
        "callback_phone": "030 123 4567",
        "region": "utrecht",
        "payload_id": uuid.UUID(int=7),
        "now": NOW,
    }
    arguments.update(overrides)
    return advies_payload(case, **arguments)


class TestTheSchema:
    def test_is_a_valid_draft_2020_12_schema(self) -> None:
        document = schema()
        Draft202012Validator.check_schema(document)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert document["$id"].endswith("/schemas/veilig-thuis/v1.json")

    def test_id_is_built_from_site_url(self, settings: Any) -> None:
        settings.SITE_URL = "https://meldwijzer.example.nl/"
        assert schema()["$id"] == "https://meldwijzer.example.nl/schemas/veilig-thuis/v1.json"

    def test_says_attachments_are_out_of_v1(self) -> None:
        assert "Bijlagen" in schema()["description"]

    def test_every_object_of_the_advies_is_closed(self) -> None:
        root = schema()
        found = list(object_schemas(root["$defs"]["advies"], root))
        # The advies itself, software, afwegingskader and professional.
        assert {path for path, _ in found} >= {
            (),
            ("software",),
            ("afwegingskader",),
            ("professional",),
        }
        for path, node in found:
            assert node.get("additionalProperties") is False, path

    def test_every_property_has_a_dutch_description(self) -> None:
        root = schema()
        missing = []
        for name, definition in root["$defs"].items():
            for path, node in object_schemas(definition, root, (name,)):
                for key, sub in node.get("properties", {}).items():
                    if "description" not in sub and "description" not in resolve(sub, root):
                        missing.append(".".join((*path, key)))
        assert not missing

    def test_region_codes_are_the_seeded_regions(self, db: None) -> None:
        from meldcode.veiligthuis.models import Region

        enum = set(schema()["$defs"]["region"]["enum"])
        assert enum == set(Region.objects.values_list("code", flat=True))
        assert len(enum) == 26

    def test_error_messages_name_the_path_but_not_the_value(self) -> None:
        errors = validate_payload({"type": "advies", "question": 123456789, "extra": "Jansen"})
        assert "$.question: must be of type string" in errors
        assert any("'extra' was unexpected" in e for e in errors)
        assert not any("123456789" in e for e in errors)
        assert validate_payload([]) != []


@pytest.mark.django_db
class TestTheEndpoint:
    def test_serves_the_schema_as_schema_json(self, client: Client) -> None:
        response = client.get(SCHEMA_URL)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/schema+json"
        assert json.loads(response.content) == schema()

    def test_sets_no_cookie_and_touches_no_database(
        self, client: Client, django_assert_num_queries: Any
    ) -> None:
        with django_assert_num_queries(0):
            response = client.get(SCHEMA_URL)
        assert response.status_code == 200
        assert not response.cookies

    def test_also_for_a_logged_in_client(
        self, client: Client, clinician: User, django_assert_num_queries: Any
    ) -> None:
        verify_session(client, clinician)
        with django_assert_num_queries(0):
            response = client.get(SCHEMA_URL)
        assert response.status_code == 200
        assert not response.cookies

    def test_refuses_writes(self, client: Client) -> None:
        assert client.post(SCHEMA_URL).status_code == 405


class TestAgeBand:
    @pytest.mark.parametrize(
        ("birth_year", "minor", "band"),
        [
            (2010, True, "16-17"),
            (2007, True, "16-17"),  # the recorded minor wins at the edge
            (2015, True, "0-11"),
            (2013, True, "12-15"),
            (2009, False, "18-22"),  # the recorded adult wins at the edge
            (1992, False, "30-44"),
            (1930, False, "65+"),
            (None, True, "0-17"),
            (None, False, "18+"),
        ],
    )
    def test_from_birth_year_and_minor(
        self, birth_year: int | None, minor: bool, band: str
    ) -> None:
        assert age_band(birth_year=birth_year, minor=minor, today=NOW.date()) == band


@pytest.mark.django_db
class TestTheAdvies:
    def test_every_demo_case_gives_a_valid_advies(self, demo_cases: list[Case]) -> None:
        assert [c.reference for c in demo_cases] == ["MW-DEMO-1", "MW-DEMO-2", "MW-DEMO-3"]
        for case in demo_cases:
            for anonymous in (False, True):
                payload = build(case, anonymous=anonymous)
                assert validate_payload(payload) == [], case.reference
                assert payload["type"] == "advies"
                assert case.reference not in json.dumps(payload)

    def test_is_made_of_the_structured_data(self, demo_cases: list[Case]) -> None:
        payload = build(demo_cases[0])
        assert payload["minor"] is True
        assert payload["age_band"] == "16-17"
        assert payload["afwegingskader"] == {
            "q1": True,
            "q2": True,
            "q3": None,
            "q4": None,
            "q5": None,
        }
        assert "seksuele_uitbuiting" in payload["forms"]
        assert "repeated_stis" in payload["signals"]
        assert payload["steps_done"][0] == "signalen"
        assert payload["created_at"] == "2026-11-24T10:30:00Z"

    def test_anonymous_sends_no_name_or_number(self, demo_cases: list[Case]) -> None:
        professional = build(demo_cases[0], anonymous=True)["professional"]
        assert professional == {
            "profession": "huisarts",
            "organisation": "Huisartsenpraktijk de Linde",
            "anonymous": True,
        }

    def test_the_schema_refuses_a_name_when_anonymous(self, demo_cases: list[Case]) -> None:
        payload = build(demo_cases[0], anonymous=True)
        payload["professional"]["name"] = "Dr. Anouk de Vries"
        assert validate_payload(payload) == ["$.professional.name: is not allowed here"]

    def test_a_name_is_needed_unless_anonymous(self, demo_cases: list[Case]) -> None:
        with pytest.raises(ValueError, match="anonymous"):
            build(demo_cases[0], name="")

    def test_an_empty_question_is_refused(self, demo_cases: list[Case]) -> None:
        with pytest.raises(ValueError, match="question"):
            build(demo_cases[0], question="   ")

    def test_the_case_initials_in_the_question_are_refused(self, demo_cases: list[Case]) -> None:
        case = demo_cases[1]  # initials M.K.
        with pytest.raises(IdentifyingQuestion) as refused:
            build(case, question="Wat te doen als M.K. morgen weer moet werken?")
        assert "M.K." not in str(refused.value)

    def test_an_unknown_region_is_a_value_error(self, demo_cases: list[Case]) -> None:
        with pytest.raises(ValueError, match=r"\$\.region"):
            build(demo_cases[0], region="atlantis")

    @pytest.mark.parametrize("path", advies_object_paths(), ids=lambda p: ".".join(p) or "$")
    def test_an_extra_key_at_any_level_is_rejected(
        self, demo_cases: list[Case], path: tuple[str, ...]
    ) -> None:
        payload = copy.deepcopy(build(demo_cases[0]))
        get_at(payload, path)["extra"] = "x"
        errors = validate_payload(payload)
        assert errors, path
        assert any("'extra' was unexpected" in e for e in errors)


# Identifiers as a clinician might type them.
NAMES = st.builds(
    lambda first, last: f"{first} {last}",
    st.from_regex(r"[A-Z][a-z]{3,9}", fullmatch=True),
    st.from_regex(r"[A-Z][a-z]{3,11}", fullmatch=True),
)
BSNS = st.from_regex(r"[1-9][0-9]{8}", fullmatch=True)
POSTCODES = st.from_regex(r"[1-9][0-9]{3} ?[A-Z]{2}", fullmatch=True)
PHONES = st.one_of(
    st.from_regex(r"06-?[1-9][0-9]{7}", fullmatch=True),
    st.from_regex(r"0[1-9][0-9] [0-9]{3} [0-9]{4}", fullmatch=True),
    st.from_regex(r"\+31 6 [1-9][0-9]{7}", fullmatch=True),
)
BIRTH_DATES = st.dates(min_value=date(1930, 1, 1), max_value=NOW.date()).flatmap(
    lambda d: st.sampled_from([d.strftime("%d-%m-%Y"), d.isoformat(), d.strftime("%d/%m/%Y")])
)
IDENTIFIERS = st.one_of(NAMES, BSNS, POSTCODES, PHONES, BIRTH_DATES)
HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
class TestNothingIdentifyingLeaves:
    @HYPOTHESIS
    @given(identifier=IDENTIFIERS, template=st.sampled_from(["De patiënt {}.", "Betreft {} nu."]))
    def test_the_question_scan_refuses_identifiers(
        self, demo_cases: list[Case], identifier: str, template: str
    ) -> None:
        question = "Wat adviseert u? " + template.format(identifier)
        with pytest.raises(IdentifyingQuestion):
            build(demo_cases[0], question=question)

    @HYPOTHESIS
    @given(identifier=IDENTIFIERS)
    def test_identifiers_in_the_case_record_never_reach_the_payload(
        self, demo_cases: list[Case], identifier: str
    ) -> None:
        case = demo_cases[0]
        baseline = json.dumps(build(case), ensure_ascii=False)
        assume(identifier not in baseline)
        # The initials are scanned for in the question: keep them out of it.
        assume(not any(w.casefold() in QUESTION.casefold() for w in identifier[:8].split()))
        case.record = _fill_free_text(case.record, identifier)
        case.initials = identifier[:8]
        payload = json.dumps(build(case), ensure_ascii=False)
        assert identifier not in payload
        assert payload == baseline


def _fill_free_text(value: Any, text: str) -> Any:
    """Return ``value`` with every string that is not a code replaced by ``text``."""
    if isinstance(value, dict):
        return {k: _fill_free_text(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill_free_text(v, text) for v in value]
    if isinstance(value, str) and not (value.isidentifier() and value.islower()):
        return f"{value} {text}"
    return value


MELDING: dict[str, Any] = {
    "schema_version": "1",
    "id": "5f0c6a53-2b7e-4a8e-9a71-1c3f0e9a2b44",
    "type": "melding",
    "created_at": "2026-11-24T10:30:00+01:00",
    "software": {"name": "Meldwijzer", "version": "0.1.0"},
    "region": "utrecht",
    "melder": {
        "name": "Dr. Anouk de Vries",
        "profession": "huisarts",
        "organisation": "Huisartsenpraktijk de Linde",
        "phone": "030-1234567",
        "email": "a.devries@praktijk.example",
        "reachable": "werkdagen 8-17 uur",
        "big_number": "19012345601",
    },
    "persons": [
        {
            "name": "Lotte Jansen",
            "birth_date": "2010-04-02",
            "address": {
                "street": "Kerkstraat",
                "number": "12a",
                "postcode": "3512 AB",
                "city": "Utrecht",
            },
            "phone": "06 12345678",
            "role": "betrokkene",
        },
        {"name": "Karin Jansen", "role": "ouder"},
    ],
    "children": [],
    "facts": [
        {"text": "Tweede soa binnen vier maanden.", "source": "eigen", "date": "2026-11-03"},
        {
            "text": "Vaak afwezig op school.",
            "source": "derde",
            "source_role": "mentor",
            "date": "2026-11-05",
        },
    ],
    "interpretations": [{"text": "Vermoedelijk een pooierboy.", "source": "eigen"}],
    "tool_profile": {
        "tool_output": True,
        "tool": "Meldwijzer 0.1.0",
        "level": "elementen",
        "forms": ["seksuele_uitbuiting"],
        "signals": ["repeated_stis"],
    },
    "steps": {
        "consultations": [{"role": "collega-huisarts", "date": "2026-11-06", "anonymous": True}],
        "veilig_thuis_advies": {"date": "2026-11-07", "adviser": "aandachtsfunctionaris"},
        "phone_contact_before": {"date": "2026-11-12"},
        "conversation": {"status": "held", "date": "2026-11-10"},
    },
    "afwegingskader": {
        "answers": {"q1": True, "q2": True, "q3": None, "q4": None, "q5": None},
        "path": [1, 2],
        "decision": "melden",
    },
    "unsafety": {"acute": False, "structural": True},
    "supporting_network": [{"role": "jeugdverpleegkundige", "consent_basis": "toestemming"}],
    "informed": {"told": True},
    "veilig_thuis_only": {"not_for_family": "De moeder weet het niet.", "anonymous_reason": ""},
    "language": "Nederlands",
    "interpreter": {"needed": False},
    "route": ["veilig_thuis"],
}


class TestTheMelding:
    def test_a_complete_melding_validates(self) -> None:
        assert validate_payload(MELDING) == []

    def test_a_melder_without_phone_is_rejected(self) -> None:
        melding = copy.deepcopy(MELDING)
        del melding["melder"]["phone"]
        assert validate_payload(melding) == ["$.melder: 'phone' is a required property"]

    def test_objects_of_a_melding_may_carry_more(self) -> None:
        melding = copy.deepcopy(MELDING)
        melding["melder"]["pronouns"] = "zij/haar"
        assert validate_payload(melding) == []

    @pytest.mark.parametrize(
        ("change", "error"),
        [
            (lambda m: m["persons"][0]["address"].update(postcode="0123 AB"), "postcode"),
            (lambda m: m["persons"][0].update(bsn="12345678"), "bsn"),
            (lambda m: m["persons"][0].update(role="ouder"), "persons"),
            (lambda m: m["informed"].update(told=False), "exception"),
            (lambda m: m["steps"].pop("veilig_thuis_advies"), "veilig_thuis_advies"),
            (lambda m: m["facts"][1].pop("source_role"), "source_role"),
            (lambda m: m["melder"].update(email="geen e-mail"), "email"),
        ],
    )
    def test_broken_meldingen_are_rejected(self, change: Callable[[Any], Any], error: str) -> None:
        melding = copy.deepcopy(MELDING)
        change(melding)
        errors = validate_payload(melding)
        assert any(error in e for e in errors), errors

    def test_a_non_physician_needs_no_veilig_thuis_advies(self) -> None:
        melding = copy.deepcopy(MELDING)
        melding["melder"]["profession"] = "verpleegkundige"
        del melding["steps"]["veilig_thuis_advies"]
        assert validate_payload(melding) == []
