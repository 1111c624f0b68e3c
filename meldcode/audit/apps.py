"""The audit trail app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Configure the audit trail."""

    name = "meldcode.audit"
    label = "audit"
    verbose_name = _("Audit trail")
