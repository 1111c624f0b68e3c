"""Build the Veilig Thuis payloads of a case, valid against the published schema.

An advies is a consultation that must share no needless personal data:
Veilig Thuis records nothing about the household, and facts with dates and
free text can identify a patient even without a name. So the advies is made
only of structured data — the age band, the signal codes and the profile,
which steps are done, the afwegingskader answers — plus the professional's
question, which is scanned (:mod:`meldcode.deidentify`) and refused while it
holds anything that could identify someone. Never the initials, the birth
year, the reference, a date of an event or anything else the clinician typed.
"""

import tomllib
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, Final

from django.conf import settings
from django.utils import timezone

from meldcode.cases.models import Case
from meldcode.cases.presentation import case_profile
from meldcode.cases.steps import STEPS, steps_complete
from meldcode.deidentify import Finding, scan
from signals.weighing import Profile

from .schema import validate_payload

SCHEMA_VERSION: Final = "1"
SOFTWARE_NAME: Final = "Meldwijzer"
QUESTION_MAX_LENGTH: Final = 2000
# (lowest age, band), highest first; the bands of the schema's ``age_band``.
AGE_BANDS: Final = (
    (65, "65+"),
    (45, "45-64"),
    (30, "30-44"),
    (23, "23-29"),
    (18, "18-22"),
    (16, "16-17"),
    (12, "12-15"),
    (0, "0-11"),
)
# When only minor-or-not is known.
MINOR_BAND: Final = "0-17"
ADULT_BAND: Final = "18+"
ADULT_AGE: Final = 18
KIND_NAMES: Final = {
    "date": "a date",
    "number": "a number (BSN, phone number, postcode, house number)",
    "email": "an e-mail address",
    "name": "a name",
}


class IdentifyingQuestion(ValueError):
    """The question for Veilig Thuis holds something that could identify a person."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        """Keep the findings, so that a page can point at them, and word the refusal."""
        self.findings = findings
        kinds = sorted({KIND_NAMES[f.kind] for f in findings})
        where = ", ".join(f"{KIND_NAMES[f.kind]} at {f.start + 1}-{f.end}" for f in findings)
        # The message names kinds and positions only, never the text found:
        # messages can reach logs.
        super().__init__(
            "The question may identify the patient: it holds "
            + "; ".join(kinds)
            + f" ({where}). Remove it before sending the advies."
        )


@cache
def software_version() -> str:
    """Return this installation's version, as ``pyproject.toml`` gives it."""
    try:
        with (settings.BASE_DIR / "pyproject.toml").open("rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def age_band(*, birth_year: int | None, minor: bool, today: date) -> str:
    """Return the age band of a patient, from the birth year when known.

    The birth year gives the age to within a year; whether the patient is a
    minor is what the clinician recorded, so it wins at the edge.
    """
    if birth_year is None:
        return MINOR_BAND if minor else ADULT_BAND
    age = max(today.year - birth_year, 0)
    age = min(age, ADULT_AGE - 1) if minor else max(age, ADULT_AGE)
    return next(band for lowest, band in AGE_BANDS if age >= lowest)


def afwegingskader_answers(beslissen: Mapping[str, Any]) -> dict[str, bool | None]:
    """Return the afwegingskader answers so far: yes, no or not answered."""
    answers: dict[str, bool | None] = {}
    for n in range(1, 6):
        value = beslissen.get(f"q{n}")
        answers[f"q{n}"] = value if isinstance(value, bool) else None
    return answers


def created_at(now: datetime) -> str:
    """Return ``now`` as an RFC 3339 time in UTC; a naive time is refused."""
    if timezone.is_naive(now):
        raise ValueError("The creation time must be an aware datetime.")
    return now.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def software() -> dict[str, str]:
    """Return the ``software`` object of a payload: this software and its version."""
    return {"name": SOFTWARE_NAME, "version": software_version()}


def profile_forms(profile: Profile) -> list[str]:
    """Return the forms of exploitation the counted signals point to."""
    return [score.form for score in profile.forms if score.score > 0]


def chosen_signal_codes(profile: Profile) -> list[str]:
    """Return the codes of every chosen signal, counter-signals and not applicable ones too."""
    chosen = (*profile.signals, *profile.counter_signals, *profile.not_applicable)
    return sorted({signal.code for signal in chosen})


def steps_done(case: Case) -> list[str]:
    """Return the Meldcode steps that are complete, in order."""
    complete = steps_complete(case.state())
    return [step for step in STEPS if complete[step]]


def _checked_question(case: Case, question: str, known_names: Sequence[str] = ()) -> str:
    """Return the question stripped, or refuse it when empty, too long or identifying."""
    text = question.strip()
    if not text:
        raise ValueError("Write the question for Veilig Thuis.")
    if len(text) > QUESTION_MAX_LENGTH:
        raise ValueError(f"The question is longer than {QUESTION_MAX_LENGTH} characters.")
    known = (case.initials,) if case.initials.strip() else ()
    findings = scan(text, known_names=(*known, *known_names))
    if findings:
        raise IdentifyingQuestion(findings)
    return text


def _professional(
    *, profession: str, organisation: str, anonymous: bool, name: str, callback_phone: str
) -> dict[str, Any]:
    """Return who asks; their name and number only when they do not choose anonymity."""
    professional: dict[str, Any] = {
        "profession": profession,
        "organisation": organisation.strip(),
        "anonymous": anonymous,
    }
    if anonymous:
        # Anonymity means these are not sent, whatever the caller passed.
        return professional
    if not name.strip():
        raise ValueError("Give your name, or choose to stay anonymous to Veilig Thuis.")
    professional["name"] = name.strip()
    if callback_phone.strip():
        professional["callback_phone"] = callback_phone.strip()
    return professional


def advies_payload(
    case: Case,
    *,
    question: str,
    profession: str,
    organisation: str,
    anonymous: bool,
    name: str = "",
    callback_phone: str = "",
    region: str,
    payload_id: uuid.UUID,
    now: datetime,
    known_names: Sequence[str] = (),
) -> dict[str, Any]:
    """Return the advies payload of ``case``, valid against the schema.

    Built only from the structured data of the case. Raise
    :class:`IdentifyingQuestion` (a ``ValueError``) when the question holds
    a name from the case, a BSN-like or phone number, a postcode, an e-mail
    address or a date, and ``ValueError`` for an empty question or a
    missing name of a professional who does not stay anonymous.
    """
    text = _checked_question(case, question, known_names)
    profile = case_profile(case)
    payload: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": str(payload_id),
        "type": "advies",
        "created_at": created_at(now),
        "software": software(),
        "region": region,
        "question": text,
        "age_band": age_band(
            birth_year=case.birth_year, minor=case.minor, today=timezone.localtime(now).date()
        ),
        "minor": case.minor,
        "forms": profile_forms(profile),
        "signals": chosen_signal_codes(profile),
        "profile_level": profile.level,
        "steps_done": steps_done(case),
        "afwegingskader": afwegingskader_answers(case.record.get("beslissen") or {}),
        "professional": _professional(
            profession=profession,
            organisation=organisation,
            anonymous=anonymous,
            name=name,
            callback_phone=callback_phone,
        ),
    }
    errors = validate_payload(payload)
    if errors:
        # The builder should never make an invalid payload: this is a bug (or
        # a bad region or profession code from the caller).
        raise ValueError("The advies payload is not valid: " + "; ".join(errors))
    return payload
