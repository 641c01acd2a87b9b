"""The customer's own actions on their request, as workflow rows (see ``portal.defaults``)."""

from django.db import migrations

from portal import defaults as d


def seed(apps, schema_editor):
    WorkflowAction = apps.get_model("tickets", "WorkflowAction")
    for action, sources, target, roles, zh, en, position in d.ACTIONS:
        for source in sources:
            WorkflowAction.objects.update_or_create(
                action=action,
                from_status=source,
                defaults={"to_status": target, "roles": roles, "label_zh": zh, "label_en": en,
                          "position": position},
            )


def unseed(apps, schema_editor):
    WorkflowAction = apps.get_model("tickets", "WorkflowAction")
    WorkflowAction.objects.filter(action__in=[a[0] for a in d.ACTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("tickets", "0011_customer_language_public_notes")]

    operations = [migrations.RunPython(seed, unseed)]
