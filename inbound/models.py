"""Every message read from the service mailbox, with what became of it.

A message is stored before it is acted on, raw bytes included, so a mail that cannot be read
is quarantined with its reason and never lost; the Message-ID (or a digest of the bytes when
a message has none) is unique, so a mailbox read twice makes nothing twice.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InboundMessage(models.Model):
    class Outcome(models.TextChoices):
        TICKET_CREATED = "ticket_created", _("New ticket")
        THREADED = "threaded", _("Added to a ticket")
        IGNORED = "ignored", _("Ignored (automatic mail)")
        QUARANTINED = "quarantined", _("Quarantined")

    message_key = models.CharField(
        _("message key"),
        max_length=300,
        unique=True,
        help_text=_("The Message-ID, or a digest of the message when it has none."),
    )
    sender = models.CharField(_("sender"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reason = models.CharField(
        _("reason"),
        max_length=300,
        blank=True,
        help_text=_("Why it was ignored or quarantined (a stable code, then details)."),
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_messages",
        verbose_name=_("ticket"),
    )
    raw = models.BinaryField(_("raw message"))

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("inbound e-mail")
        verbose_name_plural = _("inbound e-mails")
        indexes = [models.Index(fields=["outcome", "-received_at"], name="inbound_outcome_idx")]

    def __str__(self) -> str:
        return f"{self.sender} {self.subject[:40]}"


class InboundAttachment(models.Model):
    """A file that came with an inbound message, kept with it as it came; once checked by
    content it is also an attachment of the ticket (``attachment``), or the reason it is not
    (``refused_reason``, the English message id)."""

    message = models.ForeignKey(
        InboundMessage,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("message"),
    )
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    content = models.BinaryField(_("content"))
    attachment = models.ForeignKey(
        "attachments.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticket attachment"),
        help_text=_("The checked file on the ticket this mail went to."),
    )
    refused_reason = models.CharField(
        _("refused"),
        max_length=200,
        blank=True,
        help_text=_("Why the file was not attached to the ticket (the content check, a limit)."),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("e-mail attachment")
        verbose_name_plural = _("e-mail attachments")

    def __str__(self) -> str:
        return self.filename
