"""App configuration for the e-learning."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElearningConfig(AppConfig):
    """Configure the e-learning app."""

    name = "elearning"
    label = "elearning"
    verbose_name = _("E-learning")
