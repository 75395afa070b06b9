"""`aliases`: the old addresses of a news item, award or page (a renamed file, a fixed
slug, an address of the site before this one), each published as a small page that
sends the reader on at once, as Hugo's and Zola's `aliases` do: links shared on WhatsApp
or printed on a poster keep working after an address changes."""

from __future__ import annotations

import re
import shutil

from browser import chromium, serve_like_a_host
from conftest import (PROJECT, SITE_YAML, fails_cleanly, make_site, read, run, snapshot, vnu_errors,
                      write_files)
from test_build import warnings_of
from test_cache import build


def moved_item(aliases: str, title: str = "Kelas Menulis Dibuka", slug: str = "kelas-menulis",
               date: str = "2026-11-20") -> dict[str, str]:
    return {f"content/news/{date}-{slug}.md": (
        f"---\ntitle: {title}\ndate: {date}\n{aliases}---\nKelas menulis dibuka untuk umum.\n")}


def redirect_target(page: str) -> str:
    """Where a redirect page sends the reader (its meta refresh)."""
    return re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page)[1]


def test_an_old_address_sends_the_reader_to_the_new_one(tmp_path):
    root = make_site(tmp_path, moved_item("aliases: [/berita/kelas-menulis-lama/]\n"))
    assert warnings_of(root) == []
    page = read(root, "output/berita/kelas-menulis-lama/index.html")
    assert redirect_target(page) == "/berita/kelas-menulis/"
    assert '<link rel="canonical" href="https://example.org/berita/kelas-menulis/">' in page
    # no noindex beside the canonical: search engines may apply it to the new page too
    assert 'name="robots"' not in page
    assert '<html lang="id">' in page
    # Without a browser that follows it, the reader still has a link to follow.
    assert '<a href="/berita/kelas-menulis/">Kelas Menulis Dibuka</a>' in page
    # The item's own page is where it was.
    assert "Kelas menulis dibuka untuk umum." in read(root, "output/berita/kelas-menulis/index.html")


def test_a_phone_without_javascript_lands_on_the_new_page(tmp_path):
    """Real Chromium, JavaScript off, on a site published under a sub-path."""
    root = make_site(tmp_path, moved_item(
        "aliases:\n  - /berita/kelas-menulis-lama/\n  - /lama/kelas.html\n"))
    web = tmp_path / "web"
    output = web / "perpustakaan"
    with serve_like_a_host(web, not_found="perpustakaan/404.html") as host:
        base = host + "perpustakaan/"
        built = run(root, "build", "--output", str(output), "--base-url", base)
        assert built.code == 0, built.err
        with chromium(java_script=False) as context:
            page = context.new_page()
            for old in ("berita/kelas-menulis-lama/", "lama/kelas.html"):
                response = page.goto(base + old, wait_until="load")
                page.wait_for_url(base + "berita/kelas-menulis/")
                assert response is not None and response.ok
                assert page.locator("h1").inner_text() == "Kelas Menulis Dibuka"


def test_the_ways_staff_write_an_old_address(tmp_path):
    """As copied from the browser's address bar (with or without the site's address), with
    or without slashes, percent-encoded, one text instead of a list, an old .html file."""
    files = {
        **moved_item("aliases: https://example.org/berita/pertama-lama/\n", slug="pertama"),
        **moved_item("aliases: [berita/kedua-lama, '/arsip/2019/kelas%20menulis/']\n",
                     title="Kedua", slug="kedua"),
        **moved_item("aliases: [/berita/ketiga.html, 'http://EXAMPLE.org/ketiga-lama/']\n",
                     title="Ketiga", slug="ketiga"),
    }
    root = make_site(tmp_path, files)
    assert warnings_of(root) == []
    expected = {"berita/pertama-lama/index.html": "/berita/pertama/",
                "berita/kedua-lama/index.html": "/berita/kedua/",
                "arsip/2019/kelas menulis/index.html": "/berita/kedua/",
                "berita/ketiga.html": "/berita/ketiga/",
                "ketiga-lama/index.html": "/berita/ketiga/"}
    for path, target in expected.items():
        assert redirect_target(read(root, f"output/{path}")) == target, path


