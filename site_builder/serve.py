"""Preview: `python build.py serve`, a live preview of the site while staff edit it.

Wraps `livereload.Server`: builds the site with drafts and scheduled items
into `<site root>/.cache/preview/` (never `output/`), for the address it is
served at (http://127.0.0.1:PORT/, whatever sub-path site.yaml's base_url has),
rebuilds whenever a file under content/ or the templates folder changes, and
tells every open browser to reload; a browser that connects with a page older than
the last build (it was reloading when that build's reload was sent) is reloaded
when it connects. livereload's script is added to every HTML answer, so templates
never mention it.

Saves are seen through the operating system's file events (watchfiles), not
by polling every file. Builds run one at a time on a thread of their own, so
the server keeps answering while one runs. A save of a news item, award or
page first gets its own page rendered from the last good build
(earlypages.py), served from memory and shown in the browser within a few
hundredths of a second; the full rebuild follows and its pages replace the
early ones. Early pages carry the header `X-Pratinjau: awal`.

The preview keeps its build cache (`.cache/preview-build/`) open for its whole
life, so a save rebuilds from memory: only the saved file is read again and
only the pages it changes are rendered and written, search index included. A new
one (the first preview, or the first after an upgrade) takes the content files the
build's cache holds (buildcache.py): only the pages are made anew.

A rebuild with errors prints them and leaves the last good preview on disk;
until the content is fixed every address answers with a page listing the
problems (status 500), and fixing the file brings the page back by itself.
A build with warnings prints them too, and every page served (not an early one)
shows them folded in a box at the top of its <main> (with_warnings), so a staff
member who never looks at the terminal sees them; the files on disk are as built.
Served paths are checked: one that could leave the preview folder gets 400,
a missing page the site's 404.html with status 404.

Only requests for this computer are answered: a Host header naming another (a web
page elsewhere whose name a DNS rebinding points at 127.0.0.1, to read the drafts)
gets 400, livereload's own addresses included. Answered are 127.0.0.1, localhost,
[::1] and the --host given; any name when --host is every address (0.0.0.0, ::),
as the preview is then meant for the network. The reload WebSocket is opened only from
the preview's own pages (its Origin checked), and livereload's /forcereload is not
served: a page of another site open in the same browser can neither hear which files
are saved nor reload the preview.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import errno
import gc
import hashlib
import html
import json
import logging
import os
import re
import signal
import sys
import threading
import time
import traceback
import urllib.parse
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import watchfiles
from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado.httputil import HTTPServerRequest
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.routing import Matcher, Rule
from tornado.web import Application, HTTPError, RequestHandler
from tornado.websocket import WebSocketHandler

from site_builder import arguments
from site_builder.buildcache import BuildCache
from site_builder.earlypages import BuiltModel, early_pages, prepare_early_pages
from site_builder.errors import BuildFailed, Location, Problem, format_problems
from site_builder.options import CACHE_DIR, BuildOptions
from site_builder.pipeline import build_site, cycle_collector_paused
from site_builder.writer import WriteFailed

HELP = "preview the site in a browser while editing (drafts shown, rebuilt on save)"
DESCRIPTION = """\
Preview the site at http://127.0.0.1:8000/ while you edit it. Drafts and items
dated in the future are shown. Every save under content/ or templates/ rebuilds
the preview and reloads the browser; an error is shown in the browser and in
this window, a warning in a box at the top of each page and in this window.
The preview is built into .cache/preview/; output/ is not touched. Stop with
Ctrl+C.
"""

PREVIEW_DIR = "preview"   # under CACHE_DIR, beside content/
SETTLE_MS = 20            # a save is reported once no file changed for this long
WAKE_MS = 500             # the event loop's longest sleep
FULL_RELOAD = "*"         # a reload path that livereload.js answers by reloading the page
CSP_SCRIPTS = b"script-src "   # in a page's CSP meta tag, where the preview adds a hash
EARLY_HEADER = "X-Pratinjau"   # "awal" on an early page (earlypages.py)
LOCAL_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]"})   # this computer's, in Host
ALL_ADDRESSES = ("", "0.0.0.0", "::")    # a --host that listens on every address
FOREIGN_HOST = ("400: nama host ini tidak dikenal. Pratinjau hanya bisa dibuka dari "
                "komputer ini, di {url}\n")
# livereload's script (livereload.server, for one port): it loads livereload.js from the
# address the page was opened at.
LIVE_SCRIPT = (b'<script type="text/javascript">(function(){'
               b'var s=document.createElement("script");'
               b"var port=(window.location.port || "
               b"(window.location.protocol == 'https:' ? 443: 80));"
               b's.src="//"+window.location.hostname+":"+port'
               b'+ "/livereload.js?port=" + port;'
               b'document.head.appendChild(s);'
               b'})();</script>')

_PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font:1.1rem/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}}
li{{margin:.6rem 0}}code{{background:#f3f3f3;padding:0 .2rem}}h1{{color:{colour}}}</style>
</head><body><main><h1>{title}</h1>
{body}
</main></body></html>
"""
RED, TEAL = "#a40000", "#0b5563"   # _PAGE's heading: a problem; a notice (theme colour)
# The answer for a page the preview folder lacks until the first build ends (the folder
# is new, or the page is): the first preview makes every page, 14-30 s at 10,000 items.
BEING_MADE = _PAGE.format(
    title="Pratinjau sedang dibuat", colour=TEAL,
    body="<p>Pratinjau pertama membuat semua halaman situs, jadi perlu waktu: pada situs "
         "dengan ribuan berita, bisa sampai setengah menit. Halaman ini terbuka sendiri "
         "begitu pratinjau selesai dibuat.</p>").encode("utf-8")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=_port, default=8000,
                        help="port to listen on (default: 8000)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this computer only)")
    arguments.add_content(parser)
    arguments.add_templates(parser)
    arguments.add_now(parser)


