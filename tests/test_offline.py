"""Pages read before stay readable offline (offline.py's service worker, sw.js, registered
by the theme's assets/daftar.js), in real headless Chromium on built sites served on
127.0.0.1 (a secure context, as https is):

- a page opened before shows offline, styled, with "Tidak ada sambungan internet. Halaman ini
  tersimpan sejak ..." at the top of <main>; one never opened shows a page in Indonesian
  listing those stored, with a link home (titles from the pages only ever as text);
- online the network's page shows, never the stored copy, also after the site changed;
- the worker's scope is the site's base path, /perpustakaan/ on kedungwaru;
- with JavaScript off no worker is registered and pages are as they were;
- feeds, calendars and the search index are never stored, and at most 30 pages are;
- a theme without daftar.js publishes a sw.js that removes the worker and its copies;
- sw.js is one file at the site's root, the same bytes for every site and theme.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time

from browser import (KEDUNGWARU_PAGES, PHONE, SEARCH_WORD, SITE_SOURCES, axe_violations,
                     build_and_serve, search_for)
from conftest import NOW, PROJECT, SITE_YAML, make_site, read, run, write_files
from site_builder.offline import MOST_PAGES, worker_files, worker_source
from site_builder.outputs import OutputFile

NOTICE = re.compile(r"^Tidak ada sambungan internet\. Halaman ini disimpan di HP sejak "
                    r"\d{1,2} \w+ \d{4} pukul \d{2}\.\d{2} dan mungkin sudah berubah\.$")
OFFLINE_TEXT = "Halaman ini belum pernah dibuka di HP ini, jadi belum tersimpan."
STORED = """async () => {
  const found = [];
  for (const name of (await caches.keys()).filter((name) => name.startsWith("site_builder "))) {
    for (const request of await (await caches.open(name)).keys()) found.push(request.url);
  }
  return found;
}"""


@contextlib.contextmanager
def phone(browser, **options):
    """A fresh context of the module's Chromium (no worker, nothing stored yet)."""
    context = browser.browser.new_context(viewport=PHONE, locale="id-ID", **options)
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        context.close()


def stored(page) -> list[str]:
    """The addresses the site's worker keeps (pages and theme files)."""
    return page.evaluate(STORED)


def stored_pages(page) -> list[str]:
    """The pages the worker keeps, the one stored last last."""
    return [url for url in stored(page) if "/assets/" not in url]


def wait_until(page, check, what: str, seconds: float = 10):
    """Polls `check()` until it is true (the worker stores a copy after it answers)."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        page.wait_for_timeout(100)


def read_under_worker(page, url: str) -> str:
    """Opens `url`, waits for the worker to be active, reloads so that it answers, and
    waits for its copy of the page; returns the worker's scope."""
    page.goto(url)
    scope = page.evaluate("""() => Promise.race([
        navigator.serviceWorker.ready.then((ready) => ready.scope),
        new Promise((resolve) => setTimeout(() => resolve(null), 10000))])""")
    assert scope, f"no service worker is active on {url}"
    response = page.reload()
    assert response.from_service_worker and page.evaluate("!!navigator.serviceWorker.controller")
    wait_until(page, lambda: url.split("?")[0] in stored(page), f"{url} stored")
    return scope


def forget_http_cache(page) -> None:
    """Empties the browser's own cache (what the host let it keep: ten minutes on GitHub
    Pages; the test server's dates have whole seconds), as once that has expired."""
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")


def go_offline(page) -> None:
    """Cuts the connection once the browser's own cache has expired: only the worker
    has the pages."""
    forget_http_cache(page)
    page.context.set_offline(True)


def dated_later(path) -> None:
    """Gives the file a later time: the test server dates files to the second and answers
    "304 Not Modified" to a browser that asks within the second it fetched the last one."""
    later = time.time() + 2
    os.utime(path, (later, later))


def notices(page) -> list[str]:
    return page.locator("main [role=status]").all_inner_texts()


def styled(page) -> bool:
    """Whether the page has its stylesheet (the theme's, with its rules)."""
    return page.evaluate("""Array.from(document.styleSheets).some((sheet) =>
        sheet.href && sheet.href.includes("/assets/style.css") && sheet.cssRules.length > 0)""")


