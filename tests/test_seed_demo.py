"""seed_demo is idempotent: running it twice leaves the same rows."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[tuple]]:
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin", "contenttypes"}:
            continue
        rows[model._meta.label] = sorted(model._default_manager.values_list(), key=repr)
    return rows


def test_seed_demo_twice_leaves_the_same_rows():
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()

    call_command("seed_demo", stdout=io.StringIO())

    assert snapshot() == first


def test_seed_demo_prints_a_login_for_every_role():
    out = io.StringIO()

    call_command("seed_demo", stdout=out)

    for username in (
        "agent",
        "supervisor",
        "technician",
        "dealer",
        "appraiser",
        "finance",
        "manager",
        "customer",
    ):
        assert f" {username}\n" in out.getvalue() + "\n"
