"""The parts store's running numbers (transfers, orders, counts) move into the one counter
table every series uses (``aftersales.NumberSequence``, key = series + ``YYMM``); every
counter keeps its last value (the larger one should the key exist already)."""

from django.db import migrations


def copy_forward(apps, schema_editor):
    sequence = apps.get_model("aftersales", "NumberSequence")
    for row in apps.get_model("parts", "NumberSequence").objects.all():
        key = f"{row.series}{row.period}"
        current = sequence.objects.filter(key=key).first()
        if current is None:
            sequence.objects.create(key=key, last_value=row.last_value)
        elif current.last_value < row.last_value:
            current.last_value = row.last_value
            current.save(update_fields=["last_value"])


def copy_back(apps, schema_editor):
    parts = apps.get_model("parts", "NumberSequence")
    for row in apps.get_model("aftersales", "NumberSequence").objects.all():
        series, period = row.key[:-4], row.key[-4:]
        if series.isalpha() and period.isdigit() and len(series) <= 8:
            parts.objects.update_or_create(
                series=series, period=period, defaults={"last_value": row.last_value}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("parts", "0003_sla_targets_after_the_move"),
        ("aftersales", "0002_copy_number_counters"),
    ]

    operations = [
        migrations.RunPython(copy_forward, copy_back),
        migrations.DeleteModel(name="NumberSequence"),
    ]
