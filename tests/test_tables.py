"""Wide things in bodies on a phone: a table wider than the screen scrolls sideways in a
box of its own, which the keyboard reaches and scrolls, while the page itself never
does; the table keeps its semantics (display: table) for screen readers. Preformatted
text (a poem, an indented block) keeps its line breaks and wraps its long lines."""

from __future__ import annotations

import contextlib
from typing import Iterator

from browser import chromium, serve_like_a_host
from conftest import make_site, read, run
from test_accessibility import axe_violations, describe_violations

BOX = '<div class="table-scroll" role="region" tabindex="0" aria-label="{}">'
COLUMNS = ["Kecamatan", "Perpustakaan desa", "Pengunjung Januari", "Pengunjung Februari",
           "Pengunjung Maret", "Buku dipinjam", "Kegiatan literasi", "Relawan pendamping"]
WIDE = "\n".join([
    "| " + " | ".join(COLUMNS) + " |",
    "| " + " | ".join("---" for _ in COLUMNS) + " |",
    *("| " + " | ".join(f"Kedungwaru {row}-{column}" for column in range(len(COLUMNS))) + " |"
      for row in range(4)),
])


def _site(tmp_path, body: str):
    return make_site(tmp_path, {"content/news/2026-11-20-rekap.md": (
        "---\ntitle: Rekap Kunjungan Perpustakaan Desa\ndate: 2026-11-20\n"
        f"summary: Jumlah pengunjung perpustakaan desa per kecamatan.\n---\n{body}\n")})


@contextlib.contextmanager
def _open_on_a_phone(root, path: str) -> Iterator:
    """The page at `path` of the site at `root`, built, served like a host and open in
    Chromium at phone size (390 px), which it must never scroll sideways."""
    web = root.parent / "web"
    with serve_like_a_host(web) as host:
        assert run(root, "build", "--output", str(web), "--base-url", host).code == 0
        with chromium() as context:
            page = context.new_page()
            page.goto(host + path, wait_until="load")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            yield page


@contextlib.contextmanager
def _on_a_phone(tmp_path, body: str) -> Iterator:
    """The news page of `body`, open on a phone (_open_on_a_phone)."""
    with _open_on_a_phone(_site(tmp_path, body), "berita/rekap/") as page:
        yield page


def test_every_table_is_in_a_named_box_that_scrolls(tmp_path):
    """The box is named by the table's column headings (a screen reader says the name
    when it enters the box), "Tabel" alone for a table without any."""
    root = _site(tmp_path, "Rekap:\n\n" + WIDE + "\n\nDan satu lagi:\n\n"
                 '<table onclick="alert(1)"><tr><td>mentah</td></tr></table>\n\n'
                 '| Juara | Nama "Budi" & Ani |\n| --- | --- |\n| 1 | Budi |\n')
    assert run(root).code == 0
    page = read(root, "output/berita/rekap/index.html")
    named = "Tabel: Kecamatan, Perpustakaan desa, Pengunjung Januari, dan 5 kolom lain"
    assert page.count(BOX.format(named) + "<table>") == 1
    assert page.count(BOX.format("Tabel") + "<table>") == 1
    assert page.count(BOX.format("Tabel: Juara dan Nama &quot;Budi&quot; &amp; Ani")
                      + "<table>") == 1
    assert page.count("</table></div>") == 3
    assert "onclick" not in page and "alert(1)" not in page


def test_a_wide_table_scrolls_in_its_box_by_keyboard_not_the_page(tmp_path):
    with _on_a_phone(tmp_path, "Rekap kunjungan:\n\n" + WIDE + "\n\nSelesai.") as page:
        box = page.locator(".table-scroll")
        assert box.evaluate("box => box.scrollWidth > box.clientWidth + 100")
        assert box.evaluate("box => getComputedStyle(box.querySelector('table')).display"
                            ) == "table"
        for _ in range(40):   # the skip link, the menu, the catalog form ... then the box
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('table-scroll')"):
                break
        else:
            raise AssertionError("Tab never reached the table's box")
        page.keyboard.press("ArrowRight")
        for _ in range(50):   # polled here: wait_for_function evaluates a string, which
            if box.evaluate("box => box.scrollLeft") > 0:   # the site's CSP forbids
                break
            page.wait_for_timeout(100)
        else:
            raise AssertionError("ArrowRight did not scroll the table's box")
        violations = axe_violations(page)
        assert violations == [], describe_violations("a wide table", violations)


def _edge_darkness(box, side: str) -> int:
    """How much darker than the page the box's own background is at its edge at `side`
    (0: the page's colour), the table in it hidden but keeping its place."""
    import io
    from PIL import Image
    box.evaluate("box => box.querySelector('table').style.visibility = 'hidden'")
    shot = Image.open(io.BytesIO(box.screenshot())).convert("L")
    box.evaluate("box => box.querySelector('table').style.visibility = ''")
    middle = shot.width // 2   # the page's colour: no shadow reaches the middle
    y = shot.height // 2
    edge = 1 if side == "left" else shot.width - 2
    return shot.getpixel((middle, y)) - shot.getpixel((edge, y))


