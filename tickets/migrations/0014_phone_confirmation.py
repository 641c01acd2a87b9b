"""The completion sign-off without the customer: an agent's phone confirmation, a workflow
action of its own (no status change) from the statuses a ticket can be signed off in."""

from django.db import migrations

# Frozen copy of the row in tickets/workflow_defaults.py at the time of this migration.
SOURCES = ["on_site", "in_workshop", "restored"]
ROLES = ["agent", "supervisor", "manager", "dealer"]
POSITION = 21


def seed(apps, schema_editor):
    WorkflowAction = apps.get_model("tickets", "WorkflowAction")
    for source in SOURCES:
        WorkflowAction.objects.get_or_create(
            action="confirm_by_phone",
            from_status=source,
            defaults={
                "to_status": "",
                "roles": ROLES,
                "label_zh": "电话确认完工",
                "label_en": "Completion confirmed by phone",
                "position": POSITION,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("tickets", "WorkflowAction").objects.filter(action="confirm_by_phone").delete()


class Migration(migrations.Migration):
    dependencies = [("tickets", "0013_dealer_forwards_own_tickets")]

    operations = [migrations.RunPython(seed, unseed)]
