"""Breached now and at risk (PostgreSQL): running and breached clocks that count, by due time
and pk, with the metric, state and ticket — the page of the oldest overdue clocks is the
index's first rows (no sort of every overdue clock), and the counts per metric are answered
from the index alone."""

from django.db import migrations


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # INCLUDE is PostgreSQL's; other databases keep the (state, due_at) index
    clock = apps.get_model("sla", "SlaClock")._meta.db_table
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS reports_clock_overdue_idx ON "
        f"{schema_editor.quote_name(clock)} (due_at, id) INCLUDE (metric, state, ticket_id) "
        "WHERE state IN ('running', 'breached') AND applies"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS reports_clock_overdue_idx")


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_covering_indexes_for_now")]

    operations = [migrations.RunPython(add_index, drop_index)]
