"""The in-app inbox (``Notification``) and the e-mail outbox (``EmailDelivery``).

Both are written in the transaction of the change that caused them, so a rolled-back change
tells no one and a committed one is never lost; a separate task delivers the e-mails.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    code = models.CharField(
        _("code"), max_length=64, help_text=_("Stable machine code, never translated.")
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("ticket"),
    )
    payload = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.code}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def text(self) -> str:
        from notifications.messages import render

        return render(self.code, self.payload)


class EmailDelivery(models.Model):
    """One e-mail to send, retried with back-off until sent or given up: for a notification
    (to its recipient), or to an address outside the user list (a customer), then with its
    own code, payload and language."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notification = models.OneToOneField(
        Notification,
        on_delete=models.CASCADE,
        related_name="email",
        verbose_name=_("notification"),
        null=True,
        blank=True,
    )
    to_address = models.EmailField(
        _("to"), blank=True, help_text=_("Without a notification: the address to write to.")
    )
    code = models.CharField(_("code"), max_length=64, blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticket"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["next_attempt_at", "id"]
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                name="emaildelivery_pending_idx",
                condition=Q(status="pending"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(notification__isnull=False) | ~Q(to_address=""),
                name="emaildelivery_has_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.notification_id or self.to_address} {self.status}"


class WebhookChannel(models.Model):
    """A group chat robot that staff read: WeCom (企业微信) or DingTalk (钉钉).

    Which notifications it posts is data: an organisation (none = every organisation) and a
    list of notification codes (empty = all). A notification goes to a channel when one of its
    recipients belongs to the channel's organisation.
    """

    class Kind(models.TextChoices):
        WECOM = "wecom", _("WeCom group robot")
        DINGTALK = "dingtalk", _("DingTalk robot")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhook_channels",
        verbose_name=_("organisation"),
        help_text=_("Empty: notifications for every organisation."),
    )
    url = models.URLField(
        _("webhook URL"),
        max_length=500,
        help_text=_("The robot's address, with its key or access token."),
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        blank=True,
        help_text=_("DingTalk: the secret shown under 加签 (starts with SEC)."),
    )
    codes = models.JSONField(
        _("notification codes"),
        default=list,
        blank=True,
        help_text=_('Which notifications to post, e.g. ["sla.breached"]; empty: all.'),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("chat robot channel")
        verbose_name_plural = _("chat robot channels")

    def __str__(self) -> str:
        return self.name

    def wants(self, code: str) -> bool:
        return not self.codes or code in self.codes


class ChannelDelivery(models.Model):
    """One message to post to a chat robot; retried with back-off until sent or given up."""

    Status = EmailDelivery.Status

    channel = models.ForeignKey(
        WebhookChannel,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("channel"),
    )
    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        related_name="channel_deliveries",
        verbose_name=_("notification"),
        help_text=_("The first of the notifications this message stands for."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EmailDelivery.Status.choices, default="pending"
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["next_attempt_at", "id"]
        verbose_name = _("chat robot delivery")
        verbose_name_plural = _("chat robot deliveries")
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                name="channeldelivery_pending_idx",
                condition=Q(status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel_id} {self.notification_id} {self.status}"
