"""Dates, times and numbers for readers, in the site's language, with Babel; telephone
numbers a phone can call or chat with.

Pure functions used as template filters (see render.py). Babel's formats are
per call, never `locale.setlocale`, which would change the whole process.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, tzinfo
from functools import lru_cache
from typing import Any, Sequence

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.dates import get_day_names, get_timezone_gmt
from babel.lists import format_list
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from site_builder import phones

# Indonesia's three zones are known by their Indonesian abbreviations.
ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT",
}


def _local(moment: date | datetime, zone: tzinfo) -> date | datetime:
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        return moment.astimezone(zone)
    return moment


def _day(moment: date | datetime, zone: tzinfo) -> date:
    local = _local(moment, zone)
    return local.date() if isinstance(local, datetime) else local


# A site shows the same few thousand days and times on thousands of pages, and Babel
# formats each in some 0.1 ms: each text is made once per process.
@lru_cache(maxsize=8192)
def _date_text(day: date, pattern: str, locale: str) -> str:
    return babel_format_date(day, pattern, locale=locale)


@lru_cache(maxsize=2048)
def _time_text(moment: time, pattern: str, locale: str) -> str:
    return babel_format_time(moment, pattern, locale=locale)


def format_date(moment: date | datetime, locale: str, zone: tzinfo) -> str:
    """"Jumat, 29 September 2023"."""
    return _date_text(_day(moment, zone), "EEEE, d MMMM y", locale)


def format_short_date(moment: date | datetime, locale: str, zone: tzinfo) -> str:
    """"29 September 2023"."""
    return _date_text(_day(moment, zone), "d MMMM y", locale)


def format_day_month(moment: date | datetime, locale: str, zone: tzinfo) -> str:
    """"29 September" (under a heading that names the month and year)."""
    return _date_text(_day(moment, zone), "d MMMM", locale)


def format_weekday_date(day: date, locale: str) -> str:
    """"Kamis 24 Desember": a day near the page's own (today, tomorrow)."""
    return f"{day_name(day.weekday(), locale)} {_date_text(day, 'd MMMM', locale)}"


def format_month(moment: date | datetime, locale: str, zone: tzinfo, year: bool = True) -> str:
    """"September 2023", or "September" without the year."""
    return _date_text(_day(moment, zone), "LLLL y" if year else "LLLL", locale)


def format_time(moment: time | datetime, locale: str, zone: tzinfo) -> str:
    """"15.00" in Indonesian; the locale's own 24-hour form elsewhere."""
    if isinstance(moment, datetime):
        moment = _local(moment, zone).time()
    pattern = "HH.mm" if locale.startswith("id") else "HH:mm"
    return _time_text(moment, pattern, locale)


@lru_cache(maxsize=4096)
def format_clock(start: time | datetime, end: time | datetime | None, locale: str,
                 zone: tzinfo, zone_name: str) -> str:
    """"15.00–17.00 WIB", or "15.00 WIB" without an end."""
    text = format_time(start, locale, zone)
    if end is not None:
        text += "–" + format_time(end, locale, zone)
    return f"{text} {zone_name}"


def weekly_hours(rules: Sequence[Any], locale: str, zone: tzinfo, zone_name: str
                 ) -> list[tuple[str, str, str]]:
    """[("Senin, Selasa, dan Kamis", "15.00–17.00 WIB", ""), ("Jumat", "09.00 WIB",
    "mulai 8 Januari 2027")]: weekly rules (`day`, Monday 0; `start`; `end`; their own
    `first` and `last`, or None) by day, the days of the same hours and dates together,
    each group's dates said when it has its own."""
    hours: dict[tuple[Any, ...], list[int]] = {}
    for rule in sorted(rules, key=lambda rule: (rule.first or date.min, rule.day, rule.start)):
        days = hours.setdefault((rule.start, rule.end, rule.first, rule.last), [])
        if rule.day not in days:
            days.append(rule.day)
    return [(join_words([day_name(day, locale) for day in days], locale),
             format_clock(start, end, locale, zone, zone_name),
             _rule_dates(first, last, locale))
            for (start, end, first, last), days in hours.items()]


def _rule_dates(first: date | None, last: date | None, locale: str) -> str:
    """"mulai 8 Januari 2027", "sampai 31 Desember 2026", "8 Januari–26 Maret 2027", ""."""
    if first and last:
        return format_date_range(first, last, locale)
    if first:
        return f"mulai {_date_text(first, 'd MMMM y', locale)}"
    if last:
        return f"sampai {_date_text(last, 'd MMMM y', locale)}"
    return ""


