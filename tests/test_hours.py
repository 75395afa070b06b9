"""Opening hours as staff write them in site.yaml, read for search engines (hours.py):
the Library's JSON-LD gets openingHoursSpecification when every line can be read, and
none when one cannot (a day left out would read as closed)."""

from __future__ import annotations

from datetime import time

import pytest

from conftest import make_site, read, run
from site_builder.hours import OpeningHours, read_opening_hours
from test_theme import built, structure

SAMPLE = ["Senin–Kamis: 08.00–15.30 WIB",
          "Jumat: 08.00–11.00 dan 13.00–16.00 WIB",
          "Sabtu: 08.00–13.00 WIB",
          "Minggu dan hari libur nasional: tutup"]


def test_the_sample_sites_hours_are_read_day_by_day():
    assert read_opening_hours(SAMPLE) == (
        OpeningHours((0, 1, 2, 3), time(8), time(15, 30)),
        OpeningHours((4,), time(8), time(11)),
        OpeningHours((4,), time(13), time(16)),
        OpeningHours((5,), time(8), time(13)),
    )


@pytest.mark.parametrize("line, expected", [
    ("Senin - Jumat : 07:30 - 16:00", [((0, 1, 2, 3, 4), time(7, 30), time(16))]),
    ("Senin s.d. Kamis 8.00-15.30", [((0, 1, 2, 3), time(8), time(15, 30))]),
    ("Selasa, Rabu & Jum'at: 09.00 sampai 12.00 WIB", [((1, 2, 4), time(9), time(12))]),
    ("sabtu dan minggu: 08.00–12.00, 13.00–15.00",
     [((5, 6), time(8), time(12)), ((5, 6), time(13), time(15))]),
    ("Ahad: libur", []),
    ("Sunday: closed", []),
    ("Jumat–Senin: 08.00–12.00", [((4, 5, 6, 0), time(8), time(12))]),   # across the weekend
    # a break in parentheses splits the hours
    ("Senin–Kamis: 08.00–15.30 WIB (istirahat 12.00–13.00)",
     [((0, 1, 2, 3), time(8), time(12)), ((0, 1, 2, 3), time(13), time(15, 30))]),
    ("Jumat: 07.30-16.00 (Istirahat siang: 11.00 - 13.00 WIB)",
     [((4,), time(7, 30), time(11)), ((4,), time(13), time(16))]),
])
def test_lines_as_people_write_them(line, expected):
    assert read_opening_hours([line]) == tuple(OpeningHours(*item) for item in expected)


@pytest.mark.parametrize("line", [
    "Buka setiap hari kerja",                       # no day named, no hours
    "Senin–Kamis: pagi sampai sore",                # no hours
    "Senin–Kamis: 15.30–08.00",                     # closes before it opens
    "Senin–Kamis: 08.00–15.30 (istirahat 12.00)",   # more than the builder reads
    "Senin–Kamis: 08.00–15.30 (istirahat 16.00–17.00)",   # a break when it is closed
    "Hari kerja: 08.00–15.30",                      # days it cannot name
    "Libur nasional: 08.00–12.00",                  # open on holidays: no day to say it of
])
def test_a_line_that_cannot_be_read_gives_no_hours_at_all(line):
    assert read_opening_hours([*SAMPLE[:2], line]) is None


def test_the_home_pages_library_json_ld_has_the_hours(tmp_path):
    hours = "\n".join(f'    - "{line}"' for line in SAMPLE)
    site = (f"title: Perpustakaan Uji\nbase_url: https://example.org/\ncontact:\n"
            f"  opening_hours:\n{hours}\n")
    root = built(tmp_path, {"content/site.yaml": site})
    library = next(data for data in structure(read(root, "output/index.html")).json_ld
                   if data["@type"] == "Library")
    assert library["openingHoursSpecification"] == [
        {"@type": "OpeningHoursSpecification",
         "dayOfWeek": ["Monday", "Tuesday", "Wednesday", "Thursday"],
         "opens": "08:00", "closes": "15:30"},
        {"@type": "OpeningHoursSpecification", "dayOfWeek": ["Friday"],
         "opens": "08:00", "closes": "11:00"},
        {"@type": "OpeningHoursSpecification", "dayOfWeek": ["Friday"],
         "opens": "13:00", "closes": "16:00"},
        {"@type": "OpeningHoursSpecification", "dayOfWeek": ["Saturday"],
         "opens": "08:00", "closes": "13:00"}]

    free_text = site.replace(SAMPLE[2], "Sabtu: jam 8 pagi sampai siang")
    root = built(tmp_path / "b", {"content/site.yaml": free_text})
    library = next(data for data in structure(read(root, "output/index.html")).json_ld
                   if data["@type"] == "Library")
    assert "openingHoursSpecification" not in library
    assert "Sabtu: jam 8 pagi sampai siang" in read(root, "output/index.html")   # shown


