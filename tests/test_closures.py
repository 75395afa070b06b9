"""Days the library is closed: schedule.yaml's `closed` (an addition to the content
format). Staff write a holiday once; every weekly class falling on it is off ("Libur",
with the holiday's name), the schedule shows the day as closed even when no class falls
on it, calendars leave those sessions out, the footer of every page warns of a closure
in the next two weeks, and search engines are told the day's special hours."""

from __future__ import annotations

import json
import re
from datetime import date

import recurring_ical_events
from icalendar import Calendar

from conftest import fails_cleanly, make_site, read, run, snapshot, write_files

SCHEDULE = """\
    closed:
      - 2026-11-27
      - {date: 2026-12-01, note: Rapat kerja pegawai}
      - {from: 2026-12-07, until: 2026-12-09, note: Renovasi ruang baca}
    programs:
      - id: komputer
        title: Kelas Komputer
        location: Ruang Komputer
        weekly:
          - {day: Selasa, start: 9.00, end: 11.00}
        period: {from: 2026-11-24, until: 2026-12-29}
        except: [{date: 2026-12-15, note: Pengajar berhalangan}]
      - id: parenting
        title: Kuliah Parenting
        location: Aula Utama
        sessions:
          - {date: 2026-12-12, start: 9.00, end: 11.00}
    """

SITE_YAML = """\
    title: Perpustakaan Uji
    base_url: https://example.org/
    contact:
      opening_hours:
        - "Senin–Jumat: 08.00–15.30 WIB"
    """


def _site(tmp_path, schedule: str = SCHEDULE):
    return make_site(tmp_path, {"content/schedule.yaml": schedule,
                                "content/site.yaml": SITE_YAML})


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def _footer_closures(root, page: str = "index.html") -> list[str]:
    footer = read(root, f"output/{page}").split("<footer", 1)[1]
    found = re.search(r'<ul class="closures">(.*?)</ul>', footer, re.S)
    return [_text(item) for item in re.findall(r"<li>(.*?)</li>", found[1], re.S)] if found else []


def _session_dates(root, name: str) -> list[date]:
    cal = Calendar.from_ical((root / f"output/jadwal/{name}.ics").read_bytes())
    return sorted(event.start.date() for event in
                  recurring_ical_events.of(cal).between(date(2026, 1, 1), date(2028, 1, 1)))


def test_weekly_classes_on_a_closed_day_are_off_with_the_closures_name(tmp_path):
    root = _site(tmp_path)
    result = run(root, "build")
    assert result.code == 0, result.err
    assert "closed" not in result.err   # a closure no class falls on is no mistake
    page = read(root, "output/jadwal/komputer/index.html")
    dropped = [_text(item) for item in
               re.findall(r'<li class="session cancelled">(.*?)</li>', page, re.S)]
    assert [line.split(" ", 1)[0] for line in dropped] == ["Libur"] * 3
    assert "Rapat kerja pegawai" in dropped[0] and "1 Desember" in dropped[0]
    assert "Renovasi ruang baca" in dropped[1] and "8 Desember" in dropped[1]
    assert "Pengajar berhalangan" in dropped[2]
    # Phone calendars leave them out, the program's own and the whole schedule's alike.
    held = [date(2026, 11, 24), date(2026, 12, 22), date(2026, 12, 29)]
    assert _session_dates(root, "komputer") == held
    assert _session_dates(root, "jadwal") == sorted(held + [date(2026, 12, 12)])


def _dropped(root) -> list[str]:
    """The text of each session a built class page marks off ("Libur"), the build clean."""
    result = run(root, "build")
    assert result.code == 0 and result.err == "", result.err
    page = read(root, "output/jadwal/komputer/index.html")
    return [_text(item) for item in
            re.findall(r'<li class="session cancelled">(.*?)</li>', page, re.S)]


