"""The per-technician daily SLA rollup summed over severity and region class, filled from the
per-technician daily rollup already built (the increment and the reconcile keep it after)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MEASURES = (
    "met, met_late, breached, running, stopped_seconds, "
    + ", ".join(f"h{i}" for i in range(13))
)


def backfill(apps, schema_editor):
    source = apps.get_model("reports", "SlaTechnicianDaily")._meta.db_table
    target = apps.get_model("reports", "SlaTechnicianTotalDaily")._meta.db_table
    sums = ", ".join(f"SUM({m.strip()})" for m in MEASURES.split(","))
    schema_editor.execute(
        f"INSERT INTO {target} (day, metric, organisation_id, technician_id, {MEASURES}) "
        f"SELECT day, metric, organisation_id, technician_id, {sums} FROM {source} "
        "GROUP BY day, metric, organisation_id, technician_id"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_hashed_expiring_tokens'),
        ('reports', '0005_overdue_clocks_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SlaTechnicianTotalDaily',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='day')),
                ('metric', models.CharField(max_length=32, verbose_name='metric')),
                ('met', models.PositiveIntegerField(default=0, verbose_name='met')),
                ('met_late', models.PositiveIntegerField(default=0, verbose_name='met late')),
                ('breached', models.PositiveIntegerField(default=0, verbose_name='breached')),
                ('running', models.PositiveIntegerField(default=0, verbose_name='running')),
                ('stopped_seconds', models.BigIntegerField(default=0, verbose_name='business seconds of stopped clocks')),
                ('h0', models.PositiveIntegerField(default=0)),
                ('h1', models.PositiveIntegerField(default=0)),
                ('h2', models.PositiveIntegerField(default=0)),
                ('h3', models.PositiveIntegerField(default=0)),
                ('h4', models.PositiveIntegerField(default=0)),
                ('h5', models.PositiveIntegerField(default=0)),
                ('h6', models.PositiveIntegerField(default=0)),
                ('h7', models.PositiveIntegerField(default=0)),
                ('h8', models.PositiveIntegerField(default=0)),
                ('h9', models.PositiveIntegerField(default=0)),
                ('h10', models.PositiveIntegerField(default=0)),
                ('h11', models.PositiveIntegerField(default=0)),
                ('h12', models.PositiveIntegerField(default=0)),
                ('organisation', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation')),
                ('technician', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'SLA daily rollup per technician, all severities and regions',
                'verbose_name_plural': 'SLA daily rollups per technician, all severities and regions',
                'indexes': [models.Index(fields=['day', 'metric'], name='reports_slatt_day_idx'), models.Index(fields=['organisation', 'day'], name='reports_slatt_org_day_idx'), models.Index(fields=['technician', 'day'], name='reports_slatt_tech_day_idx')],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
