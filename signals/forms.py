"""The signal picker form, reused by the Meldcode wizard."""

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .vocabulary import Catalogue


class SignalSelectionForm(forms.Form):
    """Choose signals from the catalogue, and say whether the patient is a minor."""

    signals = forms.MultipleChoiceField(
        label=_("Signals"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "The signal %(value)s is not in the catalogue. "
                "Reload the page: the catalogue may have changed."
            ),
            "invalid_list": _("The chosen signals could not be read. Reload the page."),
        },
    )
    minor = forms.BooleanField(label=_("The patient is a minor (under 18)"), required=False)
    domestic = forms.BooleanField(
        label=_("The exploiter may be in the domestic circle or a relationship of dependency"),
        required=False,
    )
    shelter = forms.BooleanField(label=_("The patient needs a safe place to stay"), required=False)
    q = forms.CharField(
        label=_("Filter signals"),
        required=False,
        max_length=100,
        strip=True,
        error_messages={
            "max_length": _("Shorten the filter text to at most %(limit_value)d characters.")
        },
    )

    def __init__(self, *args: Any, catalogue: Catalogue, **kwargs: Any) -> None:
        """Offer the signals of ``catalogue``."""
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        field = cast(forms.MultipleChoiceField, self.fields["signals"])
        field.choices = [(s.code, s.label.nl) for s in catalogue.signals]

    def submitted_codes(self) -> set[str]:
        """Return the submitted codes that the catalogue knows, valid form or not.

        Used to keep a clinician's choices on screen when some other part of
        the submission was refused.
        """
        data = cast(QueryDict, self.data)
        raw = data.getlist(self.add_prefix("signals")) if self.is_bound else []
        return {code for code in raw if code in self.catalogue}

    def submitted_flag(self, name: str) -> bool:
        """Return a checkbox as submitted, valid form or not."""
        return self.is_bound and self.data.get(self.add_prefix(name)) in ("on", "true", "1")
