# The ticket counter's rows were copied into aftersales.NumberSequence first.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0007_overseas_region_and_policy"),
        ("aftersales", "0002_copy_number_counters"),
    ]

    operations = [migrations.DeleteModel(name="TicketNumberSequence")]
