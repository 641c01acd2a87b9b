"""Working windows of a day: ``Window(start_minute, end_minute)`` and reading them from text."""

from __future__ import annotations

import re
from dataclasses import dataclass

MINUTES_PER_DAY = 1440
_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")


def _parse_hhmm(text: str) -> int:
    match = _HHMM.match(text.strip())
    if match is None:
        raise ValueError(f"expected a time like '08:30', got {text!r}")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes >= 60 or hours * 60 + minutes > MINUTES_PER_DAY:
        raise ValueError(f"not a time of day between 00:00 and 24:00: {text!r}")
    return hours * 60 + minutes


_WINDOW_TEXT = re.compile(r"^(\d{1,2}:\d{2})\s*[-–~]\s*(\d{1,2}:\d{2})$")


def parse_windows(text: str) -> tuple[Window, ...]:
    """ "08:30-12:00 13:30-17:30" (or with commas, semicolons, "–") → sorted windows;
    ValueError when one is malformed or they overlap. Blank text → ()."""
    parts = [p for p in re.split(r"[\s,;，；]+(?=\d)", text.strip()) if p.strip()]
    windows: list[Window] = []
    for part in parts:
        match = _WINDOW_TEXT.match(part.strip().rstrip(",;，；"))
        if match is None:
            raise ValueError(f"expected a window like '08:30-12:00', got {part!r}")
        windows.append(Window.between(match.group(1), match.group(2)))
    result = tuple(sorted(windows))
    check_windows(result, "windows")
    return result


@dataclass(frozen=True, order=True)
class Window:
    """Open from ``start_minute`` to ``end_minute`` (minutes since local midnight, 1440 = 24:00)."""

    start_minute: int
    end_minute: int

    def __post_init__(self) -> None:
        for value in (self.start_minute, self.end_minute):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"window minutes must be integers, got {value!r}")
        if not 0 <= self.start_minute < self.end_minute <= MINUTES_PER_DAY:
            raise ValueError(
                "a window needs 0 <= start_minute < end_minute <= 1440, "
                f"got {self.start_minute}..{self.end_minute}"
            )

    @classmethod
    def between(cls, start: str, end: str) -> Window:
        """``Window.between("08:30", "12:00")``; "24:00" is allowed as an end."""
        return cls(_parse_hhmm(start), _parse_hhmm(end))

    def __str__(self) -> str:
        return "{:02d}:{:02d}–{:02d}:{:02d}".format(
            *divmod(self.start_minute, 60), *divmod(self.end_minute, 60)
        )


def check_windows(windows: tuple[Window, ...], where: str) -> None:
    for window in windows:
        if not isinstance(window, Window):
            raise ValueError(f"{where}: expected Window, got {window!r}")
    for earlier, later in zip(windows, windows[1:], strict=False):
        if later.start_minute < earlier.end_minute:
            raise ValueError(
                f"{where}: windows must be sorted and must not overlap ({earlier} then {later})"
            )
