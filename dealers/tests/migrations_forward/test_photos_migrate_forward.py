"""A database whose repair records carry photos (``dealers.RepairPhoto``, before the
attachments app) migrates forward without losing one: every photo becomes an attachment of
its record, good files checked and served, hostile or missing ones kept and never served
(PostgreSQL, scratch database, scratch folders)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

REPO_ROOT = Path(__file__).resolve().parents[3]
DB = settings.DATABASES["default"]

pytestmark = pytest.mark.skipif(
    DB["ENGINE"] != "django.db.backends.postgresql", reason="the forward test needs PostgreSQL"
)


@pytest.fixture(scope="module")
def scratch_url():
    import psycopg2
    from psycopg2 import sql

    name = f"{DB['NAME']}_photos_fwd"
    admin = psycopg2.connect(
        dbname="postgres",
        user=DB["USER"],
        password=DB["PASSWORD"],
        host=DB["HOST"],
        port=DB["PORT"] or 5432,
    )
    admin.autocommit = True

    def drop() -> None:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))

    drop()
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    auth = DB["USER"] + (f":{DB['PASSWORD']}" if DB["PASSWORD"] else "")
    yield f"postgres://{auth}@{DB['HOST']}:{DB['PORT'] or 5432}/{name}"
    drop()
    admin.close()


@pytest.fixture(scope="module")
def migrated(scratch_url, tmp_path_factory):
    """The scratch database filled before the move and migrated forward (once per module)."""
    tmp_path = tmp_path_factory.mktemp("photos_fwd")
    completed = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("fill_and_migrate_photos.py"))],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "DATABASE_URL": scratch_url,
            "PYTHONPATH": str(REPO_ROOT),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "ATTACHMENTS_ROOT": str(tmp_path / "attachments"),
            "ALLOWED_HOSTS": "testserver",
        },
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_every_repair_photo_becomes_an_attachment_of_its_record(migrated):
    # given five photos on two repair records; when the database is migrated forward
    rows, expected = migrated["rows"], migrated["expected"]
    # then there are as many attachments as there were photos, on the same records, with the
    # same names, times and uploader, as fault photos, and the old table is gone
    assert migrated["photo_rows_before"] == 5
    assert migrated["attachments_total"] == 5
    assert [(r["record"], r["name"], r["uploaded_at"]) for r in rows] == [
        (e["record"], e["name"], e["uploaded_at"]) for e in expected
    ]
    assert {r["uploaded_by"] for r in rows} == {"fwd-dealer"}
    assert {r["kind"] for r in rows} == {"fault_photo"}
    assert migrated["photo_table_left"] is False
    # and the old files stay where they were (nothing is deleted on the way)
    assert migrated["old_files_kept"] == sorted(
        f"repair-records/2026/11/{e['name']}" for e in expected if e["sha256"]
    )


def test_good_photos_are_checked_stripped_and_served_to_the_records_dealer_only(migrated):
    good = {r["name"]: r for r in migrated["rows"] if not r["refused"]}
    assert sorted(good) == ["fault.png", "invoice.pdf", "nameplate.jpg"]
    assert [good[n]["mime_type"] for n in sorted(good)] == [
        "image/png",
        "application/pdf",
        "image/jpeg",
    ]
    for row in good.values():
        assert row["stored"] is True
        assert row["owner"]["status"] == 200
        assert row["owner"]["nosniff"] == "nosniff"
        assert row["stranger"] == 404  # another dealer does not reach the record's files
    # the photo's GPS position and camera tags are gone; its orientation was applied
    assert good["nameplate.jpg"]["owner"]["exif_tags"] == 0
    assert good["nameplate.jpg"]["owner"]["size"] == [90, 120]
    assert good["nameplate.jpg"]["thumbnail"] is True
    assert good["invoice.pdf"]["owner"]["content_type"] == "application/pdf"


def test_hostile_and_missing_photos_are_kept_with_the_reason_and_never_served(migrated):
    refused = {r["name"]: r for r in migrated["rows"] if r["refused"]}
    assert sorted(refused) == ["evil.jpg", "gone.jpg"]
    hostile = next(e for e in migrated["expected"] if e["name"] == "evil.jpg")
    # the hostile file's bytes are kept as they were (evidence), but nobody can fetch them
    assert refused["evil.jpg"]["sha256"] == hostile["sha256"]
    assert refused["evil.jpg"]["stored"] is True
    assert "missing" in refused["gone.jpg"]["refused"]
    for row in refused.values():
        assert row["owner"]["status"] == 404
        assert row["stranger"] == 404
