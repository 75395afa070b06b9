"""The schedule as iCalendar files: jadwal/jadwal.ics and jadwal/<id>.ics, built end to end.

Each calendar is parsed with icalendar and expanded with recurring_ical_events, as a
phone calendar does, and must give exactly the sessions the program pages show.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import recurring_ical_events
import yaml
from icalendar import Calendar

from conftest import NOW, PROJECT, make_site, read, run

JAKARTA = ZoneInfo("Asia/Jakarta")
SESSION_ITEM = re.compile(r'<li class="session(?: past)?">(.*?)</li>', re.S)   # held ones
TIME = re.compile(r'<time datetime="([^"]+)">')

WEEKLY = """\
    programs:
      - id: yoga
        title: Kelas Yoga
        summary: Yoga pagi untuk pemula.
        location: Halaman Perpustakaan
        audience: Umum, termasuk lansia
        fee: Gratis
        weekly:
          - day: Selasa
            start: 15:00
            end: 17:00
          - day: thursday
            start: 15.00
            end: 17.00
        period: {from: 2024-01-09, until: 2024-02-01}
        except: [2024-01-09, 2024-01-18]
    """

ONE_OFF = """\
    programs:
      - id: parenting
        title: Kuliah Parenting
        location: Aula Utama
        sessions:
          - date: 2024-02-17
            start: 9.00
            end: 11.30
            note: Membacakan buku untuk anak
          - date: 2024-03-16
            start: 09:00
            end: 11:30
            location: Perpustakaan Desa Sumber Ilmu
            note: Kuliah keliling
          - date: 2024-04-20
            start: 19:30
    """

MIXED = """\
    programs:
      - id: wirausaha
        title: Pelatihan Wirausaha
        location: Ruang Pelatihan Lt. 2
        weekly:
          - day: Rabu
            start: 9.00
            end: 11.30
        period: {from: 2024-10-07, until: 2024-10-23}
        sessions:
          - date: 2024-10-26
            start: 8.00
            end: 12.00
            location: Halaman Perpustakaan
            note: Bazar produk peserta
      - id: merajut
        title: Pelatihan Merajut
        weekly:
          - day: Jumat
            start: "13.30"
        period: {from: 2024-10-04, until: 2024-10-18}
    """

BOTH = MIXED.rstrip(" ") + ONE_OFF.split("programs:\n", 1)[1]   # three programs


def build(tmp_path: Path, schedule: str, now: str = NOW, site_yaml: str | None = None) -> Path:
    files = {"content/schedule.yaml": schedule}
    if site_yaml is not None:
        files["content/site.yaml"] = site_yaml
    root = make_site(tmp_path, files)
    result = run(root, "build", now=now)
    assert result.code == 0, result.err
    return root


def calendar(root: Path, name: str = "jadwal") -> Calendar:
    return Calendar.from_ical((root / "output/jadwal" / f"{name}.ics").read_bytes())


def sessions(cal: Calendar) -> list[tuple[datetime, datetime | None]]:
    """(start, end) of every occurrence as a phone calendar expands it; no end: None."""
    found = recurring_ical_events.of(cal).between(date(1990, 1, 1), date(2100, 1, 1))
    return sorted((event.start, None if event.end == event.start else event.end)
                  for event in found)


def page_sessions(root: Path, program_id: str) -> list[tuple[datetime, datetime | None]]:
    """(start, end) of every session, upcoming and past, listed on the program's page."""
    html = read(root, f"output/jadwal/{program_id}/index.html")
    found = []
    for item in SESSION_ITEM.findall(html):
        times = [datetime.fromisoformat(text) for text in TIME.findall(item)]
        found.append((times[0], times[1] if len(times) > 1 else None))
    return sorted(found)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=JAKARTA)


