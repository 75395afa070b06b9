"""The theme as residents and link previews meet it: landmarks, skip link, catalog form in the
header, the schedule by week and day, calendar links, Open Graph, JSON-LD, noindex."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from conftest import PROJECT, SITE_YAML, fails_cleanly, image_bytes, read, run, write_files
from site_builder.stylesheet import lean_stylesheet
from site_builder.search import read_page
from test_build import SCHEDULE, full_site

CATALOG = """
title: Perpustakaan Uji
base_url: https://example.org/
catalog_url: https://opac.example.org/cari?action=sederhana&katakunci=
"""


class _Structure(HTMLParser):
    """Collects what the tests look at: start tags with attributes, JSON-LD, focusables."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.json_ld: list[object] = []
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._in_json = tag == "script" and attributes.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            self.json_ld.append(json.loads(data))

    def meta(self, key: str) -> str | None:
        for tag, attributes in self.tags:
            if tag == "meta" and key in (attributes.get("property"), attributes.get("name")):
                return attributes.get("content")
        return None

    def first(self, tag: str, **wanted: str) -> dict[str, str | None] | None:
        return next((attrs for name, attrs in self.tags if name == tag and
                     all(attrs.get(key) == value for key, value in wanted.items())), None)


def structure(html: str) -> _Structure:
    parser = _Structure()
    parser.feed(html)
    return parser


def built(tmp_path, extra: dict | None = None):
    root = full_site(tmp_path, extra)
    result = run(root, "build")
    assert result.code == 0, result.err
    return root


def test_every_page_starts_with_a_skip_link_to_main_and_has_landmarks(tmp_path):
    root = built(tmp_path)
    pages = list((root / "output").rglob("*.html"))
    assert len(pages) >= 15
    for page in pages:
        html = page.read_text()
        page_structure = structure(html)
        links = [attrs for tag, attrs in page_structure.tags if tag == "a"]
        assert links[0]["href"] == "#isi" and "Langsung ke isi" in html, page
        assert page_structure.first("main", id="isi") is not None, page
        assert page_structure.first("nav", **{"aria-label": "Menu utama"}) is not None, page
        assert html.count("<h1") == 1, page
        assert page_structure.first("link", rel="alternate", type="application/atom+xml")


def test_catalog_form_is_in_the_header_of_every_page(tmp_path):
    root = built(tmp_path, {"content/site.yaml": CATALOG})
    for path in ("index.html", "berita/index.html", "jadwal/index.html", "404.html"):
        html = read(root, f"output/{path}")
        header = html.split("</header>")[0]
        assert 'action="https://opac.example.org/cari"' in header, path
        assert "Cari koleksi buku" in header and 'name="katakunci"' in header, path
        # the one box in sight on a phone searches books: the site's own search is named
        assert '<a class="site-search-link" href="/cari/">Cari di situs ini</a>' in header, path
        assert '<input type="hidden" name="action" value="sederhana">' in header, path


def test_no_catalog_form_without_catalog_url(tmp_path):
    root = built(tmp_path)
    assert "Cari koleksi buku" not in read(root, "output/index.html")


def test_schedule_shows_the_coming_weeks_day_by_day(tmp_path):
    # NOW is Tuesday 24 November 2026, 09.00; the class meets on Tuesdays, 8 Dec is off,
    # and there is one extra session on Saturday 28 November.
    html = read(built(tmp_path), "output/jadwal/index.html")
    weeks = html.split('<section class="week')[2:]   # the first: "weeks"
    assert len(weeks) == 4
    assert "Minggu ini" in weeks[0] and "23–29 November 2026" in weeks[0]
    assert [day.strip() for day in re.findall(r'<h4 class="day">([^<]+)', weeks[0])] == [
        "Selasa, 24 November 2026", "Sabtu, 28 November 2026"]
    assert "15.00" in weeks[0] and "Aula Utama" in weeks[0]
    assert "Minggu depan" in weeks[1] and "Selasa, 1 Desember 2026" in weeks[1]
    # 8 December is in `except`: the class is there, called off
    assert "Tidak ada kegiatan." not in weeks[2]
    assert '<h4 class="day">Selasa, 8 Desember 2026</h4>' in weeks[2]
    off = re.findall(r'<li class="session cancelled">(.*?)</li>', weeks[2], re.S)
    assert len(off) == 1 and '<span class="badge first libur">Libur</span>' in off[0]
    assert "Pelatihan Bahasa Inggris" in off[0] and "tidak ada sesi" in off[0]
    assert "Ruang Pelatihan" not in off[0]
    assert '<li class="session cancelled">' not in weeks[1] + weeks[3]
    assert "Selasa, 15 Desember 2026" in weeks[3]
    assert 'href="/jadwal/jadwal.ics"' in html


