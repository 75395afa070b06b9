"""`notices` in site.yaml: a short announcement at the top of every page for a set of days
("Perpustakaan tutup 25 Desember"), on from its `from` day to its `until` day, gone by
itself the day after, whatever else changed."""

from __future__ import annotations

import html
import re

from conftest import SITE_YAML, fails_cleanly, make_site, read, run, snapshot
from test_build import warnings_of
from test_theme import structure

CLOSED = """\
notices:
  - text: "Perpustakaan tutup pada Jumat, 25 Desember 2026 (Hari Natal)."
    from: 2026-12-20
    until: 2026-12-25
    link: /berita/jam-layanan-libur-natal/
  - text: Katalog online <sedang> diperbaiki & belum bisa dipakai.
    until: 2026-12-31
"""
NEWS = {
    "content/news/2026-12-18-jam-layanan-libur-natal.md":
        "---\ntitle: Jam Layanan Libur Natal\ndate: 2026-12-18\n---\nJam layanan berubah.\n",
}
PAGES = ["index.html", "berita/index.html", "berita/jam-layanan-libur-natal/index.html",
         "jadwal/index.html", "cari/index.html", "404.html"]


def notice_site(tmp_path, notices: str = CLOSED, extra: dict | None = None):
    return make_site(tmp_path, {"content/site.yaml": SITE_YAML + notices, **NEWS,
                                **(extra or {})})


def notices_of(page: str) -> list[str]:
    """The texts of the notices at the top of a page's main content."""
    main = page.split('<main id="isi"', 1)[1]
    box = re.match(r'[^>]*>\s*<aside class="notices" aria-label="Pengumuman">(.*?)</aside>',
                   main, re.S)
    if not box:
        return []
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip())
            for text in re.findall(r"<p class=\"notice\"[^>]*>(.*?)</p>", box[1], re.S)]


def test_a_notice_is_at_the_top_of_every_page_in_its_days(tmp_path):
    root = notice_site(tmp_path)
    result = run(root, now="2026-12-21T09:00")
    assert result.code == 0, result.err
    for path in PAGES:
        assert notices_of(read(root, "output/" + path)) == [
            "Perpustakaan tutup pada Jumat, 25 Desember 2026 (Hari Natal). Selengkapnya",
            "Katalog online <sedang> diperbaiki & belum bisa dipakai."], path
    home = read(root, "output/index.html")
    # text, never markup; its link under the site's base path
    assert "Katalog online &lt;sedang&gt; diperbaiki &amp; belum" in home
    link = structure(home).first("a", href="/berita/jam-layanan-libur-natal/")
    assert link is not None


def test_before_its_first_day_and_after_its_last_a_notice_is_not_shown(tmp_path):
    root = notice_site(tmp_path)
    assert run(root, now="2026-12-19T23:59").code == 0
    assert notices_of(read(root, "output/index.html")) == [
        "Katalog online <sedang> diperbaiki & belum bisa dipakai."]
    assert run(root, now="2026-12-25T23:59").code == 0
    assert len(notices_of(read(root, "output/index.html"))) == 2
    assert run(root, now="2026-12-26T00:00").code == 0
    assert len(notices_of(read(root, "output/index.html"))) == 1


def test_a_notice_goes_from_every_page_by_itself_the_day_after_its_last(tmp_path):
    """No file changed between the builds: only the day did. Every page was kept by the
    build cache before; each must be rendered again without the notice."""
    root = notice_site(tmp_path)
    assert run(root, now="2026-12-31T20:00").code == 0
    assert all(len(notices_of(read(root, "output/" + path))) == 1 for path in PAGES)
    assert run(root, now="2027-01-01T07:00").code == 0
    for path in PAGES:
        assert notices_of(read(root, "output/" + path)) == [], path
        assert 'class="notices"' not in read(root, "output/" + path)


def test_a_notice_that_is_over_is_a_warning_to_remove_it(tmp_path):
    root = notice_site(tmp_path)
    result = run(root, now="2027-01-05T09:00")
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if ": peringatan: " in line]
    assert len(warnings) == 2
    assert "content/site.yaml:4: peringatan:" in warnings[0]
    assert "berakhir 25 Desember 2026" in warnings[0] and "hapus" in warnings[0]
    assert "content/site.yaml:8: peringatan:" in warnings[1]


def test_mistakes_in_notices_are_errors_at_their_lines(tmp_path):
    root = notice_site(tmp_path)
    failed = fails_cleanly(root, {"content/site.yaml": SITE_YAML + """\
notices:
  - text: Tutup sementara.
  - until: 2026-12-25
  - text: Tutup.
    from: 2026-12-25
    until: 2026-12-20
  - text: Lihat pengumuman.
    until: 2026-12-25
    link: berita/jam-layanan/
  - text: Jam buka berubah.
    until: 25 Desember 2026
"""})
    err = failed.err
    assert re.search(r'site\.yaml:4: kesalahan: kolom "until" wajib ada', err)
    assert re.search(r'site\.yaml:5: kesalahan: kolom "text" wajib ada', err)
    assert re.search(r'site\.yaml:8: kesalahan: "until" \(2026-12-20\) tidak boleh sebelum '
                     r'"from" \(2026-12-25\)', err)
    assert re.search(r'site\.yaml:11: kesalahan: kolom "link": "berita/jam-layanan/" harus '
                     r'diawali "/"', err)
    assert re.search(r'site\.yaml:13: kesalahan: kolom "until": "25 Desember 2026"', err)
    assert "mungkin maksudnya 2026-12-25" in err


def test_without_notices_pages_have_no_box(tmp_path):
    root = make_site(tmp_path, NEWS)
    assert warnings_of(root) == []
    assert 'class="notices"' not in read(root, "output/index.html")


def test_editing_a_notice_renders_every_page_again(tmp_path):
    root = notice_site(tmp_path)
    assert run(root, now="2026-12-21T09:00").code == 0
    before = snapshot(root / "output")
    (root / "content/site.yaml").write_text(
        SITE_YAML + CLOSED.replace("belum bisa dipakai", "bisa dipakai lagi besok"),
        encoding="utf-8")
    assert run(root, now="2026-12-21T09:00").code == 0
    after = snapshot(root / "output")
    for path in PAGES:
        assert before[path] != after[path], path
        assert "bisa dipakai lagi besok" in after[path].decode()
