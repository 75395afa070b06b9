"""What a resident subscribed to a class's calendar sees when the schedule changes.

Each site is built end to end; its .ics files are parsed with icalendar and expanded with
recurring_ical_events, as Google Calendar, an iPhone, ICSx⁵ and Thunderbird do. A
calendar client keeps an event, and the reminders set on it, by its UID (and, for one
session of a weekly series, its RECURRENCE-ID): a change of schedule must change the
event it has, not remove it and add another.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import recurring_ical_events
from icalendar import Calendar

from conftest import make_site, read, run, write_files
from test_calendar import at, calendar, events, google_links, page_sessions

# NOW (conftest) is Tuesday 24 November 2026, 09.00: every session below is to come.
FRIDAYS = [date(2026, 12, 4), date(2026, 12, 11), date(2026, 12, 18), date(2027, 1, 1),
           date(2027, 1, 8), date(2027, 1, 15)]   # 25 December: `except`

WEEKLY = """\
    programs:
      - id: {id}
        title: Pelatihan Merajut
        location: Ruang Kreativitas Lt. 1, Perpustakaan Daerah
        {aliases}weekly:
          - day: Jumat
            start: 13.30
            end: 15.30
        period: {{from: 2026-12-01, until: 2027-01-15}}
        except:
          - {{date: 2026-12-25, note: Hari Raya Natal}}
    """

# That day's class moved (the first one, to the hall an hour later; another half an hour
# earlier) or called off: each written as the staff guide says, under `sessions`.
CHANGES = """\
        sessions:
          - date: 2026-12-04
            start: 14.30
            end: 16.30
            location: Aula Utama, Perpustakaan Daerah
            note: Pindah ke aula minggu ini
          - {date: 2026-12-18, start: 13.30, end: 15.30, cancelled: Pengajar sakit}
          - {date: 2027-01-08, start: 13.00, end: 15.00, note: Maju setengah jam}
    """

ADDRESS = "Jl. Kartini No. 9, Panggang, Kecamatan Jepara, Kabupaten Jepara, Jawa Tengah 59411"
SITE_WITH_ADDRESS = f"""\
    title: Perpustakaan Daerah Kabupaten Jepara
    base_url: https://example.org/
    contact:
      address: {ADDRESS}
    """

SESSION_ITEM = re.compile(r'<li class="session( cancelled)?">(.*?)</li>', re.S)
TIME = re.compile(r'<time datetime="([^"]+)">')


def schedule(program_id: str = "merajut", changes: str = "", aliases: str = "") -> str:
    return WEEKLY.format(id=program_id, aliases=f"aliases: {aliases}\n        " if aliases
                         else "").rstrip(" ") + changes


def built(root: Path, text: str, site_yaml: str | None = None) -> Path:
    """The site at `root` (made, or edited as a staff member edits it) built again."""
    files = {"content/schedule.yaml": text}
    if site_yaml is not None:
        files["content/site.yaml"] = site_yaml
    if root.exists():
        write_files(root, files)
    else:
        root = make_site(root.parent, files)
    result = run(root, "build")
    assert result.code == 0, result.err
    return root


def occurrences(cal: Calendar) -> dict[tuple[str, datetime | None], object]:
    """Every occurrence as a phone calendar expands it, by what a client keeps it by:
    (UID, RECURRENCE-ID, the original start of a weekly session; None for a single event,
    which recurring_ical_events gives its start as RECURRENCE-ID)."""
    series = {str(event["UID"]) for event in events(cal) if "RRULE" in event}
    found = {}
    for event in recurring_ical_events.of(cal).between(date(2026, 1, 1), date(2028, 1, 1)):
        uid = str(event["UID"])
        key = (uid, event["RECURRENCE-ID"].dt if uid in series else None)
        assert key not in found, key
        found[key] = event
    return found


def held_and_called_off(cal: Calendar) -> tuple[list, list]:
    """(start, end) of the occurrences held, and of those STATUS:CANCELLED."""
    held, off = [], []
    for event in occurrences(cal).values():
        when = (event.start, event.end if event.end != event.start else None)
        (off if str(event.get("STATUS", "")) == "CANCELLED" else held).append(when)
    return sorted(held), sorted(off)


def page_called_off(root: Path, program_id: str) -> list[tuple[datetime, datetime | None]]:
    """(start, end) of each session the program's page marks "Batal" or "Libur"."""
    html = read(root, f"output/jadwal/{program_id}/index.html")
    found = []
    for cancelled, item in SESSION_ITEM.findall(html):
        if cancelled:
            times = [datetime.fromisoformat(text) for text in TIME.findall(item)]
            found.append((times[0], times[1] if len(times) > 1 else None))
    return sorted(found)


