"""Veilig Thuis regions, the keys of sending installations, and received reports."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NATIONAL_PHONE = "0800-2000"


class Region(models.Model):
    """One of the 26 regional Veilig Thuis organisations."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    phone = models.CharField(
        _("phone"),
        max_length=20,
        default=NATIONAL_PHONE,
        help_text=_("The national number 0800-2000 connects to the caller's region."),
    )

    class Meta:
        ordering = ("name",)
        verbose_name = _("Veilig Thuis region")
        verbose_name_plural = _("Veilig Thuis regions")

    def __str__(self) -> str:
        """Show the region as Veilig Thuis names it."""
        return f"Veilig Thuis {self.name}"


class SenderKey(models.Model):
    """The key with which one sending installation signs its deliveries to this intake.

    Each installation has its own keys, issued here (the receiving side);
    at most :data:`MAX_ACTIVE_KEYS` are active at once, so that a sender can
    switch to a new key before the old one is retired. The secret is kept
    because checking an HMAC needs it, but it is shown only once, when it is
    issued: the admin never displays it.
    """

    MAX_ACTIVE_KEYS = 2

    key_id = models.CharField(_("key id"), max_length=40, unique=True, editable=False)
    secret = models.CharField(_("secret"), max_length=100, editable=False)
    sender_name = models.CharField(
        _("sending installation"),
        max_length=200,
        help_text=_("The practice or organisation whose installation signs with this key."),
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


class ReceivedReport(models.Model):
    """An advies or melding received by the intake.

    The body's hash makes a repeated delivery recognisable: the same payload
    id with the same body gets the same answer, with another body a conflict.
    """

    class Type(models.TextChoices):
        ADVIES = "advies", _("advies")
        MELDING = "melding", _("melding")

    class Status(models.TextChoices):
        ONTVANGEN = "ontvangen", _("received")

    payload_id = models.UUIDField(_("payload id"), unique=True, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="reports", verbose_name=_("region")
    )
    type = models.CharField(_("type"), max_length=10, choices=Type.choices)
    body_hash = models.CharField(_("body hash (SHA-256)"), max_length=64, editable=False)
    payload = models.JSONField(_("payload"), editable=False)
    sender = models.ForeignKey(
        SenderKey, on_delete=models.PROTECT, related_name="reports", verbose_name=_("sender key")
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.ONTVANGEN
    )

    class Meta:
        ordering = ("-received_at",)
        verbose_name = _("received report")
        verbose_name_plural = _("received reports")

    def __str__(self) -> str:
        """Show the type and the pseudonymous payload id, nothing from the content."""
        return f"{self.type} {self.payload_id}"