def test_awards_and_standing_pages_have_old_addresses_too(tmp_path):
    root = make_site(tmp_path, {
        "content/awards/2026-11-01-pustakawan-teladan.md": (
            "---\ndate: 2026-11-01\naward: Pustakawan Teladan\ngiver: Perpusnas\n"
            "recipient: Siti Aminah\naliases: [/penghargaan/teladan/]\n---\nSelamat.\n"),
        "content/pages/layanan.md": (
            "---\ntitle: Layanan\naliases: [/layanan-kami/, /pelayanan.html]\n---\nLayanan.\n"),
    })
    assert warnings_of(root) == []
    assert redirect_target(read(root, "output/penghargaan/teladan/index.html")) == \
        "/penghargaan/pustakawan-teladan/"
    assert redirect_target(read(root, "output/layanan-kami/index.html")) == "/layanan/"
    assert redirect_target(read(root, "output/pelayanan.html")) == "/layanan/"


def test_under_a_sub_path_the_address_is_read_within_the_site(tmp_path):
    root = make_site(tmp_path, {
        "content/site.yaml": "title: Perpustakaan Uji\nbase_url: https://example.org/pustaka/\n",
        **moved_item("aliases:\n  - /berita/kelas-lama/\n"
                     "  - https://example.org/pustaka/berita/kelas-menulis-2026/\n")})
    assert warnings_of(root) == []
    for old in ("berita/kelas-lama", "berita/kelas-menulis-2026"):
        page = read(root, f"output/{old}/index.html")
        assert redirect_target(page) == "/pustaka/berita/kelas-menulis/"
        assert 'href="https://example.org/pustaka/berita/kelas-menulis/"' in page


def test_old_addresses_are_left_out_of_the_sitemap_the_feed_and_search(tmp_path):
    root = make_site(tmp_path, moved_item("aliases: [/berita/kelas-menulis-lama/]\n"))
    assert run(root).code == 0
    assert "kelas-menulis-lama" not in read(root, "output/sitemap.xml")
    feed = read(root, "output/feed.xml")
    # the feed links to the page; only the entry's id keeps its first address (test_feeds)
    assert feed.count("kelas-menulis-lama") == 1
    assert "<id>https://example.org/berita/kelas-menulis-lama/</id>" in feed
    searched = b"".join(path.read_bytes() for path in (root / "output" / "cari").rglob("*")
                        if path.is_file())
    assert b"kelas-menulis-lama" not in searched
    assert b"kelas-menulis/" in searched   # the page itself is indexed


def test_a_link_to_an_old_address_works_and_is_told_the_new_one(tmp_path):
    """A link of the site to an old address is no broken link, but every reader following
    it loads the redirect page first: a warning at its line names the address to write,
    for a body's link (its section kept) and a menu's."""
    root = make_site(tmp_path, {
        **moved_item("aliases: [/berita/kelas-menulis-lama/]\n"),
        "content/news/2026-11-22-kabar.md": (
            "---\ntitle: Kabar\ndate: 2026-11-22\n---\n"
            "Baca [kelas menulis](/berita/kelas-menulis-lama/#syarat).\n"
            "Atau [syarat kelas](https://example.org/berita/kelas-menulis-lama).\n"),
        "content/site.yaml": (SITE_YAML + "menu:\n"
                              "  - {title: Kelas, url: /berita/kelas-menulis-lama/}\n")})
    warnings = warnings_of(root)
    assert sorted(warnings) == sorted([
        'content/news/2026-11-22-kabar.md:5: peringatan: tautan '
        '"/berita/kelas-menulis-lama/#syarat" menuju alamat lama, yang hanya mengantar pembaca '
        'ke "/berita/kelas-menulis/#syarat" (satu halaman lagi yang harus dimuat, lama di HP '
        'dengan sinyal lemah); tulis "/berita/kelas-menulis/#syarat"',
        'content/news/2026-11-22-kabar.md:6: peringatan: tautan '
        '"https://example.org/berita/kelas-menulis-lama" menuju alamat lama, yang hanya '
        'mengantar pembaca ke "https://example.org/berita/kelas-menulis/" (satu halaman lagi '
        'yang harus dimuat, lama di HP dengan sinyal lemah); tulis '
        '"https://example.org/berita/kelas-menulis/"',
        'content/site.yaml:4: peringatan: menu "Kelas": tautan "/berita/kelas-menulis-lama/" '
        'menuju alamat lama, yang hanya mengantar pembaca ke "/berita/kelas-menulis/" (satu '
        'halaman lagi yang harus dimuat, lama di HP dengan sinyal lemah); tulis '
        '"/berita/kelas-menulis/"']), warnings


