"""Logging that reads like a log: one line per refused request, tracebacks only for errors."""

from __future__ import annotations

import logging


class TracebacksOnlyForErrors(logging.Filter):
    """Django logs every 4xx answer of a view that raised (PermissionDenied, Http404 …) with
    the exception's traceback; a refused request is not a fault, so keep the line and drop
    the traceback below status 500."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
