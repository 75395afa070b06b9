"""End to end: small real sites in tmp_path, built through the command line, output read back."""

from __future__ import annotations

import re
from html.parser import HTMLParser
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import image_bytes, make_site, read, run, snapshot, write_files

NEWS = """
---
title: Diskarpus Raih Penghargaan
date: 2023-09-29 10:30
tags: [Penghargaan, Inklusi Sosial]
image: foto.jpg
image_alt: Para pustakawan memegang piala
author: Tim Humas
source: Humas Pemkab
---
Perpustakaan Daerah meraih **lima** penghargaan.

Lihat [jadwal kelas](/jadwal/) dan [profil](/profil/).
"""

AWARD = """
---
date: 2023-09-22
award: Inovasi Layanan Digital Terbaik
giver: Perpustakaan Nasional Republik Indonesia
recipient: Perpustakaan Daerah Kabupaten Jepara
event: Peer Learning Meeting Nasional 2023, Yogyakarta
news: diskarpus-raih-penghargaan
tags: [penghargaan]
---
Aplikasi Bina Pustaka dinilai sangat baik.
"""

LIFETIME = """
---
title: Lifetime Achievement 2023
date: 2023-09-22
award: Lifetime Achievement 2023
giver: Perpustakaan Nasional Republik Indonesia
recipient: Khoirul Mizan
recipient_type: individual
---
Atas dedikasinya.
"""

SCHEDULE = """
programs:
  - id: bahasa-inggris
    title: Pelatihan Bahasa Inggris
    summary: Kelas percakapan dasar.
    location: Ruang Pelatihan Lt. 2
    weekly:
      - day: Selasa
        start: 15:00
        end: 17.30
    period: {from: 2026-11-03, until: 2026-12-15}
    except: [2026-12-08]
    sessions:
      - date: 2026-11-28
        start: 9.00
        end: 12:00
        location: Aula Utama
        note: Kelas terbuka untuk orang tua
"""

PAGE = """
---
title: Profil Perpustakaan
menu_order: 1
---
Koleksi buku tercetak 50.313 eksemplar.
"""


def warnings_of(root: Path) -> list[str]:
    """The warning lines a build of `root`, which must succeed, prints."""
    result = run(root)
    assert result.code == 0, result.err
    return [line for line in result.err.splitlines() if ": peringatan: " in line]


def test_a_body_heading_that_breaks_the_page_outline_is_a_warning(tmp_path):
    """The item's title is the page's one level-1 heading; a body's headings start at
    level 2 and skip no level, as screen readers list them (WCAG 1.3.1, 2.4.6)."""
    body = ["Pembuka.", "", "# Cara mendaftar", "", "Isi.", "", "## Syarat", "",
            "#### Dokumen *wajib* & *pilihan*", "", "Teks.", "", "Judul bergaris", "============", "",
            "```", "# bukan judul, kode", "```", "", "<h5>Dari HTML</h5>"]
    root = make_site(tmp_path, {
        "content/news/2024-01-05-a.md": "---\ntitle: A\ndate: 2024-01-05\n---\n"
                                        + "\n".join(body) + "\n",
        "content/news/2024-01-06-b.md": "---\ntitle: B\ndate: 2024-01-06\n---\nA.\n\n"
                                        "## Satu\n\n### Dua\n\n## Tiga\n\nB.\n"})
    warned = warnings_of(root)
    line = {text: number for number, text in enumerate(body, 5)}
    where = "content/news/2024-01-05-a.md"
    assert [w.split(": peringatan: ")[0] for w in warned] == [
        f"{where}:{line['# Cara mendaftar']}", f"{where}:{line['#### Dokumen *wajib* & *pilihan*']}",
        f"{where}:{line['Judul bergaris']}", f"{where}:{line['<h5>Dari HTML</h5>']}"], warned
    assert 'judul "Cara mendaftar" bertingkat 1' in warned[0]
    assert 'tulis "## Cara mendaftar"' in warned[0]
    assert 'subjudul "Dokumen wajib & pilihan" bertingkat 4 sesudah subjudul bertingkat 2' \
        in warned[1]
    assert 'tulis "### Dokumen wajib & pilihan"' in warned[1]
    assert 'tulis "## Judul bergaris"' in warned[2]
    assert 'subjudul "Dari HTML" bertingkat 5' in warned[3]


def test_a_first_heading_repeating_the_title_is_left_out_with_a_warning(tmp_path):
    """Pasted from a document whose first line is its title: the page showed the title
    twice, one under the other. The repeat is left out of the page, and staff are told."""
    root = make_site(tmp_path, {
        "content/news/2024-01-05-a.md": "---\ntitle: Lomba Mewarnai untuk Anak\ndate: 2024-01-05\n"
                                        "---\n\n# LOMBA MEWARNAI untuk anak.\n\nIsi berita.\n\n"
                                        "## Syarat\n\nGratis.\n",
        "content/awards/2024-01-06-juara/index.md": (
            "---\ndate: 2024-01-06\naward: Juara I Lomba Perpustakaan Desa\ngiver: Perpusnas\n"
            "recipient: Perpustakaan Desa Bangsri\n---\n## Juara I Lomba Perpustakaan Desa\n\nIsi.\n"),
        # the title with a Markdown mark ("**"), shown without it: the same words
        "content/news/2024-01-08-c.md": "---\ntitle: Kelas **Gratis**\ndate: 2024-01-08\n---\n"
                                        "## Kelas Gratis\n\nIsi.\n",
        # a heading with other words stays, warned as out of place
        "content/news/2024-01-07-b.md": "---\ntitle: Kelas Baru\ndate: 2024-01-07\n---\n"
                                        "# Kelas Baru Dibuka\n\nIsi.\n"})
    warned = warnings_of(root)
    assert warned == [
        'content/awards/2024-01-06-juara/index.md:7: peringatan: baris ini mengulang judul '
        '("Juara I Lomba Perpustakaan Desa"), yang sudah tampil di atas tulisan; halaman tidak '
        'menampilkannya dua kali, hapus saja baris ini',
        'content/news/2024-01-05-a.md:6: peringatan: baris ini mengulang judul ("Lomba '
        'Mewarnai untuk Anak"), yang sudah tampil di atas tulisan; halaman tidak menampilkannya '
        'dua kali, hapus saja baris ini',
        'content/news/2024-01-07-b.md:5: peringatan: judul "Kelas Baru Dibuka" bertingkat 1, '
        'sama dengan judul halaman, sehingga pembaca layar mengira halaman ini punya dua judul '
        'utama; untuk subjudul tulis "## Kelas Baru Dibuka"',
        'content/news/2024-01-08-c.md:5: peringatan: baris ini mengulang judul ("Kelas '
        'Gratis"), yang sudah tampil di atas tulisan; halaman tidak menampilkannya dua kali, '
        'hapus saja baris ini'], warned
    page = read(root, "output/berita/a/index.html")
    assert "LOMBA MEWARNAI" not in page
    prose = page.split('<div class="prose">', 1)[1]
    assert prose.startswith("<p>Isi berita.</p>"), prose[:200]
    assert "<h2" in prose and "Syarat" in prose
    award = read(root, "output/penghargaan/juara/index.html").split('<div class="prose">', 1)[1]
    assert award.startswith("<p>Isi.</p>"), award[:200]
    assert "<h1>Kelas Baru Dibuka</h1>" in read(root, "output/berita/b/index.html")


