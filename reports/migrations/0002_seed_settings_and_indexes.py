"""Seed the report settings row and grant the report roles; index what the rollup increment
reads: clocks by the time they were last re-measured, tickets by their last change."""

from django.db import migrations

from accounts.roles import grant_permissions

GRANTS = {
    "manager": [
        "reports.view_reportsettings",
        "reports.change_reportsettings",
        "reports.view_costreport",
    ],
}


def seed(apps, schema_editor):
    ReportSettings = apps.get_model("reports", "ReportSettings")
    if not ReportSettings.objects.exists():
        ReportSettings.objects.create()
    grant_permissions(apps, GRANTS)


def _tables(apps):
    clock = apps.get_model("sla", "SlaClock")._meta.db_table
    ticket = apps.get_model("tickets", "Ticket")._meta.db_table
    return clock, ticket


def add_indexes(apps, schema_editor):
    clock, ticket = _tables(apps)
    qn = schema_editor.quote_name
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS reports_clock_computed_idx ON {qn(clock)} (computed_at)"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS reports_ticket_updated_idx ON {qn(ticket)} (updated_at)"
    )


def drop_indexes(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS reports_clock_computed_idx")
    schema_editor.execute("DROP INDEX IF EXISTS reports_ticket_updated_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("sla", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(add_indexes, drop_indexes),
    ]
