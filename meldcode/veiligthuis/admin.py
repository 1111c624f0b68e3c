"""Management of Veilig Thuis regions, sender keys and received reports."""

from urllib.parse import urlsplit

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Delivery, Receiver, Region, SenderKey
from .outbox.services import delivery_retry

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    """The regional Veilig Thuis organisations."""

    list_display = ("name", "code", "phone", "phone_first")
    list_filter = ("phone_first",)
    search_fields = ("name", "code")


class ReceiverForm(forms.ModelForm[Receiver]):
    """A receiver's address must use HTTPS (plain HTTP only to this machine, for the demo)."""

    secret = forms.CharField(
        label=_("secret"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("As issued by the receiver. Leave empty to keep the stored secret."),
    )

    class Meta:
        model = Receiver
        fields = ("region", "url", "key_id", "secret", "active")

    def clean_url(self) -> str:
        """Refuse an address that is not HTTPS, except on this machine."""
        url = str(self.cleaned_data["url"])
        parts = urlsplit(url)
        if parts.scheme != "https" and parts.hostname not in LOOPBACK_HOSTS:
            raise forms.ValidationError(_("A receiver's address must start with https://."))
        return url

    def clean_secret(self) -> str:
        """Keep the stored secret when the field is left empty; require one for a new receiver."""
        secret = str(self.cleaned_data.get("secret") or "")
        if secret:
            return secret
        if self.instance.pk is None:
            raise forms.ValidationError(_("Enter the secret the receiver issued."))
        return str(self.instance.secret)


@admin.register(Receiver)
class ReceiverAdmin(admin.ModelAdmin[Receiver]):
    """Where each region's reports are delivered; the secret is never shown."""

    form = ReceiverForm
    list_display = ("region", "url", "key_id", "active")
    list_filter = ("active",)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    """The outbox: status of every delivery, and sending failed ones again."""

    list_display = (
        "payload_id",
        "kind",
        "region",
        "status",
        "attempts",
        "created_at",
        "delivered_at",
    )
    list_filter = ("status", "kind")
    fields = (
        "payload_id",
        "kind",
        "region",
        "url",
        "body_hash",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "delivered_at",
    )
    readonly_fields = fields
    actions = ("retry",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Deliveries are made by sending from a case, never by hand."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Delivery | None = None) -> bool:
        """Keep every delivery: its id, hash and status are the trace of what was sent."""
        return False

    @admin.action(description=_("Send the selected failed deliveries again"))
    def retry(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        """Retry each failed delivery of the selection."""
        retried = 0
        for delivery in queryset.filter(status=Delivery.Status.FAILED):
            try:
                delivery_retry(actor_id=request.user.pk, delivery=delivery)
            except ValueError:
                continue  # emptied after another melding of its case arrived
            retried += 1
        self.message_user(
            request,
            ngettext("%d delivery is sent again.", "%d deliveries are sent again.", retried)
            % retried,
            messages.SUCCESS,
        )


@admin.register(SenderKey)
class SenderKeyAdmin(admin.ModelAdmin[SenderKey]):
    """Keys of sending installations; only whether a key is active can change here.

    Keys are issued with ``manage.py vt_sender_key_issue``, which shows the
    secret once; the admin never shows it.
    """

    list_display = ("key_id", "sender_name", "active", "created_at")
    list_filter = ("active",)
    search_fields = ("key_id", "sender_name")
    fields = ("key_id", "sender_name", "callback_url", "active", "created_at")
    readonly_fields = ("key_id", "sender_name", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Issue keys with the command, which shows the secret once."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SenderKey | None = None) -> bool:
        """Retire a key instead: received reports keep referring to it."""
        return False
