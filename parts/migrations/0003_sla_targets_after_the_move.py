"""The parts store's SLA targets (the 3-day shipment of in-warranty parts) on the policies the
sla app seeds on a new database. Where 0002 added them before the SLA engine moved (a
database migrated before the move), nothing changes: a target that exists is kept."""

from django.db import migrations

from parts import defaults
from parts.sla_targets import add_targets


def forwards(apps, schema_editor):
    add_targets(apps, defaults.TARGETS)


class Migration(migrations.Migration):
    dependencies = [
        ("parts", "0002_seed_defaults"),
        ("sla", "0002_content_types_and_seed"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