def unescape(value: object) -> str:
    """A TEXT value read back by RFC 5545 3.3.11 (icalendar leaves X- properties escaped)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(value))


def events(cal: Calendar) -> list:
    return cal.walk("VEVENT")


def test_a_day_off_on_the_last_day_of_the_period_is_off_in_the_calendar_too(tmp_path):
    """The term's last class falls on a holiday (`except`): a phone calendar expanding the
    file does not show it, as the page does not."""
    root = build(tmp_path, WEEKLY.replace("except: [2024-01-09, 2024-01-18]",
                                          "except: [2024-01-09, 2024-02-01]"))
    days = [date(2024, 1, 11), date(2024, 1, 16), date(2024, 1, 18), date(2024, 1, 23),
            date(2024, 1, 25), date(2024, 1, 30)]
    expected = [(at(day, 15), at(day, 17)) for day in days]
    assert page_sessions(root, "yoga") == expected
    assert sessions(calendar(root, "yoga")) == expected == sessions(calendar(root))


def test_weekly_sessions_over_the_period_minus_except_dates(tmp_path):
    root = build(tmp_path, WEEKLY)
    days = [date(2024, 1, 11), date(2024, 1, 16), date(2024, 1, 23), date(2024, 1, 25),
            date(2024, 1, 30), date(2024, 2, 1)]
    expected = [(at(day, 15), at(day, 17)) for day in days]
    assert sessions(calendar(root, "yoga")) == expected
    assert page_sessions(root, "yoga") == expected
    assert sessions(calendar(root)) == expected
    # one recurring event per weekly rule, not one event per session
    rules = {event["RRULE"]["BYDAY"][0]: event for event in events(calendar(root, "yoga"))}
    assert sorted(rules) == ["TH", "TU"]
    tuesday, thursday = rules["TU"], rules["TH"]
    assert tuesday["rrule"]["freq"] == ["WEEKLY"]
    assert tuesday["rrule"]["until"] == [datetime(2024, 2, 1, 23, 59, 59, tzinfo=JAKARTA)]
    # the first Tuesday is excepted: the rule starts on the next one, with no EXDATE left
    assert tuesday.start == at(date(2024, 1, 16), 15)
    assert "EXDATE" not in tuesday
    assert [d.dt for d in thursday["exdate"].dts] == [at(date(2024, 1, 18), 15)]


def test_times_are_in_the_site_zone_with_a_vtimezone(tmp_path):
    root = build(tmp_path, WEEKLY)
    text = read(root, "output/jadwal/yoga.ics")
    assert "DTSTART;TZID=Asia/Jakarta:20240111T150000" in text
    assert "EXDATE;TZID=Asia/Jakarta:20240118T150000" in text
    assert "UNTIL=20240201T165959Z" in text   # RFC 5545: UNTIL in UTC with a TZID start
    for name in ("yoga", "jadwal"):
        cal = calendar(root, name)
        assert [str(zone["TZID"]) for zone in cal.walk("VTIMEZONE")] == ["Asia/Jakarta"]
        assert str(cal["X-WR-TIMEZONE"]) == "Asia/Jakarta"


def test_another_site_zone_is_used_throughout(tmp_path):
    root = build(tmp_path, WEEKLY, site_yaml="""\
        title: Perpustakaan Makassar
        base_url: https://example.org/
        timezone: Asia/Makassar
        """)
    cal = calendar(root, "yoga")
    assert [str(zone["TZID"]) for zone in cal.walk("VTIMEZONE")] == ["Asia/Makassar"]
    first = sessions(cal)[0][0]
    assert first == datetime(2024, 1, 11, 15, tzinfo=ZoneInfo("Asia/Makassar"))
    assert first.utcoffset().total_seconds() == 8 * 3600
    assert sessions(cal) == page_sessions(root, "yoga")


def test_one_off_sessions_with_their_own_place_and_note(tmp_path):
    root = build(tmp_path, ONE_OFF)
    cal = calendar(root, "parenting")
    expected = [(at(date(2024, 2, 17), 9), at(date(2024, 2, 17), 11, 30)),
                (at(date(2024, 3, 16), 9), at(date(2024, 3, 16), 11, 30)),
                (at(date(2024, 4, 20), 19, 30), None)]
    assert sessions(cal) == expected
    assert page_sessions(root, "parenting") == expected
    by_day = {event.start.date(): event for event in events(cal)}
    assert all("RRULE" not in event for event in by_day.values())
    assert str(by_day[date(2024, 2, 17)]["LOCATION"]) == "Aula Utama"
    assert str(by_day[date(2024, 3, 16)]["LOCATION"]) == "Perpustakaan Desa Sumber Ilmu"
    assert "Kuliah keliling" in str(by_day[date(2024, 3, 16)]["DESCRIPTION"])
    assert "Membacakan buku" not in str(by_day[date(2024, 3, 16)]["DESCRIPTION"])
    # no end time: no DTEND and no DURATION, so the event ends when it starts (RFC 5545 3.6.1)
    open_ended = by_day[date(2024, 4, 20)]
    assert "DTEND" not in open_ended and "DURATION" not in open_ended


def test_weekly_and_one_off_sessions_together_and_in_the_whole_calendar(tmp_path):
    root = build(tmp_path, MIXED)
    wednesdays = [date(2024, 10, 9), date(2024, 10, 16), date(2024, 10, 23)]
    wirausaha = [(at(day, 9), at(day, 11, 30)) for day in wednesdays]
    wirausaha.append((at(date(2024, 10, 26), 8), at(date(2024, 10, 26), 12)))
    merajut = [(at(date(2024, 10, day), 13, 30), None) for day in (4, 11, 18)]
    assert sessions(calendar(root, "wirausaha")) == wirausaha == page_sessions(root, "wirausaha")
    assert sessions(calendar(root, "merajut")) == merajut == page_sessions(root, "merajut")
    everything = calendar(root)
    assert sessions(everything) == sorted(wirausaha + merajut)
    titles = sorted(str(event["SUMMARY"]) for event in events(everything))
    assert titles == ["Pelatihan Merajut", "Pelatihan Wirausaha", "Pelatihan Wirausaha"]
    # the weekly event keeps the program's place; the one-off session has its own
    by_day = {event.start.date(): event for event in events(everything)}
    assert str(by_day[date(2024, 10, 9)]["LOCATION"]) == "Ruang Pelatihan Lt. 2"
    assert str(by_day[date(2024, 10, 26)]["LOCATION"]) == "Halaman Perpustakaan"
    assert "LOCATION" not in by_day[date(2024, 10, 4)]   # neither program nor session has one


def test_a_weekly_rule_with_every_date_excepted_has_no_event(tmp_path):
    root = build(tmp_path, """\
        programs:
          - id: libur
            title: Kelas Libur
            weekly:
              - day: Senin
                start: 8.00
            period: {from: 2024-01-01, until: 2024-01-08}
            except: [2024-01-01, 2024-01-08]
        """)
    assert events(calendar(root, "libur")) == []
    assert sessions(calendar(root, "libur")) == page_sessions(root, "libur") == []


def test_calendar_and_event_properties(tmp_path):
    root = build(tmp_path, WEEKLY, site_yaml="""\
        title: Perpustakaan Uji
        base_url: https://example.org/perpustakaan/
        """)
    data = (root / "output/jadwal/jadwal.ics").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")   # every line ends with CRLF
    for line in (b"VERSION:2.0", b"CALSCALE:GREGORIAN", b"METHOD:PUBLISH",
                 b"REFRESH-INTERVAL;VALUE=DURATION:P1D", b"X-PUBLISHED-TTL:P1D"):
        assert b"\r\n" + line + b"\r\n" in data, line
    cal = Calendar.from_ical(data)
    assert str(cal["PRODID"]).startswith("-//")
    assert unescape(cal["X-WR-CALNAME"]) == \
        "Jadwal Kegiatan — Perpustakaan Uji"
    own = calendar(root, "yoga")
    assert unescape(own["X-WR-CALNAME"]) == \
        "Kelas Yoga — Perpustakaan Uji"
    event = events(own)[0]
    page = "https://example.org/perpustakaan/jadwal/yoga/"
    assert str(event["SUMMARY"]) == "Kelas Yoga"
    assert str(event["URL"]) == page
    assert str(event["LOCATION"]) == "Halaman Perpustakaan"
    description = str(event["DESCRIPTION"])
    for part in ("Yoga pagi untuk pemula.", "Peserta: Umum, termasuk lansia", "Biaya: Gratis",
                 page):
        assert part in description, part
    assert event["DTSTAMP"].dt.utcoffset().total_seconds() == 0
    assert str(event["UID"]).endswith("@example.org")
    assert "perpustakaan/jadwal/yoga/" in str(event["UID"])


def test_text_from_content_is_escaped_and_round_trips(tmp_path):
    title = 'Kelas "Menulis", Puisi; Cerpen \\ Esai\n<script>alert(1)</script>'
    root = build(tmp_path, """\
        programs:
          - id: menulis
            title: |-
              Kelas "Menulis", Puisi; Cerpen \\ Esai
              <script>alert(1)</script>
            location: Ruang Baca, Lt. 1; sayap timur
            sessions:
              - date: 2024-05-04
                start: 9.00
                end: 11.00
                note: "Bawa pena, kertas; dan \\\\ semangat"
        """, site_yaml="""\
        title: Perpustakaan Uji, Jepara; Jawa Tengah
        base_url: https://example.org/
        """)
    data = (root / "output/jadwal/menulis.ics").read_bytes()
    assert b'SUMMARY:Kelas "Menulis"\\, Puisi\\; Cerpen \\\\ Esai\\n<script>' in data
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))   # folded at 75 octets
    cal = calendar(root, "menulis")
    event = events(cal)[0]
    assert str(event["SUMMARY"]) == title
    assert str(event["LOCATION"]) == "Ruang Baca, Lt. 1; sayap timur"
    assert "Bawa pena, kertas; dan \\ semangat" in str(event["DESCRIPTION"])
    assert unescape(cal["X-WR-CALNAME"]) == \
        f"{title} — Perpustakaan Uji, Jepara; Jawa Tengah"


def ics_files(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((root / "output/jadwal").glob("*.ics"))}


def uids(root: Path) -> list[str]:
    return sorted(str(event["UID"]) for event in events(calendar(root)))


def test_uids_come_from_content_not_from_the_build_time(tmp_path):
    first = build(tmp_path / "a", BOTH, now=NOW)
    later = build(tmp_path / "b", BOTH, now="2024-10-10T10:00")
    assert uids(first) == uids(later)
    assert len(set(uids(first))) == len(uids(first)) == 6   # 2 weekly rules, 4 one-off sessions
    assert "jadwal/wirausaha/mingguan-rabu-0900@example.org" in uids(first)
    assert "jadwal/parenting/2024-03-16-0900@example.org" in uids(first)
    # nothing depends on the build time: not DTSTAMP, not the order of the programs
    assert ics_files(first) == ics_files(later)
    data = ics_files(first)["jadwal.ics"]
    assert data.count(b"\r\nDTSTAMP:") == data.count(b"\r\nDTSTAMP:19700101T000000Z\r\n") == 6


def test_two_sessions_at_the_same_time_keep_distinct_uids(tmp_path):
    root = build(tmp_path, """\
        programs:
          - id: komputer
            title: Kelas Komputer
            sessions:
              - date: 2024-06-01
                start: 9.00
                end: 11.00
                location: Ruang Komputer 1
              - date: 2024-06-01
                start: 9.00
                end: 11.00
                location: Ruang Komputer 2
        """)
    start, end = at(date(2024, 6, 1), 9), at(date(2024, 6, 1), 11)
    assert sessions(calendar(root, "komputer")) == [(start, end), (start, end)]
    assert uids(root) == ["jadwal/komputer/2024-06-01-0900-2@example.org",
                          "jadwal/komputer/2024-06-01-0900@example.org"]


def test_building_twice_gives_the_same_bytes(tmp_path):
    root = build(tmp_path, MIXED)
    before = ics_files(root)
    assert set(before) == {"jadwal.ics", "wirausaha.ics", "merajut.ics"}
    assert run(root, "build").code == 0
    assert ics_files(root) == before


def test_the_sample_site_has_a_calendar_per_program_and_one_with_all(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(PROJECT / "content", root / "content")
    result = run(root, "build")
    assert result.code == 0, result.err
    schedule = yaml.safe_load((PROJECT / "content/schedule.yaml").read_text(encoding="utf-8"))
    ids = sorted(program["id"] for program in schedule["programs"])
    assert sorted(ics_files(root)) == sorted([f"{id_}.ics" for id_ in ids] + ["jadwal.ics"])
    every_uid, every_session = [], []
    for id_ in ids:
        own = calendar(root, id_)
        assert own.walk("VTIMEZONE") and events(own), id_
        assert sessions(own) == page_sessions(root, id_), id_
        every_uid += [str(event["UID"]) for event in events(own)]
        every_session += sessions(own)
    assert uids(root) == sorted(every_uid)
    assert len(set(every_uid)) == len(every_uid)
    assert sessions(calendar(root)) == sorted(every_session)
    titles = {str(event["SUMMARY"]) for event in events(calendar(root))}
    assert titles == {program["title"] for program in schedule["programs"]}


# -- subscribing: a calendar that follows the schedule -----------------------------------------

CALENDAR_LINKS = re.compile(r'<p class="calendar-link"[^>]*>(.*?)</p>', re.S)


def test_the_schedule_offers_a_subscription_and_says_what_a_download_does(tmp_path):
    """A file downloaded and added is a copy: a class called off later stays in the
    phone's calendar. A calendar app subscribed to a webcal:// address fetches the file
    again (the file asks for once a day: REFRESH-INTERVAL), so only that one follows."""
    root = build(tmp_path, WEEKLY, now="2024-01-20T09:00",
                 site_yaml="title: Perpustakaan Uji\nbase_url: https://example.org/perpus/\n")
    for page, ics in (("jadwal/", "jadwal/jadwal.ics"), ("jadwal/yoga/", "jadwal/yoga.ics")):
        links = CALENDAR_LINKS.findall(read(root, f"output/{page}index.html"))
        assert len(links) == 1, page
        text = re.sub(r"<[^>]+>", "", links[0])
        assert f'href="webcal://example.org/perpus/{ics}"' in links[0], page
        # Android's calendar is Google's, which opens no webcal:// link: its own page adds it
        google = ("https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F"
                  f"example.org%2Fperpus%2F{ics.replace('/', '%2F')}")
        assert f'<a href="{google}">Tambahkan kalender' in links[0], page
        assert "HP Android" in text
        assert f'href="/perpus/{ics}"' in links[0], page
        assert "ke iPhone, iPad, Mac atau Outlook" in text
        assert "ikut berubah saat jadwal berubah" in text
        assert "salinan jadwal hari ini" in text and "tidak ikut" in text   # the download
        assert "Berlangganan" not in text and "iCal" not in text   # words residents know
        # Google's link may fail in the Android app: the way round it is said
        assert "bila di HP tidak berhasil, buka tautan ini sekali di komputer" in text
        # any other app (ICSx5, a partner's calendar) subscribes to the address, as text
        address = re.search(r'<span class="copy-address" translate="no">(.*?)</span>',
                            links[0])[1]
        assert address.replace("<wbr>", "") == f"https://example.org/perpus/{ics}", page
        assert "perpus/<wbr>jadwal/<wbr>" in address   # breaks after a "/", never mid-word
    assert b"REFRESH-INTERVAL;VALUE=DURATION:P1D" in (root / "output/jadwal/jadwal.ics"
                                                      ).read_bytes()


def test_the_footer_leads_to_the_schedules_calendar_links(tmp_path):
    """Every page's footer names the calendar of all classes; it leads to the schedule's
    two links, which say which one follows changes, rather than to the file (a copy)."""
    root = build(tmp_path, WEEKLY, now="2024-01-20T09:00",
                 site_yaml="title: Perpustakaan Uji\nbase_url: https://example.org/perpus/\n")
    for page in ("index.html", "jadwal/yoga/index.html", "berita/index.html"):
        footer = read(root, f"output/{page}").split("<footer", 1)[1]
        assert '<a href="/perpus/jadwal/#kalender">Kalender semua kegiatan</a>' in footer, page
        assert ".ics" not in footer, page
        # the news feed: a browser shows it as code, so it is an address to copy, beside
        # a link to the news a resident tapping "Berita" wants
        assert '<a href="/perpus/berita/">Berita dan penghargaan</a>' in footer, page
        assert ('salin alamat <span class="copy-address" translate="no">https://'
                'example.org/<wbr>perpus/<wbr>feed.xml</span>') in footer, page
        assert 'href="/perpus/feed.xml"' not in footer, page
    schedule = read(root, "output/jadwal/index.html")
    assert re.search(r'<h2 id="kalender" class="calendar-heading">Simpan jadwal di kalender '
                     r'HP</h2>\n<p class="calendar-link"[^>]*><span class="calendar-choice">'
                     r'<a href="https://calendar\.google\.com/calendar/render\?cid=webcal',
                     schedule)
    assert schedule.count('id="kalender"') == 1


def test_one_tap_selects_a_whole_address_to_copy(tmp_path):
    """On a phone, the calendar's and the feed's addresses are selected whole by one tap
    (then "Salin"), without the breaks that let them wrap on a narrow screen."""
    from browser import chromium, serve

    root = build(tmp_path, WEEKLY, now="2024-01-20T09:00")
    with serve(root / "output") as base, chromium() as context:
        page = context.new_page()
        page.goto(base + "jadwal/")
        for address, expected in (
                (page.locator(".calendar-link .copy-address").first,
                 "https://example.org/jadwal/jadwal.ics"),
                (page.locator("footer .copy-address"), "https://example.org/feed.xml")):
            address.click()
            assert page.evaluate("getSelection().toString()") == expected
            box = address.bounding_box()
            assert box["x"] + box["width"] <= 390


def test_a_finished_program_offers_no_calendar_to_add(tmp_path):
    """Nothing is left to put in a calendar: the page says the program is over instead
    (its file stays published, for calendars that subscribed to it)."""
    root = build(tmp_path, WEEKLY, now="2024-03-01T09:00")
    page = read(root, "output/jadwal/yoga/index.html")
    assert "Kegiatan ini sudah selesai" in page and "calendar-link" not in page
    assert (root / "output/jadwal/yoga.ics").is_file()
    assert "calendar-link" in read(build(tmp_path / "b", WEEKLY, now="2024-01-20T09:00"),
                                   "output/jadwal/yoga/index.html")


# -- Google Calendar links: one tap per session, nothing to download --------------------------

GOOGLE_LINK = re.compile(r'<a class="add-calendar" href="([^"]+)"[^>]*>')


def google_links(root: Path, program_id: str) -> list[dict[str, str]]:
    """The query of each session's Google Calendar link on the program's page, decoded."""
    from html import unescape as html_unescape
    from urllib.parse import parse_qsl, urlsplit
    html = read(root, f"output/jadwal/{program_id}/index.html")
    links = []
    for href in GOOGLE_LINK.findall(html):
        url = urlsplit(html_unescape(href))
        assert (url.scheme, url.netloc, url.path) == ("https", "calendar.google.com",
                                                      "/calendar/render")
        links.append(dict(parse_qsl(url.query, strict_parsing=True)))
    return links


def test_each_upcoming_session_links_to_google_calendar_filled_in(tmp_path):
    """Residents on Android keep a session in Google Calendar with one tap: the link opens
    its new-event form with the title, the times (UTC, so no zone is guessed), the place,
    the note and the program's page filled in."""
    root = build(tmp_path, ONE_OFF, now="2024-03-01T09:00")   # the first session is past
    links = google_links(root, "parenting")
    assert [link["dates"] for link in links] == ["20240316T020000Z/20240316T043000Z",
                                                 "20240420T123000Z/20240420T123000Z"]
    kuliah = links[0]
    assert kuliah["action"] == "TEMPLATE" and kuliah["text"] == "Kuliah Parenting"
    assert kuliah["ctz"] == "Asia/Jakarta"
    assert kuliah["location"] == "Perpustakaan Desa Sumber Ilmu"
    assert kuliah["details"] == "Kuliah keliling\n\nhttps://example.org/jadwal/parenting/"
    assert links[1]["location"] == "Aula Utama"
    html = read(root, "output/jadwal/parenting/index.html")
    assert html.count("Simpan di Google Kalender") == 2
    assert '<span class="visually-hidden"> (Sabtu, 16 Maret 2024)</span>' in html
    records = [json.loads(path.read_text(encoding="utf-8"))
               for path in (root / "output/cari/indeks/h").glob("*.json")]
    found = next(record for record in records if record["url"] == "/jadwal/parenting/")
    assert "Kuliah keliling" in found["text"] and "Kalender" not in found["text"]   # not indexed