def test_schedule_folds_finished_programs_into_one_line_each(tmp_path):
    finished = """
  - id: menulis-lama
    title: Pelatihan Menulis 2025
    summary: Ringkasan yang tidak perlu tampil lagi.
    location: Ruang Baca
    sessions:
      - {date: 2025-03-01, start: 9.00, end: 11.00}
      - {date: 2025-06-14, start: 9.00, end: 11.00}
  - id: merajut-lama
    title: Kelas Merajut 2026
    sessions:
      - {date: 2026-10-03, start: 9.00, end: 11.00}
"""
    root = built(tmp_path, {"content/schedule.yaml": SCHEDULE + finished})
    html = read(root, "output/jadwal/index.html")
    running, _, done = html.partition('<h2 id="program-selesai">Program yang telah selesai</h2>')
    assert '<h2 id="program-berjalan">Program yang sedang dan akan berjalan</h2>' in running
    assert "Pelatihan Bahasa Inggris" in running and "Sesi berikutnya" in running
    assert "Pelatihan Menulis 2025" not in running and "Kelas Merajut 2026" not in running
    items = re.findall(r"<li>(.*?)</li>", done.split("</ul>")[0], re.S)
    # most recently finished first, with the day of the last session, linking to its page
    assert [re.sub(r"<[^>]+>", "", item) for item in items] == [
        "Kelas Merajut 2026 · sesi terakhir Sabtu, 3 Oktober 2026",
        "Pelatihan Menulis 2025 · sesi terakhir Sabtu, 14 Juni 2025"]
    assert 'href="/jadwal/menulis-lama/"' in items[1]
    assert "Ringkasan yang tidak perlu tampil lagi" not in html
    assert (root / "output/jadwal/menulis-lama/index.html").is_file()


def test_schedule_folds_programs_finished_long_ago_under_the_ten_latest(tmp_path):
    finished = "".join(f"""
  - id: kelas-{month}
    title: Kelas Bulan {month}
    sessions:
      - {{date: 2025-{month:02d}-10, start: 9.00, end: 11.00}}
""" for month in range(1, 13))
    root = built(tmp_path, {"content/schedule.yaml": SCHEDULE + finished})
    done = read(root, "output/jadwal/index.html").split('id="program-selesai"')[1]
    shown, _, folded = done.partition('<details class="older-programs">')
    assert re.findall(r">(Kelas Bulan \d+)</a>", shown) == [
        f"Kelas Bulan {month}" for month in range(12, 2, -1)]
    assert "<summary>Tampilkan 2 program lain yang telah selesai</summary>" in folded
    assert re.findall(r">(Kelas Bulan \d+)</a>", folded) == ["Kelas Bulan 2", "Kelas Bulan 1"]


def test_schedule_opens_with_a_way_straight_to_each_class(tmp_path):
    finished = """
  - id: menulis-lama
    title: Pelatihan Menulis 2025
    sessions:
      - {date: 2025-03-01, start: 9.00, end: 11.00}
  - id: yoga
    title: Kelas Yoga
    sessions:
      - {date: 2026-12-20, start: 6.30, end: 8.00}
"""
    html = read(built(tmp_path, {"content/schedule.yaml": SCHEDULE + finished}),
                "output/jadwal/index.html")
    nav = html.split('<nav class="on-this-page" aria-labelledby="di-halaman-ini"')[1]
    nav = nav.split("</nav>")[0]
    # Folded into one line: this week's classes come right after it, the calendar links
    # (for a few) after them.
    assert '<details>\n  <summary id="di-halaman-ini">Di halaman ini: pilih program</summary>' in nav
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', nav)
    # the classes by name (the page lists them by their next session: English first)
    assert links == [("pekan-ini", "Minggu ini"), ("program-yoga", "Kelas Yoga"),
                     ("program-bahasa-inggris", "Pelatihan Bahasa Inggris"),
                     ("program-selesai", "Program yang telah selesai"),
                     ("kalender", "Simpan jadwal di kalender HP")]
    for anchor, _ in links:   # each leads somewhere on the page
        assert f'id="{anchor}"' in html, anchor
    assert (html.index("on-this-page") < html.index('id="pekan-ini"') < html.index('class="session')
            < html.index('class="calendar-link"'))


