"""Calendars API: ``calendars/`` (read), ``calendars/{code}/exceptions/`` (managers add,
replace and delete one date, its own working windows included) and
``calendars/{code}/schedule/`` (the horizon; managers enter a year's official schedule as
JSON or upload it as CSV / iCalendar). Every write is one service of ``sla.schedules``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.requests import request_user
from aftersales.errors import DomainError
from sla.api.views import ManagersWrite
from sla.models import BusinessCalendar, CalendarException
from sla.schedule_files import ScheduleFileError, read_schedule_file
from sla.schedules import (
    HolidayRange,
    OfficialDay,
    OfficialSchedule,
    calendar_exception_delete,
    calendar_exception_set,
    calendars_short_of_schedule,
    schedule_enter,
)


class CalendarExceptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarException
        fields = ["id", "date", "kind", "name", "windows"]


class CalendarSerializer(serializers.ModelSerializer):
    windows = serializers.SerializerMethodField()

    class Meta:
        model = BusinessCalendar
        fields = [
            "id",
            "code",
            "name_zh",
            "name_en",
            "tz",
            "adjusted_workday_weekday",
            "follows_official_schedule",
            "schedule_through",
            "windows",
            "updated_at",
        ]

    def get_windows(self, calendar: BusinessCalendar) -> list[dict[str, Any]]:
        return [
            {
                "weekday": w.weekday,
                "start": f"{w.start:%H:%M}",
                "end": "24:00" if w.end_minute == 1440 else f"{w.end:%H:%M}",
            }
            for w in calendar.windows.all()
        ]


class HolidayRangeSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(required=False)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class WorkdaySerializer(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ScheduleInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    holidays = HolidayRangeSerializer(many=True, required=False, default=list)
    workdays = WorkdaySerializer(many=True, required=False, default=list)
    file = serializers.FileField(
        required=False, help_text=_("A CSV (start,end,kind,name) or iCalendar (.ics) file.")
    )


class HorizonSerializer(serializers.Serializer):
    code = serializers.CharField()
    follows_official_schedule = serializers.BooleanField()
    schedule_through = serializers.DateField(allow_null=True)
    short_of_schedule = serializers.BooleanField()
    warning = serializers.CharField(allow_blank=True)


def horizon_of(calendar: BusinessCalendar) -> dict[str, Any]:
    warning = next((w for w in calendars_short_of_schedule() if w.calendar.pk == calendar.pk), None)
    return {
        "code": calendar.code,
        "follows_official_schedule": calendar.follows_official_schedule,
        "schedule_through": calendar.schedule_through,
        "short_of_schedule": warning is not None,
        "warning": warning.text if warning else "",
    }


def schedule_from_input(data: dict[str, Any]) -> OfficialSchedule:
    upload = data.get("file")
    if upload is not None:
        try:
            return read_schedule_file(upload.name or "", upload.read())
        except ScheduleFileError as exc:
            raise DomainError(str(exc), field="file") from None
    return OfficialSchedule(
        holidays=[
            HolidayRange(h["start"], h.get("end") or h["start"], h["name"])
            for h in data["holidays"]
        ],
        workdays=[OfficialDay(w["date"], w["name"]) for w in data["workdays"]],
    )


class CalendarViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CalendarSerializer
    permission_classes = [ManagersWrite]
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[BusinessCalendar]:
        return BusinessCalendar.objects.prefetch_related("windows").order_by("code")

    @extend_schema(methods=["GET"], responses=CalendarExceptionSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=CalendarExceptionSerializer,
        responses={201: CalendarExceptionSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="exceptions", pagination_class=None)
    def exceptions(self, request: Request, code: str | None = None) -> Response:
        """List a calendar's exceptions (``?year=``); managers add or replace one (by date)."""
        calendar = self.get_object()
        if request.method == "GET":
            rows = calendar.exceptions.all()
            if request.query_params.get("year", "").isdigit():
                rows = rows.filter(date__year=int(request.query_params["year"]))
            return Response(CalendarExceptionSerializer(rows, many=True).data)
        serializer = CalendarExceptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        row = calendar_exception_set(
            calendar=calendar,
            by=request_user(request),
            day=data["date"],
            kind=data["kind"],
            name=data.get("name", ""),
            windows=data.get("windows", ""),
        )
        return Response(CalendarExceptionSerializer(row).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["delete"], url_path=r"exceptions/(?P<day>\d{4}-\d{2}-\d{2})")
    def delete_exception(
        self, request: Request, code: str | None = None, day: str = ""
    ) -> Response:
        calendar = self.get_object()
        try:
            when = date.fromisoformat(day)
        except ValueError:
            raise DomainError(_("Not a date."), field="date") from None
        get_object_or_404(CalendarException, calendar=calendar, date=when)
        calendar_exception_delete(calendar=calendar, by=request_user(request), day=when)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ScheduleInputSerializer, responses=HorizonSerializer)
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="schedule",
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    def schedule(self, request: Request, code: str | None = None) -> Response:
        """The official schedule's horizon; managers enter a year (JSON, or a CSV / .ics
        ``file``): the year's holidays and adjusted working days are replaced."""
        calendar = self.get_object()
        if request.method == "GET":
            return Response(HorizonSerializer(horizon_of(calendar)).data)
        serializer = ScheduleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = schedule_enter(
            calendar=calendar,
            by=request_user(request),
            year=data["year"],
            schedule=schedule_from_input(data),
            source="file" if data.get("file") else "api",
        )
        body = dict(horizon_of(report.calendar), holidays=report.holidays)
        body["workdays"] = report.workdays
        return Response(body, status=status.HTTP_201_CREATED)
