"""App configuration for accounts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Configure the accounts app and connect its receivers."""

    name = "meldcode.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        """Connect the signal receivers."""
        from . import receivers  # noqa: F401
