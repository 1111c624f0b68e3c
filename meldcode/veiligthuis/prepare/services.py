"""Writes of the preparation: the advies question, the melding's identifying data, sending.

A payload is shown in full before it is sent. The confirmation carries the
previewed payload's id, creation time and hash; sending rebuilds the payload
from the same data with the same id and time and refuses when the hash
differs, so what leaves is exactly what the clinician saw, and a change made
meanwhile in another tab is never sent unseen.
"""

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.utils import timezone

from meldcode.accounts.models import User
from meldcode.audit.services import audit_record
from meldcode.cases.models import Case
from meldcode.cases.steps import melding_ready
from meldcode.veiligthuis.melding import melding_payload
from meldcode.veiligthuis.models import AdviesPrep, Delivery, MeldingDetails, Receiver, Region
from meldcode.veiligthuis.outbox.services import body_bytes, delivery_create
from meldcode.veiligthuis.payload import advies_payload

MELDING_DECISIONS: Final = frozenset({"melden", "opnieuw_melden"})
# How old a previewed payload may be when it is confirmed.
PREVIEW_VALID: Final = timedelta(hours=2)
OPEN_STATUSES: Final = (Delivery.Status.PENDING, Delivery.Status.SENDING)


class CannotSend(ValueError):
    """The payload may not be sent now; the message says why, for the clinician."""

    def __init__(self, code: str) -> None:
        """Keep a code the page turns into a translated message."""
        self.code = code
        super().__init__(code)


@dataclass(frozen=True, slots=True)
class Preview:
    """A payload as shown for confirmation, with what identifies this exact version."""

    payload: dict[str, Any]
    payload_id: uuid.UUID
    created_at: datetime
    digest: str


def _digest(payload: dict[str, Any]) -> str:
    return hashlib.sha256(body_bytes(payload)).hexdigest()


def active_receiver(region: Region) -> Receiver | None:
    """Return the region's active electronic receiver, if it has one."""
    receiver = Receiver.objects.filter(region=region, active=True).first()
    return receiver


def known_names(details: MeldingDetails | None) -> tuple[str, ...]:
    """Return the names the melding details hold, so that a question naming them is refused."""
    if details is None or not isinstance(details.data, dict):
        return ()
    people = [*(details.data.get("persons") or []), *(details.data.get("children") or [])]
    return tuple(str(p["name"]) for p in people if isinstance(p, dict) and p.get("name"))


@transaction.atomic
def advies_prepare(
    *,
    user: User,
    case: Case,
    region: Region,
    question: str,
    anonymous: bool,
    callback_phone: str,
) -> AdviesPrep:
    """Save the clinician's advies question and how they want to be named.

    The advies is built first, so that a question that could identify
    someone (:class:`IdentifyingQuestion`) or a name that is missing
    (``ValueError``) is refused before anything is saved.
    """
    values = {
        "region": region,
        "question": question.strip(),
        "anonymous": anonymous,
        "callback_phone": callback_phone.strip(),
    }
    probe = AdviesPrep(case=case, **values)
    advies_preview(user=user, case=case, prep=probe, payload_id=uuid.uuid4(), now=timezone.now())
    prep, _created = AdviesPrep.objects.update_or_create(case=case, defaults=values)
    audit_record(actor_id=user.pk, action="vt_advies_prepared", target=f"case:{case.pk}")
    return prep


def advies_preview(
    *, user: User, case: Case, prep: AdviesPrep, payload_id: uuid.UUID, now: datetime
) -> Preview:
    """Build the advies payload; raise ``ValueError`` (or IdentifyingQuestion) when it cannot be."""
    payload = advies_payload(
        case,
        question=prep.question,
        profession=user.profession,
        organisation=user.organisation or "-",
        anonymous=prep.anonymous,
        name=user.full_name,
        callback_phone=prep.callback_phone,
        region=prep.region.code,
        payload_id=payload_id,
        now=now,
        known_names=known_names(MeldingDetails.objects.filter(case=case).first()),
    )
    return Preview(payload, payload_id, now, _digest(payload))


def melding_refusal(case: Case, details: MeldingDetails | None) -> str | None:
    """Return why a melding cannot be sent now (a code), or None when it can."""
    if case.decision not in MELDING_DECISIONS:
        return "not_decided"
    if not melding_ready(case.state()).ready:
        return "not_ready"
    if details is None:
        return "no_details"
    data = details.data or {}
    acute = bool(case.acute_record)
    if (details.region.phone_first or acute) and not data.get("phone_contact_before"):
        return "phone_first"
    return None


