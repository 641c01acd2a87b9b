"""The SLA rows move to the ``sla`` app: tickets stops knowing them (state only — the tables,
their rows and names stay; ``sla.0001_initial`` takes them over). ``Ticket.sla_calendar``
becomes a plain id column (same column, its foreign key constraint dropped), so that tickets
does not depend on the engine."""

from django.db import migrations, models

SLA_MODELS = [
    # Referencing rows first.
    "Escalation",
    "SlaClock",
    "EscalationLevel",
    "SlaTarget",
    "SlaPolicy",
    "CalendarException",
    "WorkingWindow",
    "BusinessCalendar",
]


class Migration(migrations.Migration):
    dependencies = [("tickets", "0008_customer_email")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name="ticket",
                    name="sla_calendar",
                    field=models.BigIntegerField(
                        blank=True, db_column="sla_calendar_id", editable=False, null=True
                    ),
                ),
            ],
            state_operations=[
                migrations.RemoveField(model_name="ticket", name="sla_calendar"),
                migrations.AddField(
                    model_name="ticket",
                    name="sla_calendar_id",
                    field=models.BigIntegerField(blank=True, editable=False, null=True),
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in SLA_MODELS],
        ),
    ]