def test_a_page_read_before_shows_offline_with_a_notice(sites, browser):
    site = sites["sample"]
    with phone(browser) as context:
        page = context.new_page()
        read_under_worker(page, site.base + "jadwal/")
        read_under_worker(page, site.base + "kontak/")
        page.goto(site.base)   # somewhere else, online
        assert notices(page) == []
        go_offline(page)
        response = page.goto(site.base + "jadwal/")
        assert response.ok and response.from_service_worker
        main = page.get_by_role("main")
        assert main.get_by_role("heading", level=1).inner_text() == "Jadwal Kegiatan"
        assert main.get_by_role("link", name="Pelatihan Bahasa Inggris").count() > 0
        [notice] = notices(page)
        assert NOTICE.match(notice), notice
        # First in <main>, in the notices' yellow box, with the stylesheet stored as well.
        assert page.evaluate("document.querySelector('main').firstElementChild.className") \
            == "notices"
        assert styled(page) and page.evaluate(
            "getComputedStyle(document.querySelector('.notices')).backgroundColor") \
            != "rgba(0, 0, 0, 0)"
        assert axe_violations(page) == []
        page.goto(site.base + "kontak/")
        assert "Jl. Kartini No. 9" in main.inner_text()
        assert main.get_by_role("heading", name="Jam layanan").count() == 1
        assert len(notices(page)) == 1


def test_a_page_never_read_shows_the_offline_page_with_a_link_home(sites, browser):
    site = sites["sample"]
    with phone(browser) as context:
        page = context.new_page()
        read_under_worker(page, site.base + "jadwal/")
        read_under_worker(page, site.base + "profil/")
        go_offline(page)
        response = page.goto(site.base + "layanan/?dari=wa")
        assert response.ok and response.from_service_worker
        assert page.evaluate("document.documentElement.lang") == "id"
        main = page.get_by_role("main")
        assert main.get_by_role("heading", level=1).inner_text() == "Tidak ada sambungan internet"
        assert OFFLINE_TEXT in main.inner_text()
        assert main.get_by_role("link", name="Kembali ke beranda").get_attribute("href") \
            == site.base
        listed = main.get_by_role("listitem").get_by_role("link")
        assert [(link.inner_text(), link.get_attribute("href")) for link in listed.all()] == [
            ("Profil Perpustakaan", site.base + "profil/"),   # the last read first
            ("Jadwal Kegiatan", site.base + "jadwal/")]
        assert axe_violations(page) == []
        listed.first.click()
        page.wait_for_url(site.base + "profil/")
        assert page.get_by_role("heading", level=1).inner_text() == "Profil Perpustakaan"


def test_online_the_network_answers_also_after_the_site_changed(tmp_path, browser):
    content, now, _ = SITE_SOURCES["sample"]
    with build_and_serve(content, tmp_path, now) as site, phone(browser) as context:
        page = context.new_page()
        read_under_worker(page, site.base + "jadwal/")
        root = tmp_path / "site"
        schedule = root / "content" / "schedule.yaml"
        schedule.write_text(schedule.read_text(encoding="utf-8").replace(
            "title: Pelatihan Bahasa Inggris\n", "title: Kelas Bahasa Inggris Sore\n"),
            encoding="utf-8")
        rebuilt = run(root, "build", "--output", str(site.output), "--base-url", site.base,
                      now=now)
        assert rebuilt.code == 0, rebuilt.err
        forget_http_cache(page)
        response = page.goto(site.base + "jadwal/")
        assert response.from_service_worker   # the worker answered: with the network's page
        main = page.get_by_role("main")
        assert main.get_by_role("link", name="Kelas Bahasa Inggris Sore").count() > 0
        assert main.get_by_role("link", name="Pelatihan Bahasa Inggris").count() == 0
        assert notices(page) == []
        # ... and stored it: offline, the copy is the new page.
        page.wait_for_timeout(500)
        go_offline(page)
        page.goto(site.base + "jadwal/")
        assert main.get_by_role("link", name="Kelas Bahasa Inggris Sore").count() > 0
        assert len(notices(page)) == 1


def test_under_a_sub_path_the_workers_scope_is_the_sub_path(sites, browser):
    site = sites["kedungwaru"]
    assert site.base.endswith("/perpustakaan/")
    with phone(browser) as context:
        page = context.new_page()
        program = site.base + KEDUNGWARU_PAGES["program"]
        assert read_under_worker(page, program) == site.base
        assert page.evaluate("navigator.serviceWorker.controller.scriptURL") \
            == site.base + "sw.js"
        assert all(url.startswith(site.base) for url in stored(page))
        go_offline(page)
        page.goto(program)
        assert len(notices(page)) == 1
        page.goto(site.base + "berita/")
        assert page.get_by_role("link", name="Kembali ke beranda").get_attribute("href") \
            == site.base


def test_with_javascript_off_no_worker_is_registered(sites, browser):
    site = sites["sample"]
    with phone(browser, java_script_enabled=False) as context:
        page = context.new_page()
        for _ in range(2):
            response = page.goto(site.base + "jadwal/", wait_until="networkidle")
            assert response.ok and not response.from_service_worker
        page.wait_for_timeout(500)
        assert context.service_workers == []
        assert page.locator("head script[data-sw]").count() == 1   # there, not run
        assert page.locator("main [role=status]").count() == 0
        assert page.content().count("sambungan internet") == 0


