"""The project's own app: base templates, static files and project commands."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class MeldcodeConfig(AppConfig):
    """Configure the project app."""

    default = True
    name = "meldcode"
    verbose_name = _("Meldwijzer")


class MeldwijzerAdminConfig(admin_apps.AdminConfig):
    """Install the admin with the site that asks for the second factor."""

    # Named in INSTALLED_APPS; not this module's default (MeldcodeConfig is).
    default = False
    default_site = "meldcode.admin_site.MeldwijzerAdminSite"
