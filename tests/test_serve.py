"""The live preview, `build.py serve`, as a real process on 127.0.0.1 on a free port.

Pages are fetched over HTTP (http.client, which sends a path exactly as written, `..`
included); files are edited on disk and the test polls until the rebuilt page is served.
The last test drives real Chromium and waits for livereload to reload the page by itself.
Every server is stopped with Ctrl+C (SIGINT) in a `finally`.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import http.client
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from conftest import NOW, PROJECT, make_site, write_files

NEWS = "content/news/2024-01-05-kelas-menulis.md"
NEWS_PAGE = "berita/kelas-menulis/"
PREVIEW = ".cache/preview"
LIVERELOAD = "livereload.js"
BOX = '<details class="related pratinjau-peringatan"'   # the preview's warnings


def news(title: str, date: str = "2024-01-05 09:00", extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\nIsi berita.\n"


def free_port(address: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((address, 0))
        return probe.getsockname()[1]


@dataclass
class Preview:
    root: Path
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def get(self, path: str, host: str | None = None) -> tuple[int, str]:
        """GET `path` ("/berita/", "/../x") as written; returns status and body. `host`:
        the Host header sent (by default "127.0.0.1:PORT", as a browser sends it)."""
        status, _, body = self.fetch(path, host)
        return status, body

    def fetch(self, path: str, host: str | None = None, address: str = "127.0.0.1"
              ) -> tuple[int, http.client.HTTPMessage, str]:
        """GET `path` as written (from `address`, with `host` as the Host header if given);
        returns status, headers and body."""
        connection = http.client.HTTPConnection(address, self.port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": host} if host else {})
            response = connection.getresponse()
            return (response.status, response.headers,
                    response.read().decode("utf-8", "replace"))
        finally:
            connection.close()

    def wait_for(self, path: str, text: str, status: int = 200, limit: float = 10.0) -> float:
        """Poll `path` until it answers `status` with `text`; returns the seconds it took."""
        started = time.perf_counter()
        while True:
            answer = self.get(path)
            elapsed = time.perf_counter() - started
            if answer[0] == status and text in answer[1]:
                return elapsed
            assert elapsed < limit, f"{path}: no {status} with {text!r} after {limit} s\n" \
                                    f"last answer {answer[0]}\n{self.output()}"
            time.sleep(0.02)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")


def stop(process: subprocess.Popen) -> int:
    """Ctrl+C, as staff stop it; killed if it does not stop within 10 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def serve_command(root: Path, port: int, *extra: str) -> list[str]:
    return [sys.executable, "build.py", "serve", "--port", str(port),
            "--content", str(root / "content"), "--now", NOW, *extra]


@contextlib.contextmanager
def serving(root: Path, *extra: str, address: str = "127.0.0.1") -> Iterator[Preview]:
    """Run `build.py serve` on the site at `root` until its first page answers (`address`:
    where it listens, given in `extra` as --host)."""
    log = root.parent / "serve.log"
    port = free_port(address)
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(serve_command(root, port, *extra), cwd=PROJECT,
                                   stdout=out, stderr=subprocess.STDOUT)
    preview = Preview(root, port, process, log)
    try:
        _wait_until_listening(preview)
        yield preview
    finally:
        stop(process)


def _wait_until_listening(preview: Preview, limit: float = 30.0) -> None:
    started = time.perf_counter()
    while "Pratinjau: " not in preview.output():
        assert preview.process.poll() is None, f"serve exited:\n{preview.output()}"
        assert time.perf_counter() - started < limit, f"serve not ready:\n{preview.output()}"
        time.sleep(0.05)


@pytest.fixture
def news_site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {NEWS: news("Kelas Menulis Dibuka")})


# --- Serving -----------------------------------------------------------------------------

