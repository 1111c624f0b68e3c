"""Administrators read and filter the audit trail, behind the second factor as all admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The trail, read-only."""

    list_display = ("id", "created_at", "actor_id", "action", "target")
    list_filter = ("action",)
    search_fields = ("action", "target")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Refuse adding: only services write entries."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Refuse changing: the trail is append-only."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Refuse deleting: the trail is append-only."""
        return False
