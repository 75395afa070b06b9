"""Views: the site's model regrouped the way a page shows it to a reader.

Pure functions from `Site` to small frozen values the templates walk through;
no HTML here. The schedule page shows the coming weeks day by day
(`schedule_weeks`, closed days among them), then each program; the footer of every
page the days the library is closed soon (`closures_ahead`); a year of news shows its items month by
month (`news_years`); an item's page links the items next to it (`ReadAlso`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from itertools import groupby
from operator import attrgetter
from typing import Iterable, Sequence

from site_builder.addresses import NEWS
from site_builder.config import SpecialHours
from site_builder.model import Award, Cancellation, Closure, NewsItem, Session, Tag


SCHEDULE_WEEKS = 4   # this week and the three after it
CLOSURES_AHEAD = timedelta(days=14)   # how soon a closed day is told on every page


@dataclass(frozen=True)
class ScheduleDay:
    day: date
    sessions: tuple[Session | Cancellation, ...]   # those not held too (`.cancelled`)
    closure: Closure | None = None   # the library is closed that day


@dataclass(frozen=True)
class ScheduleWeek:
    label: str            # "Minggu ini", "Minggu depan", "2 minggu lagi"
    first: date           # its Monday
    last: date            # its Sunday
    days: tuple[ScheduleDay, ...]   # only days with sessions, or closed


def _week_label(offset: int) -> str:
    return {0: "Minggu ini", 1: "Minggu depan"}.get(offset, f"{offset} minggu lagi")


def with_cancelled(sessions: Sequence[Session], cancelled: Iterable[Cancellation],
                   complete: bool = True) -> tuple[Session | Cancellation, ...]:
    """`sessions` (in time order) with the sessions not held among them: every one of
    `cancelled` when `sessions` are all there are (`complete`), else those up to the last
    of them (`sessions` are the first few of more: the next session, not a holiday long
    after it, comes next)."""
    last = sessions[-1].start if sessions else None
    shown = [dropped for dropped in cancelled
             if complete or (last is not None and dropped.start <= last)]
    if not shown:
        return tuple(sessions)
    return tuple(sorted((*sessions, *shown),
                        key=lambda session: (session.start, session.program.id,
                                             session.cancelled)))


def schedule_weeks(upcoming: Iterable[Session], now: datetime,
                   weeks: int = SCHEDULE_WEEKS, cancelled: Iterable[Cancellation] = (),
                   closures: Iterable[Closure] = ()) -> list[ScheduleWeek]:
    """The sessions of `weeks` calendar weeks from now's (Monday to Sunday), by day, with
    those not held (`cancelled`) where they would have been, and the days from today on
    the library is closed (`closures`), sessions or not."""
    upcoming = with_cancelled(tuple(upcoming), cancelled)
    closures = tuple(closures)
    today = now.date()
    monday = today - timedelta(days=today.weekday())
    result = []
    for offset in range(weeks):
        first = monday + timedelta(weeks=offset)
        last = first + timedelta(days=6)
        in_week = [s for s in upcoming
                   if first <= s.start.astimezone(now.tzinfo).date() <= last]
        by_day = {day: tuple(sessions) for day, sessions in
                  groupby(in_week, key=lambda s: s.start.astimezone(now.tzinfo).date())}
        closed = {day: closure for closure in closures
                  for day in _days(max(closure.first, first, today), min(closure.last, last))}
        days = tuple(ScheduleDay(day, by_day.get(day, ()), closed.get(day))
                     for day in sorted(by_day.keys() | closed.keys()))
        result.append(ScheduleWeek(_week_label(offset), first, last, days))
    return result


def _days(first: date, last: date) -> list[date]:
    """The days from `first` to `last`, both included (none when `last` is before)."""
    return [first + timedelta(days=number) for number in range((last - first).days + 1)]


@dataclass(frozen=True)
class ClosureAhead:
    """A closure the footer tells of: "Tutup Jumat, 25 Desember 2026: Hari Raya Natal"."""

    first: date
    last: date
    note: str | None
    begun: bool     # today is one of its days ("Tutup hari ini, Kamis 24 Desember")
    ongoing: bool   # ... and not the last one ("... sampai 9 Desember 2026")
    today: date     # the build's day: a page left unrebuilt reads as of its day


def closures_ahead(closures: Iterable[Closure], today: date,
                   within: timedelta = CLOSURES_AHEAD) -> tuple[ClosureAhead, ...]:
    """The closures not over by `today` that begin by `within` after it."""
    return tuple(ClosureAhead(closure.first, closure.last, closure.note,
                              closure.first <= today, closure.first <= today < closure.last,
                              today)
                 for closure in closures
                 if closure.last >= today and closure.first <= today + within)


@dataclass(frozen=True)
class SpecialHoursAhead:
    """Special opening hours the footer tells of: in force today (`begun`), or from a day
    within the next two weeks."""

    hours: SpecialHours
    begun: bool


def special_hours_ahead(special: Iterable[SpecialHours], today: date,
                        within: timedelta = CLOSURES_AHEAD) -> tuple[SpecialHoursAhead, ...]:
    """The special hours not over by `today` that begin by `within` after it."""
    return tuple(SpecialHoursAhead(hours, hours.first <= today) for hours in special
                 if hours.last >= today and hours.first <= today + within)


@dataclass(frozen=True)
class NewsMonth:
    first: date                   # its first day (templates show "Mei 2024" from it)
    items: tuple[NewsItem, ...]   # newest first


@dataclass(frozen=True)
class NewsYear:
    year: int
    count: int
    months: tuple[NewsMonth, ...]   # newest first, only months with news
    base: str = NEWS   # the list it is a year of: berita/, or a topic's (tag/pengumuman/)

    @property
    def url_path(self) -> str:
        return news_year_path(self.year, self.base)


def news_year_path(year: int, base: str = NEWS) -> str:
    """The page of a year's news: "berita/2024/"; of a topic's: "tag/pengumuman/2024/"."""
    return f"{base}{year}/"


def topic_years(tag: Tag, zone: tzinfo, per_page: int) -> list[NewsYear]:
    """A topic's years, when its list runs to more than one page over more than one year
    (its pages then link a page for each: tag/pengumuman/2020/); else none."""
    if len(tag.items) <= per_page:
        return []
    years = news_years(tag.items, zone, tag.url_path)
    return years if len(years) > 1 else []


def news_month(item: NewsItem, zone: tzinfo) -> date:
    """The first day of an item's month, of its date in the site's zone (its place on
    a year page)."""
    return item.date.astimezone(zone).date().replace(day=1)


def news_years(news: Sequence[NewsItem], zone: tzinfo, base: str = NEWS) -> list[NewsYear]:
    """The years of `news` (newest first, as given), each with its items by month; an
    item's year and month are those of its date in the site's zone. `base`: the list's
    address (a topic's items are news and awards)."""
    months = [NewsMonth(first, tuple(items)) for first, items
              in groupby(news, key=lambda item: news_month(item, zone))]
    return [NewsYear(year, sum(len(month.items) for month in in_year), in_year, base)
            for year, in_year in ((year, tuple(group)) for year, group in
                                  groupby(months, key=lambda month: month.first.year))]


READ_ALSO = 4   # links under "Baca juga" at most


class ReadAlso:
    """"Baca juga" of each news item and award: the items next to it in time in each of
    its tags' lists, the newer and the older one, tag by tag, at most READ_ALSO, newest
    first; for an item without any, the items before and after it among all news (or all
    awards). Next to it only, so a new item changes the links of a few pages, not of every
    page of its tags.

    The items themselves are given, not copies of what the links show: their page keys
    are made once for their own pages (pagekeys memoises each value), and a page shows
    the items next to it as they are, so it is rendered again when one of them changes."""

    def __init__(self, news: Sequence[NewsItem], awards: Sequence[NewsItem]):
        self._lists: list[Sequence[NewsItem]] = []   # alive while their ids are keys
        self._positions: dict[int, dict[str, int]] = {}   # by id of the list, made when asked
        self.news, self.awards = news, awards

    def _position(self, items: Sequence[NewsItem], url_path: str) -> int | None:
        positions = self._positions.get(id(items))
        if positions is None:
            self._lists.append(items)
            positions = self._positions[id(items)] = {
                entry.url_path: number for number, entry in enumerate(items)}
        return positions.get(url_path)

    def of(self, item: NewsItem, tag_lists: Iterable[Sequence[NewsItem]],
           linked: Iterable[NewsItem] = ()) -> tuple[NewsItem, ...]:
        """The neighbours of `item` in `tag_lists` (its tags' items), but those its page
        links already (`linked`: an award's news item, a news item's awards)."""
        url_path = item.url_path
        picked: dict[str, NewsItem] = {}
        for items in tag_lists:
            number = self._position(items, url_path)
            if number is None:
                continue
            if number > 0:
                picked.setdefault(items[number - 1].url_path, items[number - 1])
            if number + 1 < len(items):
                picked.setdefault(items[number + 1].url_path, items[number + 1])
        if not picked:
            everything = self.awards if isinstance(item, Award) else self.news
            number = self._position(everything, url_path)
            if number is not None:
                picked = {other.url_path: other for other in everything[max(number - 1, 0):
                                                                        number + 2]
                          if other.url_path != url_path}
        for other in linked:
            picked.pop(other.url_path, None)
        if len(picked) < 2:
            return tuple(picked.values())
        # Newest first; items of one date as their lists give them (a stable sort).
        return tuple(sorted(list(picked.values())[:READ_ALSO], key=attrgetter("date"),
                            reverse=True))