def test_weekly_sessions_get_a_link_each_and_text_from_content_is_escaped(tmp_path):
    schedule = WEEKLY.replace("title: Kelas Yoga", 'title: "Yoga & <b>\\"Sehat\\"</b>"')
    root = build(tmp_path, schedule, now="2024-01-01T09:00")
    links = google_links(root, "yoga")
    assert len(links) == len(page_sessions(root, "yoga")) == 6
    assert {link["text"] for link in links} == {'Yoga & <b>"Sehat"</b>'}
    assert links[0]["details"] == "Yoga pagi untuk pemula.\n\nhttps://example.org/jadwal/yoga/"
    assert links[0]["dates"] == "20240111T080000Z/20240111T100000Z"   # 15:00 WIB, Thursday
    assert "<b>" not in read(root, "output/jadwal/yoga/index.html").split("<h1>")[1]


def test_a_full_class_or_one_with_a_last_day_says_so_where_it_says_how_to_register(tmp_path):
    """A calendar is kept for months: a full class's events gave its WhatsApp number, which
    the page hides so no one comes in vain; a closing day was left out."""
    schedule = WEEKLY.replace("        fee: Gratis\n", (
        "        fee: Gratis\n"
        "        registration: WhatsApp 0812-0000-0000\n"
        "        registration_until: 2024-01-12\n"))
    description = str(events(calendar(build(tmp_path / "until", schedule), "yoga"))[0][
        "DESCRIPTION"])
    assert "Pendaftaran (paling lambat 12 Januari 2024): WhatsApp 0812-0000-0000" in description
    full = schedule.replace("        registration_until: 2024-01-12\n", "        full: true\n")
    description = str(events(calendar(build(tmp_path / "full", full), "yoga"))[0][
        "DESCRIPTION"])
    assert "Pendaftaran: kuota sudah penuh, pendaftaran ditutup" in description
    assert "0812" not in description


