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
    "exploitation": _("Exploitative conditions"),
    "coercion_at_destination": _("Coercion at destination"),
    "abuse_of_vulnerability_at_destination": _("Abuse of vulnerability at destination"),
}
ELEMENT_NAMES: Mapping[str, Promise] = {
    "recruitment": _("recruitment"),
    "exploitation": pgettext_lazy("element of trafficking", "exploitation"),
    "destination": _("coercion or abuse of vulnerability at destination"),
}
GRADE_NAMES: Mapping[str, Promise] = {
    "strong": _("strong"),
    "medium": _("medium"),
    "weak": _("weak"),
}
LIST_NAMES: Mapping[str, Promise] = {
    "adult_labour": _("adults, labour exploitation"),
    "adult_sexual": _("adults, sexual exploitation"),
    "child_labour": _("children, labour exploitation"),
    "child_sexual": _("children, sexual exploitation"),
}
# Our own levels: they describe what the indicators amount to and avoid the
# words of afwegingsvraag 1 ("vermoeden"), which is the clinician's judgement.
LEVEL_NAMES: Mapping[str, Promise] = {
    "geen": _("No signals counted"),
    "signalen": _("Signals, no element yet"),
    "elementen": _("Elements of trafficking"),
    "alle_elementen": _("All elements: meets the ILO rule"),
}