def test_schedule_without_finished_programs_has_no_such_heading(tmp_path):
    html = read(built(tmp_path), "output/jadwal/index.html")
    assert "Program yang sedang dan akan berjalan" in html and "program-selesai" not in html


def test_a_schedule_with_nothing_ahead_says_so_once(tmp_path):
    """Between terms: one line for the four weeks shown, not "Tidak ada kegiatan." four
    times; a week of a schedule that has sessions still says it has none."""
    root = built(tmp_path)
    assert run(root, "build", now="2028-06-01T09:00").code == 0
    html = read(root, "output/jadwal/index.html")
    weeks = html.split('<section class="weeks"', 1)[1].split("</section>\n</section>", 1)[0]
    assert "Tidak ada kegiatan." not in weeks and '<section class="week"' not in weeks
    assert ('<p class="meta">Belum ada kegiatan terjadwal sampai Minggu, 25 Juni 2028.</p>'
            in weeks)
    # What a resident can do meanwhile, rather than only that nothing is on.
    site_yaml = "title: Perpustakaan Uji\nbase_url: https://example.org/\ncontact:\n" \
                "  whatsapp: 0812-3456-7890\n"
    write_files(root, {"content/site.yaml": site_yaml})
    assert run(root, "build", now="2028-06-01T09:00").code == 0
    for page in ("index.html", "jadwal/index.html"):
        text = " ".join(re.sub(r"<[^>]+>", " ", read(root, f"output/{page}")).split())
        assert ("Jadwal kelas berikutnya belum diumumkan. Tanyakan lewat WhatsApp "
                "0812-3456-7890 , atau simpan jadwal di kalender HP : kelas baru akan muncul "
                "di kalender dengan sendirinya.") in text, page
    assert run(root, "build").code == 0   # NOW: sessions this week, none in some week
    assert '<section class="week"' in read(root, "output/jadwal/index.html")
    assert "belum diumumkan" not in read(root, "output/index.html")


def test_a_schedule_whose_next_term_is_months_away_names_its_first_day(tmp_path):
    """In July, with the next term written from September, the four weeks said only that
    nothing was on until the end of July."""
    root = built(tmp_path)
    assert run(root, "build", now="2026-06-01T09:00").code == 0
    html = read(root, "output/jadwal/index.html")
    assert ('<p class="meta">Belum ada kegiatan terjadwal sampai Minggu, 28 Juni 2026. '
            "Kegiatan berikutnya mulai Selasa, 3 November 2026.</p>") in html
    assert "belum diumumkan" not in html


def test_the_rest_of_this_week_without_sessions_says_none_are_left(tmp_path):
    """On Sunday, the week's sessions past: "no more this week", not "no activities" (the
    class met on Tuesday); a later empty week still says it has none."""
    root = built(tmp_path)
    assert run(root, "build", now="2026-11-29T09:00").code == 0
    weeks = read(root, "output/jadwal/index.html").split('<section class="week')[2:]
    assert "23–29 November 2026" in weeks[0]
    assert ('<p class="meta">Tidak ada kegiatan<span class="relative-day"> lagi minggu ini'
            '</span>.</p>') in weeks[0]   # on paper: "Tidak ada kegiatan."
    assert "Selasa, 1 Desember 2026" in weeks[1]
    # left off paper (the print stylesheet), where it says nothing a day later
    assert weeks[0].startswith(' nothing-left">') and weeks[1].startswith('">')
    assert run(root, "build", now="2026-11-23T08:00").code == 0   # Monday: all of it ahead
    weeks = read(root, "output/jadwal/index.html").split('<section class="week')[2:]
    assert "Selasa, 24 November 2026" in weeks[0] and "lagi minggu ini" not in weeks[0]
    assert weeks[0].startswith('">')


