"""The workshop's SLA targets (carry-in promise, factory repair) and the events that also
stop the restore clock, on the policies the sla app seeds on a new database. Where 0002 did
it before the SLA engine moved, nothing changes (targets and stop codes are added once)."""

from django.db import migrations

from parts.sla_targets import add_stops, add_targets
from workshop import defaults


def forwards(apps, schema_editor):
    add_targets(apps, defaults.TARGETS)
    add_stops(apps, "restore", defaults.RESTORE_STOPS)


class Migration(migrations.Migration):
    dependencies = [
        ("workshop", "0002_seed_defaults"),
        ("parts", "0003_sla_targets_after_the_move"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
