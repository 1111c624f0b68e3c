"""Step 1, Signalen in kaart brengen: signals, observations, the kindcheck and more."""

import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from signals.forms import SignalCodesField, codes_submitted, signal_codes_field

from .base import YES_NO_UNKNOWN, RowForm, StepForm, choice, date_field, long_text, short_text

KIND_CHOICES = [
    ("feit", _("Fact or observation")),
    ("interpretatie", _("Interpretation")),
]
SOURCE_CHOICES = [
    ("eigen", _("My own observation")),
    ("patient", _("The patient")),
    ("derde", _("A third party")),
]


class ObservationForm(RowForm):
    """One observation: what, when, where, its kind and its source."""

    what = long_text(_("What was seen or heard"))
    when = date_field(_("When"))
    where = short_text(_("Where"), help_text=_("For example: at the practice, on a home visit."))
    kind = forms.ChoiceField(
        label=_("Fact or interpretation"),
        choices=KIND_CHOICES,
        initial="feit",
        error_messages={"invalid_choice": _("Choose one of the options offered.")},
    )
    source = forms.ChoiceField(
        label=_("Source"),
        choices=SOURCE_CHOICES,
        initial="eigen",
        error_messages={"invalid_choice": _("Choose one of the options offered.")},
    )
    role = short_text(
        _("Role of the third party"),
        help_text=_("Name third parties by their role, never by name: a neighbour, a teacher."),
    )

    def has_changed(self) -> bool:
        """Treat a row with only its preselected kind and source as empty."""
        return any(
            self.data.get(self.add_prefix(name), "").strip()
            for name in ("what", "when", "where", "role")
        )

    def clean(self) -> dict[str, Any]:
        """Require what was observed, and the role of a third party."""
        data = cast(dict[str, Any], super().clean())
        if not self.has_changed():
            return data
        if not data.get("what"):
            self.add_error("what", _("Describe what was seen or heard."))
        if data.get("source") == "derde" and not data.get("role"):
            self.add_error("role", _("Name the third party's role, for example a neighbour."))
        if data.get("source") != "derde":
            data["role"] = ""
        return data


def parse_ages(text: str) -> list[int]:
    """Read children's ages such as ``3, 7 en 12`` as a list of whole years."""
    found = re.findall(r"\d+", text)
    leftover = re.sub(r"\d+|,|;|\s|en|and|jaar|years?", "", text, flags=re.IGNORECASE)
    if leftover:
        raise forms.ValidationError(_("Give the ages as numbers separated by commas: 3, 7, 12."))
    ages = [int(n) for n in found]
    if any(age > 17 for age in ages):
        raise forms.ValidationError(_("The kindcheck is about minors: ages 0 to 17."))
    return ages


class SignalenForm(StepForm):
    """Step 1: what was seen, heard and checked."""

    rows = {"observations": ObservationForm}

    signals = signal_codes_field()
    domestic = forms.BooleanField(
        label=_("The exploiter may be in the domestic circle or a relationship of dependency"),
        required=False,
    )
    shelter = forms.BooleanField(label=_("The patient needs a safe place to stay"), required=False)
    children_count = forms.IntegerField(
        label=_("Number of minor children in the household"),
        required=False,
        min_value=0,
        max_value=20,
        help_text=_("The kindcheck: enter 0 when there are none."),
        error_messages={
            "invalid": _("Enter a whole number."),
            "min_value": _("Enter 0 or more."),
            "max_value": _("Enter at most %(limit_value)s."),
        },
    )
    children_ages = short_text(_("Ages of the children"), help_text=_("For example: 3, 7, 12."))
    cares_alone = choice(_("Does the patient care for the children alone?"), YES_NO_UNKNOWN)
    network = long_text(
        _("The patient's network"), help_text=_("Who else is around: family, friends, carers.")
    )
    dependent_adult = choice(
        _("Does a dependent adult rely on the patient's care?"),
        YES_NO_UNKNOWN,
        help_text=_("The mantelzorgverleningscheck (KNMG)."),
    )
    dependent_details = long_text(_("About that care"))
    companion = choice(
        _("Was a companion present who spoke for the patient or would not leave?"),
        YES_NO_UNKNOWN,
    )
    language = short_text(_("The patient's language"))
    interpreter_needed = choice(_("Is an interpreter needed?"), YES_NO_UNKNOWN)
    q = forms.CharField(label=_("Filter signals"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Offer the signals of the case's catalogue."""
        super().__init__(*args, **kwargs)
        cast(SignalCodesField, self.fields["signals"]).codes = frozenset(self.catalogue.by_code)

    def submitted_codes(self) -> set[str]:
        """Return the submitted codes that the catalogue knows, valid form or not."""
        return codes_submitted(self, self.catalogue)

    def clean_children_ages(self) -> list[int]:
        """Read the ages as numbers."""
        return parse_ages(self.cleaned_data.get("children_ages") or "")

    def clean(self) -> dict[str, Any]:
        """Keep the kindcheck consistent: no more ages than children."""
        data = cast(dict[str, Any], super().clean())
        count, ages = data.get("children_count"), data.get("children_ages") or []
        if count is not None and len(ages) > count:
            self.add_error("children_ages", _("There are more ages than children."))
        data.pop("q", None)
        return data
