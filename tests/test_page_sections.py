"""A standing page's sections: every <h2> of its body gets an id from its text, so a
section has an address staff can share (/layanan/#komputer-dan-internet), and a page of
three sections or more opens with "Di halaman ini", a link to each, for a long page on a
phone (as Hugo's and Zola's tables of contents)."""

from __future__ import annotations

import json
import re

from conftest import make_site, read, run
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
    assert ('aria-labelledby="di-halaman-ini" data-search-ignore>\n'
            '  <p id="di-halaman-ini">Di halaman ini:</p>') in html


def test_a_page_of_fewer_sections_has_ids_but_no_list(tmp_path):
    two = "---\ntitle: Profil\n---\nTeks.\n\n## Sejarah\n\nA.\n\n## Pimpinan\n\nB.\n"
    root = make_site(tmp_path, {"content/pages/profil.md": two})
    assert run(root, "build").code == 0
    html = read(root, "output/profil/index.html")
    assert re.findall(r'<h2 id="([^"]+)">', html) == ["sejarah", "pimpinan"]
    assert 'class="on-this-page"' not in html


NEWS = """\
    ---
    title: Kelas Menulis Dibuka
    date: 2026-11-20
    program: menulis
    tags: [Literasi]
    ---
    Kelas menulis gratis dibuka lagi.

    ## Siapa yang bisa ikut

    Pelajar dan umum.

    ## Cara mendaftar

    Datang ke meja layanan, atau lihat [jadwal](#jadwal-kelas).

    ## Jadwal kelas

    Setiap Sabtu.

    ## Baca juga

    Sebuah subjudul bernama seperti kotak di bawah berita.
    """
OLDER = """\
    ---
    title: Lomba Resensi
    date: 2026-10-01
    tags: [Literasi]
    ---
    Lomba resensi untuk pelajar.
    """
AWARD = """\
    ---
    title: Juara Lomba Menulis
    date: 2026-11-21
    award: Juara I
    recipient: Perpustakaan Daerah
    recipient_type: institution
    giver: Perpustakaan Nasional
    year: 2026
    news: kelas-menulis-dibuka
    ---
    Penghargaan untuk [kelas menulis](/berita/kelas-menulis-dibuka/#cara-daftar), lihat
    [penilaian](#penilaian).

    ## Penilaian juri

    Juri menilai dampak.
    """
SCHEDULE = """\
    programs:
      - id: menulis
        title: Kelas Menulis
        summary: Menulis cerita.
        location: Ruang Baca
        weekly:
          - {day: Sabtu, start: "09:00", end: "11:00"}
        period: {from: 2026-11-01, until: 2027-01-31}
    """
ARTICLES = {"content/news/2026-11-20-kelas-menulis-dibuka.md": NEWS,
            "content/news/2026-10-01-lomba-resensi.md": OLDER,
            "content/awards/2026-11-21-juara-lomba-menulis.md": AWARD,
            "content/schedule.yaml": SCHEDULE}


def test_news_and_award_sections_have_addresses_too(tmp_path):
    root = make_site(tmp_path, ARTICLES)
    result = run(root, "build")
    assert result.code == 0, result.err
    # A link to a section a news item has not, or to one of the same page, is a warning
    # at its line; the news item's own link to #jadwal-kelas is found.
    assert [line for line in result.err.splitlines() if "bagian" in line] == [
        'content/awards/2026-11-21-juara-lomba-menulis.md:11: peringatan: tautan '
        '"/berita/kelas-menulis-dibuka/#cara-daftar": halaman /berita/kelas-menulis-dibuka/ '
        'tidak punya bagian "#cara-daftar", jadi halaman itu terbuka dari atas (mungkin '
        'maksudnya "#cara-mendaftar"); alamat bagian dibuat dari teks subjudul "##" halaman itu',
        'content/awards/2026-11-21-juara-lomba-menulis.md:12: peringatan: tautan "#penilaian": '
        'tidak ada bagian "#penilaian" di halaman ini, jadi tautan itu tidak membawa ke mana '
        'pun (mungkin maksudnya "#penilaian-juri"); alamat bagian dibuat dari teks subjudul "##"']
    html = read(root, "output/berita/kelas-menulis-dibuka/index.html")
    ids = ["siapa-yang-bisa-ikut", "cara-mendaftar", "jadwal-kelas", "baca-juga-2"]
    prose = html.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
    assert re.findall(r'<h2 id="([^"]+)">', prose) == ids
    assert [heading_id for heading_id, _ in _nav(html)] == ids
    # The theme's own boxes keep their ids, each once on the page.
    for box in ("kegiatan-terkait", "penghargaan-terkait", "baca-juga"):
        assert f'<h2 id="{box}">' in html
    every_id = re.findall(r'\sid="([^"]+)"', html)
    assert len(every_id) == len(set(every_id))
    # An award's one section has an address, but no list of one.
    award = read(root, "output/penghargaan/juara-lomba-menulis/index.html")
    assert '<h2 id="penilaian-juri">Penilaian juri</h2>' in award
    assert 'class="on-this-page"' not in award
    # A result in a news item's section links to it (search.py's "sections").
    records = [json.loads(path.read_text(encoding="utf-8"))
               for path in (root / "output/cari/indeks/h").glob("*.json")]
    record = next(record for record in records
                  if record["url"] == "/berita/kelas-menulis-dibuka/")
    assert [heading_id for _, heading_id in record["sections"]] == ids


def test_reserved_ids_hold_every_id_the_theme_gives_an_article(tmp_path):
    """Every id outside the body of a standing page, news item and award (with each box
    the theme adds: related program, award, news, read also) is one sections.py avoids."""
    root = make_site(tmp_path, {**ARTICLES, "content/pages/layanan.md": LAYANAN})
    assert run(root, "build").code == 0
    theme_ids: set[str] = set()
    for page in ("berita/kelas-menulis-dibuka", "penghargaan/juara-lomba-menulis", "layanan"):
        html = read(root, f"output/{page}/index.html")
        before, _, rest = html.partition('<div class="prose">')
        after = rest.split("</div>", 1)[1]
        theme_ids |= set(re.findall(r'\sid="([^"]+)"', before + after))
    assert {"isi", "di-halaman-ini", "kegiatan-terkait", "penghargaan-terkait",
            "baca-juga"} <= theme_ids
    assert theme_ids <= RESERVED_IDS, theme_ids - RESERVED_IDS


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
        'alamat bagian dibuat dari teks subjudul "##" halaman itu',
        # A news item's sections are checked too; this link is in the item itself.
        'content/news/2026-11-20-kabar.md:8: peringatan: tautan "/berita/kabar/#apa-saja": '
        'tidak ada bagian "#apa-saja" di halaman ini, jadi tautan itu tidak membawa ke mana '
        'pun (halaman ini tidak punya subjudul ##); alamat bagian dibuat dari teks subjudul "##"']


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
    # (a heading ends a sentence of the text: search._text_pieces)
    assert starts == {"peminjaman-buku": "Peminjaman buku. Tiga ",
                      "komputer-internet": "Komputer & internet. W",
                      "isi-2": "Isi. Sebuah bagian ber",   # after the emoji: two units
                      "komputer-internet-2": "Komputer & internet. J",
                      "jam": "Bagian tetap. Alamat y"}
    # A page without sections keeps the record it had.
    assert all("sections" not in record for record in records if record["url"] != "/layanan/")
