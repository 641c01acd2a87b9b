"""Counters keyed by the full year: ``2611`` becomes ``202611``, ``WC2611`` becomes
``WC202611``. Numbers still show ``YYMM``, but 2026-11 and 2126-11 no longer share a counter.
Every value is kept (the larger one should both keys exist already); running it twice
changes nothing."""

import re

from django.db import migrations

SHORT = re.compile(r"^([A-Z]*)([0-9]{4})$")
FULL = re.compile(r"^([A-Z]*)20([0-9]{4})$")


def _rekey(apps, pattern, new_key):
    sequence = apps.get_model("aftersales", "NumberSequence")
    for row in list(sequence.objects.all()):
        match = pattern.match(row.key)
        if match is None:
            continue
        key = new_key(*match.groups())
        target = sequence.objects.filter(key=key).first()
        if target is None:
            sequence.objects.create(key=key, last_value=row.last_value)
        elif target.last_value < row.last_value:
            target.last_value = row.last_value
            target.save(update_fields=["last_value"])
        row.delete()


def to_full_year(apps, schema_editor):
    # Every number so far was drawn in this century.
    _rekey(apps, SHORT, lambda prefix, yymm: f"{prefix}20{yymm}")


def to_short_year(apps, schema_editor):
    _rekey(apps, FULL, lambda prefix, yymm: f"{prefix}{yymm}")


class Migration(migrations.Migration):
    dependencies = [
        ("aftersales", "0002_copy_number_counters"),
        # Every series' old counters are in the one table first.
        ("tickets", "0010_numbers_in_one_counter"),
        ("parts", "0004_numbers_in_one_counter"),
    ]

    operations = [migrations.RunPython(to_full_year, to_short_year)]