def run(args: argparse.Namespace) -> int:
    """Serve the preview until Ctrl+C (exit 0); exit 2 when it cannot start."""
    if not args.content.is_dir():
        print(f"build.py: folder konten tidak ada: {args.content}", file=sys.stderr)
        return 2
    url = f"http://{_url_host(args.host)}:{args.port}/"
    watcher = _FileWatcher()
    preview = _Preview(_preview_options(args, url), watcher.reload)
    watcher.on_change = preview.saved
    server = _PreviewServer(preview, watcher)
    for folder in (args.content, preview.options.resolved_templates_dir()):
        server.watch(str(folder.absolute()))
    _quiet_logs()
    # The event loop wakes now and then to notice Ctrl+C (needed on Windows).
    PeriodicCallback(lambda: None, WAKE_MS).start()
    loop = IOLoop.current()
    # Built once listening, so a port in use is reported before any work is done.
    loop.add_callback(preview.start, url)
    # Ctrl+C stops the event loop between two callbacks, never inside one.
    signal.signal(signal.SIGINT, lambda *_: loop.add_callback_from_signal(loop.stop))
    try:
        server.serve(port=args.port, host=args.host, debug=False, open_url_delay=None,
                     root=str(preview.options.resolved_output_dir()))
    except OSError as error:
        print(f"build.py: {_listen_failure(error, args.host, args.port)}", file=sys.stderr)
        return 2
    finally:
        watcher.stop()
    print("\nPratinjau dihentikan.", flush=True)
    sys.stderr.flush()
    # Not waiting for the builder and watcher threads: a build stopped halfway leaves the
    # preview folder as it was (writer.py), and every build saved its cache when it ended.
    os._exit(0)


