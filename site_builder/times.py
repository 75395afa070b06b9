"""Dates, times and day names as staff write them.

Pure functions from text to `date`, `time` and `datetime`; each raises
`ValueError` with a short Indonesian reason that the field readers put into
their messages. Times may be written `15:00`, `15.00`, `9:00` or `9.00`; one said
("jam 3 sore") is not read, but named in the reason (`said_time`). `wrong_weekdays`
finds a day named with a date it does not fall on ("Jumat, 5 Desember 2026").
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Callable, Iterator, NamedTuple

_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?")
# A date as the builder reads it, year first (also a key: "2026-12-25: Natal").
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATETIME = re.compile(
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2})"
    r"(?:(?:[Tt]|\s+)(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)(?:\.\d+)?"
    r"\s*(?P<zone>Z|z|[+-]\d{2}(?::?\d{2})?)?)?")

DAY_NAMES = {
    # Monday is 0, as in date.weekday()
    "senin": 0, "monday": 0,
    "selasa": 1, "tuesday": 1,
    "rabu": 2, "wednesday": 2,
    "kamis": 3, "thursday": 3,
    "jumat": 4, "jum'at": 4, "jumaat": 4, "friday": 4,
    "sabtu": 5, "saturday": 5,
    "minggu": 6, "ahad": 6, "sunday": 6,
}

# Month names, Indonesian and English, whole or shortened, as dates are written by hand.
MONTH_NAMES = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "pebruari", "february", "feb", "peb"), 2),
    **dict.fromkeys(("maret", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("agustus", "august", "agu", "agt", "ags", "aug"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "december", "des", "dec"), 12),
}
# A time of day as written by hand, in the hints below ("15.00", "9:30").
_CLOCK = r"\d{1,2}[:.]\d{2}"
# A date as people in Indonesia write it: day first ("23-11-2026", "23/11/2026",
# "Senin, 23 November 2026"), or the year first ("2026/11/23", or "2026-11-23" before a
# time written the poster's way); then maybe a time ("10.30", "pukul 09.00 WIB").
_WRITTEN_DATE = re.compile(
    r"(?:[^\W\d]+,?\s+)?(?:(?P<day>\d{1,2})(?:(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)"
    r"|\s+(?P<name>[^\W\d]+)\.?\s+)(?P<year>\d{4})"
    r"|(?P<year2>\d{4})(?P<sep2>[-/])(?P<month2>\d{1,2})(?P=sep2)(?P<day2>\d{1,2}))"
    rf"(?:,?\s+(?:pukul\s+|jam\s+)?(?P<time>{_CLOCK})(?:\s*WIB)?)?",
    re.IGNORECASE)

TIME_EXAMPLE = "15:00 atau 15.00"
DATE_EXAMPLE = "2024-01-09 (tahun-bulan-tanggal)"
DATETIME_EXAMPLE = "2023-09-29, 2023-09-29 10:30 atau 2023-09-29T10:30:00+07:00"


# Between the two ends of a range of days or times, as written on posters: "Senin-Kamis",
# "08.00 s.d. 15.30", "08.00 s/d 15.30", "08.00 sampai 15.30" (hours.py reads it too).
RANGE_TO = r"\s*(?:-|–|—|s\.?\s*d\.?|s/d|sampai|hingga|to)\s*"
# Times as written on posters: with the zone ("15.00 WIB"), or a range ("15.00 - 17.00").
_TIME_WITH_ZONE = re.compile(rf"({_CLOCK})\s*WIB", re.IGNORECASE)
_TIME_RANGE = re.compile(rf"({_CLOCK}){RANGE_TO}({_CLOCK})(?:\s*WIB)?", re.IGNORECASE)


# A date inside text, written as the builder reads dates or as people write them.
_A_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}"
                     r"|\d{1,2}\s+[^\W\d]+\.?\s+\d{4}")


def date_in(text: str) -> date | None:
    """The first date written inside `text` ("Sabtu, 12 Desember 2026 pukul 09.00")."""
    return next(filter(None, map(meant_date, _A_DATE.findall(text))), None)


def hours_in(text: str) -> tuple[time, time] | None:
    """The first range of hours inside `text` ("... pukul 09.00-11.00 WIB")."""
    match = _TIME_RANGE.search(text)
    return time_range(match[0]) if match else None


def days_in(text: str) -> list[int]:
    """The day names inside `text` ("Setiap Selasa dan Kamis"), as weekday numbers."""
    return list(dict.fromkeys(DAY_NAMES[word] for word in re.findall(
        r"[^\W\d]+(?:'[^\W\d]+)?", text.lower()) if word in DAY_NAMES))


def time_range(text: str) -> tuple[time, time] | None:
    """The two times of "15.00 - 17.00 WIB" (RANGE_TO between them), or None."""
    match = _TIME_RANGE.fullmatch(text.strip())
    try:
        return (parse_time(match[1]), parse_time(match[2])) if match else None
    except ValueError:
        return None


# A time as it is said: "jam 3 sore", "pukul 9 pagi", "7.30 malam", "pukul 15.00", "9".
_SAID_TIME = re.compile(r"(?:(?:pukul|pkl\.?|jam)\s*)?(\d{1,2})(?:[:.](\d{2}))?"
                        r"(?:\s*(pagi|siang|sore|petang|malam))?(?:\s*WIB)?", re.IGNORECASE)


def said_time(text: str) -> time | None:
    """The time of day `text` says (_SAID_TIME), or None: "3 sore" is 15:00, "1 siang"
    13:00, "7 malam" 19:00; "2 malam" or "12 malam", said of the night's small hours,
    is none."""
    match = _SAID_TIME.fullmatch(text)
    if not match:
        return None
    hour, minute, part = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if part == "malam" and not 6 <= hour < 12:
        return None
    if (part == "siang" and hour < 6) or (part in ("sore", "petang", "malam") and hour < 12):
        hour += 12
    return time(hour, minute) if hour < 24 and minute < 60 else None


def _time_hint(text: str) -> str:
    """What to write instead of `text`, which is not a time the builder reads."""
    text = text.strip()
    if match := _TIME_RANGE.fullmatch(text):
        return (f'ini dua jam: tulis jam mulai di "start" ({match[1]}) dan jam selesai di '
                f'"end" ({match[2]})')
    if match := _TIME_WITH_ZONE.fullmatch(text):
        return f"mungkin maksudnya {match[1]}; jam dibaca di zona waktu situs, tanpa WIB"
    if said := said_time(text):
        return f"mungkin maksudnya {said:%H:%M}"
    return f"tulis jam seperti {TIME_EXAMPLE}"


def parse_time(text: str) -> time:
    """`15:00`, `15.00`, `9:00`, `9.00` or `15:00:00` as a time of day."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise ValueError(_time_hint(text))
    hour, minute, second = (int(part) if part else 0 for part in match.groups())
    if hour > 23:
        raise ValueError("jam harus antara 0 dan 23")
    if minute > 59 or second > 59:
        raise ValueError("menit harus antara 00 dan 59")
    return time(hour, minute, second)


