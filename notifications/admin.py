from django.contrib import admin

from aftersales.admin import ReadOnlyAdmin
from notifications.models import ChannelDelivery, EmailDelivery, Notification, WebhookChannel


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "code", "ticket", "read_at"]
    list_filter = ["code"]
    raw_id_fields = ["recipient", "ticket"]


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    list_display = ["notification", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    raw_id_fields = ["notification"]


@admin.register(WebhookChannel)
class WebhookChannelAdmin(admin.ModelAdmin):
    """Which notifications go to which WeCom / DingTalk group, per organisation."""

    list_display = ["name", "kind", "organisation", "language", "active"]
    list_filter = ["kind", "active"]
    list_editable = ["active"]


@admin.register(ChannelDelivery)
class ChannelDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["channel", "notification", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "channel"]
