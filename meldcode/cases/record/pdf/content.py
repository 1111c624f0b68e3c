"""The steps of a case as flowables: facts apart from interpretations, each with its source."""

from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from datetime import datetime
from typing import Any, cast

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib import colors
from reportlab.platypus import (
    Flowable,
    Spacer,
    Table,
    TableStyle,
)

from meldcode.cases.forms import STEP_FORMS
from meldcode.cases.forms.beslissen import QUESTIONS
from meldcode.cases.forms.consultatie import ColleagueForm
from meldcode.cases.forms.gesprek import RISKY_INTERPRETERS
from meldcode.cases.forms.signalen import ObservationForm
from meldcode.cases.models import Case
from meldcode.cases.presentation import (
    ACUTE_NAMES,
    DECISION_NAMES,
    QUESTION_NAMES,
    answers_of,
    step_title,
)
from meldcode.cases.selectors import case_catalogue
from meldcode.cases.steps import STEPS, decision

from .styles import (
    BODY,
    CELL,
    DECISION,
    FACT,
    H2,
    H3,
    HEAD_CELL,
    INTERPRETATION,
    INTERPRETATION_BG,
    LABEL,
    LABEL_BG,
    PATH,
    SMALL,
    WIDTH,
    _date,
    _items,
    _moment,
    _pairs,
    boxed,
    grid,
    paragraph,
)

# The fields of each step, in groups under an optional heading. Observations,
# colleagues and the afwegingsvragen have tables of their own.
GROUPS: Mapping[str, Sequence[tuple[Promise | None, str]]] = {
    "signalen": (
        (gettext_lazy("Situation"), "domestic shelter"),
        (gettext_lazy("Kindcheck"), "children_count children_ages cares_alone network"),
        (gettext_lazy("Mantelzorgverleningscheck"), "dependent_adult dependent_details"),
        (gettext_lazy("Companion and language"), "companion language interpreter_needed"),
    ),
    "consultatie": (
        (gettext_lazy("Veilig Thuis advies"), "vt_date vt_adviser vt_advice"),
        (
            gettext_lazy("Other consultations"),
            "injury_expert injury_date injury_outcome csg_date csg_notes",
        ),
    ),
    "gesprek": (
        (
            None,
            "status date seen_alone interpreter interpreter_language interpreter_who "
            "confidentiality_explained safety_info discussed reaction child_alone parents "
            "skip_ground skip_explanation next_attempt",
        ),
    ),
    "wegen": ((None, "acute_items structural_items weighing"),),
    "beslissen": (
        (None, "reasons"),
        (gettext_lazy("Help"), "help_what help_by help_until help_evaluation"),
        (
            gettext_lazy("Melding and open melden"),
            "melding_date informed informed_who informed_reaction informed_objections "
            "exception_ground exception_reason",
        ),
        (
            gettext_lazy("Conflict van plichten"),
            "disclosure disclosure_basis cvp_1 cvp_2 cvp_3 cvp_4 cvp_5",
        ),
        (gettext_lazy("CoMensha"), "comensha_consent comensha_consent_date"),
        (gettext_lazy("Agreements"), "agreements"),
    ),
}


def _choice_names(field: forms.Field) -> dict[str, str]:
    """Return the names of a choice field's codes, as the form offered them."""
    choices = cast(Iterable[tuple[object, object]], getattr(field, "choices", ()))
    return {str(code): str(name) for code, name in choices}


