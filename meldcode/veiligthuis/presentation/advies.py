"""The sections of an advies, in the order of the phone call: the question first."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from meldcode.cases.presentation import STEP_NAMES, step_title

from .base import (
    Payload,
    Rows,
    Section,
    answer_rows,
    items,
    namer,
    obj,
    profession,
    profile_section,
    yes_no,
)
from .labels import AGE_BAND_NAMES


def _steps(values: object) -> str:
    """Return the steps of the Meldcode done, in the order of the Meldcode."""
    done = {str(v) for v in items(values)}
    names = [step_title(s) for s in STEP_NAMES if s in done]
    names += sorted(s for s in done if s not in STEP_NAMES)
    return "; ".join(names) if names else _("none yet")


def advies_sections(payload: Payload) -> Iterator[Section]:
    """Yield the sections of an advies: the question, the patient, the profile, the steps."""
    question = Rows(payload)
    question.add("question", _("Question"))
    yield question.section("question", _("Question for Veilig Thuis"))

    patient = Rows(payload)
    patient.add("age_band", _("Age group"), namer(AGE_BAND_NAMES))
    patient.add("minor", _("The patient is a minor"), yes_no)
    yield patient.section("patient", _("The patient"))

    yield profile_section(payload, "", "profile_level")

    steps = Rows(payload)
    steps.add("steps_done", _("Steps done"), _steps)
    yield steps.section("steps_done", _("Steps of the Meldcode"))
    yield Section(
        key="afwegingskader",
        title=_("Afwegingskader so far"),
        rows=tuple(answer_rows(payload.get("afwegingskader"), "afwegingskader")),
    )

    asking = Rows(payload.get("professional"), "professional")
    asking.add("profession", _("Profession"), profession)
    asking.add("organisation", _("Organisation"))
    anonymous = obj(payload.get("professional")).get("anonymous") is True
    asking.add(
        "anonymous",
        _("Anonymous to Veilig Thuis"),
        yes_no,
        note=_("Name and callback number are not sent.") if anonymous else None,
    )
    asking.add("name", _("Name"))
    asking.add("callback_phone", _("Callback number"))
    yield asking.section("professional", _("Professional asking for advice"))