def test_serves_the_preview_with_drafts_and_the_reload_script(tmp_path: Path):
    root = make_site(tmp_path, {
        "content/site.yaml": "title: Perpustakaan Uji\n"
                             "base_url: https://example.org/perpustakaan/\n",
        NEWS: news("Kelas Menulis Dibuka"),
        "content/news/2024-02-01-rencana-lomba.md": news("Rencana Lomba Rahasia",
                                                         "2024-02-01", "draft: true\n"),
        "content/news/2030-01-01-kabar-masa-depan.md": news("Kabar Masa Depan", "2030-01-01"),
        "content/static/catatan.txt": "catatan statis\n",
    })
    with serving(root) as preview:
        status, home = preview.get("/")
        assert status == 200 and "Kelas Menulis Dibuka" in home
        assert LIVERELOAD in home
        # Built for the address it is served at, not site.yaml's /perpustakaan/.
        assert 'href="/berita/' in home and "/perpustakaan/" not in home
        assert preview.get("/berita/rencana-lomba/")[0] == 200
        assert "Kabar Masa Depan" in preview.get("/berita/kabar-masa-depan/")[1]
        assert preview.get("/catatan.txt") == (200, "catatan statis\n")
        assert f"Pratinjau: {preview.base} — tekan Ctrl+C untuk berhenti" in preview.output()
    assert (root / PREVIEW / "berita" / "rencana-lomba" / "index.html").is_file()
    assert not (root / "output").exists()


def test_a_missing_page_gets_the_sites_404_page(news_site: Path):
    with serving(news_site) as preview:
        status, body = preview.get("/halaman-yang-tidak-ada/")
    assert status == 404
    assert "Halaman tidak ditemukan" in body and LIVERELOAD in body


def test_an_address_asked_for_before_the_first_preview_is_made_says_it_is_coming(
        news_site: Path):
    """The first preview makes every page (half a minute at 10,000 items): a page asked
    for meanwhile, which the preview folder does not hold yet, says the preview is being
    made (503, not "not found"), and is there once it is. Here the first build waits for
    another build of the preview folder, whose lock the test holds."""
    from site_builder.writer import lock_output
    port = free_port()
    log = news_site.parent / "serve.log"
    with lock_output(news_site / PREVIEW):
        with log.open("w", encoding="utf-8") as out:
            process = subprocess.Popen(serve_command(news_site, port), cwd=PROJECT,
                                       stdout=out, stderr=subprocess.STDOUT)
        preview = Preview(news_site, port, process, log)
        try:
            started = time.perf_counter()
            while True:
                assert process.poll() is None, preview.output()
                with contextlib.suppress(ConnectionError):
                    status, body = preview.get("/" + NEWS_PAGE)
                    break
                assert time.perf_counter() - started < 30, preview.output()
                time.sleep(0.05)
            assert status == 503 and "Pratinjau sedang dibuat" in body and LIVERELOAD in body
            assert "Halaman tidak ditemukan" not in body
        except BaseException:
            stop(process)
            raise
    try:
        preview.wait_for("/" + NEWS_PAGE, "Kelas Menulis Dibuka", limit=30)
        _wait_until_listening(preview)   # the build has ended
        status, body = preview.get("/tidak-ada/")
        assert status == 404 and "Pratinjau sedang dibuat" not in body
    finally:
        stop(process)


def test_listens_on_127_0_0_1_only(news_site: Path):
    with serving(news_site) as preview:
        assert preview.get("/")[0] == 200
        # All of 127.0.0.0/8 is this computer, but only 127.0.0.1 is listened on.
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.2", preview.port), timeout=2).close()


def upgrade(port: int, host: str, address: str = "127.0.0.1", origin: str | None = None) -> str:
    """The status line of the answer to livereload.js's WebSocket handshake, sent with
    `host` as the Host header, from a page at `origin` (default: the same host's)."""
    with socket.create_connection((address, port), timeout=10) as client:
        client.sendall(f"GET /livereload HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
                       "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       f"Sec-WebSocket-Version: 13\r\nOrigin: {origin or 'http://' + host}"
                       "\r\n\r\n".encode())
        return client.makefile("rb").readline().decode().strip()


FOREIGN = "nama host ini tidak dikenal"   # the 400 answer to another Host


