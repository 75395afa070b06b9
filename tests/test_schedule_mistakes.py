"""Mistakes staff make editing schedule.yaml on a phone (a copied block left unchanged,
last year's year, one space too many, a break among closed days written in pairs, closing
registration in words, times and dates written as people say them): each gives one
message, in Indonesian, at its line, that says what to write.

Every case is a real site built through the command line. An error leaves output/ as
the build before it wrote it (`fails_cleanly`); the whole list of problems of the run
is compared, so a mistake is told once and nothing else is said.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import dedent, fails_cleanly, make_site, run, write_files

SCHEDULE = "content/schedule.yaml"

# Lines: 1 programs, 2 id, 3 title, 4 weekly, 5 day, 6 start, 7 end, 8 day, 9 start,
# 10 end, 11 period, 12 id, 13 title, 14 sessions, 15 date, 16 start, 17 end, 18 note,
# 19 date, 20 start, 21 end, 22 note.
VALID = """\
    programs:
      - id: bahasa-inggris
        title: Pelatihan Bahasa Inggris
        weekly:
          - day: Selasa
            start: 15:00
            end: 17:00
          - day: Kamis
            start: 15:00
            end: 17:00
        period: {from: 2026-09-01, until: 2027-01-28}
      - id: kuliah-parenting
        title: Kuliah Parenting
        sessions:
          - date: 2026-12-19
            start: 09:00
            end: 11:30
            note: Menumbuhkan kebiasaan membaca
          - date: 2027-01-16
            start: 09:00
            end: 11:30
            note: Mendampingi anak belajar
    """

KAMIS = "      - day: Kamis\n        start: 15:00\n        end: 17:00\n"
LAST_SESSION = ("      - date: 2027-01-16\n        start: 09:00\n        end: 11:30\n"
                "        note: Mendampingi anak belajar\n")


def schedule(*pairs: str) -> str:
    """VALID (dedented) with each (old, new) pair replaced once."""
    text = dedent(VALID)
    for old, new in zip(pairs[::2], pairs[1::2]):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def problems(err: str) -> list[str]:
    """The problem lines of a run's stderr, as printed."""
    return [line for line in err.splitlines() if ": kesalahan: " in line
            or ": peringatan: " in line]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_site(tmp_path, {SCHEDULE: VALID})


def refused(root: Path, text: str) -> list[str]:
    """The problems of a build of `text` after a good build: it fails, output/ unchanged."""
    write_files(root, {SCHEDULE: VALID})
    return problems(fails_cleanly(root, {SCHEDULE: text}).err)


def built(root: Path, text: str) -> list[str]:
    """The problems (warnings) of a build of `text`, which succeeds."""
    write_files(root, {SCHEDULE: text}, exact=True)
    result = run(root, "build")
    assert result.code == 0, result.err
    return problems(result.err)


# -- finding 2: a session or a weekly day copied and not changed ------------------------

def test_a_session_copied_without_its_new_date_is_an_error(root: Path):
    copy = LAST_SESSION.replace("Mendampingi anak belajar", "Literasi digital keluarga")
    assert refused(root, schedule(LAST_SESSION, LAST_SESSION + copy)) == [
        f"{SCHEDULE}:23: kesalahan: sesi ini sama tanggal dan jam mulainya dengan sesi di "
        "baris 19 (2027-01-16, 09.00), jadi tampil dua kali; jika ini sesi baru hasil "
        "salinan, ganti tanggalnya"]
    # its new date, or another hour of the same day: two sessions, no message
    assert built(root, schedule(LAST_SESSION, LAST_SESSION + copy.replace("01-16", "02-20"))) \
        == []
    assert built(root, schedule(LAST_SESSION, LAST_SESSION + copy.replace("09:00", "13:00")
                                .replace("11:30", "15:00"))) == []
    # two groups at once, in two rooms
    assert built(root, schedule(LAST_SESSION, LAST_SESSION + copy.replace(
        "        note:", "        location: Ruang Anak\n        note:"))) == []


