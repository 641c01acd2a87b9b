"""A database migrated on ``main`` before the SLA engine left ``tickets`` migrates forward
with every calendar, policy version, clock and escalation intact (PostgreSQL, scratch DB)."""

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


@pytest.fixture
def scratch_url():
    import psycopg2
    from psycopg2 import sql

    name = f"{DB['NAME']}_fwd"
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


def test_a_database_migrated_before_the_move_keeps_every_sla_row(scratch_url):
    # given a database at tickets.0007 holding calendars, two policy versions, clocks and
    # escalations; when it is migrated forward (the script does both)
    completed = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("fill_and_migrate.py"))],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "DATABASE_URL": scratch_url, "PYTHONPATH": str(REPO_ROOT)},
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])

    # then every row of every SLA table is still there, unchanged, and no seed was added
    assert result["after"] == result["before"]
    assert len(result["after"]["tickets_slapolicy"]) == 2
    assert len(result["after"]["tickets_escalation"]) == 1
    # and the rows are reached through the sla app, ticket → clock → policy version 1
    assert result["ticket_calendar"] is True
    assert result["clock_policy_version"] == 1
    assert result["escalations"] == [0]
    # and a group's permission on the policies followed the model to the sla app
    assert result["group_perms"] == [["sla", "view_slapolicy"]]
