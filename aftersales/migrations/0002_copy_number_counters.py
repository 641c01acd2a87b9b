"""Move the two running-number counters into the one table: the ticket series (key = the
``YYMM`` period) and the dealers' series (key = prefix + period, e.g. ``WC2611``). Nothing
is lost: every counter keeps its last value (the larger one should a key exist already)."""

from django.db import migrations


def copy_forward(apps, schema_editor):
    sequence = apps.get_model("aftersales", "NumberSequence")
    sources = [
        (apps.get_model("tickets", "TicketNumberSequence"), "period"),
        (apps.get_model("dealers", "NumberSequence"), "code"),
    ]
    for model, key_field in sources:
        for row in model.objects.all():
            key = getattr(row, key_field)
            current = sequence.objects.filter(key=key).first()
            if current is None:
                sequence.objects.create(key=key, last_value=row.last_value)
            elif current.last_value < row.last_value:
                current.last_value = row.last_value
                current.save(update_fields=["last_value"])


def copy_back(apps, schema_editor):
    sequence = apps.get_model("aftersales", "NumberSequence")
    tickets = apps.get_model("tickets", "TicketNumberSequence")
    dealers = apps.get_model("dealers", "NumberSequence")
    for row in sequence.objects.all():
        if row.key.isdigit():
            tickets.objects.update_or_create(period=row.key, defaults={"last_value": row.last_value})
        else:
            dealers.objects.update_or_create(code=row.key, defaults={"last_value": row.last_value})


class Migration(migrations.Migration):
    dependencies = [
        ("aftersales", "0001_initial"),
        ("tickets", "0007_overseas_region_and_policy"),
        ("dealers", "0002_seed_rules"),
    ]

    operations = [migrations.RunPython(copy_forward, copy_back)]
