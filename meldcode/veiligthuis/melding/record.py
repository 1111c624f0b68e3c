"""The part of a melding built from the case's record: what was seen, done and decided.

Facts and interpretations are kept apart, each with its source (a third
party by role, never by name) and date. The few words added here are Dutch
and not translated: the payload goes to Veilig Thuis and must not depend on
the language of the clinician's session.
"""

from collections.abc import Mapping
from typing import Any, Final

from meldcode.cases.models import Case
from meldcode.routing import route as destinations_for
from signals.weighing import Profile

from .values import as_mapping, as_rows, as_text, iso_date, put, texts

ROUTE_CODES: Final = (
    "112",
    "veilig_thuis",
    "zorgcoordinator",
    "comensha",
    "politie",
    "arbeidsinspectie",
)
# The record's yes and no (step 1's interpreter needed, step 5's informed).
YES_NO: Final = {"ja": True, "nee": False}
# The record's names of the conversation's status, and the schema's.
CONVERSATION_STATUS: Final = {"gevoerd": "held", "overgeslagen": "skipped"}
# Who gave the Veilig Thuis advies, when the clinician did not note the adviser.
ADVISER_UNKNOWN: Final = "adviseur van Veilig Thuis"
LETSELDUIDING: Final = "letselduiding"
CENTRUM_SEKSUEEL_GEWELD: Final = "Centrum Seksueel Geweld"
ACUTE_KINDS: Final = {
    "direct_gevaar": "direct gevaar (112 / politie)",
    "acute_onveiligheid": "acute onveiligheid (vandaag telefonisch melden)",
}


def _statement(
    text: str, *, source: object, role: object = "", when: object = None
) -> dict[str, Any]:
    """Return a fact or interpretation with its source (a third party by role) and date."""
    statement: dict[str, Any] = {"text": text, "source": source}
    if source == "derde":
        # The schema asks for the role of a third party; the form always records one.
        statement["source_role"] = as_text(role) or "onbekend"
    put(statement, "date", iso_date(when))
    return statement


def statements_of(case: Case) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the facts and the interpretations of the record, apart, each with its source."""
    record = case.record
    facts: list[dict[str, Any]] = []
    interpretations: list[dict[str, Any]] = []
    for row in as_rows(as_mapping(record.get("signalen")).get("observations")):
        what = as_text(row.get("what"))
        if not what:
            continue
        if where := as_text(row.get("where")):
            what = f"{what} (waar: {where})"
        statement = _statement(
            what, source=row.get("source") or "eigen", role=row.get("role"), when=row.get("when")
        )
        (interpretations if row.get("kind") == "interpretatie" else facts).append(statement)
    consultatie = as_mapping(record.get("consultatie"))
    if outcome := as_text(consultatie.get("injury_outcome")):
        # A letselduiding is a finding of a forensic doctor: a fact from a third party.
        facts.append(
            _statement(
                f"Uitkomst van de letselduiding: {outcome}",
                source="derde",
                role=LETSELDUIDING,
                when=consultatie.get("injury_date"),
            )
        )
    if weighing := as_text(as_mapping(record.get("wegen")).get("weighing")):
        interpretations.append(_statement(f"Weging van aard en ernst: {weighing}", source="eigen"))
    acute = case.acute_record or {}
    if reason := as_text(acute.get("reason")):
        kind = ACUTE_KINDS.get(str(acute.get("kind")), "acute route")
        interpretations.append(
            _statement(f"Acute route, {kind}: {reason}", source="eigen", when=acute.get("at"))
        )
    beslissen = as_mapping(record.get("beslissen"))
    if reasons := as_text(beslissen.get("reasons")):
        interpretations.append(_statement(f"Redenen voor de beslissing: {reasons}", source="eigen"))
    return facts, interpretations


def _consultations(consultatie: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the colleagues consulted in step 2, and the Centrum Seksueel Geweld."""
    consultations: list[dict[str, Any]] = []
    for row in as_rows(consultatie.get("colleagues")):
        entry = texts(row, "role", "advice")
        put(entry, "date", iso_date(row.get("date")))
        entry["anonymous"] = bool(row.get("anonymous"))
        consultations.append(entry)
    if csg_date := iso_date(consultatie.get("csg_date")):
        entry = {"role": CENTRUM_SEKSUEEL_GEWELD, "date": csg_date}
        put(entry, "advice", as_text(consultatie.get("csg_notes")))
        consultations.append(entry)
    return consultations


