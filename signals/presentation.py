"""Turn a weighing profile into what the profile panel and its summary show.

Kept apart from the views so that the Meldcode wizard can show the same
panel. Everything here is wording: the rules are in :mod:`signals.weighing`
and :mod:`meldcode.routing`.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meldcode.routing import route

from .labels import (
    DIMENSION_NAMES,
    ELEMENT_NAMES,
    FORM_NAMES,
    GRADE_NAMES,
    LEVEL_NAMES,
    LIST_NAMES,
)
from .vocabulary import DIMENSIONS, LISTS, Catalogue
from .weighing import DimensionResult, Missing, Profile


def missing_text(missing: Missing | None) -> str:
    """Say in words what a dimension still needs to meet the ILO rule."""
    if missing is None:
        return ""
    options = []
    if missing.strong is not None:
        options.append(
            ngettext("%(n)d more strong indicator", "%(n)d more strong indicators", missing.strong)
            % {"n": missing.strong}
        )
    if missing.medium is not None:
        options.append(
            ngettext("%(n)d more medium indicator", "%(n)d more medium indicators", missing.medium)
            % {"n": missing.medium}
        )
    if missing.weak is not None:
        options.append(
            ngettext("%(n)d more weak indicator", "%(n)d more weak indicators", missing.weak)
            % {"n": missing.weak}
        )
    return _("Needs %(options)s.") % {"options": _(" or ").join(options)}


def list_reason(profile: Profile) -> str:
    """Say which list the headline reading used, and why."""
    other = profile.other_reading
    age = (
        _("The patient is a minor, so the child lists apply.")
        if profile.minor
        else _("The patient is an adult, so the adult lists apply.")
    )
    if profile.level == other.level and profile.reading.positive_count == other.positive_count:
        which = _("Both lists give the same result; the labour list is shown.")
    else:
        which = _("This list gives the higher result.")
    return f"{age} {which}"


def level_reason(profile: Profile) -> str:
    """Explain the level in plain words, without judging for the clinician."""
    reading = profile.reading
    if profile.level == "geen":
        if profile.not_applicable:
            return _(
                "The chosen signals are meant for another age group, so none of them is counted."
            )
        if profile.counter_signals:
            return _(
                "Only counter-signals were chosen; they weaken a concern but count for nothing."
            )
        return _("Choose what you saw or heard to see what it amounts to.")
    if profile.level == "signalen":
        return _(
            "No element of trafficking meets the ILO rule yet. Any signal of trafficking is "
            "still a reason to ask Veilig Thuis for advice."
        )
    if profile.level == "alle_elementen":
        if profile.minor:
            return _(
                "Recruitment and exploitation both meet the ILO rule. For a minor no means "
                "are needed: together these meet the ILO rule for trafficking."
            )
        return _(
            "Recruitment, exploitation and coercion or abuse of vulnerability at destination "
            "all meet the ILO rule: together they meet the ILO rule for trafficking."
        )
    positive = [str(DIMENSION_NAMES[d]) for d, r in reading.dimensions.items() if r.positive]
    missing = [str(ELEMENT_NAMES[e]) for e in reading.missing_elements]
    return " ".join(
        (
            _("Meets the ILO rule: %(dimensions)s.") % {"dimensions": ", ".join(positive)},
            _("Not yet for: %(elements)s.") % {"elements": ", ".join(missing)},
        )
    )


def _dimension_context(
    result: DimensionResult, catalogue: Catalogue, language: str
) -> dict[str, Any]:
    """Describe one dimension: which indicators counted and which signals stood for them.

    The words are put together here rather than in the template: the panel
    is rendered on every click, and each template tag costs.
    """
    indicators = []
    for key, grade in zip(result.indicators, result.grades, strict=True):
        seen = "; ".join(s.label.get(language) for s in result.signals if s.indicator == key)
        indicators.append(
            {
                "label": catalogue.indicators[key].label.get(language),
                "grade": GRADE_NAMES[grade],
                "seen": _("seen as:") + " " + seen,
            }
        )
    off_list = "; ".join(s.label.get(language) for s in result.off_list)
    counters = "; ".join(s.label.get(language) for s in result.counter_signals)
    return {
        "code": result.dimension,
        "name": DIMENSION_NAMES[result.dimension],
        "positive": result.positive,
        "status": _("meets the ILO rule") if result.positive else _("not yet"),
        "counts": _("Indicators: %(strong)s strong, %(medium)s medium, %(weak)s weak")
        % {"strong": result.strong, "medium": result.medium, "weak": result.weak},
        "pips": result.grades,
        "indicators": indicators,
        "off_list": off_list and f"{_('Not on this list, so not counted:')} {off_list}",
        "counter_signals": counters and f"{_('Counter-signals:')} {counters}",
        "missing": missing_text(result.missing),
    }


def routes_context(
    profile: Profile,
    *,
    domestic: bool = False,
    shelter: bool = False,
    acute_danger: bool | None = None,
    acute_unsafety: bool = False,
) -> list[dict[str, str]]:
    """Return whom to contact for this profile, translated, first things first.

    ``acute_danger`` defaults to the profile's acute signals; a case passes
    the clinician's own judgement of direct danger instead.
    """
    destinations = route(
        minor=profile.minor,
        domestic_or_dependency=domestic,
        acute_danger=profile.acute if acute_danger is None else acute_danger,
        acute_unsafety=acute_unsafety,
        forms=[f.form for f in profile.forms],
        needs_shelter=shelter,
    )
    return [
        {"code": d.code, "name": _(d.name), "phone": d.phone, "tel": d.tel, "reason": _(d.reason)}
        for d in destinations
    ]


def profile_context(
    profile: Profile,
    *,
    catalogue: Catalogue,
    language: str,
    domestic: bool = False,
    shelter: bool = False,
) -> dict[str, Any]:
    """Return everything the profile panel and its summary show, in ``language``."""
    other = profile.other_reading
    return {
        "level": profile.level,
        "level_name": LEVEL_NAMES[profile.level],
        "reason": level_reason(profile),
        "list": profile.list,
        "list_name": LIST_NAMES[profile.list],
        "list_reason": list_reason(profile),
        "other_list_name": LIST_NAMES[other.list],
        "other_level_name": LEVEL_NAMES[other.level],
        "minor": profile.minor,
        "acute": profile.acute,
        "acute_signals": [s.label.get(language) for s in profile.acute_signals],
        "signal_count": len(profile.signals),
        "dimensions": [
            _dimension_context(result, catalogue, language)
            for result in profile.dimensions.values()
        ],
        "elements": [
            {
                "present": ok,
                "text": f"{_('Meets the ILO rule:') if ok else _('Not yet:')} {ELEMENT_NAMES[e]}",
            }
            for e, ok in profile.elements.items()
        ],
        "forms": [
            {
                "name": FORM_NAMES[f.form],
                "count": ngettext("%(counter)s signal", "%(counter)s signals", f.score)
                % {"counter": f.score},
            }
            for f in profile.forms
        ],
        "uncovered": bool(profile.uncovered_forms),
        "forced_criminality": profile.forced_criminality,
        "general_signals": [s.label.get(language) for s in profile.general_signals],
        "counter_signals": [s.label.get(language) for s in profile.counter_signals],
        "not_applicable": [s.label.get(language) for s in profile.not_applicable],
        "questions": [
            {
                "question": question.get(language),
                "dimension": DIMENSION_NAMES[s.dimension] if s.dimension else "",
            }
            for s in profile.questions
            if (question := s.question_for(minor=profile.minor)) is not None
        ],
        "routes": routes_context(profile, domestic=domestic, shelter=shelter)
        if profile.signals
        else [],
        "catalogue_version": profile.catalogue_version,
    }


def explanation_context(catalogue: Catalogue, *, language: str) -> dict[str, Any]:
    """Return what the page on the weighing shows: every indicator's grades per list."""
    dimensions = []
    for dimension in DIMENSIONS:
        rows = [
            {
                "label": indicator.label.get(language),
                "grades": [
                    {
                        "name": GRADE_NAMES[grade] if (grade := indicator.grades[name]) else None,
                        "unverified": name in indicator.unverified,
                    }
                    for name in LISTS
                ],
            }
            for indicator in catalogue.indicators.values()
            if indicator.dimension == dimension
        ]
        dimensions.append({"code": dimension, "name": DIMENSION_NAMES[dimension], "rows": rows})
    return {
        "lists": [LIST_NAMES[name] for name in LISTS],
        "dimensions": dimensions,
        "levels": list(LEVEL_NAMES.items()),
        "unverified": [
            {
                "dimension": DIMENSION_NAMES[indicator.dimension],
                "label": indicator.label.get(language),
                "list": LIST_NAMES[name],
                "grade": GRADE_NAMES[grade] if (grade := indicator.grades[name]) else None,
            }
            for indicator, name in catalogue.unverified_grades
        ],
        "catalogue": catalogue,
    }