def test_a_page_asked_for_under_another_host_name_is_refused(tmp_path: Path):
    """DNS rebinding: a web page open in the browser points its own name at 127.0.0.1
    and reads the preview, drafts included. Only this computer's names are answered."""
    root = make_site(tmp_path, {
        NEWS: news("Kelas Menulis Dibuka"),
        "content/news/2024-02-01-rencana-lomba.md": news("Rencana Lomba Rahasia",
                                                         "2024-02-01", "draft: true\n"),
    })
    with serving(root) as preview:
        port = preview.port
        for host in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1.nip.io:{port}",
                     f"localhost.attacker.example:{port}", f"[::2]:{port}", f"0.0.0.0:{port}",
                     f"127.0.0.2:{port}"):
            for path in ("/", "/berita/rencana-lomba/", "/livereload.js",
                         "/forcereload", "/tidak-ada/", "/../secret.txt"):
                status, headers, body = preview.fetch(path, host)
                assert status == 400, (host, path)
                assert FOREIGN in body and "Rencana Lomba" not in body, (host, path)
                assert headers["Content-Type"] == "text/plain; charset=utf-8"
                assert "livereload" not in body.lower()
            assert upgrade(port, host).startswith("HTTP/1.1 400"), host
        for host in (f"[::1]x:{port}", f"127.0.0.1:{port}@evil", f"localhost:{port}:{port}"):
            status, body = preview.get("/berita/rencana-lomba/", host)    # not a host name
            assert status == 400 and "Rencana Lomba" not in body, host
        for host in (f"127.0.0.1:{port}", "127.0.0.1", f"localhost:{port}",
                     f"LocalHost:{port}", f"[::1]:{port}", "[::1]"):
            status, body = preview.get("/berita/rencana-lomba/", host)
            assert status == 200 and "Rencana Lomba Rahasia" in body, host
            assert upgrade(port, host) == "HTTP/1.1 101 Switching Protocols", host
        assert preview.get("/livereload.js")[0] == 200
        assert preview.get("/tidak-ada/")[0] == 404


def test_a_web_page_elsewhere_can_neither_listen_to_saves_nor_reload_the_preview(
        tmp_path: Path):
    """A page of another site open in the same browser may open a WebSocket to
    127.0.0.1 (browsers let it; the server must check its Origin): livereload answered
    any, so such a page heard the name of every file saved (an embargoed draft's too),
    and /forcereload, a plain GET any page can make, reloaded the preview's tabs."""
    root = make_site(tmp_path, {NEWS: news("Kelas Menulis Dibuka")})
    with serving(root) as preview:
        port = preview.port
        here = f"127.0.0.1:{port}"
        for origin in ("https://attacker.example", "http://127.0.0.1.nip.io", "null",
                       f"http://localhost:{port + 1}"):
            assert upgrade(port, here, origin=origin).startswith("HTTP/1.1 403"), origin
        assert upgrade(port, here, origin=f"http://{here}") == "HTTP/1.1 101 Switching Protocols"
        assert upgrade(port, f"localhost:{port}") == "HTTP/1.1 101 Switching Protocols"
        status, body = preview.get("/forcereload?path=*")
        assert status == 404 and "ok" != body.strip()


def test_a_preview_served_at_another_address_also_answers_to_it(tmp_path: Path):
    """--host 127.0.0.2 (an address of this computer that is not 127.0.0.1): its own name
    is answered, and this computer's, not another."""
    root = make_site(tmp_path, {NEWS: news("Kelas Menulis Dibuka")})
    with serving(root, "--host", "127.0.0.2", address="127.0.0.2") as preview:
        port = preview.port
        for host in (f"127.0.0.2:{port}", f"localhost:{port}", f"127.0.0.1:{port}"):
            status, _, body = preview.fetch("/" + NEWS_PAGE, host, address="127.0.0.2")
            assert status == 200 and "Kelas Menulis Dibuka" in body, host
        status, _, body = preview.fetch("/", f"attacker.example:{port}", address="127.0.0.2")
        assert status == 400 and FOREIGN in body
        assert upgrade(port, f"127.0.0.2:{port}", "127.0.0.2").endswith(" 101 Switching Protocols")


def test_which_host_names_a_preview_answers_to():
    from site_builder.serve import allowed_hosts, host_name

    assert allowed_hosts("0.0.0.0") is None and allowed_hosts("::") is None   # the network
    assert allowed_hosts("") is None
    assert allowed_hosts("127.0.0.1") == {"127.0.0.1", "localhost", "[::1]"}
    assert allowed_hosts("::1") == {"127.0.0.1", "localhost", "[::1]"}
    assert allowed_hosts("192.168.1.20") == {"127.0.0.1", "localhost", "[::1]", "192.168.1.20"}
    assert allowed_hosts("Pustaka-PC.local") == {"127.0.0.1", "localhost", "[::1]",
                                                 "pustaka-pc.local"}
    assert allowed_hosts("fe80::1") == {"127.0.0.1", "localhost", "[::1]", "[fe80::1]"}
    for header, name in [("127.0.0.1:8000", "127.0.0.1"), ("LOCALHOST", "localhost"),
                         ("[::1]:8000", "[::1]"), ("[::1]", "[::1]"), ("localhost:", "localhost"),
                         ("[::1]x:80", None), ("a:b:80", None), ("::1", None),
                         ("a b:80", None), ("", None), ("localhost:80:80", None)]:
        assert host_name(header) == name, header


