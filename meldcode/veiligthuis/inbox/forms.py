"""Forms of the Veilig Thuis inbox: filters, status, veiligheidsbeoordeling, terugkoppeling.

Each write form carries the revision its page was built on, so that a
stale page is refused. The forms accept every value of their vocabulary;
whether the report's type and status allow it is the service's to say,
with a message of its own.
"""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from meldcode.cases.forms.base import text
from meldcode.veiligthuis.models import AssessmentDecision, ReceivedReport, Terugkoppeling


def revision_field() -> forms.IntegerField:
    """Return the hidden field with the revision the page was built on."""
    return forms.IntegerField(min_value=0, max_value=999_999_999, widget=forms.HiddenInput)


def optional_text(label: Any, *, multiline: bool, help_text: Any = "") -> forms.CharField:
    """Return an optional text field with a clear limit (the step forms' kind)."""
    return text(label, help_text=help_text, required=False, multiline=multiline)


class FilterForm(forms.Form):
    """The filters of the inbox list; anything unknown counts as no filter."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *ReceivedReport.Status.choices],
    )
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All")), *ReceivedReport.Type.choices],
    )
    overdue = forms.BooleanField(label=_("Only overdue veiligheidsbeoordelingen"), required=False)

    def filters(self) -> dict[str, str]:
        """Return the valid filters as strings, empty where not set."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status", ""),
            "type": data.get("type", ""),
            "overdue": "1" if data.get("overdue") else "",
        }


class StatusForm(forms.Form):
    """Move a report one status forward; the page offers a button per allowed status."""

    status = forms.ChoiceField(choices=ReceivedReport.Status.choices)
    revision = revision_field()


class AssessmentForm(forms.Form):
    """Record the decision of the veiligheidsbeoordeling."""

    decision = forms.ChoiceField(
        label=_("Decision of the veiligheidsbeoordeling"),
        choices=AssessmentDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the decision of the veiligheidsbeoordeling.")},
    )
    revision = revision_field()


YES_NO = [("ja", _("yes")), ("nee", _("no"))]


class TerugkoppelingForm(forms.Form):
    """Terugkoppeling to the melder, limited to what meldcode.md §5 allows."""

    stage = forms.ChoiceField(
        label=_("Moment of the terugkoppeling"),
        choices=Terugkoppeling.Stage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose after which stage this terugkoppeling is given.")},
    )
    vervolgtraject = forms.TypedChoiceField(
        label=_("Did a vervolgtraject start?"),
        choices=YES_NO,
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether a vervolgtraject started.")},
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", _("— the decision recorded —")), *AssessmentDecision.choices],
        help_text=_(
            "After the veiligheidsbeoordeling the decision recorded is told; "
            "after the onderzoek, choose what followed."
        ),
    )
    handed_to = optional_text(
        _("Handed to"),
        multiline=False,
        help_text=_("The organisation or role, if the case was handed over."),
    )
    safety_conditions = optional_text(_("Safety conditions and monitoring"), multiline=True)
    melder_role = optional_text(
        _("The melder's role in the monitoring"),
        multiline=True,
        help_text=_("Only where the melder has a role in it."),
    )
    text = optional_text(_("Further explanation (optional)"), multiline=True)
    revision = revision_field()

    def __init__(self, *args: Any, stages: tuple[str, ...] = (), **kwargs: Any) -> None:
        """Offer only the stages reached; the service refuses any other with its reason."""
        super().__init__(*args, **kwargs)
        field = self.fields["stage"]
        offered = [
            (value, label) for value, label in Terugkoppeling.Stage.choices if value in stages
        ]
        # Only the widget: validation still knows every stage, so the refusal says why.
        cast(forms.RadioSelect, field.widget).choices = offered
        if stages and not self.is_bound:
            self.initial.setdefault("stage", stages[-1])
