"""Audit codes written by the attachments app, declared once."""

from __future__ import annotations

from enum import StrEnum


class AttachmentEvent(StrEnum):
    #: Files were attached to a record; written on the owning record's timeline.
    ADDED = "attachment.added"
