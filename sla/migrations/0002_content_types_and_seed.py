"""After the move from ``tickets``: the content types (and so every permission, group grant
and admin log entry pointing at them) follow the models to the ``sla`` app; then the SLA
defaults are seeded on a new database; on one where ``tickets`` seeded them before the move
(it has SLA policies) nothing is added or changed."""

from django.db import migrations

from accounts.roles import grant_permissions
from sla import defaults
from sla.seed import seed_calendars, seed_policy

MOVED = [
    "businesscalendar",
    "workingwindow",
    "calendarexception",
    "slapolicy",
    "slatarget",
    "escalationlevel",
    "slaclock",
    "escalation",
]


def relabel_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        old = ContentType.objects.filter(app_label="tickets", model=model).first()
        if old is None:
            continue
        # A content type created for the new label before this ran would clash: the old one,
        # which the permissions and log entries point at, wins.
        ContentType.objects.filter(app_label="sla", model=model).delete()
        old.app_label = "sla"
        old.save(update_fields=["app_label"])


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="sla", model__in=MOVED).update(app_label="tickets")


def seed(apps, schema_editor):
    if apps.get_model("sla", "SlaPolicy").objects.exists():
        return  # seeded by tickets before the move (and perhaps edited since): left as it is
    calendars = seed_calendars(apps)
    seed_policy(apps, calendars)
    seed_policy(apps, calendars, defaults.OVERSEAS_POLICY, defaults.OVERSEAS_TARGETS)
    grant_permissions(apps, defaults.PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0001_initial"),
        ("tickets", "0007_overseas_region_and_policy"),
        ("accounts", "0002_seed_roles_and_service_department"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(relabel_content_types, restore_content_types),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
