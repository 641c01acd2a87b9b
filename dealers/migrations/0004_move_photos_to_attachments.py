"""Repair-record photos move onto the attachments app, file by file, without loss.

Each photo is read from its old place under MEDIA_ROOT and checked by content like a new
upload: a good image is stored re-encoded (metadata dropped) with its thumbnail; a file that
fails the check (or went missing) is still carried over, kept but never served, with the
reason on the row — so no evidence disappears and nothing hostile is ever sent. The old
files are left where they were (nothing serves MEDIA_ROOT); the old rows go.
"""

import posixpath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations
from django.utils import translation

from attachments.verify import Refused, check_file


def _read(name):
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def move(apps, schema_editor):
    Photo = apps.get_model("dealers", "RepairPhoto")
    Attachment = apps.get_model("attachments", "Attachment")
    Kind = apps.get_model("attachments", "AttachmentKind")
    Rules = apps.get_model("attachments", "AttachmentRules")
    ContentType = apps.get_model("contenttypes", "ContentType")
    photos = list(Photo.objects.select_related("record").order_by("pk"))
    if not photos:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="dealers", model="repairrecord")
    kind = Kind.objects.get(code="fault_photo")
    rules, _ = Rules.objects.get_or_create(pk=1)
    formats = frozenset(f.strip() for f in rules.allowed_formats.split(",") if f.strip())
    with translation.override("en"):
        for photo in photos:
            _move_one(photo, Attachment, content_type, kind, rules, formats)
    Photo.objects.filter(pk__in=[p.pk for p in photos]).delete()


def _move_one(photo, Attachment, content_type, kind, rules, formats):
    data = _read(photo.file.name)
    row = Attachment(
        content_type=content_type,
        object_id=photo.record_id,
        kind=kind,
        original_name=posixpath.basename(photo.file.name)[:200] or "photo",
        uploaded_by=photo.record.filed_by,
        uploaded_at=photo.uploaded_at,
        mime_type="application/octet-stream",
        size=len(data or b""),
        sha256="",
    )
    if data is None:
        row.refused_reason = "The file was missing when the photos were moved."
        row.file.name = photo.file.name
        row.save()
        return
    try:
        checked = check_file(
            data,
            formats=formats,
            max_pixels=rules.max_image_pixels,
            thumbnail_pixels=rules.thumbnail_pixels,
        )
    except Refused as refusal:
        import hashlib

        row.refused_reason = str(refusal.message)[:200]
        row.sha256 = hashlib.sha256(data).hexdigest()
        row.file.save("f.bin", ContentFile(data), save=False)
        row.save()
        return
    row.mime_type = checked.mime_type
    row.size = len(checked.content)
    row.width, row.height = checked.width, checked.height
    row.sha256 = checked.sha256
    row.file.save(f"f.{checked.extension}", ContentFile(checked.content), save=False)
    if checked.thumbnail:
        row.thumbnail.save("t.jpg", ContentFile(checked.thumbnail), save=False)
    row.save()


class Migration(migrations.Migration):
    dependencies = [
        ("dealers", "0003_numbers_in_one_counter"),
        ("attachments", "0002_seed"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
