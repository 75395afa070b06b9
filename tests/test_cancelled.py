"""Sessions that do not take place, built end to end: a date of `except` (with the reason
its `note` gives) and a one-off session marked `cancelled` show as "Libur" and "Batal"
where the session would have been, on the program's page, the schedule and the home page, until
its time has passed; calendars and JSON-LD call them off rather than drop them."""

from __future__ import annotations

import json
import re

from icalendar import Calendar

from conftest import dedent, fails_cleanly, make_site, read, run, snapshot
from test_calendar import google_links

# NOW (conftest) is Tuesday 24 November 2026, 09.00.
SCHEDULE = dedent("""\
    programs:
      - id: merajut
        title: Pelatihan Merajut
        location: Ruang Kreativitas
        weekly:
          - day: Jumat
            start: 13.30
            end: 15.30
        period: {from: 2026-11-06, until: 2027-01-29}
        except:
          - 2026-11-27
          - {date: 2026-12-25, note: Hari Raya Natal}
          - date: 2027-01-22
            note: Pengajar mengikuti pelatihan
      - id: parenting
        title: Kuliah Parenting
        location: Aula Utama
        sessions:
          - date: 2026-11-28
            start: 9.00
            end: 11.00
            cancelled: Pemateri berhalangan, diganti 5 Desember
          - date: 2026-12-05
            start: 9.00
            end: 11.00
    """)
CANCELLED_ITEM = re.compile(r'<li class="session cancelled">(.*?)</li>', re.S)
SESSION_DATE = re.compile(r'<span class="session-date">([^<]+)</span>')


def replaced(schedule: str, old: str, new: str) -> str:
    assert old in schedule
    return schedule.replace(old, new)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def built_saying(tmp_path, schedule: str = SCHEDULE):
    """The site of `schedule` built (it must build) and what the build printed to stderr."""
    root = make_site(tmp_path, {"content/schedule.yaml": schedule})
    result = run(root, "build")
    assert result.code == 0, result.err
    return root, result.err


def built(tmp_path, schedule: str = SCHEDULE):
    return built_saying(tmp_path, schedule)[0]


def upcoming_part(html: str) -> str:
    return html.split("<h2>Sesi mendatang</h2>")[1].split("<h2>")[0]


def test_a_day_off_shows_where_the_class_would_have_met(tmp_path):
    root = built(tmp_path)
    page = upcoming_part(read(root, "output/jadwal/merajut/index.html"))
    dates = SESSION_DATE.findall(page)
    assert dates == ["Jumat, 27 November 2026", "Jumat, 4 Desember 2026",
                     "Jumat, 11 Desember 2026", "Jumat, 18 Desember 2026",
                     "Jumat, 25 Desember 2026", "Jumat, 1 Januari 2027",
                     "Jumat, 8 Januari 2027", "Jumat, 15 Januari 2027",
                     "Jumat, 22 Januari 2027", "Jumat, 29 Januari 2027"]
    off = [text(item) for item in CANCELLED_ITEM.findall(page)]
    assert off == [
        "Libur Jumat, 27 November 2026, 13.30–15.30 WIB · tidak ada sesi",
        "Libur Jumat, 25 Desember 2026, 13.30–15.30 WIB · tidak ada sesi: Hari Raya Natal",
        "Libur Jumat, 22 Januari 2027, 13.30–15.30 WIB · tidak ada sesi: Pengajar mengikuti "
        "pelatihan"]
    # only the sessions held can be kept in a calendar
    assert len(google_links(root, "merajut")) == len(dates) - 3
    assert "Ruang Kreativitas" not in "".join(CANCELLED_ITEM.findall(page))


def test_the_schedule_shows_each_session_called_off_on_its_day(tmp_path):
    schedule = read(built(tmp_path), "output/jadwal/index.html")
    this_week = schedule.split('<section class="week"')[1]
    days = re.findall(r'<h4 class="day">([^<]+)', this_week)
    assert [day.strip() for day in days] == ["Jumat, 27 November 2026", "Sabtu, 28 November 2026"]
    off = [text(item) for item in CANCELLED_ITEM.findall(this_week)]
    assert off == ["Libur 13.30–15.30 WIB Pelatihan Merajut · tidak ada sesi",
                   "Batal 09.00–11.00 WIB Kuliah Parenting · tidak ada sesi: Pemateri "
                   "berhalangan, diganti 5 Desember"]
    # each program's next sessions say so too
    merajut = schedule.split('id="program-merajut"')[1].split('<section class="program"')[0]
    assert SESSION_DATE.findall(merajut)[0] == "Jumat, 27 November 2026"
    assert "Libur" in merajut


