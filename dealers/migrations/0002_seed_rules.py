"""Seed the dealer rules row, the claim transitions, rejection reasons, assessment weights
and the roles' permissions."""

from decimal import Decimal

from django.db import migrations

from accounts.roles import grant_permissions
from dealers import defaults as d


def seed(apps, schema_editor):
    DealerRules = apps.get_model("dealers", "DealerRules")
    ClaimTransition = apps.get_model("dealers", "ClaimTransition")
    ClaimRejectionReason = apps.get_model("dealers", "ClaimRejectionReason")
    AssessmentWeight = apps.get_model("dealers", "AssessmentWeight")
    DealerRules.objects.get_or_create(pk=1)
    for position, (action, sources, to_status, roles, zh, en) in enumerate(d.CLAIM_TRANSITIONS):
        for source in sources:
            ClaimTransition.objects.update_or_create(
                action=action, from_status=source,
                defaults={"to_status": to_status, "roles": roles, "label_zh": zh, "label_en": en,
                          "position": position},
            )
    for code, rank, zh, en in d.REJECTION_REASONS:
        ClaimRejectionReason.objects.update_or_create(
            code=code, defaults={"rank": rank, "name_zh": zh, "name_en": en})
    for code, rank, zh, en, weight in d.ASSESSMENT_WEIGHTS:
        AssessmentWeight.objects.update_or_create(
            code=code, defaults={"rank": rank, "name_zh": zh, "name_en": en,
                                 "weight": Decimal(weight)})
    grant_permissions(apps, d.PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("dealers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