def _preview_options(args: argparse.Namespace, url: str) -> BuildOptions:
    """Drafts shown, links for the preview's own address, written under .cache/."""
    options = BuildOptions(content_dir=args.content, templates_dir=args.templates,
                           base_url=url, drafts=True, now=args.now,
                           waiting=lambda message: print(message, file=sys.stderr, flush=True))
    # Its own cache, kept open (in memory) for the life of the server; a new one takes
    # the content the build's cache holds.
    return replace(options, output_dir=options.root / CACHE_DIR / PREVIEW_DIR,
                   cache_store=BuildCache(options.preview_cache_folder,
                                          options.cache_folder))


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (1-65535): {text!r}")
    return int(text)


def _url_host(host: str) -> str:
    """The host to put in the preview's address: all-address binds are opened locally."""
    if host in ALL_ADDRESSES:
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def allowed_hosts(host: str) -> frozenset[str] | None:
    """The names (as host_name gives them) that a request's Host header may give to the
    preview listening on `host`: this computer's, and `host`'s own; None (any) when it
    listens on every address, for the network."""
    if host in ALL_ADDRESSES:
        return None
    return LOCAL_NAMES | {_url_host(host).lower()}


_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[^\s:\[\]@/]+)(?::\d*)?")


def host_name(header: str) -> str | None:
    """The name a Host header gives, lowercase, without its port ("[::1]:8000" ->
    "[::1]"); None when it is not a host name."""
    match = _HOST.fullmatch(header.strip().lower())
    return match.group(1) if match else None


def _listen_failure(error: OSError, host: str, port: int) -> str:
    if error.errno == errno.EADDRINUSE:
        return (f"port {port} sudah dipakai program lain (mungkin pratinjau yang masih "
                f"berjalan). Tutup program itu, atau pilih port lain: --port {port + 1}")
    return f"tidak bisa membuka pratinjau di {host}:{port}: {error.strerror or error}"


def _quiet_logs() -> None:
    """The terminal is for the staff: no request log (a 404 for every typo is noise)."""
    access = logging.getLogger("tornado.access")
    access.addHandler(logging.NullHandler())
    access.propagate = False


