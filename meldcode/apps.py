"""The project's own app: base templates, static files and project commands."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeldcodeConfig(AppConfig):
    """Configure the project app."""

    name = "meldcode"
    verbose_name = _("Meldwijzer")