def test_sessions_today_and_tomorrow_say_so(tmp_path):
    root = built(tmp_path)   # NOW: Tuesday 24 November 2026, 09.00; a class at 15.00 today
    home = read(root, "output/index.html")
    assert re.search(r'<span class="badge relative-day first">Hari ini</span> <span class="session-date">'
                     r"Selasa, 24 November 2026</span>", home)
    schedule = read(root, "output/jadwal/index.html")
    assert '<h4 class="day">Selasa, 24 November 2026 <span class="badge relative-day">Hari ini</span></h4>' \
        in schedule
    assert "Besok" not in schedule   # nothing on Wednesday
    # three days later, with the cache: the pages were made again for the new day
    assert run(root, "build", now="2026-11-27T09:00").code == 0
    home = read(root, "output/index.html")
    assert "Hari ini" not in home
    assert re.search(r'<span class="badge relative-day first">Besok</span> <span class="session-date">'
                     r"Sabtu, 28 November 2026</span>", home)
    program = read(root, "output/jadwal/bahasa-inggris/index.html")
    assert '<span class="badge relative-day first">Besok</span>' in program


def test_registration_by_whatsapp_opens_a_chat(tmp_path):
    schedule = SCHEDULE.replace("    location: Ruang Pelatihan Lt. 2\n",
                                "    location: Ruang Pelatihan Lt. 2\n"
                                "    registration: \"WhatsApp 0812-0000-0000 (Bu Sari)\"\n")
    page = read(built(tmp_path, {"content/schedule.yaml": schedule}),
                "output/jadwal/bahasa-inggris/index.html")
    # the chat opens with a message naming the class, ready to send
    assert ('<dt>Pendaftaran</dt>\n  <dd>WhatsApp <a href="https://wa.me/6281200000000?text='
            'Halo%2C%20saya%20ingin%20mendaftar%20Pelatihan%20Bahasa%20Inggris.">'
            "0812-0000-0000</a> (Bu Sari)</dd>") in page


def test_a_number_in_a_session_note_or_reason_is_a_link(tmp_path):
    schedule = SCHEDULE.replace(
        "note: Kelas terbuka untuk orang tua",
        "note: Kelas terbuka untuk orang tua, konfirmasi ke WA 0812-3456-7890").replace(
        "except: [2026-12-08]",
        "except: [{date: 2026-12-08, note: Pengajar sakit; info telepon (0291) 591 000}]")
    root = built(tmp_path, {"content/schedule.yaml": schedule})
    for page in ("output/jadwal/bahasa-inggris/index.html", "output/jadwal/index.html"):
        html = read(root, page)
        assert ('konfirmasi ke WA <a href="https://wa.me/6281234567890">0812-3456-7890</a>'
                in html), page
        assert 'info telepon <a href="tel:0291591000">(0291) 591 000</a>' in html, page


