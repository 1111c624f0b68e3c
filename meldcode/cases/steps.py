"""Which Meldcode step is complete, and whether a melding may be finalised.

Pure rules over a case's record: the cleaned answers of each step, kept as
plain JSON-like mappings. The order of the steps is not binding (KNMG), but
every necessary step must be done before a melding, except on the acute path,
where the clinician acts at once and records afterwards what was skipped and
why. No Django imports here.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from meldcode.afwegingskader import Outcome, decide

Step = Literal["signalen", "consultatie", "gesprek", "wegen", "beslissen"]
STEPS: Final[tuple[Step, ...]] = ("signalen", "consultatie", "gesprek", "wegen", "beslissen")
Track = Literal["knmg", "vvn"]
TRACKS: Final[tuple[Track, ...]] = ("knmg", "vvn")
AcuteKind = Literal["direct_gevaar", "acute_onveiligheid"]
# The three grounds on which the conversation with the patient may be skipped.
SKIP_GROUNDS: Final = frozenset({"risico_patient", "eigen_veiligheid", "geen_contact"})
# What a melding may still be waiting for, as codes the interface words.
Missing = Literal["collega", "veilig_thuis", "collega_of_veilig_thuis", "gesprek", "wegen"]
Record = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class CaseState:
    """What the rules need to know of a case."""

    track: Track
    minor: bool
    # The cleaned answers per step; a step never saved is absent.
    record: Record
    # Set once the clinician took the acute exit.
    acute: Mapping[str, Any] | None = None

    def step(self, name: Step) -> Mapping[str, Any]:
        """Return the answers of one step, empty when it was never saved."""
        return self.record.get(name, {})


@dataclass(frozen=True, slots=True)
class Readiness:
    """Whether a melding may be finalised, and what it still waits for."""

    ready: bool
    missing: tuple[Missing, ...]
    # True when the acute path exempts the case from the steps it skipped.
    acute: bool = False


@dataclass(frozen=True, slots=True)
class Flags:
    """The separate states a case can be in at once."""

    advies_gevraagd: bool
    hulp: bool
    gemeld: bool


def _filled(value: object) -> bool:
    """Tell whether a recorded answer holds something."""
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None and value != [] and value != {}


def colleague_consulted(consultatie: Mapping[str, Any], *, track: Track) -> bool:
    """Tell whether a colleague was consulted, anonymously as the KNMG asks of doctors."""
    colleagues = consultatie.get("colleagues") or []
    if track == "knmg":
        return any(c.get("anonymous", False) for c in colleagues)
    return bool(colleagues)


def veilig_thuis_consulted(consultatie: Mapping[str, Any]) -> bool:
    """Tell whether Veilig Thuis was asked for advice (a date and the advice)."""
    return _filled(consultatie.get("vt_date")) and _filled(consultatie.get("vt_advice"))


def consultation_missing(consultatie: Mapping[str, Any], *, track: Track) -> tuple[Missing, ...]:
    """Return what step 2 still lacks on ``track``.

    Doctors (KNMG 2023) consult a colleague anonymously *and* ask Veilig Thuis
    for advice; nurses and practice staff (V&VN) consult a colleague *or*
    Veilig Thuis.
    """
    colleague = colleague_consulted(consultatie, track=track)
    veilig_thuis = veilig_thuis_consulted(consultatie)
    if track == "knmg":
        missing: list[Missing] = []
        if not colleague:
            missing.append("collega")
        if not veilig_thuis:
            missing.append("veilig_thuis")
        return tuple(missing)
    return () if colleague or veilig_thuis else ("collega_of_veilig_thuis",)


def conversation_settled(gesprek: Mapping[str, Any]) -> bool:
    """Tell whether the conversation was held, or skipped on one of the three grounds."""
    status = gesprek.get("status")
    if status == "gevoerd":
        return _filled(gesprek.get("date")) and _filled(gesprek.get("discussed"))
    if status == "overgeslagen":
        return gesprek.get("skip_ground") in SKIP_GROUNDS and _filled(
            gesprek.get("skip_explanation")
        )
    return False


def decision(state: CaseState) -> Outcome:
    """Return where the afwegingskader answers of step 5 lead."""
    beslissen = state.step("beslissen")
    answers = {n: beslissen.get(f"q{n}") for n in range(1, 6)}
    return decide({n: a if isinstance(a, bool) else None for n, a in answers.items()})


def step_complete(step: Step, state: CaseState) -> bool:
    """Tell whether ``step`` holds what the Meldcode asks to document for it."""
    data = state.step(step)
    if step == "signalen":
        seen = _filled(data.get("signals")) or _filled(data.get("observations"))
        # The kindcheck is required of doctors treating adults: the number of
        # children must be known, even when it is zero.
        kindcheck = state.minor or data.get("children_count") is not None
        return seen and kindcheck
    if step == "consultatie":
        return bool(data) and not consultation_missing(data, track=state.track)
    if step == "gesprek":
        return conversation_settled(data)
    if step == "wegen":
        return _filled(data.get("weighing"))
    outcome = decision(state)
    if outcome.decision == "onvolledig" or not _filled(data.get("reasons")):
        return False
    if outcome.decision == "hulp":
        return all(_filled(data.get(k)) for k in ("help_what", "help_by", "help_evaluation"))
    return True


def steps_complete(state: CaseState) -> dict[Step, bool]:
    """Return for each step, in order, whether it is complete."""
    return {step: step_complete(step, state) for step in STEPS}


def melding_ready(state: CaseState) -> Readiness:
    """Tell whether a melding may be finalised, and what it still waits for.

    Both tracks need step 3 held or skipped on a valid ground and step 4
    done, and step 2 as the track asks. The acute path is exempt once the
    skipped steps and the reason are recorded.
    """
    acute = state.acute
    if acute and _filled(acute.get("reason")):
        return Readiness(ready=True, missing=(), acute=True)
    missing = list(consultation_missing(state.step("consultatie"), track=state.track))
    if not conversation_settled(state.step("gesprek")):
        missing.append("gesprek")
    if not step_complete("wegen", state):
        missing.append("wegen")
    return Readiness(ready=not missing, missing=tuple(missing))


def flags(state: CaseState) -> Flags:
    """Return the flags advies gevraagd, hulp and gemeld; a melding and help can both be true."""
    beslissen = state.step("beslissen")
    return Flags(
        advies_gevraagd=veilig_thuis_consulted(state.step("consultatie")),
        hulp=_filled(beslissen.get("help_what")),
        gemeld=_filled(beslissen.get("melding_date")),
    )


def skipped_steps(state: CaseState) -> list[Step]:
    """Return the steps 1-4 not complete now: what the acute exit skips."""
    return [step for step in STEPS[:4] if not step_complete(step, state)]


PHYSICIANS: Final = frozenset({"huisarts", "other_physician"})


def track_for(profession: str) -> Track:
    """Return the Meldcode a profession follows: the KNMG's for physicians, else the V&VN's."""
    return "knmg" if profession in PHYSICIANS else "vvn"