def test_a_title_in_capitals_or_very_long_is_a_warning(tmp_path):
    """"PERPUSTAKAAN DAERAH BUKA LAYANAN MALAM" (as announcements are typed): harder to
    read, and some screen readers spell words in capitals letter by letter. A title of
    a paragraph's length fills a phone's screen in every list. Short capitals ("UMKM")
    and normal titles stay silent."""
    item = "---\ntitle: {title}\ndate: 2024-01-0{day}\n---\nIsi.\n"
    long = ("Perpustakaan Daerah menggelar lomba " + "membaca, menulis, bercerita, " * 5
            + "dan menggambar untuk pelajar")
    root = make_site(tmp_path, {
        "content/news/2024-01-01-a.md": item.format(title="PERPUSTAKAAN DAERAH BUKA LAYANAN MALAM "
                                                          "DI HARI KAMIS UNTUK SISWA SMP",
                                                    day=1),
        "content/news/2024-01-02-b.md": item.format(title=long, day=2),
        "content/news/2024-01-03-c.md": item.format(title="Pelatihan UMKM Perempuan", day=3),
        "content/news/2024-01-04-d.md": item.format(title="PLM 2023", day=4),
        # an award without `title` is titled by its `award`, checked the same
        "content/awards/2024-01-05-e.md": "---\ndate: 2024-01-05\naward: JUARA I LOMBA "
                                          "PERPUSTAKAAN DESA\ngiver: Dinas\nrecipient: Desa\n"
                                          "---\nIsi.\n"})
    warned = warnings_of(root)
    assert warned == [
        'content/awards/2024-01-05-e.md:3: peringatan: judul ditulis dengan huruf kapital '
        'semua, yang lebih sulit dibaca dan oleh sebagian pembaca layar dieja huruf demi huruf; '
        'tulis seperti judul biasa, misalnya "Juara I Lomba Perpustakaan Desa" (singkatan '
        'seperti UMKM tetap kapital)',
        'content/news/2024-01-01-a.md:2: peringatan: judul ditulis dengan huruf kapital semua, '
        'yang lebih sulit dibaca dan oleh sebagian pembaca layar dieja huruf demi huruf; tulis '
        'seperti judul biasa, misalnya "Perpustakaan Daerah Buka Layanan Malam di Hari Kamis '
        'untuk Siswa SMP" (singkatan seperti UMKM tetap kapital)',
        f'content/news/2024-01-02-b.md:2: peringatan: judul {len(long)} karakter, sehingga '
        'memenuhi layar HP di setiap daftar dan terpotong di hasil pencarian; tulis judul '
        'yang lebih pendek (paling banyak sekitar 140 karakter) dan letakkan rinciannya di isi '
        'atau "summary"'], warned


def test_a_day_name_that_does_not_fit_its_date_is_a_warning(tmp_path):
    """"Jumat, 5 Desember 2026" when 5 December 2026 is a Saturday: a resident comes on the
    wrong day. A day named with a date in the title, summary or body that falls on another
    weekday is a warning at its line, naming the right day; a date without its year is
    taken in the year nearest the item's date ("Kamis (19/11)", as the press writes it).
    Right pairs, a date alone, a range
    ("Senin–Rabu, 7–9 Desember") and "minggu" for a week stay silent. A day named with
    a date that does not exist ("Senin, 31 November 2026") is told so."""
    root = make_site(tmp_path, {"content/news/2026-11-20-lomba.md": (
        "---\ntitle: Lomba Mewarnai Jumat, 5 Desember 2026\ndate: 2026-11-20\n"
        "summary: Lomba digelar hari sabtu, 5 Desember.\n---\n"
        "Pendaftaran ditutup Senin, 30 November 2026; pengumuman Rabu, tanggal 7 Januari "
        "2027.\n\nGladi bersih Jum'at, 04/12/2026 dan Sabtu, 5 Desember 2026. Senin–Rabu, "
        "7–9 Desember, libur; satu minggu, 6 Desember hingga 12 Desember. Latihan Kamis "
        "(19/11) dan Jumat (19/11). Final Senin, 31 November 2026.\n\n"
        "Pameran Jumat / 5 Desember 2026 dan Sabtu - 5 Desember 2026.\n\n"
        "```\nMinggu, 1 Desember 2026\n```\n")})
    warned = warnings_of(root)
    assert warned == [
        'content/news/2026-11-20-lomba.md:2: peringatan: "Jumat, 5 Desember 2026" tidak cocok '
        'dengan harinya: 5 Desember 2026 jatuh pada hari Sabtu; perbaiki nama hari atau '
        'tanggalnya',
        'content/news/2026-11-20-lomba.md:6: peringatan: "Rabu, tanggal 7 Januari 2027" tidak '
        'cocok dengan harinya: 7 Januari 2027 jatuh pada hari Kamis; perbaiki nama hari atau '
        'tanggalnya',
        'content/news/2026-11-20-lomba.md:8: peringatan: "Jumat (19/11)" tidak cocok dengan '
        'harinya: 19 November 2026 jatuh pada hari Kamis; perbaiki nama hari atau '
        'tanggalnya',
        'content/news/2026-11-20-lomba.md:8: peringatan: "Senin, 31 November 2026" memuat '
        'tanggal yang tidak ada: bulan November hanya sampai tanggal 30; perbaiki '
        'tanggalnya',
        'content/news/2026-11-20-lomba.md:10: peringatan: "Jumat / 5 Desember 2026" tidak '
        'cocok dengan harinya: 5 Desember 2026 jatuh pada hari Sabtu; perbaiki nama hari atau '
        'tanggalnya'], warned


def test_a_wrong_day_written_as_whatsapp_invitations_write_it_is_a_warning(tmp_path):
    """Pasted from a WhatsApp invitation: the day in capitals, in bold, or on the line
    above its date ("Hari: Jumat", "Tanggal: 5 Desember 2026")."""
    root = make_site(tmp_path, {"content/news/2026-11-20-lomba.md": (
        "---\ntitle: Lomba Mewarnai\ndate: 2026-11-20\n---\n"
        "📅 *JUMAT, 5 DESEMBER 2026*\n\n"
        "Gladi **Jumat**, 5 Desember 2026.\n\n"
        "Hari : Jumat\nTanggal : 5 Desember 2026\nTempat: Aula\n\n"
        "*Hari:* Sabtu\n*Tanggal:* 5 Desember 2026\n\n"
        "SABTU, 5 DESEMBER 2026 dan Sabtu, 5 Desember 2026: benar.\n")})
    wrong = "tidak cocok dengan harinya: 5 Desember 2026 jatuh pada hari Sabtu; perbaiki " \
            "nama hari atau tanggalnya"
    assert warnings_of(root) == [
        f'content/news/2026-11-20-lomba.md:5: peringatan: "JUMAT, 5 DESEMBER 2026" {wrong}',
        f'content/news/2026-11-20-lomba.md:7: peringatan: "Jumat**, 5 Desember 2026" {wrong}',
        f'content/news/2026-11-20-lomba.md:9: peringatan: "Jumat Tanggal : 5 Desember 2026" '
        f'{wrong}']


