"""Seed the roles (as groups with permissions) and the manufacturer's service department."""

from django.db import migrations

from accounts.roles import FOUNDATION_PERMISSIONS, Role, grant_permissions


def seed(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in Role.values:
        Group.objects.get_or_create(name=role)
    grant_permissions(apps, FOUNDATION_PERMISSIONS)
    Organisation = apps.get_model("accounts", "Organisation")
    Organisation.objects.get_or_create(
        code="HQ",
        defaults={"name": "售后服务部", "name_en": "After-sales service department", "kind": "service_centre"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
