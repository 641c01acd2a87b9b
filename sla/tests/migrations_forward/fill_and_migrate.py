"""Run by ``test_migrate_forward`` in a fresh interpreter against a scratch database: migrate
it to where ``main`` stood before the SLA engine left ``tickets`` (``tickets.0008``, with the
parts and workshop seeds that still wrote SLA rows through the tickets app), fill it
through the historical models (calendars, two policy versions, clocks, escalations, a group's
permission on the policies), migrate it forward, and print what was there before and after."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations.executor import MigrationExecutor  # noqa: E402

BEFORE = ("tickets", "0008_customer_email")
ALSO_BEFORE = ("workshop", "0002_seed_defaults")
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def fill() -> dict[str, object]:
    call_command("migrate", *BEFORE, verbosity=0)
    call_command("migrate", *ALSO_BEFORE, verbosity=0)
    apps = MigrationExecutor(connection).loader.project_state([BEFORE, ALSO_BEFORE]).apps
    m = {
        name: apps.get_model("tickets", name)
        for name in (
            "BusinessCalendar",
            "WorkingWindow",
            "CalendarException",
            "SlaPolicy",
            "SlaTarget",
            "EscalationLevel",
            "SlaClock",
            "Escalation",
            "Ticket",
            "Customer",
            "FaultSeverity",
            "RegionClass",
        )
    }
    Organisation = apps.get_model("accounts", "Organisation")
    User = apps.get_model("accounts", "User")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    org = Organisation.objects.create(code="svc-fwd", name="服务部", kind="service_centre")
    boss = User.objects.create(username="fwd-boss", organisation=org)
    china = m["BusinessCalendar"].objects.create(
        code="china_working_hours", name_zh="中国工作时间", tz="Asia/Shanghai"
    )
    for weekday in range(5):
        m["WorkingWindow"].objects.create(
            calendar=china, weekday=weekday, start=time(8, 30), end=time(17, 30)
        )
    m["CalendarException"].objects.create(
        calendar=china, date=date(2026, 12, 7), kind="holiday", name="公司年会"
    )
    policies = []
    for version in (1, 2):
        policies.append(
            m["SlaPolicy"].objects.create(
                key="standard",
                version=version,
                is_current=version == 2,
                name_zh="标准",
                is_default=version == 2,
                created_by=boss,
            )
        )
    targets = [
        m["SlaTarget"].objects.create(
            policy=policy,
            metric="dispatch",
            duration_seconds=3600 * version,
            calendar=china,
            start_on=["ticket.created"],
            stop_on=["ticket.arrange"],
        )
        for version, policy in enumerate(policies, start=1)
    ]
    # What the parts and workshop seeds did on such a database, where the policies existed
    # when they ran: their targets are on the current version.
    from parts import defaults as parts_defaults
    from parts.sla_targets import add_stops, add_targets
    from workshop import defaults as workshop_defaults

    add_targets(apps, parts_defaults.TARGETS, sla_app="tickets")
    add_targets(apps, workshop_defaults.TARGETS, sla_app="tickets")
    add_stops(apps, "restore", workshop_defaults.RESTORE_STOPS, sla_app="tickets")
    level = m["EscalationLevel"].objects.create(
        target=targets[0], level=0, offset_seconds=0, action="notify_users"
    )
    level.users.add(boss)
    customer = m["Customer"].objects.create(name="张三", phone="13800000000")
    ticket = m["Ticket"].objects.create(
        number="2611000001",
        customer=customer,
        fault_description="不制冷",
        severity=m["FaultSeverity"].objects.order_by("rank").first(),
        region_class=m["RegionClass"].objects.order_by("rank").first(),
        assigned_organisation=org,
        received_at=AT,
        sla_state="breached",
        sla_due_at=AT,
        sla_metric="dispatch",
        sla_calendar=china,
    )
    clock = m["SlaClock"].objects.create(
        ticket=ticket,
        metric="dispatch",
        target=targets[0],
        state="breached",
        started_at=AT,
        due_at=AT,
        used_seconds=4000,
        remaining_seconds=-400,
        fired_levels=[0],
    )
    m["Escalation"].objects.create(
        clock=clock,
        level=0,
        level_rule=level,
        action="notify_users",
        due_at=AT,
        fired_at=AT,
        detail={"recipients": [boss.pk]},
    )
    policy_type, _ = ContentType.objects.get_or_create(app_label="tickets", model="slapolicy")
    permission, _ = Permission.objects.get_or_create(
        content_type=policy_type, codename="view_slapolicy", defaults={"name": "Can view"}
    )
    group, _ = Group.objects.get_or_create(name="fwd-readers")
    group.permissions.add(permission)
    return {"ticket": ticket.pk, "calendar": china.pk, "user": boss.pk}


TABLES = [
    "tickets_businesscalendar",
    "tickets_workingwindow",
    "tickets_calendarexception",
    "tickets_slapolicy",
    "tickets_slatarget",
    "tickets_escalationlevel",
    "tickets_escalationlevel_users",
    "tickets_slaclock",
    "tickets_escalation",
]


def columns_of(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def snapshot(columns: dict[str, list[str]]) -> dict[str, list[list[str]]]:
    """Every row of every table, in the columns it had before the move (later migrations may
    add columns; the values that were there must stay)."""
    rows = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            names = ", ".join(connection.ops.quote_name(name) for name in columns[table])
            cursor.execute(f"SELECT {names} FROM {table} ORDER BY 1")  # noqa: S608 - our names
            rows[table] = [[str(v) for v in row] for row in cursor.fetchall()]
    return rows


def main() -> None:
    ids = fill()
    columns = {table: columns_of(table) for table in TABLES}
    before = snapshot(columns)
    call_command("migrate", verbosity=0)
    after = snapshot(columns)
    from django.contrib.auth.models import Group

    from sla.models import SlaClock
    from tickets.models import Ticket

    ticket = Ticket.objects.get(pk=int(str(ids["ticket"])))
    clock = SlaClock.objects.select_related("target__policy").get(ticket=ticket)
    print(
        json.dumps(
            {
                "before": before,
                "after": after,
                "ticket_calendar": ticket.sla_calendar_id == ids["calendar"],
                "clock_policy_version": clock.target.policy.version,
                "escalations": list(clock.escalations.values_list("level", flat=True)),
                "group_perms": sorted(
                    Group.objects.get(name="fwd-readers").permissions.values_list(
                        "content_type__app_label", "codename"
                    )
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
