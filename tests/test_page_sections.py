"""A standing page's sections: every <h2> of its body gets an id from its text, so a
section has an address staff can share (/layanan/#komputer-dan-internet), and a page of
three sections or more opens with "Di halaman ini", a link to each, for a long page on a
phone (as Hugo's and Zola's tables of contents)."""

from __future__ import annotations

import json
import re

from conftest import PROJECT, make_site, read, run
from site_builder.sections import RESERVED_IDS

LAYANAN = """\
    ---
    title: Layanan
    ---
    Semua layanan gratis.

    ## Peminjaman *buku*

    Tiga buku selama tujuh hari.

    ## Komputer & internet

    Wi-Fi gratis.

    ## Isi

    Sebuah bagian bernama seperti kotak isi halaman.

    ## Komputer & internet

    Judul yang sama dua kali.

    ## Bagian tetap {#jam}

    Alamat yang ditulis sendiri.
    """


def _nav(html: str) -> list[tuple[str, str]]:
    found = re.search(r'<nav class="on-this-page"[^>]*>(.*?)</nav>', html, re.S)
    return re.findall(r'<a href="#([^"]+)">(.*?)</a>', found[1]) if found else []


def test_each_section_has_an_address_and_the_page_a_list_of_them(tmp_path):
    root = make_site(tmp_path, {"content/pages/layanan.md": LAYANAN})
    assert run(root, "build").code == 0
    html = read(root, "output/layanan/index.html")
    ids = ["peminjaman-buku", "komputer-internet", "isi-2", "komputer-internet-2", "jam"]
    assert re.findall(r'<h2 id="([^"]+)">', html) == ids
    assert _nav(html) == list(zip(ids, ["Peminjaman buku", "Komputer &amp; internet", "Isi",
                                        "Komputer &amp; internet", "Bagian tetap"]))
    # Every id once on the page: the skip link's target (#isi) stays the page's main.
    every_id = re.findall(r'\sid="([^"]+)"', html)
    assert len(every_id) == len(set(every_id)) and '<main id="isi"' in html
    # The list comes before the text, and is left out of the search index.
    main = html.split("<main", 1)[1]
    assert main.index('class="on-this-page"') < main.index("Semua layanan gratis")
    assert 'aria-label="Di halaman ini" data-search-ignore' in html


def test_a_page_of_fewer_sections_has_ids_but_no_list(tmp_path):
    two = "---\ntitle: Profil\n---\nTeks.\n\n## Sejarah\n\nA.\n\n## Pimpinan\n\nB.\n"
    root = make_site(tmp_path, {"content/pages/profil.md": two})
    assert run(root, "build").code == 0
    html = read(root, "output/profil/index.html")
    assert re.findall(r'<h2 id="([^"]+)">', html) == ["sejarah", "pimpinan"]
    assert 'class="on-this-page"' not in html


def test_news_bodies_are_left_as_written(tmp_path):
    body = "## Satu\n\nA.\n\n## Dua\n\nB.\n\n## Tiga\n\nC.\n"
    root = make_site(tmp_path, {"content/news/2026-11-20-kabar.md":
                                f"---\ntitle: Kabar\ndate: 2026-11-20\n---\n{body}"})
    assert run(root, "build").code == 0
    html = read(root, "output/berita/kabar/index.html")
    assert "<h2>Satu</h2>" in html and 'class="on-this-page"' not in html


def test_reserved_ids_hold_every_id_the_theme_gives_a_standing_page():
    theme = "".join((PROJECT / "templates" / name).read_text(encoding="utf-8")
                    for name in ("base.html", "page.html"))
    written = set(re.findall(r'\sid="([a-z][a-z0-9-]*)"', theme))
    written |= set(re.findall(r'catalog_form\([^,]+, "([a-z-]+)"', theme))
    assert written and written <= RESERVED_IDS


def test_a_link_to_a_section_a_page_does_not_have_is_a_warning_at_its_line(tmp_path):
    news = """\
        ---
        title: Kabar
        date: 2026-11-20
        ---
        Pinjam [buku](/layanan/#peminjaman-buku), pakai [komputer](/layanan/#komputer),
        lihat [jam buka](/layanan/#jam) dan [catatan](/layanan/#catatan).

        Berita lain: [kabar](/berita/kabar/#apa-saja).
        """
    root = make_site(tmp_path, {"content/pages/layanan.md": LAYANAN,
                                "content/news/2026-11-20-kabar.md": news})
    result = run(root, "build")
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if "bagian" in line]
    assert warnings == [
        'content/news/2026-11-20-kabar.md:5: peringatan: tautan "/layanan/#komputer": halaman '
        '/layanan/ tidak punya bagian "#komputer", jadi halaman itu terbuka dari atas '
        '(mungkin maksudnya "#komputer-internet"); alamat bagian dibuat dari teks subjudul '
        '"##" halaman itu',
        'content/news/2026-11-20-kabar.md:6: peringatan: tautan "/layanan/#catatan": halaman '
        '/layanan/ tidak punya bagian "#catatan", jadi halaman itu terbuka dari atas (bagian '
        "yang ada: #peminjaman-buku, #komputer-internet, #isi-2, #komputer-internet-2, #jam); "
        'alamat bagian dibuat dari teks subjudul "##" halaman itu']


def test_the_search_index_says_where_each_section_starts_in_the_text(tmp_path):
    root = make_site(tmp_path, {"content/pages/layanan.md": LAYANAN.replace(
        "Wi-Fi gratis.", "Wi-Fi gratis 📶 untuk semua.")})
    assert run(root, "build").code == 0
    records = [json.loads(path.read_text(encoding="utf-8"))
               for path in (root / "output/cari/indeks/h").glob("*.json")]
    record = next(record for record in records if record["url"] == "/layanan/")
    text = record["text"].encode("utf-16-le")   # offsets count as the browser's script does
    starts = {heading_id: text[2 * offset:].decode("utf-16-le")[:22]
              for offset, heading_id in record["sections"]}
    assert starts == {"peminjaman-buku": "Peminjaman buku Tiga b",
                      "komputer-internet": "Komputer & internet Wi",
                      "isi-2": "Isi Sebuah bagian bern",   # after the emoji: two units
                      "komputer-internet-2": "Komputer & internet Ju",
                      "jam": "Bagian tetap Alamat ya"}
    # A page without sections keeps the record it had.
    assert all("sections" not in record for record in records if record["url"] != "/layanan/")
