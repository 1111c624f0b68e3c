"""Step 2, Collegiale consultatie en Veilig Thuis raadplegen."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .base import RowForm, StepForm, date_field, long_text, short_text


class ColleagueForm(RowForm):
    """One consultation of a colleague or the aandachtsfunctionaris."""

    role = short_text(
        _("Role of the colleague"),
        help_text=_("For example: a fellow GP, the aandachtsfunctionaris. No names needed."),
    )
    date = date_field(_("Date"))
    advice = long_text(_("What was advised"))
    anonymous = forms.BooleanField(
        label=_("Without patient data (anonymous)"),
        required=False,
        initial=True,
        help_text=_("The KNMG asks doctors to consult a colleague without patient data."),
    )

    def has_changed(self) -> bool:
        """Treat a row with only the preset anonymous box as empty."""
        return any(
            self.data.get(self.add_prefix(name), "").strip() for name in ("role", "date", "advice")
        )

    def clean(self) -> dict[str, Any]:
        """Require the role, the date and the advice of a consultation."""
        data = cast(dict[str, Any], super().clean())
        if self.has_changed():
            for name, message in (
                ("role", _("Give the colleague's role.")),
                ("date", _("Give the date of the consultation.")),
                ("advice", _("Describe what was advised.")),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data


class ConsultatieForm(StepForm):
    """Step 2: colleagues, the Veilig Thuis advies and expert consultations."""

    rows = {"colleagues": ColleagueForm}

    vt_date = date_field(_("Date of the Veilig Thuis advies"))
    vt_adviser = short_text(
        _("Adviser at Veilig Thuis"), help_text=_("Name or role, as the adviser gave it.")
    )
    vt_advice = long_text(_("What Veilig Thuis advised"))
    injury_expert = short_text(
        _("Letselduiding: who was consulted"),
        help_text=_("A forensic doctor of the GGD; for children the LECK, 0900-44 45 444."),
    )
    injury_date = date_field(_("Date of the letselduiding"))
    injury_outcome = long_text(_("Outcome of the letselduiding"))
    csg_date = date_field(
        _("Date the Centrum Seksueel Geweld was consulted"),
        help_text=_("For sexual violence less than 7 days ago: 0800-0188."),
    )
    csg_notes = long_text(_("What the Centrum Seksueel Geweld advised"))

    def clean(self) -> dict[str, Any]:
        """Require the advice with the date of a Veilig Thuis advies, and the reverse."""
        data = cast(dict[str, Any], super().clean())
        if data.get("vt_date") and not data.get("vt_advice"):
            self.add_error("vt_advice", _("Describe what Veilig Thuis advised."))
        if data.get("vt_advice") and not data.get("vt_date") and "vt_date" not in self.errors:
            self.add_error("vt_date", _("Give the date of the Veilig Thuis advies."))
        return data
