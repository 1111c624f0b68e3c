"""Forms of the preparation: the advies question and the melding's identifying data.

Identifying data is asked for only here, after the decision to melden, and
validated strictly: dates, Dutch postcodes, phone numbers, and a BSN (only
where the setting allows one) with the elfproef.
"""

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldcode.accounts.models import Profession
from meldcode.cases.forms.base import (
    SHORT_LIMIT,
    RepeatedRows,
    RowForm,
    date_field,
    long_text,
    short_text,
)
from meldcode.veiligthuis import identity
from meldcode.veiligthuis.models import Region
from meldcode.veiligthuis.municipalities import region_for
from meldcode.veiligthuis.presentation.labels import CONSENT_BASIS_NAMES, ROLE_NAMES

ROW_LIMIT = 12

CHOOSE = ("", _("— choose —"))
# The codes as the preview and Veilig Thuis name them, the person concerned aside.
HOUSEHOLD_ROLES = [CHOOSE, *((k, v) for k, v in ROLE_NAMES.items() if k != "betrokkene")]
CONSENT_BASES = [CHOOSE, *CONSENT_BASIS_NAMES.items()]
# In the clinician's own words ("my own safety"), unlike the preview's.
EXCEPTIONS = [
    CHOOSE,
    ("veiligheid_patient", _("it would endanger the safety of the patient or household")),
    ("veiligheid_eigen", _("it would endanger my own safety")),
    ("vertrouwen", _("it would endanger the relationship of trust and with it the care")),
]


