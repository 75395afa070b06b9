"""The 404 page (templates/404.html), which a static host shows at any missing address: an
old link shared on WhatsApp, an address typed from a poster, one a chat message spoiled.

Without JavaScript it offers no search box (the search could not run) but the search page's
links to the site's sections; with JavaScript (assets/search.js) it goes to the page a
spoiled address meant (capitals, a ")" or "." taken from a chat message, "index.htm"), and
otherwise searches at once for the words of the address, leaving the address as it is.

A small site like the sample one is built and served as a static host serves it (a missing
address gets 404.html, status 404), at the root and under a sub-path (/perpustakaan/), and
visited in real headless Chromium, each case in a browser context of its own.
"""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from browser import PHONE, axe_violations, build_and_serve
from conftest import NOW, make_site, vnu_errors

SITE = {
    "content/site.yaml": """\
        title: Perpustakaan Daerah Uji
        base_url: https://example.org/
        catalog_url: https://opac.example.org/cari?katakunci=
        """,
    "content/news/2025-06-21-donasi-buku-dari-komunitas.md": """\
        ---
        title: Donasi Buku dari Komunitas
        date: 2025-06-21
        tags: [Donasi, Literasi]
        ---
        Perpustakaan menerima donasi sekitar 350 eksemplar buku dari komunitas pegiat
        literasi. Buku yang diserahkan meliputi bacaan anak dan novel.
        """,
    # Newer, and holding every word of "donasi buku komunitas", but in its text only.
    "content/news/2026-10-05-pojok-baca-balai-desa.md": """\
        ---
        title: Pojok Baca Baru di Balai Desa
        date: 2026-10-05
        tags: [Literasi]
        ---
        Rak buku pojok baca diisi dari donasi warga dan komunitas relawan setempat.
        """,
    "content/news/2026-11-10-lomba-resensi-buku-pelajar.md": """\
        ---
        title: Lomba Resensi Buku Pelajar
        date: 2026-11-10
        ---
        Pelajar SMP dan SMA se-Kabupaten diundang menulis resensi buku.
        """,
    "content/news/2024-10-14-perpustakaan-keliling.md": """\
        ---
        title: Perpustakaan Keliling Sambangi Desa Pesisir
        date: 2024-10-14
        ---
        Mobil perpustakaan keliling singgah di sekolah dan balai desa.
        """,
    "content/awards/2023-09-22-inovasi-layanan-digital-terbaik.md": """\
        ---
        title: Inovasi Layanan Digital Terbaik
        date: 2023-09-22
        award: Inovasi Layanan Digital Terbaik
        giver: Perpustakaan Nasional
        recipient: Perpustakaan Daerah Uji
        ---
        Penghargaan untuk layanan digital.
        """,
    "content/pages/profil.md": """\
        ---
        title: Profil Perpustakaan
        ---
        Sejarah dan tugas perpustakaan.
        """,
    "content/pages/layanan.md": """\
        ---
        title: Layanan
        ---
        Peminjaman buku dan ruang baca.
        """,
    "content/schedule.yaml": """\
        programs:
          - id: bahasa-inggris
            title: Pelatihan Bahasa Inggris
            summary: Kelas percakapan dasar.
            description: Belajar percakapan bersama relawan.
            location: Ruang Pelatihan
            fee: Gratis
            weekly:
              - {day: selasa, start: "15:00", end: "17:00"}
            period: {from: 2026-09-01, until: 2027-01-28}
        """,
}
ITEM = "berita/donasi-buku-dari-komunitas/"
TITLE = "Donasi Buku dari Komunitas"
HEADING = "Halaman tidak ditemukan"
APOLOGY = "Maaf, halaman yang Anda cari tidak ada atau sudah dipindahkan."
# The links to go on from, as the search page's fallback lists them, with the home page first.
LINKS = [("Beranda", ""), ("Berita", "berita/"), ("Jadwal Kegiatan", "jadwal/"),
         ("Pelatihan Bahasa Inggris", "jadwal/bahasa-inggris/"),
         ("Penghargaan", "penghargaan/"), ("Layanan", "layanan/"),
         ("Profil Perpustakaan", "profil/"), ("Berita per topik", "tag/"),
         ("2026", "berita/2026/"), ("2025", "berita/2025/"), ("2024", "berita/2024/")]


