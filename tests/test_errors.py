"""Every "error" rule of CONTENT-FORMAT.md: the build stops (exit 1), names the file
and the line, says what is wrong, leaves output/ untouched, and reports every
problem in one run. Plus the few things that are warnings, not errors, and the
line endings and encodings the staff's editors save.

Each error case adds bad files to a site that built once (`fails_cleanly`), then
checks the `path:line: kesalahan: ...` line on stderr for a fragment that names
the field and the value as written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PROJECT, dedent, fails_cleanly, image_bytes, make_site, read, run, write_files

# -- helpers -----------------------------------------------------------------


def problem_lines(err: str, severity: str = "kesalahan") -> list[str]:
    """The lines of stderr that report one problem of this severity."""
    return [line for line in err.splitlines() if f": {severity}: " in line]


def assert_problem(err: str, where: str, *fragments: str, severity: str = "kesalahan") -> str:
    """Exactly one reported problem of `severity` starts with `where` (`path:line`) and
    contains every fragment; returns that line."""
    prefix = f"{where}: {severity}: "
    matching = [line for line in err.splitlines()
                if line.startswith(prefix) and all(f in line for f in fragments)]
    assert len(matching) == 1, (
        f"expected one line starting {prefix!r} containing {fragments!r}; stderr was:\n{err}")
    return matching[0]


SITE = "content/site.yaml"
NEWS = "content/news/2024-01-05-kelas.md"
AWARD = "content/awards/2024-01-10-juara.md"
PAGE = "content/pages/profil.md"
SCHEDULE = "content/schedule.yaml"

VALID_NEWS = """\
    ---
    title: Kelas Literasi Digital
    date: 2024-01-05
    ---
    Isi berita.
    """

VALID_AWARD = """\
    ---
    date: 2024-01-10
    award: Inovasi Layanan Digital Terbaik
    giver: Perpustakaan Nasional Republik Indonesia
    recipient: Perpustakaan Daerah Kabupaten Jepara
    ---
    Isi.
    """

# Lines: 1 programs, 2 id, 3 title, 4 weekly, 5 day, 6 start, 7 end, 8 period.
VALID_SCHEDULE = """\
    programs:
      - id: bahasa-inggris
        title: Pelatihan Bahasa Inggris
        weekly:
          - day: Selasa
            start: 15:00
            end: 17:00
        period: {from: 2024-01-09, until: 2024-06-25}
    """


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A small valid site with one news item, one award, one page and a schedule."""
    return make_site(tmp_path, {
        NEWS: VALID_NEWS,
        AWARD: VALID_AWARD,
        PAGE: "---\ntitle: Profil\n---\nTentang kami.\n",
        SCHEDULE: VALID_SCHEDULE,
    })


# -- site.yaml ------------------------------------------------------------------

SITE_CASES = [
    pytest.param("base_url: https://example.org/\n",
                 f"{SITE}:1", ['kolom "title" wajib ada'], id="missing-title"),
    pytest.param("title: Perpustakaan Uji\n",
                 f"{SITE}:1", ['kolom "base_url" wajib ada'], id="missing-base-url"),
    pytest.param("title: Perpustakaan Uji\nbase_url: example.org/perpustakaan\n",
                 f"{SITE}:2", ['"base_url"', '"example.org/perpustakaan"',
                               "bukan alamat web lengkap"], id="base-url-not-url"),
    pytest.param("title: Perpustakaan Uji\nbase_url: https://example.org/perpus/index.html\n",
                 f"{SITE}:2", ['"base_url"', "nama berkas", "index.html",
                               "base_url: https://example.org/perpus/"], id="base-url-a-page"),
    pytest.param("title: Perpustakaan Uji\nbase_url: https://example.org/index.php\n",
                 f"{SITE}:2", ["base_url: https://example.org/"], id="base-url-a-php-page"),
    pytest.param("title: Perpustakaan Uji\nbase_url: https://example.org/\nlanguage: xx\n",
                 f"{SITE}:3", ['kolom "language"', '"xx"', "bukan kode bahasa"],
                 id="unknown-language-code"),
    pytest.param("title: Perpustakaan Uji\nbase_url: https://example.org/\n"
                 "language: Bahasa Indonesia\n",
                 f"{SITE}:3", ['kolom "language"', '"Bahasa Indonesia"', "bukan kode bahasa"],
                 id="language-written-as-words"),
    pytest.param("title: Perpustakaan Uji\nbase_url: https://example.org/\ntimezone: WIB\n",
                 f"{SITE}:3", ['kolom "timezone"', '"WIB"', "bukan zona waktu",
                               "Asia/Jakarta"], id="unknown-timezone"),
    pytest.param("title: Perpustakaan Uji\nbase_url: https://example.org/\n"
                 "per_page: sepuluh\n",
                 f"{SITE}:3", ['kolom "per_page"', "angka tanpa koma", '"sepuluh"'],
                 id="per-page-not-a-number"),
    pytest.param("title: Perpustakaan Uji\nbase_url: https://example.org/\nper_page: 0\n",
                 f"{SITE}:3", ['kolom "per_page"', "bukan 0"], id="per-page-zero"),
    pytest.param("title: Perpustakaan Uji\nbase_url: https://example.org/\n"
                 "catalog_url: opac.jepara.go.id\n",
                 f"{SITE}:3", ['kolom "catalog_url"', '"opac.jepara.go.id"',
                               "bukan alamat web lengkap"], id="catalog-url-not-url"),
    pytest.param("""\
                 title: Perpustakaan Uji
                 base_url: https://example.org/
                 menu:
                   - title: Beranda
                     url: /
                   - title: Berita
                 """,
                 f"{SITE}:6", ['kolom "url" wajib ada'], id="menu-item-without-url"),
    pytest.param("""\
                 title: Perpustakaan Uji
                 base_url: https://example.org/
                 menu:
                   - title: Katalog
                     url: katalog.jepara.go.id
                   - {title: Profil, url: profil}
                 """,
                 f"{SITE}:5", ['"katalog.jepara.go.id"', "mungkin maksudnya "
                               "https://katalog.jepara.go.id"], id="menu-item-without-https"),
    pytest.param("title: Perpustakaan Uji\nbase_url: https://example.org/\n"
                 "menu: [{title: Profil, url: profil}]\n",
                 f"{SITE}:3", ['"profil"', "mungkin maksudnya /profil/"],
                 id="menu-item-without-slash"),
    pytest.param("title: Kelas: Bahasa\nbase_url: https://example.org/\n",
                 f"{SITE}:1", ["YAML tidak bisa dibaca", "tanda kutip",
                               'tulis title: "Kelas: Bahasa"'],
                 id="yaml-unquoted-colon"),
    pytest.param("title: Perpustakaan Uji\nbase_url: https://example.org/\n"
                 "title: Perpustakaan Lain\n",
                 f"{SITE}:3", ['kolom "title" ditulis dua kali', "baris 1"],
                 id="key-written-twice"),
]


@pytest.mark.parametrize("site_yaml, where, fragments", SITE_CASES)
def test_site_yaml_errors(root: Path, site_yaml: str, where: str, fragments: list[str]):
    result = fails_cleanly(root, {SITE: site_yaml})
    assert_problem(result.err, where, *fragments)


# -- news -----------------------------------------------------------------------

def news(*front: str, body: str = "Isi berita.") -> str:
    """A news file: `---`, the front-matter lines (line 2 onwards), `---`, the body."""
    return "---\n" + "".join(line + "\n" for line in front) + "---\n" + body + "\n"