@transaction.atomic
def melding_details_save(
    *, user: User, case: Case, data: dict[str, Any], region: Region, overridden: bool
) -> MeldingDetails:
    """Store the melding's identifying data, encrypted; only after the decision to melden."""
    if case.decision not in MELDING_DECISIONS:
        raise CannotSend("not_decided")
    details, _created = MeldingDetails.objects.update_or_create(
        case=case, defaults={"data": data, "region": region, "region_overridden": overridden}
    )
    # Which fields were given, never their content.
    audit_record(
        actor_id=user.pk,
        action="vt_melding_details_saved",
        target=f"case:{case.pk}",
        data={"persons": len(data.get("persons", [])), "region": region.code},
    )
    return details


def melding_preview(
    *, case: Case, details: MeldingDetails, payload_id: uuid.UUID, now: datetime
) -> Preview:
    """Build the melding payload from the case and its identifying data."""
    payload = melding_payload(
        case, details.data, region=details.region.code, payload_id=payload_id, now=now
    )
    return Preview(payload, payload_id, now, _digest(payload))


@dataclass(frozen=True, slots=True)
class Confirmation:
    """What a confirmation form carries: the previewed payload's id, time and hash."""

    payload_id: uuid.UUID
    created_at: datetime
    digest: str


def _send_as_previewed(
    *,
    user: User,
    case: Case,
    kind: str,
    confirmation: Confirmation,
    build: Callable[[uuid.UUID, datetime], Preview],
    region: Region,
) -> Delivery:
    """Rebuild the previewed payload and put it in the outbox, if it is still what was shown.

    Refuse a preview older than :data:`PREVIEW_VALID`, a region without a
    receiver, a payload that changed since it was shown, and a second
    confirmation of the same preview.
    """
    receiver = active_receiver(region)
    if receiver is None:
        raise CannotSend("no_receiver")
    now = timezone.now()
    if not (now - PREVIEW_VALID <= confirmation.created_at <= now + timedelta(minutes=1)):
        raise CannotSend("preview_expired")
    preview = build(confirmation.payload_id, confirmation.created_at)
    if preview.digest != confirmation.digest:
        raise CannotSend("changed")
    try:
        with transaction.atomic():
            return delivery_create(
                kind=kind,
                payload=preview.payload,
                url=receiver.url,
                actor_id=user.pk,
                case=case,
                region=region,
                receiver=receiver,
            )
    except IntegrityError:
        # The same preview confirmed twice (a double click, two tabs).
        raise CannotSend("already_sent") from None


@transaction.atomic
def advies_send(*, user: User, case: Case, confirmation: Confirmation) -> Delivery:
    """Send the previewed advies through the outbox to the region's receiver."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    prep = AdviesPrep.objects.select_related("region").filter(case=locked).first()
    if prep is None:
        raise CannotSend("no_question")

    def build(payload_id: uuid.UUID, now: datetime) -> Preview:
        return advies_preview(user=user, case=locked, prep=prep, payload_id=payload_id, now=now)

    return _send_as_previewed(
        user=user,
        case=locked,
        kind="advies",
        confirmation=confirmation,
        build=build,
        region=prep.region,
    )


@transaction.atomic
def melding_send(*, user: User, case: Case, confirmation: Confirmation) -> Delivery:
    """Send the previewed melding through the outbox to the region where the person lives.

    The case row is locked, so two confirmations at once send one melding;
    while one melding of the case is on its way no other is sent.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    details = MeldingDetails.objects.select_related("region").filter(case=locked).first()
    refusal = melding_refusal(locked, details)
    if refusal is not None:
        raise CannotSend(refusal)
    assert details is not None  # noqa: S101 - melding_refusal said so
    if Delivery.objects.filter(case=locked, kind="melding", status__in=OPEN_STATUSES).exists():
        raise CannotSend("already_sent")

    def build(payload_id: uuid.UUID, now: datetime) -> Preview:
        return melding_preview(case=locked, details=details, payload_id=payload_id, now=now)

    return _send_as_previewed(
        user=user,
        case=locked,
        kind="melding",
        confirmation=confirmation,
        build=build,
        region=details.region,
    )


def vt_read_log(*, user: User, case: Case, view: str) -> None:
    """Log a view of a melding or advies preview or summary (NEN 7513)."""
    audit_record(actor_id=user.pk, action="vt_read", target=f"case:{case.pk}", data={"view": view})


def vt_export_log(*, user: User, case: Case, kind: str) -> None:
    """Log a download of a summary PDF (NEN 7513: copy, print, export)."""
    audit_record(
        actor_id=user.pk, action="vt_exported", target=f"case:{case.pk}", data={"kind": kind}
    )


@transaction.atomic
def vt_payload_export_log(*, operator: User, case: Case, kind: str) -> None:
    """Log that an operator exported a real case's payload (NEN 7513: export); no content."""
    audit_record(
        actor_id=operator.pk,
        action="vt_payload_exported",
        target=f"case:{case.pk}",
        data={"type": kind},
    )
