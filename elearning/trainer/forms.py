"""Forms of the trainer's pages: a new cohort, joining, revocation and the attendance choices.

The forms validate; the services write. Query-string forms (the register,
the paste list, the batch) bound every value, so a forged or overlong
address gets a clear 400 instead of reaching the database.
"""

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from elearning.models import Module, Register, RevocationReason

from .selectors import module_title, registers

if TYPE_CHECKING:
    _ModuleField = forms.ModelMultipleChoiceField[Module]
    _RegisterField = forms.ModelChoiceField[Register]
else:
    _ModuleField = forms.ModelMultipleChoiceField
    _RegisterField = forms.ModelChoiceField


class ModuleChoiceField(_ModuleField):
    """The modules to choose from, each by its title in the request's language."""

    def label_from_instance(self, obj: Module) -> str:
        """Show the module's current title."""
        return module_title(obj)


class CohortForm(forms.Form):
    """A new cohort: its name and the modules its learners take."""

    name = forms.CharField(
        label=_("Name of the cohort"),
        max_length=120,
        help_text=_("For example the session and its date; learners see this name."),
    )
    modules = ModuleChoiceField(
        label=_("Modules"),
        queryset=Module.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one module.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Offer the modules whose content is loaded."""
        super().__init__(*args, **kwargs)
        cast(ModuleChoiceField, self.fields["modules"]).queryset = modules_available()


def modules_available() -> QuerySet[Module]:
    """Return the modules a cohort can take: those with a loaded version."""
    return Module.objects.filter(current_version__isnull=False).select_related("current_version")


class JoiningForm(forms.Form):
    """Open or close a cohort for joining; the button says which, so a double click is harmless."""

    open = forms.TypedChoiceField(
        choices=[("1", _("Open")), ("0", _("Closed"))], coerce=lambda value: value == "1"
    )


class RevokeForm(forms.Form):
    """Revoke a certificate with a reason category (public on its verification page)."""

    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose a reason")), *RevocationReason.choices],
        help_text=_("The reason is shown on the certificate's public verification page."),
    )


class RegisterForm(forms.Form):
    """The register whose attendance is shown."""

    register = forms.ModelChoiceField(
        label=_("Register"),
        queryset=Register.objects.none(),
        to_field_name="code",
        empty_label=_("Choose a register"),
        error_messages={
            "invalid_choice": _("There is no such register. Choose one from the list.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Offer the registers."""
        super().__init__(*args, **kwargs)
        cast(_RegisterField, self.fields["register"]).queryset = registers()


class PasteListForm(RegisterForm):
    """One paste list: the register, an accreditation ID and a completion date."""

    accreditation = forms.CharField(label=_("Accreditation ID"), max_length=40)
    # ISO only, as the page writes it: a date never means two days.
    date = forms.DateField(label=_("Completion date"), input_formats=["%Y-%m-%d"])


class BatchForm(RegisterForm):
    """One webservice batch of a register's attendance, counted from 1."""

    batch = forms.IntegerField(
        label=_("Batch"),
        min_value=1,
        max_value=1_000_000,
        error_messages={"invalid": _("The batch is a number.")},
    )
