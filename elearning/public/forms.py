"""The form that takes a typed certificate code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from elearning.certificates import read_code


class CodeForm(forms.Form):
    """A certificate code as someone types it: any case, with or without dashes and spaces."""

    code = forms.CharField(
        label=_("Certificate code"),
        help_text=_("The code printed on the certificate, for example 7K3P-9QX2-M4TD-H8VA."),
        max_length=60,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        """Return the code in its canonical form, or refuse what cannot be a code."""
        canonical = read_code(self.cleaned_data["code"])
        if canonical is None:
            raise forms.ValidationError(
                _("This is not a certificate code. A code has 16 letters and digits."),
                code="invalid",
            )
        return canonical
