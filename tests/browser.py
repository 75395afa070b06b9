"""Real headless Chromium (Debian's /usr/bin/chromium) and a real HTTP server for built sites.

    with serve(root / "output") as base, chromium() as context:
        watched = WatchedPage(context, base)
        watched.goto(base + "cari/")
        assert not watched.errors and not watched.foreign_requests

Playwright drives the system Chromium (`executable_path`); it never downloads a
browser. Where Chromium is missing the test is skipped, except on CI (CI set),
where it fails: `.ci/run` must install it. The same holds for axe-core and Lighthouse
(`npm ci`).

`ServedSites` builds the sample site and tests/sites/kedungwaru for the address they are
served at and serves them as a static host would (a missing address gets 404.html with
status 404); `SAMPLE_PAGES`, `KEDUNGWARU_PAGES` and `EVERY_PAGE` name one page of each kind.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import urlsplit

import pytest

from conftest import NOW, PROJECT, run

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}   # a common small Android phone, CSS pixels


def chromium_path() -> str:
    """The system Chromium; skips the test where it is missing (fails on CI)."""
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run must apt-get install chromium")
        pytest.skip("chromium not installed: apt-get install chromium")
    return path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without a log line per request."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(folder: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = QuietHandler
          ) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 on a free port; yields the base URL ("http://127.0.0.1:N/")."""
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium(java_script: bool = True):
    """A headless Chromium browser context at phone size; yields the Playwright context."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=PHONE, java_script_enabled=java_script,
                                          locale="id-ID")
            yield context
        finally:
            browser.close()


@contextlib.contextmanager
def chromium_with_profile(profile: Path):
    """Like `chromium`, but with a profile folder of its own rather than an incognito
    context: Chrome offers to install a site only outside incognito."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            viewport=PHONE, locale="id-ID")
        try:
            yield context
        finally:
            context.close()


class WatchedPage:
    """A page whose console errors, page errors and requests to other hosts are recorded:
    a new tab of `context`, or `page`, a tab already open, from now on."""

    def __init__(self, context, base: str, page=None):
        self.page = page if page is not None else context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.foreign_requests: list[str] = []
        self._in_flight: set = set()   # the page's requests not yet answered
        self._requested = 0
        self._listeners: list[tuple[str, Callable]] = []
        self.listen("console", lambda message: message.type == "error"
                    and self.errors.append(message.text))
        self.listen("pageerror", lambda error: self.errors.append(str(error)))
        self.listen("request", self._request_started)
        self.listen("requestfinished", lambda request: self._in_flight.discard(request))
        self.listen("requestfailed", lambda request: self._in_flight.discard(request))

    def listen(self, event: str, handler: Callable) -> None:
        """page.on, undone by `detach`."""
        self.page.on(event, handler)
        self._listeners.append((event, handler))

    def detach(self) -> None:
        """Stop recording; the tab stays open."""
        for event, handler in self._listeners:
            self.page.remove_listener(event, handler)
        self._listeners.clear()

    def _request_started(self, request) -> None:
        self._in_flight.add(request)
        self._requested += 1
        if not request.url.startswith((self.base, "data:")):
            self.foreign_requests.append(request.url)

    def settle(self, quiet_ms: int = 100, limit_ms: int = 15_000) -> None:
        """Wait until no request of the page has been in flight for `quiet_ms`: the page
        has loaded what its scripts fetch after "load". (Playwright's "networkidle" waits
        500 ms: most of the time a check of a page took.)"""
        waited = 0
        while waited < limit_ms:
            requested = self._requested
            if not self._in_flight:
                self.page.wait_for_timeout(quiet_ms)
                waited += quiet_ms
                if not self._in_flight and self._requested == requested:
                    return
            else:
                self.page.wait_for_timeout(25)
                waited += 25
        raise AssertionError(f"still loading after {limit_ms} ms: "
                             f"{sorted(request.url for request in self._in_flight)}")

    def goto(self, url: str):
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url}: {response and response.status}"
        return response


# --- A built site served as its real host would serve it ---------------------------------

NODE_MODULES = PROJECT / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / "lighthouse"
LIGHTHOUSE_RUNS = Path(__file__).with_name("lighthouse_runs.mjs")


