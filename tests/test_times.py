"""Times, dates and day names as staff write them."""

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from site_builder.times import parse_date, parse_datetime, parse_day, parse_time

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize("text, expected", [
    ("15:00", time(15, 0)), ("15.00", time(15, 0)), ("9:00", time(9, 0)), ("9.00", time(9, 0)),
    ("09.30", time(9, 30)), ("15.30", time(15, 30)), ("0:05", time(0, 5)),
    ("15:00:00", time(15, 0)), (" 8.15 ", time(8, 15)),
])
def test_times_as_people_write_them(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text, reason", [
    ("24:00", "0 dan 23"), ("15.7", "tulis jam"), ("15:60", "00 dan 59"), ("jam tiga", "tulis jam"),
    ("900", "tulis jam"), ("2 malam", "tulis jam"), ("12 malam", "tulis jam"),
    # said, not written: the time meant
    ("15", "maksudnya 15:00"), ("jam 3 sore", "maksudnya 15:00"),
    ("Pukul 9 pagi", "maksudnya 09:00"), ("7.30 malam", "maksudnya 19:30"),
    ("1 siang", "maksudnya 13:00"), ("12 siang", "maksudnya 12:00"),
    ("pkl. 08.00 WIB", "maksudnya 08:00"), ("jam 15:00", "maksudnya 15:00"),
])
def test_bad_times_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_time(text)


