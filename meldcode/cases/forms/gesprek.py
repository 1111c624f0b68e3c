"""Step 3, Gesprek met de betrokkene."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .base import YES_NO_UNKNOWN, StepForm, choice, date_field, long_text, short_text

STATUS_CHOICES = [
    ("", _("Not yet")),
    ("gevoerd", _("The conversation was held")),
    ("overgeslagen", _("The conversation is skipped for now")),
]
INTERPRETER_CHOICES = [
    ("", _("— choose —")),
    ("geen", _("No interpreter needed")),
    ("professioneel_aanwezig", _("Professional interpreter, in person")),
    ("professioneel_telefoon", _("Professional interpreter, by phone")),
    ("informeel", _("Not a professional interpreter")),
]
INFORMAL_CHOICES = [
    ("", _("— choose —")),
    ("begeleider", _("The companion")),
    ("kind", _("A child")),
    ("familie", _("A family member")),
    ("anders", _("Someone else")),
]
SKIP_CHOICES = [
    ("", _("— choose —")),
    ("risico_patient", _("A serious risk to the patient or the household")),
    ("eigen_veiligheid", _("Fear for my own or my colleagues' safety")),
    ("geen_contact", _("No contact after reasonable efforts")),
]
PARENTS_CHOICES = [
    ("", _("— choose —")),
    ("ja", _("Yes")),
    ("nee", _("Not yet")),
    ("onveilig", _("No: that would be unsafe")),
]
# An informal interpreter who may be the exploiter's eyes and ears.
RISKY_INTERPRETERS = frozenset({"begeleider", "kind"})


class GesprekForm(StepForm):
    """Step 3: the conversation, or why it was skipped."""

    status = choice(_("The conversation"), STATUS_CHOICES, radio=True)
    date = date_field(_("Date of the conversation"))
    seen_alone = choice(_("Was the patient seen alone?"), YES_NO_UNKNOWN)
    interpreter = choice(_("Interpreter"), INTERPRETER_CHOICES)
    interpreter_language = short_text(_("Language"))
    interpreter_who = choice(_("Who interpreted?"), INFORMAL_CHOICES)
    confidentiality_explained = forms.BooleanField(
        label=_("I explained the limits of my confidentiality"), required=False
    )
    safety_info = long_text(
        _("Safety information given"),
        help_text=_("For example: 0800-2000, 112, where to go, a safe way to reach you."),
    )
    discussed = long_text(_("What was discussed"))
    reaction = long_text(_("How the patient reacted"))
    child_alone = forms.BooleanField(
        label=_("I spoke with the child alone at least once"), required=False
    )
    parents = choice(_("Did you speak with the parents who hold custody?"), PARENTS_CHOICES)
    skip_ground = choice(_("Ground for skipping"), SKIP_CHOICES)
    skip_explanation = long_text(_("Why, in your words"))
    next_attempt = date_field(
        _("Next attempt at the conversation"), help_text=_("When you will try again to talk.")
    )

    @property
    def interpreter_warning(self) -> bool:
        """Tell whether the companion or a child interpreted: a risk to note."""
        source = self.cleaned_data if hasattr(self, "cleaned_data") else self.initial
        if self.is_bound and not hasattr(self, "cleaned_data"):
            source = {"interpreter_who": self.data.get("interpreter_who")}
        return source.get("interpreter_who") in RISKY_INTERPRETERS

    def clean(self) -> dict[str, Any]:
        """Ask for what the chosen situation needs, and nothing else."""
        data = cast(dict[str, Any], super().clean())
        status = data.get("status")
        if status == "gevoerd":
            if not data.get("date") and "date" not in self.errors:
                self.add_error("date", _("Give the date of the conversation."))
            if not data.get("discussed"):
                self.add_error("discussed", _("Describe what was discussed."))
            if data.get("interpreter") == "informeel" and not data.get("interpreter_who"):
                self.add_error("interpreter_who", _("Say who interpreted."))
        elif status == "overgeslagen":
            if not data.get("skip_ground"):
                self.add_error(
                    "skip_ground",
                    _("Choose one of the three grounds for skipping the conversation."),
                )
            if not data.get("skip_explanation"):
                self.add_error("skip_explanation", _("Explain why the conversation is skipped."))
        if data.get("interpreter") != "informeel":
            data["interpreter_who"] = ""
        return data