def test_a_misspelt_day_in_the_hours_is_a_warning_naming_the_day_to_write(tmp_path):
    # "Senen" (Javanese) makes the line unreadable: without a word, the home page's "Hari
    # ini" line and the hours search engines show would both vanish.
    lines = [SAMPLE[0].replace("Senin", "Senen"), SAMPLE[1], "Sabtu: jam 8 pagi sampai siang",
             SAMPLE[3], "Minggu: 9 pagi - 1 siang WIB"]
    hours = "\n".join(f'    - "{line}"' for line in lines)
    root = make_site(tmp_path, {"content/site.yaml": (
        f"title: Perpustakaan Uji\nbase_url: https://example.org/\ncontact:\n"
        f"  opening_hours:\n{hours}\n")})
    result = run(root, "build")
    output = result.out + result.err
    assert result.code == 0, output
    warnings = [line for line in output.splitlines() if "peringatan:" in line]
    # A warning at the line of "Senen", one at hours said ("9 pagi - 1 siang") with the
    # line to write; the free text of Saturday, which names no hour to write, is told how
    # such a line is written (it is shown as it is).
    assert warnings == [
        'content/site.yaml:5: peringatan: jam buka "Senen–Kamis: 08.00–15.30 WIB": hari '
        '"Senen" tidak dikenal, mungkin maksudnya Senin; selama satu baris jam buka tidak '
        'terbaca, beranda tidak menulis jam buka hari ini dan mesin pencari tidak diberi jam '
        'buka',
        'content/site.yaml:7: peringatan: jam buka "Sabtu: jam 8 pagi sampai siang" tidak '
        'terbaca: tulis hari, titik dua, lalu jamnya, misalnya "Senin–Kamis: 08.00–15.30 WIB", '
        '"Jumat: 08.00–11.00 dan 13.00–16.00 WIB" atau "Minggu: tutup"; selama satu baris jam '
        'buka tidak terbaca, beranda tidak menulis jam buka hari ini dan mesin pencari tidak '
        'diberi jam buka',
        'content/site.yaml:9: peringatan: jam buka "Minggu: 9 pagi - 1 siang WIB": jamnya '
        'tidak terbaca, mungkin maksudnya "Minggu: 09.00–13.00 WIB"; selama satu baris jam '
        'buka tidak terbaca, beranda tidak menulis jam buka hari ini dan mesin pencari tidak '
        'diberi jam buka'], output


def test_an_hours_line_written_unquoted_is_told_the_quoted_line(tmp_path):
    """"- Sabtu: 08.00–13.00 WIB" is a mapping to YAML (a name and a value): the error
    gives the line in quotes, as the other lines are written."""
    root = make_site(tmp_path, {"content/site.yaml": (
        "title: Perpustakaan Uji\nbase_url: https://example.org/\ncontact:\n"
        '  opening_hours:\n    - "Senin–Kamis: 08.00–15.30 WIB"\n    - Sabtu: 08.00–13.00 WIB\n')})
    result = run(root, "build")
    assert result.code == 1
    assert ('content/site.yaml:6: kesalahan: isi kolom "opening_hours" harus berupa teks, bukan '
            'pemetaan (nama: nilai); apit barisnya dengan tanda kutip: - "Sabtu: 08.00–13.00 '
            'WIB"') in result.err, result.err