def test_a_file_uploaded_twice_is_a_warning_naming_the_other(tmp_path):
    """The same news uploaded again ("... (1).md", under another name): residents saw it
    twice in every list. Both files still publish; staff are told."""
    item = "---\ntitle: Donasi Buku\ndate: 2024-01-05\n---\nKomunitas menyumbang 350 buku.\n"
    root = make_site(tmp_path, {
        "content/news/2024-01-05-donasi-buku.md": item,
        "content/news/2024-01-05-donasi-buku (1).md": item,
        "content/news/2024-01-06-donasi-buku-komunitas.md": item.replace("2024-01-05", "2024-01-06"),
        # the same title with other words: a yearly event, not a copy
        "content/news/2025-01-05-donasi-buku-2025.md": item.replace("350", "400").replace(
            "2024-01-05", "2025-01-05"),
    })
    result = run(root)
    assert result.code == 0, result.err
    copies = [line for line in result.err.splitlines() if "sama persis" in line]
    assert copies == [
        f'content/news/{name}: peringatan: tulisan ini sama persis (judul dan isinya) dengan '
        'content/news/2024-01-05-donasi-buku.md, jadi tampil dua kali di daftar; jika '
        'terunggah dua kali, hapus salah satu berkasnya'
        for name in ("2024-01-05-donasi-buku (1).md", "2024-01-06-donasi-buku-komunitas.md")
    ], result.err


def test_a_date_far_from_the_one_in_the_file_name_is_a_warning(tmp_path):
    """A news item copied from an old one keeps the old `date:` under a new file name:
    it publishes deep in the archive, under the old date, without a word."""
    root = make_site(tmp_path, {
        "content/news/2026-11-20-donasi-buku-baru.md":
            "---\ntitle: Donasi Buku Baru\ndate: 2025-06-21\n---\nIsi.\n",
        "content/awards/2026-11-22-juara/index.md":
            "---\ndate: 2024-11-22 10:00\naward: Juara I\ngiver: Perpusnas\n"
            "recipient: Perpustakaan Daerah\n---\nIsi.\n",
        # the name's date a few days off (written ahead, or a day typed wrong): no warning
        "content/news/2026-11-01-ditulis-lebih-dulu.md":
            "---\ntitle: Ditulis Lebih Dulu\ndate: 2026-11-14\n---\nIsi.\n"})
    warned = warnings_of(root)
    assert len(warned) == 2, warned
    assert warned[0].startswith("content/awards/2026-11-22-juara/index.md:2: peringatan: "
                                "tanggal 22 November 2024 jauh dari tanggal di nama "
                                "berkas (22 November 2026)"), warned
    assert warned[1].startswith("content/news/2026-11-20-donasi-buku-baru.md:3: peringatan: "
                                "tanggal 21 Juni 2025 jauh dari tanggal di nama "
                                "berkas (20 November 2026)"), warned
    assert "salinan" in warned[1] and 'perbarui kolom "date"' in warned[1]


def full_site(tmp_path: Path, extra: dict | None = None) -> Path:
    return make_site(tmp_path, {
        "content/news/2023-09-29-diskarpus-raih-penghargaan/index.md": NEWS,
        "content/news/2023-09-29-diskarpus-raih-penghargaan/foto.jpg": image_bytes(),
        "content/news/2024-01-05-kelas-yoga.md": "---\ntitle: Kelas Yoga\ndate: 2024-01-05\n"
                                                 "tags: [inklusi sosial]\n---\nYoga gratis.\n",
        "content/awards/2023-09-22-inovasi-layanan-digital.md": AWARD,
        "content/awards/2023-09-22-lifetime-achievement.md": LIFETIME,
        "content/pages/profil.md": PAGE,
        "content/schedule.yaml": SCHEDULE,
        "content/static/dokumen/laporan.pdf": b"%PDF-1.4 fake",
        **(extra or {}),
    })


def test_every_item_is_at_its_url(tmp_path):
    root = full_site(tmp_path)
    result = run(root)
    assert result.code == 0, result.err
    out = root / "output"
    for path in ["index.html", "404.html", "berita/index.html",
                 "berita/diskarpus-raih-penghargaan/index.html",
                 "berita/diskarpus-raih-penghargaan/foto.jpg", "berita/kelas-yoga/index.html",
                 "penghargaan/index.html", "penghargaan/inovasi-layanan-digital/index.html",
                 "penghargaan/lifetime-achievement/index.html", "profil/index.html",
                 "jadwal/index.html", "jadwal/bahasa-inggris/index.html", "tag/index.html",
                 "tag/inklusi-sosial/index.html", "tag/penghargaan/index.html",
                 "dokumen/laporan.pdf", "assets/style.css"]:
        assert (out / path).is_file(), path
    article = read(root, "output/berita/diskarpus-raih-penghargaan/index.html")
    assert "Jumat, 29 September 2023" in article
    assert "<strong>lima</strong>" in article
    assert 'alt="Para pustakawan memegang piala"' in article
    assert "Penulis: Tim Humas" in article and "Sumber: Humas Pemkab" in article
    assert "Selesai:" in result.out


def test_award_title_defaults_to_award_and_links_both_ways(tmp_path):
    root = full_site(tmp_path)
    assert run(root).code == 0
    award = read(root, "output/penghargaan/inovasi-layanan-digital/index.html")
    assert "<h1>Inovasi Layanan Digital Terbaik</h1>" in award
    assert 'href="/berita/diskarpus-raih-penghargaan/"' in award
    article = read(root, "output/berita/diskarpus-raih-penghargaan/index.html")
    assert 'href="/penghargaan/inovasi-layanan-digital/"' in article
    assert "Penghargaan terkait" in article


def test_award_list_groups_by_year_and_tells_institutions_from_individuals(tmp_path):
    root = full_site(tmp_path)
    assert run(root).code == 0
    awards = read(root, "output/penghargaan/index.html")
    year = awards.index("<h2 id=\"tahun-2023\">2023</h2>")
    institutions, individuals = awards.index("Untuk lembaga"), awards.index("Untuk perorangan")
    assert year < institutions < awards.index("Inovasi Layanan Digital Terbaik") < individuals
    assert individuals < awards.index("Khoirul Mizan")


def test_tags_match_case_insensitively(tmp_path):
    root = full_site(tmp_path)
    assert run(root).code == 0
    tag = read(root, "output/tag/inklusi-sosial/index.html")
    assert "Diskarpus Raih Penghargaan" in tag and "Kelas Yoga" in tag
    assert not (root / "output/tag/inklusi-sosial-2").exists()
    tags = read(root, "output/tag/index.html")
    assert tags.count('href="/tag/inklusi-sosial/"') == 1
    # news and awards share tags: "Penghargaan" and "penghargaan" are one
    assert "Inovasi Layanan Digital Terbaik" in read(root, "output/tag/penghargaan/index.html")


