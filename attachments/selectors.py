"""Reads: attachments always reached through their record's scope."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from accounts.models import User
from attachments import registry
from attachments.models import Attachment


def attachments_of(record: Any) -> QuerySet[Attachment]:
    """The record's own files (the caller has already found the record in its scope)."""
    content_type = ContentType.objects.get_for_model(type(record))
    return Attachment.objects.filter(content_type=content_type, object_id=record.pk).select_related(
        "kind", "uploaded_by"
    )


def attachments_beside(record: Any) -> list[tuple[Attachment, str]]:
    """The record's files (reference ``""``) and those of the records it gathers (a claim's
    repair records), each with that record's reference. Two queries per related kind."""
    spec = registry.for_model(type(record))
    condition = Q(content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk)
    references: dict[tuple[int, int], str] = {}
    if spec is not None and spec.related is not None:
        for key, rows in spec.related(record):
            other = registry.get(key)
            if other is None:
                continue
            content_type = ContentType.objects.get_for_model(other.model)
            for row in rows:
                references[(content_type.pk, row.pk)] = other.reference(row)
            condition |= Q(
                content_type=content_type,
                object_id__in=[pk for (ct, pk) in references if ct == content_type.pk],
            )
    rows = Attachment.objects.filter(condition).select_related("kind", "uploaded_by")
    return [(row, references.get((row.content_type_id, row.object_id), "")) for row in rows]


def attachment_get(user: User, pk: int) -> Attachment | None:
    """The attachment if ``user`` may see its record; otherwise ``None`` (a 404, the same as
    a missing one)."""
    row = Attachment.objects.select_related("content_type", "kind").filter(pk=pk).first()
    if row is None:
        return None
    spec = registry.for_model(row.content_type.model_class())  # type: ignore[arg-type]
    if spec is None or not spec.scope(user).filter(pk=row.object_id).exists():
        return None
    return row


def record_of(row: Attachment) -> Any:
    return row.content_type.get_object_for_this_type(pk=row.object_id)
