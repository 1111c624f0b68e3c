"""Read-only browsing of catalogue versions and their signals.

The TOML files are the source of the catalogue; the admin only shows what
was loaded, so nothing here can be added, changed or deleted.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CatalogueSignal, CatalogueVersion


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Show records without any way to change them."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Refuse adding."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Refuse changing (the change page becomes a view page)."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Refuse deleting: a case may refer to any version."""
        return False


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(ReadOnlyAdmin):
    """Every catalogue version ever loaded."""

    list_display = ("version", "edition", "signal_count", "first_loaded_at")
    search_fields = ("version",)
    exclude = ("content",)


@admin.register(CatalogueSignal)
class CatalogueSignalAdmin(ReadOnlyAdmin):
    """The signals of each version."""

    list_display = (
        "code",
        "label_nl",
        "type",
        "indicator",
        "counter",
        "acute",
        "population",
        "catalogue",
    )
    list_filter = ("catalogue", "type", "dimension", "counter", "acute", "population")
    search_fields = ("code", "indicator", "label_nl", "label_en")
    list_select_related = ("catalogue",)
