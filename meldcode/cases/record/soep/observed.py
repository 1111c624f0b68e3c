"""Step 1 in the journal: what the patient said, what was seen, what was chosen."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meldcode.cases.models import Case
from meldcode.cases.presentation import (
    case_profile,
)
from meldcode.cases.selectors import case_catalogue
from signals.labels import FORM_NAMES, LEVEL_NAMES, LIST_NAMES, TYPE_NAMES

from .journal import _OBSERVED_TYPES, Letter, _answer, _clean, _date, _Journal


def _signalen(journal: _Journal, case: Case, language: str) -> None:
    """Add step 1: observations on their dates, the rest with the first of them."""
    data: Mapping[str, Any] = case.record.get("signalen") or {}
    observations = [o for o in data.get("observations") or [] if isinstance(o, dict)]
    first = journal.anchor(_date(o.get("when")) for o in observations)
    for row in observations:
        when = _date(row.get("when")) or first
        what = _clean(row.get("what"))
        where = _clean(row.get("where"))
        if where:
            what = _("%(what)s (where: %(where)s)") % {"what": what, "where": where}
        source = row.get("source")
        role = _clean(row.get("role"))
        if row.get("kind") == "interpretatie":
            if source == "derde":
                text = _("Interpretation of a third party (%(role)s): %(what)s")
            elif source == "patient":
                text = _("Interpretation of the patient: %(what)s")
            else:
                text = _("Interpretation: %(what)s")
            journal.add(when, "E", text % {"what": what, "role": role})
        elif source == "derde":
            journal.add(
                when,
                "S",
                _("Information from a third party (%(role)s): %(what)s")
                % {"role": role, "what": what},
                contact="overleg",
            )
        elif source == "patient":
            journal.add(
                when, "S", _("The patient says: %(what)s") % {"what": what}, contact="consult"
            )
        else:
            journal.add(when, "O", what, contact="consult")
    _signalen_general(journal, first, data, minor=case.minor)
    _signals(journal, first, case, language)


def _signalen_general(
    journal: _Journal, day: date, data: Mapping[str, Any], *, minor: bool
) -> None:
    """Add what step 1 records about the patient's situation: language, kindcheck, network."""
    language = _clean(data.get("language"))
    needed = data.get("interpreter_needed")
    if language or needed:
        parts = [_("Language: %(language)s") % {"language": language}] if language else []
        if needed:
            parts.append(_("interpreter needed: %(answer)s") % {"answer": _answer(needed)})
        journal.add(day, "S", "; ".join(parts), contact="consult")
    count = data.get("children_count")
    if isinstance(count, int):
        text = ngettext(
            "Kindcheck: %(count)d minor child in the household",
            "Kindcheck: %(count)d minor children in the household",
            count,
        ) % {"count": count}
        ages = data.get("children_ages") or []
        if ages:
            text += "; " + _("ages: %(ages)s") % {"ages": ", ".join(str(a) for a in ages)}
        if data.get("cares_alone"):
            text += "; " + _("cares for them alone: %(answer)s") % {
                "answer": _answer(data["cares_alone"])
            }
        journal.add(day, "S", text, contact="consult")
    elif data and not minor:
        journal.add(day, "E", _("Kindcheck: not done yet."))
    if network := _clean(data.get("network")):
        journal.add(day, "S", _("Network: %(network)s") % {"network": network}, contact="consult")
    if data.get("dependent_adult"):
        text = _(
            "Mantelzorgverleningscheck: a dependent adult relies on the patient's care: %(answer)s"
        ) % {"answer": _answer(data["dependent_adult"])}
        if details := _clean(data.get("dependent_details")):
            text += f"; {details}"
        journal.add(day, "S", text, contact="consult")
    if data.get("companion"):
        journal.add(
            day,
            "O",
            _("A companion was present who spoke for the patient or would not leave: %(answer)s")
            % {"answer": _answer(data["companion"])},
            contact="consult",
        )
    if data.get("domestic"):
        journal.add(
            day,
            "E",
            _("The exploiter may be in the domestic circle or a relationship of dependency."),
        )
    if data.get("shelter"):
        journal.add(day, "P", _("The patient needs a safe place to stay."))


def _signals(journal: _Journal, day: date, case: Case, language: str) -> None:
    """Add the chosen signals by type, and the signal profile marked as the tool's output."""
    codes = (case.record.get("signalen") or {}).get("signals") or []
    if not codes:
        return
    catalogue = case_catalogue(case)
    chosen = [catalogue.by_code[c] for c in codes if c in catalogue.by_code]
    for kind in ("physical", "behavioural", "psychological", "situational"):
        labels = [s.label.get(language) for s in chosen if s.type == kind and not s.counter]
        if labels:
            letter: Letter = "O" if kind in _OBSERVED_TYPES else "E"
            journal.add(
                day,
                letter,
                _("Signals, %(type)s: %(signals)s")
                % {"type": str(TYPE_NAMES[kind]).lower(), "signals": "; ".join(labels)},
                contact="consult" if letter == "O" else "notitie",
            )
    counters = [s.label.get(language) for s in chosen if s.counter]
    if counters:
        journal.add(day, "E", _("Counter-signals: %(signals)s") % {"signals": "; ".join(counters)})
    profile = case_profile(case)
    parts = [str(LEVEL_NAMES[profile.level])]
    if profile.signals:
        parts.append(_("list: %(list)s") % {"list": LIST_NAMES[profile.list]})
    if profile.forms:
        forms = ", ".join(str(FORM_NAMES[f.form]) for f in profile.forms)
        parts.append(_("forms: %(forms)s") % {"forms": forms})
    if profile.acute:
        parts.append(_("a chosen signal calls for a safety assessment now"))
    journal.add(
        day,
        "E",
        f"{_('Signal profile')} ({_('tool output, not a diagnosis')}): {'; '.join(parts)}",
    )
