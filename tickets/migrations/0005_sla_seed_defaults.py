"""Formerly: seeded the SLA calendars, the standard policy and the SLA permissions.

The SLA engine now lives in the ``sla`` app, which seeds its own defaults
(``sla.0002_content_types_and_seed``, and only where they are missing: a database on which
this migration once seeded them keeps its rows as they are). Kept, empty, so the migration
history of existing databases stays valid and ``tickets`` never imports the engine.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tickets", "0004_sla_engine")]

    operations = []
