"""App configuration for the signal catalogue and weighing."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    """Configure the signals app and connect its receivers."""

    name = "signals"
    verbose_name = _("Signals")

    def ready(self) -> None:
        """Connect the signal receivers."""
        from . import receivers  # noqa: F401