def test_closed_days_written_as_date_and_note_pairs_are_read_so(tmp_path):
    """"2026-12-01: Rapat kerja pegawai" under `closed:` (a mapping, YAML's natural way to
    pair them) is the day and its note, as {date: ..., note: ...} is."""
    root = _site(tmp_path, SCHEDULE.replace(
        """      - 2026-11-27
      - {date: 2026-12-01, note: Rapat kerja pegawai}
      - {from: 2026-12-07, until: 2026-12-09, note: Renovasi ruang baca}
""", """      2026-12-01: Rapat kerja pegawai
      2026-12-08: Renovasi ruang baca
"""))
    dropped = _dropped(root)
    assert "Rapat kerja pegawai" in dropped[0] and "1 Desember" in dropped[0]
    assert "Renovasi ruang baca" in dropped[1] and "8 Desember" in dropped[1]


def test_closed_days_written_as_list_items_of_date_and_note_are_read_so(tmp_path):
    """"- 2026-12-01: Rapat kerja pegawai", a pair written as a list item among the others
    (a line copied from the mapping form), was a missing "date" and an unknown field."""
    root = _site(tmp_path, SCHEDULE.replace(
        "      - {date: 2026-12-01, note: Rapat kerja pegawai}\n",
        "      - 2026-12-01: Rapat kerja pegawai\n"))
    dropped = _dropped(root)
    assert "Rapat kerja pegawai" in dropped[0] and "1 Desember" in dropped[0]
    assert "Renovasi ruang baca" in dropped[1]


def test_staff_are_told_when_the_holidays_run_out(tmp_path):
    """Holidays are in `closed` only as far as staff wrote them: on a holiday past the
    list, the home page said "Hari ini, Selasa: buka 08.00–15.30 WIB" under a footer
    saying holidays are closed. A warning asks for the holidays when the list has run out,
    and from December for next year's."""
    site_yaml = SITE_YAML.replace(
        'WIB"\n', 'WIB"\n        - "Minggu dan hari libur nasional: tutup"\n')
    root = make_site(tmp_path, {"content/schedule.yaml": SCHEDULE,
                                "content/site.yaml": site_yaml})
    told = ('content/schedule.yaml:4: peringatan: hari libur di "closed" sudah lewat semua '
            "(yang terakhir 9 Desember 2026), padahal jam buka di site.yaml menyebut hari libur "
            "tutup; tambahkan hari libur nasional dan cuti bersama tahun 2026 dan 2027")
    assert told in run(root, "check", now="2026-12-10T09:00").err
    assert ('"closed" belum memuat hari libur tahun 2027 (yang terakhir 9 Desember 2026)'
            in run(root, "check", now="2026-12-01T09:00").err)
    assert "closed" not in run(root, "check", now="2026-11-24T09:00").err
    next_year = SCHEDULE.replace("    programs:", "      - {date: 2027-03-10, note: Idulfitri}\n"
                                                "    programs:")
    write_files(root, {"content/schedule.yaml": next_year})
    assert "closed" not in run(root, "check", now="2026-12-10T09:00").err
    write_files(root, {"content/site.yaml": SITE_YAML})   # holidays not said to be closed
    assert "closed" not in run(root, "check", now="2027-04-01T09:00").err


def test_the_schedule_shows_a_closed_day_even_when_no_class_falls_on_it(tmp_path):
    root = _site(tmp_path)
    assert run(root, "build").code == 0
    weeks = read(root, "output/jadwal/index.html").split('id="pekan-ini"', 1)[1]
    weeks = weeks.split('id="program-berjalan"', 1)[0]
    days = [chunk.split("</h4>", 1) for chunk in weeks.split('<h4 class="day">')[1:]]
    closed = {_text(day): _text(rest.split('<p class="closure">', 1)[1].split("</p>", 1)[0])
              for day, rest in days if '<p class="closure">' in rest}
    assert closed == {
        "Jumat, 27 November 2026": "Perpustakaan tutup.",
        "Selasa, 1 Desember 2026": "Perpustakaan tutup: Rapat kerja pegawai.",
        "Senin, 7 Desember 2026": "Perpustakaan tutup: Renovasi ruang baca.",
        "Selasa, 8 Desember 2026": "Perpustakaan tutup: Renovasi ruang baca.",
        "Rabu, 9 Desember 2026": "Perpustakaan tutup: Renovasi ruang baca.",
    }
    # The class that day is still listed, as off, under the closed day's line, which
    # alone gives the reason.
    tuesday = weeks.split("Selasa, 1 Desember 2026", 1)[1].split('<h4 class="day">', 1)[0]
    assert "Kelas Komputer" in tuesday and "Libur" in tuesday
    assert tuesday.count("Rapat kerja pegawai") == 1 and "tidak ada sesi</span>" in tuesday