# -- 1. a session called off says so in its title -----------------------------------------


def test_a_cancelled_session_says_batal_in_its_title(tmp_path):
    """A phone's list of events, and a client that ignores STATUS:CANCELLED, show the
    SUMMARY: "Pelatihan Merajut" alone showed a class called off as held."""
    root = built(tmp_path / "site", """\
        programs:
          - id: merajut
            title: Pelatihan Merajut
            sessions:
              - {date: 2026-12-05, start: 9.00, end: 11.00, cancelled: Pemateri berhalangan}
              - {date: 2026-12-12, start: 9.00, end: 11.00, cancelled: true}
              - {date: 2026-12-19, start: 9.00, end: 11.00}
        """)
    for name in ("merajut", "jadwal"):
        by_day = {event.start.date(): event for event in events(calendar(root, name))}
        for day in (date(2026, 12, 5), date(2026, 12, 12)):
            assert str(by_day[day]["SUMMARY"]) == "BATAL: Pelatihan Merajut", (name, day)
            assert str(by_day[day]["STATUS"]) == "CANCELLED"
        assert "Dibatalkan: Pemateri berhalangan" in str(by_day[date(2026, 12, 5)]["DESCRIPTION"])
        assert str(by_day[date(2026, 12, 19)]["SUMMARY"]) == "Pelatihan Merajut"
        assert "STATUS" not in by_day[date(2026, 12, 19)]


# -- 2. a weekly session moved or called off changes the event the resident has ------------


def test_a_moved_or_cancelled_weekly_session_overrides_its_occurrence(tmp_path):
    """RFC 5545 3.8.4.4: the one-off session is the weekly series' occurrence of that day,
    with its own time, place and note (or called off), not an EXDATE and a stranger."""
    root = built(tmp_path / "site", schedule(changes=CHANGES))
    moved_first = (at(date(2026, 12, 4), 14, 30), at(date(2026, 12, 4), 16, 30))
    moved_later = (at(date(2027, 1, 8), 13), at(date(2027, 1, 8), 15))
    weekly = [(at(day, 13, 30), at(day, 15, 30)) for day in FRIDAYS
              if day not in (date(2026, 12, 4), date(2026, 12, 18), date(2027, 1, 8))]
    held = sorted([*weekly, moved_first, moved_later])
    called_off = [(at(date(2026, 12, 18), 13, 30), at(date(2026, 12, 18), 15, 30))]
    assert page_sessions(root, "merajut") == held
    assert [when for when in page_called_off(root, "merajut")
            if when[0].date() != date(2026, 12, 25)] == called_off   # and Christmas, "Libur"
    for name in ("merajut", "jadwal"):
        text = read(root, f"output/jadwal/{name}.ics")
        cal = calendar(root, name)
        assert held_and_called_off(cal) == (held, called_off), name
        (master,) = [event for event in events(cal) if "RRULE" in event]
        uid = str(master["UID"])
        assert uid == "jadwal/merajut/mingguan-jumat-1330@example.org"
        # the series starts on the first Friday, moved: every change is within it
        assert master.start == at(date(2026, 12, 4), 13, 30)
        assert [when.dt for when in master["EXDATE"].dts] == [at(date(2026, 12, 25), 13, 30)]
        # its overrides follow it, each naming the occurrence it replaces, in the site's zone
        listed = events(cal)
        first = listed.index(master)
        overrides = listed[first + 1:first + 4]
        assert [str(event["UID"]) for event in overrides] == [uid] * 3
        assert [event["RECURRENCE-ID"].dt for event in overrides] == [
            at(date(2026, 12, 4), 13, 30), at(date(2026, 12, 18), 13, 30),
            at(date(2027, 1, 8), 13, 30)]
        for day in ("20261204", "20261218", "20270108"):
            assert f"RECURRENCE-ID;TZID=Asia/Jakarta:{day}T133000" in text
        assert all("RRULE" not in event and "EXDATE" not in event for event in overrides)
        assert len([event for event in listed if str(event["UID"]) == uid]) == 4   # no other
        hall, off, earlier = overrides
        assert hall.start == moved_first[0] and hall.end == moved_first[1]
        assert str(hall["LOCATION"]) == "Aula Utama, Perpustakaan Daerah"
        assert "Pindah ke aula minggu ini" in str(hall["DESCRIPTION"])
        assert str(off["STATUS"]) == "CANCELLED"
        assert str(off["SUMMARY"]) == "BATAL: Pelatihan Merajut"
        assert "Dibatalkan: Pengajar sakit" in str(off["DESCRIPTION"])
        assert "Maju setengah jam" in str(earlier["DESCRIPTION"])
        assert str(earlier["SUMMARY"]) == str(hall["SUMMARY"]) == "Pelatihan Merajut"