def _missing(what: str, fix: str):
    """Skip the test where a tool is missing; on CI (CI set), fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: .ci/run must {fix}")
    pytest.skip(f"{what} not installed: {fix}")


def axe_script() -> Path:
    """axe-core's script (npm package axe-core); skips where `npm ci` has not run (fails on CI)."""
    if not AXE_SCRIPT.is_file():
        _missing("axe-core", "run `npm ci`")
    return AXE_SCRIPT


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations on the page as loaded: id, impact, help, targets."""
    # Evaluated, not added as an inline <script>, which the site's CSP blocks.
    page.evaluate(axe_script().read_text(encoding="utf-8"))
    return page.evaluate("""async tags => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            targets: v.nodes.map(n => n.target.join(' '))}));
    }""", AXE_TAGS)


@contextlib.contextmanager
def debugged_chromium(folder: Path) -> Iterator[int]:
    """A headless Chromium (profile in `folder`) that tools drive over the DevTools
    protocol: yields the port it listens on (127.0.0.1), stops it at the end."""
    browser = subprocess.Popen(
        [chromium_path(), "--headless", *CHROMIUM_ARGS, "--remote-debugging-port=0",
         f"--user-data-dir={folder}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert browser.stderr is not None
        for line in browser.stderr:   # "DevTools listening on ws://127.0.0.1:PORT/devtools/..."
            if line.startswith("DevTools listening on "):
                break
        else:
            raise AssertionError(f"chromium exited {browser.wait()} without a DevTools port")
        # Chromium goes on writing to stderr; a pipe nobody reads would fill and stop it.
        threading.Thread(target=browser.stderr.read, daemon=True).start()
        yield int(urlsplit(line.split()[-1]).port or 0)
    finally:
        browser.kill()
        browser.wait()


def lighthouse_reports(port: int, jobs: list[tuple[str, Iterable[str], Path]]) -> list[dict]:
    """Lighthouse's report (its JSON, as a dict) for each (url, categories, report path) of
    `jobs`, run one after another in one Node process (tests/lighthouse_runs.mjs) in the
    Chromium of debugged_chromium at `port`. Skips where Node.js or Lighthouse is missing
    (fails on CI)."""
    node = shutil.which("node")
    if not (node and LIGHTHOUSE.is_dir()):
        _missing("Lighthouse", "install Node.js and run `npm ci`")
    listed = jobs[0][2].with_name(jobs[0][2].stem + "-jobs.json")
    listed.write_text(json.dumps([{"url": url, "categories": list(categories),
                                   "report": str(report)} for url, categories, report in jobs]))
    done = subprocess.run([node, str(LIGHTHOUSE_RUNS), str(port), str(listed)],
                          capture_output=True, text=True, timeout=120 * len(jobs))
    assert done.returncode == 0, f"Lighthouse exited {done.returncode}:\n{done.stderr[-3000:]}"
    reports = []
    for url, _, report in jobs:
        result = json.loads(report.read_text(encoding="utf-8"))
        assert not result.get("runtimeError"), f"{url}: {result['runtimeError']}"
        reports.append(result)
    return reports


class _StaticHostHandler(QuietHandler):
    """Answers as a static host (GitHub Pages, nginx with error_page) does: no folder
    listings, and any missing address gets the site's 404 page with status 404."""

    not_found: Path | None = None
    extensions_map = {**QuietHandler.extensions_map, ".js": "text/javascript",
                      ".mjs": "text/javascript", ".wasm": "application/wasm",
                      ".webp": "image/webp", ".avif": "image/avif", ".svg": "image/svg+xml",
                      ".woff2": "font/woff2", ".ics": "text/calendar",
                      ".xml": "application/xml", ".txt": "text/plain"}

    def list_directory(self, path):
        self.send_error(404)
        return None

    def send_error(self, code, message=None, explain=None):
        if code != 404 or self.not_found is None or not self.not_found.is_file():
            return super().send_error(code, message, explain)
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve_like_a_host(folder: Path, not_found: str | None = "404.html") -> Iterator[str]:
    """Like `serve`, but a missing address gets `folder/not_found` with status 404 and a
    folder without index.html is not listed; yields the base URL."""
    handler_class = type("Handler", (_StaticHostHandler,),
                         {"not_found": folder / not_found if not_found else None})
    with serve(folder, handler_class) as base:
        yield base


@dataclass(frozen=True)
class ServedSite:
    base: str       # the site's home page, e.g. "http://127.0.0.1:N/perpustakaan/"
    output: Path    # the folder it was built into


@contextlib.contextmanager
def build_and_serve(content: Path, folder: Path, now: str,
                    sub_path: str = "") -> Iterator[ServedSite]:
    """Copy `content` into `folder`, build it for the address it is served at (its
    `--base-url`, with `sub_path` such as "perpustakaan/"), and serve it like a static host.

    The site is built after the server starts, because the address holds the free port.
    """
    root = folder / "site"
    shutil.copytree(content, root / "content")
    web = folder / "web"
    output = web / sub_path if sub_path else web
    output.mkdir(parents=True)
    with serve_like_a_host(web, not_found=f"{sub_path}404.html") as host:
        base = host + sub_path
        result = run(root, "build", "--output", str(output), "--base-url", base, now=now)
        assert result.code == 0, result.err
        yield ServedSite(base, output)


# --- The two sites the budgets are measured on, and their page kinds ---------------------

KEDUNGWARU = PROJECT / "tests" / "sites" / "kedungwaru"
NOT_FOUND = "halaman-yang-tidak-ada/"   # any missing address: the host answers with 404.html