@pytest.mark.parametrize("tags", ['"#Literasi #Pelatihan"', "Literasi; Pelatihan",
                                  "Literasi, Pelatihan"])
def test_tags_written_as_one_text_are_split_as_written(tmp_path, tags):
    """Hashtags pasted from a post, or tags between semicolons, are two tags, as a
    comma-separated text is: not one tag page named after the whole line."""
    root = make_site(tmp_path, {"content/news/2024-02-01-lomba.md":
                                f"---\ntitle: Lomba\ndate: 2024-02-01\ntags: {tags}\n---\nIsi.\n"})
    result = run(root)
    assert result.code == 0, result.err
    assert sorted(path.name for path in (root / "output/tag").iterdir() if path.is_dir()) == [
        "literasi", "pelatihan"]
    assert ">Pelatihan</a>" in read(root, "output/berita/lomba/index.html")


def test_markdown_written_in_a_summary_shows_as_the_text_it_marks(tmp_path):
    """A summary is plain text (lists, link previews, search engines): Markdown written in
    it as in a body showed its marks, "**gratis**" and "[sini](/jadwal/)"."""
    root = make_site(tmp_path, {"content/news/2024-02-01-lomba.md": (
        "---\ntitle: Lomba\ndate: 2024-02-01\nsummary: Lomba **gratis** untuk _anak_, "
        "daftar di [sini](/jadwal/), 5 * 3 hadiah.\n---\nIsi.\n")})
    assert run(root).code == 0
    shown = "Lomba gratis untuk anak, daftar di sini, 5 * 3 hadiah."
    assert f'<meta name="description" content="{shown}">' in read(
        root, "output/berita/lomba/index.html")
    assert f"<p>{shown}</p>" in read(root, "output/berita/index.html")


def test_entities_pasted_from_a_web_page_show_as_their_characters(tmp_path):
    """Text copied from the old website holds "&amp;" and "&mdash;": the body showed "&"
    and "—" but the summary made of its first paragraph dropped them ("0812 bawa
    krayon"), and a `summary` showed "&amp;amp;"."""
    root = make_site(tmp_path, {
        "content/news/2024-02-01-lomba.md": (
            "---\ntitle: Lomba &amp; Pameran\ndate: 2024-02-01\n---\n"
            "Daftar ke 0812-0000-0000 &amp; bawa krayon &mdash; juara 1&ndash;3 dapat "
            "piala <b>besar</b>.\n"),
        "content/news/2024-02-02-pameran.md": (
            "---\ntitle: Pameran\ndate: 2024-02-02\n"
            "summary: Buku &amp; arsip &#8211; gratis\n---\nIsi.\n")})
    assert run(root).code == 0
    lomba = read(root, "output/berita/lomba/index.html")
    shown = "Daftar ke 0812-0000-0000 &amp; bawa krayon — juara 1–3 dapat piala besar."
    assert f'<meta name="description" content="{shown}">' in lomba
    assert "<title>Lomba &amp; Pameran" in lomba
    assert '<meta name="description" content="Buku &amp; arsip – gratis">' in read(
        root, "output/berita/pameran/index.html")


def test_markdown_written_in_a_title_shows_as_the_text_it_marks(tmp_path):
    """A title cannot be bold: "**Gratis**" showed its stars in the heading, the tab and
    every list."""
    root = make_site(tmp_path, {"content/news/2024-02-01-lomba.md": (
        "---\ntitle: Lomba Mewarnai **Gratis** untuk _Anak_\ndate: 2024-02-01\n---\nIsi.\n")})
    assert run(root).code == 0
    page = read(root, "output/berita/lomba/index.html")
    assert "<h1>Lomba Mewarnai Gratis untuk Anak</h1>" in page
    assert "<title>Lomba Mewarnai Gratis untuk Anak ·" in page and "**" not in page
    assert ">Lomba Mewarnai Gratis untuk Anak</a>" in read(root, "output/berita/index.html")


def tagged_site(tmp_path: Path, lomba: str, kelas: str, yoga: str) -> Path:
    """full_site with three news items more, Lomba, Kelas and Yoga, tagged as written."""
    news = "---\ntitle: {title}\ndate: 2024-02-0{day}\ntags: {tags}\n---\nIsi.\n"
    return full_site(tmp_path, {
        f"content/news/2024-02-0{day}-{title.lower()}.md": news.format(title=title, day=day,
                                                                       tags=tags)
        for day, (title, tags) in enumerate((("Lomba", lomba), ("Kelas", kelas),
                                              ("Yoga", yoga)), start=1)})


def test_a_tag_spelled_like_a_common_one_is_a_warning(tmp_path):
    """A typo in a tag ("Inklusi Sosail") makes a tag page of its own with one item, away
    from the others: a warning at the item's tags names the common tag it looks like.
    Tags unlike any other, or used by more than one item, stay silent."""
    root = tagged_site(tmp_path, "[Lomba, Inklusi Sosail]", "[Pelatihan, Inklusi Sosial]",
                       "[Pelatihan, Olahraga]")
    warned = warnings_of(root)
    assert warned == [
        'content/news/2024-02-01-lomba.md:4: peringatan: tag "Inklusi Sosail" hanya dipakai '
        'tulisan ini, dan mirip tag "Inklusi Sosial" (3 tulisan); jika salah ketik, '
        "samakan penulisannya: setiap tag yang berbeda mendapat halaman tag sendiri"], warned
    assert (root / "output/tag/inklusi-sosail/index.html").is_file()   # still published


def test_tags_written_without_commas_are_a_warning_naming_the_tags_they_join(tmp_path):
    """`tags: Pelatihan Inklusi Sosial` is one tag of three words, with a page of its own:
    when its words are tags of other items, a warning shows the list with commas. A tag
    of several words that other items use too, or whose words are no tags, stays silent."""
    root = tagged_site(tmp_path, "pelatihan inklusi sosial", "[Pelatihan, Inklusi Sosial]",
                       "Pelatihan, Senam Pagi Sehat")
    warned = warnings_of(root)
    assert warned == [
        'content/news/2024-02-01-lomba.md:4: peringatan: tag "pelatihan inklusi sosial" '
        'terbaca sebagai satu tag dengan halaman sendiri, padahal isinya tag lain; jika '
        "maksudnya beberapa tag, pisahkan dengan koma: tags: [Pelatihan, Inklusi Sosial]"
    ], warned
    assert (root / "output/tag/pelatihan-inklusi-sosial/index.html").is_file()