def test_a_new_term_written_as_a_program_of_the_same_title_is_a_warning(root: Path):
    """The next term added as a new program: /jadwal/ listed the title twice, and the old
    page (a printed QR code, a news item's link) said the class was over."""
    term = ("  - id: bahasa-inggris-2027\n    title: Pelatihan Bahasa Inggris\n"
            "    sessions:\n      - {date: 2027-09-07, start: 15:00, end: 17:00}\n")
    assert built(root, schedule("  - id: kuliah-parenting\n",
                                term + "  - id: kuliah-parenting\n")) == [
        f'{SCHEDULE}:12: peringatan: judul "Pelatihan Bahasa Inggris" sama dengan kegiatan '
        '"bahasa-inggris" (baris 2); untuk periode baru kelas yang sama, ubah tanggal '
        'kegiatan "bahasa-inggris" saja (alamat, kode QR, dan kalender warga tetap berlaku), '
        "atau bedakan judulnya"]


def test_a_weekly_day_copied_without_its_new_day_is_an_error(root: Path):
    assert refused(root, schedule(KAMIS, KAMIS + KAMIS)) == [
        f"{SCHEDULE}:11: kesalahan: kelas mingguan ini sama hari dan jam mulainya dengan "
        'baris 8 (Kamis, 15.00), jadi kelas hari Kamis tampil dua kali; jika ini hari baru '
        'hasil salinan, ganti "day"']
    assert built(root, schedule(KAMIS, KAMIS + KAMIS.replace("Kamis", "Sabtu"))) == []


def test_one_day_in_turns_of_its_own_from_and_until_is_no_repeat(root: Path):
    """Thursdays until December and Thursdays from January at the same hour: two turns of
    one class, not a copy; turns that share dates are."""
    turns = (KAMIS + "        until: 2026-12-31\n" + KAMIS + "        from: 2027-01-01\n")
    assert built(root, schedule(KAMIS, turns)) == []
    overlapping = turns.replace("from: 2027-01-01", "from: 2026-12-01")
    assert refused(root, schedule(KAMIS, overlapping)) == [
        f"{SCHEDULE}:12: kesalahan: kelas mingguan ini sama hari dan jam mulainya dengan "
        'baris 8 (Kamis, 15.00), jadi kelas hari Kamis tampil dua kali; jika ini hari baru '
        'hasil salinan, ganti "day"; jika keduanya berlaku pada masa yang berbeda, atur '
        '"from" dan "until" supaya tidak bertumpuk']


# -- finding 5: a session with last year's year ----------------------------------------

def test_a_session_months_before_the_one_above_it_is_told_its_year(root: Path):
    added = LAST_SESSION + LAST_SESSION.replace("2027-01-16", "2026-02-20").replace(
        "Mendampingi anak belajar", "Anak dan gawai")
    assert built(root, schedule(LAST_SESSION, added)) == [
        f"{SCHEDULE}:23: peringatan: tanggal 2026-02-20 sekitar 11 bulan sebelum sesi di "
        "atasnya (baris 19, 2027-01-16); periksa tahunnya: mungkin maksudnya 2027-02-20 "
        "(hari Sabtu)"]
    # a list written newest first, months apart, is no year typed wrong
    newest_first = dedent(VALID) + (
        "  - id: lomba-bercerita\n    title: Lomba Bercerita\n    sessions:\n"
        + "".join(f"      - {{date: {day}, start: 09:00}}\n"
                  for day in ("2026-12-19", "2026-03-21", "2025-08-16")))
    assert built(root, newest_first) == []


# -- finding 7: indentation ------------------------------------------------------------

