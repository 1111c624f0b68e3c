"""The management site: Django's admin behind the second factor.

:class:`meldcode.apps.MeldwijzerAdminConfig` names it as the admin's
``default_site``, so ``admin.site`` is an instance of it from the start and
every ``@admin.register`` lands on it.
"""

from django_otp.admin import OTPAdminSite


class MeldwijzerAdminSite(OTPAdminSite):  # type: ignore[misc]
    """Django's admin, reachable only with a verified second factor."""

    site_header = "Meldwijzer"
    site_title = "Meldwijzer"

    def __init__(self, name: str = "admin") -> None:
        """Keep Django's instance name: OTPAdminSite would call itself "otpadmin"."""
        super().__init__(name)
