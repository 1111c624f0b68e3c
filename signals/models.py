"""Every catalogue version that was ever loaded, kept for later reference."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogue import catalogue_from_dict
from .vocabulary import Catalogue


class CatalogueVersion(models.Model):
    """One version of the signal catalogue, exactly as it was loaded.

    A case records the version it was weighed with; keeping the whole content
    lets it show the same signals and texts years later.
    """

    version = models.CharField(_("version"), max_length=64, unique=True)
    edition = models.CharField(_("edition"), max_length=32)
    content = models.JSONField(_("content"))
    signal_count = models.PositiveIntegerField(_("number of signals"))
    first_loaded_at = models.DateTimeField(_("first loaded"), auto_now_add=True)

    class Meta:
        ordering = ("-first_loaded_at",)
        verbose_name = _("catalogue version")
        verbose_name_plural = _("catalogue versions")

    def __str__(self) -> str:
        """Show the version string."""
        return self.version

    def as_catalogue(self) -> Catalogue:
        """Rebuild the catalogue of this version."""
        return catalogue_from_dict(self.content)


class CatalogueSignal(models.Model):
    """One signal of one catalogue version: an index for browsing in the admin.

    The signal's data itself is stored once, in :attr:`CatalogueVersion.content`;
    these columns only let the admin list, filter and search.
    """

    catalogue = models.ForeignKey(
        CatalogueVersion,
        verbose_name=_("catalogue version"),
        on_delete=models.CASCADE,
        related_name="signals",
    )
    code = models.CharField(_("code"), max_length=60)
    type = models.CharField(_("type"), max_length=20)
    forms = models.JSONField(_("forms"))
    indicator = models.CharField(_("indicator"), max_length=120, blank=True)
    dimension = models.CharField(_("dimension"), max_length=40, blank=True)
    counter = models.BooleanField(_("counter-signal"))
    acute = models.BooleanField(_("acute"), default=False)
    population = models.CharField(_("population"), max_length=10)
    label_nl = models.CharField(_("label (Dutch)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)

    class Meta:
        ordering = ("catalogue", "id")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="unique_signal_per_version")
        ]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self) -> str:
        """Show the code and the Dutch label."""
        return f"{self.code}: {self.label_nl}"