@pytest.mark.parametrize("old, new, line, message", [
    pytest.param("        note: Mendampingi anak belajar",
                 '         note: "Mendampingi anak belajar"', 22,
                 'baris ini menjorok 1 spasi lebih dalam daripada "end:" di baris atasnya, '
                 'jadi dibaca sebagai lanjutan nilai "end"; awali baris ini dengan 8 spasi, '
                 'sejajar dengan "end:"', id="one-space-too-far-quoted"),
    pytest.param("      - date: 2027-01-16\n        start:", "      - date: 2027-01-16\n"
                 "          start:", 20,
                 'baris ini menjorok 2 spasi lebih dalam daripada "date:" di baris atasnya, '
                 'jadi dibaca sebagai lanjutan nilai "date"; awali baris ini dengan 8 spasi, '
                 'sejajar dengan "date:"', id="under-a-list-item"),
    pytest.param("    title: Kuliah Parenting", "     title: Kuliah Parenting", 13,
                 'baris ini menjorok 1 spasi lebih dalam daripada "id:" di baris atasnya, '
                 'jadi dibaca sebagai lanjutan nilai "id"; awali baris ini dengan 4 spasi, '
                 'sejajar dengan "id:"', id="program-field"),
    pytest.param("    sessions:", "    description: |\n    Kuliah untuk orang tua murid.\n"
                 "    Gratis dan terbuka.\n    sessions:", 15,
                 'teks di bawah "description: |" harus menjorok lebih dalam daripada '
                 '"description:"; awali setiap barisnya dengan 6 spasi', id="block-text"),
    pytest.param("    sessions:", "    description: >-\n    Kuliah untuk orang tua murid.\n"
                 "    sessions:", 15,
                 'teks di bawah "description: >-" harus menjorok lebih dalam daripada '
                 '"description:"; awali setiap barisnya dengan 6 spasi', id="folded-block-text"),
])
def test_a_line_indented_wrong_is_told_its_spaces(root: Path, old, new, line, message):
    assert refused(root, schedule(old, new)) == [
        f"{SCHEDULE}:{line}: kesalahan: YAML tidak bisa dibaca: {message}"]


def test_one_space_too_far_is_told_its_spaces_not_quotes(root: Path):
    """The line is read as more of the value above it; a value holding ": " at its right
    place keeps the hint to quote it."""
    assert refused(root, schedule("        note: Mendampingi", "         note: Mendampingi")) \
        == [f'{SCHEDULE}:22: kesalahan: YAML tidak bisa dibaca: baris ini menjorok 1 spasi '
            'lebih dalam daripada "end:" di baris atasnya, jadi dibaca sebagai lanjutan nilai '
            '"end"; awali baris ini dengan 8 spasi, sejajar dengan "end:"']
    assert refused(root, schedule("note: Mendampingi anak belajar",
                                  "note: Tema: mendampingi anak")) == [
        f'{SCHEDULE}:22: kesalahan: YAML tidak bisa dibaca: nilai yang berisi titik dua dan '
        'spasi (": ") harus diapit tanda kutip: tulis note: "Tema: mendampingi anak"']


# -- finding 8: `closed` as pairs, with a range -----------------------------------------

def test_a_range_in_closed_pairs_is_told_the_list_form_at_its_line(root: Path):
    closed = ("closed:\n  2026-12-25: Hari Raya Natal\n"
              "  2027-03-08 s/d 2027-03-12: Libur Idulfitri 1448 H\n")
    assert refused(root, closed + dedent(VALID)) == [
        f'{SCHEDULE}:3: kesalahan: isi kolom "closed": "2027-03-08 s/d 2027-03-12" adalah '
        'rentang tanggal; tulis dengan "from" dan "until": - {from: 2027-03-08, until: '
        '2027-03-12, note: Libur Idulfitri 1448 H}; rentang hanya bisa ditulis dalam bentuk '
        'daftar, jadi tulis juga baris lain "closed" dengan "- ", misalnya - {date: '
        '2026-12-25, note: Hari Raya Natal}']
    dashed = closed.replace(" s/d ", " - ")
    assert refused(root, dashed + dedent(VALID))[0].startswith(
        f'{SCHEDULE}:3: kesalahan: isi kolom "closed": "2027-03-08 - 2027-03-12" adalah '
        "rentang tanggal")
    in_words = "closed:\n  2026-12-24: Cuti bersama\n  25 Desember 2026: Hari Raya Natal\n"
    assert refused(root, in_words + dedent(VALID)) == [
        f'{SCHEDULE}:3: kesalahan: isi kolom "closed": "25 Desember 2026" bukan tanggal yang '
        "valid; mungkin maksudnya 2026-12-25; tulis tanggal seperti 2024-01-09 "
        "(tahun-bulan-tanggal)"]
    alone = "closed:\n  2027-03-08 s/d 2027-03-12: Libur Idulfitri 1448 H\n"
    assert refused(root, alone + dedent(VALID)) == [
        f'{SCHEDULE}:2: kesalahan: isi kolom "closed": "2027-03-08 s/d 2027-03-12" adalah '
        'rentang tanggal; tulis dengan "from" dan "until": - {from: 2027-03-08, until: '
        '2027-03-12, note: Libur Idulfitri 1448 H}']


