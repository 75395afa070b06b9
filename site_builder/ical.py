"""Calendar: the schedule as iCalendar files (RFC 5545) for phone calendars.

`calendar_files(site, config)` takes the assembled site and returns
`jadwal/jadwal.ics` (every program) and `jadwal/<id>.ics` (one program) as
`OutputFile`s; it does not touch the disk. Choices:

- Weekly sessions: one VEVENT per `weekly` rule, DTSTART on the first session
  of the period, RRULE FREQ=WEEKLY;BYDAY=..;UNTIL=the last second of the
  period (in UTC, as RFC 5545 requires with a TZID; within the rule's own `from` and
  `until`, when it has them), and one EXDATE per
  `except` date falling on that rule's day (DESCRIPTION lists them, with
  their notes: "Libur: 25 Desember 2026 (Hari Raya Natal)"), and one per date a
  one-off session stands in for the rule's session (`Program.stood_in`). One-off `sessions:` are single
  VEVENTs with their own location and note; one marked `cancelled` has
  STATUS:CANCELLED (its UID unchanged, so a calendar holding it shows it called
  off). DESCRIPTION says how to register as the page does: not the number of a full
  class, and the last day to register. Expanded, the file gives exactly the sessions of
  `assemble.expand_sessions` that the pages show, and the cancelled ones.
- Times carry TZID=<site timezone>, described by a VTIMEZONE; never floating.
- No end time: the site shows only the start, so the VEVENT has neither DTEND
  nor DURATION. RFC 5545 (3.6.1) says such an event ends when it starts, as
  `assemble` treats it; inventing an hour would put a wrong end in people's
  calendars.
- UID: `<base path>/jadwal/<program id>/<session>@<host>`, where <session> is
  `mingguan-<day>-<HHMM>` for a weekly rule and `<date>-<HHMM>` for a one-off
  session: the identity a person gives a session (which class, which day, what
  time), never the build time or the position in the file, so a subscribed
  calendar updates its events instead of duplicating them. A rule or session
  written twice with the same day and start gets `-2`, `-3` ...
- DTSTAMP is required and must be UTC; it is the fixed instant 1970-01-01
  00:00:00Z, so files depend only on the content, not on the build time
  (clients decide updates by UID and SEQUENCE, not DTSTAMP). There is no
  SEQUENCE: content holds no revision history to count, so a client that
  wants one (Google Calendar) may keep the old details of an edited event
  whose UID did not change; a changed day or start time gives a new UID.
- Programs are written in id order, their events by day or date and time, so
  output does not follow `site.programs`, which is ordered by `now`.

A program's old page address (its `aliases`, "/jadwal/yoga/" after the id became
"yoga-pagi") also keeps its old calendar: `jadwal/yoga.ics` is published as a copy, byte
for byte, of `jadwal/yoga-pagi.ics`. A calendar app follows no HTML redirect, and a
subscription (webcal://, Google Calendar's ?cid=) names the file itself.

The files depend only on the programs (their aliases too) and the site config, so a
build keeps them in the build cache and makes them again (importing icalendar) only
when either changed.

Beside the files, `google_calendar_url(session, config)` is the link a program page
gives each upcoming session: it opens Google Calendar's form for a new event with the
session filled in, nothing to download or import (the form Google documents nowhere
but has kept for years: action=TEMPLATE, text, dates, ctz, details, location). Times
are in UTC ("20240316T020000Z"), so no zone is guessed; a session without an end
ends when it starts, as in the files.
"""

from __future__ import annotations

import functools
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Iterable
from urllib.parse import quote, urlencode, urlsplit

from site_builder.addresses import SCHEDULE, program_calendar, program_of_page
from site_builder.buildcache import BuildCache, builder_version, digest
from site_builder.config import SiteConfig
from site_builder.formatting import format_short_date
from site_builder.model import OneOffSession, Program, Redirect, Session, Site, WeeklyRule
from site_builder.outputs import OutputFile, files_kept

if TYPE_CHECKING:
    from icalendar import Event, Timezone

ALL_PROGRAMS = f"{SCHEDULE}jadwal.ics"
PRODID = "-//site_builder//Jadwal Kegiatan//ID"
DTSTAMP = datetime(1970, 1, 1, tzinfo=timezone.utc)
REFRESH = timedelta(days=1)
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")   # Monday is 0, as in WeeklyRule.day
DAY_SLUGS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")


GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"


def google_calendar_url(session: Session, config: SiteConfig) -> str:
    """Google Calendar's new-event form with `session` filled in: the program's title,
    the times, the place, and as details the session's note, the program's summary and
    the address of its page."""
    program = session.program
    details = "\n\n".join(part for part in (session.note, program.summary,
                                            config.absolute_url(program.url_path)) if part)
    query = {"action": "TEMPLATE", "text": program.title,
             "dates": f"{_utc_stamp(session.start)}/{_utc_stamp(session.end or session.start)}",
             "ctz": config.timezone, "details": details}
    if session.location:
        query["location"] = session.location
    return f"{GOOGLE_CALENDAR}?{urlencode(query)}"


