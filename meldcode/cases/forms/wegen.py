"""Step 4, Wegen van aard en ernst: acute and structural unsafety, and the weighing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .base import StepForm, long_text

ACUTE_ITEMS = [
    (
        "mensenhandel",
        _("Is there human trafficking (such as exploitation or forced prostitution)?"),
    ),
    ("letsel", _("Serious inflicted injury (at least any injury that needs medical treatment)")),
    ("verwurging", _("Attempted strangulation")),
    ("wapen", _("Use of a weapon")),
    (
        "seksuele_uitbuiting",
        _(
            "(Suspected) sexual exploitation by someone the victim depends on, likely to "
            "happen again"
        ),
    ),
    ("doodsbedreiging", _("Threats to kill")),
    ("ontvoering", _("Abduction, or a threat of it")),
    ("eer", _("Honour-related violence")),
    ("huwelijk", _("Forced marriage")),
    ("vgv", _("Female genital mutilation")),
]
STRUCTURAL_ITEMS = [
    ("herhaald", _("Repeated or continuing unsafety")),
    (
        "zorg_bedreigt",
        _("A carer's problems repeatedly threaten a child's or dependent adult's safety"),
    ),
    ("kind_getuige", _("A child regularly witnesses violence")),
    ("stalking", _("Long-running, escalating stalking")),
    ("afhankelijk", _("Continuing dependence on the exploiter (debt, papers, housing, work)")),
]


class WegenForm(StepForm):
    """Step 4: the checklists and the clinician's own weighing."""

    acute_items = forms.MultipleChoiceField(
        label=_("Acute unsafety"),
        choices=ACUTE_ITEMS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Safety is not guaranteed for the coming hours or days."),
        error_messages={"invalid_choice": _("Choose from the items offered.")},
    )
    structural_items = forms.MultipleChoiceField(
        label=_("Structural unsafety"),
        choices=STRUCTURAL_ITEMS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the items offered.")},
    )
    weighing = long_text(
        _("Your weighing of the risk, its nature and its seriousness"),
        help_text=_("When in doubt, ask Veilig Thuis for advice."),
    )
