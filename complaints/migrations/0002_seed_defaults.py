"""Seed the loop's defaults: classes, seriousness and their targets, departments, root causes,
survey items and levels, customer tiers, the workflow, the rules row, the two assessment
weights this app's metrics use, and the roles' permissions."""

from decimal import Decimal

from django.db import migrations

from accounts.roles import grant_permissions
from complaints import defaults as d

ASSESSMENT_WEIGHTS = [
    ("satisfaction_rate", 6, "满意率", "Satisfaction rate", "10"),
    ("dealer_duties", 7, "月度调查与报表按时率", "Monthly survey and report on time", "10"),
]


def _named(model, rows):
    for code, rank, zh, en, *rest in rows:
        model.objects.update_or_create(
            code=code, defaults={"rank": rank, "name_zh": zh, "name_en": en})


def seed(apps, schema_editor):
    get = apps.get_model
    ComplaintClass = get("complaints", "ComplaintClass")
    for code, rank, zh, en, quality, survey in d.CLASSES:
        ComplaintClass.objects.update_or_create(
            code=code, defaults={"rank": rank, "name_zh": zh, "name_en": en,
                                 "is_quality": quality, "from_survey": survey})
    _named(get("complaints", "Seriousness"), d.SERIOUSNESS)
    _named(get("complaints", "RootCause"), d.ROOT_CAUSES)
    _named(get("complaints", "SurveyItem"), d.SURVEY_ITEMS)
    SurveyLevel = get("complaints", "SurveyLevel")
    for code, rank, zh, en, score, bad in d.SURVEY_LEVELS:
        SurveyLevel.objects.update_or_create(
            code=code, defaults={"rank": rank, "name_zh": zh, "name_en": en, "score": score,
                                 "dissatisfied": bad})
    CustomerTier = get("complaints", "CustomerTier")
    for code, rank, zh, en, months in d.TIERS:
        CustomerTier.objects.update_or_create(
            code=code, defaults={"rank": rank, "name_zh": zh, "name_en": en,
                                 "visit_every_months": months})
    Department = get("complaints", "ResponsibleDepartment")
    for code, rank, zh, en in d.DEPARTMENTS:
        Department.objects.update_or_create(
            code=code, defaults={"rank": rank, "name_zh": zh, "name_en": en})
    # The targets run on the SLA app's 24×7 calendar; a database without it (its calendars
    # set up by hand) gets no seeded targets: they are data, added in the admin there.
    calendar = get("sla", "BusinessCalendar").objects.filter(code=d.CALENDAR).first()
    Target = get("complaints", "ComplaintTarget")
    for level in get("complaints", "Seriousness").objects.all() if calendar else []:
        for kind, abroad, seconds, warn in d.TARGETS:
            Target.objects.update_or_create(
                kind=kind, seriousness=level, abroad=abroad, complaint_class=None,
                defaults={"duration_seconds": seconds, "warn_before_seconds": warn,
                          "calendar": calendar})
    Transition = get("complaints", "ComplaintTransition")
    for position, (action, sources, to_status, roles, zh, en) in enumerate(d.TRANSITIONS):
        for source in sources:
            Transition.objects.update_or_create(
                action=action, from_status=source,
                defaults={"to_status": to_status, "roles": roles, "label_zh": zh,
                          "label_en": en, "position": position})
    get("complaints", "SatisfactionRules").objects.get_or_create(pk=1)
    Weight = get("dealers", "AssessmentWeight")
    for code, rank, zh, en, weight in ASSESSMENT_WEIGHTS:
        Weight.objects.update_or_create(
            code=code, defaults={"rank": rank, "name_zh": zh, "name_en": en,
                                 "weight": Decimal(weight)})
    grant_permissions(apps, d.PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("dealers", "0002_seed_rules"),
        ("sla", "0002_content_types_and_seed"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