MOVES_DAY = """\
    programs:
      - id: komputer
        title: Kelas Komputer
        location: Ruang Komputer
        weekly:
          - day: Kamis
            start: 15:00
            end: 17:00
            until: 2024-01-31
          - day: Jumat
            start: 15:00
            end: 17:00
            from: 2024-02-01
        period: {from: 2024-01-08, until: 2024-02-29}
        except: [2024-02-09]
    """


def test_a_weekly_day_may_have_its_own_from_and_until(tmp_path):
    """"From February the Thursday class moves to Friday": each day's own dates hold on
    the page and in the calendar; the Thursday's "until" was ignored with a warning, and
    the class published on both days for the whole term."""
    root = build(tmp_path, MOVES_DAY, now="2024-01-08T09:00")
    thursdays = [date(2024, 1, 11), date(2024, 1, 18), date(2024, 1, 25)]
    fridays = [date(2024, 2, 2), date(2024, 2, 16), date(2024, 2, 23)]   # 9th: except
    expected = sorted((at(day, 15), at(day, 17)) for day in thursdays + fridays)
    assert page_sessions(root, "komputer") == expected
    assert sessions(calendar(root, "komputer")) == expected
    html = read(root, "output/jadwal/komputer/index.html")
    weekly = re.search(r'<p class="weekly">(.*?)<br>', html, re.S)[1]
    assert " ".join(re.sub(r"<[^>]+>", "", weekly).split()) == (
        "Setiap Kamis, 15.00–17.00 WIB (sampai 31 Januari 2024); "
        "setiap Jumat, 15.00–17.00 WIB (mulai 1 Februari 2024)")
    assert "UNTIL=20240131T165959Z" in read(root, "output/jadwal/komputer.ics")


