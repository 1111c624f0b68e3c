"""Management of Veilig Thuis regions, sender keys and received reports."""

from django.contrib import admin
from django.http import HttpRequest

from .models import Region, SenderKey


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    """The regional Veilig Thuis organisations."""

    list_display = ("name", "code", "phone")
    search_fields = ("name", "code")


@admin.register(SenderKey)
class SenderKeyAdmin(admin.ModelAdmin[SenderKey]):
    """Keys of sending installations; only whether a key is active can change here.

    Keys are issued with ``manage.py vt_sender_key_issue``, which shows the
    secret once; the admin never shows it.
    """

    list_display = ("key_id", "sender_name", "active", "created_at")
    list_filter = ("active",)
    search_fields = ("key_id", "sender_name")
    fields = ("key_id", "sender_name", "active", "created_at")
    readonly_fields = ("key_id", "sender_name", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Issue keys with the command, which shows the secret once."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SenderKey | None = None) -> bool:
        """Retire a key instead: received reports keep referring to it."""
        return False
