"""Calendar: the schedule as iCalendar files (RFC 5545) for phone calendars.

`calendar_files(site, config)` takes the assembled site and returns
`jadwal/jadwal.ics` (every program) and `jadwal/<id>.ics` (one program) as
`OutputFile`s; it does not touch the disk. Choices:

- Weekly sessions: one VEVENT per `weekly` rule, DTSTART on the first session
  of the period, RRULE FREQ=WEEKLY;BYDAY=..;UNTIL=the last second of the
  period (in UTC, as RFC 5545 requires with a TZID; within the rule's own `from` and
  `until`, when it has them), and one EXDATE per
  `except` date falling on that rule's day (DESCRIPTION lists them, with
  their notes: "Libur: 25 Desember 2026 (Hari Raya Natal)").
- A one-off session that stands in for a weekly session (`Program.stood_in`: that day's
  class moved to another hour or room, or called off) overrides that occurrence of the
  series (RFC 5545 3.8.4.4): a VEVENT with the weekly UID and RECURRENCE-ID=the
  occurrence's original start, written right after its weekly VEVENT, with the one-off's
  own times, place and note. A subscribed calendar then changes the event a resident
  already has (reminders kept) rather than dropping it and adding another. Only a date
  that is an occurrence of the series is overridden (the rule's day, within its period and
  its own `from`/`until`, not an `except` or `closed` date); a weekly session stood in for
  otherwise (another one-off already overrides it, or two rules start together) is an
  EXDATE, and its one-off a VEVENT of its own. DTSTART is the series' first session, held
  or overridden, so moving the first class keeps it in the series.
- Other one-off `sessions:` are single VEVENTs with their own place and note.
- A session marked `cancelled` (an override or not) has STATUS:CANCELLED and SUMMARY
  "BATAL: <title>" (its UID unchanged, so a calendar holding it shows it called off;
  a client that ignores STATUS, or a phone's list of events, still says so at a
  glance). DESCRIPTION says how to register as the page does: not the number of a full
  class, and the last day to register. Expanded, the file gives exactly the sessions of
  `assemble.expand_sessions` that the pages show, and the cancelled ones.
- LOCATION is the place as written; at the library itself (the program's own place:
  Program.held_at_library) it ends with the street address of
  site.yaml's `contact` ("Ruang Komputer Lt. 2, Perpustakaan Daerah, Jl. Kartini No.
  9, ..."), unless written there already: a phone makes LOCATION a map search, and
  "Perpustakaan Daerah" is every regency's library. A place elsewhere (a village
  library) is left as written.
- Times carry TZID=<site timezone>, described by a VTIMEZONE; never floating.
- DTEND is the session's end time where the schedule gives one (`end`).
  A session written with its start alone has neither DTEND nor DURATION: RFC
  5545 (3.6.1) says such an event ends when it starts, as `assemble` treats
  it; inventing an hour would put a wrong end in people's calendars.
- UID: `<base path>/jadwal/<program id>/<session>@<host>`, where <session> is
  `mingguan-<day>-<HHMM>` for a weekly rule and `<date>-<HHMM>` for a one-off
  session: the identity a person gives a session (which class, which day, what
  time), never the build time or the position in the file, so a subscribed
  calendar updates its events instead of duplicating them. A rule or session
  written twice with the same day and start gets `-2`, `-3` ... A program whose id
  was renamed keeps the <program id> of its first old address under jadwal/ (its first
  such `aliases`, where it was first published): the renamed class's events are the
  same events, in the copy at the old address and in the new file alike.
- DTSTAMP is required and must be UTC; it is the fixed instant 1970-01-01
  00:00:00Z, so files depend only on the content, not on the build time
  (clients decide updates by UID and SEQUENCE, not DTSTAMP). There is no
  SEQUENCE: content holds no revision history to count, so a client that
  wants one (Google Calendar) may keep the old details of an edited event
  whose UID did not change; a changed day or start time gives a new UID (but a
  one-off session overriding a weekly one: see above).
- Programs are written in id order, their events by day or date and time (each weekly
  VEVENT followed by its overrides, in both files), so output does not follow
  `site.programs`, which is ordered by `now`.

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
ends when it starts, as in the files; the location is the files' LOCATION.
"""

