"""Overseas customers (境外): a region class. (Their own SLA policy — complaints closed within
17 days instead of 13 — is seeded by the ``sla`` app, ``sla.0002_content_types_and_seed``,
where it is missing.)"""

from django.db import migrations

# code, rank, Chinese name, English name
OVERSEAS_REGION = ("overseas", 5, "境外", "Overseas")


def seed(apps, schema_editor):
    RegionClass = apps.get_model("tickets", "RegionClass")
    code, rank, zh, en = OVERSEAS_REGION
    RegionClass.objects.update_or_create(code=code, defaults={"rank": rank, "name_zh": zh, "name_en": en})


class Migration(migrations.Migration):
    dependencies = [("tickets", "0006_fewer_redundant_indexes")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
