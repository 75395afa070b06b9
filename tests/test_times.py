"""Times, dates and day names as staff write them."""

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
    ("15", "tulis jam"), ("900", "tulis jam"),
])
def test_bad_times_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
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


@pytest.mark.parametrize("text, weekday", [
    ("Senin", 0), ("selasa", 1), ("RABU", 2), ("Kamis", 3), ("Jumat", 4), ("Jum'at", 4),
    ("sabtu", 5), ("Minggu", 6), ("Ahad", 6), ("Tuesday", 1), ("saturday", 5),
])
def test_day_names_in_indonesian_or_english_any_case(text, weekday):
    assert parse_day(text) == weekday


def test_unknown_day_name():
    with pytest.raises(ValueError, match="Senin, Selasa"):
        parse_day("Senen")