def test_a_weekly_day_past_its_own_until_is_no_longer_shown(tmp_path):
    """Read in February, "setiap Kamis (sampai 31 Januari)" told of a class that no longer
    meets: the page, the schedule, the link preview and the WhatsApp message give only the
    Friday; the finished class still says what it was."""
    root = build(tmp_path, MOVES_DAY, now="2024-02-05T09:00")
    for path in ("output/jadwal/komputer/index.html", "output/jadwal/index.html"):
        html = read(root, path)
        weekly = re.search(r'<p class="weekly">(.*?)<br>', html, re.S)[1]
        assert " ".join(re.sub(r"<[^>]+>", "", weekly).split()) == (
            "Setiap Jumat, 15.00–17.00 WIB (mulai 1 Februari 2024)"), path
    html = read(root, "output/jadwal/komputer/index.html")
    description = re.search(r'<meta name="description" content="([^"]*)"', html)[1]
    assert "Jumat" in description and "Kamis" not in description
    message = unquote(re.search(r'href="https://wa\.me/\?text=([^"]*)"', html)[1])
    assert "Setiap Jumat" in message and "Kamis" not in message
    finished = read(build(tmp_path / "later", MOVES_DAY, now="2024-03-05T09:00"),
                    "output/jadwal/komputer/index.html")
    weekly = re.search(r'<p class="weekly">(.*?)<br>', finished, re.S)[1]
    assert "Kamis" in weekly and "Jumat" in weekly


