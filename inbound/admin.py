from django.contrib import admin

from aftersales.admin import ReadOnlyAdmin, ReadOnlyInline
from inbound.models import InboundAttachment, InboundMessage


class AttachmentInline(ReadOnlyInline):
    model = InboundAttachment
    fields = ["filename", "content_type", "size"]


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    """What the mailbox read and what became of it; quarantined mail with its reason."""

    list_display = ["received_at", "sender", "subject", "outcome", "reason", "ticket"]
    list_filter = ["outcome"]
    search_fields = ["sender", "subject", "message_key"]
    exclude = ["raw"]
    inlines = [AttachmentInline]