class _Preview:
    """The preview being served: its build options, the last build's errors, if any, and
    the early pages of saves whose full rebuild is still running.

    Builds run one at a time on the builder thread (`start`); `saved` is called from
    the file watcher's thread; the server reads `problems` and `early_page` from its
    own. `reload` asks the browsers to reload (from any thread).
    """

    def __init__(self, options: BuildOptions, reload: Callable[[], None] = lambda: None):
        self.options = options
        self.reload = reload
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []      # of the last build, if it succeeded
        self.model: BuiltModel | None = None   # of the last good build
        self.made = False                        # a build ended (well or with errors)
        self._lock = threading.Lock()
        self._saves = 0                          # saves seen so far
        self._early: dict[str, tuple[int, bytes]] = {}   # output path -> (save, page)
        self._wake = threading.Event()
        self._version = 0                        # changes shown so far: builds, early pages
        self._served: dict[str, int] = {}        # output path -> version when last served

    def start(self, url: str) -> None:
        threading.Thread(target=self._builder, args=(url,), name="builder",
                         daemon=True).start()

    def _builder(self, url: str) -> None:
        _leave_ctrl_c_to_the_server()
        print("Membangun pratinjau (draf dan berita terjadwal ikut tampil) ...", flush=True)
        self.rebuild()
        print(f"Pratinjau: {url} — tekan Ctrl+C untuk berhenti", flush=True)
        while True:
            self._wake.wait()
            self._wake.clear()
            self.rebuild()

    def saved(self, paths: set[Path]) -> None:
        """Files changed: show the saved documents' pages early, then rebuild."""
        with self._lock:
            self._saves += 1
            save, model, broken = self._saves, self.model, bool(self.problems)
        try:
            pages = early_pages(model, paths) if model is not None and not broken else {}
        except Exception:   # a bug here must not stop the watcher: the rebuild still runs
            traceback.print_exc()
            pages = {}
        if pages:
            with self._lock:
                self._early.update((path, (save, page)) for path, page in pages.items())
            self._changed()
        self._wake.set()

    def early_page(self, path: str) -> bytes | None:
        """The early page of a served path ("berita/x/", "berita/x/index.html"), if any."""
        with self._lock:
            early = self._early.get(_output_path(path))
        return early[1] if early else None

    def serving(self, path: str) -> None:
        """A browser is sent the page at `path` as it is now."""
        with self._lock:
            self._served[_output_path(path)] = self._version

    def outdated(self, path: str) -> bool:
        """Whether the page at `path` was last sent before the latest change was shown
        (never sent by this preview: not known to be, so no)."""
        with self._lock:
            return self._served.get(_output_path(path), self._version) < self._version

    def _changed(self) -> None:
        """What the preview shows changed: every browser is to reload."""
        with self._lock:
            self._version += 1
        self.reload()

    def rebuild(self) -> None:
        """Build the preview; on failure keep the last good one and remember the errors.

        Python's cycle collector stays off until the build and the early pages' model
        are made, then collects once, here, before browsers are told to reload. Left to
        itself, the first collections after a build walked everything it made at a
        moment of their own: at 10,000 items 0.14-0.2 s, and the first save's early
        page, which met one, took 0.3-0.4 s instead of 0.1 s."""
        with self._lock:
            covered = self._saves   # every save seen so far is read by this build
        started = time.perf_counter()
        with cycle_collector_paused():
            problems, warnings = self._build()
        if gc.isenabled():
            gc.collect()
        seconds = time.perf_counter() - started
        with self._lock:
            self.problems, self.warnings, self.made = problems, warnings, True
            self._early = {path: early for path, early in self._early.items()
                           if early[0] > covered}
        if problems:
            print(f"{format_problems(problems)}\nPerbaiki lalu simpan berkasnya; pratinjau "
                  "akan diperbarui sendiri.", file=sys.stderr, flush=True)
        else:
            shown = f"{seconds:.2f}".replace(".", ",")   # Indonesian decimal comma
            print(f"Pratinjau diperbarui ({shown} detik).", flush=True)
        self._changed()

    def _build(self) -> tuple[list[Problem], list[Problem]]:
        """The errors of a build of the preview (none when it was written), and its
        warnings."""
        try:
            result = build_site(self.options)
        except BuildFailed as failure:
            return failure.errors, []
        except WriteFailed as error:
            return [Problem(Location(self.options.resolved_output_dir()),
                            f"pratinjau tidak bisa ditulis: {error}")], []
        except Exception as error:   # a bug in site_builder must not stop the preview
            traceback.print_exc()
            return [Problem(Location(self.options.content_dir),
                            f"kesalahan program site_builder (bukan di konten): {error!r}")], []
        if result.warnings:
            print(format_problems(result.warnings), file=sys.stderr, flush=True)
        self.model = result.model
        try:
            if result.model is not None:
                prepare_early_pages(result.model)
        except Exception:   # early pages are a nicety: the preview goes on without them
            traceback.print_exc()
        return [], list(result.warnings)