def test_feeds_calendars_and_the_search_index_are_never_stored(sites, browser):
    site = sites["sample"]
    with phone(browser) as context:
        page = context.new_page()
        index = []
        page.on("request", lambda request: "/cari/indeks/" in request.url
                and index.append(request.url))
        read_under_worker(page, site.base + "cari/")
        search_for(page, site.base, SEARCH_WORD)
        assert index and "?q=" in page.url
        calendar = page.evaluate("(url) => fetch(url).then((answer) => answer.status)",
                                 site.base + "jadwal/jadwal.ics")
        assert calendar == 200
        page.goto(site.base + "feed.xml")
        page.goto(site.base + "sitemap.xml")
        page.goto(site.base + "profil/?fbclid=abc")
        wait_until(page, lambda: site.base + "profil/" in stored(page), "profil/ stored")
        kept = stored(page)
        pages = stored_pages(page)
        assert sorted(pages) == [site.base + "cari/", site.base + "profil/"], kept
        assets = {url.split("?")[0].rsplit("/", 1)[-1] for url in kept if url not in pages}
        assert {"style.css", "daftar.js", "search.js"} <= assets, kept
        assert all((site.output / "assets" / name).is_file() for name in assets), kept


def test_at_most_thirty_pages_are_kept_the_oldest_dropped(sites, browser):
    site = sites["sample"]
    paths = sorted(path.relative_to(site.output).parent.as_posix() + "/"
                   for path in site.output.rglob("index.html"))
    paths = [path.removeprefix("./") for path in paths][:MOST_PAGES + 2]
    assert len(paths) == MOST_PAGES + 2
    with phone(browser) as context:
        page = context.new_page()
        read_under_worker(page, site.base + paths[0])
        # Thirty pages, the first read again (stored anew: the newest), then two more.
        for path in [*paths[1:MOST_PAGES], paths[0], *paths[MOST_PAGES:]]:
            page.goto(site.base + path)
            wait_until(page, lambda: stored_pages(page)[-1] == site.base + path,
                       f"{path} stored")
        pages = stored_pages(page)
        assert len(pages) == MOST_PAGES
        assert set(pages) == {site.base + path for path in [paths[0], *paths[3:]]}


def test_the_first_page_opened_is_kept_without_a_reload(sites, browser):
    """The page shared in a WhatsApp group, opened once: the worker was not there yet."""
    site = sites["sample"]
    with phone(browser) as context:
        page = context.new_page()
        page.goto(site.base + "jadwal/?fbclid=abc")
        wait_until(page, lambda: site.base + "jadwal/" in stored(page), "jadwal/ stored")
        go_offline(page)
        page.goto(site.base + "jadwal/")
        assert page.get_by_role("heading", level=1).inner_text() == "Jadwal Kegiatan"
        assert len(notices(page)) == 1 and styled(page)


def test_a_changed_worker_replaces_the_last_and_deletes_its_copies(tmp_path, browser):
    content, now, _ = SITE_SOURCES["sample"]
    with build_and_serve(content, tmp_path, now) as site, phone(browser) as context:
        page = context.new_page()
        read_under_worker(page, site.base + "jadwal/")
        names = page.evaluate("caches.keys()")
        assert len(names) == 2 and all(name.startswith("site_builder / ") for name in names)
        version = re.search(r'const VERSION = "([0-9a-f]{10})";', read(site.output, "sw.js"))
        (site.output / "sw.js").write_text(   # as a build with a newer builder writes it
            read(site.output, "sw.js").replace(version.group(1), "0123456789"),
            encoding="utf-8")
        dated_later(site.output / "sw.js")
        page.goto(site.base + "kontak/")   # the browser finds the new sw.js meanwhile
        wait_until(page, lambda: not any(version.group(1) in name
                                         for name in page.evaluate("caches.keys()")),
                   "the last worker's caches deleted")
        page.goto(site.base + "profil/")
        assert page.evaluate("navigator.serviceWorker.controller.state") == "activated"
        wait_until(page, lambda: sorted(page.evaluate("caches.keys()")) == sorted(
            name.replace(version.group(1), "0123456789") for name in names)
            and site.base + "profil/" in stored(page), "profil/ stored by the new worker")
        go_offline(page)
        page.goto(site.base + "profil/")
        assert len(notices(page)) == 1 and styled(page)
        page.goto(site.base + "jadwal/")   # stored by the last worker only: gone
        assert page.get_by_role("heading", level=1).inner_text() == "Tidak ada sambungan internet"


