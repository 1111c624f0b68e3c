"""Step 5, Beslissen: the afwegingskader, help, the melding and conflict van plichten."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from meldcode.afwegingskader import Outcome, decide

from .base import StepForm, choice, date_field, long_text, short_text

ANSWER_CHOICES = [("ja", _("Yes")), ("nee", _("No"))]
QUESTIONS = {
    1: (
        _(
            "Vermoeden: do I, on the basis of steps 1 to 4, suspect (a threat of) violence "
            "or abuse?"
        ),
        _("Your own professional judgement. The signal profile informs it; it does not answer it."),
    ),
    2: (
        _("Acute of structurele onveiligheid: is there acute and/or structural unsafety?"),
        _(
            "Yes means a melding in every case, even when help is also possible. Trafficking is "
            "itself on the list of acute unsafety."
        ),
    ),
    3: (
        _("Hulp mogelijk: can I give or organise effective help to avert and monitor the danger?"),
        _("Think of what you, your practice and others around the patient can do."),
    ),
    4: (
        _(
            "Hulp aanvaard: do the people involved accept that help, and are they willing "
            "and able to cooperate?"
        ),
        _("Without acceptance and cooperation, help cannot avert the danger."),
    ),
    5: (
        _(
            "Resultaat: does the help achieve lasting safety and/or recovery within the "
            "agreed time?"
        ),
        _(
            "Answer no at any moment when the unsafety continues or returns: then report "
            "(again). Answer yes at the evaluation when the help worked."
        ),
    ),
}
INFORMED_CHOICES = [
    ("", _("— choose —")),
    ("ja", _("Yes: I told them I am reporting")),
    ("nee", _("No: an exception applies")),
]
EXCEPTION_CHOICES = [
    ("", _("— choose —")),
    ("veiligheid_patient", _("Telling would threaten the patient's or the household's safety")),
    ("veiligheid_eigen", _("Telling would threaten my own or my colleagues' safety")),
    ("vertrouwen", _("Telling would break the relationship of trust in a way that endangers care")),
]
DISCLOSURE_CHOICES = [
    ("", _("No disclosure outside Veilig Thuis")),
    ("politie", _("The police")),
    ("arbeidsinspectie", _("The Nederlandse Arbeidsinspectie")),
    ("anders", _("Someone else")),
]
BASIS_CHOICES = [
    ("", _("— choose —")),
    ("toestemming", _("The patient consented")),
    ("wettelijk", _("A legal basis")),
    ("geen", _("Neither: conflict van plichten")),
]
CONFLICT_QUESTIONS = [
    ("cvp_1", _("Which weighty interest does breaking confidentiality serve?")),
    ("cvp_2", _("Why is there no other way?")),
    ("cvp_3", _("Why can consent not be asked or obtained?")),
    ("cvp_4", _("Why do the interests served outweigh confidentiality?")),
    ("cvp_5", _("Exactly to whom, and what, will you disclose (as little as needed)?")),
]


def answer(value: str) -> bool | None:
    """Read a yes/no radio value."""
    return {"ja": True, "nee": False}.get(value)


class BeslissenForm(StepForm):
    """Step 5: the five afwegingsvragen and what follows from them."""

    q1 = choice(QUESTIONS[1][0], ANSWER_CHOICES, help_text=QUESTIONS[1][1], radio=True)
    q2 = choice(QUESTIONS[2][0], ANSWER_CHOICES, help_text=QUESTIONS[2][1], radio=True)
    q3 = choice(QUESTIONS[3][0], ANSWER_CHOICES, help_text=QUESTIONS[3][1], radio=True)
    q4 = choice(QUESTIONS[4][0], ANSWER_CHOICES, help_text=QUESTIONS[4][1], radio=True)
    q5 = choice(QUESTIONS[5][0], ANSWER_CHOICES, help_text=QUESTIONS[5][1], radio=True)
    reasons = long_text(_("The reasons for your decision"))
    help_what = long_text(_("What help"))
    help_by = short_text(_("By whom"))
    help_until = date_field(_("End of the agreed period"))
    help_evaluation = date_field(_("Evaluation date"))
    informed = choice(_("Did you tell the patient about the melding?"), INFORMED_CHOICES)
    informed_who = short_text(_("Whom did you tell?"))
    informed_reaction = long_text(_("Their reaction"))
    informed_objections = long_text(_("Their objections, or your attempts to reach them"))
    exception_ground = choice(_("Exception to open melden"), EXCEPTION_CHOICES)
    exception_reason = long_text(_("Why the exception applies"))
    melding_date = date_field(
        _("Date the melding was made"),
        help_text=_("Most regions want a phone call first: 0800-2000."),
    )
    agreements = long_text(_("Follow-up agreements with Veilig Thuis and the patient"))
    disclosure = choice(_("Will you disclose information to others?"), DISCLOSURE_CHOICES)
    disclosure_basis = choice(_("On what basis?"), BASIS_CHOICES)
    cvp_1 = long_text(CONFLICT_QUESTIONS[0][1])
    cvp_2 = long_text(CONFLICT_QUESTIONS[1][1])
    cvp_3 = long_text(CONFLICT_QUESTIONS[2][1])
    cvp_4 = long_text(CONFLICT_QUESTIONS[3][1])
    cvp_5 = long_text(CONFLICT_QUESTIONS[4][1])
    comensha_consent = forms.BooleanField(
        label=_("The patient gave written consent to registration with CoMensha"), required=False
    )
    comensha_consent_date = date_field(_("Date of the written consent"))

    def submitted_answers(self) -> dict[int, bool | None]:
        """Return the answers as submitted (or as initially loaded), valid form or not."""
        source: Any = self.data if self.is_bound else self.initial
        return {n: answer(str(source.get(f"q{n}") or "")) for n in range(1, 6)}

    def outcome(self) -> Outcome:
        """Return where the answers on the page lead."""
        return decide(self.submitted_answers())

    def visible_questions(self) -> list[int]:
        """Return the questions to show: those on the path, then the next one needed."""
        outcome = self.outcome()
        shown = list(outcome.path)
        if outcome.next_question is not None and outcome.next_question not in shown:
            shown.append(outcome.next_question)
        return shown

    def clean(self) -> dict[str, Any]:
        """Turn the answers into booleans, drop those past the decision, check what follows."""
        data = cast(dict[str, Any], super().clean())
        answers = {n: answer(data.get(f"q{n}") or "") for n in range(1, 6)}
        outcome = decide(answers)
        needed = set(outcome.path)
        if outcome.next_question is not None:
            needed.add(outcome.next_question)
        for n in range(1, 6):
            data[f"q{n}"] = answers[n] if n in needed else None
        if data.get("informed") == "nee":
            if not data.get("exception_ground"):
                self.add_error("exception_ground", _("Choose why the patient was not told."))
            if not data.get("exception_reason"):
                self.add_error("exception_reason", _("Explain why the exception applies."))
        if data.get("informed") == "ja" and not data.get("informed_who"):
            self.add_error("informed_who", _("Say whom you told."))
        if data.get("disclosure") and not data.get("disclosure_basis"):
            self.add_error("disclosure_basis", _("Choose the basis for the disclosure."))
        if data.get("disclosure") and data.get("disclosure_basis") == "geen":
            for name, _question in CONFLICT_QUESTIONS:
                if not data.get(name):
                    self.add_error(name, _("Answer this question of the conflict van plichten."))
        if data.get("comensha_consent") and not data.get("comensha_consent_date"):
            self.add_error("comensha_consent_date", _("Give the date of the written consent."))
        help_dates = (data.get("help_until"), data.get("help_evaluation"))
        if all(help_dates) and help_dates[1] < help_dates[0]:  # type: ignore[operator]
            self.add_error(
                "help_evaluation", _("The evaluation comes at or after the end of the period.")
            )
        return data