def _output_path(path: str) -> str:
    """The file a served path names: "berita/x/" and "berita/x/index.html" are one page."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def error_page(problems: list[Problem]) -> bytes:
    """The page shown for every address while the site cannot be built."""
    body = (f"<p>{len(problems)} kesalahan. Perbaiki berkasnya lalu simpan: halaman ini "
            "akan kembali dengan sendirinya. Pratinjau terakhir yang berhasil tetap "
            f"tersimpan.</p>\n{_problem_list(problems)}")
    return _PAGE.format(title="Situs belum bisa dibangun", body=body,
                        colour=RED).encode("utf-8")


def _problem_list(problems: list[Problem]) -> str:
    items = "\n".join(f"<li><code>{html.escape(p.location.path.as_posix())}</code>"
                      f"{f', baris {p.location.line}' if p.location.line else ''}: "
                      f"{html.escape(p.message)}</li>" for p in problems)
    return f"<ol>\n{items}\n</ol>"


_MAIN = re.compile(rb"<main\b[^>]*>")


def with_warnings(page: bytes, warnings: list[Problem]) -> bytes:
    """`page` with the content's warnings at the top of its <main>: a build with warnings
    publishes, so they are easy to miss in the terminal. Folded in a <details> with the
    theme's `related` box, so the page below stays as it will be published."""
    main = _MAIN.search(page) if warnings else None
    if main is None:
        return page
    box = (f'<details class="related pratinjau-peringatan"><summary>Pratinjau: '
           f"{len(warnings)} peringatan di konten. Situs tetap bisa terbit, tetapi sebaiknya "
           f"diperbaiki; buka untuk melihatnya.</summary>\n{_problem_list(warnings)}\n"
           "</details>").encode("utf-8")
    return page[:main.end()] + box + page[main.end():]


def is_safe_path(path: str) -> bool:
    """Whether a decoded URL path stays inside the served folder, written plainly."""
    parts = path.split("/")
    return not (path.startswith("/") or "\\" in path or "\0" in path
                or any(part in (".", "..") for part in parts))


class _PreviewHandler(StaticFileHandler):
    """livereload's static files, plus the error page, path checks and the site's 404."""

    def initialize(self, path: str, preview: _Preview, script_hash: bytes = b"",
                   default_filename: str | None = None) -> None:
        super().initialize(path, default_filename)
        self.preview = preview
        self.script_hash = script_hash   # added to the first chunk's CSP, then b""

    def write(self, chunk: Any) -> None:
        """The first chunk of a page: its CSP (base.html) also allows livereload's inline
        script, by its hash, and the content's warnings are shown (with_warnings)."""
        first, self.script_hash = self.script_hash, b""
        html_page = str(self._headers.get("Content-Type", "")).startswith("text/html")
        if first and html_page and isinstance(chunk, bytes):
            shown = chunk.replace(CSP_SCRIPTS, CSP_SCRIPTS + first, 1)
            if not self._headers.get(EARLY_HEADER):   # older than the build it shows
                shown = with_warnings(shown, self.preview.warnings)
            if "Content-Length" in self._headers:
                length = int(self._headers["Content-Length"]) + len(shown) - len(chunk)
                self.set_header("Content-Length", str(length))
            chunk = shown
        super().write(chunk)

    async def get(self, path: str, include_body: bool = True) -> None:
        self.preview.serving(path)
        if self.preview.problems:
            return self._send_page(500, error_page(self.preview.problems))
        if not is_safe_path(path):
            raise HTTPError(400)
        early = self.preview.early_page(path)
        if early is not None:
            return self._send_page(200, early, include_body, early=True)
        await super().get(path, include_body)

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        # Resolved, so a symbolic link cannot lead outside either.
        if not Path(absolute_path).resolve().is_relative_to(Path(root).resolve()):
            raise HTTPError(404)
        path = super().validate_absolute_path(root, absolute_path)
        if path is not None:
            self._read_once(path)
        return path

    def _read_once(self, path: str) -> None:
        """The file's bytes and stat, from one opening. tornado stats a file, then opens it
        by its name again: a rebuild swapping the preview folder in between served one
        file's length with the other's bytes, and the connection was cut (a reload during
        a rebuild, about one request in 5,000)."""
        try:
            with open(path, "rb") as file:
                self._snapshot_stat = os.fstat(file.fileno())
                self._snapshot = file.read()
        except OSError as error:   # gone with the swap: as any missing file
            raise HTTPError(404) from error

    def get_content_size(self) -> int:
        return len(self._snapshot)

    def get_modified_time(self) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(int(self._snapshot_stat.st_mtime),
                                               datetime.timezone.utc)

    def get_content(self, abspath: str, start: int | None = None,  # type: ignore[override]
                    end: int | None = None) -> bytes:
        """The bytes read once (tornado's, a class method, would open `abspath` again)."""
        return self._snapshot[start:end]

    def compute_etag(self) -> str | None:
        """The read bytes' digest; None for a page not served from a file (an early page)."""
        snapshot = getattr(self, "_snapshot", None)
        return f'"{hashlib.sha1(snapshot).hexdigest()}"' if snapshot is not None else None

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")   # a reload must show the new build

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        if status_code in (403, 404):   # 403: tornado's "not in root" or "not a file"
            if not self.preview.made:   # not missing: not made yet
                return self._send_page(503, BEING_MADE)
            return self._send_page(404, self._not_found_page())
        if status_code == 400:
            return self._send_page(400, _PAGE.format(
                title="Alamat tidak valid", colour=RED,
                body="<p>Alamat ini tidak bisa dibuka. <a href=\"/\">Ke beranda</a></p>"
            ).encode("utf-8"))
        super().write_error(status_code, **kwargs)

    def _not_found_page(self) -> bytes:
        page = Path(self.root) / "404.html"
        if page.is_file():
            return page.read_bytes()
        return _PAGE.format(title="Halaman tidak ditemukan", colour=RED,
                            body="<p><a href=\"/\">Ke beranda</a></p>").encode("utf-8")

    def _send_page(self, status: int, body: bytes, include_body: bool = True,
                   early: bool = False) -> None:
        self.clear()
        if early:
            self.set_header(EARLY_HEADER, "awal")
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        if not include_body:   # HEAD
            self.set_header("Content-Length", str(len(body)))
            return self.finish()
        self.finish(body)


