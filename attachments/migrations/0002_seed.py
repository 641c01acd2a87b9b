"""Seed the kinds of attachment and the upload rules (editable in the admin)."""

from django.db import migrations

KINDS = [
    ("fault_photo", 10, "故障照片", "Fault photo"),
    ("nameplate", 20, "铭牌", "Nameplate"),
    ("invoice", 30, "购机发票", "Purchase invoice"),
    ("warranty_card", 40, "三包凭证（保修卡扫描件）", "Warranty card scan"),
    ("pdf", 50, "PDF 文档", "PDF document"),
    ("other", 90, "其他", "Other"),
]


def seed(apps, schema_editor):
    Kind = apps.get_model("attachments", "AttachmentKind")
    for code, rank, zh, en in KINDS:
        Kind.objects.update_or_create(
            code=code, defaults={"rank": rank, "name_zh": zh, "name_en": en}
        )
    Rules = apps.get_model("attachments", "AttachmentRules")
    Rules.objects.get_or_create(pk=1)


def unseed(apps, schema_editor):
    apps.get_model("attachments", "AttachmentKind").objects.filter(
        code__in=[k[0] for k in KINDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("attachments", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
