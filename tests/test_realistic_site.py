"""A realistic content folder written from CONTENT-FORMAT.md alone, by someone who had not
seen the builder (tests/sites/kedungwaru: a sub-path base_url, bundles with images, a
draft, a future item, a CRLF+BOM file, times written every way). It must build as its
author expected, item by item."""

from __future__ import annotations

import re

import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import PROJECT, read, run, snapshot, vnu_errors
from test_build import internal_links

SITE = PROJECT / "tests" / "sites" / "kedungwaru"
BASE = "/perpustakaan/"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kedungwaru")
    shutil.copytree(SITE, root / "content")
    result = run(root, "build", now="2026-11-24T10:00")
    assert result.code == 0, result.err
    assert result.err == ""
    return root / "output"


def test_every_item_at_the_url_its_author_expected(built):
    for path in ["berita/perpustakaan-keliling-sapa-desa/", "berita/jam-layanan-selama-ramadan/",
                 "berita/pelatihan-literasi-digital/", "berita/hari-buku-sedunia/",
                 "berita/lomba-mendongeng-2026/", "berita/pojok-baca-kemerdekaan/",
                 "berita/hari-aksara-internasional/", "berita/kelas-bahasa-inggris-dibuka/",
                 "berita/perpusda-raih-juara-lomba-perpustakaan/",
                 "penghargaan/perpustakaan-umum-terbaik-jateng/",
                 "penghargaan/pustakawan-berprestasi-provinsi/", "penghargaan/tpbis-terbaik-2025/",
                 "penghargaan/juara-lomba-perpustakaan-umum/", "penghargaan/duta-baca-kabupaten/",
                 "profil/", "layanan/", "kontak/", "berita/halaman/2/", "berita/halaman/3/"]:
        assert (built / path / "index.html").is_file(), path
    for path in ["berita/pelatihan-literasi-digital/foto-1.png",
                 "berita/pelatihan-literasi-digital/foto-2.png", "layanan/jadwal-layanan.pdf",
                 "favicon.ico", "dokumen/formulir-pendaftaran-anggota.pdf",
                 "gambar/perpustakaan-keliling.png"]:
        assert (built / path).is_file(), path
    assert not (built / "berita/halaman/4").exists()
    award = (built / "penghargaan/perpustakaan-umum-terbaik-jateng/index.html").read_text()
    assert "<h1>Perpustakaan Umum Kabupaten/Kota Terbaik III</h1>" in award
    assert "<dt>Tahun</dt><dd>2025</dd>" in (built / "penghargaan/tpbis-terbaik-2025/index.html").read_text()
    linked = (built / "berita/perpusda-raih-juara-lomba-perpustakaan/index.html").read_text()
    assert f'href="{BASE}penghargaan/juara-lomba-perpustakaan-umum/"' in linked


def test_draft_and_future_items_appear_nowhere(built):
    pages = {path: data for path, data in snapshot(built).items() if path.endswith(".html")}
    for slug in ("rencana-gedung-layanan-baru", "peluncuran-aplikasi-e-pustaka"):
        assert not (built / "berita" / slug).exists()
        assert not any(slug.encode() in data for data in pages.values()), slug
    assert (built / "tag/literasi-digital/index.html").read_text().count('class="card"') == 1


def test_one_tag_whatever_the_casing(built):
    tag_pages = [built / "tag/inklusi-sosial/index.html",
                 built / "tag/inklusi-sosial/halaman/2/index.html"]
    cards = sum(page.read_text().count('class="card"') for page in tag_pages)
    assert cards == 6   # five news items and one award
    assert len([p for p in (built / "tag").iterdir() if p.name.startswith("inklusi")]) == 1


@pytest.mark.parametrize("program, sessions, time_range", [
    ("dongeng-anak", 19, ("09.30", "10.30")),       # 9.30 unquoted: YAML alone reads 9.3
    ("komputer-lansia", 20, ("08.00", "10.00")),    # less a day closed (`closed`)
    ("bahasa-inggris", 39, ("15.00", "17.00")),
    ("klub-baca-remaja", 20, ("14.00", "16.00")),   # quoted "14.00"
    ("keaksaraan-dewasa", 40, ("08.30", "10.00")),  # 8:30, no leading zero
    ("bedah-buku", 3, ("13.00", "15.30")),
])
def test_schedule_sessions_and_times_as_written(built, program, sessions, time_range):
    page = read(built, f"jadwal/{program}/index.html")
    held = len(re.findall(r'<li class="session(?: past)?">', page))   # days off are there too
    assert held == sessions
    start, end = time_range
    assert f">{start}</time>–<time" in page and f">{end}</time> WIB" in page


def test_links_stay_under_the_sub_path_and_resolve(built):
    checked = 0
    for page in built.rglob("*.html"):
        relative = page.relative_to(built).as_posix()
        page_url = BASE + relative.removesuffix("index.html")
        for url in internal_links(page.read_text(), page_url):
            assert url.startswith(BASE), (page, url)
            target = built / unquote(url).removeprefix(BASE)
            if url.endswith("/"):
                target /= "index.html"
            assert target.is_file(), f"{relative} -> {url}"
            checked += 1
    assert checked > 500


def test_every_page_passes_the_nu_html_checker(built):
    assert vnu_errors(built) == []


def test_its_notice_is_on_every_page_with_a_link_under_the_sub_path(built):
    for page in ["index.html", "berita/index.html", "jadwal/index.html", "profil/index.html",
                 "404.html"]:
        html = (built / page).read_text(encoding="utf-8")
        main = html.split('<main id="isi"', 1)[1]
        assert main.index('<aside class="notices"') < main.index("<h1"), page
        assert "Layanan perpustakaan keliling libur pada 28–29 November 2026." in main
        assert ('<p class="notice" id="pengumuman-1">Layanan' in main
                and 'href="/perpustakaan/jadwal/" aria-describedby="pengumuman-1">Selengkapnya</a>'
                in main), "the link is not described by its notice's text"
        assert 'href="/perpustakaan/layanan/" aria-describedby="pengumuman-2">' in main

