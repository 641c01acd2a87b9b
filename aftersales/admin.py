"""Admin building blocks shared by the apps."""

from __future__ import annotations

from typing import Any

from django.contrib import admin


class ReferenceListAdmin(admin.ModelAdmin):
    """A coded reference list with names in both languages (``aftersales.models.BilingualName``
    and lists shaped like it): ordered and switched on or off right in the list."""

    list_display = ["code", "name_zh", "name_en", "rank", "is_active"]
    list_editable = ["rank", "is_active"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by a service (workflow steps, audit trails, computed results): the
    admin shows them but adds, changes and deletes nothing, so no step bypasses its rules
    or its audit event."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