NEWS_CASES = [
    pytest.param({NEWS: news("date: 2024-01-05")},
                 f"{NEWS}:2", ['kolom "title" wajib ada'], id="missing-title"),
    pytest.param({NEWS: news("title: Kelas", "date:")},
                 f"{NEWS}:3", ['kolom "date" wajib diisi'], id="empty-date"),
    pytest.param({NEWS: news("title: Kelas", "summary: Ringkas.")},
                 f"{NEWS}:2", ['kolom "date" wajib ada'], id="missing-date"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-13-05")},
                 f"{NEWS}:3", ['kolom "date"', '"2024-13-05"', "bulan 13"], id="date-month-13"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-02-30")},
                 f"{NEWS}:3", ['kolom "date"', '"2024-02-30"', "tanggal 30"], id="date-feb-30"),
    pytest.param({NEWS: news("title: Kelas", "date: 23-11-2026")},
                 f"{NEWS}:3", ['kolom "date"', '"23-11-2026"', "mungkin maksudnya 2026-11-23;"],
                 id="date-day-first"),
    pytest.param({NEWS: news("title: Kelas", "date: kemarin")},
                 f"{NEWS}:3", ['kolom "date"', '"kemarin"', "bukan tanggal"], id="date-word"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05 25:00")},
                 f"{NEWS}:3", ['kolom "date"', '"2024-01-05 25:00"', "jam"], id="date-hour-25"),
    pytest.param({"content/news/kelas/index.md": news("title: Kelas", "date: 2024-01-05",
                                                      "image: foto.jpg"),
                  "content/news/kelas/foto.jpg": image_bytes()},
                 "content/news/kelas/index.md:4", ['"image_alt" wajib diisi', '"image"'],
                 id="image-without-image-alt"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05", "image: foto.jpg",
                             "image_alt: ''")},
                 f"{NEWS}:5", ['"image_alt" wajib diisi'], id="image-with-empty-image-alt"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05", "image: gambar/tidak-ada.jpg",
                             "image_alt: Peserta kelas")},
                 f"{NEWS}:4", ['gambar "gambar/tidak-ada.jpg" tidak ditemukan'],
                 id="image-file-missing"),
    # a phone's upload keeps its own name: the message names the file that is there
    pytest.param({"content/news/kelas/index.md": news("title: Kelas", "date: 2024-01-05",
                                                      "image: foto-kelas.jpg",
                                                      "image_alt: Peserta kelas"),
                  "content/news/kelas/Foto Kelas.JPG": image_bytes(),
                  "content/news/kelas/denah.png": image_bytes(kind="PNG")},
                 "content/news/kelas/index.md:4",
                 ['gambar "foto-kelas.jpg" tidak ditemukan', 'mungkin maksudnya '
                  '"image: Foto Kelas.JPG"', "huruf besar-kecil"],
                 id="image-named-as-uploaded"),
    pytest.param({"content/news/kelas/index.md": news("title: Kelas", "date: 2024-01-05",
                                                      "image: foto.jpg",
                                                      "image_alt: Peserta kelas"),
                  "content/news/kelas/IMG_20261120_093012.jpg": image_bytes()},
                 "content/news/kelas/index.md:4",
                 ['gambar "foto.jpg" tidak ditemukan',
                  'satu-satunya foto di folder ini bernama "IMG_20261120_093012.jpg"',
                  'tulis "image: IMG_20261120_093012.jpg"'],
                 id="image-the-only-photo-of-its-folder"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05", "image: Kelas-Yoga.jpeg",
                             "image_alt: Peserta kelas"),
                  "content/news/kelas_yoga.jpg": image_bytes()},
                 f"{NEWS}:4", ['gambar "Kelas-Yoga.jpeg" tidak ditemukan',
                               'mungkin maksudnya "image: kelas_yoga.jpg"'],
                 id="image-beside-a-single-file-named-otherwise"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05", "image: /Foto/Aula.JPG",
                             "image_alt: Peserta kelas"),
                  "content/static/foto/aula.jpg": image_bytes(),
                  "content/static/foto/aula-lama.jpg": image_bytes()},
                 f"{NEWS}:4", ['gambar "/Foto/Aula.JPG" tidak ditemukan',
                               'mungkin maksudnya "image: /foto/aula.jpg"'],
                 id="image-of-static-in-another-case"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05",
                             "image: https://example.com/foto.jpg", "image_alt: Peserta kelas")},
                 f"{NEWS}:4", ['gambar "https://example.com/foto.jpg" adalah alamat web',
                               "unduh gambarnya", "content/static/"],
                 id="image-is-a-web-address"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05", "slug: Berita Baru")},
                 f"{NEWS}:4", ['kolom "slug"', '"Berita Baru"', '"berita-baru"'],
                 id="slug-invalid"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05", "draft: ya")},
                 f"{NEWS}:4", ['kolom "draft"', "true atau false", '"ya"',
                               "mungkin maksudnya true"], id="draft-not-bool"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05", "draft: Tidak")},
                 f"{NEWS}:4", ['kolom "draft"', '"Tidak"', "mungkin maksudnya false"],
                 id="draft-tidak"),
    pytest.param({NEWS: "---\ntitle: Kelas\ndate: 2024-01-05\nIsi berita.\n"},
                 f"{NEWS}:1", ["front matter tidak ditutup", '"---"'],
                 id="front-matter-not-closed"),
    pytest.param({NEWS: "title: Kelas\ndate: 2024-01-05\n---\nIsi berita.\n"},
                 f"{NEWS}:1", ['berkas harus diawali baris "---"'], id="no-opening-fence"),
    pytest.param({NEWS: "---\ntitle: Kelas\ndate: 2024-01-05\n"
                        "summary: Kelas \x93Literasi\x94 untuk caf\xe9\n---\nIsi.\n"
                        .encode("latin-1")},
                 f"{NEWS}:4", ["bukan teks UTF-8", "Windows-1252", "UTF-8"], id="not-utf8"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05", "tags:",
                             "  - Literasi", "  - nama: Inklusi Sosial")},
                 f"{NEWS}:6", ['isi kolom "tags"', "pemetaan"], id="tags-item-mapping"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05", "tags: {nama: Literasi}")},
                 f"{NEWS}:4", ['kolom "tags"', "pemetaan"], id="tags-is-mapping"),
    pytest.param({NEWS: news("date: 2024-01-05", "title: Kelas: Literasi Digital")},
                 f"{NEWS}:3", ["YAML tidak bisa dibaca", "tanda kutip"],
                 id="front-matter-yaml-error-line"),
    # a quote inside a value quoted with the same quote ends it early
    pytest.param({NEWS: news('title: "Lomba "Mewarnai" untuk Anak"', "date: 2024-01-05")},
                 f"{NEWS}:2", ["YAML tidak bisa dibaca", "menutup nilai",
                               """tulis title: 'Lomba "Mewarnai" untuk Anak'"""],
                 id="yaml-double-quote-inside-double-quotes"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05",
                             "summary: 'Jum'at Berkah di perpustakaan'")},
                 f"{NEWS}:4", ["YAML tidak bisa dibaca", "menutup nilai",
                               "tulis summary: \"Jum'at Berkah di perpustakaan\""],
                 id="yaml-apostrophe-inside-single-quotes"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05",
                             """summary: 'Jum'at "Berkah"'""")},
                 f"{NEWS}:4", ["menutup nilai", """tulis summary: 'Jum''at "Berkah"'"""],
                 id="yaml-both-quotes-inside-single-quotes"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05", "title: Kelas Lagi")},
                 f"{NEWS}:4", ['kolom "title" ditulis dua kali', "baris 2"],
                 id="front-matter-key-twice"),
]


NEWS_CASES += [
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05", "tags: [#Literasi, Inklusi]")},
                 f"{NEWS}:4", ["tanda # memulai komentar", '"#Literasi"'],
                 id="hashtag-in-a-flow-list"),
    pytest.param({NEWS: news("title: #PerpustakaanJepara Raih Penghargaan", "date: 2024-01-05")},
                 f"{NEWS}:2", ['kolom "title"', '"#PerpustakaanJepara Raih Penghargaan" dibaca '
                               "sebagai komentar", 'title: "#PerpustakaanJepara Raih '
                               'Penghargaan"'], id="title-starting-with-a-hashtag"),
    # " #" within a value: the rest of the line is a comment, the text is cut short
    pytest.param({NEWS: news("title: Perpustakaan Raih Peringkat #1 Jawa Tengah",
                             "date: 2024-01-05")},
                 f"{NEWS}:2", ['kolom "title" terpotong', '"#1 Jawa Tengah" dibaca sebagai '
                               'komentar', 'hanya "Perpustakaan Raih Peringkat"',
                               'title: "Perpustakaan Raih Peringkat #1 Jawa Tengah"'],
                 id="hashtag-within-a-title"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05",
                             "tags: Anak, Lomba #PerpusJepara #Literasi")},
                 f"{NEWS}:4", ['kolom "tags" terpotong', "tulis tanpa #",
                               "tags: Anak, Lomba, PerpusJepara, Literasi"],
                 id="hashtags-after-tags"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05", "tags:", "  - Anak #lomba")},
                 f"{NEWS}:5", ['isi kolom "tags" terpotong', '- "Anak #lomba"'],
                 id="hashtag-within-a-list-item"),
    pytest.param({NEWS: news("title: \u201cJuara #1 Jawa Tengah\u201d", "date: 2024-01-05")},
                 f"{NEWS}:2", ['kolom "title" terpotong', 'title: "Juara #1 Jawa Tengah"'],
                 id="hashtag-within-a-title-in-curly-quotes"),
    # fields typed under the closing "---" would be published as the article's first lines
    pytest.param({NEWS: "---\ntitle: Kelas\n---\ndate: 2024-01-05\ntags: [Anak]\n\nIsi.\n"},
                 f"{NEWS}:4", ['kolom "date" ditulis di bawah baris "---" penutup kolom (baris 3)',
                               'pindahkan baris ini ke atas baris "---" itu'],
                 id="field-under-the-closing-fence"),
    pytest.param({NEWS: "---\ntitle: Kelas\ndate: 2024-01-05\n---\n---\ntitle: Kelas\n"
                        "date: 2024-01-05\n---\nIsi.\n"},
                 f"{NEWS}:6", ['kolom "title" ditulis di bawah baris "---"', "tertempel dua kali",
                               "hapus salinan keduanya, baris 5 sampai 8"],
                 id="front-matter-pasted-twice"),
    # what YAML reads as a list, or as a key, where the writer meant text
    pytest.param({NEWS: news("title: [PENGUMUMAN] Libur Natal", "date: 2024-01-05")},
                 f"{NEWS}:2", ["diawali [ atau { dibaca sebagai daftar",
                               'tulis title: "[PENGUMUMAN] Libur Natal"'],
                 id="title-starting-with-brackets"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05", "tags: [Anak, Lomba] Literasi")},
                 f"{NEWS}:4", ["teks sesudah ] tidak terbaca", "tags: [Anak, Lomba, Literasi]"],
                 id="tag-after-the-bracket"),
    pytest.param({NEWS: news("title: Kelas", "date: 2024-01-05",
                             "summary: Lomba mewarnai", "untuk anak usia 4 sampai 7 tahun.",
                             "tags: [Anak]")},
                 f"{NEWS}:5", ['sambungan nilai kolom "summary"', 'gabungkan ke baris "summary"',
                               "awali baris ini dengan 2 spasi"],
                 id="summary-continued-without-indent"),
    pytest.param({NEWS: news("title:Kelas Literasi", "date: 2024-01-05")},
                 f"{NEWS}:2", ["tidak ada spasi setelah titik dua", "tulis title: Kelas Literasi"],
                 id="no-space-after-the-colon"),
    pytest.param({NEWS: news("date: 2024-01-05", "title:Kelas Literasi")},
                 f"{NEWS}:3", ["tidak ada spasi setelah titik dua", "tulis title: Kelas Literasi"],
                 id="no-space-after-the-colon-on-the-last-line"),
    pytest.param({NEWS: "---\ndate: 2024-01-05\n---\n\n# Kelas: Literasi Digital\n\nIsi.\n"},
                 f"{NEWS}:2", ['kolom "title" wajib ada', 'baris 5 "# Kelas: Literasi Digital" '
                               'tampaknya judulnya', 'tulis title: "Kelas: Literasi Digital"',
                               "hapus baris 5"], id="title-written-as-the-first-heading"),
]


def test_a_link_that_says_nothing_of_where_it_goes_is_a_warning_at_its_line(root: Path):
    """"[di sini](…)" is read out alone in a screen reader's list of links; a link naming
    its destination, or going to a part of the same page, stays silent."""
    (root / NEWS).write_text(news("title: Kelas", "date: 2024-01-05", body=(
        "Pendaftaran [di sini](https://forms.gle/abc123).\n\n"
        "Jadwal lengkap: [Klik di sini!](/jadwal/)\n\n"
        "Isi [formulir pendaftaran](https://forms.gle/abc123), [lihat di bawah](#syarat).\n\n"
        "## Syarat\n\nKTP.")), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{NEWS}:5", 'teks tautan "di sini" tidak menyebut tujuannya',
                   "[formulir pendaftaran lomba](https://forms.gle/...)", severity="peringatan")
    assert_problem(result.err, f"{NEWS}:7", 'teks tautan "Klik di sini!"', severity="peringatan")
    assert len(problem_lines(result.err, "peringatan")) == 2, result.err