# One page of every kind, as paths under the site's home page.
SAMPLE_PAGES = {
    "home": "",
    "news-list": "berita/",
    "news-list-2": "berita/halaman/2/",
    "news-year": "berita/2026/",
    "article": "berita/diskarpus-raih-penghargaan-perpusnas/",
    "award-list": "penghargaan/",
    "award": "penghargaan/inovasi-layanan-digital-terbaik/",
    "schedule": "jadwal/",
    "program": "jadwal/bahasa-inggris/",
    "tag-list": "tag/",
    "tag": "tag/pelatihan/",
    "standing-page": "profil/",
    "search": "cari/",
    "404": NOT_FOUND,
}
KEDUNGWARU_PAGES = {
    "home": "",
    "news-list": "berita/",
    "news-list-2": "berita/halaman/2/",
    "news-year": "berita/2026/",
    "article": "berita/pelatihan-literasi-digital/",      # a bundle with two images
    "award-list": "penghargaan/",
    "award": "penghargaan/tpbis-terbaik-2025/",
    "schedule": "jadwal/",
    "program": "jadwal/dongeng-anak/",
    "tag-list": "tag/",
    "tag": "tag/inklusi-sosial/",
    "standing-page": "profil/",
    "search": "cari/",
    "404": NOT_FOUND,
}
SEARCH_WORD = "perpustakaan"   # found on both sites
SITE_PAGES = {"sample": SAMPLE_PAGES, "kedungwaru": KEDUNGWARU_PAGES}
# (site, kind, path) for pytest.mark.parametrize, with ids such as "kedungwaru-article".
EVERY_PAGE = [pytest.param(site, kind, path, id=f"{site}-{kind}")
              for site, pages in SITE_PAGES.items() for kind, path in pages.items()]

SITE_SOURCES = {   # name: (content folder, --now, sub-path its base_url publishes under)
    "sample": (PROJECT / "content", NOW, ""),
    "kedungwaru": (KEDUNGWARU, "2026-11-24T10:00", "perpustakaan/"),
}


class ServedSites:
    """The sample site (content/) and tests/sites/kedungwaru (under /perpustakaan/), each
    built into a temporary folder and served like a static host on first use, so that one
    site failing to build fails only its own tests:

        with ServedSites(tmp_path_factory) as sites:
            sites["kedungwaru"].base   # "http://127.0.0.1:N/perpustakaan/"
    """

    def __init__(self, tmp_path_factory):
        self._tmp_path_factory = tmp_path_factory
        self._stack = contextlib.ExitStack()
        self._sites: dict[str, ServedSite] = {}

    def __getitem__(self, name: str) -> ServedSite:
        if name not in self._sites:
            content, now, sub_path = SITE_SOURCES[name]
            folder = self._tmp_path_factory.mktemp(name)
            self._sites[name] = self._stack.enter_context(
                build_and_serve(content, folder, now, sub_path))
        return self._sites[name]

    def __enter__(self) -> ServedSites:
        return self

    def __exit__(self, *exc_info) -> None:
        self._stack.close()


class SiteWatchedPage(WatchedPage):
    """A WatchedPage that also records every response with an error status, as "404 URL"."""

    def __init__(self, context, base: str, page=None):
        super().__init__(context, base, page)
        self.failed_responses: list[str] = []
        self.listen("response", lambda response: response.status >= 400
                    and self.failed_responses.append(f"{response.status} {response.url}"))


# A tab of each browser context left open by open_watched, for its next page: opening a
# tab took as long as loading a page in it.
_SPARE_TABS: dict = {}


@contextlib.contextmanager
def open_watched(context, site: ServedSite, path: str) -> Iterator[SiteWatchedPage]:
    """A SiteWatchedPage (requests outside the site's own address count as foreign) loaded
    at `path` until no request is in flight (settle); the missing address must answer 404,
    all others 200. The tab is then kept for the context's next open_watched (a page is
    loaded anew in it, so nothing done to this one carries over), unless the check raised."""
    spare = _SPARE_TABS.pop(context, None)
    watched = SiteWatchedPage(context, site.base,
                              spare if spare is not None and not spare.is_closed() else None)
    kept = False
    try:
        if path == NOT_FOUND:
            response = watched.page.goto(site.base + path, wait_until="load")
            assert response is not None and response.status == 404, f"{path}: not a 404"
        else:
            watched.goto(site.base + path)
        watched.settle()
        yield watched
        kept = True
    finally:
        if kept:
            watched.detach()
            _SPARE_TABS[context] = watched.page
        else:
            watched.page.close()


def search_for(page, base: str, word: str) -> None:
    """Type `word` into the site search box in <main> (not the header's catalog form, which
    leaves the site) and wait for the results to load."""
    boxes = page.get_by_role("main").get_by_role("searchbox")
    assert boxes.count() > 0, f"{page.url}: no search box in <main>"
    boxes.first.fill(word)
    boxes.first.press("Enter")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)   # the results list renders after its last fragment arrives
    assert page.url.startswith(base), f"searching left the site for {page.url}"
