"""Administration of modules, registers, accreditations, certificates and cohorts.

Module content comes from its files, so versions are read-only here; what an
administrator sets is the certificate's validity and the accreditations. A
certificate can be revoked (with a reason category) or its PDF regenerated
from its frozen data, never edited.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from meldcode.accounts.models import User

from .models import (
    Accreditation,
    Certificate,
    Cohort,
    Module,
    ModuleVersion,
    Register,
    RegisterNumber,
    RevocationReason,
)
from .services import certificate_regenerate, certificate_revoke


class ModuleVersionInline(admin.TabularInline):  # type: ignore[type-arg]
    """The versions loaded from the module's files."""

    model = ModuleVersion
    extra = 0
    can_delete = False
    fields = ("version", "title_nl", "minutes", "digest", "loaded_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Versions come from the files only."""
        return False


class AccreditationInline(admin.TabularInline):  # type: ignore[type-arg]
    """The module's accreditations per register."""

    model = Accreditation
    extra = 0


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Modules: validity of their certificates and their accreditations."""

    list_display = ("slug", "current_version", "validity_years")
    fields = ("slug", "order", "current_version", "validity_years")
    readonly_fields = ("slug", "order", "current_version")
    inlines = (AccreditationInline, ModuleVersionInline)

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Modules come from their files (``load_modules``)."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Certificates refer to modules."""
        return False


@admin.register(Register)
class RegisterAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Accreditation registers and how they write a number."""

    list_display = ("name", "code", "key", "prefix", "org_id")


@admin.register(Accreditation)
class AccreditationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """All accreditations."""

    list_display = (
        "accreditation_id",
        "module",
        "register",
        "points",
        "valid_from",
        "valid_until",
        "entry_deadline_days",
    )
    list_filter = ("register", "module")


@admin.register(RegisterNumber)
class RegisterNumberAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Learners' numbers in registers that key on their own numbers."""

    list_display = ("user", "register", "number")
    raw_id_fields = ("user",)


def _revoke_action(reason: RevocationReason) -> Callable[..., None]:
    """Return an admin action that revokes the selected certificates for ``reason``."""

    def revoke(
        modeladmin: admin.ModelAdmin,  # type: ignore[type-arg]
        request: HttpRequest,
        queryset: QuerySet[Certificate],
    ) -> None:
        assert isinstance(request.user, User)  # noqa: S101 - the admin requires a login
        count = 0
        for pk in queryset.filter(revoked_at__isnull=True).values_list("pk", flat=True):
            certificate_revoke(certificate_id=pk, by=request.user, reason=reason)
            count += 1
        modeladmin.message_user(
            request,
            ngettext("%(count)d certificate revoked.", "%(count)d certificates revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    revoke.__name__ = f"revoke_{reason.value}"
    revoke.__doc__ = f"Revoke the selected certificates: {reason.value}."
    return admin.action(description=_("Revoke: %(reason)s") % {"reason": reason.label})(revoke)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Issued certificates: read-only, revocable, regenerable from their frozen data."""

    list_display = ("code", "module", "completed_at", "valid_until", "revoked_at")
    list_filter = ("module", "revoked_reason")
    search_fields = ("code",)
    readonly_fields = (
        "code",
        "user",
        "module",
        "module_version",
        "renews",
        "completed_at",
        "valid_until",
        "data",
        "revoked_at",
        "revoked_reason",
        "revoked_by",
    )
    exclude = ("attempt", "pdf", "badge_salt", "badge_identity")
    actions = [
        *(_revoke_action(reason) for reason in RevocationReason),
        "regenerate",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Certificates are issued at completion only."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Refuse: a certificate is revoked, never deleted; its verification page must answer."""
        return False

    @admin.action(description=_("Regenerate the PDF from the frozen data"))
    def regenerate(self, request: HttpRequest, queryset: QuerySet[Certificate]) -> None:
        """Render the selected certificates' PDFs again from their frozen data."""
        assert isinstance(request.user, User)  # noqa: S101 - the admin requires a login
        count = 0
        for pk in queryset.values_list("pk", flat=True):
            certificate_regenerate(certificate_id=pk, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d PDF regenerated.", "%(count)d PDFs regenerated.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Cohorts of every trainer."""

    list_display = ("name", "trainer", "join_code", "open", "created_at")
    readonly_fields = ("join_code",)
    raw_id_fields = ("trainer",)
    filter_horizontal = ("modules",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Trainers create cohorts on their own pages, where each gets its join code."""
        return False
