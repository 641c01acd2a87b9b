"""Abstract building blocks shared by the apps' models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.i18n import bilingual


class BilingualName(models.Model):
    """Reference data named in both languages; ``name`` follows the active language."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    rank = models.PositiveSmallIntegerField(_("rank"), default=0)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self.name_zh, self.name_en)


class TransitionRule(models.Model):
    """Which action moves an object from which status to which, and which roles may do it.

    A workflow as data: tickets (``WorkflowAction``) and claims (``ClaimTransition``) each
    seed their rows by migration and check them in one service.
    """

    action = models.SlugField(_("action"), max_length=32)
    from_status = models.CharField(_("from status"), max_length=20)
    to_status = models.CharField(_("to status"), max_length=20, blank=True)
    roles = models.JSONField(_("roles"), default=list)
    label_zh = models.CharField(_("Chinese label"), max_length=60)
    label_en = models.CharField(_("English label"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "action"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status or '·'}"

    @property
    def label(self) -> str:
        return bilingual(self.label_zh, self.label_en)


class EventRecord(models.Model):
    """One step on an object's record (tickets' ``TicketEvent``, complaints'
    ``ComplaintEvent``, claims' ``ClaimEvent``): a stable machine ``code``, never translated,
    who and when, the status change if any and the step's details.

    Each concrete event adds the foreign key to its object and its own indexes; its
    ``Meta`` extends ``EventRecord.Meta`` for the timeline's order.
    """

    code = models.CharField(_("code"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class NumberSequence(models.Model):
    """The running number of one ``PREFIX`` + ``YYMM`` series (``2611`` for tickets,
    ``WC2611`` for claims …), bumped atomically by :func:`aftersales.numbering.next_number`."""

    key = models.CharField(_("series"), max_length=24, primary_key=True)
    last_value = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")

    def __str__(self) -> str:
        return f"{self.key}: {self.last_value}"