def test_a_title_is_escaped_on_the_redirect_page(tmp_path):
    root = make_site(tmp_path, moved_item("aliases: [/lama/]\n",
                                          title="'Kelas <script>alert(1)</script> & \"Tulis\"'"))
    assert run(root).code == 0
    page = read(root, "output/lama/index.html")
    assert "<script>" not in page
    assert "Kelas &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Tulis&#34;" in page


def test_drafts_and_scheduled_items_publish_no_old_address(tmp_path):
    root = make_site(tmp_path, {
        **moved_item("draft: true\naliases: [/draf-lama/]\n", slug="draf"),
        **moved_item("aliases: [/nanti-lama/]\n", slug="nanti", date="2027-01-05")})
    assert run(root).code == 0
    assert not (root / "output" / "draf-lama").exists()
    assert not (root / "output" / "nanti-lama").exists()


def test_an_old_address_removed_is_gone_from_the_next_build(tmp_path):
    root = make_site(tmp_path, moved_item("aliases: [/berita/kelas-menulis-lama/]\n"))
    assert run(root).code == 0
    assert (root / "output" / "berita" / "kelas-menulis-lama" / "index.html").is_file()
    (root / "content" / "news" / "2026-11-20-kelas-menulis.md").write_text(
        "---\ntitle: Kelas Menulis Dibuka\ndate: 2026-11-20\naliases: [/kelas/]\n---\nIsi.\n",
        encoding="utf-8")
    second = run(root)
    assert second.code == 0, second.err
    assert not (root / "output" / "berita" / "kelas-menulis-lama").exists()
    assert redirect_target(read(root, "output/kelas/index.html")) == "/berita/kelas-menulis/"


def test_every_wrong_old_address_is_reported_in_one_run(tmp_path):
    root = make_site(tmp_path, {
        **moved_item("aliases: [/berita/kabar-lama/]\n", title="Kabar", slug="kabar"),
        "content/news/2026-11-22-agenda.md": "---\ntitle: Agenda\ndate: 2026-11-22\n---\nIsi.\n",
    })
    failed = fails_cleanly(root, moved_item(
        "aliases:\n"
        "  - https://jepara.go.id/berita/kelas/\n"     # 5: another site
        "  - /index.php?p=12\n"                        # 6: a query
        "  - /berita/../rahasia/\n"                    # 7: climbs out
        "  - /berita/kelas.php\n"                      # 8: not a page a static host serves
        "  - /berita/agenda/\n"                        # 9: another item's address
        "  - /berita/kabar-lama/\n"                    # 10: another item's old address
        "  - /berita/kelas-menulis/\n"                 # 11: its own address
        "  - /feed.xml/\n"                             # 12: under a file of the site
        "  - /\n"))                                    # 13: the home page
    err = failed.err
    name = "2026-11-20-kelas-menulis.md"
    for line, words in [(5, ["jepara.go.id", "situs ini"]), (6, ["?"]), (7, [".."]),
                        (8, [".php", ".html"]), (9, ["/berita/agenda/", "2026-11-22-agenda.md"]),
                        (10, ["/berita/kabar-lama/", "2026-11-20-kabar.md"]),
                        (11, ["alamat tulisan ini sendiri"]), (12, ["/feed.xml"]),
                        (13, ["beranda"])]:
        [message] = [m for m in err.splitlines() if f"{name}:{line}:" in m]
        assert "kesalahan" in message and '"aliases"' in message, message
        for word in words:
            assert word in message, message
    # The other item is told too: two files claim one address.
    assert any("2026-11-20-kabar.md:4:" in m and "/berita/kabar-lama/" in m
               for m in err.splitlines()), err