def _date_parts(text: str) -> date:
    year, month, day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        raise ValueError(f"bulan {month} tidak ada (bulan 1 sampai 12)")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"tanggal {day} tidak ada di bulan {month} tahun {year}") from None


def _written(match: re.Match[str]) -> date | None:
    """The date a _WRITTEN_DATE match names, or None when there is none such."""
    day, month, year = match["day"] or match["day2"], match["month"] or match["month2"], \
        match["year"] or match["year2"]
    number = int(month) if month else MONTH_NAMES.get((match["name"] or "").lower())
    try:
        return date(int(year), number, int(day)) if number else None
    except ValueError:
        return None


def _meant(text: str, with_time: bool) -> str:
    """For an error: "mungkin maksudnya 2026-11-23; " when `text` is a date written
    another way (_WRITTEN_DATE) that exists, "" when it is not one for sure."""
    match = _WRITTEN_DATE.fullmatch(text.strip())
    meant = _written(match) if match else None
    if meant is None:
        return ""
    shown = meant.isoformat()
    if with_time and match["time"]:
        try:
            shown += f" {parse_time(match['time']):%H:%M}"
        except ValueError:
            return ""
    return f"mungkin maksudnya {shown}; "


def meant_date(text: str) -> date | None:
    """The date `text` names, written as the builder reads dates or as people write
    them ("1 September 2026", "01/09/2026"); None when it names none for sure."""
    text = text.strip()
    if ISO_DATE.fullmatch(text):
        try:
            return _date_parts(text)
        except ValueError:
            return None
    match = _WRITTEN_DATE.fullmatch(text)
    return _written(match) if match else None


