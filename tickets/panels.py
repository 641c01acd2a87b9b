"""Sections other apps add to the ticket page (attachments, …), registered in their
``AppConfig.ready()``; the page includes each panel's template with its own context."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DetailPanel:
    key: str
    template: str
    order: int = 50


_PANELS: dict[str, DetailPanel] = {}


def register_detail_panel(panel: DetailPanel) -> None:
    _PANELS[panel.key] = panel


def detail_panels() -> list[DetailPanel]:
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))
