"""API tokens move from DRF's plain-text ``authtoken_token`` table to django-rest-knox's
hashed, expiring ``knox_authtoken``.

Tokens issued before keep working until they expire (``AccessPolicy.token_days`` from now):
each is stored as knox stores a token (its SHA-512 digest and first 15 characters), then the
plain-text table is dropped and ``rest_framework.authtoken`` forgotten.
"""

import hashlib
from datetime import timedelta

import django.core.validators
from django.db import migrations, models
from django.utils import timezone

LEGACY_TABLE = "authtoken_token"
KEY_LENGTH = 15  # knox.settings.CONSTANTS.TOKEN_KEY_LENGTH


def hash_legacy_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if LEGACY_TABLE not in connection.introspection.table_names():
        return
    AuthToken = apps.get_model("knox", "AuthToken")
    AccessPolicy = apps.get_model("accounts", "AccessPolicy")
    policy = AccessPolicy.objects.order_by("pk").first()
    expiry = timezone.now() + timedelta(days=policy.token_days if policy else 30)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {LEGACY_TABLE}")  # noqa: S608
        rows = cursor.fetchall()
    for key, user_id, created in rows:
        digest = hashlib.sha512(key.encode()).hexdigest()  # knox.crypto.hash_token
        AuthToken(digest=digest, token_key=key[:KEY_LENGTH], user_id=user_id, expiry=expiry).save()
        AuthToken.objects.filter(digest=digest).update(created=created)
    schema_editor.execute(f"DROP TABLE {LEGACY_TABLE}")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_access_policy"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accesspolicy",
            name="token_days",
            field=models.PositiveIntegerField(
                default=30,
                help_text="A new token is valid this long; existing tokens keep their expiry.",
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="API token lifetime (days)",
            ),
        ),
        migrations.RunPython(hash_legacy_tokens, migrations.RunPython.noop),
        migrations.CreateModel(
            name="ApiToken",
            fields=[],
            options={
                "verbose_name": "API token",
                "verbose_name_plural": "API tokens",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("knox.authtoken",),
        ),
    ]
