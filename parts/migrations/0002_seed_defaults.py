from django.db import migrations

from accounts.roles import grant_permissions
from parts import defaults
from parts.sla_targets import add_roles, add_targets, remove_targets


def forwards(apps, schema_editor):
    StockRules = apps.get_model("parts", "StockRules")
    if not StockRules.objects.exists():
        StockRules.objects.create()
    grant_permissions(apps, defaults.PERMISSIONS)
    add_roles(apps, defaults.WORKFLOW_ROLES)
    add_targets(apps, defaults.TARGETS, sla_app="tickets")


def backwards(apps, schema_editor):
    remove_targets(apps, [t[0] for t in defaults.TARGETS], sla_app="tickets")


class Migration(migrations.Migration):
    dependencies = [
        ("parts", "0001_initial"),
        ("tickets", "0007_overseas_region_and_policy"),
        ("accounts", "0002_seed_roles_and_service_department"),
    ]

    # The SLA rows still belonged to the tickets app's migration state here; they moved to
    # the sla app in tickets 0009, so this must run before it. On a new database there are no
    # policies yet at this point: 0003 adds the targets once the sla app has seeded them.
    run_before = [("tickets", "0009_sla_models_move_to_sla_app")]

    operations = [migrations.RunPython(forwards, backwards)]