def format_weekly(rules: Sequence[Any], locale: str, zone: tzinfo, zone_name: str) -> str:
    """"Setiap Senin, Selasa, dan Kamis, 15.00–17.00 WIB; setiap Sabtu, 09.00 WIB (mulai 8
    Januari 2027)"."""
    return "; ".join(f"{'setiap' if index else 'Setiap'} {days}, {clock}"
                     + (f" ({dates})" if dates else "")
                     for index, (days, clock, dates)
                     in enumerate(weekly_hours(rules, locale, zone, zone_name)))


def format_number(number: int, locale: str) -> str:
    """"1.017" in Indonesian (a point groups thousands), "1,017" in English; each text
    made once per process (a pager shows its count on every list page: at 10,000 items,
    Babel's 50 µs a call added 0.3 s to a clean build)."""
    return format_decimal(number, locale=locale)


def join_words(words: list[str], locale: str) -> str:
    """"Kelas Yoga dan Senam Lansia", "A, B, dan C" in Indonesian."""
    return format_list(list(words), locale=locale)


def zone_abbreviation(zone_name: str, locale: str, when: datetime) -> str:
    """"WIB" for Asia/Jakarta; "GMT+07:00"-style for zones without a common abbreviation."""
    if zone_name in ZONE_ABBREVIATIONS:
        return ZONE_ABBREVIATIONS[zone_name]
    return get_timezone_gmt(when, "short", locale=locale)


def day_name(weekday: int, locale: str) -> str:
    """"Senin" for 0 (Monday)."""
    return str(get_day_names("wide", locale=locale)[weekday])


def format_date_range(first: date, last: date, locale: str) -> str:
    """"23–29 November 2026", "30 November – 6 Desember 2026", "28 Desember 2026 – 3 Januari 2027"."""
    if (first.year, first.month) == (last.year, last.month):
        start = babel_format_date(first, "d", locale=locale)
    elif first.year == last.year:
        start = babel_format_date(first, "d MMMM", locale=locale) + " "
    else:
        start = babel_format_date(first, "d MMMM y", locale=locale) + " "
    end = babel_format_date(last, "d MMMM y", locale=locale)
    return f"{start}–{end}" if start[-1] != " " else f"{start}– {end}"


# An en dash between two times or dates ("15.00–17.00", "23–29 November") is silent in
# screen readers' usual punctuation level, so the two ran together ("lima belas titik nol
# nol tujuh belas ..."): they hear "sampai" instead, which is neither shown, copied (see
# .visually-hidden) nor put in search excerpts.
_DASH_SAID = Markup('<span aria-hidden="true">–</span>'
                    '<span class="visually-hidden" data-search-ignore> sampai </span>')


def dash_said(text: str) -> Markup:
    """`text`, escaped, with each en dash read "sampai" by screen readers."""
    return _DASH_SAID.join(escape(text).split("–"))


# A web address written in a text, without the punctuation that may close its sentence.
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"]*[^\s<>\".,;:!?)]")


def linked_text(text: str, message: str | None = None) -> Markup:
    """`text` (escaped) with each web address in it a link, and each telephone number
    (linked_phones), as in "Isi formulir: https://forms.gle/... atau WhatsApp 0812-..."."""
    pieces, position = [], 0
    for match in WEB_ADDRESS.finditer(text):
        pieces += [linked_phones(text[position:match.start()], message),
                   Markup('<a href="{}">{}</a>').format(match[0], match[0])]
        position = match.end()
    pieces.append(linked_phones(text[position:], message))
    return Markup("").join(pieces)


def linked_phones(text: str, message: str | None = None, only_numbers: bool = False) -> Markup:
    """`text` (escaped) with each telephone number in it a link a phone follows: a chat
    for a mobile number the text names as WhatsApp before it ("WhatsApp 0812-0000-0000",
    "WA ...") or right after it ("0812-0000-0000 (WA)"), a call for any other ("Telepon
    (0291) 591 000"); see phones.py. A chat opens with `message` typed in, if given.
    `only_numbers`: `text` is a field for telephone numbers (phones.numbers_in)."""
    pieces, position = [], 0
    for start, end in phones.numbers_in(text, only_numbers):
        number = text[start:end]
        link = phones.link_of(number, text[:start], text[end:], message)
        pieces += [escape(text[position:start]), Markup('<a href="{}">{}</a>').format(link, number)]
        position = end
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)
