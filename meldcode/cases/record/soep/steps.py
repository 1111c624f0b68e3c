"""Steps 2 to 5 in the journal, and the acute exit and the closing."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from meldcode.cases.forms.beslissen import (
    BASIS_CHOICES,
    CONFLICT_QUESTIONS,
    DISCLOSURE_CHOICES,
    EXCEPTION_CHOICES,
)
from meldcode.cases.forms.gesprek import (
    INFORMAL_CHOICES,
    INTERPRETER_CHOICES,
    PARENTS_CHOICES,
    RISKY_INTERPRETERS,
    SKIP_CHOICES,
)
from meldcode.cases.forms.wegen import ACUTE_ITEMS, STRUCTURAL_ITEMS
from meldcode.cases.models import Case, Status
from meldcode.cases.presentation import (
    ACUTE_NAMES,
    DECISION_NAMES,
    QUESTION_NAMES,
    step_title,
)
from meldcode.cases.steps import STEPS, decision

from .journal import _answer, _choice, _clean, _date, _day, _Journal


def _consultatie(journal: _Journal, data: Mapping[str, Any]) -> None:
    """Add step 2: each consultation on its date."""
    colleagues = [c for c in data.get("colleagues") or [] if isinstance(c, dict)]
    vt_date, injury_date, csg_date = (
        _date(data.get(k)) for k in ("vt_date", "injury_date", "csg_date")
    )
    first = journal.anchor(
        [*(_date(c.get("date")) for c in colleagues), vt_date, injury_date, csg_date]
    )
    for row in colleagues:
        when = _date(row.get("date"))
        parts = [_("Collegial consultation"), _clean(row.get("role")) or "—"]
        if when:
            parts.append(_day(when))
        if row.get("anonymous"):
            parts.append(_("without patient data"))
        journal.add(
            when or first,
            "P",
            _advised(parts, row.get("advice")),
            contact="overleg",
        )
    if data.get("vt_advice") or vt_date:
        parts = [_("Veilig Thuis advies")]
        if vt_date:
            parts.append(_day(vt_date))
        if adviser := _clean(data.get("vt_adviser")):
            parts.append(_("adviser: %(adviser)s") % {"adviser": adviser})
        journal.add(
            vt_date or first, "P", _advised(parts, data.get("vt_advice")), contact="overleg"
        )
    expert, outcome = _clean(data.get("injury_expert")), _clean(data.get("injury_outcome"))
    if expert or outcome or injury_date:
        day = injury_date or first
        journal.add(
            day, "P", _("Letselduiding: %(expert)s") % {"expert": expert or "—"}, contact="overleg"
        )
        if outcome:
            journal.add(
                day, "O", _("Outcome of the letselduiding: %(outcome)s") % {"outcome": outcome}
            )
    notes = _clean(data.get("csg_notes"))
    if csg_date or notes:
        journal.add(
            csg_date or first,
            "P",
            _("Centrum Seksueel Geweld consulted: %(advice)s") % {"advice": notes or "—"},
            contact="overleg",
        )


def _advised(parts: list[str], advice: Any) -> str:
    """Word a consultation as ``what: who; when; how. Advice: what was advised``."""
    text = parts[0] + (": " + "; ".join(parts[1:]) if parts[1:] else "")
    if advice := _clean(advice):
        text += ". " + _("Advice: %(advice)s") % {"advice": advice}
    return text


def _gesprek(journal: _Journal, data: Mapping[str, Any]) -> None:
    """Add step 3: the conversation on its date, or why it was skipped."""
    status = data.get("status")
    if status == "overgeslagen":
        day = journal.anchor([])
        text = _("Conversation with the patient skipped: %(ground)s.") % {
            "ground": _choice(SKIP_CHOICES, data.get("skip_ground"))
        }
        if explanation := _clean(data.get("skip_explanation")):
            text += f" {explanation}"
        journal.add(day, "P", text)
        if attempt := _date(data.get("next_attempt")):
            journal.add(
                day, "P", _("Next attempt at the conversation: %(date)s.") % {"date": _day(attempt)}
            )
        return
    if status != "gevoerd":
        return
    day = _date(data.get("date")) or journal.anchor([])
    if discussed := _clean(data.get("discussed")):
        journal.add(
            day,
            "S",
            _("Discussed the concerns: %(discussed)s") % {"discussed": discussed},
            contact="consult",
        )
    if reaction := _clean(data.get("reaction")):
        journal.add(
            day,
            "S",
            _("Reaction of the patient: %(reaction)s") % {"reaction": reaction},
            contact="consult",
        )
    if interpreter := _interpreter(data):
        journal.add(day, "S", interpreter, contact="consult")
    if data.get("child_alone"):
        journal.add(day, "S", _("Spoke with the child alone at least once."), contact="consult")
    if data.get("seen_alone"):
        journal.add(
            day,
            "O",
            _("Seen alone: %(answer)s") % {"answer": _answer(data["seen_alone"])},
            contact="consult",
        )
    if data.get("confidentiality_explained"):
        journal.add(day, "P", _("Explained the limits of confidentiality."))
    if safety := _clean(data.get("safety_info")):
        journal.add(day, "P", _("Safety information given: %(info)s") % {"info": safety})
    if data.get("parents"):
        journal.add(
            day,
            "P",
            _("Spoke with the parents who hold custody: %(answer)s")
            % {"answer": _choice(PARENTS_CHOICES, data["parents"])},
        )


def _interpreter(data: Mapping[str, Any]) -> str:
    """Word the interpreter of the conversation, with a warning for the companion or a child."""
    kind = data.get("interpreter")
    language = _clean(data.get("interpreter_language"))
    if not kind and not language:
        return ""
    parts = []
    if kind == "geen":
        parts.append(_("No interpreter needed"))
    elif kind:
        parts.append(_choice(INTERPRETER_CHOICES, kind))
    who = data.get("interpreter_who")
    if kind == "informeel" and who:
        parts.append(_choice(INFORMAL_CHOICES, who).lower())
    if language:
        parts.append(_("language: %(language)s") % {"language": language})
    text = "; ".join(parts)
    text = text[:1].upper() + text[1:]
    if who in RISKY_INTERPRETERS:
        text += ". " + _("Note: the companion or a child interpreted.")
    return text


def _wegen(journal: _Journal, data: Mapping[str, Any]) -> None:
    """Add step 4: the checklists and the weighing, after the steps before it."""
    day = journal.anchor([])
    acute = [
        str(dict(ACUTE_ITEMS)[c]) for c in data.get("acute_items") or [] if c in dict(ACUTE_ITEMS)
    ]
    structural = [
        str(dict(STRUCTURAL_ITEMS)[c])
        for c in data.get("structural_items") or []
        if c in dict(STRUCTURAL_ITEMS)
    ]
    if acute:
        journal.add(day, "E", _("Acute unsafety: %(items)s") % {"items": "; ".join(acute)})
    if structural:
        journal.add(
            day, "E", _("Structural unsafety: %(items)s") % {"items": "; ".join(structural)}
        )
    if weighing := _clean(data.get("weighing")):
        journal.add(
            day, "E", _("Weighing of nature and seriousness: %(weighing)s") % {"weighing": weighing}
        )


def _beslissen(journal: _Journal, case: Case) -> None:
    """Add step 5: the afwegingskader, the decision, the melding, help and agreements."""
    data: Mapping[str, Any] = case.record.get("beslissen") or {}
    if not data:
        return
    melding = _date(data.get("melding_date"))
    day = melding or journal.anchor([])
    for n in range(1, 6):
        value = data.get(f"q{n}")
        if isinstance(value, bool):
            journal.add(
                day,
                "E",
                _("Afwegingsvraag %(number)d, %(name)s: %(answer)s")
                % {
                    "number": n,
                    "name": QUESTION_NAMES[n],
                    "answer": _("yes") if value else _("no"),
                },
            )
    outcome = decision(case.state())
    if outcome.decision != "onvolledig" or any(
        isinstance(data.get(f"q{n}"), bool) for n in range(1, 6)
    ):
        journal.add(
            day, "E", _("Decision: %(decision)s") % {"decision": DECISION_NAMES[outcome.decision]}
        )
    if outcome.together_with_veilig_thuis:
        journal.add(day, "E", _("Questions 3 to 5 are answered together with Veilig Thuis."))
    if reasons := _clean(data.get("reasons")):
        journal.add(day, "E", _("Reasons: %(reasons)s") % {"reasons": reasons})
    if melding:
        journal.add(
            day, "P", _("Melding made to Veilig Thuis on %(date)s.") % {"date": _day(melding)}
        )
    _told(journal, day, data)
    _help(journal, day, data)
    if agreements := _clean(data.get("agreements")):
        journal.add(
            day, "P", _("Follow-up agreements: %(agreements)s") % {"agreements": agreements}
        )
    _disclosure(journal, day, data)
    if data.get("comensha_consent"):
        consent = _date(data.get("comensha_consent_date"))
        journal.add(
            day,
            "P",
            _("Written consent to registration with CoMensha, dated %(date)s.")
            % {"date": _day(consent) if consent else "—"},
        )


def _told(journal: _Journal, day: date, data: Mapping[str, Any]) -> None:
    """Add who was told of the melding and how they reacted, or why no one was told."""
    informed = data.get("informed")
    if informed == "ja":
        journal.add(
            day,
            "P",
            _("Told about the melding: %(who)s.")
            % {"who": _clean(data.get("informed_who")) or "—"},
        )
        if reaction := _clean(data.get("informed_reaction")):
            journal.add(day, "P", _("Their reaction: %(reaction)s") % {"reaction": reaction})
    elif informed == "nee":
        text = _("Not told about the melding (exception to open melden): %(ground)s.") % {
            "ground": _choice(EXCEPTION_CHOICES, data.get("exception_ground"))
        }
        if reason := _clean(data.get("exception_reason")):
            text += f" {reason}"
        journal.add(day, "P", text)
    if objections := _clean(data.get("informed_objections")):
        journal.add(
            day,
            "P",
            _("Their objections, or the attempts to reach them: %(objections)s")
            % {"objections": objections},
        )


def _help(journal: _Journal, day: date, data: Mapping[str, Any]) -> None:
    """Add the help: what, by whom, the agreed period and the evaluation date."""
    what = _clean(data.get("help_what"))
    if not what:
        return
    parts = [_("Help: %(what)s") % {"what": what}]
    if by := _clean(data.get("help_by")):
        parts.append(_("by: %(by)s") % {"by": by})
    if until := _date(data.get("help_until")):
        parts.append(_("agreed period until %(date)s") % {"date": _day(until)})
    if evaluation := _date(data.get("help_evaluation")):
        parts.append(_("evaluation on %(date)s") % {"date": _day(evaluation)})
    journal.add(day, "P", "; ".join(parts))


def _disclosure(journal: _Journal, day: date, data: Mapping[str, Any]) -> None:
    """Add a disclosure outside Veilig Thuis, its basis and the conflict van plichten."""
    whom = data.get("disclosure")
    if not whom:
        return
    journal.add(
        day,
        "P",
        _("Disclosure to: %(whom)s. Basis: %(basis)s.")
        % {
            "whom": _choice(DISCLOSURE_CHOICES, whom),
            "basis": _choice(BASIS_CHOICES, data.get("disclosure_basis")),
        },
    )
    for name, question in CONFLICT_QUESTIONS:
        if answer := _clean(data.get(name)):
            journal.add(
                day,
                "P",
                _("Conflict van plichten: %(question)s %(answer)s")
                % {"question": question, "answer": answer},
            )


def _acuut(journal: _Journal, case: Case) -> None:
    """Add the acute exit on its date: the kind of danger, why, and the steps skipped."""
    acute = case.acute_record
    if not acute:
        return
    day = _date(acute.get("at")) or journal.anchor([])
    kind = str(acute.get("kind") or "")
    journal.add(day, "P", _("Acute exit: %(kind)s") % {"kind": ACUTE_NAMES.get(kind, kind)})
    if reason := _clean(acute.get("reason")):
        journal.add(day, "P", _("Why the steps were skipped: %(reason)s") % {"reason": reason})
    skipped = [step_title(s) for s in acute.get("skipped") or [] if s in STEPS]
    if skipped:
        journal.add(
            day,
            "P",
            _("Steps skipped, to record afterwards: %(steps)s") % {"steps": "; ".join(skipped)},
        )


def _closed(journal: _Journal, case: Case) -> None:
    """Add the closing of the case and its reason."""
    if case.status != Status.CLOSED:
        return
    closed_at = getattr(case, "closed_at", None)
    day = timezone.localdate(closed_at) if closed_at else journal.anchor([])
    reason = _clean(case.closed_reason)
    journal.add(day, "P", _("Meldcode closed: %(reason)s") % {"reason": reason or "—"})