def test_a_long_period_is_a_warning_and_its_page_lists_half_a_year(tmp_path):
    """"until: 2036-01-28" typed for 2027 built a class page of 995 sessions (720 KB) with
    no word; ten years of four a day, one of 10 MB. The page lists 52 sessions to come and
    says how many more its calendar holds; a period of over a year is a warning."""
    schedule = MOVES_DAY.replace("            until: 2024-01-31\n", "").replace(
        "            from: 2024-02-01\n", "").replace(
        "period: {from: 2024-01-08, until: 2024-02-29}",
        "period: {from: 2024-01-08, until: 2033-01-28}")
    root = make_site(tmp_path, {"content/schedule.yaml": schedule})
    result = run(root, "build", now="2024-01-08T09:00")
    assert result.code == 0, result.err
    assert ('content/schedule.yaml:12: peringatan: "period" dari 2024-01-08 sampai 2033-01-28 '
            "lebih dari setahun; periksa tahunnya") in result.err
    html = read(root, "output/jadwal/komputer/index.html")
    coming = html.split("<h2>Sesi mendatang</h2>", 1)[1].split("</ul>", 1)[0]
    assert coming.count('<li class="session">') == 52   # and the one day off among them
    more = re.search(r"… dan ([\d.]+) sesi lagi, sampai ([^;]+); semuanya ada di kalender",
                     html)
    assert more and more[2] == "Jumat, 28 Januari 2033"
    assert 52 + int(more[1].replace(".", "")) == len(sessions(calendar(root, "komputer")))
    assert len(html.encode()) < 120_000


