"""Forms of the learner's pages: quiz answers, vignette answers, numbers and join codes.

The forms check everything a browser could send against what the page
offered: an option that was not shown, a second option on a single-choice
question, a vignette of another lesson. Any of these is a form error and
nothing is written.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from elearning import content
from elearning.models import Register
from meldcode.accounts.forms import BigNumberField

from .presentation import Shown

NOT_OFFERED = _("This option is not one of the answers offered for this question.")
JOIN_REFUSED = _(
    "No open group has this code. Check the code with your trainer; "
    "a group may also be closed for joining."
)


# --- quiz ---------------------------------------------------------------------


class OneRadioSelect(forms.RadioSelect):
    """Radio buttons that pass on every value sent, so that a second one is noticed.

    A browser sends one value for a radio group; a crafted request can send
    two, and Django's widget would quietly keep the last.
    """

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        """Return the one value sent, or the list of all of them when there are more."""
        if isinstance(data, MultiValueDict):
            values = data.getlist(name)
            if len(values) > 1:
                return values
        return super().value_from_datadict(data, files, name)


class OneChoiceField(forms.ChoiceField):
    """A single-choice question: at most one of the options offered."""

    widget = OneRadioSelect
    default_error_messages = {
        "invalid_choice": NOT_OFFERED,
        "one": _("Choose one option for this question."),
    }

    def to_python(self, value: Any) -> str:
        """Refuse more than one value; otherwise read the value as Django does."""
        if isinstance(value, list | tuple):
            raise forms.ValidationError(self.error_messages["one"], code="one")
        return str(super().to_python(value))


class AttemptForm(forms.Form):
    """The answers to an attempt's drawn questions; a question left open counts as wrong."""

    def __init__(self, *args: Any, questions: Sequence[Shown], **kwargs: Any) -> None:
        """Offer one field per drawn question, named by the question's id."""
        super().__init__(*args, **kwargs)
        self.questions = tuple(questions)
        for question in self.questions:
            choices = [(option.id, option.text) for option in question.options]
            if question.kind == "single":
                self.fields[question.id] = OneChoiceField(
                    label=question.text, choices=choices, required=False
                )
            else:
                self.fields[question.id] = forms.MultipleChoiceField(
                    label=question.text,
                    choices=choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={"invalid_choice": NOT_OFFERED, "invalid_list": NOT_OFFERED},
                )

    def answers(self) -> dict[str, frozenset[str]]:
        """Return the chosen option ids of each answered question."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.id)
            chosen = (
                frozenset(value) if isinstance(value, list) else frozenset([value] if value else [])
            )
            if chosen:
                answers[question.id] = chosen
        return answers


# --- vignettes -----------------------------------------------------------------


class VignetteAnswerForm(forms.Form):
    """An answer to one step of one of the lesson's case vignettes."""

    vignette = forms.CharField(max_length=60, widget=forms.HiddenInput)
    step = forms.IntegerField(min_value=1, max_value=99, widget=forms.HiddenInput)
    option = forms.CharField(
        max_length=20, error_messages={"required": _("Choose an answer first.")}
    )

    def __init__(self, *args: Any, vignettes: Sequence[content.Vignette], **kwargs: Any) -> None:
        """Accept only the vignettes shown with this lesson."""
        super().__init__(*args, **kwargs)
        self.vignettes = {vignette.slug: vignette for vignette in vignettes}
        self.answered: content.Vignette | None = None
        self.step_number: int | None = None
        self.choice: content.Choice | None = None

    def clean(self) -> dict[str, Any]:
        """Find the vignette, the step and the option; refuse any that this page did not show."""
        super().clean()
        data = self.cleaned_data
        vignette = self.vignettes.get(str(data.get("vignette", "")))
        number = data.get("step")
        if vignette is None or not isinstance(number, int) or number > len(vignette.steps):
            # Nothing of it can be placed on the page: one error for the whole form.
            raise forms.ValidationError(
                _("This answer does not belong to a case on this page. Reload the page."),
                code="unknown",
            )
        self.answered, self.step_number = vignette, number
        option = data.get("option")
        if option:
            step = vignette.steps[number - 1]
            self.choice = next((o for o in step.options if o.id == option), None)
            if self.choice is None:
                self.add_error("option", NOT_OFFERED)
        return data


# --- numbers and joining -----------------------------------------------------------

register_number_validator = RegexValidator(
    r"^[0-9A-Za-z][0-9A-Za-z .\-/]*$",
    _("Use letters, digits, spaces, dots, dashes or slashes only."),
)


class NumbersForm(forms.Form):
    """The learner's BIG-nummer and their numbers in registers that key on their own."""

    big_number = BigNumberField(
        label=_("BIG-nummer"),
        required=False,
        max_length=11,
        help_text=_("9, 10 or 11 digits; we write it as 11 digits, as the BIG-register does."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, registers: Sequence[Register], **kwargs: Any) -> None:
        """Add one field per register that keys on its own number."""
        super().__init__(*args, **kwargs)
        self.registers = tuple(registers)
        for register in self.registers:
            self.fields[self.field_name(register)] = forms.CharField(
                label=register.number_label or register.name,
                help_text=_("Your number in %(register)s.") % {"register": register.name},
                required=False,
                max_length=40,
                validators=[register_number_validator],
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )

    @staticmethod
    def field_name(register: Register) -> str:
        """Return the name of a register's field."""
        return f"register_{register.pk}"

    def numbers(self) -> dict[Register, str]:
        """Return the number typed for each register ("" to remove it)."""
        return {
            register: str(self.cleaned_data.get(self.field_name(register)) or "")
            for register in self.registers
        }


class JoinForm(forms.Form):
    """A join code from a trainer."""

    code = forms.CharField(
        label=_("Join code"),
        max_length=40,
        help_text=_("The code your trainer gave you, for example ABCD-EFGH-JKMN."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