def test_schedule_expands_weekly_sessions_and_marks_past_ones(tmp_path):
    root = full_site(tmp_path)
    assert run(root, "build", now="2026-11-20T12:00").code == 0
    program = read(root, "output/jadwal/bahasa-inggris/index.html")
    upcoming, past = program.split("Sesi yang sudah lewat")
    # Tuesdays 3 Nov .. 15 Dec minus 8 Dec (there as "Libur"), plus the one-off Saturday 28 Nov
    assert "Selasa, 3 November 2026" in past and "Selasa, 17 November 2026" in past
    expected = ["Selasa, 24 November 2026", "Sabtu, 28 November 2026",
                "Selasa, 1 Desember 2026", "Selasa, 8 Desember 2026", "Selasa, 15 Desember 2026"]
    positions = [upcoming.index(day) for day in expected]
    assert positions == sorted(positions)
    assert upcoming.count("Simpan di Google Kalender") == 4   # not on the day off
    assert "15.00</time>–<time" in program and "17.30</time> WIB" in program
    assert "09.00</time>–" in program and "Aula Utama" in program
    assert "Kelas terbuka untuk orang tua" in program
    assert past.count("Selesai") == 3
    schedule = read(root, "output/jadwal/index.html")
    assert "Setiap Selasa, 15.00–17.30 WIB" in re.sub(r"<[^>]+>", "", schedule)
    home = read(root, "output/index.html")
    assert "Selasa, 24 November 2026" in home and "Pelatihan Bahasa Inggris" in home


def test_news_list_paginates_newest_first(tmp_path):
    files = {f"content/news/2024-01-{day:02d}-berita-{day}.md":
             f"---\ntitle: Berita nomor {day}\ndate: 2024-01-{day:02d}\n---\nIsi {day}.\n"
             for day in range(1, 8)}
    files["content/site.yaml"] = "title: Uji\nbase_url: https://example.org/\nper_page: 3\n"
    root = make_site(tmp_path, files)
    assert run(root).code == 0
    first = read(root, "output/berita/index.html")
    second = read(root, "output/berita/halaman/2/index.html")
    third = read(root, "output/berita/halaman/3/index.html")
    assert first.index("Berita nomor 7") < first.index("Berita nomor 5")
    assert "Berita nomor 4" in second and "Berita nomor 1" in third
    assert 'rel="next" href="/berita/halaman/2/"' in first
    assert 'rel="prev" href="/berita/"' in second
    assert not (root / "output/berita/halaman/4").exists()


def test_drafts_and_future_items_appear_nowhere(tmp_path):
    root = full_site(tmp_path, {
        "content/news/2026-11-10-draf.md": "---\ntitle: Berita Draf\ndate: 2026-11-10\n"
                                           "draft: true\ntags: [Rahasia]\n---\nDraf.\n",
        "content/news/2026-11-25-besok.md": "---\ntitle: Berita Besok\ndate: 2026-11-25 08:00\n"
                                            "tags: [Rahasia]\n---\nBesok.\n",
        "content/awards/2026-12-01-nanti.md": "---\ndate: 2026-12-01\naward: Penghargaan Nanti\n"
                                              "giver: X\nrecipient: Y\n---\n",
        "content/pages/rahasia.md": "---\ntitle: Halaman Rahasia\ndraft: true\nmenu_order: 2\n---\n",
    })
    assert run(root).code == 0
    everything = "\n".join(data.decode() for path, data in snapshot(root / "output").items()
                           if path.endswith(".html"))
    for hidden in ("Berita Draf", "Berita Besok", "Penghargaan Nanti", "Halaman Rahasia", "Rahasia"):
        assert hidden not in everything, hidden
    for path in ("berita/draf", "berita/besok", "penghargaan/nanti", "rahasia", "tag/rahasia"):
        assert not (root / "output" / path).exists(), path
    # the scheduled item is published by a later build
    assert run(root, "build", now="2026-11-25T08:00").code == 0
    assert "Berita Besok" in read(root, "output/berita/index.html")
    # a preview with --drafts shows the drafts too
    assert run(root, "build", "--drafts").code == 0
    assert "Berita Draf" in read(root, "output/berita/index.html")
    assert "Halaman Rahasia" in read(root, "output/index.html")   # in the menu


def test_an_item_dated_more_than_a_year_ahead_is_a_warning(tmp_path):
    """A year typed wrong (2062 for 2026) would hide a news item or award for decades, and
    the build said nothing: a date more than a year ahead is kept as written (published
    then) with a warning at its line; one a few months ahead is scheduled in silence."""
    root = full_site(tmp_path, {
        "content/news/2026-11-23-lomba.md": "---\ntitle: Lomba Bercerita\ndate: 2062-11-23"
                                            "\n---\nIsi.\n",
        "content/awards/2026-11-20-juara.md": "---\naward: Juara\ngiver: X\nrecipient: Y\n"
                                              "date: 2126-11-20 10:00\n---\n",
        # a year from now (24 November 2026) is the limit: 20 November 2027 is within it
        "content/news/2027-11-20-nanti.md": "---\ntitle: Nanti\ndate: 2027-11-20\n---\nIsi.\n",
        "content/news/2027-12-01-lewat.md": "---\ntitle: Lewat\ndate: 2027-12-01\n---\nIsi.\n",
    })
    warned = warnings_of(root)
    assert len(warned) == 3, warned
    assert warned[2].startswith("content/news/2027-12-01-lewat.md:3: peringatan: "
                                "tanggal 1 Desember 2027 lebih dari setahun lagi"), warned
    assert warned[0].startswith("content/awards/2026-11-20-juara.md:5: peringatan: "
                                "tanggal 20 November 2126 lebih dari setahun lagi"), warned
    assert warned[1].startswith("content/news/2026-11-23-lomba.md:3: peringatan: "
                                "tanggal 23 November 2062 lebih dari setahun lagi"), warned
    assert 'perbaiki kolom "date"' in warned[1]
    assert not (root / "output/berita/lomba").exists()


def test_a_text_or_word_file_in_a_section_is_a_warning(tmp_path):
    """A news item saved as "....md.txt" (Windows hides the .txt), as ".txt", without
    ".md" (named in a web editor), or a Word document dropped into content/news/ was left
    out without a word: each is a warning naming what to do."""
    item = "---\ntitle: Lomba\ndate: 2026-11-20\n---\nIsi.\n"
    root = full_site(tmp_path, {
        "content/news/2026-11-20-lomba.md.txt": item,
        "content/news/2026-11-21-bazar.txt": item.replace("Lomba", "Bazar"),
        "content/awards/Juara Lomba.docx": b"PK\x03\x04",
        "content/pages/jam-layanan": item.replace("date: 2026-11-20\n", ""),   # a web editor's
    })
    warned = warnings_of(root)
    assert warned == [
        'content/awards/Juara Lomba.docx: peringatan: dokumen ini tidak diterbitkan: tulisan '
        "harus berupa teks dalam berkas .md; salin isinya ke berkas .md (panduan staf, bagian "
        "2), atau, untuk menerbitkannya sebagai unduhan, pindahkan ke content/static/ lalu "
        "tautkan",
        'content/news/2026-11-20-lomba.md.txt: peringatan: berkas ini tidak diterbitkan karena '
        'namanya berakhiran ".txt" (Windows sering menyembunyikan akhiran itu); ganti namanya '
        'menjadi "2026-11-20-lomba.md"',
        "content/news/2026-11-21-bazar.txt: peringatan: berkas ini tidak diterbitkan: hanya "
        'berkas berakhiran .md yang menjadi tulisan; ganti namanya menjadi "2026-11-21-bazar.md"',
        "content/pages/jam-layanan: peringatan: berkas ini tidak diterbitkan karena namanya "
        'tidak berakhiran ".md"; ganti namanya menjadi "jam-layanan.md"',
    ], warned


