"""Covering indexes for what the dashboard reads *now* from the source tables (PostgreSQL):
breached and at-risk clocks by (state, due time) with the metric, the applies flag and the
ticket, and open tickets by (status, received) with the dimensions the filters use — both
answered from the index alone (an index-only scan), not the table's rows."""

from django.db import migrations


def _tables(apps):
    clock = apps.get_model("sla", "SlaClock")._meta.db_table
    ticket = apps.get_model("tickets", "Ticket")._meta.db_table
    return clock, ticket


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # INCLUDE is PostgreSQL's; other databases keep the plain indexes
    clock, ticket = _tables(apps)
    qn = schema_editor.quote_name
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS reports_clock_live_idx ON {qn(clock)} (state, due_at) "
        "INCLUDE (metric, applies, ticket_id)"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS reports_ticket_open_idx ON {qn(ticket)} "
        "(status, received_at) INCLUDE (assigned_organisation_id, severity_id, "
        "region_class_id, technician_id, kind, channel)"
    )


def drop_indexes(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS reports_clock_live_idx")
    schema_editor.execute("DROP INDEX IF EXISTS reports_ticket_open_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_narrow_and_monthly_rollups"),
        ("tickets", "0011_customer_language_public_notes"),
    ]

    operations = [migrations.RunPython(add_indexes, drop_indexes)]