class _ThisComputer(Matcher):
    """Requests whose Host header names one of `names` (allowed_hosts; None: any)."""

    def __init__(self, names: frozenset[str] | None) -> None:
        self.names = names

    def match(self, request: HTTPServerRequest) -> dict[str, Any] | None:
        if self.names is None or host_name(request.host) in self.names:
            return {}
        return None


class _ForeignHost(RequestHandler):
    """The answer to a request for another host (DNS rebinding): 400, a line of text."""

    def initialize(self, url: str) -> None:
        self.url = url

    def prepare(self) -> None:
        self.set_status(400)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(FOREIGN_HOST.format(url=self.url).encode("utf-8"))


class _FileWatcher(Watcher):
    """The folders livereload is told to watch, watched through the operating system's
    file events (watchfiles: inotify, FSEvents, ReadDirectoryChangesW) on a thread of
    its own; `on_change(paths)` is called there. livereload's own watcher stats every
    file of every folder on each poll: 80 ms for 10,000 news items.

    `reload()` (from any thread) has livereload tell every browser to reload the whole
    page: livereload.js would swap only the matching <img> for a changed image, while
    the site publishes resized copies under other names.
    """

    def __init__(self) -> None:
        super().__init__()
        self.on_change: Callable[[set[Path]], None] = lambda paths: None
        self._stop = threading.Event()
        self._poll: Callable[[], None] | None = None
        self._loop: IOLoop | None = None
        self._reload = False

    def start(self, callback: Callable[[], None]) -> bool:
        """Called by livereload on the server's thread: watch from now on."""
        self._poll, self._loop = callback, IOLoop.current()
        threading.Thread(target=self._watch, name="watcher", daemon=True).start()
        return True   # livereload then starts no poll of its own

    def _watch(self) -> None:
        _leave_ctrl_c_to_the_server()   # also for the threads watchfiles starts from here
        for changes in watchfiles.watch(*self._tasks, step=SETTLE_MS, debounce=1000,
                                        stop_event=self._stop, raise_interrupt=False):
            self.on_change({Path(path) for _, path in changes})

    def stop(self) -> None:
        self._stop.set()

    def reload(self) -> None:
        self._reload = True
        if self._loop is not None and self._poll is not None:
            self._loop.add_callback(self._poll)

    def examine(self) -> tuple[str | None, float | None]:
        """livereload's question, on the server's thread: reload the browsers?"""
        if self._reload:
            self._reload = False
            self.filepath = FULL_RELOAD
            return FULL_RELOAD, None
        return None, None


