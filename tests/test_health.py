"""/healthz reports the database and the broker, and says 503 when one is down."""

from __future__ import annotations

import json

import pytest

from tests.test_settings import run_python

PROBE = """
import django, json
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


@pytest.mark.django_db
def test_healthy_when_database_and_broker_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


def test_503_when_the_database_url_points_nowhere():
    result = run_python(
        PROBE,
        {
            "DEBUG": "1",
            "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nowhere",
            "ALLOWED_HOSTS": "testserver",
        },
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])

    assert outcome["status"] == 503
    assert outcome["body"]["database"]["ok"] is False
    assert outcome["body"]["status"] == "unavailable"


def test_503_when_the_broker_is_unreachable():
    result = run_python(
        PROBE,
        {
            "DEBUG": "1",
            "REDIS_URL": "redis://127.0.0.1:1/0",
            "ALLOWED_HOSTS": "testserver",
        },
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])

    assert outcome["status"] == 503
    assert outcome["body"]["broker"]["ok"] is False
