"""A link to a file the site publishes (a PDF beside a news item, a form in static/) says
the file's kind and size inside the link: "brosur (PDF, 7,6 MB)" (filelinks.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import pytest

from conftest import image_bytes, make_site, read, run, snapshot, vnu_errors
from site_builder.filelinks import file_note, size_text

BUNDLE = "content/news/2026-11-20-formulir-lomba"
PAGE = "output/berita/formulir-lomba/index.html"


def _pdf(size: int) -> bytes:
    return b"%PDF-1.4\n" + bytes(size - 9)


def _files(pdf_size: int = 7_600_000) -> dict[str, str | bytes]:
    return {
        f"{BUNDLE}/index.md": """\
            ---
            title: Formulir Lomba Resensi
            date: 2026-11-20 08:00
            ---
            Unduh [brosur lomba](brosur.pdf), isi [formulir](/unduhan/formulir.docx),
            atau [brosur dalam PDF](brosur.pdf). Tonton [video](/unduhan/cara%20daftar.mp4).

            Lihat [jadwal](/jadwal/), [situs Perpusnas](https://perpusnas.go.id/a.pdf),
            [foto kegiatan](foto.jpg), dan [![Poster](poster.gif)](poster.gif).
            """,
        f"{BUNDLE}/brosur.pdf": _pdf(pdf_size),
        f"{BUNDLE}/foto.jpg": image_bytes(800, 600),
        f"{BUNDLE}/poster.gif": b"GIF89a" + bytes(2000),
        "content/static/unduhan/formulir.docx": bytes(45_000),
        "content/static/unduhan/cara daftar.mp4": bytes(30_400_000),
    }


def _prose(root) -> str:
    page = read(root, PAGE)
    return page.split('<div class="prose">', 1)[1].split("</div>", 1)[0]


def test_links_to_published_files_say_kind_and_size(tmp_path):
    root = make_site(tmp_path, _files())
    assert run(root, "build").code == 0
    prose = _prose(root)
    nbsp = "\u00a0"
    assert (f'<a href="brosur.pdf">brosur lomba <span class="file-info">(PDF, 7,6{nbsp}MB)'
            "</span></a>") in prose
    assert (f'<a href="/unduhan/formulir.docx">formulir <span class="file-info">'
            f"(DOCX, 45{nbsp}KB)</span></a>") in prose
    # The link's text names the kind already: the size alone.
    assert (f'<a href="brosur.pdf">brosur dalam PDF <span class="file-info">(7,6{nbsp}MB)'
            "</span></a>") in prose
    assert f"video <span class=\"file-info\">(MP4, 30{nbsp}MB)</span></a>" in prose
    # Pages, other sites, processed photos and links holding only an image: as written.
    assert '<a href="/jadwal/">jadwal</a>' in prose
    assert '<a href="https://perpusnas.go.id/a.pdf">situs Perpusnas</a>' in prose
    assert '<a href="foto.jpg">foto kegiatan</a>' in prose
    assert re.search(r'<a href="poster\.gif"><img [^>]*></a>', prose)
    assert prose.count("file-info") == 4
    assert vnu_errors(root / "output") == []


def test_a_file_replaced_by_a_larger_one_renders_its_pages_again(tmp_path):
    root = make_site(tmp_path, _files())
    assert run(root, "build").code == 0
    (root / BUNDLE / "brosur.pdf").write_bytes(_pdf(12_300_000))
    rebuilt = run(root, "build")
    assert rebuilt.code == 0, rebuilt.err
    assert "(PDF, 12\u00a0MB)" in _prose(root) and "7,6" not in _prose(root)
    fresh = make_site(tmp_path / "fresh", _files(12_300_000))
    assert run(fresh, "build", "--no-cache").code == 0
    assert snapshot(root / "output") == snapshot(fresh / "output")


def test_a_body_without_links_to_files_is_left_as_it_is(tmp_path):
    files = _files()
    files[f"{BUNDLE}/index.md"] = files[f"{BUNDLE}/index.md"].replace(
        "brosur.pdf", "/jadwal/").replace("/unduhan/", "https://example.net/")
    root = make_site(tmp_path, files)
    assert run(root, "build").code == 0
    assert "file-info" not in read(root, PAGE)


@pytest.mark.parametrize("size, text", [
    (1, "1\u00a0KB"), (45_000, "45\u00a0KB"), (999_400, "999\u00a0KB"),
    (999_600, "1,0\u00a0MB"), (7_640_000, "7,6\u00a0MB"), (9_960_000, "10\u00a0MB"),
    (30_400_000, "30\u00a0MB"), (1_260_000_000, "1,3\u00a0GB"),
])
def test_sizes_are_counted_as_phones_count_data(size, text):
    assert size_text(size) == text


def test_the_kind_is_left_out_when_the_link_names_it():
    assert file_note("a/brosur.pdf", 2_000, "Brosur") == "(PDF, 2\u00a0KB)"
    assert file_note("a/brosur.pdf", 2_000, "Brosur (pdf)") == "(2\u00a0KB)"
    assert file_note("a/pdfs.zip", 2_000, "arsip pdfs") == "(ZIP, 2\u00a0KB)"
    assert file_note("a/README", 2_000, "catatan") == "(2\u00a0KB)"


def test_the_note_is_part_of_the_link_for_a_screen_reader(tmp_path, browser):
    from browser import serve

    root = make_site(tmp_path, _files())
    assert run(root, "build").code == 0
    with serve(root / "output") as base:
        page = browser.new_page()
        try:
            page.goto(base + "berita/formulir-lomba/")
            main = page.get_by_role("main")
            assert main.get_by_role("link", name="brosur lomba (PDF, 7,6 MB)",
                                    exact=True).count() == 1
            assert main.get_by_role("link", name="formulir (DOCX, 45 KB)",
                                    exact=True).count() == 1
        finally:
            page.close()


def test_a_program_description_links_a_form_with_its_size(tmp_path):
    schedule = """\
        programs:
          - id: menulis
            title: Kelas Menulis
            description: |
              Isi [formulir pendaftaran](/unduhan/daftar.pdf) lalu bawa ke meja layanan.
            sessions:
              - date: 2026-12-02
                start: 09:00
                end: 11:00
        """
    root = make_site(tmp_path, {"content/schedule.yaml": schedule,
                                "content/static/unduhan/daftar.pdf": _pdf(180_000)})
    assert run(root, "build").code == 0
    program = "output/jadwal/menulis/index.html"
    assert ('<a href="/unduhan/daftar.pdf">formulir pendaftaran <span class="file-info">'
            "(PDF, 180\u00a0KB)</span></a>") in read(root, program)
    (root / "content/static/unduhan/daftar.pdf").write_bytes(_pdf(2_400_000))
    assert run(root, "build").code == 0
    assert "(PDF, 2,4\u00a0MB)" in read(root, program)


def test_under_a_sub_path_and_with_odd_names_the_right_file_is_measured(tmp_path):
    """Root-relative links get the site's base path (markdown.py); names with &, spaces
    or quotes, a query or a fragment still name their file."""
    root = make_site(tmp_path, {
        "content/site.yaml": "title: Uji\nbase_url: https://example.org/perpus/\n",
        f"{BUNDLE}/index.md": """\
            ---
            title: Formulir
            date: 2026-11-20
            ---
            [satu](a&b.pdf) [dua](/berita/formulir-lomba/a&b.pdf)
            [tiga](ruang%20kelas.docx#hal-2) [empat](./q%22t.pdf?v=2 "judul > aneh")
            """,
        f"{BUNDLE}/a&b.pdf": bytes(5_000),
        f"{BUNDLE}/ruang kelas.docx": bytes(8_000),
        f"{BUNDLE}/q\"t.pdf": bytes(7_000),
    })
    assert run(root, "build").code == 0
    notes = re.findall(r'<a href="([^"]+)"[^>]*>(\w+) <span class="file-info">\(([^)]*)\)'
                       r"</span></a>", _prose(root))
    assert notes == [("a&amp;b.pdf", "satu", "PDF, 5\u00a0KB"),
                     ("/perpus/berita/formulir-lomba/a&amp;b.pdf", "dua", "PDF, 5\u00a0KB"),
                     ("ruang%20kelas.docx#hal-2", "tiga", "DOCX, 8\u00a0KB"),
                     ("./q%22t.pdf?v=2", "empat", "PDF, 7\u00a0KB")]


def test_the_feed_says_kind_and_size_too(tmp_path):
    """A feed reader shows the same note as the page, with the link made absolute."""
    root = make_site(tmp_path, _files())
    assert run(root, "build").code == 0
    feed = etree.fromstring((root / "output" / "feed.xml").read_bytes())
    content = feed.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content")
    nbsp = "\u00a0"
    assert (f'<a href="https://example.org/{PAGE.removeprefix("output/").removesuffix("index.html")}'
            f'brosur.pdf">brosur lomba <span class="file-info">(PDF, 7,6{nbsp}MB)</span></a>'
            ) in content.text
    assert content.text.count("file-info") == 4