def test_a_photo_no_item_names_is_a_warning(tmp_path):
    """A photo uploaded into content/news/ beside the single-file items is published only
    as the `image` of one of them; one that no item names (forgotten, or its item
    deleted) was left out in silence. A photo named by a draft stays silent too."""
    def item(title: str, front: str = "") -> str:
        return f"---\ntitle: {title}\ndate: 2026-11-20\n{front}---\nIsi.\n"
    photo = "image: {}\nimage_alt: Anak-anak mewarnai di aula perpustakaan\n"
    root = full_site(tmp_path, {
        "content/news/2026-11-20-lomba.md": item("Lomba", photo.format("./lomba.jpg")),
        "content/news/2026-11-21-bazar.md": item("Bazar", "draft: true\n"
                                                 + photo.format("bazar.png")),
        "content/news/2026-11-22-donasi.md": item("Donasi"),
        "content/news/lomba.jpg": image_bytes(),
        "content/news/bazar.png": image_bytes(kind="PNG"),
        "content/news/IMG_20261122_0930.jpg": image_bytes(),
        "content/awards/piagam.webp": image_bytes(kind="WEBP"),
        "content/news/catatan.pdf": b"%PDF-1.4\n",
    })
    warned = warnings_of(root)
    assert [line.split(": peringatan: ")[0] for line in warned] == [
        "content/awards/piagam.webp", "content/news/IMG_20261122_0930.jpg"], warned
    assert 'tulis "image: IMG_20261122_0930.jpg"' in warned[1]
    assert "tidak dipakai tulisan mana pun" in warned[1]


def test_what_content_does_not_read_at_its_top_is_a_warning(tmp_path):
    """News saved in content/berita/ (the Indonesian name), a schedule named jadwal.yaml:
    the builder reads neither, and the site went without them in silence. Each folder
    and each Markdown or YAML file at the top of content/ that it does not read is a
    warning naming where it belongs. Notes and hidden files stay silent."""
    item = "---\ntitle: Lomba\ndate: 2026-11-20\n---\nIsi.\n"
    root = full_site(tmp_path, {
        "content/berita/2026-11-20-lomba.md": item,
        "content/foto/lomba.jpg": image_bytes(),
        "content/arsip-lama/catatan.md": item,
        "content/jadwal.yaml": "programs: []\n",
        "content/2026-11-21-bazar.md": item,
        "content/catatan.txt": "catatan staf\n",
        "content/.github/x.yml": "x: 1\n",
    })
    assert warnings_of(root) == [
        "content/2026-11-21-bazar.md: peringatan: berkas ini tidak dibaca, jadi tidak "
        "diterbitkan; simpan berita di content/news/, pengumuman penghargaan di "
        "content/awards/, halaman tetap di content/pages/",
        "content/arsip-lama: peringatan: folder ini tidak dibaca, jadi isinya tidak "
        "diterbitkan; program hanya membaca content/news/ (berita), content/awards/ "
        "(penghargaan), content/pages/ (halaman tetap) dan content/static/ (berkas yang "
        "diterbitkan apa adanya)",
        "content/berita: peringatan: folder ini tidak dibaca, jadi isinya tidak diterbitkan; "
        "berita disimpan di content/news/",
        "content/foto: peringatan: folder ini tidak dibaca, jadi isinya tidak diterbitkan; "
        "foto berita disimpan di folder beritanya, berkas lain di content/static/",
        "content/jadwal.yaml: peringatan: berkas ini tidak dibaca, jadi tidak diterbitkan; "
        "jadwal kegiatan disimpan di content/schedule.yaml",
    ]


def test_a_shared_hosts_htaccess_and_well_known_files_are_published(tmp_path):
    """Apache on a shared host reads .htaccess (the site's 404 page, headers), and clients
    look in .well-known/; other hidden files of static/ (.gitkeep, .DS_Store) stay out.
    Editing .htaccess alone makes a build that publishes it."""
    root = full_site(tmp_path, {
        "content/static/.htaccess": "ErrorDocument 404 /404.html\n",
        "content/static/.well-known/security.txt": "Contact: mailto:it@example.org\n",
        "content/static/dokumen/.gitkeep": "",
        "content/static/.DS_Store": b"\0\0",
        "content/static/.rahasia/catatan.txt": "x\n",
    })
    assert run(root).code == 0
    out = root / "output"
    assert (out / ".htaccess").read_text() == "ErrorDocument 404 /404.html\n"
    assert (out / ".well-known/security.txt").is_file()
    for hidden in ("dokumen/.gitkeep", ".DS_Store", ".rahasia"):
        assert not (out / hidden).exists(), hidden
    write_files(root, {"content/static/.htaccess": "ErrorDocument 404 /404.html\nOptions -Indexes\n"})
    assert run(root).code == 0
    assert (out / ".htaccess").read_text().endswith("Options -Indexes\n")


def test_files_an_operating_system_or_office_leaves_behind_are_not_published(tmp_path):
    """Windows writes Thumbs.db and desktop.ini into a folder of pictures, Word a "~$" file
    beside an open document: uploaded with the folder, they went to the site."""
    root = full_site(tmp_path, {
        "content/static/unduhan/Thumbs.db": b"\0",
        "content/static/unduhan/desktop.ini": "[.ShellClassInfo]\n",
        "content/static/unduhan/~$formulir.docx": b"\0",
        "content/static/unduhan/formulir.pdf": b"%PDF-1.4\n",
        "content/news/2024-01-05-foto/index.md": "---\ntitle: Foto\ndate: 2024-01-05\n---\nIsi.\n",
        "content/news/2024-01-05-foto/Thumbs.db": b"\0",
        "content/pages/~$profil.docx": b"\0",   # not "a document left out": a lock file
    })
    result = run(root)
    assert result.code == 0 and "peringatan" not in result.err, result.err
    out = root / "output"
    assert (out / "unduhan/formulir.pdf").is_file()
    for left in ("unduhan/Thumbs.db", "unduhan/desktop.ini", "unduhan/~$formulir.docx",
                 "berita/foto/Thumbs.db"):
        assert not (out / left).exists(), left


