"""The readable presentation of a payload: every schema field shown, in words, in order.

The coverage test walks the schema itself, so a field added to the schema
without a labelled row in :mod:`meldcode.veiligthuis.presentation` fails
here; the check it relies on is shown to fail for such a field too.
"""

import copy
import json
from collections.abc import Iterable, Iterator, Mapping
from html.parser import HTMLParser
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from meldcode.accounts.models import User
from meldcode.veiligthuis.models import Region
from meldcode.veiligthuis.presentation import Section, payload_sections
from meldcode.veiligthuis.presentation.labels import REGION_NAMES
from meldcode.veiligthuis.schema import schema, validate_payload
from tests.meldcode.veiligthuis.payload_examples import advies_for, full_melding

pytestmark = pytest.mark.django_db


@pytest.fixture
def advies(clinician: User) -> dict[str, Any]:
    return advies_for(clinician)


@pytest.fixture
def melding() -> dict[str, Any]:
    payload = full_melding()
    assert validate_payload(payload) == []
    return payload


def resolve(node: Any, root: Mapping[str, Any]) -> Any:
    """Follow a local ``$ref``."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def property_paths(node: Any, root: Mapping[str, Any], path: str = "") -> Iterator[str]:
    """Yield every property of an instance of ``node`` as a dotted path, arrays see-through."""
    node = resolve(node, root)
    if not isinstance(node, dict):
        return
    for key, sub in node.get("properties", {}).items():
        here = f"{path}.{key}" if path else key
        yield here
        yield from property_paths(sub, root, here)
    for keyword in ("items", "if", "then", "else"):
        if keyword in node:
            yield from property_paths(node[keyword], root, path)


def variant_paths(variant: str) -> set[str]:
    root = schema()
    return {"type", *property_paths(root["$defs"][variant], root)}


def not_shown(paths: Iterable[str], sections: Iterable[Section]) -> list[str]:
    """Return the paths no labelled row shows: a row shows a path or a property under it."""
    fields = {f for s in sections if s.key != "other" for row in s.rows for f in row.fields}
    return sorted(p for p in paths if not any(f == p or f.startswith(p + ".") for f in fields))


def text_of(sections: Iterable[Section]) -> str:
    return "\n".join(
        " ".join(
            str(part)
            for part in (s.title, s.note, *(x for r in s.rows for x in astuple(r)))
            if part
        )
        for s in sections
    )


def astuple(row: Any) -> tuple[Any, ...]:
    return (row.label, row.value, row.source, row.date, row.note)


def by_key(sections: Iterable[Section]) -> dict[str, Section]:
    return {s.key: s for s in sections}


class TestEveryFieldIsShown:
    def test_the_schema_walk_finds_the_deep_fields_of_both_variants(self) -> None:
        assert {"question", "professional.callback_phone", "afwegingskader.q5"} <= variant_paths(
            "advies"
        )
        assert {
            "persons.address.postcode",
            "children.age",
            "steps.conversation.ground",
            "steps.consultations.anonymous",
            "supporting_network.consent_basis",
            "veilig_thuis_only.anonymous_reason",
            "tool_profile.catalogue_version",
        } <= variant_paths("melding")

    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_every_property_of_the_advies_has_a_labelled_row(
        self, advies: dict[str, Any], language: str
    ) -> None:
        with translation.override(language):
            sections = payload_sections(advies)
        assert not_shown(variant_paths("advies"), sections) == []

    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_every_property_of_the_melding_has_a_labelled_row(
        self, melding: dict[str, Any], language: str
    ) -> None:
        with translation.override(language):
            sections = payload_sections(melding)
        assert not_shown(variant_paths("melding"), sections) == []

    def test_a_field_without_a_row_fails_the_check(self, melding: dict[str, Any]) -> None:
        # A field the schema would gain, and the presentation does not know yet:
        # shown as sent under "Other fields", which does not count as labelled.
        melding["melder"]["pronouns"] = "zij/haar"
        sections = payload_sections(melding)
        assert not_shown({*variant_paths("melding"), "melder.pronouns"}, sections) == [
            "melder.pronouns"
        ]
        other = by_key(sections)["other"]
        assert [(r.label, r.value) for r in other.rows] == [("melder.pronouns", "zij/haar")]

    def test_every_text_the_melding_holds_is_in_the_words_shown(
        self, melding: dict[str, Any]
    ) -> None:
        with translation.override("en"):
            text = text_of(payload_sections(melding))
        codes = {
            code for values in enum_paths(schema(), everything=True).values() for code in values
        }
        for value in leaves(melding):
            if isinstance(value, str) and value not in codes and value != "1":
                if len(value) == 10 and value[4] == "-" and value[:4].isdigit():
                    continue  # a date, shown in words
                if value.startswith("2026-11-24T"):
                    continue  # the moment of writing, shown in words
                assert value in text, value

    def test_fields_outside_the_schema_are_shown_as_sent_and_kept_in_their_part(
        self, melding: dict[str, Any]
    ) -> None:
        melding["persons"][1]["nickname"] = "Luki"
        melding["veilig_thuis_only"]["source_of_fear"] = {"who": "de werkgever"}
        sections = by_key(payload_sections(melding))
        assert [(r.label, r.value) for r in sections["other"].rows] == [
            ("persons[2].nickname", "Luki")
        ]
        secret = sections["veilig_thuis_only"].rows[-1]
        assert (secret.label, json.loads(secret.value)) == (
            "veilig_thuis_only.source_of_fear",
            {"who": "de werkgever"},
        )

    def test_a_payload_without_extra_fields_has_no_other_section(
        self, advies: dict[str, Any], melding: dict[str, Any]
    ) -> None:
        assert "other" not in by_key(payload_sections(advies))
        assert "other" not in by_key(payload_sections(melding))


def leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for sub in value.values():
            yield from leaves(sub)
    elif isinstance(value, list):
        for sub in value:
            yield from leaves(sub)
    else:
        yield value


class TestFactsInterpretationsAndTheTool:
    def test_facts_and_interpretations_are_apart_each_with_source_and_date(
        self, melding: dict[str, Any]
    ) -> None:
        with translation.override("en"):
            sections = by_key(payload_sections(melding))
        facts, interpretations = sections["facts"], sections["interpretations"]
        assert (facts.kind, interpretations.kind) == ("facts", "interpretations")
        assert [(r.value[:21], r.source, r.date) for r in facts.rows] == [
            ("Paspoort ligt bij de ", "The patient", "November 3, 2026"),
            ("Wordt elke ochtend om", "A third party (buurvrouw)", "November 5, 2026"),
        ]
        assert [(r.value, r.source, r.date) for r in interpretations.rows] == [
            (
                "Vermoedelijk arbeidsuitbuiting met schuldbinding.",
                "The melder's own observation",
                None,
            ),
            (
                "Hij lijkt bang voor de werkgever.",
                "A third party (praktijkondersteuner)",
                "November 6, 2026",
            ),
        ]
        order = list(sections)
        assert order.index("facts") + 1 == order.index("interpretations")
        assert order.index("interpretations") + 1 == order.index("tool_profile")

    def test_empty_facts_still_have_their_section(self, melding: dict[str, Any]) -> None:
        melding["facts"] = []
        sections = by_key(payload_sections(melding))
        assert sections["facts"].rows == ()

    @pytest.mark.parametrize(
        ("language", "marker"),
        [("en", "Tool output, not a diagnosis"), ("nl", "Uitkomst hulpmiddel, geen diagnose")],
    )
    def test_the_profile_is_marked_as_the_tools_output_in_both_variants(
        self, advies: dict[str, Any], melding: dict[str, Any], language: str, marker: str
    ) -> None:
        with translation.override(language):
            for payload in (advies, melding):
                tool = by_key(payload_sections(payload))["tool_profile"]
                assert (tool.kind, tool.note) == ("tool", marker)

    def test_the_part_for_veilig_thuis_only_comes_last_and_set_apart(
        self, melding: dict[str, Any]
    ) -> None:
        with translation.override("en"):
            sections = payload_sections(melding)
        last = sections[-1]
        assert (last.key, last.kind, last.title) == (
            "veilig_thuis_only",
            "vt_only",
            "Only for Veilig Thuis",
        )
        assert [s.key for s in sections if s.kind == "vt_only"] == ["veilig_thuis_only"]
        secret = "De neef van de werkgever werkt op de praktijk."
        assert secret not in text_of(sections[:-1])


class TestWords:
    def test_codes_become_words_and_dates_follow_the_language(
        self, melding: dict[str, Any]
    ) -> None:
        with translation.override("en"):
            english = text_of(payload_sections(melding))
        with translation.override("nl"):
            dutch = text_of(payload_sections(melding))
            melden = translation.gettext("Melden: report to Veilig Thuis")
        for words in (
            "General practitioner (huisarts)",
            "Suspected perpetrator",
            "Melden: report to Veilig Thuis",
            "1. Vermoeden: yes → 2. Acute of structurele onveiligheid: yes",
            "Telling would threaten the patient's or the household's safety",
            "A serious risk to the patient or the household",
            "Basis: Consent of the patient",
            "1. Veilig Thuis (0800-2000)\n2. Police (0900-8844)",
            "Veilig Thuis Rotterdam Rijnmond",
            "Kerkstraat 12a, 3012 AB Rotterdam",
            "arbeidsuitbuiting (labour exploitation)",
            "November 24, 2026, 10:30",
            "April 2, 2001",
        ):
            assert words in english, words
        assert melden != "Melden: report to Veilig Thuis"
        assert melden in dutch
        assert "2 april 2001" in dutch
        assert "24 november 2026, 10:30" in dutch

    def test_no_enumerated_code_is_shown_as_a_bare_code(
        self, advies: dict[str, Any], melding: dict[str, Any]
    ) -> None:
        root = schema()
        enums = enum_paths(root)
        for payload in (advies, melding):
            with translation.override("en"):
                sections = payload_sections(payload)
            for row in (r for s in sections for r in s.rows):
                for field in row.fields:
                    if field in enums:
                        assert row.value not in enums[field], (field, row.value)
                        assert all(part not in enums[field] for part in row.value.split("; "))

    def test_the_advies_question_professional_and_steps_in_words(
        self, advies: dict[str, Any]
    ) -> None:
        with translation.override("en"):
            sections = by_key(payload_sections(advies))
        assert sections["question"].rows[0].value == advies["question"]
        assert [s for s in sections if s != "other"][:3] == ["question", "patient", "tool_profile"]
        steps = sections["steps_done"].rows[0].value
        assert steps.startswith("Map the signals (Signalen in kaart brengen); Consult a colleague")
        professional = {r.label: r.value for r in sections["professional"].rows}
        assert professional["Name"] == "Zoë Çelik"
        assert professional["Anonymous to Veilig Thuis"] == "no"

    def test_an_anonymous_advies_says_that_name_and_number_are_not_sent(
        self, clinician: User
    ) -> None:
        payload = advies_for(clinician, anonymous=True)
        with translation.override("en"):
            rows = by_key(payload_sections(payload))["professional"].rows
        labels = [r.label for r in rows]
        assert "Name" not in labels
        anonymous = next(r for r in rows if r.label == "Anonymous to Veilig Thuis")
        assert (anonymous.value, anonymous.note) == (
            "yes",
            "Name and callback number are not sent.",
        )

    def test_the_region_names_are_those_of_the_region_table(self) -> None:
        assert dict(Region.objects.values_list("code", "name")) == dict(REGION_NAMES)
        assert set(REGION_NAMES) == set(schema()["$defs"]["region"]["enum"])


def enum_paths(root: Mapping[str, Any], *, everything: bool = False) -> dict[str, set[str]]:
    """Return, by dotted path, the codes of every enumerated property (but the region's)."""
    found: dict[str, set[str]] = {}

    def walk(node: Any, path: str) -> None:
        node = resolve(node, root)
        if not isinstance(node, dict):
            return
        if "enum" in node and path and (everything or path != "region"):
            found.setdefault(path, set()).update(str(v) for v in node["enum"])
        for key, sub in node.get("properties", {}).items():
            walk(sub, f"{path}.{key}" if path else key)
        for keyword in ("items", "if", "then", "else"):
            if keyword in node:
                walk(node[keyword], path)

    for variant in ("advies", "melding"):
        walk(root["$defs"][variant], "")
    return found


class Outline(HTMLParser):
    """Collect the headings, the sections' classes and the table headers of a page."""

    def __init__(self) -> None:
        """Start with nothing collected."""
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.classes: list[str] = []
        self.column_heads: list[str] = []
        self.dl = 0
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "h3", "h4", "th"):
            self._open = tag
            self._text = ""
        if tag == "section":
            self.classes.append(dict(attrs).get("class") or "")
        if tag == "dl":
            self.dl += 1

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            if tag == "th":
                self.column_heads.append(self._text.strip())
            else:
                self.headings.append((tag, " ".join(self._text.split())))
            self._open = None


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