def test_the_home_page_shows_days_off_among_its_next_sessions_only(tmp_path):
    home = read(built(tmp_path), "output/index.html")
    sessions = home.split('id="jadwal-terdekat"')[1].split("</ul>")[0]
    # the next six sessions run to 8 January; the day off of 22 January comes after them
    assert SESSION_DATE.findall(sessions) == [
        "Jumat, 27 November 2026", "Sabtu, 28 November 2026", "Jumat, 4 Desember 2026",
        "Sabtu, 5 Desember 2026", "Jumat, 11 Desember 2026", "Jumat, 18 Desember 2026",
        "Jumat, 25 Desember 2026", "Jumat, 1 Januari 2027", "Jumat, 8 Januari 2027"]
    assert len(CANCELLED_ITEM.findall(sessions)) == 3
    assert "22 Januari" not in sessions


def test_a_day_off_goes_once_its_time_has_passed(tmp_path):
    root = built(tmp_path)
    answer = run(root, "due", "--exit-code", now="2026-11-27T16:00")
    assert answer.code == 0, answer.out
    assert '2026-11-27 15:30: sesi "Pelatihan Merajut" yang diliburkan lewat' in answer.out
    later = run(root, "due", "--exit-code", now="2026-11-28T11:30")
    assert '2026-11-28 11:00: sesi "Kuliah Parenting" yang dibatalkan lewat' in later.out
    assert run(root, "build", now="2026-11-27T16:00").code == 0   # with the cache
    page = read(root, "output/jadwal/merajut/index.html")
    assert "27 November" not in upcoming_part(page)
    assert "27 November" not in page.split("Sesi yang sudah lewat")[-1]   # not a past session
    home = read(root, "output/index.html")
    assert "27 November" not in home and "Pemateri berhalangan" in home


def test_a_cancelled_session_stays_in_calendars_called_off(tmp_path):
    held = replaced(SCHEDULE, "        cancelled: Pemateri berhalangan, diganti 5 Desember\n", "")
    before = Calendar.from_ical(read(built(tmp_path / "a", held), "output/jadwal/parenting.ics"))
    root = built(tmp_path / "b")
    for path in ("output/jadwal/parenting.ics", "output/jadwal/jadwal.ics"):
        events = {str(event["dtstart"].dt.date()): event
                  for event in Calendar.from_ical(read(root, path)).walk("VEVENT")
                  if str(event["summary"]).endswith("Kuliah Parenting")}
        assert sorted(events) == ["2026-11-28", "2026-12-05"]
        assert events["2026-11-28"]["status"] == "CANCELLED"
        # said in the title too, for a client that ignores STATUS (test_calendar_subscribers)
        assert events["2026-11-28"]["summary"] == "BATAL: Kuliah Parenting"
        assert events["2026-12-05"]["summary"] == "Kuliah Parenting"
        assert "Dibatalkan: Pemateri berhalangan" in events["2026-11-28"]["description"]
        assert "status" not in events["2026-12-05"]
    # the same UID as when it was to be held: a calendar that has it marks it called off
    uids = {str(event["dtstart"].dt.date()): str(event["uid"]) for event in before.walk("VEVENT")}
    assert str(events["2026-11-28"]["uid"]) == uids["2026-11-28"]
    page = read(root, "output/jadwal/parenting/index.html")
    events_ld = [data for data in map(json.loads, re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S))
        if data.get("@type") == "Event"]
    assert [(event["startDate"][:10], event["eventStatus"].rsplit("/", 1)[1])
            for event in events_ld] == [("2026-11-28", "EventCancelled"),
                                       ("2026-12-05", "EventScheduled")]


