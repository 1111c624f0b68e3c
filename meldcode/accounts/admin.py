"""Management of users by administrators."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from .forms import BigNumberField
from .models import Role, User


class RegionRequiredMixin(forms.ModelForm):  # type: ignore[type-arg]
    """Require a region for Veilig Thuis staff, who only see their region's reports."""

    def clean(self) -> dict[str, Any]:
        """Check that Veilig Thuis staff have a region."""
        cleaned = super().clean() or {}
        groups = cleaned.get("groups") or []
        if any(g.name == Role.VEILIG_THUIS for g in groups) and not cleaned.get("region"):
            self.add_error("region", _("Veilig Thuis staff need a region."))
        return cleaned


class UserCreateForm(RegionRequiredMixin, UserCreationForm[User]):
    """Create a user from the admin."""

    big_number = BigNumberField(label=_("BIG-nummer"), required=False)

    class Meta:
        model = User
        fields = ("email", "full_name", "profession", "big_number", "organisation", "region")


class UserEditForm(RegionRequiredMixin, UserChangeForm[User]):
    """Edit a user from the admin."""

    big_number = BigNumberField(label=_("BIG-nummer"), required=False)

    class Meta:
        model = User
        fields = (
            "email",
            "password",
            "full_name",
            "profession",
            "big_number",
            "organisation",
            "region",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
            "last_login",
            "date_joined",
        )


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    """Users and their roles."""

    form = UserEditForm
    add_form = UserCreateForm
    ordering = ("email",)
    list_display = ("email", "full_name", "profession", "region", "is_staff", "is_active")
    list_filter = ("is_staff", "is_active", "groups", "profession", "region")
    search_fields = ("email", "full_name", "organisation")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Person"),
            {"fields": ("full_name", "profession", "big_number", "organisation", "region")},
        ),
        (
            _("Roles and permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (
            _("Login"),
            {"fields": ("last_login", "date_joined")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "profession",
                    "big_number",
                    "organisation",
                    "region",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
