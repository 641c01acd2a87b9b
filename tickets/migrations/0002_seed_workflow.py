"""Seed fault severities, region classes, the workflow actions and role permissions."""

from django.db import migrations

from accounts.roles import grant_permissions
from tickets import workflow_defaults as d


def seed(apps, schema_editor):
    FaultSeverity = apps.get_model("tickets", "FaultSeverity")
    RegionClass = apps.get_model("tickets", "RegionClass")
    WorkflowAction = apps.get_model("tickets", "WorkflowAction")
    for code, rank, zh, en, desc_zh, desc_en in d.SEVERITIES:
        FaultSeverity.objects.update_or_create(
            code=code,
            defaults={"rank": rank, "name_zh": zh, "name_en": en,
                      "description_zh": desc_zh, "description_en": desc_en},
        )
    for code, rank, zh, en in d.REGION_CLASSES:
        RegionClass.objects.update_or_create(code=code, defaults={"rank": rank, "name_zh": zh, "name_en": en})
    for position, (action, sources, target, roles, zh, en) in enumerate(d.ACTIONS):
        for source in sources:
            WorkflowAction.objects.update_or_create(
                action=action, from_status=source,
                defaults={"to_status": target, "roles": roles, "label_zh": zh, "label_en": en,
                          "position": position},
            )
    grant_permissions(apps, d.PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial"), ("accounts", "0002_seed_roles_and_service_department")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
