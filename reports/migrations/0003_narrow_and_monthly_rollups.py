"""Narrower rollups: kind and channel leave the daily rows, the technician moves to rollups of
its own, and every rollup gets a monthly twin. The old rows are of another grain, so they are
emptied with the watermark: the next increment rebuilds every day from the clocks. The clock
table gets the index the rebuild of a day reads (clocks by start time)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def empty_rollups(apps, schema_editor):
    for name in ("SlaDaily", "TicketDaily", "RollupWatermark"):
        apps.get_model("reports", name).objects.all().delete()


def add_index(apps, schema_editor):
    clock = apps.get_model("sla", "SlaClock")._meta.db_table
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS reports_clock_started_idx "
        f"ON {schema_editor.quote_name(clock)} (started_at)"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS reports_clock_started_idx")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_seed_roles_and_service_department'),
        ('reports', '0002_seed_settings_and_indexes'),
        ('sla', '0001_initial'),
        ('tickets', '0010_numbers_in_one_counter'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(empty_rollups, migrations.RunPython.noop),
        migrations.CreateModel(
            name='SlaMonthly',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(help_text='The day, or the first day of the month.', verbose_name='day')),
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
            ],
            options={
                'verbose_name': 'SLA monthly rollup',
                'verbose_name_plural': 'SLA monthly rollups',
            },
        ),
        migrations.CreateModel(
            name='SlaTechnicianDaily',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(help_text='The day, or the first day of the month.', verbose_name='day')),
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
            ],
            options={
                'verbose_name': 'SLA daily rollup per technician',
                'verbose_name_plural': 'SLA daily rollups per technician',
            },
        ),
        migrations.CreateModel(
            name='SlaTechnicianMonthly',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(help_text='The day, or the first day of the month.', verbose_name='day')),
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
            ],
            options={
                'verbose_name': 'SLA monthly rollup per technician',
                'verbose_name_plural': 'SLA monthly rollups per technician',
            },
        ),
        migrations.CreateModel(
            name='TicketMonthly',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(help_text='The day, or the first day of the month.', verbose_name='day')),
                ('received', models.PositiveIntegerField(default=0, verbose_name='received')),
                ('resolved', models.PositiveIntegerField(default=0, verbose_name='resolved')),
                ('visited', models.PositiveIntegerField(default=0, verbose_name='resolved after an on-site visit')),
                ('first_time_fix', models.PositiveIntegerField(default=0, verbose_name='fixed at the first visit')),
                ('repairs', models.PositiveIntegerField(default=0, verbose_name='resolved repairs')),
                ('repeat_repairs', models.PositiveIntegerField(default=0, verbose_name='repeat repairs')),
                ('return_visited', models.PositiveIntegerField(default=0, verbose_name='resolved with a return visit')),
            ],
            options={
                'verbose_name': 'ticket monthly rollup',
                'verbose_name_plural': 'ticket monthly rollups',
            },
        ),
        migrations.RemoveField(
            model_name='sladaily',
            name='channel',
        ),
        migrations.RemoveField(
            model_name='sladaily',
            name='kind',
        ),
        migrations.RemoveField(
            model_name='sladaily',
            name='technician',
        ),
        migrations.RemoveField(
            model_name='ticketdaily',
            name='channel',
        ),
        migrations.RemoveField(
            model_name='ticketdaily',
            name='kind',
        ),
        migrations.AlterField(
            model_name='sladaily',
            name='day',
            field=models.DateField(help_text='The day, or the first day of the month.', verbose_name='day'),
        ),
        migrations.AlterField(
            model_name='ticketdaily',
            name='day',
            field=models.DateField(help_text='The day, or the first day of the month.', verbose_name='day'),
        ),
        migrations.AddIndex(
            model_name='ticketdaily',
            index=models.Index(fields=['technician', 'day'], name='reports_ticket_tech_day_idx'),
        ),
        migrations.AddField(
            model_name='slamonthly',
            name='organisation',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation'),
        ),
        migrations.AddField(
            model_name='slamonthly',
            name='region_class',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tickets.regionclass'),
        ),
        migrations.AddField(
            model_name='slamonthly',
            name='severity',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tickets.faultseverity'),
        ),
        migrations.AddField(
            model_name='slatechniciandaily',
            name='organisation',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation'),
        ),
        migrations.AddField(
            model_name='slatechniciandaily',
            name='region_class',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tickets.regionclass'),
        ),
        migrations.AddField(
            model_name='slatechniciandaily',
            name='severity',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tickets.faultseverity'),
        ),
        migrations.AddField(
            model_name='slatechniciandaily',
            name='technician',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='slatechnicianmonthly',
            name='organisation',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation'),
        ),
        migrations.AddField(
            model_name='slatechnicianmonthly',
            name='region_class',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tickets.regionclass'),
        ),
        migrations.AddField(
            model_name='slatechnicianmonthly',
            name='severity',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tickets.faultseverity'),
        ),
        migrations.AddField(
            model_name='slatechnicianmonthly',
            name='technician',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='ticketmonthly',
            name='organisation',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation'),
        ),
        migrations.AddField(
            model_name='ticketmonthly',
            name='region_class',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tickets.regionclass'),
        ),
        migrations.AddField(
            model_name='ticketmonthly',
            name='severity',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tickets.faultseverity'),
        ),
        migrations.AddField(
            model_name='ticketmonthly',
            name='technician',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name='slamonthly',
            index=models.Index(fields=['day', 'metric'], name='reports_slam_day_idx'),
        ),
        migrations.AddIndex(
            model_name='slamonthly',
            index=models.Index(fields=['organisation', 'day'], name='reports_slam_org_day_idx'),
        ),
        migrations.AddIndex(
            model_name='slatechniciandaily',
            index=models.Index(fields=['day', 'metric'], name='reports_slat_day_idx'),
        ),
        migrations.AddIndex(
            model_name='slatechniciandaily',
            index=models.Index(fields=['organisation', 'day'], name='reports_slat_org_day_idx'),
        ),
        migrations.AddIndex(
            model_name='slatechniciandaily',
            index=models.Index(fields=['technician', 'day'], name='reports_slat_tech_day_idx'),
        ),
        migrations.AddIndex(
            model_name='slatechnicianmonthly',
            index=models.Index(fields=['day', 'metric'], name='reports_slatm_day_idx'),
        ),
        migrations.AddIndex(
            model_name='slatechnicianmonthly',
            index=models.Index(fields=['organisation', 'day'], name='reports_slatm_org_day_idx'),
        ),
        migrations.AddIndex(
            model_name='slatechnicianmonthly',
            index=models.Index(fields=['technician', 'day'], name='reports_slatm_tech_day_idx'),
        ),
        migrations.AddIndex(
            model_name='ticketmonthly',
            index=models.Index(fields=['day'], name='reports_ticketm_day_idx'),
        ),
        migrations.AddIndex(
            model_name='ticketmonthly',
            index=models.Index(fields=['organisation', 'day'], name='reports_ticketm_org_day_idx'),
        ),
        migrations.AddIndex(
            model_name='ticketmonthly',
            index=models.Index(fields=['technician', 'day'], name='reports_ticketm_tech_day_idx'),
        ),
        migrations.RunPython(add_index, drop_index),
    ]