def test_the_footer_warns_of_closures_in_the_next_two_weeks(tmp_path):
    root = _site(tmp_path, SCHEDULE.replace("closed:\n", "closed:\n      - 2026-11-27\n"))
    assert run(root, "build", now="2026-11-24T09:00").code == 0
    expected = ["Tutup Jumat, 27 November 2026",
                "Tutup Selasa, 1 Desember 2026: Rapat kerja pegawai",
                "Tutup 7–9 Desember 2026: Renovasi ruang baca"]
    assert _footer_closures(root) == expected
    assert _footer_closures(root, "jadwal/komputer/index.html") == expected
    # Two weeks ahead is the horizon: on the 24th the renovation (from the 7th) was 13
    # days off; on the 22nd it was 15, and not yet told.
    assert run(root, "build", now="2026-11-22T09:00").code == 0
    assert _footer_closures(root) == expected[:2]
    # A closure in progress says so; one over is gone, with no file changed.
    assert run(root, "build", now="2026-12-08T09:00").code == 0
    assert _footer_closures(root) == [
        "Tutup hari ini, Selasa 8 Desember, sampai 9 Desember 2026: Renovasi ruang baca"]
    before = snapshot(root / "output")
    assert run(root, "build", now="2026-12-10T09:00").code == 0
    assert _footer_closures(root) == []
    assert '<ul class="closures">' not in read(root, "output/index.html")
    assert snapshot(root / "output") != before


def _home_main(root) -> str:
    return read(root, "output/index.html").split('<main', 1)[1].split("</main>", 1)[0]


def _home_closure(root) -> list[str]:
    return [_text(line) for line in
            re.findall(r'<p class="closure">(.*?)</p>', _home_main(root), re.S)]


def test_the_home_page_says_first_when_the_library_is_closed_today_or_tomorrow(tmp_path):
    root = _site(tmp_path)
    assert run(root, "build", now="2026-11-24T09:00").code == 0
    assert _home_closure(root) == []
    assert run(root, "build", now="2026-11-30T09:00").code == 0
    assert _home_closure(root) == [
        "Besok, Selasa 1 Desember, perpustakaan tutup: Rapat kerja pegawai."]
    assert run(root, "build", now="2026-12-06T09:00").code == 0
    assert _home_closure(root) == [
        "Besok, Senin 7 Desember, perpustakaan tutup sampai 9 Desember 2026: Renovasi ruang baca."]
    assert run(root, "build", now="2026-12-08T09:00").code == 0
    assert _home_closure(root) == [
        "Hari ini, Selasa 8 Desember, perpustakaan tutup sampai 9 Desember 2026: Renovasi "
        "ruang baca."]
    assert run(root, "build", now="2026-12-09T09:00").code == 0
    assert _home_closure(root) == [
        "Hari ini, Rabu 9 Desember, perpustakaan tutup: Renovasi ruang baca."]


def _today_line(root) -> str | None:
    found = re.search(r'<p class="today-hours">(.*?)</p>', _home_main(root), re.S)
    return _text(found[1]) if found else None


