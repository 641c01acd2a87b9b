"""Output shapes of the report API, for the schema (the views return the selectors' dicts)."""

from __future__ import annotations

from rest_framework import serializers

from reports.models import CostReport, CostReportLine


class FiguresSerializer(serializers.Serializer):
    met = serializers.IntegerField()
    met_late = serializers.IntegerField()
    breached = serializers.IntegerField()
    running = serializers.IntegerField()
    compliance = serializers.FloatField(allow_null=True, help_text="% met of met + late + breached")
    mean_seconds = serializers.IntegerField(allow_null=True, help_text="business seconds")
    p90_seconds = serializers.IntegerField(allow_null=True, help_text="business seconds")


class MetricFiguresSerializer(FiguresSerializer):
    metric = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    target = serializers.FloatField()


class SplitRowSerializer(FiguresSerializer):
    id = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()  # type: ignore[assignment]


class SplitMetricSerializer(serializers.Serializer):
    metric = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    rows = SplitRowSerializer(many=True)


class SplitSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    metrics = SplitMetricSerializer(many=True)


class TrendSeriesSerializer(serializers.Serializer):
    metric = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    data = serializers.ListField(  # type: ignore[assignment]
        child=serializers.FloatField(allow_null=True)
    )


class TrendSerializer(serializers.Serializer):
    granularity = serializers.ChoiceField(choices=["day", "week", "month"])
    points = serializers.ListField(child=serializers.DateField())
    series = TrendSeriesSerializer(many=True)
    target = serializers.FloatField()


class LiveRowSerializer(serializers.Serializer):
    metric = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    breached = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    breached_url = serializers.CharField(help_text="the ticket queue filtered to these tickets")
    at_risk_url = serializers.CharField()


class AgeingSerializer(serializers.Serializer):
    buckets = serializers.ListField(child=serializers.DictField())
    statuses = serializers.ListField(child=serializers.DictField())
    calendar = serializers.DictField(help_text="status → bucket → open tickets (calendar age)")
    business = serializers.DictField(help_text="status → bucket → open tickets (business age)")


class SlaDashboardSerializer(serializers.Serializer):
    period = serializers.DictField()
    horizon_hours = serializers.IntegerField()
    headline = serializers.DictField()
    compliance = MetricFiguresSerializer(many=True)
    splits = serializers.DictField(child=SplitSerializer())
    trend = TrendSerializer()
    live = LiveRowSerializer(many=True)
    ageing = AgeingSerializer()
    times = serializers.DictField(help_text="severity / region_class → mean and p90 per metric")
    fix_rates = serializers.DictField(help_text="first-time-fix and repeat-repair rates")


class DashboardLiveClockSerializer(serializers.Serializer):
    ticket = serializers.CharField(source="ticket.number")
    metric = serializers.CharField()
    state = serializers.CharField()
    due_at = serializers.DateTimeField()
    organisation = serializers.CharField(source="ticket.assigned_organisation.code")


class LivePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = DashboardLiveClockSerializer(many=True)


class TechnicianDaySerializer(serializers.Serializer):
    technician_id = serializers.IntegerField()
    technician = serializers.CharField()
    organisation = serializers.CharField()
    day = serializers.DateField()
    tickets = serializers.ListField(child=serializers.CharField())
    work_types = serializers.ListField(child=serializers.CharField())
    visits = serializers.IntegerField()
    on_site_seconds = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=2)
    parts_count = serializers.DecimalField(max_digits=10, decimal_places=2)
    parts_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    parts = serializers.ListField(child=serializers.CharField())


class CostLineSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code")

    class Meta:
        model = CostReportLine
        fields = [
            "organisation",
            "product_model",
            "installation",
            "labour",
            "materials",
            "transport_km",
            "transport",
            "total",
        ]


class CostReportSerializer(serializers.ModelSerializer):
    lines = CostLineSerializer(many=True, read_only=True)

    class Meta:
        model = CostReport
        fields = [
            "month",
            "computed_at",
            "ready_on",
            "notified_at",
            "installation",
            "labour",
            "materials",
            "transport",
            "total",
            "lines",
        ]


class LeagueRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    arrangement = serializers.FloatField(allow_null=True)
    supervisor_check = serializers.FloatField(allow_null=True)
    return_visit = serializers.FloatField(allow_null=True)
    rejection = serializers.FloatField(allow_null=True)
    average_claim = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    claims = serializers.IntegerField()
    trend = serializers.DictField()


class LeagueSerializer(serializers.Serializer):
    month = serializers.DateField()
    months = serializers.ListField(child=serializers.DateField())
    rows = LeagueRowSerializer(many=True)