def test_a_subscribed_calendar_keeps_every_event_when_a_session_moves(tmp_path):
    """The file before the edit and after, as a client that fetches it again compares
    them: every occurrence keeps its (UID, RECURRENCE-ID), so reminders stay, and the
    changed ones now have the new time, or are called off."""
    root = built(tmp_path / "site", schedule())
    before = {name: occurrences(calendar(root, name)) for name in ("merajut", "jadwal")}
    assert len(before["merajut"]) == len(FRIDAYS)
    built(root, schedule(changes=CHANGES))
    for name in ("merajut", "jadwal"):
        after = occurrences(calendar(root, name))
        assert sorted(after) == sorted(before[name]), name
        uid = "jadwal/merajut/mingguan-jumat-1330@example.org"
        assert after[(uid, at(date(2026, 12, 4), 13, 30))].start == at(date(2026, 12, 4), 14, 30)
        assert after[(uid, at(date(2027, 1, 8), 13, 30))].start == at(date(2027, 1, 8), 13)
        assert str(after[(uid, at(date(2026, 12, 18), 13, 30))]["STATUS"]) == "CANCELLED"
        assert "STATUS" not in after[(uid, at(date(2026, 12, 11), 13, 30))]
    # the change undone (the class back to normal): the same events again
    built(root, schedule())
    assert occurrences(calendar(root, "merajut")).keys() == before["merajut"].keys()


def test_a_session_on_a_day_off_or_a_second_one_that_day_stays_an_event_of_its_own(tmp_path):
    """Only an occurrence of the series is overridden: the class held on 25 December
    (`except`) after all has no occurrence to replace, and of two one-off sessions on one
    class day only the first replaces the class. Expanded, the file still gives exactly
    the sessions the page lists."""
    root = built(tmp_path / "site", schedule(changes="""\
        sessions:
          - {date: 2026-12-25, start: 13.30, end: 15.30, location: Perpustakaan Desa Sumber Ilmu}
          - {date: 2027-01-15, start: 13.30, end: 14.30, note: Bagian pertama}
          - {date: 2027-01-15, start: 14.30, end: 15.30, location: Aula, note: Bagian kedua}
          - {date: 2027-01-15, start: 19.00, end: 20.00, note: Kelas malam tambahan}
        """))
    cal = calendar(root, "merajut")
    held, off = held_and_called_off(cal)
    assert held == page_sessions(root, "merajut") and off == page_called_off(root, "merajut")
    uid = "jadwal/merajut/mingguan-jumat-1330@example.org"
    found = occurrences(cal)
    assert found[(uid, at(date(2027, 1, 15), 13, 30))].end == at(date(2027, 1, 15), 14, 30)
    singles = sorted(key[0] for key in found if key[1] is None)
    assert singles == ["jadwal/merajut/2026-12-25-1330@example.org",
                       "jadwal/merajut/2027-01-15-1430@example.org",
                       "jadwal/merajut/2027-01-15-1900@example.org"]
    (master,) = [event for event in events(cal) if "RRULE" in event]
    assert [when.dt for when in master["EXDATE"].dts] == [at(date(2026, 12, 25), 13, 30)]


# -- 3. a place at the library is one a map finds -----------------------------------------