def test_cancelled_may_be_yes_without_a_reason_and_no_keeps_the_session(tmp_path):
    schedule = replaced(replaced(SCHEDULE, "cancelled: Pemateri berhalangan, diganti 5 Desember",
                                 "cancelled: true"),
                        "      - date: 2026-12-05\n", "      - date: 2026-12-05\n"
                                                      "        cancelled: tidak\n")
    root = built(tmp_path, schedule)
    page = upcoming_part(read(root, "output/jadwal/parenting/index.html"))
    assert [text(item) for item in CANCELLED_ITEM.findall(page)] == [
        "Batal Sabtu, 28 November 2026, 09.00–11.00 WIB · tidak ada sesi"]
    assert len(google_links(root, "parenting")) == 1   # 5 December is held


def test_one_day_off_may_be_written_as_one_mapping(tmp_path):
    schedule = re.sub(r"    except:\n(      .*\n)+",
                      "    except: {date: 2026-12-25, note: Hari Raya Natal}\n", SCHEDULE)
    assert schedule.count("except") == 1 and "2026-11-27" not in schedule
    page = read(built(tmp_path, schedule), "output/jadwal/merajut/index.html")
    assert [text(item) for item in CANCELLED_ITEM.findall(page)] == [
        "Libur Jumat, 25 Desember 2026, 13.30–15.30 WIB · tidak ada sesi: Hari Raya Natal"]


def test_a_date_followed_by_its_reason_is_an_error_that_shows_how_to_write_it(tmp_path):
    root = make_site(tmp_path, {"content/schedule.yaml": SCHEDULE})
    bad = replaced(SCHEDULE, "      - 2026-11-27\n", "      - 2026-11-27 Hari Guru\n")
    failed = fails_cleanly(root, {"content/schedule.yaml": bad})
    line = next(line for line in failed.err.splitlines() if "2026-11-27 Hari Guru" in line)
    assert line.startswith("content/schedule.yaml:11:")
    assert "- {date: 2026-11-27, note: Hari Guru}" in line


def test_except_on_a_program_of_one_off_sessions_is_a_warning_naming_cancelled(tmp_path):
    schedule = replaced(SCHEDULE, "    location: Aula Utama\n",
                        "    location: Aula Utama\n    except: [2026-12-05]\n")
    root, err = built_saying(tmp_path, schedule)
    warning = next(line for line in err.splitlines() if '"except"' in line)
    assert warning.startswith("content/schedule.yaml:18:")
    assert "cancelled:" in warning
    # the session is held all the same
    assert "Sabtu, 5 Desember 2026" in upcoming_part(read(root, "output/jadwal/parenting/index.html"))
    assert len(google_links(root, "parenting")) == 1


def test_a_day_off_changes_only_its_programs_pages(tmp_path):
    root = built(tmp_path)
    before = snapshot(root / "output")
    schedule = replaced(SCHEDULE, "{date: 2026-12-25, note: Hari Raya Natal}",
                        "{date: 2026-12-25, note: Libur Natal dan cuti bersama}")
    (root / "content/schedule.yaml").write_text(schedule, encoding="utf-8")
    assert run(root, "build").code == 0
    after = snapshot(root / "output")
    changed = sorted(path for path in after if before.get(path) != after[path])
    assert "jadwal/merajut/index.html" in changed and "index.html" in changed
    assert "jadwal/parenting/index.html" not in changed
    assert "Libur Natal dan cuti bersama" in read(root, "output/index.html")


SPAN = re.sub(r"    except:\n(      .*\n)+",
              "    except:\n"
              "      - {from: 2026-12-21, until: 2027-01-03, note: Libur semester}\n"
              "      - {from: 2026-11-30, until: 2026-12-03, note: Ruang dipakai ujian}\n",
              SCHEDULE)


