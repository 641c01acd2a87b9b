"""Chinese statutory holidays and adjusted working days (调休) from the ``chinese_calendar``
package: the years it covers and the exceptions of one year."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable, Mapping
from datetime import date
from types import ModuleType


def _chinese_calendar() -> ModuleType:
    return importlib.import_module("chinese_calendar")


@functools.cache
def china_supported_years() -> range:
    """The years the installed ``chinese_calendar`` package has holiday data for."""
    days: Iterable[date] = _chinese_calendar().holidays
    years = {day.year for day in days}
    return range(min(years), max(years) + 1)


def china_exceptions(year: int) -> tuple[dict[date, str], set[date]]:
    """Chinese statutory holidays and adjusted working days (调休) of ``year``.

    Returns ``({date: holiday name}, {adjusted working days})`` from ``chinese_calendar``.
    The holidays are every date it marks as a holiday, in-lieu days included, and also
    the weekend dates inside a festival span (closed anyway on a Monday–Friday calendar,
    but named, so an explanation says "National Day" rather than "weekend"). The
    adjusted working days are the weekend dates it marks as workdays.
    """
    supported = china_supported_years()
    if year not in supported:
        raise ValueError(
            f"chinese_calendar has no holiday data for {year}; "
            f"supported years are {supported.start}–{supported.stop - 1}"
        )
    module = _chinese_calendar()
    named: Mapping[date, object] = module.holidays
    workdays: Iterable[date] = module.workdays
    holidays = {day: str(name) for day, name in named.items() if day.year == year}
    adjusted = {day for day in workdays if day.year == year and day.weekday() >= 5}
    return holidays, adjusted