def test_the_home_page_says_todays_hours_as_site_yaml_writes_them(tmp_path):
    hours = SITE_YAML.replace('        - "Senin–Jumat: 08.00–15.30 WIB"\n', (
        '        - "Senin–Kamis: 08.00–15.30 WIB"\n'
        '        - "Jumat: 08.00–11.00 dan 13.00–16.00 WIB"\n'
        '        - "Minggu dan hari libur nasional: tutup"\n'))
    root = make_site(tmp_path, {"content/schedule.yaml": SCHEDULE, "content/site.yaml": hours})
    expected = {"2026-11-23T07:00": "Hari ini, Senin 23 November: buka 08.00–15.30 WIB.",
                "2026-11-20T12:00": "Hari ini, Jumat 20 November: buka 08.00–11.00 dan "
                                    "13.00–16.00 WIB.",
                "2026-11-22T09:00": "Hari ini, Minggu 22 November: perpustakaan tutup.",
                "2026-11-21T09:00": None,   # Saturday: no line names it
                "2026-11-27T09:00": None}   # closed (`closed`): that line says it instead
    for now, line in expected.items():
        assert run(root, "build", now=now).code == 0
        assert _today_line(root) == line, now
    assert _home_closure(root) == ["Hari ini, Jumat 27 November, perpustakaan tutup."]
    # Hours it cannot read are not guessed at.
    write_files(root, {"content/site.yaml": hours.replace("Senin–Kamis", "Hari kerja")})
    assert run(root, "build", now="2026-11-23T07:00").code == 0
    assert _today_line(root) is None


def test_a_class_held_on_a_day_the_library_is_closed_is_said_to_go_ahead(tmp_path):
    # Yoga in the yard on Sunday morning while the library is closed: "Hari ini, Minggu:
    # perpustakaan tutup" above a class listed "Hari ini" reads as if the class were off.
    hours = SITE_YAML.replace('        - "Senin–Jumat: 08.00–15.30 WIB"\n', (
        '        - "Senin–Sabtu: 08.00–15.30 WIB"\n'
        '        - "Minggu: tutup"\n'))
    schedule = SCHEDULE.replace("    programs:\n", (
        "    programs:\n"
        "      - id: yoga\n"
        "        title: Kelas Yoga\n"
        "        location: Halaman Perpustakaan\n"
        "        weekly:\n"
        "          - {day: Minggu, start: 6.30, end: 8.00}\n"
        "        period: {from: 2026-11-01, until: 2026-12-31}\n"
        "      - id: senam\n"
        "        title: Senam Lansia\n"
        "        location: Halaman Perpustakaan\n"
        "        sessions:\n"
        "          - {date: 2026-11-29, start: 8.30}\n"))
    root = make_site(tmp_path, {"content/schedule.yaml": schedule, "content/site.yaml": hours})
    expected = {
        "2026-11-22T05:00": "Hari ini, Minggu 22 November: perpustakaan tutup, tetapi Kelas Yoga "
                            "tetap berlangsung sesuai jadwal.",
        "2026-11-29T05:00": "Hari ini, Minggu 29 November: perpustakaan tutup, tetapi Kelas "
                            "Yoga dan Senam Lansia tetap berlangsung sesuai jadwal.",
        # Under way: still going ahead. Once it has ended, the line says only the hours.
        "2026-11-22T07:00": "Hari ini, Minggu 22 November: perpustakaan tutup, tetapi Kelas Yoga "
                            "tetap berlangsung sesuai jadwal.",
        "2026-11-22T08:30": "Hari ini, Minggu 22 November: perpustakaan tutup.",
        # Held on an open day: nothing to add.
        "2026-11-23T07:00": "Hari ini, Senin 23 November: buka 08.00–15.30 WIB."}
    for now, line in expected.items():
        assert run(root, "build", now=now).code == 0
        assert _today_line(root) == line, now


