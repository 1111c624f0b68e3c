"""Forms for sharing a case: a question to a colleague, their answer, a waarnemer."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldcode.accounts.models import Role, User
from meldcode.accounts.rules import normalise_identifier
from meldcode.cases.forms.base import TOO_LONG, date_field
from meldcode.deidentify import scan


class ColleagueField(forms.EmailField):
    """The e-mail address of another clinician of Meldwijzer."""

    def __init__(self, *, owner_id: int, **kwargs: Any) -> None:
        """Remember whose case it is, so the owner cannot pick themselves."""
        super().__init__(
            label=_("Your colleague's e-mail address in Meldwijzer"),
            max_length=254,
            error_messages={"invalid": _("Enter an e-mail address such as naam@praktijk.nl.")},
            **kwargs,
        )
        self.owner_id = owner_id

    def clean(self, value: Any) -> User:
        """Return the clinician with this address, or refuse with a clear message."""
        address = normalise_identifier(cast(str, super().clean(value)))
        colleague = (
            User.objects.filter(email=address, is_active=True, groups__name=Role.CLINICIAN.value)
            .exclude(pk=self.owner_id)
            .first()
        )
        if colleague is None:
            raise forms.ValidationError(
                _("No other clinician with this address uses Meldwijzer."), code="unknown"
            )
        return colleague


class ShareForm(forms.Form):
    """Ask a colleague's view on a de-identified summary."""

    question = forms.CharField(
        label=_("Your question"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("No names, dates, numbers or places: the colleague must not learn who it is."),
        error_messages={
            "required": _("Write the question you want your colleague to answer."),
            "max_length": TOO_LONG,
        },
    )

    def __init__(self, *args: Any, owner: User, known_names: tuple[str, ...] = (), **kwargs: Any):
        """Offer the owner's colleagues; refuse the owner and names known of the case."""
        super().__init__(*args, **kwargs)
        self.fields = {"colleague": ColleagueField(owner_id=owner.pk), **self.fields}
        # The limit is a setting, so the field is built here rather than on the class.
        self.fields["days"] = forms.IntegerField(
            label=_("Open for how many days"),
            min_value=1,
            max_value=settings.COLLEAGUE_SHARE_MAX_DAYS,
            initial=7,
            error_messages={
                "invalid": _("Enter a whole number of days."),
                "min_value": _("Enter at least 1 day."),
                "max_value": _("Enter at most %(limit_value)s days."),
                "required": _("Enter for how many days the colleague may open it."),
            },
        )
        self.known_names = known_names

    def clean_question(self) -> str:
        """Refuse a question that could identify the patient."""
        question = cast(str, self.cleaned_data["question"])
        findings = scan(question, known_names=self.known_names)
        if findings:
            found = ", ".join(sorted({f"“{f.text}”" for f in findings}))
            raise forms.ValidationError(
                _(
                    "Leave out what could identify the patient: %(found)s. Describe without "
                    "names, dates, numbers or places."
                )
                % {"found": found}
            )
        return question


class AnswerForm(forms.Form):
    """The colleague's answer."""

    answer = forms.CharField(
        label=_("Your advice"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write your advice."), "max_length": TOO_LONG},
    )


class AccessForm(forms.Form):
    """Give a co-treating colleague (a waarnemer) full read access."""

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        """Offer the owner's colleagues."""
        super().__init__(*args, **kwargs)
        self.fields["colleague"] = ColleagueField(owner_id=owner.pk)


class HisTransferForm(forms.Form):
    """Confirm that the record was taken over in the HIS."""

    on = date_field(_("Taken over in the HIS on"), required=True)

    def clean_on(self) -> Any:
        """Refuse a date in the future."""
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return on
