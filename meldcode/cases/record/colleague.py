"""A summary of a case for collegial consultation, without patient data.

The KNMG asks doctors to consult a colleague "zonder patiëntgegevens".
Facts with dates and free text can identify a patient even without a name,
so the summary is built only from the structured answers: the track, the
age group (and the age in whole years), the chosen signals and the profile,
the number of children, the checklists, which steps are done, the
afwegingskader answers and the decision. Never the initials, the reference,
a date, or anything the clinician typed.

Every line is then scanned for dates, numbers, e-mail addresses and names
(:mod:`meldcode.deidentify`), with the case's initials as known names and
the fixed vocabulary the summary is made of as allowed words. A line with a
finding is left out, so nothing that could identify the patient reaches the
colleague even if a label or a translation were to hold it.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from meldcode.cases.forms.gesprek import SKIP_CHOICES
from meldcode.cases.forms.wegen import ACUTE_ITEMS, STRUCTURAL_ITEMS
from meldcode.cases.models import Case, Track
from meldcode.cases.presentation import (
    ACUTE_NAMES,
    DECISION_NAMES,
    QUESTION_NAMES,
    case_profile,
    step_title,
)
from meldcode.cases.selectors import case_catalogue
from meldcode.cases.steps import STEPS, decision, flags, steps_complete
from meldcode.deidentify import scan
from signals.labels import FORM_NAMES, LEVEL_NAMES

# Ages above this are given as a group: they are rare enough to identify.
OLDEST_AGE: Final = 90


@dataclass(frozen=True, slots=True)
class ColleagueSummary:
    """The lines of a de-identified summary, and how many lines were left out."""

    lines: tuple[str, ...]
    # Lines left out because the scan found something that could identify.
    withheld: int = 0

    @property
    def text(self) -> str:
        """Return the summary as text, one item per line."""
        return "\n".join(self.lines)


def colleague_summary(case: Case, *, language: str | None = None) -> ColleagueSummary:
    """Return the de-identified summary of ``case``, in ``language`` or the active language."""
    if language is None:
        return _summary(case, get_language() or "nl")
    with translation.override(language):
        return _summary(case, language)


@dataclass
class _Builder:
    """Gather lines made of fixed words, remembering each fixed word as allowed."""

    lines: list[str] = field(default_factory=list)
    fixed: set[str] = field(default_factory=set)

    def word(self, text: str | Promise) -> str:
        """Return a word of the fixed vocabulary, and allow it in the scan."""
        value = str(text)
        self.fixed.add(value)
        return value

    def add(self, label: str | Promise, *values: str | Promise) -> None:
        """Add a line ``label: value; value`` of fixed words."""
        words = "; ".join(self.word(v) for v in values)
        self.lines.append(f"{self.word(label)}: {words}" if values else self.word(label))

    def add_number(self, label: str | Promise, number: int) -> None:
        """Add a line ``label: number``; the number itself is scanned like anything else."""
        self.lines.append(f"{self.word(label)}: {number}")


def _summary(case: Case, language: str) -> ColleagueSummary:
    """Build the summary in the active language, and leave out any line the scan refuses."""
    out = _Builder()
    out.add(_("Summary for collegial consultation, without patient data"))
    out.add(_("Made only from the structured answers: no name, date, number or free text."))
    _patient(out, case)
    _signals(out, case, language)
    _situation(out, case)
    _progress(out, case)
    _decision(out, case)
    known = (case.initials,) if case.initials.strip() else ()
    kept = [line for line in out.lines if not scan(line, known_names=known, allowed=out.fixed)]
    withheld = len(out.lines) - len(kept)
    if withheld:
        kept.append(
            ngettext(
                "One line was left out: it might identify the patient.",
                "%(count)d lines were left out: they might identify the patient.",
                withheld,
            )
            % {"count": withheld}
        )
    return ColleagueSummary(lines=tuple(kept), withheld=withheld)


def _yes_no(value: bool) -> str:
    """Return yes or no."""
    return _("yes") if value else _("no")


def _labels(codes: Iterable[Any], choices: Sequence[tuple[str, Any]]) -> list[str]:
    """Return the words of the known codes among ``codes``."""
    names = dict(choices)
    return [str(names[c]) for c in codes if c in names]


def _patient(out: _Builder, case: Case) -> None:
    """Add the track, the age group and the age in whole years."""
    out.add(_("Meldcode"), Track(case.track).label)
    out.add(_("Patient"), _("a minor") if case.minor else _("an adult"))
    if case.birth_year:
        age = timezone.localdate().year - case.birth_year
        if age >= OLDEST_AGE:
            out.add(_("Age in years, about"), _("%(age)d or older") % {"age": OLDEST_AGE})
        elif age >= 0:
            out.add_number(_("Age in years, about"), age)


def _signals(out: _Builder, case: Case, language: str) -> None:
    """Add the chosen signals, the counter-signals and the profile, marked as the tool's output."""
    codes = (case.record.get("signalen") or {}).get("signals") or []
    catalogue = case_catalogue(case)
    chosen = [catalogue.by_code[c] for c in codes if c in catalogue.by_code]
    signals = [s.label.get(language) for s in chosen if not s.counter]
    counters = [s.label.get(language) for s in chosen if s.counter]
    out.add(_("Signals"), *(signals or [_("none chosen yet")]))
    if counters:
        out.add(_("Counter-signals"), *counters)
    if not chosen:
        return
    profile = case_profile(case)
    tool = _("tool output, not a diagnosis")
    out.add(f"{_('Signal profile')} ({tool})", LEVEL_NAMES[profile.level])
    if profile.forms:
        out.add(
            f"{_('Forms of exploitation')} ({tool})", *(FORM_NAMES[f.form] for f in profile.forms)
        )


