"""Print the Veilig Thuis payload of a case as JSON, valid against the published schema."""

import json
import uuid
from typing import Any, Final

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from meldcode.accounts.models import User
from meldcode.cases.demo import DEMO_CASES
from meldcode.cases.models import Case
from meldcode.veiligthuis.melding import InvalidMelding, melding_payload
from meldcode.veiligthuis.models import AdviesPrep, MeldingDetails, Region
from meldcode.veiligthuis.payload import advies_payload
from meldcode.veiligthuis.prepare.services import known_names, vt_payload_export_log

DEMO_REFERENCES: Final = frozenset(reference for reference, *_rest in DEMO_CASES)
MELDING_DECISIONS: Final = frozenset({"melden", "opnieuw_melden"})
# A case without a prepared advies asks the plainest question; it names no one.
DEFAULT_QUESTION: Final = "Graag uw advies: is een melding nodig, en wat is de volgende stap?"
# Demo payload ids are derived from the reference and the type, so that the
# output is the same on every run apart from the creation time.
DEMO_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "meldwijzer:vt_payload:demo")


def _operator(*, reference: str, confirmed: bool, email: str | None) -> User:
    """Return the staff account that takes responsibility for exporting a real case."""
    if not confirmed or not email:
        raise CommandError(
            f"{reference} is a real case: its payload holds patient data. Pass "
            "--operator-confirmed and --operator <e-mail of your staff account>; "
            "the export is logged in the audit trail."
        )
    operator = (
        User.objects.filter(email__iexact=email.strip(), is_active=True)
        .filter(Q(is_staff=True) | Q(is_superuser=True))
        .first()
    )
    if operator is None:
        raise CommandError(f"No active staff account has the e-mail address {email}.")
    return operator


def _advies(case: Case, *, payload_id: uuid.UUID) -> dict[str, Any]:
    """Build the advies from the case's preparation, or from defaults that name no one."""
    prep = AdviesPrep.objects.select_related("region").filter(case=case).first()
    details = MeldingDetails.objects.select_related("region").filter(case=case).first()
    if prep is not None:
        region: Region | None = prep.region
    elif details is not None:
        region = details.region
    else:
        region = Region.objects.first()
    if region is None:
        raise CommandError("There are no Veilig Thuis regions; run the migrations first.")
    owner = case.owner
    try:
        return advies_payload(
            case,
            question=(prep.question.strip() if prep else "") or DEFAULT_QUESTION,
            profession=owner.profession,
            organisation=owner.organisation.strip() or "-",
            anonymous=prep.anonymous if prep else True,
            name=owner.full_name,
            callback_phone=prep.callback_phone if prep else "",
            region=region.code,
            payload_id=payload_id,
            now=timezone.now(),
            known_names=known_names(details),
        )
    except ValueError as error:
        raise CommandError(str(error)) from error


def _melding(case: Case, *, payload_id: uuid.UUID) -> dict[str, Any]:
    """Build the melding from the case and its melding details."""
    if case.decision not in MELDING_DECISIONS:
        raise CommandError(
            f"{case.reference} is not decided to melden, so it has no melding; "
            "finish step 5 with the decision melden or opnieuw melden first."
        )
    details = MeldingDetails.objects.select_related("region").filter(case=case).first()
    if details is None:
        raise CommandError(f"{case.reference}: this case has no melding details yet.")
    try:
        return melding_payload(
            case,
            details.data,
            region=details.region.code,
            payload_id=payload_id,
            now=timezone.now(),
        )
    except InvalidMelding as error:
        raise CommandError(str(error)) from error


class Command(BaseCommand):
    """Print a case's advies or melding payload; a real case needs an operator and is audited."""

    help = (
        "Print the Veilig Thuis payload of a case as JSON: --type advies or melding. "
        "For a case other than the demo cases, pass --operator-confirmed and --operator."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Take the reference, the payload type and, for a real case, the operator."""
        parser.add_argument("reference")
        parser.add_argument("--type", choices=["advies", "melding"], required=True)
        parser.add_argument(
            "--operator-confirmed",
            action="store_true",
            help="Confirm that printing a real case's patient data is needed and allowed.",
        )
        parser.add_argument(
            "--operator", metavar="EMAIL", help="The e-mail address of your staff account."
        )

    def handle(self, *args: Any, reference: str, **options: Any) -> None:
        """Build the payload and print it, sorted and indented, and nothing else."""
        kind: str = options["type"]
        case = Case.objects.select_related("owner").filter(reference=reference).first()
        if case is None:
            raise CommandError(f"No case with reference {reference}.")
        demo = reference in DEMO_REFERENCES
        operator = None
        if not demo:
            operator = _operator(
                reference=reference,
                confirmed=options["operator_confirmed"],
                email=options["operator"],
            )
        payload_id = uuid.uuid5(DEMO_NAMESPACE, f"{reference}/{kind}") if demo else uuid.uuid4()
        build = _advies if kind == "advies" else _melding
        payload = build(case, payload_id=payload_id)
        if operator is not None:
            vt_payload_export_log(operator=operator, case=case, kind=kind)
        self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True))