def test_a_title_is_listed_offline_as_text(tmp_path, browser):
    hostile = '<img src=x onerror="window.__xss=1"> & "Kutip" &amp;'
    root = make_site(tmp_path / "source", {
        "content/pages/uji.md": f"---\ntitle: '{hostile}'\n---\nIsi.\n"})
    with build_and_serve(root / "content", tmp_path / "served", NOW) as site, \
            phone(browser) as context:
        page = context.new_page()
        read_under_worker(page, site.base + "uji/")
        go_offline(page)
        page.goto(site.base + "tidak-pernah-dibuka/")
        link = page.get_by_role("main").get_by_role("listitem").get_by_role("link")
        # as on the page: the tag as text, an entity written in a title as its character
        assert link.inner_text() == hostile.replace("&amp;", "&")
        assert page.locator("main img").count() == 0
        assert page.evaluate("window.__xss") is None


def test_a_theme_without_daftar_js_removes_the_worker_and_its_copies(tmp_path, browser):
    content, now, _ = SITE_SOURCES["sample"]
    with build_and_serve(content, tmp_path, now) as site, phone(browser) as context:
        page = context.new_page()
        read_under_worker(page, site.base + "jadwal/")
        page.evaluate("caches.open('katalog').then((cache) => cache.put('/opac/', "
                      "new Response('OPAC')))")   # another program's, on the same host
        root = tmp_path / "site"
        shutil.copytree(PROJECT / "templates", root / "templates")
        (root / "templates" / "assets" / "daftar.js").unlink()
        base = root / "templates" / "base.html"
        base.write_text("".join(line for line in base.read_text(encoding="utf-8")
                                .splitlines(keepends=True) if "daftar.js" not in line),
                        encoding="utf-8")
        rebuilt = run(root, "build", "--output", str(site.output), "--base-url", site.base,
                      now=now)
        assert rebuilt.code == 0, rebuilt.err
        assert read(site.output, "sw.js") == worker_source(registered=False)
        dated_later(site.output / "sw.js")
        page.goto(site.base + "jadwal/")   # the browser looks for a new sw.js meanwhile
        wait_until(page, lambda: page.evaluate(
            "navigator.serviceWorker.getRegistrations().then((all) => all.length)") == 0
            and stored(page) == [], "the worker and its caches removed")
        page.goto(site.base + "kontak/")
        assert not page.evaluate("!!navigator.serviceWorker.controller")
        assert page.evaluate("caches.keys()") == ["katalog"]


# -- sw.js as the builder writes it ---------------------------------------------------

def test_the_worker_is_one_file_at_the_root_the_same_for_every_site_and_theme(tmp_path):
    sub = make_site(tmp_path / "sub", {"content/site.yaml": SITE_YAML.replace(
        "example.org/", "example.org/perpustakaan/")})
    shutil.copytree(PROJECT / "templates", sub / "templates")
    with (sub / "templates" / "assets" / "style.css").open("a", encoding="utf-8") as css:
        css.write("main { color: #111; }\n")
    plain = make_site(tmp_path / "plain")
    for root in (sub, plain):
        result = run(root, "build")
        assert result.code == 0, result.err
    worker = (plain / "output" / "sw.js").read_bytes()
    assert (sub / "output" / "sw.js").read_bytes() == worker
    assert worker.decode("utf-8") == worker_source(registered=True)
    assert re.search(r'<script type="module" src="/perpustakaan/assets/daftar\.js\?v=[0-9a-f]'
                     r'{10}" data-sw="/perpustakaan/sw\.js"></script>',
                     read(sub, "output/index.html"))
    assert '" data-sw="/sw.js"></script>' in read(plain, "output/404.html")
    node = shutil.which("node")
    if node:   # the syntax of both workers and of daftar.js
        for path in (plain / "output" / "sw.js", plain / "output" / "assets" / "daftar.js"):
            checked = subprocess.run([node, "--check", str(path)], capture_output=True,
                                     text=True)
            assert checked.returncode == 0, checked.stderr
        remover = tmp_path / "remover.js"
        remover.write_text(worker_source(registered=False), encoding="utf-8")
        assert subprocess.run([node, "--check", str(remover)]).returncode == 0


def test_the_worker_depends_only_on_the_registration_script():
    theme = [OutputFile("assets/style.css", b""), OutputFile("assets/daftar.js", b"")]
    [worker] = worker_files(theme)
    assert worker.path == "sw.js" and worker.content == worker_source(True).encode("utf-8")
    assert worker_files(theme[:1])[0].content == worker_source(False).encode("utf-8")
    version = re.compile(r'const VERSION = "([0-9a-f]{10})";')
    assert version.search(worker_source(True)).group(1) \
        != version.search(worker_source(False)).group(1)


def test_content_cannot_take_the_workers_address(tmp_path):
    root = make_site(tmp_path)
    write_files(root, {"content/static/sw.js": "// lama\n"})
    result = run(root, "build")
    assert result.code == 1
    assert "content/static/sw.js: kesalahan: alamat /sw.js juga dipakai oleh berkas tema" \
        in result.err, result.err