def test_an_optional_field_lost_to_a_hashtag_is_a_warning(root: Path):
    (root / NEWS).write_text(news("title: Kelas", "date: 2024-01-05",
                                  "summary:   #literasi untuk semua warga"), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{NEWS}:4", 'kolom "summary"', '"#literasi untuk semua warga" '
                   'dibaca sebagai komentar', 'summary: "#literasi untuk semua warga"',
                   severity="peringatan")


def test_field_names_a_phone_keyboard_capitalised_are_read_with_a_warning(root: Path):
    """A phone's keyboard writes "Title:" at the start of a line: the item is published
    as written, and a warning asks for the name in small letters."""
    (root / NEWS).write_text(news("Title: Kelas Literasi", "Date: 2024-01-05",
                                  "Tags: [Literasi]", "Sumary: Ringkasan."), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    for line, written, name in ((2, "Title", "title"), (3, "Date", "date"), (4, "Tags", "tags")):
        assert_problem(result.err, f"{NEWS}:{line}", f'kolom "{written}" dibaca sebagai '
                       f'"{name}"', "huruf kecil", severity="peringatan")
    assert_problem(result.err, f"{NEWS}:5", 'kolom "Sumary" tidak dikenal',
                   'maksudnya "summary"', severity="peringatan")
    page = read(root, "output/berita/kelas/index.html")
    assert "<h1>Kelas Literasi</h1>" in page and "/tag/literasi/" in page
    assert len(problem_lines(result.err, "peringatan")) == 4, result.err


def test_a_field_written_twice_in_two_cases_keeps_the_small_letters_one(root: Path):
    (root / NEWS).write_text(news("title: Kelas Literasi", "Title: Kelas Lain",
                                  "date: 2024-01-05"), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{NEWS}:3", 'kolom "Title" tidak dikenal', 'maksudnya "title"',
                   severity="peringatan")
    assert "<h1>Kelas Literasi</h1>" in read(root, "output/berita/kelas/index.html")


def test_a_hashtag_item_of_a_list_is_a_warning_not_lost_silently(root: Path):
    """`- #Literasi` is a YAML comment: the item is empty and the tag would be lost."""
    (root / NEWS).write_text(news("title: Kelas", "date: 2024-01-05", "tags:",
                                  "  - #Literasi", "  - Inklusi Sosial"), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{NEWS}:5", 'isi kolom "tags", "#Literasi", dibaca sebagai '
                   "komentar", '- "#Literasi"', severity="peringatan")
    assert "/tag/inklusi-sosial/" in read(root, "output/berita/kelas/index.html")


def test_a_required_field_typed_under_the_closing_fence_is_one_error_at_its_line(root: Path):
    """The `date` line is there, under the "---": "date must be written" at line 2 would
    make no sense to the writer; the one error names the line and the move."""
    result = fails_cleanly(root, {
        NEWS: "---\ntitle: Kelas\n---\ndate: 2024-01-05\nsummary: Ringkasan.\n\nIsi.\n",
        AWARD: "---\ndate: 2024-01-10\n---\n" + "\n".join(
            (AWARD_NAME, AWARD_GIVER, AWARD_RECIPIENT)) + "\n\nIsi.\n"})
    assert "wajib ada" not in result.err, result.err
    assert_problem(result.err, f"{NEWS}:4", 'kolom "date" ditulis di bawah')
    assert_problem(result.err, f"{NEWS}:5", 'kolom "summary" ditulis di bawah')
    for line, name in ((4, "award"), (5, "giver"), (6, "recipient")):
        assert_problem(result.err, f"{AWARD}:{line}", f'kolom "{name}" ditulis di bawah baris '
                       '"---" penutup kolom (baris 3)')
    assert len(problem_lines(result.err, "kesalahan")) == 5, result.err


@pytest.mark.parametrize("files, where, fragments", NEWS_CASES)
def test_news_errors(root: Path, files: dict, where: str, fragments: list[str]):
    result = fails_cleanly(root, files)
    assert_problem(result.err, where, *fragments)


# -- awards ---------------------------------------------------------------------

def award(*front: str) -> str:
    return "---\n" + "".join(line + "\n" for line in front) + "---\nIsi.\n"


AWARD_DATE = "date: 2024-01-10"
AWARD_NAME = "award: Inovasi Layanan Digital Terbaik"
AWARD_GIVER = "giver: Perpustakaan Nasional Republik Indonesia"
AWARD_RECIPIENT = "recipient: Perpustakaan Daerah Kabupaten Jepara"

AWARD_CASES = [
    pytest.param(award(AWARD_DATE, AWARD_GIVER, AWARD_RECIPIENT),
                 f"{AWARD}:2", ['kolom "award" wajib ada'], id="missing-award"),
    pytest.param(award(AWARD_DATE, AWARD_NAME, AWARD_RECIPIENT),
                 f"{AWARD}:2", ['kolom "giver" wajib ada'], id="missing-giver"),
    pytest.param(award(AWARD_DATE, AWARD_NAME, AWARD_GIVER),
                 f"{AWARD}:2", ['kolom "recipient" wajib ada'], id="missing-recipient"),
    pytest.param(award(AWARD_DATE, AWARD_NAME, AWARD_GIVER, AWARD_RECIPIENT,
                       "recipient_type: pemerintah"),
                 f"{AWARD}:6", ['kolom "recipient_type"', "institution", "individual",
                                '"pemerintah"'], id="recipient-type-unknown"),
    pytest.param(award(AWARD_DATE, AWARD_NAME, AWARD_GIVER, AWARD_RECIPIENT,
                       "news: berita-yang-tidak-ada"),
                 f"{AWARD}:6", ['kolom "news"', '"berita-yang-tidak-ada"'],
                 id="news-slug-unknown"),
    pytest.param(award(AWARD_DATE, AWARD_NAME, AWARD_GIVER, AWARD_RECIPIENT,
                       "news: content/news/2024-01-15-kelas.md"),
                 f"{AWARD}:6", ['kolom "news"', "nama berkas", "tulis slug-nya saja: news: kelas"],
                 id="news-file-name"),
    pytest.param(award(AWARD_DATE, AWARD_NAME, AWARD_GIVER, AWARD_RECIPIENT,
                       "news: 2024-01-15-kelas/index.md"),
                 f"{AWARD}:6", ["tulis slug-nya saja: news: kelas"], id="news-bundle-file-name"),
    pytest.param(award(AWARD_DATE, AWARD_NAME, AWARD_GIVER,
                       "recipient:\n  - Perpustakaan Desa Bangsri\n  - Perpustakaan Desa Mlonggo"),
                 f"{AWARD}:5", ['kolom "recipient" harus berupa teks, bukan daftar',
                                "tulis dalam satu baris: recipient: Perpustakaan Desa Bangsri "
                                "dan Perpustakaan Desa Mlonggo"], id="recipients-as-a-list"),
    pytest.param(award(AWARD_DATE, AWARD_NAME, AWARD_GIVER, AWARD_RECIPIENT, "news: kelass"),
                 f"{AWARD}:6", ['tidak ada berita dengan slug "kelass"',
                                'mungkin maksudnya "news: kelas"'], id="news-slug-mistyped"),
    pytest.param(award(AWARD_DATE, AWARD_NAME, AWARD_GIVER, AWARD_RECIPIENT,
                       "year: dua ribu dua puluh empat"),
                 f"{AWARD}:6", ['kolom "year"', "angka tanpa koma",
                                '"dua ribu dua puluh empat"'], id="year-not-a-number"),
    pytest.param(award(AWARD_NAME, AWARD_GIVER, AWARD_RECIPIENT),
                 f"{AWARD}:2", ['kolom "date" wajib ada'], id="missing-date"),
]


@pytest.mark.parametrize("text, where, fragments", AWARD_CASES)
def test_award_errors(root: Path, text: str, where: str, fragments: list[str]):
    result = fails_cleanly(root, {AWARD: text})
    assert_problem(result.err, where, *fragments)


@pytest.mark.parametrize("written, heading", [
    ("perorangan", "Untuk perorangan"), ("pribadi", "Untuk perorangan"),
    ("orang", "Untuk perorangan"), ("Lembaga", "Untuk lembaga"), ("organisasi", "Untuk lembaga")])
def test_recipient_type_in_indonesian_words(root: Path, written: str, heading: str):
    (root / AWARD).write_text(award(AWARD_DATE, AWARD_NAME, AWARD_GIVER, AWARD_RECIPIENT,
                                    f"recipient_type: {written}"), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0 and result.err == "", result.err
    assert heading in read(root, "output/penghargaan/index.html")


def test_an_address_written_for_a_slug_is_told_its_last_part(root: Path):
    """The news item's address copied from the browser into "news:" (or "slug:")."""
    result = fails_cleanly(root, {AWARD: award(
        AWARD_DATE, AWARD_NAME, AWARD_GIVER, AWARD_RECIPIENT,
        "news: https://example.org/berita/kelas/")})
    assert_problem(result.err, f"{AWARD}:6", 'kolom "news"', "adalah alamat", "news: kelas")


def test_award_news_link_to_existing_news_builds(root: Path):
    """The counterpart of news-slug-unknown: the news item's slug (date prefix dropped) works."""
    (root / AWARD).write_text(award(AWARD_DATE, AWARD_NAME, AWARD_GIVER, AWARD_RECIPIENT,
                                    "news: kelas"), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err


# -- pages ----------------------------------------------------------------------

def test_page_missing_title(root: Path):
    result = fails_cleanly(root, {PAGE: "---\nslug: profil\nmenu_order: 1\n---\nTentang.\n"})
    assert_problem(result.err, f"{PAGE}:2", 'kolom "title" wajib ada')


def test_page_menu_order_not_a_number(root: Path):
    result = fails_cleanly(root, {PAGE: "---\ntitle: Profil\nmenu_order: pertama\n---\nIsi.\n"})
    assert_problem(result.err, f"{PAGE}:3", 'kolom "menu_order"', '"pertama"')


# -- schedule.yaml --------------------------------------------------------------

def schedule_with(old: str, new: str) -> str:
    """VALID_SCHEDULE (dedented) with one piece replaced."""
    text = dedent(VALID_SCHEDULE)
    assert old in text, old
    return text.replace(old, new)


SCHEDULE_CASES = [
    pytest.param(schedule_with("    period: {from: 2024-01-09, until: 2024-06-25}\n",
                               "    period: {from: 2024-01-09, until: 2024-03-25}\n"
                               "    period: {from: 2024-04-09, until: 2024-06-25}\n"),
                 f"{SCHEDULE}:9", ['kolom "period" ditulis dua kali', "kegiatan tersendiri "
                                   "dengan id lain", '"except"'], id="two-periods"),
    pytest.param(schedule_with("    weekly:", "    quota: 20 orang\n    weekly:"),
                 f"{SCHEDULE}:4", ['kolom "quota"', "angka tanpa koma", '"20 orang"',
                                   'mungkin maksudnya "quota: 20"'], id="quota-with-a-word"),
    pytest.param(schedule_with("    weekly:", "    quota: tidak terbatas\n    weekly:"),
                 f"{SCHEDULE}:4", ['kolom "quota"', '"tidak terbatas"',
                                   'jika tidak dibatasi, hapus baris "quota"'],
                 id="quota-unlimited"),
    pytest.param(schedule_with("    weekly:", "    quota: 1.500 peserta\n    weekly:"),
                 f"{SCHEDULE}:4", ['mungkin maksudnya "quota: 1500"'], id="quota-grouped"),
    # a colon left out, a list marked with another dash: the line and what to write
    pytest.param(schedule_with("title: Pelatihan", "title Pelatihan"),
                 f"{SCHEDULE}:3", ['titik dua sesudah nama kolom "title" hilang',
                                   "tulis title: Pelatihan Bahasa Inggris"],
                 id="colon-missing-after-title"),
    pytest.param(schedule_with("      - day: Selasa", "      - day Selasa"),
                 f"{SCHEDULE}:5", ['nama kolom "day" hilang', "tulis - day: Selasa"],
                 id="colon-missing-in-list-item"),
    pytest.param(schedule_with("      - day: Selasa", "      – day: Selasa"),
                 f"{SCHEDULE}:5", ['tanda minus biasa (-) diikuti spasi, bukan "–"',
                                   "tulis - day: Selasa"], id="list-marked-with-en-dash"),
    pytest.param(schedule_with("      - day: Selasa", "      -day: Selasa"),
                 f"{SCHEDULE}:5", ['tidak ada spasi sesudah tanda daftar "-"',
                                   "tulis - day: Selasa"], id="list-mark-without-space"),
    # hours pasted from a chat as text: the items to write, from the text
    pytest.param(schedule_with("weekly:\n      - day: Selasa\n        start: 15:00\n"
                               "        end: 17:00\n",
                               "weekly: Setiap Selasa dan Kamis pukul 15.00 - 17.00 WIB\n"),
                 f"{SCHEDULE}:4", ['kolom "weekly" harus berupa daftar',
                                   "tulis seperti ini: - {day: Selasa, start: 15.00, end: 17.00}"
                                   " dan - {day: Kamis, start: 15.00, end: 17.00}"],
                 id="weekly-as-text"),
    pytest.param(dedent(VALID_SCHEDULE) + "    sessions:\n"
                                          "      - Sabtu, 17 Februari 2024 pukul 09.00-11.30\n",
                 f"{SCHEDULE}:10", ['isi "sessions" harus berisi pasangan "nama: nilai"',
                                    "tulis seperti ini: - {date: 2024-02-17, start: 09.00, "
                                    "end: 11.30}"], id="session-as-text"),
    pytest.param(schedule_with("  - id: bahasa-inggris\n    title:", "  - title:"),
                 f"{SCHEDULE}:2", ['kolom "id" wajib ada'], id="missing-id"),
    pytest.param(schedule_with("    title: Pelatihan Bahasa Inggris\n", ""),
                 f"{SCHEDULE}:2", ['kolom "title" wajib ada'], id="missing-title"),
    pytest.param(dedent(VALID_SCHEDULE)
                 + "  - id: bahasa-inggris\n"
                   "    title: Kelas Bahasa Inggris Lanjutan\n"
                   "    sessions:\n"
                   "      - date: 2024-02-17\n"
                   "        start: 09:00\n",
                 f"{SCHEDULE}:9", ['id "bahasa-inggris" sudah dipakai', "baris 2"],
                 id="duplicate-id"),
    pytest.param(schedule_with("id: bahasa-inggris", "id: Bahasa Inggris"),
                 f"{SCHEDULE}:2", ['kolom "id"', '"Bahasa Inggris"', '"bahasa-inggris"'],
                 id="id-uppercase-spaces"),
    pytest.param(schedule_with("day: Selasa", "day: Senen"),
                 f"{SCHEDULE}:5", ['kolom "day"', '"Senen"', "nama hari"], id="unknown-day"),
    pytest.param(schedule_with("end: 17:00", "end: 15:00"),
                 f"{SCHEDULE}:7", ["jam selesai (15.00)", "jam mulai (15.00)"],
                 id="end-equals-start"),
    pytest.param(schedule_with("end: 17:00", "end: 14.30"),
                 f"{SCHEDULE}:7", ["jam selesai (14.30)", "jam mulai (15.00)"],
                 id="end-before-start"),
    pytest.param(schedule_with("{from: 2024-01-09, until: 2024-06-25}",
                               "{from: 2024-06-25, until: 2024-01-09}"),
                 f"{SCHEDULE}:8", ['"until" (2024-01-09)', '"from" (2024-06-25)'],
                 id="period-until-before-from"),
    pytest.param(schedule_with("    period: {from: 2024-01-09, until: 2024-06-25}\n", ""),
                 f"{SCHEDULE}:4", ['"weekly"', 'wajib punya "period"'],
                 id="weekly-without-period"),
    pytest.param(schedule_with("{from: 2024-01-09, until: 2024-06-25}",
                               "9 Januari 2024 s.d. 25/06/2024"),
                 f"{SCHEDULE}:8", ['kolom "period" ditulis sebagai teks',
                                   "period: {from: 2024-01-09, until: 2024-06-25}"],
                 id="period-written-as-text"),
    pytest.param(schedule_with("{from: 2024-01-09, until: 2024-06-25}", "semester genap"),
                 f"{SCHEDULE}:8", ['kolom "period" ditulis sebagai teks ("semester genap")',
                                   "seperti ini: period: {from: 2024-01-09, until: 2024-06-25}"],
                 id="period-written-as-words"),
    pytest.param(schedule_with("from: 2024-01-09", "from: 2024-01-32"),
                 f"{SCHEDULE}:8", ['kolom "from"', '"2024-01-32"', "tanggal 32"],
                 id="period-date-not-a-date"),
    pytest.param(dedent(VALID_SCHEDULE)
                 + "    sessions:\n      - date: 2024-02-30\n        start: 09:00\n",
                 f"{SCHEDULE}:10", ['kolom "date"', '"2024-02-30"', "tanggal 30"],
                 id="session-date-not-a-date"),
    pytest.param(dedent(VALID_SCHEDULE) + "    except: [2024-04-09, 9 April 2024]\n",
                 f"{SCHEDULE}:9", ['isi kolom "except"', '"9 April 2024"',
                                   "bukan tanggal"], id="except-date-not-a-date"),
    # a holiday break written as text: both ends, not the first day with the rest a note
    pytest.param(dedent(VALID_SCHEDULE) + "    except:\n      - 2024-03-26 s/d 2024-04-09 "
                                          "libur semester\n",
                 f"{SCHEDULE}:10", ['"2024-03-26 s/d 2024-04-09 libur semester" adalah rentang',
                                   "- {from: 2024-03-26, until: 2024-04-09, note: libur "
                                   "semester}"], id="except-span-as-text"),
    pytest.param("closed:\n  - 26 Maret 2024 - 9 April 2024\n" + dedent(VALID_SCHEDULE),
                 f"{SCHEDULE}:2", ['isi kolom "closed"', "adalah rentang",
                                   "- {from: 2024-03-26, until: 2024-04-09}"],
                 id="closed-span-as-text"),
    pytest.param(dedent(VALID_SCHEDULE) + "    except:\n      - 2024-04-09\n      - 2024-04-31\n",
                 f"{SCHEDULE}:11", ['isi kolom "except"', '"2024-04-31"', "tanggal 31"],
                 id="except-item-line"),
    pytest.param("programs:\n  - id: bedah-buku\n    title: Bedah Buku\n"
                 "    location: Aula Utama\n",
                 f"{SCHEDULE}:2", ["belum punya jadwal", '"weekly"', '"sessions"'],
                 id="neither-weekly-nor-sessions"),
    pytest.param(schedule_with("start: 15:00", "start: 25:00"),
                 f"{SCHEDULE}:6", ['kolom "start"', '"25:00"', "jam"], id="time-hour-25"),
    pytest.param(schedule_with("start: 15:00", "start: 15.7"),
                 f"{SCHEDULE}:6", ['kolom "start"', '"15.7"', "bukan jam"], id="time-15.7"),
    pytest.param(schedule_with("end: 17:00", "end: 17:75"),
                 f"{SCHEDULE}:7", ['kolom "end"', '"17:75"', "menit"], id="time-minute-75"),
    pytest.param(schedule_with("        start: 15:00\n", ""),
                 f"{SCHEDULE}:5", ['kolom "start" wajib ada'], id="weekly-without-start"),
    # hours as they are said: "jam 3 sore" is 15:00
    pytest.param(schedule_with("start: 15:00", "start: jam 3 sore"),
                 f"{SCHEDULE}:6", ['kolom "start"', '"jam 3 sore"', "mungkin maksudnya 15:00"],
                 id="time-said-afternoon"),
    pytest.param(schedule_with("start: 15:00", "start: 9 pagi"),
                 f"{SCHEDULE}:6", ['"9 pagi"', "mungkin maksudnya 09:00"], id="time-said-morning"),
    pytest.param(schedule_with("end: 17:00", "end: pukul 7.30 malam"),
                 f"{SCHEDULE}:7", ['"pukul 7.30 malam"', "mungkin maksudnya 19:30"],
                 id="time-said-evening"),
    pytest.param(schedule_with("start: 15:00", "start: 1 siang"),
                 f"{SCHEDULE}:6", ['"1 siang"', "mungkin maksudnya 13:00"], id="time-said-noon"),
    pytest.param(schedule_with("start: 15:00", "start: pukul 15.00"),
                 f"{SCHEDULE}:6", ['"pukul 15.00"', "mungkin maksudnya 15:00"],
                 id="time-with-pukul"),
    pytest.param(schedule_with("start: 15:00", "start: 9"),
                 f"{SCHEDULE}:6", ['"9"', "mungkin maksudnya 09:00"], id="time-hour-only"),
    # both hours under one name: the two lines to write, at its line
    pytest.param(schedule_with("        start: 15:00\n        end: 17:00\n",
                               "        jam: 15.00 - 17.00 WIB\n"),
                 f"{SCHEDULE}:6", ['"jam: 15.00 - 17.00 WIB"', "dua kolom",
                                   "start: 15:00", "end: 17:00"], id="time-range-under-jam"),
    pytest.param(schedule_with("        start: 15:00\n        end: 17:00\n",
                               "        time: 15:00\n"),
                 f"{SCHEDULE}:6", ['kolom "start" wajib ada', '"time"', 'menjadi "start:"'],
                 id="start-written-as-time"),
    pytest.param(schedule_with("    title: Pelatihan Bahasa Inggris\n",
                               "    title: Pelatihan Bahasa\n  Inggris untuk Umum\n"),
                 f"{SCHEDULE}:4", ['sambungan nilai kolom "title"', "tidak menjorok",
                                   "awali baris ini dengan 6 spasi"],
                 id="value-continued-without-indent"),
    # a whole program "cancelled" or "draft", as a session or a news item is: it would stay
    pytest.param(schedule_with("    weekly:",
                               "    cancelled: Instruktur pindah tugas\n    weekly:"),
                 f"{SCHEDULE}:4", ['tidak punya kolom "cancelled"', "tetap tampil di situs",
                                   "except: [{from: 2024-01-09, until: 2024-06-25, note: "
                                   "Instruktur pindah tugas}]"], id="program-cancelled"),
    pytest.param(schedule_with("    weekly:", "    draft: true\n    weekly:"),
                 f"{SCHEDULE}:4", ['tidak punya kolom "draft"', "note: Dibatalkan",
                                   "hapus bagian kegiatan ini"], id="program-draft"),
    pytest.param(schedule_with("        end: 17:00", "        end: 5:00"),
                 f"{SCHEDULE}:7", ["harus sesudah jam mulai (15.00)",
                                   "mungkin maksudnya end: 17.00"], id="end-in-12-hours"),
    pytest.param(schedule_with("        end: 17:00", "        end: 11.30"),
                 f"{SCHEDULE}:7", ["jam selesai (11.30) harus sesudah jam mulai (15.00); "
                                   "periksa jam mulai dan jam selesainya"],
                 id="end-not-told-23.30"),
]


def test_a_break_written_as_one_day_with_its_end_in_the_note_is_a_warning(root: Path):
    """{date: 2024-03-26, note: s/d 2024-04-09 libur}: only the 26th is off, the note's
    end date is read by no one but residents, who see classes on the other days."""
    (root / SCHEDULE).write_text(dedent(VALID_SCHEDULE) + (
        "    except:\n"
        "      - {date: 2024-03-26, note: s/d 2024-04-09 libur semester}\n"
        "      - {date: 2024-04-16, note: diganti 2024-04-18}\n"), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{SCHEDULE}:10", '"note" menyebut sampai tanggal 2024-04-09',
                   "yang libur hanya 2024-03-26",
                   "- {from: 2024-03-26, until: 2024-04-09, note: libur semester}",
                   severity="peringatan")
    assert len(problem_lines(result.err, "peringatan")) == 1, result.err


@pytest.mark.parametrize("start, end, said", [
    ("13:00", "23.30", "13.00–23.30, 10.5 jam sampai larut malam"),
    ("08.00", "17.30", "08.00–17.30, 9.5 jam;"),
])
def test_a_session_ending_late_at_night_or_lasting_all_day_is_a_warning(root: Path, start,
                                                                       end, said):
    """"end: 23.30" (the hint once given for an end before the start) and a class of nine
    hours and a half are most likely written wrong; a two-hour class stays silent."""
    (root / SCHEDULE).write_text(schedule_with("start: 15:00\n        end: 17:00",
                                               f"start: {start}\n        end: {end}"),
                                 encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{SCHEDULE}:7", f"sesi ini berlangsung {said}",
                   "periksa jam mulai dan jam selesainya", severity="peringatan")


def test_a_program_copied_with_its_old_dates_is_a_warning(root: Path):
    """A block copied for next term's class, its period left as it was: every session is
    past, so the new class goes straight to the finished programs. Two running classes
    at the same hours, or one finished alone, stay silent."""
    copy = dedent(VALID_SCHEDULE).split("\n", 1)[1].replace(
        "bahasa-inggris", "bahasa-inggris-lanjutan").replace("Inggris\n", "Inggris Lanjutan\n")
    (root / SCHEDULE).write_text(dedent(VALID_SCHEDULE) + copy, encoding="utf-8")
    result = run(root, "build", now="2024-07-01T10:00")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{SCHEDULE}:9", 'semua sesi kegiatan "bahasa-inggris-lanjutan" '
                   'sudah lewat', 'sama persis dengan kegiatan "bahasa-inggris" (baris 2)',
                   'ganti tanggal di "period"', severity="peringatan")
    running = run(root, "build", now="2024-03-01T10:00")
    assert running.code == 0 and "sama persis" not in running.err, running.err


def test_a_session_called_off_in_its_note_is_a_warning_to_write_cancelled(root: Path):
    """"note: BATAL" leaves the session held on the page and in residents' calendars;
    "cancelled:" marks it off. A note naming no calling off stays silent."""
    session = ("    sessions:\n      - date: 2024-02-17\n        start: 09:00\n"
               "        note: {note}\n")
    (root / SCHEDULE).write_text(
        dedent(VALID_SCHEDULE) + session.format(note="BATAL - Menulis cerita anak")
        + session.format(note="Kelas pengganti libur Natal").replace("    sessions:\n", "")
        .replace("2024-02-17", "2024-02-24"),
        encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{SCHEDULE}:12", '"note" sesi ini menyebut "BATAL"',
                   "tetap tampil akan berlangsung, juga di kalender warga",
                   'tulis "cancelled:" dan alasannya', severity="peringatan")
    assert len(problem_lines(result.err, "peringatan")) == 1, result.err
    (root / SCHEDULE).write_text(dedent(VALID_SCHEDULE) + session.format(
        note="BATAL - Menulis cerita anak") + "        cancelled: Narasumber sakit\n",
        encoding="utf-8")
    assert problem_lines(run(root, "build").err, "peringatan") == []


def test_a_session_at_night_is_a_warning_with_the_afternoon_hours(root: Path):
    """"start: 1.00" meant 13.00: 01.00 would be published, a warning says so."""
    (root / SCHEDULE).write_text(schedule_with("start: 15:00\n        end: 17:00",
                                               "start: 1.00\n        end: 3.00"),
                                 encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{SCHEDULE}:6", "mulai pukul 01.00 dini hari",
                   "tulis start: 13.00 dan end: 15.00", severity="peringatan")


@pytest.mark.parametrize("text, where, fragments", SCHEDULE_CASES)
def test_schedule_errors(root: Path, text: str, where: str, fragments: list[str]):
    result = fails_cleanly(root, {SCHEDULE: text})
    assert_problem(result.err, where, *fragments)


def test_a_period_written_from_to_is_pointed_to_until(root: Path):
    text = schedule_with("{from: 2024-01-09, until: 2024-06-25}",
                         "{from: 2024-01-09, to: 2024-06-25}")
    result = fails_cleanly(root, {SCHEDULE: text})
    assert_problem(result.err, f"{SCHEDULE}:8", 'kolom "until" wajib ada',
                   '"to" di baris ini mungkin maksudnya "until"')
    assert "tidak dikenal" not in result.err   # one message for one mistake


def test_schedule_yaml_syntax_error_line(root: Path):
    text = schedule_with("title: Pelatihan Bahasa Inggris", "title: Kelas: Bahasa Inggris")
    result = fails_cleanly(root, {SCHEDULE: text})
    assert_problem(result.err, f"{SCHEDULE}:3", "YAML tidak bisa dibaca", "tanda kutip",
                   'tulis title: "Kelas: Bahasa Inggris"')


def test_merge_conflict_markers_are_an_error_at_their_first_line(root: Path):
    """Two staff members edited the same lines; a merge (GitHub Desktop, a pull) left
    git's markers in the files. In a body they would be published as text (the
    "=======" line even as a heading); in YAML they end in a parse error that says
    nothing of the cause. Each file gets one error naming the marker lines."""
    conflicted_body = news("title: Kelas", "date: 2024-01-05", body=(
        "Isi berita.\n\n<<<<<<< HEAD\nKelas dimulai pukul 09.00.\n=======\n"
        "Kelas dimulai pukul 10.00.\n>>>>>>> a1b2c3d (jam kelas)\n\nSampai jumpa."))
    schedule = schedule_with("title: Pelatihan Bahasa Inggris", (
        "title: Pelatihan Bahasa Inggris\n<<<<<<< HEAD\n    quota: 20\n=======\n"
        "    quota: 25\n>>>>>>> origin/main"))
    result = fails_cleanly(root, {NEWS: conflicted_body, SCHEDULE: schedule})
    assert_problem(result.err, f"{NEWS}:7", "konflik", "<<<<<<<", "=======", ">>>>>>>",
                   "baris 7, 9 dan 11", "hapus")
    assert_problem(result.err, f"{SCHEDULE}:4", "konflik", "baris 4, 6 dan 8")
    assert "YAML tidak bisa dibaca" not in result.err


def test_a_line_of_equals_signs_alone_is_no_conflict(root: Path):
    """A heading underlined with "=======" (and quoted arrows) is Markdown, not a conflict."""
    write_files(root, {NEWS: news("title: Kelas", "date: 2024-01-05", body=(
        "Jadwal\n=======\n\n> >>>>>>> kutipan bertingkat\n\nIsi."))})
    result = run(root, "build")
    assert result.code == 0, result.err
    assert "<h2" in read(root, "output/berita/kelas/index.html")


# -- collisions -----------------------------------------------------------------
# A path claimed twice is reported at every file involved, each message naming
# the others, at the `slug:` line when the file has one.

def test_two_news_files_same_slug(root: Path):
    """kelas-baru.md (older) asks for slug "kelas", which 2024-01-05-kelas.md already gets
    from its name: the error points at the `slug:` line that causes it."""
    result = fails_cleanly(root, {"content/news/kelas-baru.md": news(
        "title: Kelas Baru", "date: 2024-01-04", "slug: kelas")})
    assert_problem(result.err, "content/news/kelas-baru.md:4", "alamat /berita/kelas/",
                   f"juga dipakai oleh {NEWS}")
    assert_problem(result.err, NEWS, "alamat /berita/kelas/",
                   "juga dipakai oleh content/news/kelas-baru.md")


def test_two_news_files_same_slug_newer_has_slug(root: Path):
    """Same collision, the item with `slug:` sorting first: still reported at its `slug:` line."""
    result = fails_cleanly(root, {"content/news/kelas-baru.md": news(
        "title: Kelas Baru", "date: 2024-03-01", "slug: kelas")})
    assert_problem(result.err, "content/news/kelas-baru.md:4", "alamat /berita/kelas/",
                   f"juga dipakai oleh {NEWS}")


def test_a_yearly_events_later_item_is_told_the_slug_with_its_year(root: Path):
    """Last year's news file copied for this year's event has the same address: the
    later item is told the slug to write, so last year's keeps the address shared."""
    result = fails_cleanly(root, {
        "content/news/2025-11-10-lomba-resensi.md": news("title: Lomba Resensi 2025",
                                                         "date: 2025-11-10"),
        "content/news/2026-11-10-lomba-resensi.md": news("title: Lomba Resensi 2026",
                                                         "date: 2026-11-10")})
    assert_problem(result.err, "content/news/2026-11-10-lomba-resensi.md",
                   "alamat /berita/lomba-resensi/", '"slug: lomba-resensi-2026"')
    older = assert_problem(result.err, "content/news/2025-11-10-lomba-resensi.md",
                           "alamat /berita/lomba-resensi/")
    assert '"slug:' not in older


def test_page_slug_berita_collides_with_news_list(root: Path):
    result = fails_cleanly(root, {"content/pages/tentang.md": news(
        "title: Berita Kami", "slug: berita")})
    assert_problem(result.err, "content/pages/tentang.md:3", "alamat /berita/",
                   "juga dipakai oleh daftar berita")


def test_page_file_named_berita_collides_with_news_list(root: Path):
    result = fails_cleanly(root, {"content/pages/berita.md": news("title: Berita Kami")})
    assert_problem(result.err, "content/pages/berita.md", "alamat /berita/",
                   "juga dipakai oleh daftar berita")


def test_a_page_named_index_is_told_it_is_not_the_home_page(root: Path):
    (root / "content/pages/index.md").write_text("---\ntitle: Selamat Datang\n---\nIsi.\n",
                                                 encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, "content/pages/index.md", "terbit di alamat /index/",
                   "bukan sebagai beranda", "sejarah.md", severity="peringatan")
    assert (root / "output/index/index.html").exists()
    assert "Selamat Datang" not in (root / "output/index.html").read_text(encoding="utf-8")


def test_static_file_collides_with_page(root: Path):
    result = fails_cleanly(root, {"content/static/profil/index.html": "<p>Profil lama</p>\n"})
    assert_problem(result.err, PAGE, "alamat /profil/",
                   "juga dipakai oleh content/static/profil/index.html")
    assert_problem(result.err, "content/static/profil/index.html", "alamat /profil/",
                   f"juga dipakai oleh {PAGE}")


def theme_asset() -> str:
    """The path (under assets/) of one file of the built-in theme, not a photo (the
    tests write text in its place, which as a photo would be broken too; nor a script, which
    beside an item is an error of its own)."""
    folder = PROJECT / "templates" / "assets"
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")
                   and p.suffix.lower() not in (".png", ".jpg", ".jpeg", ".webp", ".js"))
    assert files, "the built-in theme has no assets/"
    return files[0].relative_to(folder).as_posix()


def test_static_file_collides_with_theme_asset(root: Path):
    name = theme_asset()
    result = fails_cleanly(root, {f"content/static/assets/{name}": "/* milik kami */\n"})
    assert_problem(result.err, f"content/static/assets/{name}", f"alamat /assets/{name}",
                   "juga dipakai oleh berkas tema")


def test_page_bundle_file_collides_with_theme_asset(root: Path):
    name = theme_asset()
    result = fails_cleanly(root, {
        "content/pages/assets/index.md": "---\ntitle: Aset\n---\nIsi.\n",
        f"content/pages/assets/{name}": "/* milik kami */\n",
    })
    errors = problem_lines(result.err)
    assert len(errors) == 1, result.err
    assert errors[0].startswith(f"content/pages/assets/{name}: kesalahan: "
                                f"alamat /assets/{name} juga dipakai oleh berkas tema")


def test_paths_that_differ_only_in_case_are_one_address(root: Path):
    """A host that ignores case (Windows, IIS, a Mac's folder) stores both under one name:
    static/SW.js replaced the theme's service worker there, ASSETS/daftar.js the script of
    every page, and an old address /Berita/ the news list."""
    result = fails_cleanly(root, {
        "content/static/SW.js": "self.addEventListener('fetch', () => {});\n",
        "content/static/ASSETS/daftar.js": "document.title = 'x';\n",
        "content/pages/arsip.md": "---\ntitle: Arsip\naliases: [/Berita/]\n---\nIsi.\n"})
    errors = problem_lines(result.err)
    assert any(line.startswith("content/static/SW.js: kesalahan: alamat /SW.js (/sw.js juga: "
                               "banyak hosting tidak membedakan huruf besar dan kecil) juga "
                               "dipakai oleh berkas tema") for line in errors), result.err
    assert any(line.startswith("content/static/ASSETS/daftar.js: kesalahan: alamat "
                               "/ASSETS/daftar.js (/assets/daftar.js juga") for line in errors)
    assert any(line.startswith("content/pages/arsip.md:3: kesalahan: ") and "/Berita/" in line
               for line in errors), result.err


# -- YAML errors point at the line to fix ---------------------------------------------

def test_unclosed_quote_reports_the_line_of_the_quote(root: Path):
    result = fails_cleanly(root, {NEWS: news('title: "Kelas Literasi', "date: 2024-01-05",
                                             "summary: Ringkas.")})
    assert_problem(result.err, f"{NEWS}:2", "YAML tidak bisa dibaca", "tanda kutip")


@pytest.mark.parametrize("title", ["\u201cLomba: Mewarnai\u201d", "\u2018Lomba: Mewarnai\u2019"])
def test_curly_quotes_a_phone_or_word_wrote_are_named(root: Path, title: str):
    """The writer did quote the value, with the curly quotes a phone or Word puts in,
    which YAML does not read as quotes: the message says so, not "add quotes"."""
    result = fails_cleanly(root, {NEWS: news(f"title: {title}", "date: 2024-01-05")})
    assert_problem(result.err, f"{NEWS}:2", "YAML tidak bisa dibaca", "kutip miring",
                   'title: "Lomba: Mewarnai"')


@pytest.mark.parametrize("front", [
    ["title:\u00a0Kelas Literasi Digital", "date:\u00a02024-01-05"],   # a no-break space
    ["title:\tKelas Literasi Digital", "date: 2024-01-05"],              # a tab after ":"
    ["\u200btitle: Kelas Literasi Digital", "date\ufeff: 2024-01-05"],   # invisible marks
])
def test_spaces_and_marks_copied_text_brings_into_field_lines_are_forgiven(root: Path, front):
    """Text copied from a web page, a chat or Word brings no-break spaces, tabs and
    invisible marks into the field lines, where YAML read no field at all (or a field
    whose name looked like "title" and was not): they are read as the spaces they
    look like, and marks in a field's name are dropped."""
    (root / NEWS).write_text(news(*front), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0 and result.err == "", result.err
    assert "<h1>Kelas Literasi Digital</h1>" in read(root, "output/berita/kelas/index.html")


def test_a_line_indented_with_no_break_spaces_is_told_so(root: Path):
    """As indentation, where a line belongs would be a guess: an error naming the cause."""
    result = fails_cleanly(root, {SCHEDULE: schedule_with(
        "    title: Pelatihan Bahasa Inggris",
        "\u00a0\u00a0\u00a0\u00a0title: Pelatihan Bahasa Inggris")})
    assert_problem(result.err, f"{SCHEDULE}:3", "no-break space", "WhatsApp",
                   "ketik ulang spasinya")


# -- every problem in one run ---------------------------------------------------

def test_award_with_two_errors_reports_both(root: Path):
    result = fails_cleanly(root, {AWARD: award(
        "date: kemarin", AWARD_NAME, AWARD_GIVER, AWARD_RECIPIENT, "news: berita-yang-tidak-ada")})
    assert_problem(result.err, f"{AWARD}:2", 'kolom "date"', '"kemarin"')
    assert_problem(result.err, f"{AWARD}:6", 'kolom "news"', '"berita-yang-tidak-ada"')


def test_all_problems_in_one_run_sorted(root: Path):
    result = fails_cleanly(root, {
        SCHEDULE: schedule_with("day: Selasa", "day: Senen"),
        NEWS: news("title: Kelas", "draft: ya", "date: kemarin"),
        AWARD: award(AWARD_DATE, AWARD_NAME, AWARD_GIVER),
    })
    errors = problem_lines(result.err)
    where = [line.split(": kesalahan: ", 1)[0] for line in errors]
    assert where == [f"{AWARD}:2", f"{NEWS}:3", f"{NEWS}:4", f"{SCHEDULE}:5"], result.err
    assert '"recipient"' in errors[0]
    assert '"draft"' in errors[1] and '"ya"' in errors[1]
    assert '"date"' in errors[2] and '"kemarin"' in errors[2]
    assert '"day"' in errors[3] and '"Senen"' in errors[3]
    assert "4 kesalahan" in result.err


def test_site_yaml_error_does_not_hide_content_errors(root: Path):
    """A mistake in site.yaml and one in a news item: both in the same run."""
    result = fails_cleanly(root, {
        SITE: "title: Perpustakaan Uji\nbase_url: https://example.org/\nper_page: sepuluh\n",
        NEWS: news("title: Kelas", "date: kemarin"),
    })
    assert_problem(result.err, f"{SITE}:3", 'kolom "per_page"')
    assert_problem(result.err, f"{NEWS}:3", '"kemarin"')


# -- warnings, not errors -------------------------------------------------------

def test_unknown_front_matter_key_is_a_warning(root: Path):
    (root / NEWS).write_text(news("title: Kelas", "date: 2024-01-05", "summary: Ringkas.",
                                  "image_atl: Peserta kelas"), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert problem_lines(result.err) == []
    assert_problem(result.err, f"{NEWS}:5", '"image_atl"', '"image_alt"', severity="peringatan")
    assert "Kelas" in read(root, "output/berita/kelas/index.html")


def test_updated_before_the_date_is_a_warning(root: Path):
    """"Diperbarui 1 Desember" beside an item published on 4 December is a date typed
    wrong: a warning at the line of "updated"."""
    (root / NEWS).write_text(news("title: Kelas", "date: 2024-01-05", "updated: 2024-01-02"),
                             encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{NEWS}:4", 'kolom "updated" (2 Januari 2024)',
                   '"date" (5 Januari 2024)', severity="peringatan")


def test_a_news_item_or_page_without_text_is_a_warning(root: Path):
    """Only the front matter written (the text not pasted yet, or pasted above "---"):
    the page would publish a title alone. An award's fields say it all: no warning."""
    write_files(root, {NEWS: news("title: Kelas Literasi", "date: 2024-01-05", body=""),
                       PAGE: "---\ntitle: Profil\n---\n\n",
                       AWARD: award(AWARD_DATE, AWARD_NAME, AWARD_GIVER, AWARD_RECIPIENT)
                       .replace("Isi.\n", "")})
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{NEWS}:4", "belum berisi teks", severity="peringatan")
    assert_problem(result.err, f"{PAGE}:3", "belum berisi teks", severity="peringatan")
    assert AWARD not in result.err


def test_a_page_given_a_date_is_told_pages_have_none(root: Path):
    """A standing page has no date: "date:" is not taken for a misspelt "draft"."""
    (root / PAGE).write_text("---\ntitle: Profil\ndate: 2024-01-05\n---\nIsi.\n",
                             encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    line = assert_problem(result.err, f"{PAGE}:3", 'kolom "date"', "halaman tetap tidak "
                          "bertanggal", "content/news/", severity="peringatan")
    assert '"draft"' not in line


def test_unknown_program_key_is_a_warning(root: Path):
    (root / SCHEDULE).write_text(dedent(VALID_SCHEDULE) + "    lokasi: Aula Utama\n",
                                 encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert problem_lines(result.err) == []
    assert_problem(result.err, f"{SCHEDULE}:9", '"lokasi"', "tidak dikenal",
                   severity="peringatan")
    assert "Pelatihan Bahasa Inggris" in read(root, "output/jadwal/bahasa-inggris/index.html")


# -- line endings and encodings ---------------------------------------------------

CRLF_NEWS = "---\r\ntitle: Kelas Windows\r\ndate: 2024-01-05\r\n---\r\nIsi dari Notepad.\r\n"


@pytest.mark.parametrize("data", [
    pytest.param(CRLF_NEWS.encode("utf-8"), id="crlf"),
    pytest.param(b"\xef\xbb\xbf" + "---\ntitle: Kelas Windows\ndate: 2024-01-05\n---\nIsi.\n"
                 .encode("utf-8"), id="bom"),
    pytest.param(b"\xef\xbb\xbf" + CRLF_NEWS.encode("utf-8"), id="bom-crlf"),
])
def test_crlf_and_bom_build(tmp_path: Path, data: bytes):
    root = make_site(tmp_path, {NEWS: data})
    result = run(root, "build")
    assert result.code == 0, result.err
    assert result.err == ""
    assert "Kelas Windows" in read(root, "output/berita/kelas/index.html")


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["crlf", "bom-crlf"])
def test_bad_date_in_crlf_file_reports_its_line(root: Path, bom: bytes):
    data = bom + "---\r\ntitle: Kelas\r\nsummary: Ringkas.\r\ndate: 2024-13-05\r\n---\r\nIsi.\r\n" \
        .encode("utf-8")
    result = fails_cleanly(root, {NEWS: data})
    assert_problem(result.err, f"{NEWS}:4", '"2024-13-05"', "bulan 13")


def test_crlf_site_yaml_error_line(root: Path):
    data = b"title: Perpustakaan Uji\r\nbase_url: https://example.org/\r\ntimezone: WIB\r\n"
    result = fails_cleanly(root, {SITE: data})
    assert_problem(result.err, f"{SITE}:3", '"WIB"')


# -- times read as written ----------------------------------------------------------

def test_times_are_read_as_written(tmp_path: Path):
    root = make_site(tmp_path, {SCHEDULE: """\
        programs:
          - id: bahasa-inggris
            title: Pelatihan Bahasa Inggris
            weekly:
              - day: Selasa
                start: 15:00
                end: 17.30
            period: {from: 2026-11-01, until: 2026-12-31}
            sessions:
              - date: 2026-12-05
                start: 9.00
                end: 11:00
        """})
    result = run(root, "build")
    assert result.code == 0, result.err
    html = read(root, "output/jadwal/bahasa-inggris/index.html")
    for shown in ("15.00", "17.30", "09.00", "11.00"):
        assert shown in html, shown
    for wrong in ("900", "15.3 ", "17.3<", "9.0<"):
        assert wrong not in html, wrong


def test_file_name_with_an_impossible_date_prefix_is_a_warning(root: Path):
    write_files(root, {"content/news/2024-02-30-kelas-baru.md": news(
        "title: Kelas Baru", "date: 2024-02-01")})
    result = run(root)
    assert result.code == 0, result.err
    assert_problem(result.err, "content/news/2024-02-30-kelas-baru.md", '"2024-02-30"',
                   "bukan tanggal", severity="peringatan")
    assert (root / "output/berita/2024-02-30-kelas-baru/index.html").is_file()


def test_a_title_in_curly_quotes_is_a_warning_with_the_line_to_write(root: Path):
    """A phone or Word writes the quotes meant to mark the text as curly ones, which YAML
    keeps: the headline would show them everywhere. Quotes inside a title stay silent."""
    write_files(root, {NEWS: news("title: \u201cKelas Literasi Digital\u201d",
                                  "date: 2024-01-05"),
                       "content/news/2024-01-06-resensi.md": news(
                           "title: Resensi \u201cLaskar Pelangi\u201d", "date: 2024-01-06")})
    result = run(root)
    assert result.code == 0, result.err
    assert_problem(result.err, f"{NEWS}:2", "diapit tanda kutip miring",
                   "title: Kelas Literasi Digital", severity="peringatan")
    assert "2024-01-06-resensi.md" not in result.err, result.err


def test_a_class_place_in_curly_quotes_is_a_warning_too(root: Path):
    """Curly quotes around a program's place or registration show on its page and in the
    message residents share: the same warning as a title's."""
    (root / SCHEDULE).write_text(schedule_with(
        "    weekly:", "    location: \u201cAula Utama\u201d\n    weekly:"), encoding="utf-8")
    result = run(root)
    assert result.code == 0, result.err
    assert_problem(result.err, f"{SCHEDULE}:4", 'nilai kolom "location" diapit tanda kutip miring',
                   "location: Aula Utama", severity="peringatan")


def test_an_award_saved_among_the_news_is_one_warning_to_move_it(root: Path):
    write_files(root, {NEWS: news("title: Juara Lomba", "date: 2024-01-05", AWARD_NAME,
                                  AWARD_GIVER, AWARD_RECIPIENT)})
    result = run(root)
    assert result.code == 0, result.err
    assert_problem(result.err, f"{NEWS}:4", "kolom award, giver, recipient milik pengumuman "
                   "penghargaan", "pindahkan berkasnya ke content/awards/", severity="peringatan")
    assert "tidak dikenal" not in result.err, result.err


def test_a_date_copied_with_look_alike_characters_is_read_as_it_looks(root: Path):
    """Word's no-break hyphen ("2024\u20111\u20115"), a no-break space or a mark unseen in a
    copied date: the error showed a date that looked right. It is read as it looks."""
    write_files(root, {NEWS: news("title: Kelas", "date: 2024\u201101\u201105\u00a010:00\u200b")})
    result = run(root)
    assert result.code == 0, result.err
    assert 'datetime="2024-01-05T10:00:00+07:00"' in read(root, "output/berita/kelas/index.html")


def test_a_news_item_saved_among_the_awards_is_one_error_to_move_it(root: Path):
    """Three "award/giver/recipient wajib ada" did not say the file is news in the wrong
    folder; one error at its title does. A file with an award field stays an award."""
    result = fails_cleanly(root, {AWARD: news("title: Lomba Mewarnai", "date: 2024-01-10",
                                              "tags: [Lomba]")})
    assert_problem(result.err, f"{AWARD}:2", "tampaknya berita biasa yang tersimpan di "
                   "content/awards/", "pindahkan ke content/news/")
    assert "wajib ada" not in result.err, result.err


def test_file_name_starting_with_the_day_first_is_a_warning_with_the_name(root: Path):
    """"01-12-2024-lomba.md": the date as it is said, which is no date prefix (year first):
    it stays in the address. A warning gives the name to write."""
    write_files(root, {"content/news/5-1-2024-kelas-baru.md": news(
        "title: Kelas Baru", "date: 2024-01-05")})
    result = run(root)
    assert result.code == 0, result.err
    assert_problem(result.err, "content/news/5-1-2024-kelas-baru.md", 'tanggal "5-1-2024"',
                   "hari di depan", "tulis tahun-bulan-tanggal: 2024-01-05-kelas-baru",
                   severity="peringatan")


def test_weekly_written_as_one_day_is_one_error(root: Path):
    text = schedule_with("""weekly:
      - day: Selasa
        start: 15:00
        end: 17:00
""", "weekly: Selasa\n")
    result = fails_cleanly(root, {SCHEDULE: text})
    errors = problem_lines(result.err)
    assert len(errors) == 1, result.err
    assert errors[0].startswith(f"{SCHEDULE}:4: kesalahan: ")
    assert 'kolom "weekly" harus berupa daftar' in errors[0]


def test_except_item_written_as_a_mapping(root: Path):
    text = schedule_with("period: {from: 2024-01-09, until: 2024-06-25}\n",
                         "period: {from: 2024-01-09, until: 2024-06-25}\n"
                         "    except:\n      - tanggal: 2024-04-09\n")
    result = fails_cleanly(root, {SCHEDULE: text})
    assert_problem(result.err, f"{SCHEDULE}:10", 'kolom "date" wajib ada',
                   '"tanggal" di baris ini mungkin maksudnya "date": ganti "tanggal:" menjadi '
                   '"date:"')
    assert "tidak dikenal" not in result.err   # one message for one mistake


def test_except_item_that_is_a_list(root: Path):
    text = schedule_with("period: {from: 2024-01-09, until: 2024-06-25}\n",
                         "period: {from: 2024-01-09, until: 2024-06-25}\n"
                         "    except:\n      - [2024-04-09]\n")
    result = fails_cleanly(root, {SCHEDULE: text})
    line = assert_problem(result.err, f"{SCHEDULE}:10", 'isi kolom "except" harus berupa tanggal')
    assert "[" not in line   # no Python repr of the list


def test_a_program_whose_dash_was_lost_is_one_error_at_its_first_line(root: Path):
    """A copied program without its "- " merges into the one above: every field is then
    written twice. One error says so where the lost program starts, and a news item
    naming the lost program is not also told that there is no such program."""
    text = dedent(VALID_SCHEDULE) + (
        "    id: yoga\n"                 # line 9: "  - " lost
        "    title: Kelas Yoga\n"
        "    sessions:\n"
        "      - {date: 2024-02-17, start: 06:30, end: 08:00}\n")
    result = fails_cleanly(root, {
        SCHEDULE: text, NEWS: news("title: Yoga Pagi", "date: 2024-01-05", "program: yoga")})
    errors = problem_lines(result.err)
    assert len(errors) == 1, result.err
    assert errors[0].startswith(f"{SCHEDULE}:9: kesalahan: ")
    assert 'kolom "id" ditulis dua kali' in errors[0] and "baris 2" in errors[0]
    assert 'tulis "- id: ..."' in errors[0]


def test_a_period_holding_none_of_the_class_days_is_a_warning(root: Path):
    """A period of one Wednesday for a Tuesday class gives the class no session at all:
    said at the period's line, with the days that were looked for."""
    write_files(root, {SCHEDULE: schedule_with(
        "period: {from: 2024-01-09, until: 2024-06-25}",
        "period: {from: 2024-01-10, until: 2024-01-10}")})
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{SCHEDULE}:8", '"period"', "Selasa", "tidak punya sesi",
                   severity="peringatan")


def test_a_session_more_than_a_year_ahead_is_a_warning(root: Path):
    """2062 for 2026: the session would be listed decades ahead, without a word."""
    text = dedent(VALID_SCHEDULE) + (
        "  - id: yoga\n    title: Kelas Yoga\n    sessions:\n"
        "      - {date: 2062-02-17, start: 06:30, end: 08:00}\n")
    write_files(root, {SCHEDULE: text})
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{SCHEDULE}:12", "17 Februari 2062", "lebih dari setahun lagi",
                   severity="peringatan")


def test_a_room_written_for_one_day_of_a_weekly_class_says_where_rooms_go(root: Path):
    text = schedule_with("      - day: Selasa\n", "      - day: Selasa\n        location: Aula\n")
    write_files(root, {SCHEDULE: text})
    result = run(root)
    assert result.code == 0, result.err
    assert_problem(result.err, f"{SCHEDULE}:6", "tempat kelas mingguan ditulis sekali",
                   "location: Ruang Pelatihan (Selasa), Aula (Kamis)", severity="peringatan")
    assert "tidak dikenal" not in result.err


def test_a_program_title_in_capitals_is_a_warning(root: Path):
    write_files(root, {SCHEDULE: schedule_with("title: Pelatihan Bahasa Inggris",
                                               "title: PELATIHAN BAHASA INGGRIS")})
    result = run(root)
    assert result.code == 0, result.err
    assert_problem(result.err, f"{SCHEDULE}:3", "huruf kapital semua",
                   'misalnya "Pelatihan Bahasa Inggris"', severity="peringatan")


def test_schedule_without_programs_key(root: Path):
    result = fails_cleanly(root, {SCHEDULE: "program:\n  - id: yoga\n    title: Yoga\n"})
    assert_problem(result.err, f"{SCHEDULE}:1", 'kolom "programs" wajib ada',
                   'ganti "program:" menjadi "programs:"')


def test_award_linking_to_a_news_item_with_errors_reports_only_the_news_item(root: Path):
    result = fails_cleanly(root, {
        NEWS: news("title: Kelas: Baru", "date: 2024-01-05"),
        AWARD: award(AWARD_DATE, AWARD_NAME, AWARD_GIVER, AWARD_RECIPIENT, "news: kelas"),
    })
    errors = problem_lines(result.err)
    assert len(errors) == 1, result.err
    assert errors[0].startswith(f"{NEWS}:2: kesalahan: YAML tidak bisa dibaca")


def test_static_symlink_pointing_outside_content_is_an_error(root: Path, tmp_path: Path):
    secret = tmp_path / "rahasia.txt"
    secret.write_text("kata sandi")
    link = root / "content/static/rahasia.txt"
    link.parent.mkdir(parents=True, exist_ok=True)
    first = run(root)
    assert first.code == 0
    link.symlink_to(secret)
    failed = run(root)
    assert failed.code == 1
    assert_problem(failed.err, "content/static/rahasia.txt", "symlink")
    assert not (root / "output/rahasia.txt").exists()


def test_a_field_named_in_indonesian_is_told_its_name(root: Path):
    result = fails_cleanly(root, {NEWS: news("judul: Kelas Literasi Digital", "tanggal: 2024-01-05",
                                             "ringkasan: Kelas baru.")})
    # A required field written in Indonesian: one error at its line, naming the name.
    for line, written, meant in ((2, "judul", "title"), (3, "tanggal", "date")):
        assert_problem(result.err, f"{NEWS}:{line}", f'kolom "{meant}" wajib ada',
                       f'ganti "{written}:" menjadi "{meant}:"')
    # An optional one: a warning.
    assert_problem(result.err, f"{NEWS}:4", 'kolom "ringkasan" tidak dikenal',
                   'mungkin maksudnya "summary"?', severity="peringatan")
    assert result.err.count("tidak dikenal") == 1


def test_an_indonesian_field_name_is_told_its_field_before_one_spelt_alike(root: Path):
    """"sumber" was told "summary" (spelt alike): followed, the source became the summary
    shown in every list and link preview. A word is told the field of its section: an
    award's "kategori" is its `award`, a program's its `category`; a word for a field
    read elsewhere only (an award's "acara" in a news item) is told none."""
    write_files(root, {
        NEWS: news("title: Kelas", "date: 2024-01-05", "sumber: Humas Pemkab",
                   "acara: Pekan Literasi"),
        AWARD: award(AWARD_DATE, AWARD_NAME, AWARD_GIVER, AWARD_RECIPIENT,
                     "acara: Peer Learning Meeting Nasional", "jenis_penerima: perorangan"),
        SCHEDULE: dedent(VALID_SCHEDULE) + "    kategori: Bahasa\n"})
    result = run(root)
    assert result.code == 0, result.err
    for where, written, meant in ((f"{NEWS}:4", "sumber", "source"),
                                  (f"{AWARD}:6", "acara", "event"),
                                  (f"{AWARD}:7", "jenis_penerima", "recipient_type"),
                                  (f"{SCHEDULE}:9", "kategori", "category")):
        assert_problem(result.err, where, f'kolom "{written}" tidak dikenal',
                       f'mungkin maksudnya "{meant}"?', severity="peringatan")
    line = assert_problem(result.err, f"{NEWS}:5", 'kolom "acara" tidak dikenal',
                          severity="peringatan")
    assert "mungkin" not in line
    failed = fails_cleanly(root, {AWARD: award(AWARD_DATE, "kategori: Inovasi Layanan Digital",
                                               AWARD_GIVER, AWARD_RECIPIENT)})
    assert_problem(failed.err, f"{AWARD}:3", 'kolom "award" wajib ada',
                   'ganti "kategori:" menjadi "award:"')


def test_a_page_in_a_year_folder_is_an_error_to_move_it_out_of_it(root: Path):
    """Staff copy news' year folders: a page in pages/2026/ was left out with a warning
    whose fix (index.md) published it at /2026/. Moved as told, it is in the menu."""
    page = "---\ntitle: Layanan Difabel\nmenu_order: 4\n---\nKursi roda tersedia.\n"
    result = fails_cleanly(root, {"content/pages/2026/layanan-difabel.md": page})
    assert_problem(result.err, "content/pages/2026/layanan-difabel.md:1",
                   "halaman tetap tidak dikelompokkan per tahun", "tidak tampil di menu",
                   "pindahkan berkas ini ke content/pages/layanan-difabel.md")
    assert "index.md" not in result.err
    (root / "content/pages/2026/layanan-difabel.md").rename(
        root / "content/pages/layanan-difabel.md")
    moved = run(root)
    assert moved.code == 0, moved.err
    assert 'href="/layanan-difabel/"' in read(root, "output/index.html")
    # the folder left empty (which git would not keep) is told to be deleted
    assert_problem(moved.err, "content/pages/2026", "folder ini kosong", "hapus folder ini",
                   severity="peringatan")


def test_a_news_item_saved_in_static_is_an_error_naming_its_folder(root: Path):
    """A file of static/ is published as it is: a news item uploaded there was not
    published as news, and its whole text, fields and all, was public. A Markdown file
    without fields there stays a file published as it is."""
    item = "---\ntitle: Lomba Mewarnai\ndate: 2024-01-20\n---\nLomba untuk anak.\n"
    result = fails_cleanly(root, {
        "content/static/2024-01-20-lomba.md": item,
        "content/static/unggah/2024-01-12-teladan.md": award(
            AWARD_DATE, "award: Pustakawan Teladan", AWARD_GIVER, AWARD_RECIPIENT),
        "content/static/catatan.md": "# Catatan\n\nBerkas ini diunduh apa adanya.\n"})
    assert_problem(result.err, "content/static/2024-01-20-lomba.md:1",
                   "tidak terbit sebagai berita", "bisa dibuka siapa pun sebagai teks mentah",
                   "pindahkan berkasnya ke content/news/2024-01-20-lomba.md")
    assert_problem(result.err, "content/static/unggah/2024-01-12-teladan.md:1",
                   "tidak terbit sebagai pengumuman penghargaan",
                   "pindahkan berkasnya ke content/awards/2024-01-12-teladan.md")
    assert "catatan.md" not in result.err
    for old, new in (("static/2024-01-20-lomba.md", "news/2024-01-20-lomba.md"),
                     ("static/unggah/2024-01-12-teladan.md", "awards/2024-01-12-teladan.md")):
        (root / "content" / old).rename(root / "content" / new)
    moved = run(root)
    assert moved.code == 0 and moved.err == "", moved.err
    assert "Lomba untuk anak." in read(root, "output/berita/lomba/index.html")
    assert "Pustakawan Teladan" in read(root, "output/penghargaan/teladan/index.html")
    assert (root / "output/catatan.md").is_file()
    assert not (root / "output/2024-01-20-lomba.md").exists()
