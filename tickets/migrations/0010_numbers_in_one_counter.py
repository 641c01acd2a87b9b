# The ticket counter's rows were copied into aftersales.NumberSequence first.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0009_sla_models_move_to_sla_app"),
        ("aftersales", "0002_copy_number_counters"),
    ]

    operations = [migrations.DeleteModel(name="TicketNumberSequence")]
