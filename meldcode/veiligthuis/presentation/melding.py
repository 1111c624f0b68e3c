"""The sections of a melding: who reports and about whom, what is known, what was done."""

from collections.abc import Iterator, Mapping
from typing import Any

from django.utils.translation import gettext as _

from meldcode.cases.presentation import DECISION_NAMES, QUESTION_NAMES

from .base import (
    Payload,
    Row,
    Rows,
    Section,
    answer,
    answer_rows,
    format_day,
    items,
    name,
    namer,
    obj,
    objects,
    profession,
    profile_section,
    shown,
    yes_no,
)
from .extra import unknown_rows
from .labels import (
    CONSENT_BASIS_NAMES,
    CONVERSATION_NAMES,
    EXCEPTION_NAMES,
    GROUND_NAMES,
    ROLE_NAMES,
    ROUTE_DESTINATIONS,
    SOURCE_NAMES,
)

ADDRESS_PARTS = ("street", "number", "postcode", "city")


def _address(address: object) -> str:
    """Return an address on one line: street and number, postcode and city."""
    a = obj(address)
    street = " ".join(str(a[k]) for k in ("street", "number") if shown(a.get(k)))
    place = " ".join(str(a[k]) for k in ("postcode", "city") if shown(a.get(k)))
    return ", ".join(part for part in (street, place) if part)


def _address_parts(data: Mapping[str, Any]) -> list[str]:
    """Return the parts of an address that ``data`` holds."""
    address = obj(data.get("address"))
    return [k for k in ADDRESS_PARTS if shown(address.get(k))]


def _day(item: Mapping[str, Any], key: str = "date") -> str | None:
    """Return the date under ``key`` in words, or None when there is none."""
    return format_day(item[key]) if shown(item.get(key)) else None


def _fields(path: str, item: Mapping[str, Any], keys: tuple[str, ...]) -> tuple[str, ...]:
    """Return the schema paths of the ``keys`` that ``item`` holds."""
    return tuple(f"{path}.{k}" for k in keys if k in item)


def _melder(payload: Payload) -> Section:
    """Return the melder and how to reach them."""
    rows = Rows(payload.get("melder"), "melder")
    rows.add("name", _("Name"))
    rows.add("profession", _("Profession"), profession)
    rows.add("organisation", _("Organisation"))
    rows.add("phone", _("Phone"))
    rows.add("email", _("E-mail address"))
    rows.add("reachable", _("Reachable"))
    rows.add("big_number", _("BIG-nummer"))
    return rows.section("melder", _("Melder"))


def _persons(payload: Payload) -> Iterator[Section]:
    """Yield the person concerned and each member of the household."""
    members = 0
    for index, person in enumerate(objects(payload.get("persons")), start=1):
        rows = Rows(person, "persons")
        rows.add("name", _("Name"))
        rows.add("role", _("Role"), namer(ROLE_NAMES))
        rows.add("birth_date", _("Date of birth"), format_day)
        rows.add("address", _("Address"), _address, parts=_address_parts(person))
        rows.add("phone", _("Phone"), note=_("An exploiter may control this phone."))
        rows.add("bsn", _("BSN"))
        if person.get("role") == "betrokkene":
            title = _("Person concerned (betrokkene)")
        else:
            members += 1
            title = _("Household member %(number)d") % {"number": members}
        yield rows.section(f"person-{index}", title)


def _children(payload: Payload) -> Iterator[Section]:
    """Yield the kindcheck: each minor child, or that none is named."""
    if "children" not in payload:
        return
    children = objects(payload["children"])
    if not children:
        yield Section(
            key="children",
            title=_("Minor children in the household (kindcheck)"),
            rows=(),
            note=_("No minor children are named."),
        )
    for index, child in enumerate(children, start=1):
        rows = Rows(child, "children")
        rows.add("name", _("Name"))
        rows.add("birth_date", _("Date of birth"), format_day)
        rows.add("age", _("Age in years"))
        rows.add("address", _("Address"), _address, parts=_address_parts(child))
        yield rows.section(f"child-{index}", _("Child %(number)d (kindcheck)") % {"number": index})


