"""Turn the catalogue and a weighing profile into what the templates show.

Kept apart from the views so that the Meldcode wizard can show the same
picker and profile panel.
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .core import TYPES, Catalogue, Signal
from .labels import (
    DIMENSION_NAMES,
    ELEMENT_NAMES,
    FORM_NAMES,
    LEVEL_NAMES,
    STRENGTH_NAMES,
    TYPE_NAMES,
)
from .weighing import Missing, Profile


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents, for forgiving filtering.

    Cached: the same catalogue texts are folded on every page view.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True, slots=True)
class PickerItem:
    """One signal in the picker."""

    signal: Signal
    label: str
    explanation: str
    selected: bool
    visible: bool
    search_text: str


@dataclass(frozen=True, slots=True)
class PickerGroup:
    """The signals of one type."""

    type: str
    name: str
    items: tuple[PickerItem, ...]

    @property
    def selected_count(self) -> int:
        """Return how many signals of this group are chosen."""
        return sum(1 for item in self.items if item.selected)

    @property
    def visible_count(self) -> int:
        """Return how many signals of this group pass the filter."""
        return sum(1 for item in self.items if item.visible)


def picker_groups(
    catalogue: Catalogue, *, selected: set[str], query: str, language: str
) -> list[PickerGroup]:
    """Group the catalogue by type, marking chosen signals and those the filter hides.

    Hidden signals are still rendered (with the ``hidden`` attribute), so a
    chosen signal stays chosen when a filter hides it.
    """
    needle = fold(query.strip())
    groups = []
    for signal_type in TYPES:
        items = []
        for signal in catalogue.signals:
            if signal.type != signal_type:
                continue
            label = signal.label.get(language)
            explanation = signal.explanation.get(language)
            search_text = fold(f"{label} {explanation}")
            items.append(
                PickerItem(
                    signal=signal,
                    label=label,
                    explanation=explanation,
                    selected=signal.code in selected,
                    visible=not needle or needle in search_text,
                    search_text=search_text,
                )
            )
        groups.append(
            PickerGroup(type=signal_type, name=str(TYPE_NAMES[signal_type]), items=tuple(items))
        )
    return groups


def missing_text(missing: Missing | None) -> str:
    """Say in words what a dimension still needs to become positive."""
    if missing is None:
        return ""
    options = []
    if missing.strong is not None:
        options.append(
            ngettext("%(n)d more strong signal", "%(n)d more strong signals", missing.strong)
            % {"n": missing.strong}
        )
    if missing.medium is not None:
        options.append(
            ngettext("%(n)d more medium signal", "%(n)d more medium signals", missing.medium)
            % {"n": missing.medium}
        )
    if missing.weak is not None:
        options.append(
            ngettext("%(n)d more weak signal", "%(n)d more weak signals", missing.weak)
            % {"n": missing.weak}
        )
    return _("Needs %(options)s.") % {"options": _(" or ").join(options)}


def level_reason(profile: Profile) -> str:
    """Explain the level in plain words."""
    if profile.level == "geen":
        if profile.counter_signals:
            return _(
                "Only counter-signals were chosen; they weaken a suspicion but count for nothing."
            )
        return _("Choose what you saw or heard to see what it amounts to.")
    present = [str(ELEMENT_NAMES[e]) for e, ok in profile.elements.items() if ok]
    missing = [str(ELEMENT_NAMES[e]) for e, ok in profile.elements.items() if not ok]
    if profile.level == "signalen":
        return _(
            "The signals do not yet make any ILO dimension plausible. "
            "Each signal of trafficking is still a reason to ask Veilig Thuis for advice."
        )
    if profile.level == "sterk_vermoeden":
        if profile.minor:
            return _(
                "Recruitment and exploitation are both plausible. For a minor no coercion is "
                "needed: these two elements together indicate trafficking."
            )
        return _(
            "Recruitment, exploitation and coercion or abuse of vulnerability at destination "
            "are all plausible: together they indicate trafficking."
        )
    positive = [str(DIMENSION_NAMES[d]) for d, p in profile.dimensions.items() if p.positive]
    text = _("Plausible: %(dimensions)s.") % {"dimensions": ", ".join(positive)}
    if present:
        text += " " + _("Elements present: %(elements)s.") % {"elements": ", ".join(present)}
    text += " " + _("Still missing for the combination rule: %(elements)s.") % {
        "elements": ", ".join(missing)
    }
    return text


def profile_context(profile: Profile, *, language: str) -> dict[str, Any]:
    """Return everything the profile panel shows, translated into ``language``."""
    dimensions = []
    for dimension, result in profile.dimensions.items():
        dimensions.append(
            {
                "code": dimension,
                "name": DIMENSION_NAMES[dimension],
                "positive": result.positive,
                "strong": result.strong,
                "medium": result.medium,
                "weak": result.weak,
                "pips": ["strong"] * result.strong
                + ["medium"] * result.medium
                + ["weak"] * result.weak,
                "signals": [
                    {
                        "label": s.label.get(language),
                        "strength": STRENGTH_NAMES[s.strength or "weak"],
                    }
                    for s in result.signals
                ],
                "counter_signals": [s.label.get(language) for s in result.counter_signals],
                "missing": missing_text(result.missing),
            }
        )
    return {
        "level": profile.level,
        "level_name": LEVEL_NAMES[profile.level],
        "reason": level_reason(profile),
        "minor": profile.minor,
        "signal_count": len(profile.signals),
        "dimensions": dimensions,
        "elements": [
            {"name": ELEMENT_NAMES[e], "present": ok} for e, ok in profile.elements.items()
        ],
        "forms": [
            {"name": FORM_NAMES[f.form], "score": f.score, "count": len(f.signals)}
            for f in profile.forms
        ],
        "general_signals": [s.label.get(language) for s in profile.general_signals],
        "counter_signals": [s.label.get(language) for s in profile.counter_signals],
        "questions": [
            {
                "question": s.question.get(language) if s.question else "",
                "dimension": DIMENSION_NAMES[s.dimension] if s.dimension else "",
                "label": s.label.get(language),
            }
            for s in profile.questions
        ],
        "catalogue_version": profile.catalogue_version,
    }
