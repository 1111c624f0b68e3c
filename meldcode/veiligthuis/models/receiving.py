"""The receiving side: sender keys, received reports, their assessment and terugkoppeling."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldcode.fields import EncryptedJSONField, EncryptedTextField

from .regions import Region


class SenderKey(models.Model):
    """The key with which one sending installation signs its deliveries to this intake.

    Each installation has its own keys, issued here (the receiving side);
    at most :data:`MAX_ACTIVE_KEYS` are active at once, so that a sender can
    switch to a new key before the old one is retired. The secret is kept,
    encrypted, because checking an HMAC needs it; it is shown only once, when
    it is issued. The same key signs the terugkoppeling this side sends back
    to the installation's ``callback_url``.
    """

    MAX_ACTIVE_KEYS = 2

    key_id = models.CharField(_("key id"), max_length=40, unique=True, editable=False)
    secret = EncryptedTextField(_("secret"), editable=False)
    sender_name = models.CharField(
        _("sending installation"),
        max_length=200,
        help_text=_("The practice or organisation whose installation signs with this key."),
    )
    callback_url = models.URLField(
        _("terugkoppeling URL"),
        max_length=500,
        blank=True,
        help_text=_(
            "The installation's POST /api/veilig-thuis/v1/terugkoppeling address; "
            "empty when terugkoppeling goes by phone."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ("sender_name", "-created_at")
        verbose_name = _("sender key")
        verbose_name_plural = _("sender keys")

    def __str__(self) -> str:
        """Show the key id and its sender, never the secret."""
        return f"{self.key_id} ({self.sender_name})"

    def clean(self) -> None:
        """Refuse a third active key for one sender."""
        if not self.active:
            return
        others = SenderKey.objects.filter(sender_name=self.sender_name, active=True)
        if self.pk is not None:
            others = others.exclude(pk=self.pk)
        if others.count() >= self.MAX_ACTIVE_KEYS:
            raise ValidationError(
                _("A sender has at most two active keys; retire one before activating another.")
            )


class AssessmentDecision(models.TextChoices):
    """The decisions of a veiligheidsbeoordeling (meldcode.md §5)."""

    ONDERZOEK = "onderzoek", _("onderzoek")
    RAAD = "raad_kinderbescherming", _("request to the Raad voor de Kinderbescherming")
    VOORWAARDEN = "voorwaarden_vervolg", _("voorwaarden en vervolg")
    OVERDRACHT = "overdracht", _("overdracht")
    EINDE = "einde_bemoeienis", _("einde bemoeienis")


class ReceivedReport(models.Model):
    """An advies or melding received by the intake.

    The body's hash makes a repeated delivery recognisable: the same payload
    id with the same body gets the same answer, with another body a conflict.
    The payload is identifying data and is stored encrypted.
    """

    class Type(models.TextChoices):
        ADVIES = "advies", _("advies")
        MELDING = "melding", _("melding")

    class Status(models.TextChoices):
        ONTVANGEN = "ontvangen", _("received")
        VEILIGHEIDSBEOORDELING = "veiligheidsbeoordeling", _("veiligheidsbeoordeling")
        ONDERZOEK = "onderzoek", _("onderzoek")
        AFGEROND = "afgerond", _("completed")

    payload_id = models.UUIDField(_("payload id"), unique=True, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="reports", verbose_name=_("region")
    )
    type = models.CharField(_("type"), max_length=10, choices=Type.choices)
    body_hash = models.CharField(_("body hash (SHA-256)"), max_length=64, editable=False)
    payload = EncryptedJSONField(_("payload"), editable=False)
    sender = models.ForeignKey(
        SenderKey, on_delete=models.PROTECT, related_name="reports", verbose_name=_("sender key")
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.ONTVANGEN
    )
    # The veiligheidsbeoordeling: due within five working days of receipt.
    assessment_due = models.DateField(_("veiligheidsbeoordeling due"), null=True, blank=True)
    assessment_decision = models.CharField(
        _("decision"), max_length=30, choices=AssessmentDecision.choices, blank=True
    )
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    revision = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        ordering = ("-received_at",)
        verbose_name = _("received report")
        verbose_name_plural = _("received reports")
        indexes = [models.Index(fields=("region", "status", "-received_at"))]

    def __str__(self) -> str:
        """Show the type and the pseudonymous payload id, nothing from the content."""
        return f"{self.type} {self.payload_id}"


class TerugkoppelingFields(models.Model):
    """What terugkoppeling may hold (meldcode.md §5), on both sides of a delivery.

    Limited to whether a vervolgtraject started, to whom the case was handed,
    and the safety conditions and monitoring where the melder has a role;
    free text is optional.
    """

    class Stage(models.TextChoices):
        VEILIGHEIDSBEOORDELING = "veiligheidsbeoordeling", _("after the veiligheidsbeoordeling")
        ONDERZOEK = "onderzoek", _("after the onderzoek")

    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices)
    decision = models.CharField(
        _("decision"), max_length=30, choices=AssessmentDecision.choices, blank=True
    )
    vervolgtraject = models.BooleanField(_("a vervolgtraject started"))
    handed_to = models.CharField(_("handed to"), max_length=200, blank=True)
    safety_conditions = models.TextField(_("safety conditions"), max_length=2000, blank=True)
    melder_role = models.TextField(
        _("the melder's role in monitoring"), max_length=2000, blank=True
    )
    text = models.TextField(_("further explanation"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)

    class Meta:
        abstract = True


class Terugkoppeling(TerugkoppelingFields):
    """Terugkoppeling given by Veilig Thuis staff on a received melding."""

    id = models.UUIDField(_("id"), primary_key=True, editable=False)
    report = models.ForeignKey(
        ReceivedReport,
        on_delete=models.CASCADE,
        related_name="terugkoppelingen",
        verbose_name=_("report"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("given by"),
    )

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("terugkoppeling")
        verbose_name_plural = _("terugkoppelingen")

    def __str__(self) -> str:
        """Show the stage and the report's pseudonymous id."""
        return f"{self.stage} {self.report_id}"
