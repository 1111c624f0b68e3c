"""Veilig Thuis regions."""

from django.db import models
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