def test_a_break_of_several_days_is_one_span_with_its_reason(tmp_path):
    assert "from: 2026-12-21" in SPAN and "2026-11-27" not in SPAN
    root, err = built_saying(tmp_path, SPAN)
    # Monday to Thursday: no Friday class in it, so it changes nothing, and says so
    warnings = [line for line in err.splitlines() if ": peringatan: " in line]
    assert len(warnings) == 1, err
    warning = warnings[0]
    assert warning.startswith("content/schedule.yaml:12: peringatan: libur dari 2026-11-30 "
                              "sampai 2026-12-03 tidak mengenai satu pun sesi mingguan")
    page = read(root, "output/jadwal/merajut/index.html")
    assert [text(item) for item in CANCELLED_ITEM.findall(page)] == [
        "Libur Jumat, 25 Desember 2026, 13.30–15.30 WIB · tidak ada sesi: Libur semester",
        "Libur Jumat, 1 Januari 2027, 13.30–15.30 WIB · tidak ada sesi: Libur semester"]
    # the program's summary line shows the breaks as written
    assert "(libur: 30 November – 3 Desember 2026, 21 Desember 2026 – 3 Januari 2027)" \
        in text(page)
    calendar = Calendar.from_ical(read(root, "output/jadwal/merajut.ics"))
    (weekly,) = [event for event in calendar.walk("VEVENT")]
    skipped = sorted(str(when.dt.date()) for when in weekly["exdate"].dts)
    assert skipped == ["2026-12-25", "2027-01-01"]


def test_a_day_the_library_closes_within_a_break_is_told_once_as_part_of_it(tmp_path):
    """`closed: 2026-12-25` falls within the class's break of 21 December to 3 January:
    the summary line names the break alone, not "…, 25 Desember 2026" again."""
    root = built(tmp_path, "closed:\n  - {date: 2026-12-25, note: Hari Raya Natal}\n" + SPAN)
    page = text(read(root, "output/jadwal/merajut/index.html"))
    assert "(libur: 30 November – 3 Desember 2026, 21 Desember 2026 – 3 Januari 2027)" in page


def test_a_span_that_ends_before_it_begins_is_an_error(tmp_path):
    root = make_site(tmp_path, {"content/schedule.yaml": SCHEDULE})
    bad = replaced(SCHEDULE, "      - 2026-11-27\n",
                   "      - {from: 2026-12-28, until: 2026-12-21, note: Libur semester}\n")
    failed = fails_cleanly(root, {"content/schedule.yaml": bad})
    assert ('content/schedule.yaml:11: kesalahan: "until" (2026-12-21) tidak boleh sebelum '
            '"from" (2026-12-28)') in failed.err


def test_a_day_off_that_meets_no_class_is_a_warning_at_its_line(tmp_path):
    schedule = replaced(SCHEDULE, "      - 2026-11-27\n",
                        "      - 2026-11-26\n      - 2027-02-05\n")   # a Thursday; after the period
    _, err = built_saying(tmp_path, schedule)
    assert ("content/schedule.yaml:11: peringatan: tanggal pengecualian 2026-11-26 jatuh pada "
            "hari Kamis, bukan hari kegiatan mingguan") in err
    assert ('content/schedule.yaml:12: peringatan: tanggal pengecualian 2027-02-05 berada di '
            'luar "period"') in err


def test_a_calendar_says_why_a_weekly_class_skips_its_days_off(tmp_path):
    root = built(tmp_path)
    (weekly,) = Calendar.from_ical(read(root, "output/jadwal/merajut.ics")).walk("VEVENT")
    assert sorted(str(when.dt.date()) for when in weekly["exdate"].dts) == [
        "2026-11-27", "2026-12-25", "2027-01-22"]
    assert ("Libur: 27 November 2026, 25 Desember 2026 (Hari Raya Natal), 22 Januari 2027 "
            "(Pengajar mengikuti pelatihan)") in str(weekly["description"])


def test_cancelled_under_a_weekly_rule_says_to_use_except(tmp_path):
    schedule = replaced(replaced(SCHEDULE, "        end: 15.30\n",
                                 "        end: 15.30\n        cancelled: 2026-12-04\n"),
                        "        cancelled: Pemateri berhalangan, diganti 5 Desember\n",
                        "        except: true\n")
    _, err = built_saying(tmp_path, schedule)
    assert ('content/schedule.yaml:9: peringatan: kelas mingguan diliburkan per tanggal: tulis '
            'tanggalnya di "except"') in err
    assert ('content/schedule.yaml:23: peringatan: untuk membatalkan sesi ini, tulis '
            '"cancelled:"') in err
    assert "tidak dikenal" not in err
