"""The cases app: pseudonymous cases and the Meldcode wizard."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """Configure the cases app."""

    name = "meldcode.cases"
    label = "cases"
    verbose_name = _("Cases")