OUTSIDE_PATHS = [
    "/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/secret.txt",
    "/..%2fsecret.txt", "/..%2F..%2Fsecret.txt", "/..%5csecret.txt", "/..%5C..%5Csecret.txt",
    "/%5c..%5c..%5csecret.txt", "/..\\..\\secret.txt", "//etc/passwd", "/%2fetc%2fpasswd",
    "/./../secret.txt", "/berita/../../secret.txt", "/%00../secret.txt",
]


def test_paths_outside_the_preview_folder_are_refused(news_site: Path):
    """Each of OUTSIDE_PATHS, and the secret's absolute path, asked of one preview."""
    secret = "RAHASIA-JANGAN-DIKIRIM"
    write_files(news_site, {".cache/secret.txt": secret, "secret.txt": secret})
    leaks = []
    with serving(news_site) as preview:
        assert preview.get("/")[0] == 200   # the preview answers what it holds
        for attempt in [*OUTSIDE_PATHS, "/" + str(news_site / ".cache" / "secret.txt")]:
            status, body = preview.get(attempt)
            if status not in (400, 404) or secret in body or "root:x:0" in body:
                leaks.append(f"{attempt}: {status} {body[:80]!r}")
    assert leaks == [], "\n".join(leaks)


def test_a_port_in_use_is_reported_in_indonesian(news_site: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(serve_command(news_site, port), cwd=PROJECT,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result
    assert f"port {port} sudah dipakai program lain" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (news_site / PREVIEW).exists()   # refused before building anything


def test_ctrl_c_stops_cleanly(news_site: Path):
    with serving(news_site) as preview:
        assert preview.get("/")[0] == 200
        assert stop(preview.process) == 0
    assert "Traceback" not in preview.output()
    assert "Pratinjau dihentikan." in preview.output()


# --- Rebuilding on save ------------------------------------------------------------------

def test_saving_a_news_item_of_the_sample_site_shows_within_a_second(tmp_path: Path):
    root = tmp_path / "site"
    shutil.copytree(PROJECT / "content", root / "content")
    item = root / "content/news/2026-08-24-kelas-bahasa-inggris-dibuka-kembali.md"
    page = "/berita/kelas-bahasa-inggris-dibuka-kembali/"
    text = item.read_text(encoding="utf-8")
    latencies = []
    with serving(root) as preview:
        assert preview.get(page)[0] == 200
        for number in range(1, 6):
            title = f"Kelas Bahasa Inggris Edisi {number}"
            item.write_text(text.replace("Kelas Bahasa Inggris Gratis Dibuka Kembali", title,
                                         1), encoding="utf-8")
            latencies.append(preview.wait_for(page, f"<h1>{title}</h1>"))
    print(f"\nsave to served, sample site: {', '.join(f'{s:.2f}' for s in latencies)} s "
          f"(median {statistics.median(latencies):.2f} s)")
    assert statistics.median(latencies) < 10
    assert not (root / "output").exists()


def test_a_saved_news_item_is_served_early_then_the_whole_preview_is_rebuilt(tmp_path: Path):
    """The saved item's page comes first, from memory (earlypages.py), marked by a header;
    the list pages follow with the full rebuild, which then serves the same page from disk."""
    files = {f"content/news/2024-{1 + number // 28:02d}-{1 + number % 28:02d}-berita-{number}.md":
             news(f"Berita Nomor {number}", f"2024-{1 + number // 28:02d}-{1 + number % 28:02d}"
                  " 09:00", "tags: [Kabar, Desa]\n") for number in range(300)}
    root = make_site(tmp_path, files)
    newest = root / "content/news/2024-11-20-berita-299.md"
    page = "/berita/berita-299/"
    with serving(root) as preview:
        preview.wait_for(page, "Berita Nomor 299")
        rebuilds = preview.output().count("Pratinjau diperbarui")
        newest.write_text(newest.read_text(encoding="utf-8").replace(
            "Berita Nomor 299", "Berita Terbaru Sekali"), encoding="utf-8")
        while True:
            status, headers, body = preview.fetch(page)
            if "Berita Terbaru Sekali" in body:
                break
            time.sleep(0.005)
        assert status == 200 and headers["X-Pratinjau"] == "awal"
        assert preview.output().count("Pratinjau diperbarui") == rebuilds
        assert LIVERELOAD in body and "Berita Terbaru Sekali</h1>" in body

        preview.wait_for("/berita/", "Berita Terbaru Sekali")   # the full rebuild ...
        started = time.perf_counter()
        while preview.output().count("Pratinjau diperbarui") == rebuilds:   # ... has ended
            assert time.perf_counter() - started < 10, preview.output()
            time.sleep(0.02)
        status, headers, from_disk = preview.fetch(page)
        assert status == 200 and headers["X-Pratinjau"] is None
        assert from_disk == body
        assert preview.output().count("Pratinjau diperbarui") == rebuilds + 1


def test_templates_and_static_files_are_watched(tmp_path: Path):
    root = make_site(tmp_path, {NEWS: news("Kelas Menulis Dibuka")})
    shutil.copytree(PROJECT / "templates", root / "templates")
    with serving(root) as preview:
        base = root / "templates" / "base.html"
        base.write_text(base.read_text(encoding="utf-8").replace(
            "</head>", '<meta name="uji-pratinjau" content="ya">\n</head>', 1), encoding="utf-8")
        preview.wait_for("/", 'name="uji-pratinjau"')
        write_files(root, {"content/static/baru.txt": "berkas baru\n"})
        preview.wait_for("/baru.txt", "berkas baru")


def test_a_broken_file_shows_the_error_page_until_it_is_fixed(news_site: Path):
    page = "/" + NEWS_PAGE
    with serving(news_site) as preview:
        preview.wait_for(page, "Kelas Menulis Dibuka")
        write_files(news_site, {
            NEWS: news("Kelas Menulis Ditunda", "2024-13-05"),
            "content/news/2024-01-06-lain.md": news("Lain", '"<i>kemarin</i>"'),
        })
        preview.wait_for(page, "Situs belum bisa dibangun", status=500)
        for address in (page, "/", "/jadwal/", "/tidak-ada/"):
            status, body = preview.get(address)
            assert status == 500 and "Situs belum bisa dibangun" in body, address
            assert LIVERELOAD in body
        assert "<code>content/news/2024-01-05-kelas-menulis.md</code>, baris 3" in body
        assert "bulan 13 tidak ada" in body
        assert "&quot;&lt;i&gt;kemarin&lt;/i&gt;&quot;" in body and "<i>kemarin" not in body
        assert "content/news/2024-01-05-kelas-menulis.md:3: kesalahan" in preview.output()
        # The last good preview stays on disk.
        kept = news_site / PREVIEW / NEWS_PAGE / "index.html"
        assert "Kelas Menulis Dibuka" in kept.read_text(encoding="utf-8")

        write_files(news_site, {NEWS: news("Kelas Menulis Ditunda")})
        (news_site / "content/news/2024-01-06-lain.md").unlink()
        preview.wait_for(page, "Kelas Menulis Ditunda")
    assert not (news_site / "output").exists()


def test_warnings_are_shown_on_the_preview_pages_until_fixed(news_site: Path):
    """A build with warnings publishes, and staff previewing rarely read the terminal:
    every page of the preview shows them, at the top of its content, until fixed."""
    page = "/" + NEWS_PAGE
    with serving(news_site) as preview:
        preview.wait_for(page, "Kelas Menulis Dibuka")
        assert BOX not in preview.get(page)[1]
        write_files(news_site, {NEWS: news("Kelas Menulis Dibuka").replace(
            "Isi berita.", "Isi berita.\n\n# Syarat & cara daftar\n\nTeks.")})
        preview.wait_for(page, BOX)
        for address in (page, "/", "/tidak-ada/"):
            body = preview.get(address)[1]
            assert BOX in body and "1 peringatan" in body, address
            box = body[body.index(BOX):]
            box = box[:box.index("</details>")]
            assert "<code>content/news/2024-01-05-kelas-menulis.md</code>, baris 7" in box
            assert 'judul &quot;Syarat &amp; cara daftar&quot; bertingkat 1' in box
            assert body.index("<main") < body.index(BOX) < body.index("<h1")
        status, headers, body = preview.fetch(page)   # the length counts the box
        assert int(headers["Content-Length"]) == len(body.encode("utf-8"))
        assert "peringatan: judul" in preview.output()

        write_files(news_site, {NEWS: news("Kelas Menulis Diperbaiki")})
        preview.wait_for(page, "Kelas Menulis Diperbaiki")
        for _ in range(500):   # the early page first, then the rebuilt one: no box on either
            status, headers, body = preview.fetch(page)
            assert BOX not in body, headers.get("X-Pratinjau")
            if headers.get("X-Pratinjau") is None:
                break
            time.sleep(0.02)
        assert "Kelas Menulis Diperbaiki" in body and headers.get("X-Pratinjau") is None


def test_a_site_broken_from_the_start_is_served_once_fixed(tmp_path: Path):
    root = make_site(tmp_path, {NEWS: news("Kelas Menulis Dibuka", "2024-13-05")})
    with serving(root) as preview:
        status, body = preview.get("/")
        assert status == 500 and "baris 3" in body and LIVERELOAD in body
        write_files(root, {NEWS: news("Kelas Menulis Dibuka")})
        preview.wait_for("/" + NEWS_PAGE, "Kelas Menulis Dibuka")


def heard_reload(preview: Preview, path: str, within: float = 1.5) -> bool:
    """Whether livereload tells a browser that connects from the page at `path` to
    reload, within `within` seconds (livereload.js's handshake: hello, then info)."""
    import asyncio
    import json
    from tornado.websocket import websocket_connect

    async def listen() -> bool:
        connection = await websocket_connect(f"ws://127.0.0.1:{preview.port}/livereload")
        try:
            await connection.write_message(json.dumps(
                {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
            assert json.loads(await connection.read_message())["command"] == "hello"
            await connection.write_message(json.dumps(
                {"command": "info", "url": preview.base + path, "plugins": {}}))
            try:
                message = await asyncio.wait_for(connection.read_message(), within)
            except asyncio.TimeoutError:
                return False
            return json.loads(message)["command"] == "reload"
        finally:
            connection.close()

    return asyncio.run(listen())


def test_a_browser_connecting_with_a_page_older_than_the_preview_is_reloaded(
        news_site: Path):
    """A browser is told to reload when a build finishes, but only while connected: one
    reloading then (a quick second save) fetched the page before that build and heard no
    reload, so staff kept seeing the page from before their save, or the error page after
    their fix. A browser that connects with an outdated page is reloaded at once."""
    page = "/" + NEWS_PAGE
    with serving(news_site) as preview:
        preview.wait_for(page, "Kelas Menulis Dibuka")
        assert not heard_reload(preview, NEWS_PAGE)   # current: no reload, no loop

        write_files(news_site, {NEWS: news("Kelas Menulis Diperbarui")})
        _wait_for_output(preview, "Pratinjau diperbarui", 2)    # the first build's, then this
        assert heard_reload(preview, NEWS_PAGE, within=10)
        assert heard_reload(preview, NEWS_PAGE[:-1] + "/index.html", within=10)   # one page
        assert not heard_reload(preview, "tentang/")       # not opened: not known stale
        preview.wait_for(page, "Kelas Menulis Diperbarui")
        assert not heard_reload(preview, NEWS_PAGE)

        write_files(news_site, {NEWS: news("Kelas Menulis Diperbarui", "2024-13-05")})
        _wait_for_output(preview, "Perbaiki lalu simpan", 1)
        assert heard_reload(preview, NEWS_PAGE, within=10)
        preview.wait_for(page, "baris 3", status=500)
        assert not heard_reload(preview, NEWS_PAGE)


def _wait_for_output(preview: Preview, text: str, times: int, limit: float = 30) -> None:
    started = time.perf_counter()
    while preview.output().count(text) < times:
        assert time.perf_counter() - started < limit, preview.output()
        time.sleep(0.05)


# --- In the browser ----------------------------------------------------------------------

def test_the_browser_reloads_by_itself(news_site: Path):
    from browser import chromium, chromium_path

    chromium_path()
    with serving(news_site) as preview, chromium() as context:
        page = context.new_page()
        page.goto(preview.base + NEWS_PAGE)
        _wait_for_livereload(page)
        heading = page.get_by_role("heading", level=1)
        assert heading.inner_text() == "Kelas Menulis Dibuka"

        saved = time.perf_counter()
        write_files(news_site, {NEWS: news("Kelas Menulis Diperbarui")})
        page.get_by_role("heading", name="Kelas Menulis Diperbarui").wait_for(timeout=20_000)
        print(f"\nsave to shown in Chromium: {time.perf_counter() - saved:.2f} s")

        _wait_for_livereload(page)
        write_files(news_site, {NEWS: news("Kelas Menulis Diperbarui", "2024-13-05")})
        page.get_by_role("heading", name="Situs belum bisa dibangun").wait_for(timeout=20_000)
        assert "baris 3" in page.content()

        _wait_for_livereload(page)
        write_files(news_site, {NEWS: news("Kelas Menulis Kembali")})
        page.get_by_role("heading", name="Kelas Menulis Kembali").wait_for(timeout=20_000)


def _wait_for_livereload(page) -> None:
    """Until livereload.js has connected; the server reloads only browsers it knows."""
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector"
                           " && window.LiveReload.connector.protocol >= 6", timeout=10_000)
    page.wait_for_timeout(200)   # its "info" message, which registers it, follows "hello"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_a_page_fetched_while_the_preview_folder_is_swapped_comes_whole(tmp_path: Path):
    """A rebuild swaps the preview folder in one step; a page fetched meanwhile is the old
    page or the new one, whole. (tornado stats a file, then opens it by name again: the
    handler read one file's length and the other's bytes, and cut the connection, for
    some 360 of 1,540 fetches here.) The swap is made directly, thousands of times."""
    import threading
    from site_builder.writer import _exchange
    root = make_site(tmp_path, {NEWS: news("Kelas Menulis Dibuka")})
    with serving(root) as preview:
        served = root / ".cache" / "preview"
        other = root / ".cache" / "lain"
        shutil.copytree(served, other)
        page = other / "index.html"
        page.write_bytes(page.read_bytes().replace(
            b"</head>", b'<meta name="uji" content="' + b"y" * 3000 + b'">\n</head>', 1))
        answers: list[tuple[int, bytes] | str] = []
        done = threading.Event()

        def fetch_until_done() -> None:
            while not done.is_set():
                connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)
                try:
                    connection.request("GET", "/")
                    response = connection.getresponse()
                    answers.append((response.status, response.read()))
                except (OSError, http.client.HTTPException) as error:
                    answers.append(repr(error))
                finally:
                    connection.close()

        fetchers = [threading.Thread(target=fetch_until_done) for _ in range(2)]
        for fetcher in fetchers:
            fetcher.start()
        swaps, ends = 0, time.monotonic() + 3
        while time.monotonic() < ends:
            assert _exchange(other, served)
            swaps += 1
            time.sleep(0.0005)
        done.set()
        for fetcher in fetchers:
            fetcher.join()
    assert swaps > 500 and len(answers) > 100
    # Whole: the page ends, and the long attribute is there complete or not at all (the
    # preview adds livereload's script to each page, so bodies are not the files' bytes).
    whole_meta = b'content="' + b"y" * 3000 + b'"'
    broken = [answer for answer in answers
              if isinstance(answer, str) or answer[0] != 200 or b"</html>" not in answer[1]
              or (b'name="uji"' in answer[1]) != (whole_meta in answer[1])]
    assert any(b'name="uji"' in answer[1] for answer in answers if not isinstance(answer, str))
    assert broken == [], broken[:3]


def test_a_rebuild_collects_its_garbage_before_the_browsers_reload(tmp_path: Path):
    """The cycle collector is off while the preview builds, then collects once, before
    the browsers are told to reload: a later save's early page does not meet a
    collection of everything the build made (at 10,000 items the first save's page took
    0.3-0.4 s instead of 0.1 s). And it is on again after, a failed build's too."""
    from site_builder import serve
    root = make_site(tmp_path, {"content/news/2024-01-05-kabar.md": news("Kabar")})
    parser = argparse.ArgumentParser()
    serve.add_arguments(parser)
    args = parser.parse_args(["--content", str(root / "content"), "--now", NOW])
    reloads: list[int] = []
    preview = serve._Preview(serve._preview_options(args, "http://127.0.0.1:8000/"),
                             lambda: reloads.append(gc.collect()))
    gc.collect()
    try:
        preview.rebuild()
        assert preview.problems == [] and gc.isenabled()
        assert reloads == [0]   # nothing left to collect when the reload was sent
        (root / "content" / "news" / "2024-01-05-kabar.md").write_text(
            "---\ntitle: Kabar\ndate: 2024-13-05\n---\nIsi.\n", encoding="utf-8")
        preview.rebuild()
        assert preview.problems and gc.isenabled() and reloads == [0, 0]
    finally:
        preview.options.cache_store.close()
