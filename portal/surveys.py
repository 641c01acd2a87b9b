"""The survey a customer answers about a request, when an app provides surveys.

The portal builds no survey of its own: an app that owns them registers a function
``ticket → URL or None`` here (the survey to answer now), and the request page links it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SurveyLink = Callable[[Any], "str | None"]
_PROVIDERS: list[SurveyLink] = []


def register_survey_link(provider: SurveyLink) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def survey_url_for(ticket: Any) -> str | None:
    for provider in _PROVIDERS:
        url = provider(ticket)
        if url:
            return url
    return None
