"""A dealer may forward its own newly registered tickets (to its own outlet), so that it can
arrange them without head office stepping in."""

from django.db import migrations


def add_dealer(apps, schema_editor):
    WorkflowAction = apps.get_model("tickets", "WorkflowAction")
    for rule in WorkflowAction.objects.filter(action="forward", from_status="registered"):
        if "dealer" not in rule.roles:
            rule.roles = [*rule.roles, "dealer"]
            rule.save(update_fields=["roles"])


def remove_dealer(apps, schema_editor):
    WorkflowAction = apps.get_model("tickets", "WorkflowAction")
    for rule in WorkflowAction.objects.filter(action="forward", from_status="registered"):
        if "dealer" in rule.roles:
            rule.roles = [r for r in rule.roles if r != "dealer"]
            rule.save(update_fields=["roles"])


class Migration(migrations.Migration):
    dependencies = [("tickets", "0012_access_rules")]

    operations = [migrations.RunPython(add_dealer, remove_dealer)]