def _conversation(gesprek: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return the conversation of step 3: held, or skipped on one of the three grounds."""
    status = CONVERSATION_STATUS.get(str(gesprek.get("status")))
    if status is None:
        return None
    conversation: dict[str, Any] = {"status": status}
    if status == "held":
        put(conversation, "date", iso_date(gesprek.get("date")))
        put(conversation, "discussed", as_text(gesprek.get("discussed")))
        put(conversation, "reaction", as_text(gesprek.get("reaction")))
    else:
        put(conversation, "ground", as_text(gesprek.get("skip_ground")))
        put(conversation, "explanation", as_text(gesprek.get("skip_explanation")))
    return conversation


def steps_of(case: Case, details: Mapping[str, Any]) -> dict[str, Any]:
    """Return the Meldcode steps taken: the acute path, step 2, the phone call, step 3."""
    consultatie = as_mapping(case.record.get("consultatie"))
    acute = case.acute_record or {}
    steps: dict[str, Any] = {"acute_path": bool(as_text(acute.get("reason")))}
    put(steps, "consultations", _consultations(consultatie))
    if vt_date := iso_date(consultatie.get("vt_date")):
        advies: dict[str, Any] = {
            "date": vt_date,
            "adviser": as_text(consultatie.get("vt_adviser")) or ADVISER_UNKNOWN,
        }
        put(advies, "advice", as_text(consultatie.get("vt_advice")))
        steps["veilig_thuis_advies"] = advies
    phone_call = as_mapping(details.get("phone_contact_before"))
    if phone_call:
        contact = texts(phone_call, "with")
        put(contact, "date", iso_date(phone_call.get("date")))
        steps["phone_contact_before"] = contact
    put(steps, "conversation", _conversation(as_mapping(case.record.get("gesprek"))))
    return steps


def unsafety_of(case: Case, answers: Mapping[str, bool | None]) -> dict[str, bool]:
    """Return acute and structural unsafety, from step 4's checklists and the acute exit.

    Afwegingsvraag 2 answered yes says there is acute *or* structural
    unsafety; when the checklists name neither, the melding says structural
    unsafety, so as not to claim an acute danger that nobody recorded.
    """
    wegen = as_mapping(case.record.get("wegen"))
    acute = bool(wegen.get("acute_items")) or bool(case.acute_record)
    structural = bool(wegen.get("structural_items"))
    if answers.get("q2") is True and not (acute or structural):
        structural = True
    return {"acute": acute, "structural": structural}


def informed_of(case: Case, details: Mapping[str, Any]) -> dict[str, Any]:
    """Return whether the patient was told of the melding, or which exception applies."""
    given = as_mapping(details.get("informed"))
    if isinstance(given.get("told"), bool):
        told: bool = given["told"]
        exception = as_text(given.get("exception"))
    else:
        beslissen = as_mapping(case.record.get("beslissen"))
        answer = beslissen.get("informed")
        if answer not in YES_NO:
            return {}
        told = YES_NO[answer]
        exception = as_text(beslissen.get("exception_ground"))
    informed: dict[str, Any] = {"told": told}
    if not told:
        put(informed, "exception", exception)
    return informed


def language_of(case: Case, details: Mapping[str, Any]) -> tuple[str, dict[str, Any] | None]:
    """Return the patient's language and the need for an interpreter; the details win."""
    signalen = as_mapping(case.record.get("signalen"))
    language = as_text(details.get("language")) or as_text(signalen.get("language"))
    given = as_mapping(details.get("interpreter"))
    if isinstance(given.get("needed"), bool):
        interpreter: dict[str, Any] = {"needed": given["needed"]}
        put(interpreter, "language", as_text(given.get("language")))
        return language, interpreter
    needed = YES_NO.get(str(signalen.get("interpreter_needed")))
    if needed is None:
        return language, None
    interpreter = {"needed": needed}
    if needed:
        spoken = as_text(as_mapping(case.record.get("gesprek")).get("interpreter_language"))
        put(interpreter, "language", spoken or language)
    return language, interpreter


def route_of(case: Case, profile: Profile) -> list[str]:
    """Return whom to contact, in order, as the schema's route codes."""
    signalen = as_mapping(case.record.get("signalen"))
    kind = (case.acute_record or {}).get("kind")
    destinations = destinations_for(
        minor=case.minor,
        domestic_or_dependency=bool(signalen.get("domestic")),
        acute_danger=kind == "direct_gevaar",
        acute_unsafety=kind == "acute_onveiligheid",
        forms=[score.form for score in profile.forms],
        needs_shelter=bool(signalen.get("shelter")),
    )
    codes: list[str] = []
    for destination in destinations:
        if destination.code in ROUTE_CODES and destination.code not in codes:
            codes.append(destination.code)
    return codes
