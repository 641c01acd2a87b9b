"""The dashboard page at scale: the organisation and technician tables are cut to the busiest
rows and say "N of M" with a link to the full list; the rollup figures are cached until the
rollups change (a rebuild or a settings change starts a new generation); the breached and
at-risk counts read the clocks now, never the cache."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.forms import ReportFilters
from reports.models import ReportSettings
from reports.periods import custom
from reports.rollup import rollup_increment
from reports.selectors import dashboard as board
from reports.selectors.dashboard import busiest_fix, busiest_split, dashboard_figures
from reports.tests.conftest import local, new_ticket, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_orgs(people, clock):
    """Resolved tickets: two at HQ, one at each dealer, rolled up."""
    for org, tech in (
        (people["hq"], people["technician"]),
        (people["hq"], people["technician"]),
        (people["dealer"].organisation, people["dealer_tech"]),
        (people["other"].organisation, people["other_tech"]),
    ):
        walk(people, new_ticket(people), clock, org, tech)
    rollup_increment()
    return people


def _cell(met=0, late=0, breached=0, running=0):
    return {"met": met, "met_late": late, "breached": breached, "running": running}


def test_busiest_split_orders_by_clocks_and_keeps_the_full_count():
    block = {
        "dimension": "technician",
        "values": [
            {"id": 1, "label": "a", "cells": [_cell(met=1), None]},
            {"id": 2, "label": "b", "cells": [_cell(met=5), _cell(running=2)]},
            {"id": 3, "label": "c", "cells": [_cell(breached=3), None]},
        ],
        "metrics": [{"metric": "dispatch", "rows": [{"id": 1}, {"id": 2}, {"id": 3}]}],
    }
    cut = busiest_split(block, 2)
    assert [v["id"] for v in cut["values"]] == [2, 3]
    assert cut["total"] == 3
    assert [r["id"] for r in cut["metrics"][0]["rows"]] == [2, 3]
    assert [v["id"] for v in busiest_split(block, None)["values"]] == [2, 3, 1]
    fix = busiest_fix([{"resolved": 1}, {"resolved": 4}, {"resolved": 2}], 2)
    assert fix == {"rows": [{"resolved": 4}, {"resolved": 2}], "total": 3}


def test_cut_tables_say_n_of_m_and_link_to_the_full_list(client, three_orgs, monkeypatch):
    monkeypatch.setattr(board, "PAGE_ROWS", 1)
    monkeypatch.setattr(board.busiest_split, "__defaults__", (1,))
    monkeypatch.setattr(board.busiest_fix, "__defaults__", (1,))
    monkeypatch.setattr(board.page_tables, "__defaults__", (1,))
    client.force_login(three_orgs["manager"])
    body = client.get("/reports/?period=30d").content.decode()
    assert 'data-cut="organisation"' in body
    assert "The 1 busiest of 3 are listed." in body
    assert "/reports/dashboard/organisation/?period=30d" in body
    full = client.get("/reports/dashboard/organisation/?period=30d")
    assert full.status_code == 200
    text = full.content.decode()
    for org in ("Test dealer", "Other dealer"):
        assert org in text
    assert full.context["block"]["total"] == 3
    assert [v["label"] for v in full.context["block"]["values"]][0] != "Test dealer"  # HQ: 2
    assert client.get("/reports/dashboard/severity/").status_code == 404


def test_full_list_is_scoped_for_a_dealer(client, three_orgs):
    client.force_login(three_orgs["dealer"])
    body = client.get("/reports/dashboard/organisation/?period=30d").content.decode()
    assert "Other dealer" not in body
    assert "Test dealer" in body


def test_figures_are_cached_until_the_rollups_change(three_orgs, clock, settings):
    settings.REPORTS_FIGURES_CACHE_SECONDS = 600
    filters = ReportFilters(period=custom(date(2025, 3, 3), date(2025, 3, 3)))
    now = local(2025, 3, 3, 12, 0)
    first = dashboard_figures(filters, now)
    resolved = first["fix_rates"]["overall"]["resolved"]
    with CaptureQueriesContext(connection) as ctx:
        again = dashboard_figures(filters, now)
    assert len(ctx.captured_queries) == 0
    assert again == first
    people = three_orgs
    walk(people, new_ticket(people), clock, people["hq"], people["technician"])
    assert dashboard_figures(filters, now)["fix_rates"]["overall"]["resolved"] == resolved
    rollup_increment()  # a rebuild: a new generation
    assert dashboard_figures(filters, now)["fix_rates"]["overall"]["resolved"] == resolved + 1
    rules = ReportSettings.current()
    rules.compliance_target = 90
    rules.save()  # part of the figures: a new generation
    assert dashboard_figures(filters, now)["compliance"][0]["target"] == 90.0


def test_live_counts_are_never_cached(people, client, settings):
    import time_machine

    settings.REPORTS_FIGURES_CACHE_SECONDS = 600
    client.force_login(people["manager"])
    with time_machine.travel(local(2025, 3, 3, 9, 0), tick=False):
        new_ticket(people, channel="phone")
    with time_machine.travel(local(2025, 3, 3, 9, 15), tick=False):
        before = client.get("/reports/?period=today").context["data"]["headline"]
    with time_machine.travel(local(2025, 3, 3, 9, 45), tick=False):  # first response: 30 min
        after = client.get("/reports/?period=today").context["data"]["headline"]
    assert before["breached_now"] == 0
    assert after["breached_now"] >= 1


def test_the_rollup_beat_computes_the_managers_home_ahead(three_orgs, client, clock, settings):
    from reports.tasks import rollup_increment_task

    settings.REPORTS_FIGURES_CACHE_SECONDS = 600
    people = three_orgs
    walk(people, new_ticket(people), clock, people["hq"], people["technician"])
    assert rollup_increment_task() > 0
    client.force_login(people["manager"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/reports/")
    assert response.status_code == 200
    rollup_tables = [q for q in ctx.captured_queries if "reports_sla" in q["sql"]]
    assert rollup_tables == []  # the figures were computed by the beat, not by this view
