"""Site search: the Pagefind bundle the build makes (pagefind/), and the search page cari/
used in real headless Chromium, with JavaScript on and off, on the sample site, on
tests/sites/kedungwaru (published under /perpustakaan/) and on small sites of the tests' own.

The small site holds one published news item, a draft, an item dated after NOW, an award
whose facts (<dt>/<dd>) must stay separate words, and a news item whose title and text look
like HTML. Each holds a made-up word found nowhere else, so a search for it has one answer.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser import PHONE, WatchedPage, serve
from conftest import PROJECT, make_site, run, snapshot
from site_builder.config import SiteConfig
from site_builder.errors import Problems
from site_builder.outputs import OutputFile
from site_builder.search import search_files

SEED_ARTICLE = "/berita/diskarpus-raih-penghargaan-perpusnas/"
SAMPLE_DRAFT_WORD = "resensi"   # only in content/news/2026-11-10-lomba-resensi-buku-pelajar.md

SMALL_SITE = {
    "content/news/2024-01-05-kelas-komputer.md": """
        ---
        title: Kelas komputer untuk warga
        date: 2024-01-05
        ---
        Pelatihan komputer gratis untuk warga desa. Kata kunangterbit hanya ada di sini.
        """,
    "content/news/2024-02-01-rencana-rahasia.md": """
        ---
        title: Rencana yang belum disetujui
        date: 2024-02-01
        draft: true
        ---
        Kata kunangdraf hanya ada di draf ini.
        """,
    "content/news/2027-01-10-kabar-tahun-depan.md": """
        ---
        title: Kabar tahun depan
        date: 2027-01-10
        ---
        Kata kunangnanti hanya ada di berita yang terbit tahun depan.
        """,
    "content/news/2024-03-01-judul-aneh.md": """
        ---
        title: 'Judul <b>tebal</b> & "kutip"'
        date: 2024-03-01
        ---
        Kata unikzebra ditulis `<img src=x onerror=alert(1)>` di sini.
        """,
    "content/awards/2024-04-01-perpustakaan-terbaik.md": """
        ---
        date: 2024-04-01
        award: Perpustakaan Terbaik
        giver: Kunangpemberi Nusantara
        recipient: Perpustakaan Uji
        ---
        Penghargaan tingkat provinsi.
        """,
}


# --- helpers ------------------------------------------------------------------------------

def entry(output: Path) -> dict:
    return json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))


def fragments(output: Path) -> list[dict]:
    """Every indexed page as Pagefind stores it (gzip, then "pagefind_dcd" and JSON)."""
    pages = []
    for path in sorted((output / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        pages.append(json.loads(data[len(b"pagefind_dcd"):]))
    return pages


def search(watched: WatchedPage, base: str, words: str) -> list[tuple[str, str]]:
    """Open cari/?q=words and wait for the answer; (href, title) of every result shown."""
    watched.goto(base + "cari/?q=" + words.replace(" ", "%20"))
    expect(status(watched.page)).to_have_text(re.compile(f"untuk “{re.escape(words)}”$"))
    return results(watched.page)


def status(page):
    return page.locator("[data-search-status]")


def results(page) -> list[tuple[str, str]]:
    links = page.locator("[data-search-results] li h2 a")
    return [(link.get_attribute("href"), link.inner_text()) for link in links.all()]


@pytest.fixture
def watch(browser):
    """Opens WatchedPages in `browser` (watch(base)); closes them after the test."""
    opened: list[WatchedPage] = []

    def open_page(base: str) -> WatchedPage:
        opened.append(WatchedPage(browser, base))
        return opened[-1]

    yield open_page
    for watched in opened:
        watched.page.close()


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """The small site built twice: output/ as published, drafts/ with --drafts."""
    root = make_site(tmp_path_factory.mktemp("small"), SMALL_SITE)
    published = run(root, "build")
    assert published.code == 0, published.err
    with_drafts = run(root, "build", "--drafts", "--output", str(root / "drafts"))
    assert with_drafts.code == 0, with_drafts.err
    return root


# --- the bundle ---------------------------------------------------------------------------

def test_bundle_indexes_the_articles_in_indonesian(small):
    output = small / "output"
    for name in ["pagefind.js", "pagefind-entry.json", "wasm.id.pagefind"]:
        assert (output / "pagefind" / name).is_file(), name
    languages = entry(output)["languages"]
    assert list(languages) == ["id"]
    pages = {page["url"] for page in fragments(output)}
    # News and awards only: home, lists, tags, 404 and cari/ have no data-pagefind-body.
    assert pages == {"/berita/kelas-komputer/", "/berita/judul-aneh/",
                     "/penghargaan/perpustakaan-terbaik/"}
    assert languages["id"]["page_count"] == 3
    drafts = {page["url"] for page in fragments(small / "drafts")}
    assert drafts == pages | {"/berita/rencana-rahasia/", "/berita/kabar-tahun-depan/"}


def test_facts_in_a_definition_list_stay_separate_words(small):
    award = next(page for page in fragments(small / "output")
                 if page["url"] == "/penghargaan/perpustakaan-terbaik/")
    assert re.search(r"\bPemberi Kunangpemberi\b", award["content"]), award["content"]


def test_sample_site_indexes_only_its_articles_and_builds_identically(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(PROJECT / "content", root / "content")
    first = run(root, "build")
    assert first.code == 0, first.err
    again = run(root, "build", "--output", str(tmp_path / "again"))
    assert again.code == 0, again.err
    bundle = snapshot(root / "output" / "pagefind")
    assert bundle and bundle == snapshot(tmp_path / "again" / "pagefind")
    urls = sorted(page["url"] for page in fragments(root / "output"))
    assert SEED_ARTICLE in urls and "/profil/" in urls and "/jadwal/bahasa-inggris/" in urls
    assert "/penghargaan/inovasi-layanan-digital-terbaik/" in urls
    lists = {"/", "/berita/", "/penghargaan/", "/jadwal/", "/tag/", "/cari/"}
    assert not lists & set(urls)
    assert not [url for url in urls if url.startswith(("/tag/", "/berita/halaman/"))]
    assert all(SAMPLE_DRAFT_WORD not in page["content"].lower()
               for page in fragments(root / "output"))


def test_urls_hold_the_base_path_and_a_running_event_loop_is_no_obstacle():
    """The preview server builds inside its event loop, where asyncio.run is refused."""
    page = OutputFile("berita/kabar/index.html", b'<html lang="id"><body><article '
                      b'data-pagefind-body><h1>Kabar</h1><p>Isi kabar.</p></article></body></html>')
    not_indexed = [OutputFile("404.html", b"<html><body><article data-pagefind-body>"
                              b"<h1>Tidak ada</h1></article></body></html>"),
                   OutputFile("cari/index.html", b"<html><body><h1>Cari</h1></body></html>")]
    config = SiteConfig(title="Uji", base_url="https://example.org/perpustakaan/")
    problems = Problems()

    async def inside_a_loop() -> list[OutputFile]:
        return search_files([page, *not_indexed], config, problems)

    files = asyncio.run(inside_a_loop())
    assert list(problems) == []
    by_path = {file.path: file.content for file in files}
    assert "pagefind/pagefind.js" in by_path
    stored = [json.loads(gzip.decompress(content)[len(b"pagefind_dcd"):])
              for path, content in by_path.items() if path.startswith("pagefind/fragment/")]
    assert [fragment["url"] for fragment in stored] == ["/perpustakaan/berita/kabar/"]


CRASHING = "#!/bin/sh\necho 'pagefind: kehabisan memori' >&2\nexit 3\n"


@pytest.mark.parametrize("binary", ["missing", "crashing"])
def test_a_failing_pagefind_is_a_problem_and_output_stays(site, tmp_path, monkeypatch, binary):
    root = site({"content/news/2024-01-05-kelas.md": "---\ntitle: Kelas\ndate: 2024-01-05\n"
                                                     "---\nIsi.\n"})
    first = run(root, "build")
    assert first.code == 0, first.err
    before = snapshot(root / "output")
    program = tmp_path / "pagefind"
    if binary == "crashing":
        program.write_text(CRASHING)
        program.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(program))
    failed = run(root, "build")
    assert failed.code == 1
    assert "Traceback" not in failed.err
    assert re.search(r"^templates/search\.html: kesalahan: indeks pencarian tidak dapat dibuat, "
                     r"program Pagefind gagal: program (tidak ditemukan|berhenti)",
                     failed.err, re.MULTILINE), failed.err
    assert snapshot(root / "output") == before


# --- the search page in Chromium ----------------------------------------------------------

def test_sample_site_finds_the_seed_article_as_typed(sites, watch):
    site = sites["sample"]
    watched = watch(site.base)
    requests: list[str] = []
    watched.page.on("request", lambda request: requests.append(request.url))
    found = search(watched, site.base, "inklusi sosial")
    assert (SEED_ARTICLE, "Diskarpus Jepara Raih Lima Penghargaan Nasional dari Perpustakaan "
                          "Nasional") in found
    box = watched.page.get_by_role("main").get_by_role("searchbox",
                                                       name=re.compile("Cari berita"))
    expect(box).to_have_value("inklusi sosial")

    box.fill("")
    expect(status(watched.page)).to_have_text("")
    expect(watched.page.locator("[data-search-results] li")).to_have_count(0)
    box.press_sequentially("inklusi sosial", delay=40)
    expect(status(watched.page)).to_have_text(re.compile(r"^\d+ hasil untuk “inklusi sosial”$"))
    found = results(watched.page)
    assert SEED_ARTICLE in [href for href, _ in found]
    assert all(href.startswith(("/berita/", "/penghargaan/", "/jadwal/", "/profil/",
                                "/layanan/", "/kontak/")) for href, _ in found), found
    assert re.search(r"[?&]q=inklusi(\+|%20)sosial", watched.page.url)
    assert watched.page.locator("[data-search-results] mark").count() > 0
    expect(watched.page.locator("[data-search-fallback]")).to_be_hidden()
    assert watched.errors == [] and watched.foreign_requests == []
    assert not [url for url in requests if "pagefind-worker" in url or "pagefind-ui" in url]

    watched.page.locator("[data-search-results]").get_by_role(
        "link", name=re.compile("^Diskarpus Jepara Raih")).click()
    watched.page.wait_for_url(site.base + SEED_ARTICLE.lstrip("/"))


def test_more_results_come_ten_at_a_time(sites, watch):
    site = sites["sample"]
    watched = watch(site.base)
    assert len(search(watched, site.base, "perpustakaan")) == 10
    total = int(re.match(r"\d+", status(watched.page).inner_text()).group())
    assert total > 10
    items = watched.page.locator("[data-search-results] li")
    more = watched.page.get_by_role("button", name="Tampilkan hasil lainnya")
    while items.count() < total:
        shown = items.count()
        more.click()
        expect(items).to_have_count(min(total, shown + 10))
        # Keyboard and screen reader users continue at the first new result.
        expect(items.nth(shown).get_by_role("link")).to_be_focused()
    expect(more).to_be_hidden()
    assert len(set(results(watched.page))) == total
    assert watched.errors == []


def test_sample_site_draft_gives_no_result(sites, watch):
    site = sites["sample"]
    watched = watch(site.base)
    assert search(watched, site.base, SAMPLE_DRAFT_WORD) == []
    expect(status(watched.page)).to_have_text(f"Tidak ada hasil untuk “{SAMPLE_DRAFT_WORD}”")
    assert watched.errors == []


@pytest.mark.parametrize("word, published, with_drafts", [
    ("kunangterbit", ["/berita/kelas-komputer/"], ["/berita/kelas-komputer/"]),
    ("kunangdraf", [], ["/berita/rencana-rahasia/"]),
    ("kunangnanti", [], ["/berita/kabar-tahun-depan/"]),
    ("kunangpemberi", ["/penghargaan/perpustakaan-terbaik/"],
     ["/penghargaan/perpustakaan-terbaik/"]),
])
def test_drafts_and_future_items_are_found_only_in_a_drafts_build(small, watch, word,
                                                                   published, with_drafts):
    for folder, expected in [("output", published), ("drafts", with_drafts)]:
        with serve(small / folder) as base:
            watched = watch(base)
            assert [href for href, _ in search(watched, base, word)] == expected, folder
            assert watched.errors == [] and watched.foreign_requests == []


def test_words_are_stemmed_as_indonesian(small, watch):
    """"dilatih" (is trained) finds "Pelatihan" (training): both stem to "latih"."""
    with serve(small / "output") as base:
        watched = watch(base)
        assert [href for href, _ in search(watched, base, "dilatih")] == \
            ["/berita/kelas-komputer/"]


def test_page_text_that_looks_like_html_is_shown_as_text(small, watch):
    with serve(small / "output") as base:
        watched = watch(base)
        dialogs: list[str] = []
        watched.page.on("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())
        found = search(watched, base, "unikzebra")
        assert found == [("/berita/judul-aneh/", 'Judul <b>tebal</b> & "kutip"')]
        shown = watched.page.locator("[data-search-results]")
        assert shown.locator("img, b, script").count() == 0
        assert "ditulis <img src=x onerror=alert(1)> di sini" in shown.inner_text()
        # The claim the script relies on: Pagefind escapes < and > in its excerpts,
        # while titles (meta.title) come raw and must be set as text.
        raw = watched.page.evaluate("""async url => {
            const pagefind = await import(url);
            const found = await pagefind.search("unikzebra");
            const data = await found.results[0].data();
            return {excerpt: data.excerpt, title: data.meta.title};
        }""", base + "pagefind/pagefind.js")
        assert "&lt;img src=x onerror=alert(1)&gt;" in raw["excerpt"]
        assert "<img" not in raw["excerpt"] and "<mark>unikzebra</mark>" in raw["excerpt"]
        assert raw["title"] == 'Judul <b>tebal</b> & "kutip"'
        assert dialogs == [] and watched.errors == []


def test_results_show_kind_and_date(small, watch, tmp_path):
    """The theme names an article's kind with data-pagefind-meta="jenis:..." (a filter would
    make Pagefind's output differ between identical builds) and its date with
    data-pagefind-meta="tanggal"."""
    built = run(small, "build", "--output", str(tmp_path / "out"))
    assert built.code == 0, built.err
    with serve(tmp_path / "out") as base:
        watched = watch(base)
        assert search(watched, base, "kunangterbit") == [("/berita/kelas-komputer/",
                                                          "Kelas komputer untuk warga")]
        facts = watched.page.locator("[data-search-results] li .meta")
        expect(facts).to_have_text("Berita · Jumat, 5 Januari 2024")


def test_sub_path_site_links_under_its_base_path(sites, watch):
    site = sites["kedungwaru"]
    assert site.base.endswith("/perpustakaan/")
    watched = watch(site.base)
    found = search(watched, site.base, "dongeng")
    hrefs = [href for href, _ in found]
    assert "/perpustakaan/jadwal/dongeng-anak/" in hrefs, hrefs
    assert all(href.startswith("/perpustakaan/") for href in hrefs), hrefs
    assert watched.errors == [] and watched.foreign_requests == []
    href, title = found[0]
    watched.page.locator("[data-search-results]").get_by_role(
        "link", name=title, exact=True).first.click()
    watched.page.wait_for_url(site.base.removesuffix("/perpustakaan/") + href)
    assert watched.page.get_by_role("heading", level=1).inner_text().strip() == title


def test_without_javascript_the_page_offers_the_catalog_and_links(sites, browser):
    site = sites["sample"]
    # A second chromium() cannot start while `browser` runs (one sync Playwright at a
    # time), so the context without JavaScript comes from the same browser.
    context = browser.browser.new_context(viewport=PHONE, java_script_enabled=False,
                                          locale="id-ID")
    try:
        watched = WatchedPage(context, site.base)
        watched.goto(site.base + "cari/?q=inklusi")
        main = watched.page.get_by_role("main")
        expect(main.get_by_text("Pencarian di situs ini memerlukan JavaScript")).to_be_visible()
        catalog = main.get_by_role("search", name="Katalog buku")
        expect(catalog).to_be_visible()
        assert catalog.get_attribute("action") == \
            "https://opac.perpustakaan.jepara.go.id/opac/pencarian-sederhana"
        expect(catalog.get_by_role("searchbox", name="Cari koleksi buku")).to_be_visible()
        for name, path in [("Berita", "berita/"), ("Jadwal Kegiatan", "jadwal/")]:
            link = main.get_by_role("link", name=name, exact=True)
            expect(link).to_be_visible()
            assert link.get_attribute("href") == "/" + path
        expect(main.get_by_role("search", name="Cari di situs ini")).to_be_hidden()
        assert watched.errors == [] and watched.foreign_requests == []
    finally:
        context.close()


def test_search_page_markup(small):
    html = (small / "output" / "cari" / "index.html").read_text(encoding="utf-8")
    assert '<script type="module" src="/assets/search.js"></script>' in html
    assert 'data-pagefind="/pagefind/pagefind.js"' in html
    assert re.search(r'<form [^>]*role="search"[^>]*action="/cari/"', html)
    assert '<label for="cari-kata">' in html and 'name="q" type="search"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)", html)
    assert not re.search(r"\son[a-z]+=", html)
    assert (small / "output" / "assets" / "search.js").is_file()


def test_content_cannot_take_the_search_bundle_address(tmp_path):
    root = make_site(tmp_path, {"content/static/pagefind/pagefind.js": "alert(1)\n"})
    result = run(root, "build")
    assert result.code == 1
    assert "content/static/pagefind/pagefind.js: kesalahan: alamat /pagefind/ dipakai" in result.err