@pytest.fixture(scope="module", params=["", "perpustakaan/"], ids=["root", "sub-path"])
def served(request, tmp_path_factory):
    """The site built for and served at its address (the root, or /perpustakaan/)."""
    root = make_site(tmp_path_factory.mktemp("source"), SITE)
    with build_and_serve(root / "content", tmp_path_factory.mktemp("web"), NOW,
                         request.param) as site:
        yield site


@pytest.fixture
def context(browser):
    """A browser context of its own (nothing cached, nothing stored), JavaScript on or off:
    context(java_script) opens it; all are closed afterwards."""
    opened = []

    def open_context(java_script: bool):
        opened.append(browser.browser.new_context(viewport=PHONE, locale="id-ID",
                                                  java_script_enabled=java_script))
        opened[-1].set_default_timeout(10_000)
        return opened[-1]

    yield open_context
    for each in opened:
        each.close()


class Visit:
    """A page opened at `path` of the site: its response, and what it asked for and logged."""

    def __init__(self, context, site, path: str, address: str | None = None):
        self.page = context.new_page()
        self.requests: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append((r.method, r.url)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.response = self.page.goto(address or site.base + path, wait_until="load")

    def urls(self, method: str = "GET") -> list[str]:
        return [url for asked, url in self.requests if asked == method]

    def own_errors(self) -> list[str]:
        """Console errors but those Chromium logs for a response of status 404."""
        return [error for error in self.errors if "status of 404" not in error]


def results(page) -> list[tuple[str, str]]:
    """The search results shown: (title, href) each."""
    return [tuple(pair) for pair in page.locator("[data-search-results] li h2 a").evaluate_all(
        "links => links.map((link) => [link.innerText, link.getAttribute('href')])")]


def fallback_links(page, where: str) -> list[tuple[str, str]]:
    """(text, href) of the visible links of the fallback block of the page."""
    links = page.locator(f"{where} a")
    return [(link.inner_text().strip(), link.get_attribute("href"))
            for link in links.all() if link.is_visible()]


def path_of(site) -> str:
    """The site's base path, as pages link to it: "/" or "/perpustakaan/"."""
    return "/" + site.base.split("/", 3)[3]


# --- Without JavaScript --------------------------------------------------------------------

def test_without_javascript_the_page_offers_the_sites_pages_and_no_search_box(served, context):
    visit = Visit(context(False), served, "berita/alamat-lama-yang-sudah-dipindahkan/")
    page = visit.page
    assert visit.response.status == 404
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(HEADING)
    expect(main.get_by_text(APOLOGY)).to_be_visible()
    # No search box that could not run: none in <main> (the header's book catalog stays)...
    assert main.get_by_role("searchbox").count() == 0
    assert main.get_by_role("search").count() == 0
    assert not any(form.is_visible() for form in page.locator("main form").all())
    assert not any(form.is_visible() for form in page.locator('form[action$="cari/"]').all())
    # ... but the links the search page gives without JavaScript, each to its page.
    home = path_of(served)
    shown = fallback_links(page, "main [data-search-fallback]")
    assert shown == [(text, home + path) for text, path in LINKS]
    for text, href in shown:
        answer = page.request.get(served.base.removesuffix(home[1:]) + href.lstrip("/"))
        assert answer.status == 200, (text, href, answer.status)
    page.get_by_role("link", name="Pelatihan Bahasa Inggris").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pelatihan Bahasa Inggris")
    # Light: neither the search script nor its index is asked for.
    assert not [url for _, url in visit.requests if "search.js" in url or "/cari/" in url]
    assert visit.own_errors() == []


def test_the_links_are_those_of_the_search_page_without_javascript(served, context):
    """The 404 page lists the search page's fallback links (with the home page first): a
    section or page added to one is added to the other."""
    browser = context(False)
    missing = Visit(browser, served, "tidak-ada/").page
    search = Visit(browser, served, "cari/").page
    links = fallback_links(search, "[data-search-fallback]")
    assert links and fallback_links(missing, "[data-search-fallback]")[1:] == links


def test_without_javascript_no_axe_violations(served, context):
    """axe-core cannot run where scripts are off (its timers never fire): the page is loaded
    where they are on, but none of the site's scripts is served and the stylesheet's rules
    for where scripts run never match, so it shows as without JavaScript."""
    page = context(True).new_page()
    page.route(re.compile(r".*\.js(\?.*)?$"), lambda route: route.abort())

    def as_without_scripts(route):
        answer = route.fetch()
        route.fulfill(response=answer, body=answer.text().replace(
            "(scripting: enabled)", "(scripting: none) and (scripting: enabled)"))

    page.route(re.compile(r".*\.css(\?.*)?$"), as_without_scripts)
    assert page.goto(served.base + "berita/alamat-lama/").status == 404
    expect(page.get_by_role("link", name="Berita per topik")).to_be_visible()
    assert not page.locator("main [data-search]").is_visible()
    assert axe_violations(page) == []


# --- With JavaScript -----------------------------------------------------------------------

def test_a_missing_address_is_searched_for_by_its_words(served, context):
    visit = Visit(context(True), served, "berita/donasi-buku-komunitas/")
    page = visit.page
    assert visit.response.status == 404
    box = page.get_by_role("main").get_by_role("searchbox", name=re.compile("Cari berita"))
    expect(box).to_be_visible()
    expect(box).to_have_value("donasi buku komunitas")
    expect(page.locator("[data-search-status]")).to_have_text(
        re.compile("^2 hasil untuk “donasi buku komunitas”"))
    found = results(page)
    assert found[0] == (TITLE, path_of(served) + ITEM), found
    assert found[1][0] == "Pojok Baca Baru di Balai Desa", found   # all words, in its text
    # The address that failed stays in the address bar, as it was: no ?q= added.
    assert page.url == served.base + "berita/donasi-buku-komunitas/"
    # The one search box in <main>: the header's book catalog is not repeated.
    assert page.get_by_role("main").get_by_role("searchbox").count() == 1
    # Nothing asked for that a clean address does not need: no HEAD, the script and the
    # index only (JSON of cari/indeks/), all of the site.
    assert visit.urls("HEAD") == []
    assert all(url.startswith(served.base) for _, url in visit.requests)
    scripts = [url for url in visit.urls() if url.endswith(".js") or ".js?" in url]
    assert sorted(url.split("?")[0].rsplit("/", 1)[1] for url in scripts) == \
        ["daftar.js", "search.js"]
    assert visit.own_errors() == []
    assert axe_violations(page) == []


def test_a_search_typed_on_the_page_is_kept_in_the_address(served, context):
    """Searching again from the 404 page works as on cari/: the words are kept in the address
    (?q=), and the page reloaded searches them, not the address's words."""
    page = Visit(context(True), served, "berita/donasi-buku-komunitas/").page
    expect(page.locator("[data-search-status]")).to_contain_text("donasi buku komunitas")
    box = page.get_by_role("main").get_by_role("searchbox")
    box.fill("resensi")
    box.press("Enter")
    expect(page.locator("[data-search-status]")).to_have_text("1 hasil untuk “resensi”")
    assert page.url == served.base + "berita/donasi-buku-komunitas/?q=resensi"
    page.reload()
    expect(box).to_have_value("resensi")
    expect(page.locator("[data-search-status]")).to_have_text("1 hasil untuk “resensi”")
    assert results(page)[0][0] == "Lomba Resensi Buku Pelajar"


@pytest.mark.parametrize("spoiled, landed", [
    ("Berita/Donasi-Buku-Dari-Komunitas/", ITEM),
    ("berita/donasi-buku-dari-komunitas/)", ITEM),
    ("berita/donasi-buku-dari-komunitas/).", ITEM),
    ("berita/donasi-buku-dari-komunitas/%20", ITEM),
    ("berita/donasi-buku-dari-komunitas/,", ITEM),
    ("berita/donasi-buku-dari-komunitas/index.htm", ITEM + "index.html"),
    # Without its final "/": the host adds it (a redirect), as for any folder.
    ("BERITA/Donasi-Buku-Dari-Komunitas)", ITEM),
    ("Berita/Donasi-Buku-Dari-Komunitas/?utm_source=wa#isi", ITEM + "?utm_source=wa#isi"),
], ids=["capitals", "bracket", "bracket-and-full-stop", "space", "comma", "index.htm",
        "capitals-bracket-no-slash", "query-and-fragment"])
def test_an_address_spoiled_by_a_chat_message_lands_on_its_page(served, context, spoiled,
                                                                 landed):
    visit = Visit(context(True), served, spoiled)
    page = visit.page
    page.wait_for_url(served.base + landed)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert visit.urls("HEAD") and all(url.startswith(served.base) for url in visit.urls("HEAD"))
    assert visit.own_errors() == []
    # Replaced: "back" goes where the reader came from (here, the blank tab), not to the 404.
    page.go_back()
    assert page.url == "about:blank"


def test_an_address_in_capitals_lands_on_its_page_under_the_sites_base_path(served, context):
    """Typed from a poster in capitals, the site's own base path too (/PERPUSTAKAAN/...)."""
    host = served.base.removesuffix(path_of(served)[1:])
    visit = Visit(context(True), served, "", address=host + (path_of(served) + ITEM).upper()[1:])
    visit.page.wait_for_url(served.base + ITEM)
    expect(visit.page.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_a_spoiled_address_of_no_page_is_searched_for_and_left_as_it_is(served, context):
    visit = Visit(context(True), served, "Berita/Donasi-Buku-Komunitas/)")
    page = visit.page
    box = page.get_by_role("main").get_by_role("searchbox")
    expect(box).to_have_value("donasi buku komunitas")
    expect(page.locator("[data-search-status]")).to_contain_text("hasil untuk")
    assert results(page)[0][0] == TITLE
    assert page.url == served.base + "Berita/Donasi-Buku-Komunitas/)"
    # The address tried, trimmed, then in small letters: both missing.
    assert [url.removeprefix(served.base) for url in visit.urls("HEAD")] == \
        ["Berita/Donasi-Buku-Komunitas/", "berita/donasi-buku-komunitas/"]


@pytest.mark.parametrize("missing, words", [
    ("berita/2019/", ""),
    ("berita/halaman/9/", ""),
    ("penghargaan/2019/lomba_bercerita_anak/index.html", "lomba bercerita anak"),
    ("berita/2025-06-21-donasi-buku/", "donasi buku"),
    ("jadwal/kelas%20merajut/", "kelas merajut"),
    ("tag/pelatihan-komputer/2020/", "pelatihan komputer"),
])
def test_the_words_of_an_address_are_those_of_its_last_named_segment(served, context, missing,
                                                                     words):
    visit = Visit(context(True), served, missing)
    page = visit.page
    assert visit.response.status == 404
    box = page.get_by_role("main").get_by_role("searchbox")
    expect(box).to_be_visible()
    expect(box).to_have_value(words)
    if not words:
        # Nothing to search for: the box stays empty, the site's pages shown under it, and
        # the index is not fetched.
        expect(page.get_by_role("link", name="Jadwal Kegiatan", exact=True).last).to_be_visible()
        expect(page.locator("[data-search-status]")).to_have_text("")
        page.wait_for_load_state("networkidle")
        assert not [url for url in visit.urls() if "/cari/indeks/" in url]
    assert page.url == served.base + missing
    assert visit.own_errors() == []


# --- The page as a file -------------------------------------------------------------------

def test_the_page_is_valid_html_with_absolute_links(served, tmp_path):
    only = tmp_path / "halaman"
    only.mkdir()
    shutil.copy(served.output / "404.html", only / "404.html")
    assert vnu_errors(only) == []
    html = (served.output / "404.html").read_text(encoding="utf-8")
    home = path_of(served)
    # Served at any depth: no link, script or index address is relative.
    for address in re.findall(r'(?:href|src|action|data-search-index|data-search-missing)='
                              r'"([^"]*)"', html):
        assert address.startswith((home, "https://", "#")), address
    assert f'data-search-missing="{home}"' in html
    assert f'<script type="module" src="{home}assets/search.js?v=' in html
