"""Run by ``test_photos_migrate_forward`` in a fresh interpreter against a scratch database
(``MEDIA_ROOT`` and ``ATTACHMENTS_ROOT`` in scratch folders): migrate it to where ``main``
stood before repair-record photos moved onto the attachments app (``dealers.0003``), file
photos on two repair records through the historical models — a JPEG carrying GPS metadata,
a PNG, a PDF, an HTML page named ``.jpg`` and a photo whose file has gone — migrate it
forward, and print what the attachments app then holds and serves."""

from __future__ import annotations

import hashlib
import io
import json
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations.executor import MigrationExecutor  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from attachments.tests import files  # noqa: E402

BEFORE = [("dealers", "0003_numbers_in_one_counter"), ("attachments", "0002_seed")]
AT = datetime(2026, 11, 20, 6, 30, tzinfo=UTC)
HOSTILE = b"<html><body><script>alert(document.cookie)</script></body></html>"
PHOTOS: dict[str, list[tuple[str, bytes | None]]] = {
    # record → [(stored name, bytes or None when the file has gone)]
    "RR2611000001": [
        ("repair-records/2026/11/nameplate.jpg", files.jpeg_bytes((120, 90), with_gps=True)),
        ("repair-records/2026/11/fault.png", files.png_bytes()),
        ("repair-records/2026/11/invoice.pdf", files.pdf_bytes()),
    ],
    "RR2611000002": [
        ("repair-records/2026/11/evil.jpg", HOSTILE),
        ("repair-records/2026/11/gone.jpg", None),
    ],
}


def _people(apps):  # type: ignore[no-untyped-def]
    Organisation = apps.get_model("accounts", "Organisation")
    User = apps.get_model("accounts", "User")
    Group = apps.get_model("auth", "Group")
    dealer = Organisation.objects.create(code="D-FWD", name="迁移经销商", kind="dealer")
    other = Organisation.objects.create(code="D-OTHER", name="别家经销商", kind="dealer")
    group, _ = Group.objects.get_or_create(name="dealer")
    users = {}
    for name, org in (("fwd-dealer", dealer), ("fwd-other", other)):
        users[name] = User.objects.create(username=name, organisation=org)
        users[name].groups.add(group)
    return dealer, users


def _ticket(apps, number, dealer, by):  # type: ignore[no-untyped-def]
    Customer = apps.get_model("tickets", "Customer")
    customer = Customer.objects.create(name="张三", phone=f"1380000{number[-4:]}")
    return apps.get_model("tickets", "Ticket").objects.create(
        number=number,
        customer=customer,
        fault_description="不制冷",
        severity=apps.get_model("tickets", "FaultSeverity").objects.order_by("rank").first(),
        region_class=apps.get_model("tickets", "RegionClass").objects.order_by("rank").first(),
        assigned_organisation=dealer,
        status="resolved",
        received_at=AT,
        created_by=by,
    )


def fill() -> dict[str, object]:
    for app, name in BEFORE:
        call_command("migrate", app, name, verbosity=0)
    apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    dealer, users = _people(apps)
    by = users["fwd-dealer"]
    Record = apps.get_model("dealers", "RepairRecord")
    Photo = apps.get_model("dealers", "RepairPhoto")
    media = Path(settings.MEDIA_ROOT)
    expected = []
    for index, (number, photos) in enumerate(PHOTOS.items(), start=1):
        record = Record.objects.create(
            number=number,
            dealer=dealer,
            ticket=_ticket(apps, f"261100000{index}", dealer, by),
            technician=by,
            visit_date=date(2026, 11, 19),
            work_done="更换压缩机",
            labour_hours=Decimal("2.0"),
            customer_signed_name="张三",
            customer_signed_at=AT,
            due_on=date(2026, 11, 26),
            filed_at=AT,
            filed_by=by,
        )
        for minute, (name, data) in enumerate(photos):
            if data is not None:
                (media / name).parent.mkdir(parents=True, exist_ok=True)
                (media / name).write_bytes(data)
            uploaded_at = AT.replace(minute=minute)
            Photo.objects.create(record=record, file=name, uploaded_at=uploaded_at)
            expected.append(
                {
                    "record": number,
                    "name": name.rsplit("/", 1)[-1],
                    "uploaded_at": uploaded_at.isoformat(),
                    "sha256": hashlib.sha256(data).hexdigest() if data is not None else None,
                }
            )
    return {"expected": expected, "photo_rows_before": Photo.objects.count()}


def _served(row, client) -> dict[str, object]:  # type: ignore[no-untyped-def]
    response = client.get(f"/attachments/{row.pk}/")
    out: dict[str, object] = {"status": response.status_code}
    if response.status_code == 200:
        out["content_type"] = response["Content-Type"]
        out["nosniff"] = response["X-Content-Type-Options"]
        body = b"".join(response.streaming_content)
        if row.mime_type.startswith("image/"):
            from PIL import Image

            image = Image.open(io.BytesIO(body))
            out["exif_tags"] = len(image.getexif())
            out["size"] = list(image.size)
    return out


def after(expected: list[dict[str, object]]) -> dict[str, object]:
    from django.test import Client

    from accounts.models import User
    from attachments.models import Attachment
    from dealers.models import RepairRecord

    owner, stranger = Client(), Client()
    owner.force_login(User.objects.get(username="fwd-dealer"))
    stranger.force_login(User.objects.get(username="fwd-other"))
    rows = []
    for record in RepairRecord.objects.order_by("number"):
        for row in record.attachments.select_related("kind", "uploaded_by").order_by("pk"):
            rows.append(
                {
                    "record": record.number,
                    "name": row.original_name,
                    "uploaded_at": row.uploaded_at.astimezone(UTC).isoformat(),
                    "uploaded_by": row.uploaded_by.username if row.uploaded_by else None,
                    "kind": row.kind.code,
                    "mime_type": row.mime_type,
                    "refused": row.refused_reason,
                    "sha256": row.sha256,
                    "stored": bool(row.file.name) and row.file.storage.exists(row.file.name),
                    "thumbnail": bool(row.thumbnail),
                    "owner": _served(row, owner),
                    "stranger": stranger.get(f"/attachments/{row.pk}/").status_code,
                }
            )
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    media = Path(settings.MEDIA_ROOT)
    return {
        "rows": rows,
        "attachments_total": Attachment.objects.count(),
        "photo_table_left": "dealers_repairphoto" in tables,
        "old_files_kept": sorted(
            str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()
        ),
        "expected": expected,
    }


def main() -> None:
    filled = fill()
    call_command("migrate", verbosity=0)
    from django.test.utils import override_settings

    # the scratch run has no collected static files; the error pages link to them
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        result = after(filled["expected"])  # type: ignore[arg-type]
    result["photo_rows_before"] = filled["photo_rows_before"]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