# Between the two dates of a span written as text: "1 September - 28 Januari", "s/d".
_SPAN_SPLIT = re.compile(
    r"\s+(?:-|–|—|s\.?d\.?|s/d|sampai|hingga|to|until)\s+|\s*[–—]\s*", re.IGNORECASE)


class WrittenSpan(NamedTuple):
    """Days from `first` to `last` as people write them, with the words after them."""

    first: date
    last: date
    note: str


def meant_span(text: str) -> WrittenSpan | None:
    """The days "2026-12-22 s/d 2027-01-02 libur semester" or "21 Desember 2026 - 3 Januari
    2027" name, and the words after them ("libur semester"); None when `text` is not two
    dates in order."""
    parts = _SPAN_SPLIT.split(text.strip(), maxsplit=1)
    first = meant_date(parts[0]) if len(parts) == 2 else None
    if first is None:
        return None
    words = parts[1].split()
    for end in range(len(words), 0, -1):
        last = meant_date(" ".join(words[:end]))
        if last is not None:
            note = " ".join(words[end:]).strip(" ,:;()–-")
            return WrittenSpan(first, last, note) if last > first else None
    return None


def parse_date(text: str) -> date:
    """`2024-01-09` (month and day may have one digit) as a date."""
    if not ISO_DATE.fullmatch(text.strip()):
        raise ValueError(f"{_meant(text, False)}tulis tanggal seperti {DATE_EXAMPLE}")
    return _date_parts(text.strip())


def in_zone(moment: datetime, zone: tzinfo) -> datetime:
    """`moment` in `zone`; one without an offset (--now 2026-12-01T09:00) is read there."""
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def parse_datetime(text: str, zone: tzinfo) -> datetime:
    """A date, a date and time, or ISO 8601 with an offset, as an aware datetime.

    Without an offset the time is read in `zone`; a date alone is midnight there.
    """
    match = _DATETIME.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{_meant(text, True)}tulis tanggal seperti {DATETIME_EXAMPLE}")
    day = _date_parts(match["date"])
    clock = parse_time(match["time"]) if match["time"] else time(0, 0)
    moment = datetime.combine(day, clock)
    if not match["zone"]:
        return moment.replace(tzinfo=zone)
    return moment.replace(tzinfo=_offset(match["zone"]))


def _offset(text: str) -> tzinfo:
    if text in ("Z", "z"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"zona waktu {text} tidak valid")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_day(text: str) -> int:
    """An Indonesian or English day name, any case, as a weekday number (Monday is 0)."""
    key = _day_key(text)
    if key not in DAY_NAMES:
        raise ValueError(_day_meant(text) or "tulis nama hari seperti Senin, Selasa, Rabu, "
                         "Kamis, Jumat, Sabtu atau Minggu")
    return DAY_NAMES[key]


# What is written for the names of days, besides the names parse_day reads.
DAY_TITLES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_JAVANESE_DAYS = {"senen": 0, "seloso": 1, "rebo": 2, "kemis": 3, "jemuah": 4, "jemuwah": 4,
                  "setu": 5}