def test_a_wide_table_shows_a_shadow_where_more_of_it_lies_beyond_the_edge(tmp_path):
    """On a phone nothing says a cut table goes on: a shadow at the right edge does until
    its end is reached, then at the left edge."""
    with _on_a_phone(tmp_path, "Rekap kunjungan:\n\n" + WIDE + "\n\nSelesai.") as page:
        box = page.locator(".table-scroll")
        assert _edge_darkness(box, "right") > 15 and _edge_darkness(box, "left") < 5
        box.evaluate("box => box.scrollLeft = box.scrollWidth")
        page.wait_for_timeout(100)
        assert _edge_darkness(box, "right") < 5 and _edge_darkness(box, "left") > 15


POEM = ("Aku ingin mencintaimu dengan sederhana, dengan kata yang tak sempat diucapkan "
        "kayu kepada api yang menjadikannya abu")


def test_a_long_preformatted_line_wraps_instead_of_widening_the_page(tmp_path):
    body = ("Puisi pemenang:\n\n```\n" + POEM + "\nbaris kedua\n```\n\n"
            "Alamat berkas: `content/news/" + "sangat-panjang-" * 8 + "sekali.md`")
    with _on_a_phone(tmp_path, body) as page:
        block = page.locator(".prose pre")
        assert block.evaluate("pre => pre.scrollWidth <= pre.clientWidth")
        lines = block.evaluate("pre => pre.getClientRects().length && "
                               "Math.round(pre.getBoundingClientRect().height / "
                               "parseFloat(getComputedStyle(pre).lineHeight))")
        assert lines >= 3   # the long line wraps; the line break before "baris" stays
        assert block.inner_text().splitlines()[1] == "baris kedua"


def test_a_telephone_number_moves_whole_to_the_next_line(tmp_path):
    """A number at a line's end is not cut in two (one line of its rectangle), in 30
    paragraphs that put it at every place of a line."""
    body = "\n\n".join(f"Info {'a' * k} lewat WhatsApp 0812-3456-7890 atau (0291) 591 000."
                       for k in range(30))
    with _on_a_phone(tmp_path, body) as page:
        heights = page.evaluate("""() => [...document.querySelectorAll(
                '.prose a[href^="tel:"], .prose a[href^="https://wa.me/"]')].map(a =>
            a.getBoundingClientRect().height / parseFloat(getComputedStyle(a).lineHeight))""")
        assert len(heights) == 60 and max(heights) < 1.5, heights


def test_a_long_address_in_a_programs_facts_wraps_instead_of_widening_the_page(tmp_path):
    """A registration form's address in the facts of a class (a grid: the name, then the
    value) wrapped nowhere and pushed the page 80 px wider than a 390 px phone."""
    root = make_site(tmp_path, {"content/schedule.yaml": (
        "programs:\n  - id: merajut\n    title: Pelatihan Merajut\n"
        '    registration: "Isi formulir: https://docs.google.com/forms/d/e/'
        '1FAIpQLSfD8xYz0123456789abcdefghijklmnop/viewform. Atau WhatsApp 0812-0000-0000"\n'
        "    sessions:\n      - {date: 2026-12-04, start: 13.30, end: 15.30}\n")})
    with _open_on_a_phone(root, "jadwal/merajut/") as page:
        assert page.locator('.facts a[href^="https://docs.google.com/"]').count() == 1


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": peringatan: " in line]


NEWS = "content/news/2026-11-20-rekap.md"   # its body starts at line 6


def _the_warning(tmp_path, body: str, line: int) -> str:
    """The one warning of a build of the news item `body`, at `line` of its file."""
    result = run(_site(tmp_path, body), "build")
    assert result.code == 0, result.err
    (warning,) = _warnings(result.err)
    assert warning.startswith(f"{NEWS}:{line}: peringatan: ")
    return warning


def test_a_table_without_its_dividing_line_is_a_warning_giving_the_line(tmp_path):
    """Without "| --- | --- |" under the header row, the rows run together into one
    paragraph of "|": a warning at the header row gives the line to add."""
    warning = _the_warning(tmp_path, "Pemenang lomba:\n\n| Juara | Nama | Sekolah |\n"
                                     "| 1 | Ani | SMP 1 |\n| 2 | Budi | SMP 2 |\n\nSelamat!", 8)
    assert "bukan tabel" in warning and "| --- | --- | --- |" in warning


def test_cells_beyond_the_header_row_are_a_warning_at_their_row(tmp_path):
    """A row with more cells than the header row loses the cells beyond it (GFM): said at
    the row, quoting what is lost. Rows with fewer cells are fine."""
    warning = _the_warning(tmp_path, "| Juara | Nama |\n| --- | --- |\n| 1 | Ani | SMP 1 |\n"
                                     "| 2 |\n| 3 | Citra | |", 8)
    assert "3 kolom" in warning and "2 kolom" in warning and '"SMP 1"' in warning
    assert "baris 6" in warning   # the header row, where the column's name goes


def test_pipes_in_code_and_text_are_no_table(tmp_path):
    root = _site(tmp_path, "```\n| a | b |\n| c | d |\n```\n\nPilih A | B.\n")
    result = run(root, "build")
    assert result.code == 0 and _warnings(result.err) == [], result.err