def _situation(out: _Builder, case: Case) -> None:
    """Add the kindcheck as a count, the domestic circle, and the checklists of step 4."""
    signalen: Mapping[str, Any] = case.record.get("signalen") or {}
    if signalen.get("domestic"):
        out.add(
            _("The exploiter may be in the domestic circle or a relationship of dependency"),
            _("yes"),
        )
    if not case.minor:
        count = signalen.get("children_count")
        if isinstance(count, int):
            out.add_number(_("Minor children in the household (kindcheck)"), count)
        else:
            out.add(_("Minor children in the household (kindcheck)"), _("not known yet"))
    wegen: Mapping[str, Any] = case.record.get("wegen") or {}
    acute = _labels(wegen.get("acute_items") or [], ACUTE_ITEMS)
    structural = _labels(wegen.get("structural_items") or [], STRUCTURAL_ITEMS)
    if acute:
        out.add(_("Acute unsafety (step 4)"), *acute)
    if structural:
        out.add(_("Structural unsafety (step 4)"), *structural)


def _progress(out: _Builder, case: Case) -> None:
    """Add which steps are done, the conversation, and the flags of the case."""
    state = case.state()
    complete = steps_complete(state)
    done = [step_title(s) for s in STEPS if complete[s]]
    open_steps = [step_title(s) for s in STEPS if not complete[s]]
    out.add(_("Steps complete"), *(done or [_("none yet")]))
    if open_steps:
        out.add(_("Steps still open"), *open_steps)
    gesprek: Mapping[str, Any] = case.record.get("gesprek") or {}
    status = gesprek.get("status")
    if status == "gevoerd":
        out.add(_("Conversation with the patient"), _("held"))
    elif status == "overgeslagen":
        grounds = _labels([gesprek.get("skip_ground")], SKIP_CHOICES)
        out.add(_("Conversation with the patient"), _("skipped for now"), *grounds)
    else:
        out.add(_("Conversation with the patient"), _("not yet"))
    case_flags = flags(state)
    out.add(_("Advies asked from Veilig Thuis"), _yes_no(case_flags.advies_gevraagd))
    out.add(_("Help given or organised"), _yes_no(case_flags.hulp))
    out.add(_("Melding made"), _yes_no(case_flags.gemeld))


def _decision(out: _Builder, case: Case) -> None:
    """Add the afwegingskader answers, the decision so far, and the acute path."""
    beslissen: Mapping[str, Any] = case.record.get("beslissen") or {}
    for n in range(1, 6):
        value = beslissen.get(f"q{n}")
        if isinstance(value, bool):
            label = _("Afwegingsvraag %(number)d, %(name)s") % {
                "number": n,
                "name": QUESTION_NAMES[n],
            }
            out.add(label, _yes_no(value))
    outcome = decision(case.state())
    out.add(_("Decision so far"), DECISION_NAMES[outcome.decision])
    if outcome.next_question is not None:
        out.add(_("Next afwegingsvraag"), QUESTION_NAMES[outcome.next_question])
    if outcome.together_with_veilig_thuis:
        out.add(_("Questions 3 to 5 are answered together with Veilig Thuis."))
    acute = case.acute_record
    if acute:
        kind = acute.get("kind")
        out.add(_("Acute path"), _("yes"), *([ACUTE_NAMES[kind]] if kind in ACUTE_NAMES else []))
    else:
        out.add(_("Acute path"), _("no"))
