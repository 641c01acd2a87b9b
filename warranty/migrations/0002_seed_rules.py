"""Seed the warranty rules row, the exclusion reasons and the roles' permissions."""

from django.db import migrations

from accounts.roles import grant_permissions
from warranty import defaults as d


def seed(apps, schema_editor):
    WarrantyRules = apps.get_model("warranty", "WarrantyRules")
    ExclusionReason = apps.get_model("warranty", "ExclusionReason")
    WarrantyRules.objects.get_or_create(pk=1)
    for code, rank, zh, en in d.EXCLUSIONS:
        ExclusionReason.objects.update_or_create(
            code=code, defaults={"rank": rank, "name_zh": zh, "name_en": en}
        )
    grant_permissions(apps, d.PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("warranty", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