def test_a_period_written_under_one_day_says_how_to_give_that_day_its_dates(tmp_path):
    schedule = MOVES_DAY.replace("            until: 2024-01-31\n",
                                 "            period: {from: 2024-01-08, until: 2024-01-31}\n")
    root = make_site(tmp_path, {"content/schedule.yaml": schedule})
    result = run(root, "build", now="2024-01-08T09:00")
    assert result.code == 1
    assert ('content/schedule.yaml:9: kesalahan: "period" berlaku untuk seluruh kegiatan '
            '(sejajar dengan "weekly"); untuk hari ini saja, tulis "from:" dan/atau "until:" '
            'di bawah "day:", misalnya from: 2024-01-08; until: 2024-01-31') in result.err


def test_a_session_written_on_a_class_day_is_that_days_class(tmp_path):
    """A one-off session at the weekly class's hours on one of its days is that day's class,
    moved or called off: published once. Written as a second class, "Batal" stood under
    the same class shown as held, the old room beside the new, and a phone calendar still
    reminded of the weekly one."""
    schedule = WEEKLY.rstrip(" ") + """\
        sessions:
          - {date: 2024-01-23, start: 15.00, end: 17.00, cancelled: Pengajar sakit}
          - {date: 2024-01-25, start: 15.30, end: 17.30, location: Aula Utama}
          - {date: 2024-01-30, start: 15.00, end: 17.00, location: Aula Utama}
          - {date: 2024-02-01, start: 19.00, end: 20.00, note: Kelas malam tambahan}
    """.replace("[2024-01-09, 2024-01-18]", "[2024-01-09, 2024-01-18, 2024-01-30]")
    root = build(tmp_path, schedule, now="2024-01-08T09:00")
    held = [(at(date(2024, 1, 11), 15), at(date(2024, 1, 11), 17)),
            (at(date(2024, 1, 16), 15), at(date(2024, 1, 16), 17)),
            (at(date(2024, 1, 25), 15, 30), at(date(2024, 1, 25), 17, 30)),
            (at(date(2024, 1, 30), 15), at(date(2024, 1, 30), 17)),
            (at(date(2024, 2, 1), 15), at(date(2024, 2, 1), 17)),   # an extra class beside
            (at(date(2024, 2, 1), 19), at(date(2024, 2, 1), 20))]
    assert page_sessions(root, "yoga") == held
    found = recurring_ical_events.of(calendar(root, "yoga")).between(
        date(2024, 1, 1), date(2024, 3, 1))
    assert sorted((event.start, str(event.get("STATUS", ""))) for event in found
                  if event.start.date() in (date(2024, 1, 23), date(2024, 1, 25))) == [
        (at(date(2024, 1, 23), 15), "CANCELLED"), (at(date(2024, 1, 25), 15, 30), "")]
    html = read(root, "output/jadwal/yoga/index.html")
    day_23 = html[html.index("23 Januari 2024"):]
    day_23 = day_23[:day_23.index("</li>")]
    listed = re.findall(r'<span class="session-date">[^<]*, (\d+ Januari 2024)</span>', html)
    assert "Pengajar sakit" in day_23 and listed.count("23 Januari 2024") == 1
    # 30 January: in `except` and moved to the hall: held there, not a day off
    assert "30 Januari 2024" not in re.search(r'<span class="except">(.*?)</span>', html)[1]
    assert listed.count("30 Januari 2024") == 1 and listed.count("25 Januari 2024") == 1