from __future__ import annotations

import functools
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Iterable
from urllib.parse import quote, urlencode, urlsplit

from site_builder.addresses import SCHEDULE, first_addresses, program_calendar, program_of_page
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
CANCELLED = "BATAL: "   # before the SUMMARY of a session called off, as the pages' "Batal"


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
    location = _place(session.location, program, config)
    if location:
        query["location"] = location
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
    addresses = first_addresses(site.redirects)
    first = sorted((program.id, addresses[id(program)]) for program in programs
                   if id(program) in addresses)
    return files_kept(cache, "calendars",
                      digest(builder_version(), repr(config), repr(programs), repr(copies),
                             repr(first)),
                      lambda: _calendar_files(programs, config, copies, dict(first)))


def _calendar_files(programs: list[Program], config: SiteConfig,
                    copies: list[tuple[str, str]], first: dict[str, str]) -> list[OutputFile]:
    """The calendar of every program, of each program, and the `copies` of the latter;
    `first`: the address each renamed program's UIDs are made from (first_addresses)."""
    events = {program.id: _program_events(program, config,
                                          first.get(program.id, program.url_path))
              for program in programs}
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


def _program_events(program: Program, config: SiteConfig, address: str) -> list[Event]:
    """The VEVENTs of one program, their UIDs made from its page `address`: each weekly
    rule followed by the one-off sessions that override its occurrences, then the other
    one-off sessions."""
    seen: Counter[str] = Counter()
    rules = sorted(program.weekly, key=lambda rule: (rule.day, rule.start))
    ones = sorted(program.sessions, key=lambda one: (one.date, one.start))
    # Every session takes its UID in the same order, overriding or not, so the others'
    # "-2" suffixes do not depend on which override.
    rule_uids = [_uid(address, config, seen, f"mingguan-{DAY_SLUGS[rule.day]}-{rule.start:%H%M}")
                 for rule in rules]
    one_uids = [_uid(address, config, seen, f"{one.date.isoformat()}-{one.start:%H%M}")
                for one in ones]
    overriding = _overrides(program, rules, ones)
    events = []
    for index, (rule, uid) in enumerate(zip(rules, rule_uids)):
        mine = [one for which, one in enumerate(ones) if overriding.get(which) == index]
        event = _weekly_event(program, rule, config, uid, {one.date for one in mine})
        if event is not None:
            events.append(event)
            events += [_one_off_event(program, one, config, uid,
                                      datetime.combine(one.date, rule.start, config.zone))
                       for one in mine]
    events += [_one_off_event(program, one, config, uid)
               for which, (one, uid) in enumerate(zip(ones, one_uids)) if which not in overriding]
    return events


def _overrides(program: Program, rules: list[WeeklyRule], ones: list[OneOffSession]
               ) -> dict[int, int]:
    """Index in `ones` -> index in `rules`: the one-off sessions that stand in for an
    occurrence of a weekly rule's series (`Program.stood_in`), each overriding one
    occurrence and each occurrence overridden once. An occurrence: the rule's day, within
    the period and its own `from` and `until`, not a day off (`except`, `closed`)."""
    if not (program.period_from and program.period_until):
        return {}
    excepted, stood_in = set(program.except_dates), set(program.stood_in)
    taken: set[tuple[int, date]] = set()
    found: dict[int, int] = {}
    for which, one in enumerate(ones):
        for index, rule in enumerate(rules):
            if ((one.date, rule.start) in stood_in and (index, one.date) not in taken
                    and one.date not in excepted
                    and program.period_from <= one.date <= program.period_until
                    and rule.dates(one.date, one.date) and rule.overlaps(one.start, one.end)):
                taken.add((index, one.date))
                found[which] = index
                break
    return found


