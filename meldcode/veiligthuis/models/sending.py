"""The sending side: what a clinician prepares for Veilig Thuis, and the outbox."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldcode.cases.models import Case
from meldcode.fields import EncryptedJSONField, EncryptedTextField

from .receiving import TerugkoppelingFields
from .regions import Receiver, Region


class AdviesPrep(models.Model):
    """The clinician's preparation of an advies (a consultation of Veilig Thuis).

    Holds the question (scanned for anything identifying before it may be
    sent, and stored encrypted all the same) and how the professional wants
    to be named. No data about the patient: the rest of an advies is built
    from the case's structured answers.
    """

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="advies_prep", verbose_name=_("case")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    question = EncryptedTextField(_("question for Veilig Thuis"), blank=True)
    anonymous = models.BooleanField(_("consult without my name"), default=False)
    callback_phone = models.CharField(_("callback number"), max_length=20, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("advies preparation")
        verbose_name_plural = _("advies preparations")

    def __str__(self) -> str:
        """Name the case by its reference only."""
        return f"advies {self.case_id}"


class MeldingDetails(models.Model):
    """The identifying data of a melding, asked for only when the melding is prepared.

    Everything in ``data`` is encrypted at rest: the melder's contact details,
    the person concerned and the household, the children, the part for
    Veilig Thuis only. The row is deleted once Veilig Thuis confirmed receipt;
    the record then lives in the HIS and in Veilig Thuis's dossier.
    """

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="melding_details", verbose_name=_("case")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    # True when the clinician chose another region than the municipality's.
    region_overridden = models.BooleanField(_("region chosen by hand"), default=False)
    data = EncryptedJSONField(_("identifying data"), default=dict)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("melding details")
        verbose_name_plural = _("melding details")

    def __str__(self) -> str:
        """Name the case by its id only, never the content."""
        return f"melding {self.case_id}"


class Delivery(models.Model):
    """One payload in the transactional outbox.

    Written in the same transaction as the submission it carries; a task
    posts it, and a sweeper re-enqueues rows whose task was lost. The body is
    encrypted and emptied once the receiver confirmed it: what stays is the
    payload id, the body's hash, the times and the status.
    """

    class Kind(models.TextChoices):
        ADVIES = "advies", _("advies")
        MELDING = "melding", _("melding")
        TERUGKOPPELING = "terugkoppeling", _("terugkoppeling")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    payload_id = models.UUIDField(_("payload id"), unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("case"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    receiver = models.ForeignKey(
        Receiver,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("receiver"),
    )
    # For terugkoppeling: the report it answers and the key that signs it.
    report = models.ForeignKey(
        "veiligthuis.ReceivedReport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("report"),
    )
    url = models.URLField(_("address"), max_length=500)
    body = EncryptedTextField(_("body"), blank=True)
    body_hash = models.CharField(_("body hash (SHA-256)"), max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    lease_until = models.DateTimeField(_("held by a worker until"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=("status", "next_attempt_at"))]

    def __str__(self) -> str:
        """Show the kind and the payload id, nothing from the body."""
        return f"{self.kind} {self.payload_id}"


class CaseTerugkoppeling(TerugkoppelingFields):
    """Terugkoppeling from Veilig Thuis on a melding this installation sent."""

    id = models.UUIDField(_("id"), primary_key=True, editable=False)
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="terugkoppelingen",
        verbose_name=_("case"),
    )
    delivery = models.ForeignKey(
        Delivery,
        on_delete=models.CASCADE,
        related_name="terugkoppelingen",
        verbose_name=_("melding"),
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("terugkoppeling on a case")
        verbose_name_plural = _("terugkoppelingen on cases")

    def __str__(self) -> str:
        """Show the stage and the case id."""
        return f"{self.stage} {self.case_id}"