def _shown(field: forms.Field, value: Any, language: str) -> str | None:
    """Return a recorded answer in words, or None when nothing was recorded."""
    if value is None or value == "" or value == [] or value is False:
        return None
    if isinstance(field, forms.BooleanField):
        return _("yes")
    if isinstance(field, forms.DateField):
        return _date(value, language)
    if isinstance(field, forms.ChoiceField):
        names = _choice_names(field)
        if isinstance(value, list):
            return "\n".join(f"• {names.get(v, v)}" for v in value)
        return names.get(str(value), str(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _fields(
    fields: Mapping[str, forms.Field], data: Mapping[str, Any], names: Iterable[str], language: str
) -> Table | None:
    """Return the recorded ``names`` of a step as a label/value table, or None when empty."""
    rows = []
    for name in names:
        field = fields[name]
        if (shown := _shown(field, data.get(name), language)) is not None:
            rows.append((str(field.label), shown))
    return _pairs(rows) if rows else None


def _groups(step: str, data: Mapping[str, Any], language: str) -> list[Flowable]:
    """Return the grouped field tables of one step."""
    fields = cast(type[forms.Form], STEP_FORMS[step]).base_fields
    story: list[Flowable] = []
    for heading, names in GROUPS[step]:
        table = _fields(fields, data, names.split(), language)
        if table is None:
            continue
        if heading is not None:
            story.append(paragraph(heading, H3))
        story.append(table)
    return story


def _observations(data: Mapping[str, Any], language: str) -> list[Flowable]:
    """Return the facts and the interpretations of step 1 as two separate tables."""
    fields = ObservationForm.base_fields
    sources = _choice_names(fields["source"])
    widths = (WIDTH * 0.46, WIDTH * 0.17, WIDTH * 0.15, WIDTH * 0.22)
    head = [str(fields[n].label) for n in ("what", "when", "where", "source")]
    story: list[Flowable] = []
    observations = data.get("observations") or []
    for kind, title, colour, tint in (
        ("feit", _("Facts and observations"), FACT, None),
        ("interpretatie", _("Interpretations"), INTERPRETATION, INTERPRETATION_BG),
    ):
        story.append(paragraph(title, H3))
        rows = [o for o in observations if o.get("kind", "feit") == kind]
        if not rows:
            story.append(paragraph(_("None recorded."), SMALL))
            continue
        cells: list[list[Flowable]] = [[paragraph(h, HEAD_CELL) for h in head]]
        for o in rows:
            source = sources.get(o.get("source", ""), o.get("source", ""))
            if o.get("role"):
                source = f"{source} ({o['role']})"
            when = _date(o["when"], language) if o.get("when") else "—"
            cells.append(
                [
                    paragraph(v, CELL)
                    for v in (o.get("what", ""), when, o.get("where") or "—", source)
                ]
            )
        table = grid(cells, widths, head=colour)
        if tint is not None:
            table.setStyle(TableStyle([("BACKGROUND", (0, 1), (-1, -1), tint)]))
        story.append(table)
    return story


def _signals(case: Case, data: Mapping[str, Any], language: str) -> list[Flowable]:
    """Return the signals chosen in step 1, in the words of the case's catalogue."""
    codes = data.get("signals") or []
    if not codes:
        return []
    catalogue = case_catalogue(case)
    labels = []
    for code in codes:
        signal = catalogue.by_code.get(code)
        label = signal.label.get(language) if signal else code
        labels.append(f"{label} ({_('counter-signal')})" if signal and signal.counter else label)
    return [paragraph(_("Signals chosen"), H3), *_items(labels)]


def _colleagues(data: Mapping[str, Any], language: str) -> list[Flowable]:
    """Return the consultations of colleagues in step 2 as a table."""
    rows = data.get("colleagues") or []
    if not rows:
        return []
    fields = ColleagueForm.base_fields
    head = [str(fields[n].label) for n in ("role", "date", "advice", "anonymous")]
    cells: list[list[Flowable]] = [[paragraph(h, HEAD_CELL) for h in head]]
    for row in rows:
        when = _date(row["date"], language) if row.get("date") else "—"
        anonymous = _("yes") if row.get("anonymous") else _("no")
        cells.append(
            [
                paragraph(v, CELL)
                for v in (row.get("role", ""), when, row.get("advice", ""), anonymous)
            ]
        )
    widths = (WIDTH * 0.26, WIDTH * 0.17, WIDTH * 0.41, WIDTH * 0.16)
    return [paragraph(_("Colleagues consulted"), H3), grid(cells, widths, head=FACT)]


def _afweging(case: Case) -> list[Flowable]:
    """Return the afwegingsvragen answered, the decision and the reasons of step 5."""
    answers = answers_of(case)
    outcome = decision(case.state())
    cells: list[list[Flowable]] = []
    for n in range(1, 6):
        answer = answers[n]
        if answer is None and n != outcome.next_question:
            continue
        # The Dutch name that starts the question has a column of its own.
        question = str(QUESTIONS[n][0]).split(": ", 1)[-1]
        question = question[:1].upper() + question[1:]
        shown = _("not answered yet") if answer is None else _("yes") if answer else _("no")
        cells.append(
            [
                paragraph(f"{n}. {QUESTION_NAMES[n]}", LABEL),
                paragraph(question, CELL),
                paragraph(shown, LABEL),
            ]
        )
    story: list[Flowable] = [paragraph(_("Afwegingskader"), H3)]
    if cells:
        widths = (WIDTH * 0.3, WIDTH * 0.55, WIDTH * 0.15)
        story.append(grid(cells, widths))
    decided = [
        paragraph(_("Decision"), SMALL),
        paragraph(DECISION_NAMES[outcome.decision], DECISION),
    ]
    if outcome.together_with_veilig_thuis:
        decided.append(
            paragraph(
                _(
                    "Melden; afwegingen 3 to 5 are answered together with Veilig Thuis. "
                    "Help can go on next to the melding."
                ),
                CELL,
            )
        )
    story += [Spacer(1, 4), boxed(decided, border=PATH, background=LABEL_BG)]
    return story


def _step(case: Case, number: int, step: str, language: str) -> list[Flowable]:
    """Return one step of the Meldcode with everything recorded for it."""
    story: list[Flowable] = [
        paragraph(
            _("Step %(number)d: %(title)s") % {"number": number, "title": step_title(step)}, H2
        )
    ]
    data = case.record.get(step)
    acute = case.acute_record or {}
    if not isinstance(data, dict) or not data:
        skipped = step in (acute.get("skipped") or [])
        story.append(
            paragraph(_("Skipped on the acute path.") if skipped else _("Not recorded."), SMALL)
        )
        return story
    if step == "signalen":
        story += _observations(data, language) + _signals(case, data, language)
    elif step == "consultatie":
        story += _colleagues(data, language)
    elif step == "gesprek" and data.get("interpreter_who") in RISKY_INTERPRETERS:
        story.append(
            paragraph(
                _("Warning: the companion or a child interpreted, who may not be impartial."), LABEL
            )
        )
    elif step == "beslissen":
        story += _afweging(case)
    return story + _groups(step, data, language)


def _acute(case: Case, language: str) -> list[Flowable]:
    """Return the acute exit: the kind of danger, why the steps were skipped, and which."""
    acute = case.acute_record
    if not acute:
        return []
    content: list[Flowable] = [
        paragraph(ACUTE_NAMES.get(acute.get("kind", ""), acute.get("kind", "")), DECISION),
        paragraph(acute.get("reason", ""), BODY),
    ]
    with suppress(TypeError, ValueError):
        at = datetime.fromisoformat(acute["at"])
        content.append(paragraph(f"{_('When')}: {_moment(at, language)}", SMALL))
    if skipped := [step_title(s) for s in acute.get("skipped") or [] if s in STEPS]:
        content.append(paragraph(f"{_('Steps skipped:')} {'; '.join(skipped)}", CELL))
    return [
        paragraph(_("Acute path"), H2),
        boxed(content, border=colors.HexColor("#b3261e"), background=colors.HexColor("#fdecea")),
    ]
