"""Seed the 24×7 and China working-hours calendars (holidays and 调休 from chinese_calendar for
every year it covers), the standard SLA policy of DOMAIN.md, and the SLA permissions."""

from django.db import migrations

from accounts.roles import grant_permissions
from tickets import sla_defaults
from tickets.sla_seed import seed_calendars, seed_policy


def seed(apps, schema_editor):
    calendars = seed_calendars(apps)
    seed_policy(apps, calendars)
    grant_permissions(apps, sla_defaults.PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0004_sla_engine")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
