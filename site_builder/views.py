"""Views: the site's model regrouped the way a page shows it to a reader.

Pure functions from `Site` to small frozen values the templates walk through;
no HTML here. The schedule page shows the coming weeks day by day
(`schedule_weeks`), then each program; a year of news shows its items month by
month (`news_years`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from itertools import groupby
from typing import Iterable, Sequence

from site_builder.model import NewsItem, Session

NEWS_YEARS = "berita/"   # berita/2024/: the news of 2024

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


@dataclass(frozen=True)
class NewsMonth:
    first: date                   # its first day (templates show "Mei 2024" from it)
    items: tuple[NewsItem, ...]   # newest first


@dataclass(frozen=True)
class NewsYear:
    year: int
    count: int
    months: tuple[NewsMonth, ...]   # newest first, only months with news

    @property
    def url_path(self) -> str:
        return news_year_path(self.year)


def news_year_path(year: int) -> str:
    """The page of a year's news: "berita/2024/"."""
    return f"{NEWS_YEARS}{year}/"


def news_years(news: Sequence[NewsItem], zone: tzinfo) -> list[NewsYear]:
    """The years of `news` (newest first, as given), each with its items by month; an
    item's year and month are those of its date in the site's zone."""
    def month_of(item: NewsItem) -> date:
        return item.date.astimezone(zone).date().replace(day=1)

    months = [NewsMonth(first, tuple(items)) for first, items in groupby(news, key=month_of)]
    return [NewsYear(year, sum(len(month.items) for month in in_year), in_year)
            for year, in_year in ((year, tuple(group)) for year, group in
                                  groupby(months, key=lambda month: month.first.year))]