def test_aliases_must_be_text(tmp_path):
    root = make_site(tmp_path)
    failed = fails_cleanly(root, moved_item("aliases:\n  - {lama: /berita/lama/}\n"))
    assert "2026-11-20-kelas-menulis.md:5:" in failed.err
    assert '"aliases"' in failed.err


def test_redirect_pages_are_valid_html(tmp_path):
    root = make_site(tmp_path, moved_item("aliases: [/berita/kelas-menulis-lama/, /lama.html]\n"))
    assert run(root).code == 0
    old_pages = tmp_path / "old"
    for path in ("berita/kelas-menulis-lama/index.html", "lama.html"):
        target = old_pages / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((root / "output" / path).read_bytes())
    assert vnu_errors(old_pages) == []


def test_adding_an_old_address_renders_its_redirect_page_alone(tmp_path):
    """The cache (issue 6): no page shows an item's aliases, so none is rendered again
    but the new redirect page; a cached build writes what a build without the cache
    writes."""
    root = make_site(tmp_path, {**moved_item("", slug="kelas-menulis"),
                                **moved_item("", title="Agenda", slug="agenda",
                                             date="2026-11-21")})
    build(root)
    write_files(root, moved_item("aliases: [/berita/kelas-lama/]\n"))
    result = build(root)
    assert set(result.rendered) == {"berita/kelas-lama/index.html"}
    build(root, root / "fresh", cache=False)
    assert snapshot(root / "output") == snapshot(root / "fresh")


def test_a_renamed_file_is_told_the_aliases_line_that_keeps_its_old_address(tmp_path):
    root = make_site(tmp_path, moved_item("", title="Lomba Mewarnai", slug="lomba-mewarani"))
    assert run(root).code == 0
    news = root / "content" / "news"
    (news / "2026-11-20-lomba-mewarani.md").rename(news / "2026-11-20-lomba-mewarnai.md")
    [warning] = warnings_of(root)
    assert warning.startswith("content/news/2026-11-20-lomba-mewarnai.md: peringatan: ")
    assert "/berita/lomba-mewarani/" in warning and "/berita/lomba-mewarnai/" in warning
    assert '"aliases: [/berita/lomba-mewarani/]"' in warning
    # With the line, the old address works again.
    write_files(root, moved_item("aliases: [/berita/lomba-mewarani/]\n",
                                 title="Lomba Mewarnai", slug="lomba-mewarnai"))
    assert warnings_of(root) == []
    assert redirect_target(read(root, "output/berita/lomba-mewarani/index.html")) == \
        "/berita/lomba-mewarnai/"


def test_a_page_removed_is_told_at_its_section_and_a_draft_is_not(tmp_path):
    root = make_site(tmp_path, {
        **moved_item("", title="Kabar", slug="kabar"),
        **moved_item("", title="Agenda Desember", slug="agenda-desember", date="2026-11-21"),
        "content/pages/sejarah.md": "---\ntitle: Sejarah\n---\nSejak 1980.\n"})
    assert run(root).code == 0
    (root / "content" / "news" / "2026-11-20-kabar.md").unlink()
    (root / "content" / "pages" / "sejarah.md").unlink()
    write_files(root, moved_item("draft: true\n", title="Agenda Desember",
                                 slug="agenda-desember", date="2026-11-21"))
    warnings = warnings_of(root)
    assert len(warnings) == 2, warnings
    news, page = sorted(warnings)
    assert news.startswith("content/news: peringatan: halaman /berita/kabar/ ")
    assert page.startswith("content/pages: peringatan: halaman /sejarah/ ")
    assert all('"aliases: [' in warning for warning in warnings)
    assert not (root / "output" / "berita" / "agenda-desember").exists()


def test_a_theme_without_the_redirect_template_is_told_what_to_copy(tmp_path):
    """A theme copied beside content/ before redirect.html existed: an error naming the
    file, no traceback, the site as it was."""
    root = make_site(tmp_path, moved_item(""))
    shutil.copytree(PROJECT / "templates", root / "templates")
    (root / "templates" / "redirect.html").unlink()
    failed = fails_cleanly(root, moved_item("aliases: [/lama/]\n"))
    assert 'template "redirect.html" tidak ada' in failed.err
    assert "templates/redirect.html" in failed.err