def json_ld_events(page: str) -> list[dict]:
    blocks = [json.loads(block) for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
    return [block for block in blocks if block.get("@type") == "Event"]


def test_a_place_at_the_library_ends_with_its_street_address(tmp_path):
    """A phone makes LOCATION a map search, and "Perpustakaan Daerah" is every regency's
    library: at the library (as the page's JSON-LD has it, the program's own place) the
    street address of site.yaml follows; a village's place is left as written, and so is
    one that already gives the street."""
    root = built(tmp_path / "site", schedule(changes="""\
        sessions:
          - {date: 2026-12-12, start: 9.00, end: 11.00, location: Perpustakaan Desa Sumber Ilmu}
          - {date: 2026-12-19, start: 9.00, end: 11.00}
        """), site_yaml=SITE_WITH_ADDRESS)
    at_library = f"Ruang Kreativitas Lt. 1, Perpustakaan Daerah, {ADDRESS}"
    for name in ("merajut", "jadwal"):
        places = {event.start: str(event["LOCATION"])
                  for event in occurrences(calendar(root, name)).values()}
        assert places.pop(at(date(2026, 12, 12), 9)) == "Perpustakaan Desa Sumber Ilmu"
        assert set(places.values()) == {at_library}, name
    # the same rule as the page's JSON-LD: the street exactly where it gives the library's
    page = read(root, "output/jadwal/merajut/index.html")
    by_start = {event.start: str(event["LOCATION"])
                for event in occurrences(calendar(root, "merajut")).values()}
    ld_events = json_ld_events(page)
    assert len(ld_events) >= 3
    for event in ld_events:
        start = datetime.fromisoformat(event["startDate"])
        if start not in by_start:   # 25 December, "Libur": no event in a calendar
            assert event["eventStatus"].endswith("EventCancelled")
            continue
        place = by_start[start]
        street = isinstance(event["location"]["address"], dict)
        assert place.endswith(ADDRESS) == street, event["startDate"]
    # Google Calendar's link for each session gives the place the files give
    links = google_links(root, "merajut")
    assert len(links) == len(page_sessions(root, "merajut"))
    assert {link["location"] for link in links} == {at_library, "Perpustakaan Desa Sumber Ilmu"}
    # the address written in the place already (spaced and cased otherwise): not twice
    place = f"Ruang Kreativitas Lt. 1,  {ADDRESS.upper()}"
    written = built(tmp_path / "again" / "site", schedule().replace(
        "Ruang Kreativitas Lt. 1, Perpustakaan Daerah\n", f"'{place}'\n", 1),
        site_yaml=SITE_WITH_ADDRESS)
    assert {str(event["LOCATION"]) for event in events(calendar(written, "merajut"))} == {place}
    # no address in site.yaml: the place as written
    bare = built(tmp_path / "bare" / "site", schedule())
    assert {str(event["LOCATION"]) for event in events(calendar(bare, "merajut"))} == {
        "Ruang Kreativitas Lt. 1, Perpustakaan Daerah"}


# -- 4. an id renamed keeps its events ----------------------------------------------------


def test_renaming_a_program_with_aliases_keeps_every_uid(tmp_path):
    """The staff guide's rename, `id: yoga-pagi` with `aliases: [/jadwal/yoga/]`: the
    calendar at the old address (and the new one, and the schedule's) holds the same
    events as before, so a subscribed calendar keeps them and their reminders; renamed
    once more, they still do."""
    root = built(tmp_path / "site", schedule("yoga", CHANGES))
    before = {name: occurrences(calendar(root, name)) for name in ("yoga", "jadwal")}
    assert all(uid.startswith("jadwal/yoga/") for uid, _ in before["yoga"])
    built(root, schedule("yoga-pagi", CHANGES, aliases="[/jadwal/yoga/]"))
    for name in ("yoga", "yoga-pagi", "jadwal"):
        after = occurrences(calendar(root, name))
        assert sorted(after) == sorted(before["jadwal" if name == "jadwal" else "yoga"]), name
    # its page, and the link of every event, are the new address
    assert {str(event["URL"]) for event in events(calendar(root, "yoga"))} == {
        "https://example.org/jadwal/yoga-pagi/"}
    built(root, schedule("senam-yoga", CHANGES,
                         aliases="[/jadwal/yoga/, https://example.org/jadwal/yoga-pagi/]"))
    for name in ("yoga", "yoga-pagi", "senam-yoga"):
        assert sorted(occurrences(calendar(root, name))) == sorted(before["yoga"]), name
    # an old page outside jadwal/ had no calendar: no UID is made from it
    other = built(tmp_path / "other" / "site", schedule("yoga", aliases="[/kelas/yoga.html]"))
    assert {uid for uid, _ in occurrences(calendar(other, "yoga"))} == {
        "jadwal/yoga/mingguan-jumat-1330@example.org"}


def test_a_session_on_the_periods_first_day_or_at_the_same_start_without_an_end_replaces(
        tmp_path):
    """The weekly class's very first day (the period starting on a Friday) moved to the
    hall, and a class written without an end moved to another room at the same start:
    each replaces that day's weekly session, listed once on the page and in the
    calendar, never twice."""
    start_friday = WEEKLY.replace("from: 2026-12-01", "from: 2026-12-04").replace(
        "            end: 15.30\n", "")
    changes = """\
        sessions:
          - {date: 2026-12-04, start: 13.30, location: Aula Utama}
          - {date: 2026-12-11, start: 13.30, location: Aula Utama}
    """
    root = make_site(tmp_path, {"content/schedule.yaml":
                                start_friday.format(id="merajut", aliases="").rstrip(" ")
                                + changes})
    assert run(root).code == 0
    expected = [(at(day, 13, 30), None) for day in FRIDAYS]
    assert page_sessions(root, "merajut") == expected
    expanded = sorted((event.start, None) for event in recurring_ical_events.of(
        calendar(root, "merajut")).between(date(2026, 1, 1), date(2028, 1, 1)))
    assert expanded == expected
