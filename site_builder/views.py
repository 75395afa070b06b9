"""Views: the site's model regrouped the way a page shows it to a reader.

Pure functions from `Site` to small frozen values the templates walk through;
no HTML here. The schedule page shows the coming weeks day by day
(`schedule_weeks`), then each program; a year of news shows its items month by
month (`news_years`); an item's page links the items next to it (`ReadAlso`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from itertools import groupby
from operator import attrgetter
from typing import Iterable, Sequence

from site_builder.model import Award, NewsItem, Session

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


READ_ALSO = 4   # links under "Baca juga" at most


@dataclass(frozen=True)
class Neighbour:
    """An item linked under "Baca juga": what the link shows, not the item (a page's key
    then counts its title, address and date, not its body). One per item for the build,
    so page keys walk it once (pagekeys memoises a value by its id)."""

    title: str
    url_path: str
    date: datetime


class ReadAlso:
    """"Baca juga" of each news item and award: the items next to it in time in each of
    its tags' lists, the newer and the older one, tag by tag, at most READ_ALSO, newest
    first; for an item without any, the items before and after it among all news (or all
    awards). Next to it only, so a new item changes the links of a few pages, not of every
    page of its tags."""

    def __init__(self, news: Sequence[NewsItem], awards: Sequence[NewsItem]):
        self._lists: dict[int, Sequence[NewsItem]] = {}
        self._positions: dict[int, dict[str, int]] = {}   # by id of the list, made when asked
        self._shown: dict[str, Neighbour] = {}   # by url_path
        self.news, self.awards = news, awards

    def _neighbour(self, item: NewsItem) -> Neighbour:
        shown = self._shown.get(item.url_path)
        if shown is None:
            shown = self._shown[item.url_path] = Neighbour(item.title, item.url_path, item.date)
        return shown

    def _next_to(self, items: Sequence[NewsItem], item: NewsItem) -> list[NewsItem]:
        positions = self._positions.get(id(items))
        if positions is None:
            self._lists[id(items)] = items   # kept alive while its id is a key
            positions = self._positions[id(items)] = {
                entry.url_path: number for number, entry in enumerate(items)}
        number = positions.get(item.url_path)
        if number is None:
            return []
        return [items[other] for other in (number - 1, number + 1) if 0 <= other < len(items)]

    def of(self, item: NewsItem, tag_lists: Iterable[Sequence[NewsItem]],
           linked: Iterable[NewsItem] = ()) -> tuple[Neighbour, ...]:
        """The neighbours of `item` in `tag_lists` (its tags' items), but those its page
        links already (`linked`: an award's news item, a news item's awards)."""
        picked: dict[str, NewsItem] = {}
        for items in tag_lists:
            for other in self._next_to(items, item):
                picked.setdefault(other.url_path, other)
        if not picked:
            everything = self.awards if isinstance(item, Award) else self.news
            picked = {other.url_path: other for other in self._next_to(everything, item)}
        for other in linked:
            picked.pop(other.url_path, None)
        # Newest first; items of one date as their lists give them (a stable sort).
        chosen = sorted(list(picked.values())[:READ_ALSO], key=attrgetter("date"), reverse=True)
        return tuple(self._neighbour(other) for other in chosen)
