"""What each metric is called. The engine's own metrics are :class:`sla.models.Metric`; an
app that adds targets of its own (the workshop's carry-in promise, the parts store's
shipment) registers their labels here from its ``AppConfig.ready``, so no page shows a
metric's code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sla.models import Metric

_LABELS: dict[str, Any] = {str(metric.value): metric.label for metric in Metric}


def register_metric_labels(labels: Mapping[str, Any]) -> None:
    _LABELS.update({str(code): label for code, label in labels.items()})


def metric_label(code: str) -> str:
    """The translated name of ``code`` (the code itself only for one nobody registered)."""
    label = _LABELS.get(code)
    return str(label) if label is not None else code


def metric_choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in _LABELS.items()]