def _uid(address: str, config: SiteConfig, seen: Counter[str], identity: str) -> str:
    """A UID from the program's page `address`, the session's identity and the site's
    host."""
    seen[identity] += 1
    if seen[identity] > 1:
        identity = f"{identity}-{seen[identity]}"
    parts = urlsplit(config.base_url)
    path = (parts.path + address).strip("/")
    return f"{path}/{identity}@{parts.hostname}"


def _weekly_event(program: Program, rule: WeeklyRule, config: SiteConfig,
                  uid: str, overridden: set[date]) -> Event | None:
    """A recurring VEVENT for `rule`, or None when none of its dates is held or
    `overridden` (by a one-off session, written after it)."""
    if not (program.period_from and program.period_until):
        return None   # assemble expands no weekly session without a whole period
    excepted = set(program.except_dates)
    # stood in for by a one-off session that is no override of this series
    moved = {day for day, start in program.stood_in if start == rule.start} - overridden
    kept = [day for day in rule.dates(program.period_from, program.period_until)
            if day not in excepted and day not in moved]
    if not kept:
        return None
    # Starting on the first date held or overridden keeps DTSTART out of EXDATE, which
    # some clients mishandle, and every override within the series.
    event = _event(program, config, uid, kept[0], rule.start, rule.end)
    last = min(program.period_until, rule.last or program.period_until)   # the rule's own
    until = datetime.combine(last, time(23, 59, 59), config.zone)
    event.add("rrule", {"freq": "weekly", "byday": BYDAY[rule.day],
                        "until": until.astimezone(timezone.utc)})
    skipped = sorted(day for day in excepted | moved
                     if day.weekday() == rule.day and kept[0] < day <= last)
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
                   uid: str, recurrence: datetime | None = None) -> Event:
    """A single VEVENT for a session under `sessions:`, or the override of the weekly
    occurrence that starts at `recurrence` (`uid` then the series'); one marked
    `cancelled` stays, with STATUS:CANCELLED and "BATAL: " before its title, so a
    calendar that has it shows it called off."""
    title = program.title if one.cancelled is None else CANCELLED + program.title
    event = _event(program, config, uid, one.date, one.start, one.end, title)
    if recurrence is not None:
        event.add("recurrence-id", recurrence)
    if one.cancelled is not None:
        event.add("status", "CANCELLED")
        note = f"Dibatalkan: {one.cancelled}" if one.cancelled else "Dibatalkan"
    else:
        note = one.note
    _describe(event, program, config, one.location or program.location, note)
    return event


def _event(program: Program, config: SiteConfig, uid: str, day: date, start: time,
           end: time | None, title: str | None = None) -> Event:
    """A VEVENT with its identity, `title` (the program's by default) and times (no DTEND
    without an end time)."""
    from icalendar import Event
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", DTSTAMP)
    event.add("summary", title or program.title)
    event.add("dtstart", datetime.combine(day, start, config.zone))
    if end is not None:
        event.add("dtend", datetime.combine(day, end, config.zone))
    return event


def _describe(event: Event, program: Program, config: SiteConfig,
              location: str | None, note: str | None) -> None:
    """LOCATION, DESCRIPTION, URL and CATEGORIES of a program's event."""
    url = config.absolute_url(program.url_path)
    location = _place(location, program, config)
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


def _place(location: str | None, program: Program, config: SiteConfig) -> str | None:
    """A session's `location` (its own, else the program's) as a calendar's LOCATION: the
    library's street address (site.yaml's `contact`) after it when it is at the library
    (Program.held_at_library, as jsonld.event gives it the library's postal address),
    unless written in it already. Only the whole address counts as written: a street
    without its town ("Jl. Kartini No. 9") is in many towns, so the address follows it
    all the same."""
    address = ", ".join(config.contact.address)   # as jsonld's PostalAddress has it
    if not (location and address) or not program.held_at_library(location):
        return location
    if " ".join(address.split()).casefold() in " ".join(location.split()).casefold():
        return location   # written whole already
    return f"{location}, {address}"


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
