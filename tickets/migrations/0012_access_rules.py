
from django.db import migrations, models

# Frozen copies of the defaults in tickets/access_defaults.py at the time of this migration.
FIELDS = ["fault_description", "contact_name", "contact_phone", "site_address", "product_model", "serial_number"]
INTAKE = {
    "agent": (168, False),
    "supervisor": (168, True),
    "manager": (168, True),
    "dealer": (0, False),
    "customer": (0, False),
    "technician": (0, False),
}
ON_THE_JOB = ["arranged", "checked", "on_site", "in_workshop", "awaiting_parts", "waiting_customer", "restored"]
EDIT = [
    ("agent", FIELDS, ["*"], False),
    ("supervisor", FIELDS, ["*"], False),
    ("manager", FIELDS, ["*"], False),
    ("dealer", FIELDS, ["*"], False),
    ("technician", FIELDS, ON_THE_JOB, True),
    ("customer", ["contact_name", "contact_phone", "site_address"], ["registered", "forwarded"], False),
]


def seed(apps, schema_editor):
    IntakeRule = apps.get_model("tickets", "IntakeRule")
    TicketEditRule = apps.get_model("tickets", "TicketEditRule")
    for role, (hours, override) in INTAKE.items():
        IntakeRule.objects.get_or_create(
            role=role, defaults={"backdate_hours": hours, "may_override_service_type": override}
        )
    if not TicketEditRule.objects.exists():
        for role, fields, statuses, own in EDIT:
            TicketEditRule.objects.create(
                role=role, fields=fields, statuses=statuses, only_assigned=own
            )


class Migration(migrations.Migration):

    dependencies = [
        ('tickets', '0011_customer_language_public_notes'),
    ]

    operations = [
        migrations.CreateModel(
            name='IntakeRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('agent', 'Agent'), ('supervisor', 'Supervisor'), ('technician', 'Technician'), ('dealer', 'Dealer'), ('appraiser', 'Appraiser'), ('finance', 'Finance'), ('manager', 'Manager'), ('customer', 'Customer'), ('storekeeper', 'Storekeeper')], max_length=32, unique=True, verbose_name='role')),
                ('backdate_hours', models.PositiveIntegerField(default=0, help_text='How long before its registration a call may be said to have come in. 0: the time of the call is when the ticket is registered.', verbose_name='may back-date the call by (hours)')),
                ('may_override_service_type', models.BooleanField(default=False, help_text="Set a service type other than the warranty decision's, with a reason.", verbose_name='may override the service type')),
            ],
            options={
                'verbose_name': 'intake rule',
                'verbose_name_plural': 'intake rules',
                'ordering': ['role'],
            },
        ),
        migrations.CreateModel(
            name='TicketEditRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('agent', 'Agent'), ('supervisor', 'Supervisor'), ('technician', 'Technician'), ('dealer', 'Dealer'), ('appraiser', 'Appraiser'), ('finance', 'Finance'), ('manager', 'Manager'), ('customer', 'Customer'), ('storekeeper', 'Storekeeper')], max_length=32, verbose_name='role')),
                ('fields', models.JSONField(default=list, help_text='Field names it may edit.', verbose_name='fields')),
                ('statuses', models.JSONField(default=list, help_text='Ticket statuses in which it applies; “*” is every open status.', verbose_name='statuses')),
                ('only_assigned', models.BooleanField(default=False, help_text="The ticket's technician must be the user (a technician's own jobs).", verbose_name='only on jobs assigned to the user')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
            ],
            options={
                'verbose_name': 'ticket edit rule',
                'verbose_name_plural': 'ticket edit rules',
                'ordering': ['role', 'pk'],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
