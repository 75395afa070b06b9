"""The program schedule (jadwal kegiatan): content/schedule.yaml into `Program` values,
and the days the library is closed (`closed`, an addition) into `Closure` values.

Weekly sessions stay rules here; `assemble` expands them over their period. A closed
day a weekly session falls on joins that program's `except` (with the closure's note,
unless the program's own `except` gives one).
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from typing import Any, NamedTuple

from site_builder.addresses import SCHEDULE
from site_builder.content.bodies import check_weekdays, convert_body
from site_builder.content.documents import Context, check_title
from site_builder.errors import Location, Problems
from site_builder.fields import (START_ONLY, DateSpan, FieldReader, as_boolean, open_ended,
                                 other_site_without_scheme, said_yes_or_no)
from site_builder.formatting import day_name, join_words
from site_builder.images import read_static_photo
from site_builder.links import check_image_formats, locate_references, unreachable_chat
from site_builder.model import (Alias, Closure, Image, OneOffSession, Program,
                                RejectedBody, WeeklyRule)
from site_builder.textfile import read_text
from site_builder.times import (DAY_TITLES, RANGE_TO, date_in, days_in, hours_in, meant_date,
                                meant_span, time_range)
from site_builder.yamlfile import YamlMapping, load_yaml, raw_text

SCHEDULE_FILE = "schedule.yaml"
# A weekly program repeats over its whole period; every session becomes part of the
# schedule pages and calendars (a 300-year period of daily sessions took 20 s and
# 67 MB per three programs). Real periods are a term or a year.
MAX_PERIOD_YEARS = 10
LONG_PERIOD_DAYS = 400   # a longer period is a warning: "until: 2036-01-28" for 2027


# Names staff give a session's hours, "jam: 15.00 - 17.00" (both under one name).
_HOURS_NAMES = ("jam", "waktu", "pukul", "time")
NIGHT_ENDS = 5   # a session starting before 05.00 was most likely meant in the afternoon
LATEST_HINTED_END = time(21)   # "end: 11.30" after "start: 13.00" is not told 23.30
# A session ending later, or lasting longer, was most likely written wrong ("end: 23.30").
LATE_END, LONGEST_HOURS = time(22), 8
# Words of a session's note or place that call it off: the session would still show as
# held, with calendar links, and in residents' calendars.
_CALLED_OFF = re.compile(r"\b(batal|dibatalkan|ditunda|diundur|tidak jadi|diliburkan)\b",
                         re.IGNORECASE)


def _times(reader: FieldReader) -> tuple[time | None, time | None]:
    """`start` (required) and `end`; an end not after its start is an error."""
    if "start" not in reader.mapping and "end" not in reader.mapping:
        for name in _HOURS_NAMES:
            value = reader.mapping.get(name)
            hours = time_range(value) if isinstance(value, str) else None
            if hours:
                reader.ignore(name)
                reader.error(name, f'"{name}: {value.strip()}" ditulis dengan dua kolom, jam '
                                   f"mulai dan jam selesai: start: {hours[0]:%H:%M} dan end: "
                                   f"{hours[1]:%H:%M} (dua baris sejajar)")
                return None, None
            begins = open_ended(value) if isinstance(value, str) else None
            if begins:   # "jam: 09.00 - selesai": what to write, in one round
                reader.ignore(name)
                reader.error(name, f'"{name}: {value.strip()}" ditulis start: {begins} saja, '
                                   f'tanpa "end": jam selesainya tidak tentu {START_ONLY}')
                return None, None
    start, end = reader.time("start", required=True), reader.time("end")
    if start and end and end <= start:
        later = _afternoon(end)
        reader.error("end", f"jam selesai ({end:%H.%M}) harus sesudah jam mulai ({start:%H.%M})"
                            + (f"; jam ditulis 24 jam, mungkin maksudnya end: {later:%H.%M}"
                               if later and start < later <= LATEST_HINTED_END
                               else "; periksa jam mulai dan jam selesainya"))
        return start, None
    if start and start.hour < NIGHT_ENDS:
        hours = f"start: {_afternoon(start):%H.%M}" + (
            f" dan end: {_afternoon(end):%H.%M}" if end and end.hour < 12 else "")
        reader.warning("start", f"sesi ini mulai pukul {start:%H.%M} dini hari; jam ditulis "
                                f"24 jam, jadi jika maksudnya siang atau sore, tulis {hours}")
    elif start and end:
        lasting = _hours_between(start, end)
        if end > LATE_END or lasting > LONGEST_HOURS:
            reader.warning("end", f"sesi ini berlangsung {start:%H.%M}–{end:%H.%M}, {lasting:g} "
                                  "jam" + (" sampai larut malam" if end > LATE_END else "")
                                  + "; periksa jam mulai dan jam selesainya (jam ditulis 24 "
                                  "jam)")
    return start, end


def _hours_between(start: time, end: time) -> float:
    """The hours from `start` to `end`, to a tenth."""
    return round((end.hour * 60 + end.minute - start.hour * 60 - start.minute) / 60, 1)


def _hours_example(text: str) -> str:
    hours = hours_in(text)
    return (f"start: {hours[0]:%H.%M}, end: {hours[1]:%H.%M}" if hours
            else "start: 09.00, end: 11.00")


def _session_example(text: str) -> str:
    """The session "Sabtu, 12 Desember 2026 pukul 09.00-11.00" is written as."""
    day = date_in(text)
    return f"- {{date: {(day or date(2024, 1, 9)).isoformat()}, {_hours_example(text)}}}"


def _weekly_example(text: str) -> str:
    """The weekly sessions "Setiap Selasa dan Kamis pukul 15.00-17.00 WIB" are written as."""
    return " dan ".join(f"- {{day: {DAY_TITLES[day]}, {_hours_example(text)}}}"
                        for day in days_in(text) or [5]) + " (satu baris per hari)"


def _afternoon(hour: time) -> time | None:
    """`hour` twelve hours later ("1.00" written for 13.00), None past noon."""
    return hour.replace(hour=hour.hour + 12) if hour.hour < 12 else None


def _weekly(program: FieldReader) -> tuple[WeeklyRule, ...] | None:
    items = program.list_of_mappings("weekly", example=_weekly_example)
    if items is None:
        return None
    rules, ok = [], True
    for item in items:
        day = item.day("day", required=True)
        start, end = _times(item)
        if "cancelled" in item.mapping or "except" in item.mapping:   # meant for one date
            item.ignore("cancelled", "except")
            item.warning("cancelled" if "cancelled" in item.mapping else "except",
                         "kelas mingguan diliburkan per tanggal: tulis tanggalnya di "
                         '"except" kegiatan ini (sejajar dengan "weekly" dan "period"), '
                         "misalnya except: [{date: 2026-12-25, note: Hari Raya Natal}]")
        if "location" in item.mapping:   # a room for one day of the week
            item.ignore("location")
            item.warning("location", 'tempat kelas mingguan ditulis sekali di kegiatannya '
                                     '("location:" sejajar dengan "title:"), bukan per hari; '
                                     "bila tempatnya berbeda menurut hari, tulis semuanya di "
                                     "sana, misalnya location: Ruang Pelatihan (Selasa), Aula "
                                     "(Kamis)")
        bounds = _weekly_bounds(item)
        item.finish()
        if day is None or start is None or bounds is None:
            ok = False
            continue
        rules.append(WeeklyRule(item.location_of("day"), day, start, end, *bounds))
    return tuple(rules) if ok else None


def _weekly_bounds(item: FieldReader) -> tuple[date | None, date | None] | None:
    """A weekly item's own `from` and `until` (each optional: the program's `period` holds
    otherwise); None when they are wrong, each error said."""
    if "period" in item.mapping:   # one day's own dates, written as the program's are
        written = item.mapping["period"]
        example = ("; ".join(f"{key}: {written[key]}" for key in ("from", "until")
                             if key in written)
                   if isinstance(written, dict) and {"from", "until"} & set(written)
                   else "until: 2026-12-31")
        item.ignore("period")
        item.error("period", '"period" berlaku untuk seluruh kegiatan (sejajar dengan '
                             '"weekly"); untuk hari ini saja, tulis "from:" dan/atau "until:" '
                             f'di bawah "day:", misalnya {example}')
        return None
    first, last = item.date("from"), item.date("until")
    if ("from" in item.mapping and first is None) or ("until" in item.mapping and last is None):
        return None
    return (first, last) if item.in_order(first, last) else None


def _sessions(program: FieldReader) -> tuple[OneOffSession, ...] | None:
    items = program.list_of_mappings("sessions", example=_session_example)
    if items is None:
        return None
    sessions, ok = [], True
    for item in items:
        day = _session_date(item)
        start, end = _times(item)
        session_location, note = item.text("location"), item.text("note")
        cancelled = item.reason("cancelled")
        if "except" in item.mapping:
            item.ignore("except")
            item.warning("except", 'untuk membatalkan sesi ini, tulis "cancelled:" dan '
                                   "alasannya, misalnya cancelled: Pemateri berhalangan")
        for key, text in (("note", note), ("location", session_location)):
            said = _CALLED_OFF.search(text or "")
            if said and not cancelled:
                item.warning(key, f'"{key}" sesi ini menyebut "{said[0]}", tetapi sesinya tetap '
                                  "tampil akan berlangsung, juga di kalender warga; untuk "
                                  'membatalkannya tulis "cancelled:" dan alasannya, misalnya '
                                  "cancelled: Narasumber berhalangan")
                break
        item.finish()
        if day is None or start is None:
            ok = False
            continue
        sessions.append(OneOffSession(item.location_of("date"), day, start, end,
                                      session_location, note, cancelled))
    return tuple(sessions) if ok else None


def _period(program: FieldReader, required: bool) -> tuple[date | None, date | None]:
    written = program.mapping.get("period")
    if isinstance(written, str):   # "1 September 2026 - 28 Januari 2027"
        span = meant_span(written)
        example = ("{from: %s, until: %s}" % (span.first.isoformat(), span.last.isoformat())
                   if span else "{from: 2024-01-09, until: 2024-06-25}")
        program.ignore("period")
        program.error("period", f'kolom "period" ditulis sebagai teks ("{written}"); tulis '
                                f"tanggal mulai dan selesainya seperti ini: period: {example}")
        return None, None
    period = program.mapping_of("period")
    if required and program.mapping.get("period") is None:
        program.error("weekly", 'kegiatan mingguan ("weekly") wajib punya "period", misalnya '
                                "period: {from: 2024-01-09, until: 2024-06-25}")
    if period is None:
        return None, None
    start, until = period.from_until()
    period.finish()
    if start and until and (until - start).days > MAX_PERIOD_YEARS * 366:
        period.error("until", f'"period" dari {start.isoformat()} sampai {until.isoformat()} '
                              f"lebih dari {MAX_PERIOD_YEARS} tahun; untuk kegiatan yang terus "
                              'berjalan, tulis "until" sampai akhir tahun ini dan perpanjang '
                              "tahun depan")
        return None, None
    if start and until and (until - start).days > LONG_PERIOD_DAYS:
        typed = (f" (mungkin salah ketik, misalnya {until.year} untuk {start.year + 1})"
                 if until.year > start.year + 1 else "")
        period.warning("until", f'"period" dari {start.isoformat()} sampai {until.isoformat()} '
                                f"lebih dari setahun; periksa tahunnya{typed}; untuk kegiatan "
                                'yang terus berjalan, tulis "until" sampai akhir tahun ini dan '
                                "perpanjang tahun depan")
    return start, until


def _class_days(span: DateSpan, weekly: tuple[WeeklyRule, ...],
                period: tuple[date | None, date | None]) -> list[date]:
    """The days of a span of several dates on which a weekly session falls, within the
    period (none when the period is unknown)."""
    first, last = span.first, span.last
    if not (period[0] and period[1]):
        return []
    first, last = max(first, period[0]), min(last, period[1])
    return sorted({day for rule in weekly for day in rule.dates(first, last)})


def _excepted(spans: tuple[DateSpan, ...], weekly: tuple[WeeklyRule, ...],
              period: tuple[date | None, date | None]
              ) -> tuple[tuple[date, ...], tuple[tuple[date, str], ...]]:
    """`except_dates` and `except_notes` of a program: each date written, and of each span
    the days a weekly session falls on."""
    dates: dict[date, str | None] = {}
    for span in spans:
        for day in ([span.first] if span.first == span.last else
                    _class_days(span, weekly, period)):
            if dates.get(day) is None:
                dates[day] = span.note
    return (tuple(sorted(dates)),
            tuple((day, note) for day, note in sorted(dates.items()) if note))


def _check_period_days(program: FieldReader, weekly: tuple[WeeklyRule, ...],
                       period: tuple[date | None, date | None]) -> None:
    """A period in which none of the weekly days falls leaves the class without a session."""
    first, last = period
    if not (weekly and first and last) or any(rule.dates(first, last) for rule in weekly):
        return
    days = " atau ".join(dict.fromkeys(day_name(rule.day, "id") for rule in weekly))
    program.warning("period", f'"period" dari {first.isoformat()} sampai {last.isoformat()} '
                              f"tidak memuat hari {days}, jadi kelas mingguan ini tidak punya "
                              'sesi; periksa tanggal "period" dan hari di "weekly"')


def _check_except(program: FieldReader, weekly: tuple[WeeklyRule, ...],
                  period: tuple[date | None, date | None], spans: tuple[DateSpan, ...]) -> None:
    days = {rule.day for rule in weekly}
    if spans and not weekly:
        program.warning("except", '"except" hanya meliburkan kelas mingguan ("weekly"), jadi '
                                  "tidak berpengaruh di sini; untuk membatalkan satu sesi di "
                                  '"sessions", tambahkan baris "cancelled:" dan alasannya pada '
                                  "sesi itu, misalnya cancelled: Pemateri berhalangan")
        return
    for span in spans:
        first, last = span.first, span.last
        where = program.location.at(span.line)
        if first != last:
            if period[0] and period[1] and not _class_days(span, weekly, period):
                program.problems.warning(where, f"libur dari {first.isoformat()} sampai "
                                                f"{last.isoformat()} tidak mengenai satu pun "
                                                'sesi mingguan dalam "period", jadi tidak '
                                                "berpengaruh")
        elif period[0] and period[1] and not period[0] <= first <= period[1]:
            program.problems.warning(where, f"tanggal pengecualian {first.isoformat()} berada "
                                            'di luar "period", jadi tidak berpengaruh')
        elif days and first.weekday() not in days:
            program.problems.warning(where, f"tanggal pengecualian {first.isoformat()} jatuh "
                                            f"pada hari {day_name(first.weekday(), 'id')}, bukan "
                                            "hari kegiatan mingguan")


def _closures(top: FieldReader) -> tuple[Closure, ...]:
    """schedule.yaml's `closed`: dates, or spans {from, until}, each with an optional
    note, in date order; one written twice counts once."""
    closures = {(span.first, span.last, span.note):
                Closure(top.location.at(span.line), span.first, span.last, span.note)
                for span in reversed(top.date_spans("closed"))}   # the first written stays
    return tuple(sorted(closures.values(), key=lambda closure: (closure.first, closure.last)))


def _closed_days(closures: tuple[Closure, ...], weekly: tuple[WeeklyRule, ...],
                 period: tuple[date | None, date | None]) -> tuple[DateSpan, ...]:
    """The closures a weekly session of the period falls on, as `except` items."""
    spans = (DateSpan(closure.first, closure.last, closure.note, closure.origin.line)
             for closure in closures)
    return tuple(span for span in spans if _class_days(span, weekly, period))


def _check_closed_sessions(sessions: tuple[OneOffSession, ...],
                           closures: tuple[Closure, ...], problems: Problems) -> None:
    """A one-off session on a day the library is closed: held elsewhere, or forgotten."""
    for session in sessions:
        closure = next((closure for closure in closures if closure.covers(session.date)), None)
        if closure is None or session.cancelled is not None or session.location:
            continue
        why = f" ({closure.note})" if closure.note else ""
        problems.warning(
            session.origin,
            f"perpustakaan tutup pada {session.date.isoformat()}{why} menurut "
            f'"closed" (baris {closure.origin.line}), tetapi sesi ini tetap tampil pada '
            "tanggal itu; jika sesi ini batal, tambahkan baris cancelled: "
            f"{closure.note or 'Perpustakaan tutup'}; jika sesi ini memang tetap berlangsung "
            "(misalnya di tempat lain), tulis tempatnya di \"location\" sesi ini")


def _description_html(description: str | None, reader: FieldReader, context: Context,
                      lines: list[str]) -> str | None:
    """The Markdown `description` as HTML ("" when there is none), or None when it is
    refused (bodies.py); a text of several lines is a block (`|`) whose first line
    follows the key's. An image browsers cannot show is an error at its line in `lines`
    (schedule.yaml's)."""
    if not description:
        return ""
    location = reader.location_of("description")
    if "\n" in description and location.line is not None:
        location = location.at(location.line + 1)
    body = convert_body(description, context.markdown, location, context.problems)
    if body is None:
        return None
    start = location.line or 1
    check_image_formats(locate_references(body.html, lines, start, context.base_path),
                        location, start, context.problems)
    return body.html


def _program(reader: FieldReader, seen: dict[str, Location], context: Context,
             lines: list[str], closures: tuple[Closure, ...]) -> Program | None:
    program_id = reader.slug("id", required=True)
    if program_id in seen:
        reader.error("id", f'id "{program_id}" sudah dipakai kegiatan lain (baris '
                           f"{seen[program_id].line}); setiap kegiatan perlu id yang berbeda")
        program_id = None
    elif program_id:
        seen[program_id] = reader.location_of("id")
    title = reader.text("title", required=True)
    if title:
        check_title(reader, title)
    description = reader.text("description")
    weekly = _weekly(reader)
    period = _period(reader, required=bool(weekly))
    spans = reader.date_spans("except")
    if "closed" in reader.mapping:   # meant for every program
        reader.ignore("closed")
        reader.warning("closed", '"closed" (hari perpustakaan tutup) berlaku untuk semua '
                                 "kegiatan, jadi ditulis paling atas schedule.yaml, sejajar "
                                 'dengan "programs:"; untuk meliburkan kegiatan ini saja, '
                                 'tulis tanggalnya di "except"')
    sessions = _sessions(reader)
    _check_called_off(reader, weekly, period)
    _check_copies_and_words(reader, weekly, sessions)
    if weekly is not None and sessions is not None and not weekly and not sessions:
        reader.error("id", 'kegiatan ini belum punya jadwal: tambahkan "weekly" (dengan '
                           '"period") untuk kegiatan mingguan, atau "sessions" untuk sesi tertentu')
    if weekly is not None:   # (a weekly with errors has its own messages)
        _check_except(reader, weekly, period, spans)
        _check_period_days(reader, weekly, period)
    spans += _closed_days(closures, weekly or (), period)
    excepted, except_notes = _excepted(spans, weekly or (), period)
    stood_in = _stood_in(weekly or (), period, sessions or ())
    fields = dict(
        summary=reader.text("summary"), category=reader.text("category"),
        partner=reader.text("partner"), location=reader.text("location"),
        audience=reader.text("audience"), fee=_fee(reader),
        quota=reader.integer("quota", minimum=1, limit=True),
        registration=reader.text("registration"),
        registration_until=reader.date("registration_until"), full=reader.boolean("full"))
    _check_registration_until(reader, fields["registration_until"], weekly, period, sessions)
    _check_registration_address(reader, fields["registration"])
    photo = read_static_photo(reader, context.static_dir, "foto kegiatan di halamannya, yang "
                                                          "juga tampil saat tautannya dibagikan",
                              resized=True)
    # old addresses of its page, read as a news item's (redirects.py checks them)
    aliases = tuple(Alias(text, line) for text, line in reader.text_items("aliases"))
    reader.finish()
    valid = bool(program_id and title) and weekly is not None and sessions is not None
    if valid:
        _check_closed_sessions(sessions, closures, reader.problems)
        valid = not weekly or bool(period[0] and period[1])
    description_html = _description_html(description, reader, context, lines)
    if not valid or description_html is None:
        if program_id and description_html:   # its links are checked all the same
            context.rejected.append(_rejected_description(reader, program_id,
                                                          description_html, lines, context))
        return None
    return Program(
        origin=reader.location_of("id"), id=program_id, title=title,
        description_html=description_html,
        weekly=weekly, period_from=period[0], period_until=period[1], except_dates=excepted,
        except_notes=except_notes, stood_in=stood_in,
        # a day off whose class is held elsewhere or at another hour is not one
        except_spans=_outermost([span for span in spans if span.first != span.last
                                 or span.first not in {day for day, _ in stood_in}]),
        sessions=sessions,
        image=Image(photo.path, photo.url_path, photo.alt) if photo and photo.path else None,
        aliases=aliases, **fields)


def _stood_in(weekly: tuple[WeeklyRule, ...], period: tuple[date | None, date | None],
              sessions: tuple[OneOffSession, ...]) -> tuple[tuple[date, time], ...]:
    """(date, start) of each weekly session a one-off session stands in for: written under
    `sessions` on a day the class meets, at hours overlapping its hours, it is that day's
    class moved to another room or hour, or called off (`cancelled`), not a second class;
    the weekly one is then neither shown nor in the calendar."""
    first, last = period
    if not (first and last):
        return ()
    return tuple(sorted({(one.date, rule.start) for one in sessions for rule in weekly
                         if first <= one.date <= last and rule.dates(one.date, one.date)
                         and rule.overlaps(one.start, one.end)}))


def _outermost(spans: list[DateSpan]) -> tuple[tuple[date, date], ...]:
    """(first, last) of each span of days off not within another one, in order: a closed
    day inside a break of the class is told once, as part of the break."""
    days = sorted({(span.first, span.last) for span in spans})
    return tuple(day for day in days if not any(
        other != day and other[0] <= day[0] and day[1] <= other[1] for other in days))


def _check_called_off(reader: FieldReader, weekly: tuple[WeeklyRule, ...] | None,
                      period: tuple[date | None, date | None]) -> None:
    """`draft` or `cancelled` written for a whole program, as for a news item or a session:
    a program has neither, so it would stay on the site; an error says what does it."""
    for key in ("draft", "cancelled"):
        if key not in reader.mapping or as_boolean(reader.mapping[key]) is False:
            continue
        reader.ignore(key)
        said = reader.mapping[key]
        note = said.strip() if isinstance(said, str) and said.strip() else "Dibatalkan"
        if weekly and period[0] and period[1]:
            span = (f"{{from: {period[0].isoformat()}, until: {period[1].isoformat()}, "
                    f"note: {note}}}")
            how = ('untuk membatalkan sesi-sesinya, tulis rentang tanggalnya di "except" (sesi '
                   "tetap tampil dengan tanda Libur dan keterangannya, supaya peserta tahu): "
                   + (f'tambahkan "- {span}" di bawah "except"' if "except" in reader.mapping
                      else f"except: [{span}]")
                   + " (ganti from dengan tanggal sesi pertama yang batal)")
        else:
            how = (f'untuk membatalkan sesi, tulis "cancelled: {note}" di setiap sesinya '
                   '(di bawah "sessions")')
        reader.error(key, f'kegiatan di schedule.yaml tidak punya kolom "{key}", jadi kegiatan '
                          f"ini tetap tampil di situs; {how}; untuk menghapusnya dari situs, "
                          "hapus bagian kegiatan ini dari schedule.yaml")


def _rejected_description(reader: FieldReader, program_id: str, description_html: str,
                          lines: list[str], context: Context) -> RejectedBody:
    """The description of a program an error keeps off the schedule, for links.check_links
    (as links._bodies reads a valid program's)."""
    origin = reader.location_of("id")
    start = origin.line or 1
    return RejectedBody(origin.at(None), f"{SCHEDULE}{program_id}/", start,
                        locate_references(description_html, lines, start, context.base_path),
                        ())


def _fee(reader: FieldReader) -> str:
    """`fee` as written; a bare number is an amount of rupiah: 50000 is "Rp50.000"."""
    fee = reader.text("fee", default="Gratis")
    if not fee.isdigit():
        return fee
    return f"Rp{int(fee):,}".replace(",", ".") if int(fee) else "Gratis"


def _check_registration_address(reader: FieldReader, registration: str | None) -> None:
    """A web address in `registration` is a link on the class's page, when written with
    https://: one written without is a warning (it stays text); a WhatsApp link whose
    number WhatsApp does not open is an error (nobody could register)."""
    for word in (registration or "").split():
        word = word.rstrip(".,;:!?)")
        chat = unreachable_chat(word, word)
        if chat:
            reader.error("registration", f'kolom "registration": {chat}')
        elif other_site_without_scheme(word):   # (never "https://...", nor an email address)
            reader.warning("registration", f'kolom "registration": "{word}" tidak diawali '
                                           "https://, jadi tidak menjadi tautan yang bisa "
                                           f"diketuk; tulis lengkap: https://{word}")


def _check_registration_until(reader: FieldReader, until: date | None,
                              weekly: tuple[WeeklyRule, ...] | None,
                              period: tuple[date | None, date | None],
                              sessions: tuple[OneOffSession, ...] | None) -> None:
    """A last day to register after the last session (a year mistyped, most likely), or
    half a year before the first (last term's, left when the dates were changed for the
    next: the new term's page said "Sudah ditutup" months before it began)."""
    last = max([*([period[1]] if weekly and period[1] else []),
                *(session.date for session in sessions or ())], default=None)
    first = min([*([period[0]] if weekly and period[0] else []),
                 *(session.date for session in sessions or ())], default=None)
    if until is not None and last is not None and until > last:
        reader.warning("registration_until",
                       f"batas pendaftaran {until.isoformat()} jatuh sesudah sesi terakhir "
                       f"kegiatan ini ({last.isoformat()}); periksa tanggalnya, biasanya "
                       "sebelum sesi pertama")
    elif until is not None and first is not None and (first - until).days > YEAR_SLIP_DAYS:
        reader.warning("registration_until",
                       f"batas pendaftaran {until.isoformat()} jatuh lebih dari setengah tahun "
                       f"sebelum sesi pertama ({first.isoformat()}): mungkin tertinggal dari "
                       "periode sebelumnya; ganti tanggalnya, atau hapus barisnya bila "
                       'pendaftaran dibuka sampai kelas dimulai (periksa juga "full")')


def _check_same_titles(programs: list[Program], problems: Problems) -> None:
    """A warning at a program titled as an earlier one: most often a new term written as a
    new program, which leaves the old page (a printed QR code, a news item's link, a
    calendar subscription) saying the class is over, and /jadwal/ with the title twice."""
    first: dict[str, Program] = {}
    for program in programs:
        earlier = first.setdefault(program.title.casefold(), program)
        if earlier is not program:
            problems.warning(program.origin, (
                f'judul "{program.title}" sama dengan kegiatan "{earlier.id}" (baris '
                f"{earlier.origin.line}); untuk periode baru kelas yang sama, ubah tanggal "
                f'kegiatan "{earlier.id}" saja (alamat, kode QR, dan kalender warga tetap '
                "berlaku), atau bedakan judulnya"))


# -- mistakes of a copied block, and of words written naturally ------------------------------

# Several dates in one session's `date`: "2026-12-19 dan 2026-12-20", "14-18 Desember 2026".
_DATES_JOINED = re.compile(r"\s*(?:,|;|&|\+|\bdan\b|\band\b)\s*", re.IGNORECASE)
_DAYS_OF_MONTH = re.compile(rf"(\d{{1,2}}){RANGE_TO}(\d{{1,2}})(\s+[^\W\d]+\.?\s+\d{{4}})",
                            re.IGNORECASE)
MOST_DAYS_TOLD = 3   # of the sessions to write for them; more are shortened with "…"


def _session_date(item: FieldReader) -> date | None:
    """A session's `date`; several dates written in it (two days, days in a row) are an
    error that writes one session for each: a session has one date."""
    days = _dates_written(item.mapping.get("date"))
    if days is None:
        return item.date("date", required=True)
    item.ignore("date")
    written = item.mapping["date"]
    told = [f"- date: {day.isoformat()}" for day in days]
    what = (f'kolom "date" berisi daftar {len(days)} tanggal' if isinstance(written, list)
            else f'kolom "date": "{str(written).strip()}" berisi {len(days)} tanggal')
    item.error("date", f"{what}, padahal satu sesi hanya punya satu tanggal; tulis satu sesi "
                       '("- date:") untuk setiap tanggal, masing-masing dengan start dan '
                       "end-nya: " + (join_words(told, "id") if len(told) <= MOST_DAYS_TOLD
                                      else f"{told[0]}, {told[1]}, … {told[-1]} "
                                           f"({len(told)} sesi)"))
    return None


def _dates_written(value: Any) -> list[date] | None:
    """The dates of a `date` written with several (a list, "A dan B", a span of days in
    a row), or None when it does not hold several."""
    if isinstance(value, list):
        days = [meant_date(item) if isinstance(item, str) else None for item in value]
    elif isinstance(value, str):
        first, last = _days_in_a_row(value.strip())
        days = ([first + timedelta(days=step) for step in range((last - first).days + 1)]
                if first and last and first < last
                else [meant_date(part) for part in _DATES_JOINED.split(value.strip())])
    else:
        return None
    return days if len(days) > 1 and all(days) else None


def _days_in_a_row(text: str) -> tuple[date | None, date | None]:
    """The first and last of days in a row written as text ("2026-12-14 s/d 2026-12-18",
    "14-18 Desember 2026"); (None, None) when `text` writes none."""
    month = _DAYS_OF_MONTH.fullmatch(text)
    if month:
        return meant_date(month[1] + month[3]), meant_date(month[2] + month[3])
    span = meant_span(text)
    return (span.first, span.last) if span else (None, None)


def _check_copies_and_words(reader: FieldReader, weekly: tuple[WeeklyRule, ...] | None,
                            sessions: tuple[OneOffSession, ...] | None) -> None:
    """What a copied block left unchanged, and closing registration written in words:
    each is published wrong without a word otherwise."""
    _check_repeated_days(weekly or (), reader.problems)
    _check_repeated_sessions(sessions or (), reader.problems)
    _check_session_years(sessions or (), reader.problems)
    _check_registration_words(reader)


def _check_repeated_days(weekly: tuple[WeeklyRule, ...], problems: Problems) -> None:
    """A weekly item with the day and start of one above it, on dates both hold: a copied
    item whose day was not changed, so that day's class shows twice and the day meant
    has none. Items with their own `from`/`until` that do not meet are turns of a class."""
    for index, rule in enumerate(weekly):
        same = next((other for other in weekly[:index] if other.day == rule.day
                     and other.start == rule.start and _turns_meet(other, rule)), None)
        if same is None:
            continue
        day = day_name(rule.day, "id")
        turns = any((each.first, each.last) != (None, None) for each in (same, rule))
        problems.error(rule.origin, f"kelas mingguan ini sama hari dan jam mulainya dengan baris "
                                    f"{same.origin.line} ({day}, {rule.start:%H.%M}), jadi kelas "
                                    f"hari {day} tampil dua kali; jika ini hari baru hasil "
                                    'salinan, ganti "day"'
                                    + ('; jika keduanya berlaku pada masa yang berbeda, atur '
                                       '"from" dan "until" supaya tidak bertumpuk' if turns
                                       else ""))


def _turns_meet(rule: WeeklyRule, other: WeeklyRule) -> bool:
    """Whether the own `from`/`until` of two weekly items (none: the whole period) share a
    day."""
    first = max(filter(None, (rule.first, other.first)), default=None)
    last = min(filter(None, (rule.last, other.last)), default=None)
    return first is None or last is None or first <= last


def _check_repeated_sessions(sessions: tuple[OneOffSession, ...], problems: Problems) -> None:
    """A session with the date, start and place of one above it: a copied session whose
    date was not changed, shown twice, while the session meant is missing. (Groups held at
    once in two rooms are two sessions.)"""
    seen: dict[tuple[date, time, str | None], OneOffSession] = {}
    for session in sessions:
        same = seen.setdefault((session.date, session.start, session.location), session)
        if same is not session:
            problems.error(session.origin, f"sesi ini sama tanggal dan jam mulainya dengan sesi "
                                           f"di baris {same.origin.line} "
                                           f"({session.date.isoformat()}, "
                                           f"{session.start:%H.%M}), jadi tampil dua kali; jika "
                                           "ini sesi baru hasil salinan, ganti tanggalnya")


# A session dated more than this before the one written above it: last year's year, typed
# in January from the line above (2026-02-20 under 2027-01-16). A list written newest first
# goes back a step at every session, and is left alone.
YEAR_SLIP_DAYS = 183


def _check_session_years(sessions: tuple[OneOffSession, ...], problems: Problems) -> None:
    """A session months before the one above it, in a list otherwise in date order: it
    would go straight to the past sessions; a warning with the date a year later."""
    back = [later.date < earlier.date for earlier, later in zip(sessions, sessions[1:])]
    for index in range(1, len(sessions)):
        above, session = sessions[index - 1], sessions[index]
        days = (above.date - session.date).days
        if days <= YEAR_SLIP_DAYS or any(back[step] for step in (index - 2, index)
                                         if 0 <= step < len(back)):
            continue
        meant = _years_later(session.date, 1)
        while (above.date - meant).days > YEAR_SLIP_DAYS:
            meant = _years_later(meant, 1)
        problems.warning(session.origin, f"tanggal {session.date.isoformat()} sekitar "
                                         f"{round(days / 30.44)} bulan sebelum sesi di atasnya "
                                         f"(baris {above.origin.line}, {above.date.isoformat()}); "
                                         "periksa tahunnya: mungkin maksudnya "
                                         f"{meant.isoformat()} (hari "
                                         f"{day_name(meant.weekday(), 'id')})")


def _years_later(day: date, years: int) -> date:
    """`day` in a later year (29 February: the 28th)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# Names staff give a closed registration; a program has none: `full` and
# `registration_until` close it.
_CLOSING_NAMES = ("registration_closed", "closed_registration", "registration_close",
                  "pendaftaran_ditutup", "pendaftaran_tutup", "tutup_pendaftaran")


def _check_registration_words(reader: FieldReader) -> None:
    """Registration closed in words of a field the site does not read, which would keep
    offering the number; `registration` written as yes or no, which would show as it is."""
    for name in _CLOSING_NAMES:
        if name not in reader.mapping or said_yes_or_no(reader.mapping[name]) is False:
            continue
        reader.ignore(name)
        reader.error(name, f'kegiatan di schedule.yaml tidak punya kolom "{name}", jadi '
                           "pendaftarannya tetap tampil dibuka; jika kuota sudah penuh, tulis "
                           "full: true; untuk menutup pendaftaran mulai tanggal tertentu, tulis "
                           'hari terakhir pendaftaran di "registration_until", misalnya '
                           "registration_until: 2026-11-30")
    written = raw_text(reader.mapping, "registration")
    said = said_yes_or_no(reader.mapping.get("registration")) if written else None
    if said is None:
        return
    how = ("tulis caranya, misalnya registration: WhatsApp 0812-0000-0000, atau alamat "
           "formulirnya (https://...)" if said else 'jika tidak perlu mendaftar, hapus baris '
           '"registration"; jika kuota sudah penuh, tulis full: true')
    reader.error("registration", f'kolom "registration" diisi cara mendaftar, bukan '
                                 f'"{written.strip()}", yang akan tampil apa adanya; {how}')


class Schedule(NamedTuple):
    programs: tuple[Program, ...]   # every valid one
    # Every id schedule.yaml writes, of a valid program or not (None when it is no list
    # of programs), so an item naming a program that has errors is not also told there
    # is no such program: a program whose "- " was lost, its id written twice, too.
    program_ids: frozenset[str] | None
    closures: tuple[Closure, ...]   # `closed`, in date order


def load_schedule(context: Context) -> Schedule:
    """The programs and closed days of schedule.yaml (none when the file is absent)."""
    path = context.content_dir / SCHEDULE_FILE
    if not path.is_file():
        return Schedule((), frozenset(), ())
    location = context.location(path)
    problems = context.problems
    text = read_text(path, location, problems)
    data = load_yaml(text, location, problems) if text is not None else None
    if data is None:
        return Schedule((), None, ())
    if not isinstance(data, YamlMapping):
        problems.error(location.at(1), 'schedule.yaml harus diawali "programs:" lalu daftar '
                                       'kegiatan yang masing-masing diawali "- id: ..."')
        return Schedule((), None, ())
    top = FieldReader(data, location, problems)
    closures = _closures(top)
    if "except" in top.mapping:   # meant for a program, or for every one
        top.ignore("except")
        top.warning("except", '"except" di luar kegiatan tidak berpengaruh; untuk hari '
                              'perpustakaan tutup (semua kegiatan libur), tulis "closed:"; '
                              'untuk satu kegiatan, tulis "except" di bawah kegiatan itu')
    readers = top.list_of_mappings("programs", required=True)
    top.finish()
    if readers is None:
        return Schedule((), None, closures)
    seen: dict[str, Location] = {}
    lines = text.split("\n")
    check_weekdays(lines, location.at(1), problems, None)   # "diganti Sabtu, 12 Desember 2026"
    programs = [_program(reader, seen, context, lines, closures) for reader in readers]
    _check_same_titles([program for program in programs if program is not None], problems)
    return Schedule(tuple(program for program in programs if program is not None),
                    frozenset(str(value) for reader in readers
                              for key, value in (("id", reader.mapping.get("id")),
                                                 *reader.mapping.repeated)
                              if key == "id" and isinstance(value, (str, int))),
                    closures)