def _leave_ctrl_c_to_the_server() -> None:
    """Block SIGINT on the calling thread (and threads it starts), so Ctrl+C reaches the
    server's thread, the only one Python runs signal handlers on: delivered to another,
    it would not wake the server's event loop."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


class _PreviewServer(Server):
    """livereload's server with our handler for the preview folder and a quiet log."""

    def __init__(self, preview: _Preview, watcher: _FileWatcher):
        super().__init__(watcher=watcher)
        self.preview = preview
        # livereload skips reloading the browser within 3 s of the last reload, so a
        # quick fix after a broken save would leave the error page showing.
        LiveReloadHandler.DEFAULT_RELOAD_TIME = 0

    def application(self, port: int, host: str, liveport: int | None = None,
                    debug: bool | None = None, live_css: bool = True) -> None:
        """livereload's Server.application, on one port and without debug mode (all the
        preview uses), every request's Host checked first (_ThisComputer): one naming
        another computer gets 400 (_ForeignHost), livereload's addresses too. The
        reload script (LIVE_SCRIPT) connects to the address the page was opened at."""
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        # Tornado's own check: the WebSocket's Origin is the Host asked (checked above),
        # so only the preview's own pages open it. livereload accepts any origin: a page
        # of another site open in the same browser heard every file saved (a draft's
        # name). Nor is /forcereload served (a GET any page may make reloaded the tabs).
        LiveReloadHandler.check_origin = WebSocketHandler.check_origin
        handlers = [(r"/livereload", _ReloadHandler, {"preview": self.preview}),
                    (r"/livereload.js", LiveReloadJSHandler),
                    *self.get_web_handlers(LIVE_SCRIPT)]
        url = f"http://{_url_host(host)}:{port}/"
        Application([Rule(_ThisComputer(allowed_hosts(host)), handlers),
                     (r".*", _ForeignHost, {"url": url})],
                    transforms=[_LiveScript]).listen(port, address=host)

    def get_web_handlers(self, script: bytes) -> list[tuple]:
        inline = script[script.index(b">") + 1:script.rindex(b"</script>")]
        script_hash = b"&#39;sha256-%s&#39; " % base64.b64encode(hashlib.sha256(inline).digest())
        return [(r"/(.*)", _PreviewHandler, {"path": self.root, "preview": self.preview,
                                             "script_hash": script_hash,
                                             "default_filename": "index.html"})]

    def _setup_logging(self) -> None:
        """livereload's own log lines are for programmers; ours are printed by _Preview."""


class _ReloadHandler(LiveReloadHandler):
    """livereload's WebSocket, which also reloads a browser that connects with a page
    older than what the preview now shows. A browser reloading, its WebSocket closed, when
    the next build finished missed that build's reload (livereload tells only browsers
    connected): a quick second save, or a fix, stayed unseen until the next save."""

    def initialize(self, preview: _Preview) -> None:
        self.preview = preview

    def on_message(self, message: str | bytes) -> None:
        super().on_message(message)
        info = json.loads(message)
        if (isinstance(info, dict) and info.get("command") == "info"
                and isinstance(info.get("url"), str) and self in self.waiters
                and self.preview.outdated(urllib.parse.unquote(
                    urllib.parse.urlsplit(info["url"]).path).lstrip("/"))):
            self.send_message({"command": "reload", "path": FULL_RELOAD,
                               "liveCSS": self.live_css, "liveImg": True})


class _LiveScript(LiveScriptInjector):
    """Adds LIVE_SCRIPT before </head> of every HTML answer (livereload's transform)."""

    script = LIVE_SCRIPT
