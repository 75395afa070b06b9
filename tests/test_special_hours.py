"""Special opening hours: site.yaml's `special_hours` (an addition to the content format),
the shorter days of Ramadan written once with their dates. Within them the home page's
"Hari ini" line, the footer and search engines give those hours; written only as a
notice, the home page said "Hari ini, Kamis: buka 08.00–15.30 WIB" right under a notice
of 08.00–14.00."""

from __future__ import annotations

import json
import re

from conftest import make_site, read, run, write_files

SITE_YAML = """\
    title: Perpustakaan Uji
    base_url: https://example.org/
    contact:
      opening_hours:
        - "Senin–Kamis: 08.00–15.30 WIB"
        - "Jumat: 08.00–11.00 dan 13.00–16.00 WIB"
        - "Sabtu: 08.00–13.00 WIB"
        - "Minggu: tutup"
      special_hours:
        - note: Ramadan 1448 H
          from: 2027-02-08
          until: 2027-03-09
          hours:
            - "Senin–Kamis: 08.00–14.00 WIB"
            - "Jumat: 08.00–11.00 WIB"
            - "Sabtu: 08.00–12.00 WIB"
            - "Minggu: tutup"
    """


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _today_line(root) -> str | None:
    found = re.search(r'<p class="today-hours">(.*?)</p>', read(root, "output/index.html"), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found[1])).strip() if found else None


def _footer_hours(root, page: str = "index.html") -> str:
    footer = read(root, f"output/{page}").split("<footer", 1)[1]
    block = footer.split('class="footer-heading">Jam buka', 1)[1].split("</div>", 1)[0]
    return _text(block.split(">", 1)[1]).replace(" – sampai ", "–")


def _special_specifications(root) -> list[dict]:
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                            read(root, "output/index.html"), re.S):
        data = json.loads(block)
        if data.get("@type") == "Library":
            return data.get("specialOpeningHoursSpecification", [])
    raise AssertionError("no Library JSON-LD")


def test_the_home_page_gives_the_special_hours_of_today(tmp_path):
    root = make_site(tmp_path, {"content/site.yaml": SITE_YAML})
    expected = {"2027-02-18T10:00": "Hari ini, Kamis 18 Februari (jam buka Ramadan 1448 H): "
                                    "buka 08.00–14.00 WIB.",
                "2027-02-19T10:00": "Hari ini, Jumat 19 Februari (jam buka Ramadan 1448 H): "
                                    "buka 08.00–11.00 WIB.",
                "2027-03-09T10:00": "Hari ini, Selasa 9 Maret (jam buka Ramadan 1448 H): "
                                    "buka 08.00–14.00 WIB.",   # the last day itself
                "2027-03-11T10:00": "Hari ini, Kamis 11 Maret: buka 08.00–15.30 WIB.",
                "2027-02-04T10:00": "Hari ini, Kamis 4 Februari: buka 08.00–15.30 WIB."}
    for now, line in expected.items():
        result = run(root, "build", now=now)
        assert result.code == 0, result.err
        assert _today_line(root) == line, now


def test_the_footer_tells_of_special_hours_two_weeks_ahead_and_while_they_hold(tmp_path):
    root = make_site(tmp_path, {"content/site.yaml": SITE_YAML})
    usual = ("Senin–Kamis: 08.00–15.30 WIB Jumat: 08.00–11.00 dan 13.00–16.00 WIB "
             "Sabtu: 08.00–13.00 WIB Minggu: tutup")
    special = ("Ramadan 1448 H , 8 Februari – 9 Maret 2027: Senin–Kamis: 08.00–14.00 WIB "
               "Jumat: 08.00–11.00 WIB Sabtu: 08.00–12.00 WIB Minggu: tutup")
    assert run(root, "build", now="2027-01-20T10:00").code == 0
    assert _footer_hours(root) == usual
    assert run(root, "build", now="2027-01-30T10:00").code == 0   # nine days ahead: after
    assert _footer_hours(root) == f"{usual} {special}"
    assert run(root, "build", now="2027-02-18T10:00").code == 0   # while they hold: first
    assert _footer_hours(root, "jadwal/index.html") == f"{special} Jam biasa : {usual}"
    assert run(root, "build", now="2027-03-10T10:00").code == 0
    assert _footer_hours(root) == usual


def test_search_engines_are_told_the_special_hours(tmp_path):
    root = make_site(tmp_path, {"content/site.yaml": SITE_YAML})
    assert run(root, "build", now="2027-01-20T10:00").code == 0
    dates = {"validFrom": "2027-02-08", "validThrough": "2027-03-09"}
    assert _special_specifications(root) == [
        {"@type": "OpeningHoursSpecification", "dayOfWeek": days, "opens": opens,
         "closes": closes, **dates}
        for days, opens, closes in ((["Monday", "Tuesday", "Wednesday", "Thursday"], "08:00",
                                     "14:00"),
                                    (["Friday"], "08:00", "11:00"),
                                    (["Saturday"], "08:00", "12:00"),
                                    (["Sunday"], "00:00", "00:00"))]   # closed all day
    assert run(root, "build", now="2027-03-09T10:00").code == 0   # their last day
    assert {(special["validFrom"], special["validThrough"])
            for special in _special_specifications(root)} == {("2027-02-08", "2027-03-09")}
    assert run(root, "build", now="2027-03-10T10:00").code == 0
    assert _special_specifications(root) == []


def test_a_closed_day_within_special_hours_says_closed(tmp_path):
    root = make_site(tmp_path, {"content/site.yaml": SITE_YAML, "content/schedule.yaml": (
        "closed:\n  - {date: 2027-03-10, note: Hari Raya Idulfitri}\nprograms: []\n")})
    write_files(root, {"content/site.yaml": SITE_YAML.replace("until: 2027-03-09",
                                                              "until: 2027-03-12")})
    assert run(root, "build", now="2027-03-10T10:00").code == 0
    assert _today_line(root) is None
    assert "Hari ini, Rabu 10 Maret, perpustakaan tutup" in _text(read(root, "output/index.html"))


def test_special_hours_over_are_a_warning_to_remove_them(tmp_path):
    root = make_site(tmp_path, {"content/site.yaml": SITE_YAML})
    result = run(root, "build", now="2027-04-01T10:00")
    assert result.code == 0
    assert ("content/site.yaml:11: peringatan: jam buka khusus ini berakhir 9 Maret 2027 dan "
            "tidak tampil lagi; hapus dari site.yaml bila tidak diperlukan") in result.err


def test_mistakes_in_special_hours_are_told_at_their_line(tmp_path):
    written = SITE_YAML.rstrip(" ") + """\
        - note: Libur sekolah
          from: 2027-03-01
          until: 2027-02-20
        - from: 2027-03-08
          until: 2027-03-20
          hours:
            - "Senen–Kamis: 08.00–12.00 WIB"
    """
    root = make_site(tmp_path, {"content/site.yaml": written})
    result = run(root, "build", now="2027-01-20T10:00")
    assert result.code == 1
    assert ('content/site.yaml:20: kesalahan: "until" (2027-02-20) tidak boleh sebelum "from" '
            "(2027-03-01)") in result.err
    assert 'content/site.yaml:18: kesalahan: kolom "hours" wajib ada' in result.err
    assert ('content/site.yaml:21: kesalahan: jam buka khusus mulai 2027-03-08 bertumpang '
            "tindih dengan yang sampai 2027-03-09 (baris 11)") in result.err
    assert ('content/site.yaml:24: peringatan: jam buka "Senen–Kamis: 08.00–12.00 WIB": hari '
            '"Senen" tidak dikenal, mungkin maksudnya Senin') in result.err
