"""Overseas customers (境外): a region class, and their own SLA policy (complaints closed within
17 days instead of 13), tried before the standard policy, whose versions stay as they are."""

from django.db import migrations

from tickets import sla_defaults
from tickets.sla_seed import seed_policy


def seed(apps, schema_editor):
    RegionClass = apps.get_model("tickets", "RegionClass")
    BusinessCalendar = apps.get_model("tickets", "BusinessCalendar")
    code, rank, zh, en = sla_defaults.OVERSEAS_REGION
    RegionClass.objects.update_or_create(code=code, defaults={"rank": rank, "name_zh": zh, "name_en": en})
    calendars = {calendar.code: calendar for calendar in BusinessCalendar.objects.all()}
    seed_policy(apps, calendars, sla_defaults.OVERSEAS_POLICY, sla_defaults.OVERSEAS_TARGETS)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0006_fewer_redundant_indexes")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
