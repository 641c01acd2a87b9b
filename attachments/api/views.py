from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.requests import request_user
from attachments import registry
from attachments.api.serializers import (
    AttachmentQuerySerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
)
from attachments.models import Attachment
from attachments.selectors import attachment_get, attachments_of, record_of
from attachments.services import attachments_add


def _record(user: Any, data: dict[str, Any]) -> tuple[registry.AttachmentTarget, Any]:
    spec = registry.get(data["record_type"])
    record = spec.lookup(spec.scope(user), data["record"]) if spec else None
    if spec is None or record is None:
        raise NotFound
    return spec, record


def _references(spec: registry.AttachmentTarget, record: Any) -> dict[tuple[int, int], str]:
    content_type = ContentType.objects.get_for_model(spec.model)
    return {(content_type.pk, record.pk): spec.reference(record)}


class AttachmentViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Files on tickets, repair records, claims and every other registered record."""

    serializer_class = AttachmentSerializer
    queryset = Attachment.objects.none()
    filterset_class = None
    pagination_class = None
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Attachments of one record",
        parameters=[
            OpenApiParameter("record_type", str, required=True),
            OpenApiParameter("record", str, required=True, description="Number or id"),
        ],
        responses={200: AttachmentSerializer(many=True)},
    )
    def list(self, request: Request) -> Response:
        query = AttachmentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        spec, record = _record(request_user(request), query.validated_data)
        rows = attachments_of(record).filter(refused_reason="")
        context = {**self.get_serializer_context(), "references": _references(spec, record)}
        return Response(AttachmentSerializer(rows, many=True, context=context).data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        row = attachment_get(request_user(request), int(pk)) if pk and pk.isdigit() else None
        if row is None or not row.servable:
            raise NotFound
        spec = registry.for_model(row.content_type.model_class())  # type: ignore[arg-type]
        if spec is None:
            raise NotFound
        references = {(row.content_type_id, row.object_id): spec.reference(record_of(row))}
        context = {**self.get_serializer_context(), "references": references}
        return Response(AttachmentSerializer(row, context=context).data)

    @extend_schema(
        summary="Attach files to a record (multipart: record_type, record, kind, files)",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={
            201: AttachmentSerializer(many=True),
            400: OpenApiResponse(description="No file, too many, or refused by content"),
            404: OpenApiResponse(description="No such record in your scope"),
            409: OpenApiResponse(description="The record no longer takes files"),
            413: OpenApiResponse(description="The request is larger than allowed"),
        },
    )
    def create(self, request: Request) -> Response:
        form = request.data if isinstance(request.data, Mapping) else {}
        fields = {key: form.get(key) for key in form if key != "files"}
        payload = AttachmentUploadSerializer(
            data={**fields, "files": request.FILES.getlist("files")}
        )
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = request_user(request)
        spec, record = _record(user, data)
        rows = attachments_add(
            by=user, target=spec.key, record=record, files=data["files"], kind=data["kind"]
        )
        context = {**self.get_serializer_context(), "references": _references(spec, record)}
        return Response(
            AttachmentSerializer(rows, many=True, context=context).data,
            status=status.HTTP_201_CREATED,
        )
