"""Opening a case and changing its details."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldcode.cases.models import Track

AGE_CHOICES = [
    ("volwassene", _("An adult (18 or older)")),
    ("minderjarige", _("A minor (under 18)")),
]


class CaseDetailsForm(forms.Form):
    """The few pseudonymous details of a case: no name, no date of birth."""

    age_group = forms.ChoiceField(
        label=_("The patient is"),
        choices=AGE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether the patient is an adult or a minor."),
            "invalid_choice": _("Choose one of the options offered."),
        },
    )
    track = forms.ChoiceField(
        label=_("Meldcode"),
        choices=Track.choices,
        widget=forms.RadioSelect,
        help_text=_("Set from your profession; change it when another Meldcode applies."),
        error_messages={"invalid_choice": _("Choose one of the options offered.")},
    )
    initials = forms.CharField(
        label=_("Initials (optional)"),
        required=False,
        max_length=8,
        help_text=_("Only to recognise the case yourself. Never a name."),
        error_messages={"max_length": _("Initials are at most %(limit_value)d characters.")},
    )
    birth_year = forms.IntegerField(
        label=_("Birth year (optional)"),
        required=False,
        error_messages={"invalid": _("Enter a year such as 1998.")},
    )

    def clean_initials(self) -> str:
        """Allow letters, dots and spaces only: initials, not a name."""
        value = cast(str, self.cleaned_data["initials"]).strip().upper()
        letters = value.replace(".", "").replace(" ", "")
        if value and (not letters.isalpha() or len(letters) > 4):
            raise forms.ValidationError(_("Enter at most four initials, such as A.B."))
        return value

    def clean_birth_year(self) -> int | None:
        """Accept a year that a living patient can have been born in."""
        year = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        if year is not None and not this_year - 120 <= year <= this_year:
            raise forms.ValidationError(
                _("Enter a birth year between %(low)s and %(high)s.")
                % {"low": this_year - 120, "high": this_year}
            )
        return cast(int | None, year)

    def clean(self) -> dict[str, Any]:
        """Check that the birth year can fit the age group."""
        data = cast(dict[str, Any], super().clean())
        year, group = data.get("birth_year"), data.get("age_group")
        if year is not None and group:
            age_now = timezone.localdate().year - year
            # A birth year alone leaves a year of doubt; refuse only the impossible.
            if group == "minderjarige" and age_now > 18:
                self.add_error("birth_year", _("A patient born in this year is an adult."))
            if group == "volwassene" and age_now < 18:
                self.add_error("birth_year", _("A patient born in this year is a minor."))
        data["minor"] = group == "minderjarige"
        return data


class AcuteForm(forms.Form):
    """The acute exit: which kind of danger, and why the steps are skipped."""

    kind = forms.ChoiceField(
        label=_("What is the situation?"),
        choices=[
            (
                "direct_gevaar",
                _("Direct danger now: someone needs immediate protection (call 112 / the police)"),
            ),
            (
                "acute_onveiligheid",
                _("Acute unsafety: phone a melding to Veilig Thuis today (0800-2000)"),
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose direct danger or acute unsafety."),
            "invalid_choice": _("Choose one of the options offered."),
        },
    )
    reason = forms.CharField(
        label=_("Why you act now and skip the remaining steps"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Record why you act now: the Meldcode asks for it afterwards."),
            "max_length": _(
                "Keep this to at most %(limit_value)d characters (now %(show_value)d)."
            ),
        },
    )


class CloseForm(forms.Form):
    """Close a case, with the reason."""

    reason = forms.CharField(
        label=_("Why you close the case"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Give the reason for closing the case."),
            "max_length": _(
                "Keep this to at most %(limit_value)d characters (now %(show_value)d)."
            ),
        },
    )
