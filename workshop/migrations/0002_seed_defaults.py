from django.db import migrations

from accounts.roles import grant_permissions
from parts.sla_targets import add_stops, add_targets, remove_stops, remove_targets
from workshop import defaults


def forwards(apps, schema_editor):
    WorkshopRules = apps.get_model("workshop", "WorkshopRules")
    if not WorkshopRules.objects.exists():
        WorkshopRules.objects.create()
    grant_permissions(apps, defaults.PERMISSIONS)
    add_targets(apps, defaults.TARGETS, sla_app="tickets")
    add_stops(apps, "restore", defaults.RESTORE_STOPS, sla_app="tickets")
    WorkflowAction = apps.get_model("tickets", "WorkflowAction")
    carry_in = WorkflowAction.objects.filter(action="carry_in").order_by("pk").first()
    if carry_in is not None:
        for status in defaults.CARRY_IN_FROM:
            WorkflowAction.objects.get_or_create(
                action="carry_in",
                from_status=status,
                defaults={
                    "to_status": carry_in.to_status,
                    "roles": sorted({*carry_in.roles, "agent"}),
                    "label_zh": carry_in.label_zh,
                    "label_en": carry_in.label_en,
                    "position": carry_in.position,
                },
            )


def backwards(apps, schema_editor):
    remove_targets(apps, [t[0] for t in defaults.TARGETS], sla_app="tickets")
    remove_stops(apps, "restore", defaults.RESTORE_STOPS, sla_app="tickets")
    WorkflowAction = apps.get_model("tickets", "WorkflowAction")
    WorkflowAction.objects.filter(action="carry_in", from_status__in=defaults.CARRY_IN_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workshop", "0001_initial"),
        ("parts", "0002_seed_defaults"),
    ]

    # The SLA rows still belonged to the tickets app's migration state here; they moved to
    # the sla app in tickets 0009, so this must run before it (0003 does the SLA part on a
    # new database, where the policies are seeded only after the move).
    run_before = [("tickets", "0009_sla_models_move_to_sla_app")]

    operations = [migrations.RunPython(forwards, backwards)]