def phone_field(label: Any, *, required: bool = False) -> forms.CharField:
    """Return a phone number field; the number is checked and written out in one form."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )


def clean_phone(value: str) -> str:
    """Return a phone number in one written form, or refuse it with a clear message."""
    if not value:
        return ""
    normalised = identity.normalise_phone(value)
    if normalised is None:
        raise forms.ValidationError(
            _("Enter a phone number such as 06-12345678 or +31 20 1234567.")
        )
    return normalised


def clean_birth_date(value: date | None) -> date | None:
    """Refuse a date of birth in the future or before 1900."""
    if value is None:
        return None
    today = timezone.localdate()
    if identity.parse_birth_date(value.isoformat(), today) is None:
        raise forms.ValidationError(_("Enter a date of birth between 1900 and today."))
    return value


class AdviesForm(forms.Form):
    """The advies: the region, the question, and how the professional is named."""

    region = forms.ModelChoiceField(
        label=_("Veilig Thuis region"),
        queryset=Region.objects.all(),
        help_text=_("The region where the person lives or stays; 0800-2000 connects you."),
        error_messages={
            "required": _("Choose the region."),
            "invalid_choice": _("Choose one of the regions offered."),
        },
    )
    question = long_text(
        _("Your question for Veilig Thuis"),
        required=True,
        help_text=_(
            "No names, dates, numbers, postcodes or e-mail addresses: an advies shares no "
            "personal data. Describe the situation in general terms."
        ),
    )
    anonymous = forms.BooleanField(
        label=_("Consult without my name"),
        required=False,
        help_text=_("Otherwise Veilig Thuis gets the name of your account and the number below."),
    )
    callback_phone = phone_field(_("Number on which Veilig Thuis can call you back"))

    def clean_callback_phone(self) -> str:
        """Check the callback number."""
        return clean_phone(self.cleaned_data.get("callback_phone", ""))


class HouseholdRow(RowForm):
    """A member of the household other than the person concerned."""

    name = short_text(_("Name"))
    role = forms.ChoiceField(
        label=_("Role in the household"), choices=HOUSEHOLD_ROLES, required=False
    )
    birth_date = date_field(_("Date of birth"))
    phone = phone_field(_("Phone"))

    def clean_birth_date(self) -> date | None:
        """Check the date of birth."""
        return clean_birth_date(self.cleaned_data.get("birth_date"))

    def clean_phone(self) -> str:
        """Check the phone number."""
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        """Ask for a name and a role on a row that holds anything."""
        data = super().clean() or {}
        if not self.is_blank():
            if not data.get("name"):
                self.add_error("name", _("Give the name, or empty the row."))
            if not data.get("role"):
                self.add_error("role", _("Choose the role in the household."))
        return data


class ChildRow(RowForm):
    """A minor child from the kindcheck."""

    name = short_text(_("Name"))
    birth_date = date_field(_("Date of birth"))
    age = forms.IntegerField(label=_("Age in years"), required=False, min_value=0, max_value=17)

    def clean_birth_date(self) -> date | None:
        """Check the date of birth."""
        return clean_birth_date(self.cleaned_data.get("birth_date"))


class NetworkRow(RowForm):
    """Another professional involved (ondersteunend netwerk)."""

    role = short_text(_("Role or function"))
    organisation = short_text(_("Organisation"))
    phone = phone_field(_("Phone"))
    consent_basis = forms.ChoiceField(
        label=_("Basis for naming them"), choices=CONSENT_BASES, required=False
    )

    def clean_phone(self) -> str:
        """Check the phone number."""
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        """Ask for the role on a row that holds anything."""
        data = super().clean() or {}
        if not self.is_blank() and not data.get("role"):
            self.add_error("role", _("Give the role or function, or empty the row."))
        return data


class MeldingForm(RepeatedRows):
    """The identifying data of a melding, with the household and the melder's details."""

    rows = {"household": HouseholdRow, "children": ChildRow, "network": NetworkRow}
    row_limit = ROW_LIMIT

    # Where the person lives or stays: this chooses the region.
    municipality = forms.CharField(
        label=_("Municipality where the person lives or stays"),
        max_length=SHORT_LIMIT,
        widget=forms.TextInput(attrs={"list": "municipalities", "autocomplete": "off"}),
    )
    region = forms.ModelChoiceField(
        label=_("Another Veilig Thuis region"),
        queryset=Region.objects.all(),
        required=False,
        help_text=_("Only when the melding belongs elsewhere than the municipality's region."),
    )
    # The melder.
    melder_name = short_text(_("Your name"), required=True)
    melder_profession = forms.ChoiceField(label=_("Your profession"), choices=Profession.choices)
    melder_organisation = short_text(_("Organisation or practice"), required=True)
    melder_phone = phone_field(_("Your phone number"), required=True)
    melder_email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    melder_reachable = short_text(
        _("When Veilig Thuis can reach you"),
        required=True,
        help_text=_("For example: weekdays 8-17."),
    )
    melder_big_number = forms.CharField(
        label=_("BIG-nummer"),
        required=False,
        max_length=14,
        help_text=_("If you are BIG-registered."),
    )
    # The person concerned.
    name = short_text(_("Name of the person concerned"), required=True)
    birth_date = date_field(_("Date of birth"))
    street = short_text(_("Street"))
    number = forms.CharField(label=_("House number"), required=False, max_length=20)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=10)
    city = short_text(_("Place"))
    phone = phone_field(_("Phone number of the person concerned"))
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=12)
    # Open melden, tenzij.
    told = forms.TypedChoiceField(
        label=_("Has the person concerned been told about the melding?"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    exception = forms.ChoiceField(
        label=_("If not: the exception that applies"), choices=EXCEPTIONS, required=False
    )
    # For Veilig Thuis only.
    not_for_family = long_text(_("What the persons concerned should not see"))
    anonymous_reason = long_text(_("Why you want to stay anonymous to the family"))
    # The phone call before a written melding.
    phone_contact_date = date_field(_("Date of the phone call with Veilig Thuis"))
    phone_contact_with = short_text(_("With whom (name or role)"))
    language = short_text(_("Language of the person concerned"))
    interpreter_needed = forms.BooleanField(
        label=_("A professional interpreter is needed"), required=False
    )
    interpreter_language = short_text(_("Language for the interpreter"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Add the repeated rows, and drop the BSN field unless the setting allows it."""
        super().__init__(*args, **kwargs)
        if not settings.VT_BSN_ENABLED:
            del self.fields["bsn"]
        self.build_formsets(prefix=str, initial=self.initial)

    def clean_melder_phone(self) -> str:
        """Check the melder's phone number."""
        return clean_phone(self.cleaned_data.get("melder_phone", ""))

    def clean_phone(self) -> str:
        """Check the person's phone number."""
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean_birth_date(self) -> date | None:
        """Check the date of birth."""
        return clean_birth_date(self.cleaned_data.get("birth_date"))

    def clean_melder_big_number(self) -> str:
        """Write a BIG-nummer as 11 digits."""
        raw = "".join(self.cleaned_data.get("melder_big_number", "").split())
        if not raw:
            return ""
        if not raw.isdigit() or not 9 <= len(raw) <= 11:
            raise forms.ValidationError(_("A BIG-nummer has 9 to 11 digits."))
        return raw.zfill(11)

    def clean_postcode(self) -> str:
        """Write a Dutch postcode as '1234 AB'."""
        raw = self.cleaned_data.get("postcode", "")
        if not raw:
            return ""
        normalised = identity.normalise_postcode(raw)
        if normalised is None:
            raise forms.ValidationError(_("Enter a Dutch postcode such as 3512 AB."))
        return normalised

    def clean_bsn(self) -> str:
        """Check a BSN with the elfproef."""
        raw = "".join(self.cleaned_data.get("bsn", "").replace(".", "").split())
        if raw and not identity.bsn_valid(raw):
            raise forms.ValidationError(_("This is not a valid BSN (it fails the elfproef)."))
        return raw

    def clean(self) -> dict[str, Any]:
        """Check what depends on more than one field: the address, the exception, the region."""
        data = super().clean() or {}
        address = [data.get(k) for k in ("street", "number", "postcode", "city")]
        if any(address) and not all(address):
            self.add_error(
                None,
                _("Give the whole address (street, number, postcode and place), or none of it."),
            )
        if data.get("told") is False and not data.get("exception"):
            self.add_error(
                "exception", _("Say which exception applies when the person was not told.")
            )
        if data.get("told") is True and data.get("exception"):
            self.add_error("exception", _("No exception applies when the person was told."))
        municipality = data.get("municipality", "")
        if municipality and data.get("region") is None and region_for(municipality) is None:
            self.add_error(
                "municipality",
                _("This municipality is not known; check the spelling or choose the region below."),
            )
        if data.get("interpreter_needed") and not data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Say in which language."))
        return data

    def chosen_region(self) -> tuple[Region, bool]:
        """Return the region and whether it was chosen by hand instead of by municipality."""
        data = self.cleaned_data
        if data.get("region") is not None:
            by_municipality = region_for(data["municipality"])
            chosen: Region = data["region"]
            return chosen, chosen.code != by_municipality
        return Region.objects.get(code=region_for(data["municipality"])), False

    def details(self) -> dict[str, Any]:
        """Return the identifying data in the shape the melding builder takes."""
        d = self.cleaned_data
        melder = {
            "name": d["melder_name"],
            "profession": d["melder_profession"],
            "organisation": d["melder_organisation"],
            "phone": d["melder_phone"],
            "email": d["melder_email"],
            "reachable": d["melder_reachable"],
        }
        if d.get("melder_big_number"):
            melder["big_number"] = d["melder_big_number"]
        person: dict[str, Any] = {"name": d["name"], "role": "betrokkene"}
        if d.get("birth_date"):
            person["birth_date"] = d["birth_date"].isoformat()
        if d.get("street"):
            person["address"] = {k: d[k] for k in ("street", "number", "postcode", "city")}
        if d.get("phone"):
            person["phone"] = d["phone"]
        if d.get("bsn"):
            person["bsn"] = d["bsn"]
        persons = [person] + [
            _compact({**row, "birth_date": _iso(row.get("birth_date"))})
            for row in self._rows("household")
        ]
        data: dict[str, Any] = {
            "municipality": d["municipality"].strip(),
            "melder": melder,
            "persons": persons,
            "children": [
                _compact({**row, "birth_date": _iso(row.get("birth_date"))})
                for row in self._rows("children")
            ],
            "supporting_network": [_compact(row) for row in self._rows("network")],
            "informed": _compact({"told": d["told"], "exception": d.get("exception", "")}),
            "veilig_thuis_only": _compact(
                {"not_for_family": d["not_for_family"], "anonymous_reason": d["anonymous_reason"]}
            ),
        }
        if d.get("phone_contact_date"):
            data["phone_contact_before"] = _compact(
                {"date": d["phone_contact_date"].isoformat(), "with": d["phone_contact_with"]}
            )
        if d.get("language"):
            data["language"] = d["language"]
        if d.get("interpreter_needed") or d.get("interpreter_language"):
            data["interpreter"] = _compact(
                {"needed": bool(d.get("interpreter_needed")), "language": d["interpreter_language"]}
            )
        return data

    def _rows(self, name: str) -> list[dict[str, Any]]:
        return [
            dict(form.cleaned_data)
            for form in self.formsets[name].forms
            if form.has_changed() and not form.is_blank()
        ]


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    """Drop empty optional values: the schema wants them absent, not empty."""
    return {k: v for k, v in values.items() if v not in (None, "", [])}


def initial_from_details(data: dict[str, Any]) -> dict[str, Any]:
    """Return the form's initial values from stored identifying data (to change it)."""
    melder = data.get("melder", {})
    persons: list[dict[str, Any]] = data.get("persons", [])
    person: dict[str, Any] = next((p for p in persons if p.get("role") == "betrokkene"), {})
    address = person.get("address", {})
    informed = data.get("informed", {})
    vt_only = data.get("veilig_thuis_only", {})
    contact = data.get("phone_contact_before", {})
    interpreter = data.get("interpreter", {})
    initial: dict[str, Any] = {
        "municipality": data.get("municipality", ""),
        "name": person.get("name", ""),
        "birth_date": person.get("birth_date", ""),
        "phone": person.get("phone", ""),
        "bsn": person.get("bsn", ""),
        "told": "yes" if informed.get("told") else ("no" if informed else ""),
        "exception": informed.get("exception", ""),
        "not_for_family": vt_only.get("not_for_family", ""),
        "anonymous_reason": vt_only.get("anonymous_reason", ""),
        "phone_contact_date": contact.get("date", ""),
        "phone_contact_with": contact.get("with", ""),
        "language": data.get("language", ""),
        "interpreter_needed": interpreter.get("needed", False),
        "interpreter_language": interpreter.get("language", ""),
        "household": [p for p in persons if p.get("role") != "betrokkene"],
        "children": data.get("children", []),
        "network": data.get("supporting_network", []),
    }
    initial.update({k: address.get(k, "") for k in ("street", "number", "postcode", "city")})
    initial.update({f"melder_{k}": v for k, v in melder.items()})
    return initial