_BEFORE_DAY = re.compile(r"(?:(?:setiap|tiap|hari|every)\s+)+", re.I)
# Days listed ("Selasa, Rabu & Jumat", "Sabtu/Minggu"; the "/" of "s/d" is a range's)
# and ranges of days ("Senin–Jumat", "Senin s.d. Kamis"), as in opening hours (hours.py).
DAYS_JOINED = re.compile(r"\s*(?:,|&|\+|(?<!\bs)/|\bdan\b|\band\b)\s*", re.IGNORECASE)
_DAY_RANGE = re.compile(rf"(?P<first>[^\W\d][\w'.]*){RANGE_TO}(?P<last>[^\W\d][\w'.]*)",
                        re.IGNORECASE)


def days_of(text: str, one_day: Callable[[str], int | None]) -> list[int] | None:
    """The weekdays (Monday is 0) `text` names, in its order: a day, a range of days
    ("Jumat–Senin" is four) or several of either, each read by `one_day`; None when a
    part names no day."""
    days: list[int] = []
    for part in DAYS_JOINED.split(text.strip()):
        span = _DAY_RANGE.fullmatch(part)
        first, last = (one_day(span["first"]), one_day(span["last"])) if span else (None, None)
        if first is not None and last is not None:
            days += [(first + step) % 7 for step in range((last - first) % 7 + 1)]
        elif (day := one_day(part)) is not None:
            days.append(day)
        else:
            return None
    return days


def _day_key(text: str) -> str:
    return text.strip().lower().replace("’", "'").rstrip(".")


# A day named with its date, as news writes it: "Sabtu, 5 Desember 2026", "hari Jumat
# tanggal 4 Desember", "Jumat / 12 Desember 2026", "Jum'at, 04/12/2026" (the day first),
# "Kamis (19/11)" (the press's way, the year maybe after a second "/"); as WhatsApp
# invitations write it, in capitals or bold ("*JUMAT, 5 DESEMBER 2026*", "**Jumat**, 5
# Desember"), or on two lines ("Hari: Jumat" then "Tanggal: 5 Desember 2026"). A day's
# name starts with a capital, or follows "hari": "satu minggu, 6 Desember" names no day.
_DAY_WITH_DATE = re.compile(
    r"(?:[Hh]ari\s+(?P<small>[a-z][a-z'’]+)|(?P<day>[A-Z][A-Za-z'’]+))[*_]{0,2}"
    r"(?:(?:(?:,|\s*[/–-])?\s+(?:(?:tanggal|tgl\.?)\s+)?"
    r"|[ \t]*\n[\s*_•-]*(?:[Tt]anggal|TANGGAL|[Tt]gl\.?)[*_]*[ \t]*:[*_]*[ \t]*)"
    r"(?:(?P<d>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?(?:\s+(?P<year>\d{4}))?"
    r"|(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4}))"
    r"|\s*\((?P<d3>\d{1,2})/(?P<m3>\d{1,2})(?:/(?P<y3>\d{4}|\d{2}))?\))(?!\d)")
MONTH_TITLES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                "September", "Oktober", "November", "Desember")


# Where such a mention may start: str.find of these is some 40 times faster than the
# pattern's own search (which tries every position of a 5,000-character item).
_DAY_STARTS = ("Senin", "Selasa", "Rabu", "Kamis", "Jum", "Sabtu", "Minggu", "Ahad", "hari ",
               "Hari ", "SENIN", "SELASA", "RABU", "KAMIS", "JUM", "SABTU", "MINGGU", "AHAD")


def _days_with_dates(text: str) -> Iterator[re.Match[str]]:
    """The matches of _DAY_WITH_DATE in `text`, in no particular order."""
    for start in _DAY_STARTS:
        at = text.find(start)
        while at != -1:
            if not (at and text[at - 1].isalnum()):
                match = _DAY_WITH_DATE.match(text, at)
                if match:
                    yield match
            at = text.find(start, at + 1)