def subscription_url(path: str, config: SiteConfig) -> str:
    """The address a calendar app subscribes to: the file's, as webcal:// (iPhone, iPad,
    Mac and Outlook open it as a subscription and fetch the file again; a download is a
    copy that no change of the schedule reaches)."""
    return "webcal://" + config.absolute_url(path).split("://", 1)[1]


def google_subscription_url(path: str, config: SiteConfig) -> str:
    """Google Calendar's page that adds the calendar at `path` as a subscription (its
    "cid"): Android's calendar is Google's, which opens no webcal:// link; added there,
    the calendar shows in the phone's Google Calendar app and follows changes."""
    return f"{GOOGLE_CALENDAR}?cid={quote(subscription_url(path, config), safe='')}"


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def program_calendar_path(program: Program) -> str:
    """Where a program's own calendar is published: "jadwal/<id>.ics"."""
    return program_calendar(program.id)


def old_calendar_path(redirect: Redirect) -> str | None:
    """Where the calendar of a program's old page was: "jadwal/yoga.ics" for a redirect of
    a program at "jadwal/yoga/index.html"; None for any other redirect."""
    old_id = program_of_page(redirect.output_path)
    return program_calendar(old_id) if old_id and isinstance(redirect.target, Program) else None


def calendar_copies(site: Site) -> list[tuple[str, str]]:
    """(old calendar path, program id) for each old page address of a program under
    jadwal/ (its `aliases`): the copies of its calendar kept there, in path order."""
    copies = {}
    for redirect in site.redirects:
        path = old_calendar_path(redirect)
        if path is not None:
            copies.setdefault(path, redirect.target.id)
    return sorted(copies.items())


def calendar_files(site: Site, config: SiteConfig, cache: BuildCache | None = None
                   ) -> list[OutputFile]:
    """jadwal/jadwal.ics with every program, jadwal/<id>.ics for each, and a copy of it
    at each old calendar path of the program (`calendar_copies`); reused from `cache`
    when the programs, their copies and the config are those they were made from."""
    programs = sorted(site.programs, key=lambda program: program.id)
    copies = calendar_copies(site)
    return files_kept(cache, "calendars",
                      digest(builder_version(), repr(config), repr(programs), repr(copies)),
                      lambda: _calendar_files(programs, config, copies))


def _calendar_files(programs: list[Program], config: SiteConfig,
                    copies: list[tuple[str, str]]) -> list[OutputFile]:
    """The calendar of every program, of each program, and the `copies` of the latter."""
    events = {program.id: _program_events(program, config) for program in programs}
    files = [OutputFile(ALL_PROGRAMS, _calendar(
        f"Jadwal Kegiatan — {config.title}", config,
        (event for program in programs for event in events[program.id])))]
    own: dict[str, bytes] = {}
    for program in programs:
        name = f"{program.title} — {config.title}"
        own[program.id] = _calendar(name, config, events[program.id])
        files.append(OutputFile(program_calendar_path(program), own[program.id]))
    files += [OutputFile(path, own[program_id]) for path, program_id in copies]
    return files


def _calendar(name: str, config: SiteConfig, events: Iterable[Event]) -> bytes:
    """A VCALENDAR named `name` holding `events`, with the site's VTIMEZONE."""
    from icalendar import Calendar, vText
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # X- and RFC 7986 names are not known to icalendar as text: wrap them so
    # they are escaped like SUMMARY.
    calendar.add("name", vText(name))
    calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-timezone", vText(config.timezone))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vText("P1D"))
    calendar.add_component(_timezone(config.timezone))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def _program_events(program: Program, config: SiteConfig) -> list[Event]:
    """The VEVENTs of one program: its weekly rules, then its one-off sessions."""
    seen: Counter[str] = Counter()
    events = []
    for rule in sorted(program.weekly, key=lambda rule: (rule.day, rule.start)):
        uid = _uid(program, config, seen, f"mingguan-{DAY_SLUGS[rule.day]}-{rule.start:%H%M}")
        event = _weekly_event(program, rule, config, uid)
        if event is not None:
            events.append(event)
    for one in sorted(program.sessions, key=lambda one: (one.date, one.start)):
        uid = _uid(program, config, seen, f"{one.date.isoformat()}-{one.start:%H%M}")
        events.append(_one_off_event(program, one, config, uid))
    return events


