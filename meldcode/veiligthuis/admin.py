"""Management of Veilig Thuis regions."""

from django.contrib import admin

from .models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    """The regional Veilig Thuis organisations."""

    list_display = ("name", "code", "phone")
    search_fields = ("name", "code")
