"""App configuration for Veilig Thuis."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VeiligThuisConfig(AppConfig):
    """Configure the Veilig Thuis app."""

    name = "meldcode.veiligthuis"
    label = "veiligthuis"
    verbose_name = _("Veilig Thuis")
