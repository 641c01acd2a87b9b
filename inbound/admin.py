from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from aftersales.admin import ReadOnlyAdmin, ReadOnlyInline
from attachments.receiving import reason_text
from inbound.models import InboundAttachment, InboundMessage


class AttachmentInline(ReadOnlyInline):
    """The files as they came; each is a ticket attachment, or says why it is not."""

    model = InboundAttachment
    fields = ["filename", "content_type", "size", "attachment", "refused"]
    readonly_fields = ["filename", "content_type", "size", "attachment", "refused"]

    @admin.display(description=_("refused"))
    def refused(self, row: InboundAttachment) -> str:
        return reason_text(row.refused_reason)


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    """What the mailbox read and what became of it; quarantined mail with its reason."""

    list_display = ["received_at", "sender", "subject", "outcome", "reason", "ticket"]
    list_filter = ["outcome"]
    search_fields = ["sender", "subject", "message_key"]
    exclude = ["raw"]
    inlines = [AttachmentInline]
