"""What every step form shares: choices, JSON-safe answers and nested formsets."""

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from meldcode.cases.models import Case
from signals.vocabulary import Catalogue

TEXT_LIMIT = 2000
SHORT_LIMIT = 200
TOO_LONG = _("Keep this to at most %(limit_value)d characters (now %(show_value)d).")

YES_NO_UNKNOWN = [
    ("", _("— choose —")),
    ("ja", _("yes")),
    ("nee", _("no")),
    ("onbekend", _("unknown")),
]


def long_text(label: Any, *, help_text: Any = "", required: bool = False) -> forms.CharField:
    """Return a free-text field (several lines) with a clear limit."""
    return text(label, help_text=help_text, required=required, multiline=True)


def short_text(label: Any, *, help_text: Any = "", required: bool = False) -> forms.CharField:
    """Return a one-line text field with a clear limit."""
    return text(label, help_text=help_text, required=required, multiline=False)


def text(label: Any, *, help_text: Any, required: bool, multiline: bool) -> forms.CharField:
    """Return a text field with the limit that fits its size and a message that names it."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=TEXT_LIMIT if multiline else SHORT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}) if multiline else None,
        error_messages={"max_length": TOO_LONG},
    )


def date_field(label: Any, *, help_text: Any = "", required: bool = False) -> forms.DateField:
    """Return a date field with the browser's date picker and a translated error."""
    return forms.DateField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": _("Enter a date such as 2026-03-14.")},
    )


def choice(label: Any, choices: Any, *, help_text: Any = "", radio: bool = False) -> Any:
    """Return an optional choice field, as radio buttons or a select."""
    widget = forms.RadioSelect if radio else forms.Select
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=False,
        help_text=help_text,
        widget=widget,
        error_messages={"invalid_choice": _("Choose one of the options offered.")},
    )


def jsonable(value: Any) -> Any:
    """Return ``value`` as JSON can hold it: dates as ISO strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


class RowForm(forms.Form):
    """One row of a repeated entry (an observation, a consultation)."""

    def is_blank(self) -> bool:
        """Tell whether nothing was filled in on this row."""
        data = getattr(self, "cleaned_data", {})
        return not any(v not in (None, "", False, []) for v in data.values())


class RepeatedRows(forms.Form):
    """A form with repeated rows in formsets, one empty row offered to add another.

    A row is removed by emptying it: no delete box to render per row. The
    formsets are validated with the form, all of them, to show every error.
    """

    # Formsets by name, each of RowForm.
    rows: ClassVar[Mapping[str, type[RowForm]]] = {}
    row_limit = 20
    unreadable_rows: ClassVar[Any] = _("The rows of this page could not be read. Reload the page.")

    def build_formsets(
        self, *, prefix: Callable[[str], str], initial: Mapping[str, Any] | None = None
    ) -> None:
        """Build one formset per entry of ``rows``, bound when the form is."""
        self.formsets: dict[str, forms.BaseFormSet[Any]] = {}
        for name, row_form in self.rows.items():
            formset_class = forms.formset_factory(
                row_form,
                extra=1,
                can_delete=False,
                max_num=self.row_limit,
                validate_max=True,
                absolute_max=self.row_limit + 5,
            )
            self.formsets[name] = formset_class(
                self.data if self.is_bound else None,
                prefix=prefix(name),
                initial=(initial or {}).get(name) or None,
            )

    def is_valid(self) -> bool:
        """Validate the form and every formset."""
        valid = super().is_valid()
        for formset in self.formsets.values():
            try:
                valid = formset.is_valid() and valid
            except forms.ValidationError:
                # A tampered management form: refuse the whole page.
                self.add_error(None, self.unreadable_rows)
                valid = False
        return valid


class StepForm(RepeatedRows):
    """A step of the wizard: its own fields plus repeated rows in formsets.

    The wizard builds it with the case and its catalogue. ``record()``
    returns the cleaned answers as JSON, which the pure rules read.
    """

    template_name_step: ClassVar[str] = ""
    unreadable_rows = _("The rows of this step could not be read. Reload the page.")

    def __init__(self, *args: Any, case: Case, catalogue: Catalogue, **kwargs: Any) -> None:
        """Build the form and its formsets for ``case``."""
        super().__init__(*args, **kwargs)
        self.case = case
        self.catalogue = catalogue
        self.build_formsets(prefix=self.add_prefix)

    @property
    def has_any_errors(self) -> bool:
        """Tell whether the form or a formset shows an error."""
        return bool(self.errors) or any(
            fs.is_bound and (fs.non_form_errors() or any(f.errors for f in fs.forms))
            for fs in self.formsets.values()
        )

    def rows_of(self, name: str) -> list[dict[str, Any]]:
        """Return the filled, not deleted rows of a formset as JSON."""
        rows = []
        for form in self.formsets[name].forms:
            if not form.has_changed():
                continue
            row = dict(form.cleaned_data)
            if any(v not in (None, "", False) for v in row.values()):
                rows.append(jsonable(row))
        return rows

    def record(self) -> dict[str, Any]:
        """Return the cleaned answers as JSON; call only on a valid form."""
        data = {k: jsonable(v) for k, v in self.cleaned_data.items()}
        for name in self.formsets:
            data[name] = self.rows_of(name)
        return data