def test_a_fresh_clone_and_check_are_told_a_page_would_go(tmp_path):
    """On CI the checkout has no output/, only the build cache its last run left: the
    warning still comes, from the files that build recorded writing, and `check` (which
    the workflow runs first, turning each problem into an annotation on the commit, and
    the pre-commit hook runs) gives it too."""
    root = make_site(tmp_path, moved_item("", title="Lomba Mewarnai", slug="lomba-mewarani"))
    assert run(root).code == 0
    shutil.rmtree(root / "output")
    news = root / "content" / "news"
    (news / "2026-11-20-lomba-mewarani.md").rename(news / "2026-11-20-lomba-mewarnai.md")
    checked = run(root, "check")
    assert checked.code == 0, checked.err
    built = run(root)
    for result in (checked, built):
        [warning] = [line for line in result.err.splitlines() if ": peringatan: " in line]
        assert warning.startswith("content/news/2026-11-20-lomba-mewarnai.md: peringatan: ")
        assert '"aliases: [/berita/lomba-mewarani/]"' in warning


def test_a_date_moved_later_is_told_it_withdraws_the_page(tmp_path):
    """A published item's date corrected to a later day takes its page off the site until
    then: a warning at the date line says so, not only the usual "Terjadwal" line."""
    root = make_site(tmp_path, moved_item("", title="Kabar", slug="kabar"))
    assert run(root, "--now", "2026-12-01T10:00").code == 0
    write_files(root, {"content/news/2026-11-20-kabar.md":
                       "---\ntitle: Kabar\ndate: 2026-12-20 09:00\n---\nIsi.\n"})
    result = run(root, "--now", "2026-12-01T10:00")
    assert result.code == 0, result.err
    [warning] = [line for line in result.err.splitlines() if ": peringatan: " in line]
    assert warning.startswith("content/news/2026-11-20-kabar.md:3: peringatan: halaman "
                              "/berita/kabar/ yang sudah terbit akan ditarik dari situs sampai "
                              "2026-12-20 09:00 WIB"), warning
    assert "tanggal terbit semula" in warning
    assert not (root / "output/berita/kabar").exists()


def test_a_document_file_removed_is_told_where_it_was(tmp_path):
    """A form of static/ or a bundle's report that the last build published and this one
    removes: links, QR codes and letters name its address. One warning per place, at the
    item whose folder held it, or at static/; a renamed bundle's files are told with
    its page (aliases keep the page)."""
    bundle = "content/news/2026-11-20-laporan"
    root = make_site(tmp_path, {
        f"{bundle}/index.md": "---\ntitle: Laporan\ndate: 2026-11-20\n---\n"
                              "[Laporan](laporan-2025.pdf)\n",
        f"{bundle}/laporan-2025.pdf": b"%PDF-1.4\n",
        "content/static/unduhan/formulir.pdf": b"%PDF-1.4\n",
        "content/static/unduhan/tata-tertib.docx": b"PK\x03\x04"})
    assert run(root).code == 0
    (root / f"{bundle}/laporan-2025.pdf").rename(root / f"{bundle}/laporan-2025-revisi.pdf")
    write_files(root, {f"{bundle}/index.md": "---\ntitle: Laporan\ndate: 2026-11-20\n---\n"
                                             "[Laporan](laporan-2025-revisi.pdf)\n"})
    for name in ("formulir.pdf", "tata-tertib.docx"):
        (root / "content/static/unduhan" / name).unlink()
    warnings = sorted(warnings_of(root))
    assert len(warnings) == 2, warnings
    in_bundle, in_static = warnings
    assert in_bundle.startswith(f"{bundle}/index.md: peringatan: berkas "
                                "/berita/laporan/laporan-2025.pdf yang sudah terbit akan "
                                "hilang"), in_bundle
    assert "tetap di folder ini" in in_bundle
    assert in_static.startswith("content/static: peringatan: berkas /unduhan/formulir.pdf, "
                                "/unduhan/tata-tertib.docx yang sudah terbit"), in_static
    assert "tetap di content/static/" in in_static
    # the bundle renamed: its page's warning alone
    (root / bundle).rename(root / "content/news/2026-11-20-laporan-tahunan")
    [warning] = warnings_of(root)
    assert "/berita/laporan/" in warning and "aliases" in warning
