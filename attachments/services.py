"""Writes: attach checked files to a registered record."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import DomainError
from attachments import registry
from attachments.models import Attachment, AttachmentKind, AttachmentRules
from attachments.verify import Checked, Refused, check_file

DEFAULT_KIND = "other"


def _kind(code: str | None) -> AttachmentKind:
    kind = AttachmentKind.objects.filter(code=code or DEFAULT_KIND, is_active=True).first()
    if kind is None:
        raise DomainError(_("Unknown kind of attachment."), field="kind")
    return kind


def display_name(name: str) -> str:
    """The uploader's file name without any folder part or control characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    clean = "".join(ch for ch in base if ch.isprintable()).strip()
    return clean[:200] or "file"


def check_uploads(
    files: Sequence[UploadedFile], *, rules: AttachmentRules, field: str = "files"
) -> list[tuple[str, Checked]]:
    """Each upload checked by content; the first refusal names the file and why."""
    if not files:
        raise DomainError(_("Attach at least one file."), field=field)
    if len(files) > rules.max_files_per_upload:
        raise DomainError(
            _("At most %(n)d files at a time.") % {"n": rules.max_files_per_upload}, field=field
        )
    out = []
    for upload in files:
        name = display_name(upload.name or "")
        if upload.size is not None and upload.size > rules.max_file_bytes:
            raise DomainError(
                _("%(name)s: a file may be at most %(mb)s MB.")
                % {"name": name, "mb": f"{rules.max_file_bytes / 1024 / 1024:g}"},
                field=field,
            )
        upload.seek(0)
        data = upload.read(rules.max_file_bytes + 1)
        try:
            checked = check_file(
                data,
                formats=rules.formats,
                max_pixels=rules.max_image_pixels,
                thumbnail_pixels=rules.thumbnail_pixels,
            )
        except Refused as refusal:
            raise DomainError(
                _("%(name)s: %(reason)s") % {"name": name, "reason": refusal.message},
                field=field,
                code="file_refused",
            ) from refusal
        out.append((name, checked))
    return out


def _lock(model: Any, pk: int) -> Any:
    return model.objects.select_for_update().get(pk=pk)


@transaction.atomic
def attachments_add(
    *,
    by: User,
    target: str,
    record: Any,
    files: Sequence[UploadedFile],
    kind: str | None = None,
    field: str = "files",
    at: datetime | None = None,
) -> list[Attachment]:
    """Check ``files`` by content and attach them to ``record`` (of the registered
    ``target``), recorded on the record's timeline in the same transaction."""
    spec = registry.get(target)
    if spec is None:
        raise DomainError(_("Files cannot be attached to this kind of record."), field="target")
    record = _lock(spec.model, record.pk)
    spec.check_add(by, record)
    kind_row = _kind(kind)
    rules = AttachmentRules.current()
    checked = check_uploads(list(files), rules=rules, field=field)
    content_type = ContentType.objects.get_for_model(spec.model)
    already = Attachment.objects.filter(content_type=content_type, object_id=record.pk).count()
    if already + len(checked) > rules.max_files_per_record:
        raise DomainError(
            _("A record may carry at most %(n)d files.") % {"n": rules.max_files_per_record},
            field=field,
        )
    now = at or timezone.now()
    rows: list[Attachment] = []
    try:
        for name, item in checked:
            rows.append(store_checked(item, name, content_type, record.pk, kind_row, by, now))
        spec.record_event(record, by, rows, now)
    except BaseException:
        delete_files(rows)  # nothing half-written: no file left behind a rolled-back row
        raise
    return rows


def store_checked(
    item: Checked,
    name: str,
    content_type: ContentType,
    object_id: int,
    kind: AttachmentKind,
    by: User | None,
    at: datetime,
) -> Attachment:
    row = Attachment(
        content_type=content_type,
        object_id=object_id,
        kind=kind,
        original_name=name,
        mime_type=item.mime_type,
        size=len(item.content),
        width=item.width,
        height=item.height,
        sha256=item.sha256,
        uploaded_by=by,
        uploaded_at=at,
    )
    row.file.save(f"f.{item.extension}", ContentFile(item.content), save=False)
    if item.thumbnail:
        row.thumbnail.save("t.jpg", ContentFile(item.thumbnail), save=False)
    row.save()
    return row


def delete_files(rows: Sequence[Attachment]) -> None:
    """Remove the stored files of ``rows`` (their transaction is being rolled back)."""
    for row in rows:
        for f in (row.file, row.thumbnail):
            if f and f.name:
                f.storage.delete(f.name)


def event_payload(target: str, reference: str, rows: Sequence[Attachment]) -> dict[str, Any]:
    """What an upload event carries, the same on every timeline."""
    return {
        "record_type": target,
        "record": reference,
        "attachments": [row.pk for row in rows],
        "files": len(rows),
        "names": [row.original_name for row in rows][:20],
        "kind": rows[0].kind.code if rows else "",
    }