def test_search_engines_are_told_the_special_hours_of_closed_days(tmp_path):
    root = _site(tmp_path)
    assert run(root, "build", now="2026-11-28T09:00").code == 0
    home = read(root, "output/index.html")
    blocks = [json.loads(block) for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', home, re.S)]
    library = next(block for block in blocks if block.get("@type") == "Library")
    # The past closure (27 November) is left out; each one to come is closed all day.
    assert library["specialOpeningHoursSpecification"] == [
        {"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00",
         "validFrom": "2026-12-01", "validThrough": "2026-12-01"},
        {"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00",
         "validFrom": "2026-12-07", "validThrough": "2026-12-09"},
    ]
    assert library["openingHoursSpecification"]   # the regular hours stay
    # on the last day of a closure, it is still told
    assert run(root, "build", now="2026-12-09T09:00").code == 0
    home = read(root, "output/index.html")
    told = [json.loads(block) for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', home, re.S)]
    library = next(block for block in told if block.get("@type") == "Library")
    assert [(special["validFrom"], special["validThrough"])
            for special in library["specialOpeningHoursSpecification"]] == [
        ("2026-12-07", "2026-12-09")]


def test_a_one_off_session_on_a_closed_day_is_kept_with_a_warning(tmp_path):
    schedule = SCHEDULE.replace("date: 2026-12-12", "date: 2026-12-08")
    root = _site(tmp_path, schedule)
    result = run(root, "build")
    assert result.code == 0, result.err
    line = schedule.splitlines().index(
        "          - {date: 2026-12-08, start: 9.00, end: 11.00}") + 1
    assert f"schedule.yaml:{line}" in result.err
    assert "Renovasi ruang baca" in result.err and "cancelled" in result.err
    page = read(root, "output/jadwal/parenting/index.html")
    assert "Selasa, 8 Desember 2026" in page and "session cancelled" not in page
    # Held elsewhere that day, as its own `location` says: nothing to warn of.
    write_files(root, {"content/schedule.yaml": schedule.replace(
        "2026-12-08, start: 9.00, end: 11.00}",
        "2026-12-08, start: 9.00, end: 11.00, location: Balai Desa Mulyoharjo}")})
    result = run(root, "build")
    assert result.code == 0 and "schedule.yaml" not in result.err, result.err


def test_a_closure_that_is_not_a_date_fails_with_its_line_and_keeps_the_site(tmp_path):
    root = _site(tmp_path)
    bad = SCHEDULE.replace("- 2026-11-27", "- 27-11-2026 libur").replace(
        "until: 2026-12-09", "until: 2026-12-05")
    failed = fails_cleanly(root, {"content/schedule.yaml": bad})
    assert "schedule.yaml:2:" in failed.err and '"closed"' in failed.err
    assert "schedule.yaml:4:" in failed.err   # both problems in one run
    assert "until" in failed.err


def test_a_closures_note_is_escaped_and_its_phone_number_linked(tmp_path):
    schedule = SCHEDULE.replace("note: Rapat kerja pegawai",
                                'note: "<b>Rapat</b>; info WA 0812-3456-7890"')
    root = _site(tmp_path, schedule)
    assert run(root, "build").code == 0
    for page in ("index.html", "jadwal/index.html"):
        html = read(root, f"output/{page}")
        assert "<b>Rapat</b>" not in html and "&lt;b&gt;Rapat&lt;/b&gt;" in html
        assert 'href="https://wa.me/6281234567890"' in html


def test_closed_written_in_indonesian_is_pointed_to_the_right_name(tmp_path):
    root = _site(tmp_path, SCHEDULE.replace("closed:", "tutup:"))
    result = run(root, "build")
    assert result.code == 0
    assert 'kolom "tutup" tidak dikenal dan diabaikan; mungkin maksudnya "closed"?' in result.err


def test_closed_under_a_program_or_except_at_the_top_say_where_each_belongs(tmp_path):
    schedule = """\
        except: [2026-12-24]
        programs:
          - id: yoga
            title: Kelas Yoga
            weekly:
              - {day: Jumat, start: 6.30, end: 8.00}
            period: {from: 2026-11-06, until: 2027-02-26}
            closed: [2026-12-25]
        """
    root = _site(tmp_path, schedule)
    result = run(root, "build")
    assert result.code == 0, result.err
    err = result.err
    assert "schedule.yaml:1:" in err and 'tulis "closed:"' in err
    assert "schedule.yaml:8:" in err and 'sejajar dengan "programs:"' in err
    assert "tidak dikenal" not in err
