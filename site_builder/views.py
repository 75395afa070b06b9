"""Views: the site's model regrouped the way a page shows it to a reader.

Pure functions from `Site` to small frozen values the templates walk through;
no HTML here. The schedule page shows the coming weeks day by day
(`schedule_weeks`), then each program.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import groupby
from typing import Iterable

from site_builder.model import Session

SCHEDULE_WEEKS = 4   # this week and the three after it


@dataclass(frozen=True)
class ScheduleDay:
    day: date
    sessions: tuple[Session, ...]


@dataclass(frozen=True)
class ScheduleWeek:
    label: str            # "Minggu ini", "Minggu depan", "2 minggu lagi"
    first: date           # its Monday
    last: date            # its Sunday
    days: tuple[ScheduleDay, ...]   # only days with sessions


def _week_label(offset: int) -> str:
    return {0: "Minggu ini", 1: "Minggu depan"}.get(offset, f"{offset} minggu lagi")


def schedule_weeks(upcoming: Iterable[Session], now: datetime,
                   weeks: int = SCHEDULE_WEEKS) -> list[ScheduleWeek]:
    """The sessions of `weeks` calendar weeks from now's (Monday to Sunday), by day."""
    today = now.date()
    monday = today - timedelta(days=today.weekday())
    result = []
    for offset in range(weeks):
        first = monday + timedelta(weeks=offset)
        last = first + timedelta(days=6)
        in_week = [s for s in upcoming
                   if first <= s.start.astimezone(now.tzinfo).date() <= last]
        days = tuple(ScheduleDay(day, tuple(sessions)) for day, sessions in
                     groupby(in_week, key=lambda s: s.start.astimezone(now.tzinfo).date()))
        result.append(ScheduleWeek(_week_label(offset), first, last, days))
    return result
