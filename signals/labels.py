"""Translated names for the catalogue vocabulary, for the pages and the admin."""

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TYPE_NAMES: Mapping[str, Promise] = {
    "physical": _("Physical and medical"),
    "psychological": _("Psychological"),
    "behavioural": _("Behaviour in the consulting room"),
    "situational": _("Living and working situation"),
}
FORM_NAMES: Mapping[str, Promise] = {
    "seksuele_uitbuiting": _("seksuele uitbuiting (sexual exploitation)"),
    "arbeidsuitbuiting": _("arbeidsuitbuiting (labour exploitation)"),
    "criminele_uitbuiting": _("criminele uitbuiting (criminal exploitation)"),
    "orgaanverwijdering": _("gedwongen orgaanverwijdering (forced organ removal)"),
}
DIMENSION_NAMES: Mapping[str, Promise] = {
    "deceptive_recruitment": _("Deceptive recruitment"),
    "coercive_recruitment": _("Coercive recruitment"),
    "abuse_of_vulnerability_recruitment": _("Recruitment by abuse of vulnerability"),
    "exploitation": _("Exploitation"),
    "coercion_at_destination": _("Coercion at destination"),
    "abuse_of_vulnerability_at_destination": _("Abuse of vulnerability at destination"),
}
ELEMENT_NAMES: Mapping[str, Promise] = {
    "recruitment": _("recruitment"),
    "exploitation": pgettext_lazy("element of trafficking", "exploitation"),
    "destination": _("coercion or abuse of vulnerability at destination"),
}
STRENGTH_NAMES: Mapping[str, Promise] = {
    "strong": _("strong"),
    "medium": _("medium"),
    "weak": _("weak"),
}
POPULATION_NAMES: Mapping[str, Promise] = {
    "adult": _("adults"),
    "minor": _("minors"),
    "all": _("adults and minors"),
}
LEVEL_NAMES: Mapping[str, Promise] = {
    "geen": _("No signals"),
    "signalen": _("Signals"),
    "vermoeden": _("Suspicion"),
    "sterk_vermoeden": _("Strong suspicion"),
}