def _statements(payload: Payload, key: str) -> Section:
    """Return the facts or the interpretations, each with its source and date."""
    rows = []
    for number, item in enumerate(objects(payload.get(key)), start=1):
        source = name(SOURCE_NAMES, item.get("source", ""))
        if shown(item.get("source_role")):
            source = f"{source} ({item['source_role']})"
        rows.append(
            Row(
                label=str(number),
                value=str(item.get("text", "")),
                source=source,
                date=_day(item),
                fields=_fields(key, item, ("text", "source", "source_role", "date")),
            )
        )
    if key == "facts":
        return Section(
            key="facts",
            title=_("Facts and observations"),
            rows=tuple(rows),
            kind="facts",
            note=_("What was seen or heard, each with its source and date."),
        )
    return Section(
        key="interpretations",
        title=_("Interpretations"),
        rows=tuple(rows),
        kind="interpretations",
        note=_("What the melder or others make of it, each with its source and date."),
    )


def _safety(payload: Payload) -> Section:
    """Return the judgement of acute and structural unsafety."""
    rows = Rows(payload.get("unsafety"), "unsafety")
    rows.add("acute", _("Acute unsafety"), yes_no)
    rows.add("structural", _("Structural unsafety"), yes_no)
    steps = Rows(payload.get("steps"), "steps")
    steps.add("acute_path", _("Steps skipped for acute unsafety or direct danger"), yes_no)
    return Section(key="safety", title=_("Safety"), rows=(*rows.rows, *steps.rows))


def _path(values: object, answers: Mapping[str, Any]) -> str:
    """Return the afwegingsvragen that led to the decision, with their answers."""
    steps = []
    for number in items(values):
        question = QUESTION_NAMES.get(number, "") if isinstance(number, int) else ""
        steps.append(f"{number}. {question}: {answer(answers.get(f'q{number}'))}")
    return " → ".join(steps) if steps else "—"


def _afwegingskader(payload: Payload) -> Section:
    """Return the decision, the path that led to it, and the answers."""
    data = obj(payload.get("afwegingskader"))
    answers = obj(data.get("answers"))
    rows = Rows(data, "afwegingskader")
    rows.add("decision", _("Decision"), namer(DECISION_NAMES))
    rows.add("path", _("Path to the decision"), lambda v: _path(v, answers))
    rows.rows += answer_rows(answers, "afwegingskader.answers")
    return rows.section("afwegingskader", _("Afwegingskader"))


def _consultations(consultations: object) -> Section:
    """Return the colleagues consulted in step 2, each with the date and the advice."""
    rows = []
    path = "steps.consultations"
    for item in objects(consultations):
        anonymous = item.get("anonymous")
        note = None if anonymous is None else _("Without patient data")
        if anonymous is False:
            note = _("With patient data")
        rows.append(
            Row(
                label=str(item.get("role", "")),
                value=str(item["advice"]) if shown(item.get("advice")) else "—",
                date=_day(item),
                note=note,
                fields=_fields(path, item, ("role", "date", "advice", "anonymous")),
            )
        )
    return Section(
        key="consultations",
        title=_("Colleagues consulted (step 2)"),
        rows=tuple(rows),
        note="" if rows else _("None recorded."),
    )


def _steps(payload: Payload) -> Iterator[Section]:
    """Yield the steps of the Meldcode that were taken: step 3, then step 2."""
    steps = obj(payload.get("steps"))
    if "conversation" in steps:
        talk = Rows(steps["conversation"], "steps.conversation")
        talk.add("status", _("The conversation"), namer(CONVERSATION_NAMES))
        talk.add("date", _("Date"), format_day)
        talk.add("discussed", _("What was discussed"))
        talk.add("reaction", _("How the patient reacted"))
        talk.add("ground", _("Ground for skipping"), namer(GROUND_NAMES))
        talk.add("explanation", _("Explanation"))
        yield talk.section("conversation", _("Conversation with the patient (step 3)"))
    if "consultations" in steps:
        yield _consultations(steps["consultations"])
    if "veilig_thuis_advies" in steps:
        advies = Rows(steps["veilig_thuis_advies"], "steps.veilig_thuis_advies")
        advies.add("date", _("Date"), format_day)
        advies.add("adviser", _("Adviser at Veilig Thuis"))
        advies.add("advice", _("What Veilig Thuis advised"))
        yield advies.section("veilig_thuis_advies", _("Veilig Thuis advies before the melding"))
    if "phone_contact_before" in steps:
        call = Rows(steps["phone_contact_before"], "steps.phone_contact_before")
        call.add("date", _("Date"), format_day)
        call.add("with", _("With whom at Veilig Thuis"))
        title = _("Phone call with Veilig Thuis before this melding")
        yield call.section("phone_contact_before", title)


