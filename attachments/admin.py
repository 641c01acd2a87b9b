from __future__ import annotations

from django.contrib import admin

from aftersales.admin import ReadOnlyAdmin, ReferenceListAdmin
from attachments.models import Attachment, AttachmentKind, AttachmentRules

admin.site.register(AttachmentKind, ReferenceListAdmin)


@admin.register(AttachmentRules)
class AttachmentRulesAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "max_file_bytes",
        "max_request_bytes",
        "max_files_per_upload",
        "max_files_per_record",
        "allowed_formats",
    ]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    """Uploaded through the record's pages and API only (checked there); shown here."""

    list_display = ["original_name", "kind", "mime_type", "size", "content_type", "object_id"]
    list_filter = ["kind", "mime_type"]
    list_select_related = ["kind", "content_type"]
    exclude = ["file", "thumbnail"]
