"""Opening hours as staff write them in site.yaml's `contact.opening_hours`, read for
search engines (the Library's openingHoursSpecification, jsonld.py) and for the home
page's "Hari ini" line (`day_hours`).

The lines stay free text on the pages; this reads them when it can:

    Senin–Kamis: 08.00–15.30 WIB              Monday to Thursday, 08:00-15:30
    Jumat: 08.00–11.00 dan 13.00–16.00 WIB    Friday, twice
    Selasa, Rabu & Jum'at: 09.00 sampai 12.00
    Minggu dan hari libur nasional: tutup     Sunday closed (holidays have no weekday)
    Senin–Kamis: 08.00–15.30 WIB (istirahat 12.00–13.00)    08:00-12:00 and 13:00-15:30

Days: Indonesian or English names (times.parse_day), joined by ",", "&", "/" or "dan",
or a range ("Senin–Jumat", "Senin s.d. Kamis"); hours: ranges joined by ",", "&" or
"dan", a zone (WIB, WITA, WIT) after them, or "tutup"/"libur"/"closed"; a break in
parentheses ("istirahat", "ishoma" or "rehat", and its hours) splits them. When any line
cannot be read, none is used: a search engine would take a day left out for a day the
library is closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from typing import Sequence

from site_builder.times import (DAYS_JOINED, RANGE_TO as _TO, day_meant, days_of, parse_day,
                                said_time)

_JOINED = re.compile(r"\s*(?:,|&|\bdan\b|\band\b)\s*", re.IGNORECASE)
_CLOSED = ("tutup", "libur", "closed")
# Holidays name no weekday: closed on them says nothing of the week.
_HOLIDAYS = re.compile(r"(?:hari\s+)?libur(?:\s+nasional)?|hari\s+besar(?:\s+nasional)?"
                       r"|tanggal\s+merah|(?:public\s+)?holidays?", re.IGNORECASE)
# The days, then ":" or the first digit or a word for closed.
_LINE = re.compile(r"(?P<days>[^\d:]+?)\s*(?::\s*|\s+(?=\d))(?P<hours>.+)")
_CLOCK = r"(\d{1,2})[.:](\d{2})"
_HOURS = re.compile(rf"{_CLOCK}{_TO}{_CLOCK}")
_ZONE = re.compile(r"\s*\b(?:WIB|WITA|WIT)\b\.?$", re.IGNORECASE)
_BREAK = re.compile(rf"\s*\((?:istirahat|ishoma|rehat|break)(?:\s+siang)?\s*:?\s*"
                    rf"({_CLOCK}{_TO}{_CLOCK})(?:\s*(?:WIB|WITA|WIT))?\s*\)", re.IGNORECASE)

SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class OpeningHours:
    """The library is open on `days` (0 is Monday) from `opens` until `closes`."""

    days: tuple[int, ...]
    opens: time
    closes: time


Range = tuple[time, time]   # opens, closes


def _spaced(line: str) -> str:
    """`line` with each run of white space one space: _LINE backtracks over long runs (a
    line of 2,500 spaces took minutes)."""
    return " ".join(line.split())


def read_opening_hours(lines: Sequence[str]) -> tuple[OpeningHours, ...] | None:
    """Every line's hours, in order; None when a line cannot be read (see the module doc)."""
    read = _read_lines(lines)
    if read is None:
        return None
    return tuple(OpeningHours(days, opens, closes) for days, ranges in read
                 for opens, closes in ranges if days)


def day_hours(lines: Sequence[str], weekday: int) -> tuple[Range, ...] | None:
    """The ranges the library is open on `weekday` (0 is Monday), () when a line says it
    is closed that day; None when a line cannot be read or none names the day."""
    read = _read_lines(lines)
    if read is None:
        return None
    named = [ranges for days, ranges in read if weekday in days]
    return tuple(sorted(span for ranges in named for span in ranges)) if named else None


def closed_on_holidays(lines: Sequence[str]) -> bool:
    """Whether a line says the library is closed on holidays ("Minggu dan hari libur
    nasional: tutup")."""
    return any(parts is not None and parts[1] and parts[2] == []
               for parts in map(_line_parts, lines))


def misspelt_days(line: str) -> list[tuple[str, str]]:
    """(as written, the day meant) of each day name of a line that cannot be read because
    of it ("Senen–Kamis: ..."); [] for a line read, or unread for another reason."""
    match = _LINE.fullmatch(_spaced(line.replace("’", "'")))
    if match is None or _read_line(line) is not None:
        return []
    found: list[tuple[str, str]] = []

    def noted(name: str) -> int | None:   # _day, noting each name it cannot read
        day = _day(name)
        meant = day_meant(name) if day is None and not _HOLIDAYS.fullmatch(name) else None
        if meant is not None:
            found.append((name, meant))
        return day

    for part in DAYS_JOINED.split(match["days"].strip()):
        days_of(part, noted)
    return found