def _informed(payload: Payload) -> Section:
    """Return whether the patient knows of the melding, or which exception applies."""
    rows = Rows(payload.get("informed"), "informed")
    rows.add("told", _("The patient was told of the melding"), yes_no)
    rows.add("exception", _("Exception to open melden"), namer(EXCEPTION_NAMES))
    return rows.section("informed", _("Open melden"))


def _network(payload: Payload) -> Iterator[Section]:
    """Yield the other professionals involved, each with the basis for naming them."""
    if "supporting_network" not in payload:
        return
    rows = []
    path = "supporting_network"
    for item in objects(payload["supporting_network"]):
        value = " · ".join(str(item[k]) for k in ("organisation", "phone") if shown(item.get(k)))
        basis = item.get("consent_basis")
        note = _("Basis: %(basis)s") % {"basis": name(CONSENT_BASIS_NAMES, basis)}
        rows.append(
            Row(
                label=str(item.get("role", "")),
                value=value or "—",
                note=note if shown(basis) else None,
                fields=_fields(path, item, ("role", "organisation", "phone", "consent_basis")),
            )
        )
    yield Section(
        key="supporting_network",
        title=_("Supporting network"),
        rows=tuple(rows),
        note="" if rows else _("None recorded."),
    )


def _language(payload: Payload) -> Section:
    """Return the patient's language and the need for an interpreter."""
    rows = Rows(payload)
    rows.add("language", _("Language of the patient"))
    interpreter = Rows(payload.get("interpreter"), "interpreter")
    interpreter.add("needed", _("A professional interpreter is needed"), yes_no)
    interpreter.add("language", _("Language of the interpreter"))
    return Section(
        key="language", title=_("Language and interpreter"), rows=(*rows.rows, *interpreter.rows)
    )


def _route(values: object) -> str:
    """Return the route as a numbered list of organisations with their numbers."""
    lines = []
    for number, code in enumerate(items(values), start=1):
        destination = ROUTE_DESTINATIONS.get(str(code))
        shown_name = f"{_(destination.name)} ({destination.phone})" if destination else str(code)
        lines.append(f"{number}. {shown_name}")
    return "\n".join(lines) if lines else _("none")


def veilig_thuis_only_sections(payload: Payload) -> list[Section]:
    """Return the part the persons concerned do not get to read, when the melding has one.

    Fields the schema does not know stay inside this part.
    """
    if "veilig_thuis_only" not in payload:
        return []
    data = payload["veilig_thuis_only"]
    rows = Rows(data, "veilig_thuis_only")
    rows.add("not_for_family", _("What the persons concerned should not see"))
    rows.add("anonymous_reason", _("Why the melder stays anonymous to them"))
    rows.rows += unknown_rows(data, "veilig_thuis_only")
    note = _("The persons concerned may read the melding (children from 12 too), except this part.")
    title = _("Only for Veilig Thuis")
    return [rows.section("veilig_thuis_only", title, kind="vt_only", note=note)]


def melding_sections(payload: Payload) -> Iterator[Section]:
    """Yield the sections of a melding but the part for Veilig Thuis only.

    Who reports and about whom first, then what is known, what was done, and the rest.
    """
    yield _melder(payload)
    yield from _persons(payload)
    yield from _children(payload)
    yield _safety(payload)
    yield _statements(payload, "facts")
    yield _statements(payload, "interpretations")
    if "tool_profile" in payload:
        yield profile_section(obj(payload["tool_profile"]), "tool_profile", "level")
    yield _afwegingskader(payload)
    yield from _steps(payload)
    yield _informed(payload)
    yield from _network(payload)
    yield _language(payload)
    route = Rows(payload)
    route.add("route", _("Whom to contact, in this order"), _route)
    yield route.section("route", _("Route"))