def test_a_very_large_file_to_publish_is_a_warning(tmp_path):
    """A 60 MB video in static/: every reader who opens it downloads that much, and
    GitHub Pages refuses files over 100 MB. A warning says what to do instead."""
    root = full_site(tmp_path, {"content/static/unduhan/kecil.pdf": b"%PDF-1.4\n"})
    with open(root / "content/static/unduhan/video kegiatan.mp4", "wb") as video:
        video.truncate(60_000_000)
    with open(root / "content/static/unduhan/laporan.pdf", "wb") as report:
        report.truncate(25_000_000)
    write_files(root, {"content/news/2024-01-05-lomba/index.md":
                       "---\ntitle: Lomba\ndate: 2024-01-05\n---\n[Brosur](brosur.pdf)\n"})
    with open(root / "content/news/2024-01-05-lomba/brosur.pdf", "wb") as leaflet:
        leaflet.truncate(21_000_000)
    result = run(root)
    assert result.code == 0, result.err
    warned = [line for line in result.err.splitlines() if ": peringatan: " in line]
    assert warned[0].startswith("content/news/2024-01-05-lomba/brosur.pdf: peringatan: "
                                "berkas ini berukuran 21\u00a0MB"), warned
    assert warned[1:] == [
        "content/static/unduhan/laporan.pdf: peringatan: berkas ini berukuran 25\u00a0MB, "
        "dan sebanyak itu pula yang diunduh setiap pembaca yang membukanya, sering lewat "
        "kuota HP; perkecil dulu PDF-nya (misalnya dengan fitur \"Reduce File Size\" atau "
        "\"Compress PDF\"), atau bagi menjadi beberapa berkas",
        "content/static/unduhan/video kegiatan.mp4: peringatan: berkas ini berukuran "
        "60\u00a0MB, dan sebanyak itu pula yang diunduh setiap pembaca yang membukanya, sering "
        "lewat kuota HP; unggah videonya ke YouTube lalu tautkan atau sematkan di tulisan"
        ], result.err
    assert (root / "output/unduhan/laporan.pdf").stat().st_size == 25_000_000   # published


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)


def internal_links(html: str, page_url: str = "/") -> list[str]:
    """Every link and source of the page that stays on the site, as an absolute path
    (relative ones resolved against `page_url`, the page's own path)."""
    parser = _Links()
    parser.feed(html)
    resolved = (urljoin(page_url, url) for url in parser.urls
                if not urlsplit(url).scheme and not url.startswith(("#", "//")))
    return [urlsplit(url).path for url in resolved]


def test_every_link_works_under_a_sub_path(tmp_path):
    root = full_site(tmp_path)
    result = run(root, "build", "--base-url", "https://example.org/perpustakaan/")
    assert result.code == 0, result.err
    out = root / "output"
    pages = [path for path in out.rglob("*.html")]
    checked = 0
    for page in pages:
        html = page.read_text()
        assert '<meta property="og:url" content="https://example.org/perpustakaan/' in html
        for url in internal_links(html):
            path = urlsplit(url).path
            assert path.startswith("/perpustakaan/"), f"{page}: {url}"
            target = out / path.removeprefix("/perpustakaan/")
            if path.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(out)} links to missing {url}"
            checked += 1
    assert checked > 100
    article = read(root, "output/berita/diskarpus-raih-penghargaan/index.html")
    assert '<a href="/perpustakaan/jadwal/">jadwal kelas</a>' in article   # from Markdown


def test_home_shows_news_sessions_awards_contact_and_catalog(tmp_path):
    root = full_site(tmp_path, {"content/site.yaml": """
        title: Perpustakaan Daerah Kabupaten Jepara
        base_url: https://example.org/
        catalog_url: https://opac.example.org/opac/cari?ruas=Judul&katakunci=
        contact:
          address: Jl. Kartini No. 9, Jepara
          phone: (0291) 591 000
          opening_hours: ["Senin–Kamis: 08.00–15.30 WIB", "Sabtu: 08.00–13.00 WIB"]
        """})
    assert run(root).code == 0
    home = read(root, "output/index.html")
    assert "Kelas Yoga" in home and "Diskarpus Raih Penghargaan" in home
    assert "Inovasi Layanan Digital Terbaik" in home
    assert "Jl. Kartini No. 9, Jepara" in home and "Senin–Kamis: 08.00–15.30 WIB" in home
    assert 'action="https://opac.example.org/opac/cari"' in home
    assert 'name="katakunci"' in home and 'name="ruas" value="Judul"' in home
    assert "Cari koleksi buku" in home


def test_no_catalog_form_without_catalog_url(tmp_path):
    root = full_site(tmp_path)
    assert run(root).code == 0
    assert "Cari koleksi buku" not in read(root, "output/index.html")


def test_two_builds_give_identical_bytes(tmp_path):
    root = full_site(tmp_path)
    assert run(root).code == 0
    first = snapshot(root / "output")
    assert run(root).code == 0
    assert snapshot(root / "output") == first


def test_files_of_removed_content_disappear(tmp_path):
    root = full_site(tmp_path)
    assert run(root).code == 0
    (root / "content/news/2024-01-05-kelas-yoga.md").unlink()
    (root / "content/static/dokumen/laporan.pdf").unlink()
    assert run(root).code == 0
    assert not (root / "output/berita/kelas-yoga").exists()
    assert not (root / "output/dokumen").exists()
    assert "Kelas Yoga" not in read(root, "output/tag/inklusi-sosial/index.html")
    # Only the spare folder (the site before, for the next incremental write) stays beside it.
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".output")]
    assert leftovers in ([], [".output.spare"])


def test_check_validates_without_writing(tmp_path):
    root = full_site(tmp_path)
    result = run(root, "check")
    assert result.code == 0, result.err
    assert not (root / "output").exists()
    write_files(root, {"content/news/2024-02-01-rusak.md": "---\ntitle: Rusak\n---\n"})
    failed = run(root, "check")
    assert failed.code == 1
    assert 'content/news/2024-02-01-rusak.md:2: kesalahan: kolom "date" wajib ada' in failed.err
    assert not (root / "output").exists()


HOSTILE = '<script>alert("x")</script> & "kutip" <b>'


def test_values_from_content_are_escaped_everywhere(tmp_path):
    value = HOSTILE.replace('"', '\\"')
    root = make_site(tmp_path, {
        "content/site.yaml": f'title: "{value}"\nbase_url: https://example.org/\n'
                             f'tagline: "{value}"\ndescription: "{value}"\n'
                             f'contact: {{address: "{value}", opening_hours: "{value}"}}\n'
                             f'social: {{"{value}": "https://example.org/s"}}\n',
        "content/news/2024-01-05-x.md": f'---\ntitle: "{value}"\ndate: 2024-01-05\n'
                                        f'summary: "{value}"\ntags: ["{value}"]\n'
                                        f'author: "{value}"\nsource: "{value}"\n---\nIsi.\n',
        "content/awards/2024-01-06-y.md": f'---\ndate: 2024-01-06\naward: "{value}"\n'
                                          f'giver: "{value}"\nrecipient: "{value}"\n'
                                          f'event: "{value}"\nnews: x\n---\n',
        "content/pages/z.md": f'---\ntitle: "{value}"\nsummary: "{value}"\nmenu_order: 1\n---\n',
        "content/schedule.yaml": f"""
            programs:
              - id: p
                title: "{value}"
                summary: "{value}"
                location: "{value}"
                partner: "{value}"
                audience: "{value}"
                category: "{value}"
                fee: "{value}"
                registration: "{value}"
                sessions:
                  - {{date: 2026-12-01, start: 9.00, note: "{value}", location: "{value}"}}
            """,
    })
    result = run(root)
    assert result.code == 0, result.err
    pages = {path: data.decode() for path, data in snapshot(root / "output").items()
             if path.endswith(".html")}
    assert len(pages) > 10
    for path, html in pages.items():
        assert "<script>" not in html, path
        assert "<b>" not in html, path
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;kutip&#34; &lt;b&gt;"
    for path in ("index.html", "berita/x/index.html", "penghargaan/y/index.html", "z/index.html",
                 "jadwal/index.html", "jadwal/p/index.html", "tag/index.html"):
        assert escaped in pages[path], path
    assert 'content="' + escaped in pages["berita/x/index.html"]   # meta description attribute


