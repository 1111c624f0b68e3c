"""The signal picker form, reused by the Meldcode wizard."""

from typing import Any, cast

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from .vocabulary import Catalogue


class SignalCodesField(forms.MultipleChoiceField):
    """Choose signal codes; checks each against the catalogue in constant time.

    The checkboxes are rendered by the picker, not by this field, so it needs
    no choices: Django's own check walks every choice for every value.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Start with no codes; the form sets them from its catalogue."""
        super().__init__(*args, **kwargs)
        self.codes: frozenset[str] = frozenset()

    def valid_value(self, value: object) -> bool:
        """Tell whether ``value`` is a code of the catalogue."""
        return value in self.codes


def signal_codes_field() -> SignalCodesField:
    """Return the field of chosen signals, with messages that say what to do."""
    return SignalCodesField(
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


def codes_submitted(form: forms.Form, catalogue: Catalogue) -> set[str]:
    """Return the submitted signal codes that ``catalogue`` knows, valid form or not."""
    if not form.is_bound:
        return set()
    data = form.data
    name = form.add_prefix("signals")
    raw = data.getlist(name) if isinstance(data, MultiValueDict) else data.get(name, [])
    return {code for code in ([raw] if isinstance(raw, str) else raw) if code in catalogue}


def flag_submitted(form: forms.Form, name: str) -> bool:
    """Return a checkbox of ``form`` as submitted, valid form or not."""
    return form.is_bound and form.data.get(form.add_prefix(name)) in ("on", "true", "1")


class SignalSelectionForm(forms.Form):
    """Choose signals from the catalogue, and say what is known of the patient."""

    signals = signal_codes_field()
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
        cast(SignalCodesField, self.fields["signals"]).codes = frozenset(catalogue.by_code)

    def submitted_codes(self) -> set[str]:
        """Return the submitted codes that the catalogue knows, valid form or not.

        Used to keep a clinician's choices on screen when some other part of
        the submission was refused.
        """
        return codes_submitted(self, self.catalogue)

    def submitted_flag(self, name: str) -> bool:
        """Return a checkbox as submitted, valid form or not."""
        return flag_submitted(self, name)
