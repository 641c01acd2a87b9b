from django.contrib import admin

from notifications.models import EmailDelivery, Notification


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
