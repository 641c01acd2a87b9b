from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from attachments import registry
from attachments.models import Attachment


class AttachmentSerializer(serializers.ModelSerializer):
    """One attachment; ``url`` and ``thumbnail_url`` are the authorised views."""

    record_type = serializers.SerializerMethodField()
    record = serializers.SerializerMethodField()
    kind = serializers.CharField(source="kind.code")
    kind_name = serializers.CharField(source="kind.name")
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField(source="mime_type")
    uploaded_by: serializers.StringRelatedField = serializers.StringRelatedField(allow_null=True)
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "record_type",
            "record",
            "kind",
            "kind_name",
            "name",
            "content_type",
            "size",
            "width",
            "height",
            "uploaded_at",
            "uploaded_by",
            "url",
            "thumbnail_url",
        ]

    def _target(self, obj: Attachment) -> registry.AttachmentTarget | None:
        return registry.for_model(obj.content_type.model_class())  # type: ignore[arg-type]

    def get_record_type(self, obj: Attachment) -> str:
        spec = self._target(obj)
        return spec.key if spec else ""

    def get_record(self, obj: Attachment) -> str:
        references = self.context.get("references", {})
        return str(references.get((obj.content_type_id, obj.object_id), obj.object_id))

    def get_url(self, obj: Attachment) -> str:
        return reverse("attachments:file", args=[obj.pk])

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_thumbnail_url(self, obj: Attachment) -> str | None:
        return reverse("attachments:thumbnail", args=[obj.pk]) if obj.thumbnail else None


class AttachmentQuerySerializer(serializers.Serializer):
    record_type = serializers.ChoiceField(choices=[])
    record = serializers.CharField(max_length=40)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = registry.keys()

    def validate_record(self, value: str) -> str:
        if "\x00" in value:
            raise serializers.ValidationError("Invalid reference.")
        return value.strip()


class AttachmentUploadSerializer(AttachmentQuerySerializer):
    kind = serializers.CharField(max_length=32, required=False, default="other")
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False)