def test_crlf_and_bom_files_build(tmp_path):
    text = "---\r\ntitle: Berita Windows\r\ndate: 2024-01-05\r\n---\r\nIsi dari Windows.\r\n"
    root = make_site(tmp_path, {"content/news/2024-01-05-windows.md":
                                "\ufeff".encode() + text.encode("utf-8")})
    result = run(root)
    assert result.code == 0, result.err
    article = read(root, "output/berita/windows/index.html")
    assert "Berita Windows" in article and "\r" not in article


def test_output_and_templates_options(tmp_path):
    root = full_site(tmp_path)
    elsewhere = tmp_path / "public"
    assert run(root, "build", "--output", str(elsewhere)).code == 0
    assert (elsewhere / "index.html").is_file() and not (root / "output").exists()
    templates = tmp_path / "theme"
    shutil.copytree(Path(__file__).parent.parent / "templates", templates)
    write_files(templates, {"page.html": "<p>{{ item.title }} dari tema lain</p>\n"})
    assert run(root, "build", "--templates", str(templates)).code == 0
    assert read(root, "output/profil/index.html") == "<p>Profil Perpustakaan dari tema lain</p>\n"


def test_template_errors_name_template_and_line(tmp_path):
    root = full_site(tmp_path)
    templates = root / "templates"
    project = Path(__file__).parent.parent / "templates"
    for path in project.rglob("*"):
        if path.is_file():
            target = templates / path.relative_to(project)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (templates / "page.html").write_text("{% extends 'base.html' %}\n{% block main %}\n"
                                         "{{ item.titel }}\n{% endblock %}\n")
    (templates / "tags.html").write_text("{% extends 'base.html' %}\n\n{% block main %}{% for %}\n")
    result = run(root)
    assert result.code == 1
    assert re.search(r"templates/tags\.html:3: kesalahan: template tidak valid", result.err)
    assert "Traceback" not in result.err
    (templates / "tags.html").write_bytes((project / "tags.html").read_bytes())
    result = run(root)
    assert result.code == 1
    assert re.search(r"templates/page\.html:3: kesalahan: template gagal dirender: .*titel", result.err)


def test_output_folder_that_would_lose_files_is_refused(tmp_path):
    root = full_site(tmp_path)
    documents = tmp_path / "dokumen-penting"
    write_files(documents, {"laporan.txt": "jangan dihapus"})
    for output in (documents, root / "content", root / "content" / "keluar", root, tmp_path):
        result = run(root, "build", "--output", str(output))
        assert result.code == 2, output
        assert "pilih folder" in result.err
    assert (documents / "laporan.txt").read_text() == "jangan dihapus"
    assert (root / "content/site.yaml").is_file()
    # an empty folder, and then the folder it built, are fine
    empty = tmp_path / "kosong"
    empty.mkdir()
    assert run(root, "build", "--output", str(empty)).code == 0
    assert run(root, "build", "--output", str(empty)).code == 0
    assert (empty / "index.html").is_file()


def test_file_names_with_spaces_are_linked_percent_encoded(tmp_path):
    root = make_site(tmp_path, {
        "content/news/2024-01-05-foto/index.md": "---\ntitle: Foto\ndate: 2024-01-05\n"
                                                 "image: foto kelas.jpg\nimage_alt: Kelas\n---\n",
        "content/news/2024-01-05-foto/foto kelas.jpg": image_bytes(),
    })
    assert run(root).code == 0
    assert 'src="/berita/foto/foto%20kelas.jpg"' in read(root, "output/berita/foto/index.html")
    assert (root / "output/berita/foto/foto kelas.jpg").is_file()


def test_a_date_before_a_space_in_a_file_name_is_left_out_of_the_address(tmp_path):
    """"2024-01-05 Kelas Menulis.md", as a web editor lets staff name it, is published at
    /berita/kelas-menulis/, like "2024-01-05-kelas-menulis.md"."""
    root = make_site(tmp_path, {"content/news/2024-01-05 Kelas Menulis.md":
                                "---\ntitle: Kelas Menulis\ndate: 2024-01-05\n---\nIsi.\n"})
    assert run(root).code == 0
    assert (root / "output/berita/kelas-menulis/index.html").is_file()
    assert not (root / "output/berita/2024-01-05-kelas-menulis").exists()


def test_one_item_with_two_spellings_of_a_tag_is_listed_once(tmp_path):
    root = make_site(tmp_path, {"content/news/2024-01-05-x.md":
                                "---\ntitle: Satu Berita\ndate: 2024-01-05\n"
                                "tags: [Inklusi Sosial, inklusi sosial, INKLUSI-SOSIAL]\n---\n"})
    assert run(root).code == 0
    assert read(root, "output/tag/inklusi-sosial/index.html").count("Satu Berita</a>") == 1
    article = read(root, "output/berita/x/index.html")
    assert article.count('href="/tag/inklusi-sosial/"') == 1


@pytest.mark.parametrize("files, said", [
    ({"berita.md": "---\ntitle: A\ndate: 2026-11-20\n---\nIsi.\n", "foto.jpg": b"x"},
     'ganti nama "berita.md" di folder ini menjadi "index.md"'),
    ({"Index.MD": "---\ntitle: A\ndate: 2026-11-20\n---\nIsi.\n"},
     'ganti nama "Index.MD" di folder ini menjadi "index.md"'),
    ({"a.md": "---\ntitle: A\n---\n", "b.md": "---\ntitle: B\n---\n"},
     'folder ini berisi "a.md" dan "b.md": satu tulisan satu folder'),
    ({"foto.jpg": b"x"},
     'folder ini hanya berisi foto; tulis tulisannya di folder ini sebagai "index.md"'),
])
def test_a_folder_without_index_md_says_what_to_rename(tmp_path, files, said):
    """A folder of news/ is one item, written in index.md: a folder without one is left
    out, and the warning says which file to rename (or what is missing)."""
    folder = "content/news/2026-11-20-pameran"
    root = make_site(tmp_path, {f"{folder}/{name}": text for name, text in files.items()})
    warnings = warnings_of(root)
    assert len(warnings) == 1 and warnings[0].startswith(f"{folder}: peringatan: ")
    assert 'tidak berisi "index.md", jadi diabaikan' in warnings[0]
    assert said in warnings[0], warnings[0]
    assert not (root / "output/berita/pameran").exists()
