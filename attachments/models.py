"""Files attached to records of any app (tickets, repair records, claims, …).

An attachment points at its record through a content type and id; which models may carry
attachments, who may see and add them, is registered by the owning app
(:mod:`attachments.registry`). Every file has been checked by content and, for images,
re-encoded before it is stored (:mod:`attachments.verify`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.models import BilingualName
from attachments.storage import private_storage


class AttachmentKind(BilingualName):
    """What a file shows: a fault photo, the nameplate, an invoice, … (data, seeded)."""

    class Meta(BilingualName.Meta):
        verbose_name = _("attachment kind")
        verbose_name_plural = _("attachment kinds")


class AttachmentRules(models.Model):
    """Upload limits, one row (seeded by migration ``0002``, editable in the admin)."""

    max_file_bytes = models.PositiveIntegerField(
        _("largest file (bytes)"), default=10 * 1024 * 1024
    )
    max_request_bytes = models.PositiveIntegerField(
        _("largest upload request (bytes)"),
        default=15 * 1024 * 1024,
        help_text=_("Requests announcing a larger body are refused (413) before it is read."),
    )
    max_files_per_upload = models.PositiveSmallIntegerField(_("files per upload"), default=10)
    max_files_per_record = models.PositiveSmallIntegerField(_("files per record"), default=60)
    allowed_formats = models.CharField(
        _("allowed formats"),
        max_length=100,
        default="jpeg,png,webp,pdf",
        help_text=_("Comma-separated, from: jpeg, png, webp, pdf."),
    )
    max_image_pixels = models.PositiveIntegerField(_("largest image (pixels)"), default=40_000_000)
    thumbnail_pixels = models.PositiveSmallIntegerField(_("thumbnail size (pixels)"), default=320)

    class Meta:
        verbose_name = _("attachment rules")
        verbose_name_plural = _("attachment rules")

    def __str__(self) -> str:
        return str(_("Attachment rules"))

    @classmethod
    def current(cls) -> AttachmentRules:
        rules, _created = cls.objects.get_or_create(pk=1)
        return rules

    @property
    def formats(self) -> frozenset[str]:
        return frozenset(f.strip().lower() for f in self.allowed_formats.split(",") if f.strip())


def _file_name(instance: Attachment, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return timezone.now().strftime(f"%Y/%m/{uuid.uuid4().hex}.{ext}")


class Attachment(models.Model):
    """One checked file on one record. The stored name is random; the uploader's file name
    is kept only for display and the download's ``Content-Disposition``."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    kind = models.ForeignKey(
        AttachmentKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind")
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=_file_name)
    thumbnail = models.FileField(
        _("thumbnail"), storage=private_storage, upload_to=_file_name, blank=True
    )
    original_name = models.CharField(_("file name"), max_length=200)
    mime_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64)
    refused_reason = models.CharField(
        _("refused by the content check"),
        max_length=200,
        blank=True,
        help_text=_(
            "Set only on files carried over from before the content check that fail it: "
            "kept, never served."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_record")]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")

    @property
    def servable(self) -> bool:
        return not self.refused_reason