def _next_line(html: str) -> str | None:
    """The text of the program page's "Sesi berikutnya" line (or its ended line)."""
    found = re.search(r'<p class="next-session"[^>]*>(.*?)</p>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found[1])).strip() if found else None


def test_a_program_page_says_its_next_session_first(tmp_path):
    """A resident opening a class's page sees when it next meets before its details: a day
    off is skipped, and a class whose sessions are over says so."""
    root = built(tmp_path)
    page = "output/jadwal/bahasa-inggris/index.html"
    html = read(root, page)
    assert _next_line(html) == "Sesi berikutnya: Hari ini Selasa, 24 November 2026, 15.00–17.30 WIB"
    assert html.index('class="next-session"') < html.index('<dl class="facts">')
    assert run(root, "build", now="2026-12-01T18:00").code == 0   # 8 December is a day off
    assert _next_line(read(root, page)) == ("Sesi berikutnya: Selasa, 15 Desember 2026, "
                                            "15.00–17.30 WIB")
    assert run(root, "build", now="2026-12-16T09:00").code == 0
    assert _next_line(read(root, page)) == ("Kegiatan ini sudah selesai; sesi terakhir "
                                            "Selasa, 15 Desember 2026.")


def test_a_one_off_sessions_place_shows_with_the_next_session(tmp_path):
    root = built(tmp_path)
    assert run(root, "build", now="2026-11-26T09:00").code == 0
    assert _next_line(read(root, "output/jadwal/bahasa-inggris/index.html")) == (
        "Sesi berikutnya: Sabtu, 28 November 2026, 09.00–12.00 WIB · Aula Utama · "
        "Kelas terbuka untuk orang tua")


def test_program_page_offers_its_calendar(tmp_path):
    root = built(tmp_path)
    html = read(root, "output/jadwal/bahasa-inggris/index.html")
    assert ('<a class="calendar-subscribe" href="webcal://example.org/jadwal/bahasa-inggris.ics">'
            "Tambahkan kalender kegiatan ini ke iPhone, iPad, Mac atau Outlook</a>") in html
    assert ('<a class="calendar-download" href="/jadwal/bahasa-inggris.ics">Unduh berkas '
            'kalender</a>') in html
    assert (root / "output/jadwal/bahasa-inggris.ics").is_file()


def test_article_shares_title_summary_and_picture(tmp_path):
    # a photo large enough for a link preview (one under 300 x 200 px is not shared)
    root = built(tmp_path, {"content/news/2023-09-29-diskarpus-raih-penghargaan/foto.jpg":
                            image_bytes(640, 480)})
    page = structure(read(root, "output/berita/diskarpus-raih-penghargaan/index.html"))
    assert page.meta("og:type") == "article"
    assert page.meta("og:title") == "Diskarpus Raih Penghargaan"
    assert page.meta("og:url") == "https://example.org/berita/diskarpus-raih-penghargaan/"
    image = page.meta("og:image")
    assert image and image.startswith("https://example.org/berita/diskarpus-raih-penghargaan/")
    assert image.endswith(".jpg")
    assert page.meta("og:image:alt") == "Para pustakawan memegang piala"
    # Its date first: an old notice forwarded again is seen to be old. Search engines
    # show dates of their own: the meta description is the summary alone.
    summary = "Perpustakaan Daerah meraih lima penghargaan."
    assert page.meta("og:description") == f"29 September 2023 · {summary}"
    assert page.meta("twitter:description") == f"29 September 2023 · {summary}"
    assert page.first("meta", name="description")["content"] == summary
    assert page.meta("article:published_time") == "2023-09-29T10:30:00+07:00"
    assert page.meta("twitter:card") == "summary_large_image"
    assert page.first("link", rel="canonical")["href"] == page.meta("og:url")
    article = next(data for data in page.json_ld if data["@type"] == "NewsArticle")
    assert article["headline"] == "Diskarpus Raih Penghargaan"
    assert article["datePublished"] == "2023-09-29T10:30:00+07:00"
    assert article["author"] == {"@type": "Person", "name": "Tim Humas"}
    assert article["image"] == [image]


def test_an_article_and_a_program_can_be_shared_to_whatsapp_and_facebook(tmp_path):
    """Residents pass news and classes on in WhatsApp groups: plain links (no script,
    nothing loaded until tapped) open WhatsApp or Facebook with the page's title and
    address. They are left out of the search index."""
    root = built(tmp_path, {"content/news/2024-01-06-lomba.md":
                            '---\ntitle: "Lomba \\"Baca\\" & Tulis #1"\ndate: 2024-01-06\n---\nIsi.\n'})
    address = "https://example.org/berita/lomba/"
    html = read(root, "output/berita/lomba/index.html")
    page = structure(html)
    whatsapp = page.first("a", href="https://wa.me/?text=Lomba%20%22Baca%22%20%26%20Tulis%20%231"
                                     "%20https%3A//example.org/berita/lomba/")
    facebook = page.first("a", href="https://www.facebook.com/sharer/sharer.php?u="
                                    "https%3A//example.org/berita/lomba/")
    assert whatsapp is not None and facebook is not None, html
    share = html[html.index('class="share"'):]
    assert share.index("WhatsApp") < share.index("</p>") and "Bagikan" in share[:40]
    assert address in html
    program = read(root, "output/jadwal/bahasa-inggris/index.html")
    assert "https://wa.me/?text=" in program and "https%3A//example.org/jadwal/bahasa-inggris/" \
        in program
    record = read_page("berita/lomba/index.html", html.encode("utf-8"))
    text = json.loads(record.data)["text"]
    assert text == "Isi." and "bagikan" not in record.text_terms


def test_the_footers_whatsapp_number_opens_a_chat(tmp_path):
    site = ("title: Perpustakaan Uji\nbase_url: https://example.org/\ncontact:\n"
            "  whatsapp: {}\n")
    root = built(tmp_path, {"content/site.yaml": site.format("0812-3456-7890")})
    html = read(root, "output/index.html")
    assert '<a href="https://wa.me/6281234567890">0812-3456-7890</a>' in html
    root = built(tmp_path / "b", {"content/site.yaml": site.format("+62 812 3456 7890")})
    assert 'href="https://wa.me/6281234567890"' in read(root, "output/index.html")
    root = built(tmp_path / "c", {"content/site.yaml": site.format("lewat meja layanan")})
    html = read(root, "output/index.html")
    assert "WhatsApp: lewat meja layanan" in html and "wa.me" not in html


def test_the_footers_telephone_number_is_called_with_a_tap(tmp_path):
    site = ("title: Perpustakaan Uji\nbase_url: https://example.org/\ncontact:\n"
            "  phone: {}\n")
    root = built(tmp_path, {"content/site.yaml": site.format('"(0291) 591 000 (pesawat 12)"')})
    assert ('<li>Telepon: <a href="tel:0291591000">(0291) 591 000</a> (pesawat 12)</li>'
            in read(root, "output/index.html"))
    root = built(tmp_path / "b", {"content/site.yaml": site.format("lewat resepsionis")})
    html = read(root, "output/index.html")
    assert "<li>Telepon: lewat resepsionis</li>" in html and "tel:" not in html
    # The field holds telephone numbers: figures run together are one too (in free text
    # they may be a code, and stay text).
    root = built(tmp_path / "c", {"content/site.yaml": site.format("0291591000 / 0291 591001")})
    assert ('<li>Telepon: <a href="tel:0291591000">0291591000</a> / '
            '<a href="tel:0291591001">0291 591001</a></li>' in read(root, "output/index.html"))


def test_the_footers_address_opens_the_library_on_a_map(tmp_path):
    """A resident taps "Lihat di peta" under the address: the phone's map app searches for
    the library by name and address, or opens the place `contact.map` gives."""
    site = ("title: Perpustakaan Uji\nbase_url: https://example.org/\ncontact:\n"
            "  address: [Jl. Kartini No. 9, Jepara]\n{}")
    root = built(tmp_path, {"content/site.yaml": site.format("")})
    home = read(root, "output/index.html")
    search = ("https://www.google.com/maps/search/?api=1&amp;query=Perpustakaan%20Uji%2C%20"
              "Jl.%20Kartini%20No.%209%2C%20Jepara")
    assert (f'<address>Jl. Kartini No. 9<br>Jepara</address>\n  <p class="map-link">'
            f'<a href="{search}">Lihat di peta</a></p>') in home
    library = next(data for data in structure(home).json_ld if data["@type"] == "Library")
    assert library["hasMap"] == search.replace("&amp;", "&")

    root = built(tmp_path / "b", {"content/site.yaml": site.format(
        "  map: https://maps.app.goo.gl/AbCdEf123\n")})
    assert '<a href="https://maps.app.goo.gl/AbCdEf123">Lihat di peta</a>' in \
        read(root, "output/berita/index.html")
    failed = fails_cleanly(root, {"content/site.yaml": site.format("  map: Jl. Kartini\n")})
    assert ('content/site.yaml:5: kesalahan: kolom "map": "Jl. Kartini" bukan alamat web') \
        in failed.err


def test_home_describes_the_library_and_programs_their_events(tmp_path):
    root = built(tmp_path)
    home = structure(read(root, "output/index.html"))
    library = next(data for data in home.json_ld if data["@type"] == "Library")
    assert library["name"] == "Perpustakaan Uji" and library["url"] == "https://example.org/"
    assert home.meta("og:type") == "website" and home.meta("twitter:card") == "summary"
    program = structure(read(root, "output/jadwal/bahasa-inggris/index.html"))
    events = [data for data in program.json_ld if data["@type"] == "Event"]
    assert [event["startDate"] for event in events] == [
        "2026-11-24T15:00:00+07:00", "2026-11-28T09:00:00+07:00",
        "2026-12-01T15:00:00+07:00", "2026-12-08T15:00:00+07:00",
        "2026-12-15T15:00:00+07:00"]
    # 8 December is in `except`: there as search engines ask for an event called off
    assert [event["eventStatus"].rsplit("/", 1)[1] for event in events] == [
        "EventScheduled", "EventScheduled", "EventScheduled", "EventCancelled",
        "EventScheduled"]
    assert events[1]["location"]["name"] == "Aula Utama"
    assert events[0]["endDate"] == "2026-11-24T17:30:00+07:00"
    assert all(event["isAccessibleForFree"] for event in events)


def test_schedule_pages_preview_their_classes_when_shared(tmp_path):
    """The two lines under a shared link's title say what the page holds: a class's
    days, hours, place and fee; the schedule's classes; a topic's name. Not the site's
    general description on each of them."""
    schedule = SCHEDULE.replace("    location: Ruang Pelatihan Lt. 2\n",
                                "    location: Ruang Pelatihan Lt. 2\n    fee: Gratis\n")
    root = built(tmp_path, {"content/schedule.yaml": schedule})
    program = structure(read(root, "output/jadwal/bahasa-inggris/index.html"))
    said = ("Kelas percakapan dasar. Setiap Selasa, 15.00–17.30 WIB. "
            "Tempat: Ruang Pelatihan Lt. 2. Biaya: Gratis.")
    assert program.meta("og:description") == said
    assert program.first("meta", name="description")["content"] == said
    assert structure(read(root, "output/jadwal/index.html")).meta("og:description") == (
        "Jadwal kegiatan Perpustakaan Uji: Pelatihan Bahasa Inggris. Hari, jam, tempat, "
        "dan cara mendaftar setiap kegiatan.")
    assert structure(read(root, "output/tag/inklusi-sosial/index.html")).meta(
        "og:description") == "Berita dan penghargaan bertopik Inklusi Sosial dari Perpustakaan Uji."


def test_json_ld_cannot_close_its_script_element(tmp_path):
    hostile = '</script><script>alert(1)</script> & "kutip"'
    root = built(tmp_path, {"content/news/2024-02-01-aman.md":
                            f"---\ntitle: '{hostile}'\ndate: 2024-02-01\n---\nIsi.\n"})
    html = read(root, "output/berita/aman/index.html")
    assert "<script>alert(1)" not in html
    article = next(data for data in structure(html).json_ld if data["@type"] == "NewsArticle")
    assert article["headline"] == hostile


def test_404_and_search_pages_are_not_indexed(tmp_path):
    root = built(tmp_path)
    page = read(root, "output/404.html")
    assert '<meta name="robots" content="noindex">' in page and 'rel="canonical"' not in page
    search = read(root, "output/cari/index.html")
    assert '<meta name="robots" content="noindex">' in search


def test_schedule_prints_for_a_notice_board(tmp_path, browser):
    """Printed (Chromium, print media): no menu or forms, the coming sessions in black."""
    from browser import serve

    root = built(tmp_path, {"content/site.yaml": CATALOG})
    with serve(root / "output") as base:
        page = browser.new_page()
        page.goto(base + "jadwal/")
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['.site-nav', '.menu-open', '.header-catalog',
            '.calendar-link', '.relative-day'].map(
                s => getComputedStyle(document.querySelector(s)).display)""")
        # "Hari ini" and "Besok" too: the paper stays on the board past the day
        assert hidden == ["none", "none", "none", "none", "none"]
        assert page.locator(".week .session").first.is_visible()
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
        # Weeks by their dates only ("Minggu depan" read on Monday was this week), and
        # the day the schedule is of: paper outlasts it.
        printed = page.locator("main").inner_text()
        assert not re.search(r"Minggu ini|Minggu depan|minggu lagi", printed)
        week = page.locator(".week h3").first.inner_text()
        assert " ".join(week.split()) == "23– sampai 29 November 2026"   # "sampai": unseen
        assert "Jadwal keadaan Selasa, 24 November 2026." in printed
        page.emulate_media(media="screen")
        assert page.locator(".week h3").first.inner_text().startswith("Minggu ini")
        page.close()


@pytest.mark.parametrize("path", ["berita/diskarpus-raih-penghargaan/", "profil/"])
def test_a_printed_notice_gives_its_address(tmp_path, browser, path):
    """A news item or standing page printed for a notice board (a closure, a competition):
    nothing on the paper led back to the page."""
    from browser import serve

    root = built(tmp_path)
    with serve(root / "output") as base:
        page = browser.new_page()
        page.goto(base + path)
        address = page.locator(".print-address")
        assert not address.is_visible()   # on the screen, the page itself is there
        page.emulate_media(media="print")
        assert address.is_visible()
        assert address.inner_text() == f"Selengkapnya di example.org/{path}"
        page.close()


MONTHLY = """\
  - id: parenting
    title: Kuliah Parenting
    sessions:
      - {date: 2026-11-28, start: 9.00, end: 11.00}
      - {date: 2027-01-16, start: 9.00, end: 11.00}
"""


def test_the_printed_schedule_lists_each_session_once(tmp_path, browser):
    """On paper the weeks list every session of the next four weeks: a program's "Sesi
    berikutnya" under it is left off when the weeks hold them all (six sheets, not eight,
    for the sample schedule), and kept when one falls later (January's lecture)."""
    from browser import serve

    root = built(tmp_path, {"content/schedule.yaml": SCHEDULE + MONTHLY})
    with serve(root / "output") as base:
        page = browser.new_page()
        page.goto(base + "jadwal/")
        next_sessions = page.locator(".program .next-sessions")
        assert next_sessions.count() == 2
        page.emulate_media(media="print")
        weekly, monthly = next_sessions.all()
        assert not weekly.is_visible()
        assert monthly.is_visible() and "16 Januari 2027" in monthly.inner_text()
        assert page.locator(".week", has_text="Pelatihan Bahasa Inggris").count() >= 2
        page.emulate_media(media="screen")   # on the screen, a way to each class's dates
        assert weekly.is_visible()
        page.close()


def test_a_program_says_where_what_it_costs_and_how_to_register_first(tmp_path):
    """What a resident deciding to join asks first, before who runs it; the calendar
    links come with the sessions to come, below them."""
    schedule = SCHEDULE.replace("    location: Ruang Pelatihan Lt. 2\n", (
        "    location: Ruang Pelatihan Lt. 2\n"
        "    audience: Pelajar dan umum\n"
        "    partner: Komunitas Relawan\n"
        "    category: Bahasa\n"
        "    quota: 20\n"
        "    registration: https://forms.gle/abc\n"))
    html = read(built(tmp_path, {"content/schedule.yaml": schedule}),
                "output/jadwal/bahasa-inggris/index.html")
    assert re.findall(r"<dt>([^<]+)</dt>", html) == [
        "Tempat", "Biaya", "Pendaftaran", "Peserta", "Kuota", "Penyelenggara", "Kategori"]
    assert html.index("<h2>Sesi mendatang</h2>") < html.index('class="calendar-link"')


def test_the_home_page_gives_the_telephone_with_todays_hours(tmp_path):
    site = ("title: Perpustakaan Uji\nbase_url: https://example.org/\ncontact:\n"
            "  phone: (0291) 591 000\n  opening_hours:\n    - \"Senin–Sabtu: 08.00–15.30 WIB\"\n")
    root = full_site(tmp_path, {"content/site.yaml": site})
    assert run(root, "build", now="2026-11-24T09:00").code == 0
    line = re.search(r'<p class="today-hours">(.*?)</p>', read(root, "output/index.html"), re.S)
    assert line and line[1].endswith(
        ' WIB.</span> Telepon: <a href="tel:0291591000">(0291) 591 000</a></span>'), line
    # true for one day: no search result is to quote it
    assert line[1].startswith("<span data-nosnippet><strong>Hari ini, ")


def test_the_search_pages_first_box_is_the_sites_own(tmp_path):
    """The header's catalog box is on every page but the search page, where words typed
    into the first box are for the site's search (the catalog is offered below it)."""
    site = SITE_YAML + "catalog_url: https://opac.example.org/cari?kata=\n"
    root = built(tmp_path, {"content/site.yaml": site})
    assert 'id="katalog-atas"' in read(root, "output/berita/index.html")
    search = read(root, "output/cari/index.html")
    assert 'id="katalog-atas"' not in search
    assert search.index('id="cari-kata"') < search.index("katalog-hasil")


def test_the_stylesheet_is_published_without_its_comments(tmp_path):
    """The theme's comments explain its rules to whoever edits it; residents on slow data
    download the rules only (a quarter fewer bytes). A "/*" inside a string stays."""
    root = full_site(tmp_path)
    assert run(root, "build").code == 0
    source = (PROJECT / "templates/assets/style.css").read_text(encoding="utf-8")
    sent = read(root, "output/assets/style.css")
    assert "/*" in source and "/*" not in sent and "\n\n" not in sent
    assert len(sent) < 0.85 * len(source)
    for rule in (".wrap { max-width: 46rem;", "@media print {", ":root {"):
        assert rule in source and rule in sent, rule
    assert lean_stylesheet(b'a { content: "/* x */"; }/* out */\n\n/* a\nb */b{c:d}\n') == \
        b'a { content: "/* x */"; }\n b{c:d}\n'
    assert lean_stylesheet("a{}/*\xe9*/".encode("latin-1")) is None   # copied as it is
