from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("dealers", "0004_move_photos_to_attachments")]
    operations = [migrations.DeleteModel(name="RepairPhoto")]
