"""Dates, times and numbers in Indonesian, with Babel, without touching the process locale;
telephone numbers as links a phone follows."""

import locale
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest

from site_builder.formatting import (day_name, format_date, format_day_month, format_month,
                                     format_number, format_short_date, format_time,
                                     linked_phones, zone_abbreviation)

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_dates_in_indonesian():
    assert format_date(date(2023, 9, 29), "id", JAKARTA) == "Jumat, 29 September 2023"
    assert format_date(datetime(2024, 2, 17, 9, tzinfo=JAKARTA), "id", JAKARTA) == "Sabtu, 17 Februari 2024"
    assert format_short_date(date(2026, 12, 25), "id", JAKARTA) == "25 Desember 2026"


def test_months_and_days_of_a_month_in_indonesian():
    assert format_month(date(2024, 8, 1), "id", JAKARTA) == "Agustus 2024"
    assert format_month(date(2024, 8, 1), "id", JAKARTA, year=False) == "Agustus"
    assert format_day_month(date(2024, 5, 2), "id", JAKARTA) == "2 Mei"
    # 22.30 UTC on 31 July is already 1 August in Jakarta
    assert format_month(datetime(2024, 7, 31, 22, 30, tzinfo=timezone.utc), "id",
                        JAKARTA) == "Agustus 2024"


def test_numbers_group_thousands_with_a_point_in_indonesian():
    assert format_number(1017, "id") == "1.017"
    assert format_number(12500, "id") == "12.500"
    assert format_number(999, "id") == "999"
    assert format_number(1017, "en") == "1,017"


def test_an_instant_is_shown_in_the_site_zone():
    # 20:00 UTC on the 28th is already 03:00 on the 29th in Jakarta
    moment = datetime(2023, 9, 28, 20, 0, tzinfo=timezone.utc)
    assert format_date(moment, "id", JAKARTA) == "Jumat, 29 September 2023"
    assert format_time(moment, "id", JAKARTA) == "03.00"


def test_times_the_indonesian_way():
    assert format_time(time(15, 0), "id", JAKARTA) == "15.00"
    assert format_time(time(9, 30), "id", JAKARTA) == "09.30"
    assert format_time(time(9, 30), "en", JAKARTA) == "09:30"


def test_zone_abbreviations():
    when = datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert zone_abbreviation("Asia/Jakarta", "id", when) == "WIB"
    assert zone_abbreviation("Asia/Makassar", "id", when) == "WITA"
    assert zone_abbreviation("Asia/Jayapura", "id", when) == "WIT"


def test_day_names_and_process_locale_untouched():
    before = locale.setlocale(locale.LC_TIME)
    assert [day_name(i, "id") for i in (0, 4, 6)] == ["Senin", "Jumat", "Minggu"]
    assert locale.setlocale(locale.LC_TIME) == before


# -- telephone numbers a phone can follow ----------------------------------------------------

@pytest.mark.parametrize("text, html", [
    ("WhatsApp 0812-0000-0000",
     'WhatsApp <a href="https://wa.me/6281200000000">0812-0000-0000</a>'),
    ("0812 3456 7890 (WA)", '<a href="https://wa.me/6281234567890">0812 3456 7890</a> (WA)'),
    ("wa +62 812-3456-7890", 'wa <a href="https://wa.me/6281234567890">+62 812-3456-7890</a>'),
    # the 0 dialled at home kept after +62: WhatsApp knows no number 620...
    ("WA +62 0812-3456-7890", 'WA <a href="https://wa.me/6281234567890">+62 0812-3456-7890</a>'),
    # a landline is called, even where WhatsApp is named
    ("Telepon (0291) 591 000 atau WA 0812 3456 7890",
     'Telepon <a href="tel:0291591000">(0291) 591 000</a> atau WA '
     '<a href="https://wa.me/6281234567890">0812 3456 7890</a>'),
    ("Hubungi 0812-3456-7890", 'Hubungi <a href="tel:081234567890">0812-3456-7890</a>'),
    ("Bu Ani (0813 2222 3333)", 'Bu Ani (<a href="tel:081322223333">0813 2222 3333</a>)'),
    # WhatsApp named in an earlier sentence is not this number's
    ("Grup WA tersedia. Telepon 0812-3456-7890",
     'Grup WA tersedia. Telepon <a href="tel:081234567890">0812-3456-7890</a>'),
    # a time span is no number
    ("WA, pukul 08.00 - 10.00", "WA, pukul 08.00 - 10.00"),
    # no number, or too few digits: the text as it is, escaped
    ("Daftar di meja layanan, kuota 20 orang (2026)",
     "Daftar di meja layanan, kuota 20 orang (2026)"),
    ("WA <b>0812</b> & teman", "WA &lt;b&gt;0812&lt;/b&gt; &amp; teman"),
])
def test_telephone_numbers_become_links_a_phone_follows(text, html):
    assert str(linked_phones(text)) == html


def test_a_chat_may_open_with_a_message_and_a_call_is_a_call():
    html = str(linked_phones("WA 0812-3456-7890 atau telepon (0291) 591 000",
                             message='Halo, saya ingin mendaftar "Kelas & Dongeng".'))
    assert html == ('WA <a href="https://wa.me/6281234567890?text=Halo%2C%20saya%20ingin%20'
                    'mendaftar%20%22Kelas%20%26%20Dongeng%22.">0812-3456-7890</a> atau telepon '
                    '<a href="tel:0291591000">(0291) 591 000</a>')
