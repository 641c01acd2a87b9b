# The dealers' counter rows were copied into aftersales.NumberSequence first.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dealers", "0002_seed_rules"),
        ("aftersales", "0002_copy_number_counters"),
    ]

    operations = [migrations.DeleteModel(name="NumberSequence")]
