"""The reader's language, for data kept in both languages (name_zh / name_en rows)."""

from __future__ import annotations

from django.utils.translation import get_language


def in_english() -> bool:
    """True when the active language is English; Simplified Chinese otherwise (the default)."""
    return (get_language() or "zh-hans").startswith("en")


def bilingual(zh: str, en: str) -> str:
    """``en`` for English readers (when there is one), else ``zh``."""
    return en if en and in_english() else zh
