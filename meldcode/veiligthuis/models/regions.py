"""The 26 Veilig Thuis regions and, per region, an optional electronic receiver."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from meldcode.fields import EncryptedTextField

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
    phone_first = models.BooleanField(
        _("phone call before a written melding"),
        default=True,
        help_text=_(
            "Whether the region asks professionals to phone before sending a written melding."
        ),
    )

    class Meta:
        ordering = ("name",)
        verbose_name = _("Veilig Thuis region")
        verbose_name_plural = _("Veilig Thuis regions")

    def __str__(self) -> str:
        """Show the region as Veilig Thuis names it."""
        return f"Veilig Thuis {self.name}"


class Receiver(models.Model):
    """Where this installation delivers a region's reports electronically.

    The key id and secret were issued to this installation by the receiving
    side (each sending installation has its own key); the secret is stored
    encrypted. A region without an active receiver takes its advies and
    melding by phone only.
    """

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="receiver", verbose_name=_("region")
    )
    url = models.URLField(
        _("intake URL"),
        max_length=500,
        help_text=_("The receiver's POST /api/veilig-thuis/v1/reports address, over HTTPS."),
    )
    key_id = models.CharField(_("key id"), max_length=40)
    secret = EncryptedTextField(_("secret"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("receiver")
        verbose_name_plural = _("receivers")

    def __str__(self) -> str:
        """Show the region and address, never the secret."""
        return f"{self.region}: {self.url}"