@pytest.mark.parametrize("text, reason", [
    ("15.00 WIB", "mungkin maksudnya 15.00; jam dibaca di zona waktu situs, tanpa WIB"),
    ("9:30 wib", "mungkin maksudnya 9:30;"),
    ("15.00 - 17.00", 'dua jam: tulis jam mulai di "start" (15.00) dan jam selesai di "end" (17.00)'),
    ("09.00–11.30 WIB", '"start" (09.00) dan jam selesai di "end" (11.30)'),
    ("13.00 s.d. 15.00", '"start" (13.00) dan jam selesai di "end" (15.00)'),
    ("8.00 sampai 10.00", '"start" (8.00) dan jam selesai di "end" (10.00)'),
    ("13.00 s/d 15.00", '"start" (13.00) dan jam selesai di "end" (15.00)'),   # as hours.py
])
def test_a_time_written_another_way_says_what_to_write(text, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse_time(text)


def test_dates():
    assert parse_date("2024-01-09") == date(2024, 1, 9)
    assert parse_date("2024-1-9") == date(2024, 1, 9)
    with pytest.raises(ValueError, match="bulan 13"):
        parse_date("2024-13-05")
    with pytest.raises(ValueError, match="tanggal 30 tidak ada di bulan 2"):
        parse_date("2024-02-30")
    with pytest.raises(ValueError, match="tahun-bulan-tanggal"):
        parse_date("09/01/2024")


@pytest.mark.parametrize("text, expected", [
    ("2023-09-29", datetime(2023, 9, 29, 0, 0, tzinfo=JAKARTA)),
    ("2023-09-29 10:30", datetime(2023, 9, 29, 10, 30, tzinfo=JAKARTA)),
    ("2023-09-29 10.30", datetime(2023, 9, 29, 10, 30, tzinfo=JAKARTA)),
    ("2023-09-29T10:30:00", datetime(2023, 9, 29, 10, 30, tzinfo=JAKARTA)),
    ("2023-09-29T10:30:00+07:00", datetime(2023, 9, 29, 10, 30, tzinfo=timezone(timedelta(hours=7)))),
    ("2023-09-29T03:30:00Z", datetime(2023, 9, 29, 3, 30, tzinfo=timezone.utc)),
    ("2023-09-29 10:30:00.5 +0800", datetime(2023, 9, 29, 10, 30, tzinfo=timezone(timedelta(hours=8)))),
])
def test_datetimes_read_in_the_site_zone_unless_they_carry_an_offset(text, expected):
    parsed = parse_datetime(text, JAKARTA)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


def test_bad_datetime():
    with pytest.raises(ValueError, match="2023-09-29 10:30"):
        parse_datetime("29 September 2023", JAKARTA)


# Dates as people in Indonesia write them: the error names the date they mean, written as
# the builder reads it (a day-month order is read as such: 11-12-2026 is 11 December).
@pytest.mark.parametrize("text, meant", [
    ("23-11-2026", "2026-11-23"), ("23/11/2026", "2026-11-23"), ("23.11.2026", "2026-11-23"),
    ("1-2-2026", "2026-02-01"), ("11-12-2026", "2026-12-11"), ("2026/11/23", "2026-11-23"),
    ("23 November 2026", "2026-11-23"), ("23 Nopember 2026", "2026-11-23"),
    ("Senin, 23 November 2026", "2026-11-23"), ("5 Agt 2026", "2026-08-05"),
    ("17 Agustus 1945", "1945-08-17"), ("1 Mei 2026", "2026-05-01"), ("3 Oct. 2026", "2026-10-03"),
    ("23 November 2026 10.30", "2026-11-23 10:30"),
    ("Senin, 23 November 2026 pukul 09.00 WIB", "2026-11-23 09:00"),
    ("23-11-2026 15:00", "2026-11-23 15:00"),
    ("2026-11-23 10:00 WIB", "2026-11-23 10:00"), ("2026-11-23 pukul 09.00", "2026-11-23 09:00"),
])
def test_a_date_written_another_way_is_an_error_naming_the_date_meant(text, meant):
    with pytest.raises(ValueError, match=f"mungkin maksudnya {meant};"):
        parse_datetime(text, JAKARTA)
    with pytest.raises(ValueError, match=f"mungkin maksudnya {meant[:10]};"):
        parse_date(text)


@pytest.mark.parametrize("text", ["31-11-2026", "23 Novembre 2026", "kemarin", "23-11-26",
                                  "23 November 2026 25.00", "2026"])
def test_no_date_is_suggested_when_none_is_meant_for_sure(text):
    with pytest.raises(ValueError) as raised:
        parse_datetime(text, JAKARTA)
    assert "mungkin" not in str(raised.value) and "tulis tanggal seperti" in str(raised.value)


@pytest.mark.parametrize("text, weekday", [
    ("Senin", 0), ("selasa", 1), ("RABU", 2), ("Kamis", 3), ("Jumat", 4), ("Jum'at", 4),
    ("sabtu", 5), ("Minggu", 6), ("Ahad", 6), ("Tuesday", 1), ("saturday", 5),
])
def test_day_names_in_indonesian_or_english_any_case(text, weekday):
    assert parse_day(text) == weekday


def test_unknown_day_name():
    with pytest.raises(ValueError, match="Senin, Selasa"):
        parse_day("Libur")
    with pytest.raises(ValueError) as raised:
        parse_day("Mingguan")   # weekly: close to "Minggu", not meant as it
    assert "mungkin" not in str(raised.value)


@pytest.mark.parametrize("text, meant", [
    ("Senen", "Senin"), ("Rebo", "Rabu"), ("Kemis", "Kamis"), ("Setu", "Sabtu"),   # Javanese
    ("Sel", "Selasa"), ("Kam.", "Kamis"), ("Jum", "Jumat"), ("Min", "Minggu"),       # shortened
    ("Thu", "Kamis"), ("Kamsi", "Kamis"), ("Jumad", "Jumat"), ("Slasa", "Selasa"),  # typed fast
    ("setiap Selasa", "Selasa"), ("hari Kamis", "Kamis"), ("Tiap hari Rabu", "Rabu"),
])
def test_a_day_name_written_another_way_gets_the_name_to_write(text, meant):
    with pytest.raises(ValueError) as raised:
        parse_day(text)
    assert str(raised.value) == f"mungkin maksudnya {meant}", raised.value


@pytest.mark.parametrize("text, days", [
    ("Selasa dan Kamis", "Selasa dan Kamis"), ("Selasa, Kamis", "Selasa dan Kamis"),
    ("Senin & Rabu & Jumat", "Senin, Rabu, dan Jumat"), ("Sabtu/Minggu", "Sabtu dan Minggu"),
    ("Senin-Jumat", "Senin, Selasa, Rabu, Kamis, dan Jumat"),
    ("Jumat s/d Minggu", "Jumat, Sabtu, dan Minggu"),
])
def test_several_days_in_one_day_field_are_told_one_entry_each(text, days):
    with pytest.raises(ValueError) as raised:
        parse_day(text)
    message = str(raised.value)
    assert f"ini beberapa hari ({days})" in message, message
    assert 'satu "- day:" untuk setiap hari' in message