class TestTheTemplate:
    def render(self, payload: Mapping[str, Any], **context: Any) -> str:
        with translation.override("en"):
            sections = payload_sections(payload)
            return render_to_string("veiligthuis/_payload.html", {"sections": sections, **context})

    def test_each_section_is_a_section_with_a_heading_of_the_level_asked(
        self, melding: dict[str, Any]
    ) -> None:
        with translation.override("en"):
            titles = [s.title for s in payload_sections(melding)]
        default = outline(self.render(melding))
        assert default.headings == [("h2", t) for t in titles]
        assert outline(self.render(melding, heading_level=3)).headings == [
            ("h3", t) for t in titles
        ]

    def test_facts_are_a_table_with_source_and_date_and_the_rest_label_value_lists(
        self, melding: dict[str, Any]
    ) -> None:
        html = self.render(melding)
        page = outline(html)
        # Facts and interpretations: one table each, with the same four columns.
        assert page.column_heads.count("Source") == 2
        assert page.column_heads.count("Date") == 2
        assert "<dt>Name</dt>" in html
        assert page.dl >= 10
        assert "A third party (buurvrouw)" in html
        assert "November 5, 2026" in html

    def test_the_tool_and_the_part_for_veilig_thuis_only_are_set_apart_in_words(
        self, melding: dict[str, Any]
    ) -> None:
        html = self.render(melding)
        classes = outline(html).classes
        assert "payload__section payload__section--tool" in classes
        assert classes[-1] == "payload__section payload__section--vt_only"
        assert (
            '<p class="payload__marker"><strong>Tool output, not a diagnosis</strong></p>' in html
        )
        assert "<strong>The persons concerned may read the melding" in html

    def test_typed_markup_is_escaped_and_nothing_is_styled_inline(
        self, melding: dict[str, Any]
    ) -> None:
        html = self.render(melding)
        assert "&lt;b&gt;niet vet&lt;/b&gt; &amp; &lt;br/&gt;" in html
        assert "<b>niet vet</b>" not in html
        assert "style=" not in html
        assert "<script" not in html

    def test_the_css_of_the_kinds_is_in_the_stylesheet(self) -> None:
        from django.conf import settings

        css = (settings.BASE_DIR / "meldcode/static/meldcode/css/main.css").read_text()
        for kind in ("facts", "interpretations", "tool", "vt_only"):
            assert f".payload__section--{kind}" in css

    def test_an_advies_renders_without_facts(self, advies: dict[str, Any]) -> None:
        html = self.render(copy.deepcopy(advies))
        assert "payload__statements" not in html
        assert "Question for Veilig Thuis" in html