# -- finding 10: smaller messages that now show the fix ---------------------------------

def test_registration_written_as_yes_or_no_is_an_error(root: Path):
    text = schedule("    title: Kuliah Parenting\n",
                    "    title: Kuliah Parenting\n    registration: SAID\n")
    assert refused(root, text.replace("SAID", "true")) == [
        f'{SCHEDULE}:14: kesalahan: kolom "registration" diisi cara mendaftar, bukan "true", '
        'yang akan tampil apa adanya; tulis caranya, misalnya registration: WhatsApp '
        '0812-0000-0000, atau alamat formulirnya (https://...)']
    assert refused(root, text.replace("SAID", "tidak")) == [
        f'{SCHEDULE}:14: kesalahan: kolom "registration" diisi cara mendaftar, bukan '
        '"tidak", yang akan tampil apa adanya; jika tidak perlu mendaftar, hapus baris '
        '"registration"; jika kuota sudah penuh, tulis full: true']


SESSION_DATE = "      - date: 2027-01-16\n"
SESSION_START = "        start: 09:00\n        end: 11:30\n        note: Mendampingi"

F10_CASES = [
    # curly quotes of a phone around a time or a date
    pytest.param((SESSION_START, SESSION_START.replace("09:00", "“09.00”")), 20,
                 'kolom "start": "“09.00”" bukan jam yang valid; nilainya diapit tanda kutip '
                 "miring (“ ”), yang tidak dibaca sebagai tanda kutip; hapus kedua tanda kutip "
                 "itu: start: 09.00", id="curly-time"),
    pytest.param((SESSION_DATE, "      - date: “2027-01-16”\n"), 19,
                 'kolom "date": "“2027-01-16”" bukan tanggal yang valid; nilainya diapit tanda '
                 "kutip miring (“ ”), yang tidak dibaca sebagai tanda kutip; hapus kedua tanda "
                 "kutip itu: date: 2027-01-16", id="curly-date"),
    pytest.param(("{from: 2026-09-01,", "{from: “2026-09-01”,"), 11,
                 'kolom "from": "“2026-09-01”" bukan tanggal yang valid; nilainya diapit tanda '
                 "kutip miring (“ ”), yang tidak dibaca sebagai tanda kutip; hapus kedua tanda "
                 "kutip itu: from: 2026-09-01", id="curly-period"),
    # an end that is not known
    pytest.param((SESSION_START, SESSION_START.replace(
        "start: 09:00\n        end: 11:30", "start: 09.00 - selesai")), 20,
                 'kolom "start": "09.00 - selesai" bukan jam yang valid; jam selesainya tidak '
                 'tentu: tulis start: 09.00 saja, tanpa "end" (situs lalu menampilkan jam '
                 "mulainya saja)", id="until-done"),
    pytest.param((SESSION_START, SESSION_START.replace(
        "start: 09:00\n        end: 11:30", "start: 09.00 WIB - selesai")), 20,
                 'kolom "start": "09.00 WIB - selesai" bukan jam yang valid; jam selesainya '
                 'tidak tentu: tulis start: 09.00 saja, tanpa "end" (situs lalu menampilkan jam '
                 "mulainya saja)", id="until-done-wib"),
    pytest.param((SESSION_START, SESSION_START.replace(
        "start: 09:00\n        end: 11:30", "jam: 09.00 - selesai")), 20,
                 '"jam: 09.00 - selesai" ditulis start: 09.00 saja, tanpa "end": jam selesainya '
                 "tidak tentu (situs lalu menampilkan jam mulainya saja)", id="hours-until-done"),
    pytest.param((SESSION_START, SESSION_START.replace("end: 11:30", "end: selesai")), 21,
                 'kolom "end": "selesai" bukan jam yang valid; jika jam selesainya tidak tentu, '
                 'hapus baris "end" (situs lalu menampilkan jam mulainya saja)', id="end-done"),
    pytest.param((SESSION_START, SESSION_START.replace("end: 11:30", "end: 24:00")), 21,
                 'kolom "end": "24:00" bukan jam yang valid; jam 24.00 tidak ada: untuk sesi '
                 'sampai tengah malam tulis end: 23.59, atau hapus baris "end" (situs lalu '
                 "menampilkan jam mulainya saja)", id="end-midnight"),
    # times written another way
    pytest.param((SESSION_START, SESSION_START.replace("09:00", "09,00")), 20,
                 'kolom "start": "09,00" bukan jam yang valid; mungkin maksudnya 09:00',
                 id="time-with-comma"),
    pytest.param((SESSION_START, SESSION_START.replace("09:00", "0900")), 20,
                 'kolom "start": "0900" bukan jam yang valid; mungkin maksudnya 09:00',
                 id="time-without-dot"),
    pytest.param((SESSION_START, SESSION_START.replace("09:00", "9:30 AM")), 20,
                 'kolom "start": "9:30 AM" bukan jam yang valid; mungkin maksudnya 09:30 (jam '
                 "ditulis 24 jam, tanpa AM atau PM)", id="time-am"),
    pytest.param((SESSION_START, SESSION_START.replace("11:30", "1 PM")), 21,
                 'kolom "end": "1 PM" bukan jam yang valid; mungkin maksudnya 13:00 (jam '
                 "ditulis 24 jam, tanpa AM atau PM)", id="time-pm"),
    # several dates in one session
    pytest.param((SESSION_DATE, "      - date: 2027-01-16 dan 2027-01-17\n"), 19,
                 'kolom "date": "2027-01-16 dan 2027-01-17" berisi 2 tanggal, padahal satu sesi '
                 'hanya punya satu tanggal; tulis satu sesi ("- date:") untuk setiap tanggal, '
                 "masing-masing dengan start dan end-nya: - date: 2027-01-16 dan - date: "
                 "2027-01-17", id="two-dates"),
    pytest.param((SESSION_DATE, "      - date: 2027-01-16, 2027-01-23\n"), 19,
                 'kolom "date": "2027-01-16, 2027-01-23" berisi 2 tanggal, padahal satu sesi '
                 'hanya punya satu tanggal; tulis satu sesi ("- date:") untuk setiap tanggal, '
                 "masing-masing dengan start dan end-nya: - date: 2027-01-16 dan - date: "
                 "2027-01-23", id="two-dates-comma"),
    pytest.param((SESSION_DATE, "      - date: [2027-01-16, 2027-01-17]\n"), 19,
                 'kolom "date" berisi daftar 2 tanggal, padahal satu sesi hanya punya satu '
                 'tanggal; tulis satu sesi ("- date:") untuk setiap tanggal, masing-masing '
                 "dengan start dan end-nya: - date: 2027-01-16 dan - date: 2027-01-17",
                 id="two-dates-listed"),
    pytest.param((SESSION_DATE, "      - date: 2027-01-11 s/d 2027-01-15\n"), 19,
                 'kolom "date": "2027-01-11 s/d 2027-01-15" berisi 5 tanggal, padahal satu sesi '
                 'hanya punya satu tanggal; tulis satu sesi ("- date:") untuk setiap tanggal, '
                 "masing-masing dengan start dan end-nya: - date: 2027-01-11, - date: "
                 "2027-01-12, … - date: 2027-01-15 (5 sesi)", id="days-in-a-row"),
    pytest.param((SESSION_DATE, "      - date: 11-13 Januari 2027\n"), 19,
                 'kolom "date": "11-13 Januari 2027" berisi 3 tanggal, padahal satu sesi hanya '
                 'punya satu tanggal; tulis satu sesi ("- date:") untuk setiap tanggal, '
                 "masing-masing dengan start dan end-nya: - date: 2027-01-11, - date: "
                 "2027-01-12, dan - date: 2027-01-13", id="days-in-words"),
    # a full class, or closed registration, written the natural way
    pytest.param(("    title: Kuliah Parenting\n",
                  "    title: Kuliah Parenting\n    quota: penuh\n"), 14,
                 'kolom "quota" harus berupa angka tanpa koma, bukan "penuh"; untuk kuota yang '
                 'sudah penuh, tulis full: true di baris baru (hapus baris "quota" atau isi '
                 "dengan jumlah tempatnya)", id="quota-full"),
    pytest.param(("    title: Kuliah Parenting\n",
                  "    title: Kuliah Parenting\n    quota: 20 (sudah penuh)\n"), 14,
                 'kolom "quota" harus berupa angka tanpa koma, bukan "20 (sudah penuh)"; untuk '
                 "kuota yang sudah penuh, tulis quota: 20 lalu full: true di baris baru",
                 id="quota-number-full"),
    pytest.param(("    title: Kuliah Parenting\n",
                  "    title: Kuliah Parenting\n    full: kuota penuh\n"), 14,
                 'kolom "full" harus true atau false, bukan "kuota penuh"; mungkin maksudnya '
                 "true", id="full-in-words"),
    pytest.param(("    title: Kuliah Parenting\n",
                  "    title: Kuliah Parenting\n    registration_closed: true\n"), 14,
                 'kegiatan di schedule.yaml tidak punya kolom "registration_closed", jadi '
                 "pendaftarannya tetap tampil dibuka; jika kuota sudah penuh, tulis full: true; "
                 "untuk menutup pendaftaran mulai tanggal tertentu, tulis hari terakhir "
                 'pendaftaran di "registration_until", misalnya registration_until: 2026-11-30',
                 id="registration-closed"),
    # the ends of a span in Indonesian
    pytest.param(("    period: {from: 2026-09-01, until: 2027-01-28}\n",
                  "    period: {from: 2026-09-01, until: 2027-01-28}\n    except:\n"
                  "      - {dari: 2026-12-21, sampai: 2027-01-03, note: Libur semester}\n"), 13,
                 ('kolom "from" wajib ada; "dari" di baris ini mungkin maksudnya "from": ganti '
                  '"dari:" menjadi "from:"', 'kolom "until" wajib ada; "sampai" di baris ini '
                  'mungkin maksudnya "until": ganti "sampai:" menjadi "until:"'),
                 id="except-dari-sampai"),
    pytest.param(("programs:\n", "closed:\n  - {dari: 2027-03-08, sampai: 2027-03-12}\n"
                                 "programs:\n"), 2,
                 ('kolom "from" wajib ada; "dari" di baris ini mungkin maksudnya "from": ganti '
                  '"dari:" menjadi "from:"', 'kolom "until" wajib ada; "sampai" di baris ini '
                  'mungkin maksudnya "until": ganti "sampai:" menjadi "until:"'),
                 id="closed-dari-sampai"),
]


@pytest.mark.parametrize("change, line, messages", F10_CASES)
def test_a_small_mistake_is_told_what_to_write(root: Path, change, line, messages):
    messages = (messages,) if isinstance(messages, str) else messages
    assert refused(root, schedule(*change)) == [
        f"{SCHEDULE}:{line}: kesalahan: {message}" for message in messages]