def hours_meant(line: str) -> str | None:
    """`line` with its hours written as they are said ("Sabtu: 8 pagi - 1 siang") in the
    way read_opening_hours reads ("Sabtu: 08.00–13.00"), or None: the line is read as it
    is, or its hours are not two times said."""
    match = _LINE.fullmatch(_spaced(line))
    if match is None or _read_line(line) is not None:
        return None
    zone = _ZONE.search(match["hours"])
    ends = re.split(_TO, _ZONE.sub("", match["hours"].strip()), maxsplit=1)
    said = [said_time(end.strip()) for end in ends] if len(ends) == 2 else []
    if len(said) != 2 or None in said:
        return None
    meant = f"{match['days']}: {said[0]:%H.%M}–{said[1]:%H.%M}" + (zone[0] if zone else "")
    return meant if _read_line(meant) is not None else None


def _read_lines(lines: Sequence[str]) -> list[tuple[tuple[int, ...], list[Range]]] | None:
    """(days, ranges) of each line; None when one cannot be read."""
    found = []
    for line in lines:
        read = _read_line(line)
        if read is None:
            return None
        found.append(read)
    return found


def _read_line(line: str) -> tuple[tuple[int, ...], list[Range]] | None:
    """The weekdays a line names (none for holidays alone) and their ranges ([]: closed)."""
    parts = _line_parts(line)
    if parts is None:
        return None
    days, holidays, ranges = parts
    if days is None or ranges is None or (ranges and holidays and not days):
        return None
    return days, ranges


def _line_parts(line: str) -> tuple[tuple[int, ...] | None, bool, list[Range] | None] | None:
    """A line's weekdays (_days: None when a name is not one), whether it names holidays,
    and its ranges ([]: closed; None unreadable), a break taken out; None when it is not
    days, then hours."""
    match = _LINE.fullmatch(_spaced(line.replace("’", "'")))
    if match is None:
        return None
    days, holidays = _days(match["days"])
    hours = match["hours"].strip()
    pause = _BREAK.search(hours)
    if pause:
        hours = hours[:pause.start()] + hours[pause.end():]
    ranges = _ranges(_ZONE.sub("", hours.strip()))
    if pause and ranges:
        ranges = _without(ranges, _ranges(pause[1]))
    return days, holidays, ranges


def _without(ranges: list[Range], pause: list[Range] | None) -> list[Range] | None:
    """`ranges` with the break `pause` (one range) taken out of the one holding it; None
    when no range holds it."""
    if not pause:
        return None
    start, end = pause[0]
    for index, (opens, closes) in enumerate(ranges):
        if opens < start and end < closes:
            return [*ranges[:index], (opens, start), (end, closes), *ranges[index + 1:]]
    return None


def _days(text: str) -> tuple[tuple[int, ...] | None, bool]:
    """(the weekdays `text` names, in order, or None when it names something else;
    whether it names holidays too)."""
    days: list[int] = []
    holidays = False
    for part in DAYS_JOINED.split(text.strip()):
        if _HOLIDAYS.fullmatch(part):
            holidays = True
            continue
        named = days_of(part, _day)
        if named is None:
            return None, holidays
        days += named
    return tuple(days), holidays


def _day(name: str) -> int | None:
    """The weekday `name` names (Monday is 0), or None."""
    try:
        return parse_day(name)
    except ValueError:
        return None


def _ranges(text: str) -> list[Range] | None:
    """The (opens, closes) ranges of `text`: [] for closed, None when unreadable."""
    if text.lower() in _CLOSED:
        return []
    ranges = []
    for part in _JOINED.split(text):
        match = _HOURS.fullmatch(part)
        if match is None:
            return None
        hour, minute, end_hour, end_minute = map(int, match.groups())
        if hour > 23 or end_hour > 23 or minute > 59 or end_minute > 59:
            return None
        opens, closes = time(hour, minute), time(end_hour, end_minute)
        if closes <= opens:
            return None
        ranges.append((opens, closes))
    return ranges


def special_schema_org(lines: Sequence[str], first: date, last: date
                       ) -> list[dict[str, object]]:
    """schema.org OpeningHoursSpecification objects of hours that hold from `first` to
    `last` only (a specialOpeningHoursSpecification): one for each range, and a day said
    closed as closed all day (00:00 to 00:00); none when a line cannot be read."""
    read = _read_lines(lines)
    if read is None:
        return []
    dates = {"validFrom": first.isoformat(), "validThrough": last.isoformat()}
    return [{"@type": "OpeningHoursSpecification",
             "dayOfWeek": [SCHEMA_DAYS[day] for day in days],
             "opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}", **dates}
            for days, ranges in read if days
            for opens, closes in (ranges or [(time(0), time(0))])]


def schema_org(hours: Sequence[OpeningHours]) -> list[dict[str, object]]:
    """schema.org OpeningHoursSpecification objects, one for each range."""
    return [{"@type": "OpeningHoursSpecification",
             "dayOfWeek": [SCHEMA_DAYS[day] for day in item.days],
             "opens": f"{item.opens:%H:%M}", "closes": f"{item.closes:%H:%M}"}
            for item in hours]