def _uid(program: Program, config: SiteConfig, seen: Counter[str], identity: str) -> str:
    """A UID from the program's URL, the session's identity and the site's host."""
    seen[identity] += 1
    if seen[identity] > 1:
        identity = f"{identity}-{seen[identity]}"
    parts = urlsplit(config.base_url)
    path = (parts.path + program.url_path).strip("/")
    return f"{path}/{identity}@{parts.hostname}"


def _weekly_event(program: Program, rule: WeeklyRule, config: SiteConfig,
                  uid: str) -> Event | None:
    """A recurring VEVENT for `rule`, or None when none of its dates is held."""
    if not (program.period_from and program.period_until):
        return None   # assemble expands no weekly session without a whole period
    excepted = set(program.except_dates)
    moved = {day for day, start in program.stood_in if start == rule.start}   # a one-off's
    held = [day for day in rule.dates(program.period_from, program.period_until)
            if day not in excepted and day not in moved]
    if not held:
        return None
    # Starting on the first held date keeps DTSTART out of EXDATE, which some
    # clients mishandle.
    event = _event(program, config, uid, held[0], rule.start, rule.end)
    last = min(program.period_until, rule.last or program.period_until)   # the rule's own
    until = datetime.combine(last, time(23, 59, 59), config.zone)
    event.add("rrule", {"freq": "weekly", "byday": BYDAY[rule.day],
                        "until": until.astimezone(timezone.utc)})
    skipped = sorted(day for day in excepted | moved
                     if day.weekday() == rule.day and held[0] < day <= last)
    if skipped:
        event.add("exdate", [datetime.combine(day, rule.start, config.zone) for day in skipped])
    _describe(event, program, config, program.location,
              _days_off(program, [day for day in skipped if day not in moved], config))
    return event


def _days_off(program: Program, days: list[date], config: SiteConfig) -> str | None:
    """"Libur: 25 Desember 2026 (Hari Raya Natal), ..." for the DESCRIPTION of a weekly
    event: an EXDATE removes a date from a calendar without a word of why."""
    if not days:
        return None
    why = dict(program.except_notes)
    return "Libur: " + ", ".join(
        format_short_date(day, config.locale, config.zone) + (f" ({why[day]})" if day in why
                                                               else "")
        for day in days)


def _one_off_event(program: Program, one: OneOffSession, config: SiteConfig,
                   uid: str) -> Event:
    """A single VEVENT for a session under `sessions:`; one marked `cancelled` stays,
    with STATUS:CANCELLED, so a calendar that has it shows it called off."""
    event = _event(program, config, uid, one.date, one.start, one.end)
    if one.cancelled is not None:
        event.add("status", "CANCELLED")
        note = f"Dibatalkan: {one.cancelled}" if one.cancelled else "Dibatalkan"
    else:
        note = one.note
    _describe(event, program, config, one.location or program.location, note)
    return event


def _event(program: Program, config: SiteConfig, uid: str, day: date, start: time,
           end: time | None) -> Event:
    """A VEVENT with its identity and times (no DTEND without an end time)."""
    from icalendar import Event
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", DTSTAMP)
    event.add("summary", program.title)
    event.add("dtstart", datetime.combine(day, start, config.zone))
    if end is not None:
        event.add("dtend", datetime.combine(day, end, config.zone))
    return event


def _describe(event: Event, program: Program, config: SiteConfig,
              location: str | None, note: str | None) -> None:
    """LOCATION, DESCRIPTION, URL and CATEGORIES of a program's event."""
    url = config.absolute_url(program.url_path)
    if location:
        event.add("location", location)
    lines = [program.summary, note,
             program.audience and f"Peserta: {program.audience}",
             program.partner and f"Penyelenggara: {program.partner}",
             f"Biaya: {program.fee}", _registration(program, config),
             f"Selengkapnya: {url}"]
    event.add("description", "\n".join(line for line in lines if line))
    event.add("url", url)
    if program.category:
        event.add("categories", [program.category])


def _registration(program: Program, config: SiteConfig) -> str | None:
    """How to register, as the page says it: not when the quota is full (the page hides the
    number so no one comes in vain), with its last day when it has one (a calendar is kept
    for months; the file holds nothing that changes with the day, only the content)."""
    if program.full:
        return "Pendaftaran: kuota sudah penuh, pendaftaran ditutup"
    if not program.registration:
        return None
    until = program.registration_until
    if until is None:
        return f"Pendaftaran: {program.registration}"
    last_day = format_short_date(until, config.locale, config.zone)
    return f"Pendaftaran (paling lambat {last_day}): {program.registration}"


@functools.lru_cache(maxsize=4)
def _timezone(tzid: str) -> Timezone:
    """The VTIMEZONE of `tzid`: slow to work out (every offset 1970-2038), so made once."""
    from icalendar import Timezone
    return Timezone.from_tzid(tzid)