def wrong_weekdays(text: str, near: date | None) -> list[tuple[int, str, str]]:
    """(where, as written, what is wrong and what to do) for each day named with its date
    in `text` (_DAY_WITH_DATE) that falls on another weekday, or whose date does not
    exist ("Senin, 31 November 2026"), in order; a date without its year is taken in the
    year that puts it nearest `near` (none without `near`)."""
    found = []
    for match in _days_with_dates(text):
        written = " ".join(match[0].split())   # on one line, though written on two
        weekday = DAY_NAMES.get(_day_key(match["day"] or match["small"]))
        month = (MONTH_NAMES.get(match["month"].lower()) if match["month"]
                 else int(match["m2"] or match["m3"]))
        if weekday is None or not month or month > 12:
            continue
        day = int(match["d"] or match["d2"] or match["d3"])
        year = match["year"] or match["y2"] or match["y3"]
        year = f"20{year}" if year and len(year) == 2 else year
        years = [int(year)] if year else [] if near is None else [
            near.year + shift for shift in (-1, 0, 1)]
        if not years:
            continue
        dates = [moment for moment in (_date_or_none(each, month, day) for each in years)
                 if moment]
        if not dates:
            last = calendar.monthrange(years[0] if year else near.year, month)[1]
            found.append((match.start(), written, (
                f"memuat tanggal yang tidak ada: bulan {MONTH_TITLES[month - 1]} hanya sampai "
                f"tanggal {last}; perbaiki tanggalnya")))
            continue
        meant = dates[0] if year else min(dates, key=lambda moment: abs(moment - near))
        if meant.weekday() != weekday:
            found.append((match.start(), written, (
                f"tidak cocok dengan harinya: {meant.day} {MONTH_TITLES[meant.month - 1]} "
                f"{meant.year} jatuh pada hari {DAY_TITLES[meant.weekday()]}; perbaiki nama "
                "hari atau tanggalnya")))
    return sorted(found)


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_meant(text: str) -> str | None:
    """The name of the one day `text` names another way ("Senen", "Kam.", "Jumad"), or
    None when it names none for sure (or is a name parse_day reads)."""
    if _day_key(text) in DAY_NAMES:
        return None
    day = _one_day(text)
    return None if day is None else DAY_TITLES[day]


def _day_meant(text: str) -> str:
    """For an error: "mungkin maksudnya Selasa" when `text` names one day another way
    (Javanese, shortened, mistyped, "setiap Selasa"), "ini beberapa hari (...): ..."
    when it names several, "" when neither for sure."""
    days = days_of(_BEFORE_DAY.sub("", text.strip()), _one_day)
    if days is not None and len(days) > 1:
        from site_builder.formatting import join_words
        names = join_words([DAY_TITLES[day] for day in days], "id")
        return (f'ini beberapa hari ({names}): tulis satu "- day:" untuk setiap hari, '
                "masing-masing dengan start dan end-nya")
    return f"mungkin maksudnya {DAY_TITLES[days[0]]}" if days else ""


def _one_day(text: str) -> int | None:
    """The one day `text` names as written or another way; None when not for sure."""
    key = _BEFORE_DAY.sub("", _day_key(text))
    if key in ("mingguan", "weekly", "harian", "daily"):
        return None   # "weekly", not a day ("Minggu" is close to it)
    if key in DAY_NAMES:
        return DAY_NAMES[key]
    if key in _JAVANESE_DAYS:
        return _JAVANESE_DAYS[key]
    if len(key) >= 3:
        started = {day for name, day in DAY_NAMES.items() if name.startswith(key)}
        if len(started) == 1:
            return started.pop()
    from difflib import get_close_matches
    close = get_close_matches(key, DAY_NAMES, n=2, cutoff=0.75)
    days = {DAY_NAMES[name] for name in close}
    return days.pop() if len(days) == 1 else None
