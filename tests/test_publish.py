"""`build.py publish`: real sites sent to real destinations on this machine.

FTP and FTPS: a pyftpdlib server on 127.0.0.1 with a user and password, whose
command log tells what the server received. A local folder. rsync: an rsync
daemon on 127.0.0.1 (skipped where the rsync program is missing).
"""

from __future__ import annotations

import collections
import contextlib
import datetime
import hashlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conftest import image_bytes, make_site, run, snapshot, write_files
from site_builder import progress
from site_builder.cli import main
from site_builder.publish import (MANIFEST, PASSWORD_VARIABLE, RESUMING, TEMP_SUFFIX,
                                  UsageError, count_line, is_unfinished, parse_manifest,
                                  parse_target, plan_publish)
from site_builder.writer import MARKER

USER, PASSWORD = "pustaka", "rahasia-Jepara-2026"
HINT = "jalankan dulu: python build.py build"
pytestmark = pytest.mark.filterwarnings(    # pyftpdlib on Python 3.11
    "ignore:The (asyncore|asynchat) module is deprecated:DeprecationWarning")

NEWS_KEPT = "content/news/2026-11-02-kelas-menulis.md"
NEWS_GONE = "content/news/2026-10-01-lomba-mewarnai/index.md"
SITE = {
    NEWS_KEPT: "---\ntitle: Kelas Menulis\ndate: 2026-11-02\n---\nKelas menulis dibuka.\n",
    NEWS_GONE: "---\ntitle: Lomba Mewarnai\ndate: 2026-10-01\nimage: foto lomba.jpg\n"
               "image_alt: Anak-anak mewarnai\n---\nLomba mewarnai untuk anak.\n",
    "content/news/2026-10-01-lomba-mewarnai/foto lomba.jpg": image_bytes(),
    "content/news/2026-09-15-pameran/index.md": "---\ntitle: Pameran\ndate: 2026-09-15\n"
                                                "image: pameran.png\nimage_alt: Pameran buku\n"
                                                "---\nPameran buku.\n",
    "content/news/2026-09-15-pameran/pameran.png": image_bytes(kind="PNG"),
    "content/pages/profil.md": "---\ntitle: Profil\n---\nProfil perpustakaan.\n",
}
GONE_FOLDER = "berita/lomba-mewarnai"


def publish(root: Path, *args: str):
    return run(root, "publish", *args, now=None)


def built_site(tmp_path: Path) -> Path:
    root = make_site(tmp_path, SITE)
    assert run(root, "build").code == 0
    return root


def change_site(root: Path) -> tuple[set[str], set[str]]:
    """Edit one news item, delete another, rebuild; returns (changed, removed) output paths."""
    before = snapshot(root / "output")
    write_files(root, {NEWS_KEPT: SITE[NEWS_KEPT].replace("dibuka.", "dibuka lagi.")})
    shutil.rmtree(root / NEWS_GONE.rsplit("/", 1)[0])
    assert run(root, "build").code == 0
    after = snapshot(root / "output")
    changed = {path for path, data in after.items() if before.get(path) != data} - {MARKER}
    return changed, set(before) - set(after)


def published(output: Path) -> dict[str, bytes]:
    """What a destination should hold: the output folder without its marker."""
    files = snapshot(output)
    del files[MARKER]
    return files


def assert_manifest_lists(manifest: bytes, output: Path) -> None:
    files = json.loads(manifest)["files"]
    assert files == {path: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                     for path, data in published(output).items()}


def is_page(path: str) -> bool:
    return path.endswith(".html")


# -- a real FTP server -------------------------------------------------------------------

@dataclass
class FtpServer:
    home: Path
    port: int
    events: list[tuple[str, str, int]] = field(default_factory=list)   # (command, path, reply)
    clients: list[object] = field(default_factory=list)                # connected now
    received: list[tuple[str, str]] = field(default_factory=list)      # every (command, arg)

    def log(self) -> list[tuple[str, str, int]]:
        """The events, once every client has gone (its last commands are logged by then)."""
        deadline = time.monotonic() + 10
        while self.clients and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.events

    def url(self, scheme: str = "ftp") -> str:
        return f"{scheme}://{USER}@127.0.0.1:{self.port}/public_html"

    def counts(self) -> collections.Counter[str]:
        """How many times the server received each command, once every client has gone."""
        self.log()
        return collections.Counter(command for command, arg in self.received)

    def commands(self, name: str) -> list[str]:
        """Paths (relative to public_html) of the `name` commands the server carried out."""
        return [path.removeprefix("public_html/") for command, path, reply in self.log()
                if command == name and reply < 400]


def _serve(tmp_path: Path, handler_base, **settings):
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.ioloop import IOLoop
    from pyftpdlib.servers import FTPServer

    home = tmp_path / "ftp-home"
    (home / "public_html").mkdir(parents=True)
    authorizer = DummyAuthorizer()
    authorizer.add_user(USER, PASSWORD, str(home), perm="elradfmwMT")
    server_state = FtpServer(home, 0)

    def relative(path: str) -> str:
        return Path(path).relative_to(home).as_posix()

    class Handler(handler_base):
        auth_failed_timeout = 0

        def on_connect(self):
            server_state.clients.append(self)

        def pre_process_command(self, line, cmd, arg):
            server_state.received.append((cmd, arg))
            return super().pre_process_command(line, cmd, arg)

        def on_disconnect(self):
            server_state.clients.remove(self)

        def on_file_received(self, file):
            server_state.events.append(("STOR", relative(file), 226))

        def log_cmd(self, cmd, arg, respcode, respstr):
            if cmd in ("RNTO", "DELE", "RMD"):
                server_state.events.append((cmd, relative(arg), respcode))

    Handler.authorizer = authorizer
    for name, value in settings.items():
        setattr(Handler, name, value)
    server = FTPServer(("127.0.0.1", 0), Handler, ioloop=IOLoop())
    server_state.port = server.address[1]
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            server.serve_forever(timeout=0.01, blocking=False, handle_exit=False)
        server.close_all()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return server_state, stop, thread


@pytest.fixture
def ftp_server(tmp_path):
    pytest.importorskip("pyftpdlib")
    from pyftpdlib.handlers import FTPHandler

    state, stop, thread = _serve(tmp_path, FTPHandler)
    yield state
    stop.set()
    thread.join(10)


def test_ftp_publishes_everything_then_only_what_changed(tmp_path, ftp_server, monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    root = built_site(tmp_path)
    remote = ftp_server.home / "public_html"
    (remote / "google1234.html").write_text("verifikasi", encoding="utf-8")  # not ours

    first = publish(root, "--to", ftp_server.url())
    assert first.code == 0, first.err
    expected = published(root / "output")
    assert first.out.startswith(f"Terbit ke {ftp_server.url()}: {len(expected)} berkas "
                                "diunggah, 0 dihapus, 0 tidak berubah (")
    assert snapshot(remote) == {**expected, MANIFEST: (remote / MANIFEST).read_bytes(),
                                "google1234.html": b"verifikasi"}
    assert_manifest_lists((remote / MANIFEST).read_bytes(), root / "output")

    changed, removed = change_site(root)
    ftp_server.log().clear()
    second = publish(root, "--to", ftp_server.url())
    assert second.code == 0, second.err
    uploaded = ftp_server.commands("RNTO")
    assert set(uploaded) == changed | {MANIFEST}
    assert len(uploaded) == len(changed) + 2       # the manifest: unfinished first, then done
    assert [path for path in uploaded if path.startswith("assets/")] == []      # the CSS, JS
    assert not any(path.endswith((".jpg", ".png", ".webp")) for path in uploaded)
    assert set(ftp_server.commands("DELE")) == removed
    assert ftp_server.commands("RMD") == [GONE_FOLDER]
    assert snapshot(remote) == {**published(root / "output"), MANIFEST: (remote / MANIFEST)
                                .read_bytes(), "google1234.html": b"verifikasi"}
    assert_manifest_lists((remote / MANIFEST).read_bytes(), root / "output")
    assert f"{len(changed)} berkas diunggah, {len(removed)} dihapus" in second.out

    # Order: the unfinished manifest, files before pages, then deletions, then the manifest.
    kinds = [(command, path.removeprefix("public_html/"))
             for command, path, reply in ftp_server.log() if command in ("RNTO", "DELE")]
    pages = [i for i, (command, path) in enumerate(kinds) if command == "RNTO" and is_page(path)]
    others = [i for i, (command, path) in enumerate(kinds)
              if command == "RNTO" and not is_page(path) and path != MANIFEST]
    deletions = [i for i, (command, path) in enumerate(kinds) if command == "DELE"]
    assert pages and others and deletions
    assert max(others) < min(pages) and max(pages) < min(deletions)
    assert kinds[0] == kinds[-1] == ("RNTO", MANIFEST)
    # Every file went to a temporary name first; none is left behind.
    assert len(ftp_server.commands("STOR")) == len(uploaded)
    assert not set(ftp_server.commands("STOR")) & set(uploaded)
    for result in (first, second):
        assert PASSWORD not in result.out + result.err


def test_ftp_publish_with_nothing_changed_writes_nothing(tmp_path, ftp_server, monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    root = built_site(tmp_path)
    assert publish(root, "--to", ftp_server.url()).code == 0
    ftp_server.log().clear()
    again = publish(root, "--to", ftp_server.url())
    assert again.code == 0
    assert ": 0 berkas diunggah, 0 dihapus, " in again.out
    assert ftp_server.log() == []


def folders(home: Path) -> set[str]:
    """Every folder under `home`, by path relative to it (as the FTP client names them)."""
    return {path.relative_to(home).as_posix() for path in home.rglob("*") if path.is_dir()}


def test_ftp_sends_type_once_and_makes_only_folders_not_there(tmp_path, ftp_server,
                                                              monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    root = built_site(tmp_path)
    first = publish(root, "--to", ftp_server.url())
    assert first.code == 0, first.err
    sent = len(published(root / "output")) + 2          # and the manifest, twice
    counts = ftp_server.counts()
    # Per file: PASV, STOR, RNFR, RNTO; binary mode once for the whole connection (the
    # manifest read first included), and each folder made once.
    assert counts["TYPE"] == 1
    assert counts["STOR"] == counts["RNFR"] == counts["RNTO"] == sent
    assert counts["PASV"] + counts["EPSV"] == sent + 1      # and the RETR of the manifest
    made = [arg for command, arg in ftp_server.received if command == "MKD"]
    assert len(made) == len(set(made))
    assert set(made) <= folders(ftp_server.home)
    assert set(counts) <= {"USER", "PASS", "TYPE", "PASV", "EPSV", "RETR", "MKD", "STOR",
                           "RNFR", "RNTO", "QUIT"}

    # The next publish makes no folder that the last one left: it knows them from its
    # manifest.
    changed, removed = change_site(root)
    there = folders(ftp_server.home)
    ftp_server.received.clear()
    second = publish(root, "--to", ftp_server.url())
    assert second.code == 0, second.err
    counts = ftp_server.counts()
    assert counts["TYPE"] == 1
    assert counts["STOR"] == len(changed) + 2
    assert [arg for command, arg in ftp_server.received
            if command == "MKD" and arg in there] == []
    assert snapshot(ftp_server.home / "public_html") == {
        **published(root / "output"),
        MANIFEST: (ftp_server.home / "public_html" / MANIFEST).read_bytes()}


def test_ftp_makes_again_folders_removed_by_hand_on_the_host(tmp_path, ftp_server,
                                                            monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    root = built_site(tmp_path)
    assert publish(root, "--to", ftp_server.url()).code == 0
    remote = ftp_server.home / "public_html"
    # The manifest still lists their files; a new item goes into a new folder in one.
    shutil.rmtree(remote / "profil")
    shutil.rmtree(remote / "berita")
    write_files(root, {"content/pages/profil.md": "---\ntitle: Profil\n---\nProfil baru.\n",
                       **NEW_ITEM})
    assert run(root, "build").code == 0
    result = publish(root, "--to", ftp_server.url())
    assert result.code == 0, result.err
    output = published(root / "output")
    for path in ("profil/index.html", "berita/lomba-foto/index.html", "berita/index.html"):
        assert (remote / path).read_bytes() == output[path]
    assert "Profil baru." in (remote / "profil/index.html").read_text(encoding="utf-8")
    assert not is_unfinished((remote / MANIFEST).read_bytes())


def test_ftp_sends_nothing_after_a_zip_of_a_folder_publish_was_unpacked_on_the_host(
        tmp_path, ftp_server, monkeypatch):
    """docs/hosting.md: a first upload as a zip through the host's file manager."""
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    root = built_site(tmp_path)
    folder = tmp_path / "situs"
    assert publish(root, "--to", str(folder)).code == 0
    archive = shutil.make_archive(str(tmp_path / "situs"), "zip", folder)
    remote = ftp_server.home / "public_html"
    shutil.unpack_archive(archive, remote)
    result = publish(root, "--to", ftp_server.url())
    assert result.code == 0, result.err
    assert f": 0 berkas diunggah, 0 dihapus, {len(published(root / 'output'))} tidak " \
           "berubah" in result.out
    assert ftp_server.commands("STOR") == [] and result.err == ""
    assert snapshot(remote) == {**published(root / "output"),
                                MANIFEST: (remote / MANIFEST).read_bytes()}


COUNT_LINE = re.compile(r"(\d[\d.]*) dari ([\d.]+) berkas terkirim, "
                        r"sisa (sekitar \d+ (jam|menit)( \d+ menit)?|kurang dari 1 menit)")


def count_lines(err: str, total: int) -> list[int]:
    """How many files each count line of `err` says were sent, all of `total`."""
    numbers = []
    for line in err.splitlines():
        if "terkirim" in line:
            said = COUNT_LINE.fullmatch(line)
            assert said, line
            assert said.group(2) == f"{total:,}".replace(",", ".")
            numbers.append(int(said.group(1).replace(".", "")))
    return numbers


def test_ftp_publish_says_up_front_what_it_sends_then_how_far_it_got(tmp_path, ftp_server,
                                                                    monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    monkeypatch.setattr(progress, "LINE_EVERY", 0)     # a line after every file
    root = built_site(tmp_path)
    total = len(published(root / "output"))
    result = publish(root, "--to", ftp_server.url())
    assert result.code == 0, result.err
    lines = result.err.splitlines()
    assert re.fullmatch(rf"Menerbitkan ke {re.escape(ftp_server.url())}: {total} berkas akan "
                        r"diunggah \([\d,]+\xa0KB\), 0 akan dihapus", lines[0]), lines[0]
    # Not a terminal (a CI log, cron's mail): plain lines, never rewritten.
    assert "\r" not in result.err and "\033" not in result.err
    assert count_lines(result.err, total) == list(range(1, total))   # not the last: done
    assert len(lines) == total

    # In a publish that takes less than LINE_EVERY seconds, only the first line.
    changed, removed = change_site(root)
    monkeypatch.setattr(progress, "LINE_EVERY", 600)
    again = publish(root, "--to", ftp_server.url())
    assert again.code == 0, again.err
    assert re.fullmatch(rf"Menerbitkan ke {re.escape(ftp_server.url())}: {len(changed)} berkas "
                        rf"akan diunggah \([\d,]+\xa0KB\), {len(removed)} akan dihapus\n",
                        again.err), again.err


def test_folder_publish_says_how_far_it_got_when_it_takes_long(tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "LINE_EVERY", 0)
    root = built_site(tmp_path)
    total = len(published(root / "output"))
    result = publish(root, "--to", str(tmp_path / "www"))
    assert result.code == 0, result.err
    assert count_lines(result.err, total) == list(range(1, total))
    assert len(result.err.splitlines()) == total - 1     # nothing more: a local folder is quick


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_count_is_one_line_redrawn_and_erased(tmp_path, ftp_server,
                                                                 monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(progress, "SHOW_AFTER", 0)
    monkeypatch.setattr(progress, "REDRAW_EVERY", 0)
    root = built_site(tmp_path)
    total = len(published(root / "output"))
    err = Terminal()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["publish", "--to", ftp_server.url(), "--content", str(root / "content")])
    assert code == 0
    first, drawn = err.getvalue().split("\n")
    assert first.startswith(f"Menerbitkan ke {ftp_server.url()}: {total} berkas akan diunggah")
    assert drawn.startswith("\r") and drawn.endswith("\r\033[K")      # erased at the end
    redrawn = drawn.removesuffix("\r\033[K").split("\r")[1:]
    assert [line.endswith("\033[K") for line in redrawn] == [True] * (total - 1)
    assert count_lines("\n".join(line.removesuffix("\033[K") for line in redrawn),
                       total) == list(range(1, total))


@pytest.mark.parametrize("seconds, said", [
    (0, "kurang dari 1 menit"), (50, "kurang dari 1 menit"), (100, "sekitar 2 menit"),
    (25 * 60, "sekitar 25 menit"), (59 * 60, "sekitar 59 menit"), (3600, "sekitar 1 jam"),
    (2 * 3600 + 50 * 60, "sekitar 2 jam 50 menit"), (2.8 * 3600, "sekitar 2 jam 50 menit"),
    (5.7 * 3600, "sekitar 5 jam 40 menit"), (7198, "sekitar 2 jam")])
def test_count_line_says_the_time_left_roughly(seconds, said):
    assert count_line(1200, 26781, seconds) == f"1.200 dari 26.781 berkas terkirim, sisa {said}"


def test_ftp_removes_the_temporary_file_of_a_page_sent_when_a_publish_stopped(
        tmp_path, ftp_server, monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    root = built_site(tmp_path)
    assert publish(root, "--to", ftp_server.url()).code == 0
    remote = ftp_server.home / "public_html"
    # What a publish killed while sending berita/lama/index.html leaves, when the site
    # then no longer has that page: its temporary file, and the unfinished manifest.
    manifest = json.loads((remote / MANIFEST).read_bytes())
    manifest["files"]["berita/lama/index.html"] = {}
    manifest["unfinished"] = True
    write_files(remote, {MANIFEST: json.dumps(manifest),
                         "berita/lama/index.html": "<p>baru</p>",
                         f"berita/lama/.index.html{TEMP_SUFFIX}": "<p>ba"})

    again = publish(root, "--to", ftp_server.url())
    assert again.code == 0, again.err
    assert f"peringatan: {RESUMING}" in again.err
    assert "1 berkas sementara sisa penerbitan yang terputus dihapus" in again.err
    assert snapshot(remote) == {**published(root / "output"),
                                MANIFEST: (remote / MANIFEST).read_bytes()}
    assert not (remote / "berita/lama").exists()


def test_ftp_leaves_a_folder_the_site_emptied_that_holds_files_of_others(tmp_path, ftp_server,
                                                                        monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    root = built_site(tmp_path)
    assert publish(root, "--to", ftp_server.url()).code == 0
    remote = ftp_server.home / "public_html"
    write_files(remote, {f"{GONE_FOLDER}/catatan.txt": "milik orang lain\n"})
    change_site(root)
    result = publish(root, "--to", ftp_server.url())
    assert result.code == 0, result.err
    assert snapshot(remote / GONE_FOLDER) == {"catatan.txt": b"milik orang lain\n"}
    assert not is_unfinished((remote / MANIFEST).read_bytes())


def test_ftp_server_that_will_not_rename_onto_a_file_gets_it_deleted_first(tmp_path,
                                                                            monkeypatch):
    from pyftpdlib.handlers import FTPHandler

    class NoOverwrite(FTPHandler):     # as some Windows FTP servers behave
        def ftp_RNTO(self, path):
            if os.path.exists(path):
                self._rnfr = None
                return self.respond("550 File exists.")
            return super().ftp_RNTO(path)

    server, stop, thread = _serve(tmp_path, NoOverwrite)
    try:
        monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
        root = built_site(tmp_path)
        assert publish(root, "--to", server.url()).code == 0
        first = set(published(root / "output"))
        changed, removed = change_site(root)
        result = publish(root, "--to", server.url())
        assert result.code == 0, result.err
        remote = server.home / "public_html"
        assert snapshot(remote) == {**published(root / "output"),
                                    MANIFEST: (remote / MANIFEST).read_bytes()}
        assert set(server.commands("DELE")) == removed | (changed & first) | {MANIFEST}
    finally:
        stop.set()
        thread.join(10)


def test_ftp_wrong_password_exits_1_and_touches_nothing(tmp_path, ftp_server, monkeypatch):
    root = built_site(tmp_path)
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    assert publish(root, "--to", ftp_server.url()).code == 0
    before = snapshot(ftp_server.home)
    change_site(root)
    monkeypatch.setenv(PASSWORD_VARIABLE, "salah-sandi")
    failed = publish(root, "--to", ftp_server.url())
    assert failed.code == 1
    assert f"gagal terbit ke {ftp_server.url()}" in failed.err
    assert f"gagal masuk sebagai {USER}" in failed.err and "530" in failed.err
    assert "salah-sandi" not in failed.err + failed.out and "Traceback" not in failed.err
    assert snapshot(ftp_server.home) == before


def test_ftp_without_password_variable_exits_2(tmp_path, ftp_server, monkeypatch):
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    root = built_site(tmp_path)
    result = publish(root, "--to", ftp_server.url())
    assert result.code == 2
    assert PASSWORD_VARIABLE in result.err
    assert ftp_server.log() == [] and snapshot(ftp_server.home) == {}


def test_password_in_the_address_is_refused(tmp_path):
    root = built_site(tmp_path)
    result = publish(root, "--to", f"ftp://{USER}:{PASSWORD}@127.0.0.1/public_html")
    assert result.code == 2
    assert PASSWORD_VARIABLE in result.err and PASSWORD not in result.err + result.out


def test_unreachable_ftp_host_exits_1_naming_host(tmp_path, monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    with socket.socket() as unused:      # a port nobody listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    root = built_site(tmp_path)
    result = publish(root, "--to", f"ftp://{USER}@127.0.0.1:{port}/public_html")
    assert result.code == 1
    assert f"tidak dapat menghubungi 127.0.0.1:{port}" in result.err


def _certificate(folder: Path) -> Path:
    """A self-signed certificate for 127.0.0.1, key and certificate in one PEM file."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName(
                       [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    path = folder / "server.pem"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())
                     + certificate.public_bytes(serialization.Encoding.PEM))
    return path


def test_ftps_publishes_over_tls_and_checks_the_certificate(tmp_path, monkeypatch):
    pytest.importorskip("OpenSSL", reason="pyftpdlib's FTPS server needs pyOpenSSL")
    from pyftpdlib.handlers import TLS_FTPHandler

    pem = _certificate(tmp_path)
    server, stop, thread = _serve(tmp_path, TLS_FTPHandler, certfile=str(pem),
                                  tls_control_required=True, tls_data_required=True)
    try:
        monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
        root = built_site(tmp_path)
        untrusted = publish(root, "--to", server.url("ftps"))
        assert untrusted.code == 1 and "CERTIFICATE_VERIFY_FAILED" in untrusted.err
        monkeypatch.setenv("SSL_CERT_FILE", str(pem))       # trust the test's certificate
        result = publish(root, "--to", server.url("ftps"))
        assert result.code == 0, result.err
        remote = server.home / "public_html"
        assert snapshot(remote) == {**published(root / "output"),
                                    MANIFEST: (remote / MANIFEST).read_bytes()}
    finally:
        stop.set()
        thread.join(10)


# -- a local folder ------------------------------------------------------------------------

def inodes(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): path.stat().st_ino
            for path in folder.rglob("*") if path.is_file()}


def test_folder_publish_is_incremental_and_keeps_files_of_others(tmp_path):
    root = built_site(tmp_path)
    www = tmp_path / "www"
    first = publish(root, "--to", str(www))
    assert first.code == 0, first.err
    assert snapshot(www) == {**published(root / "output"), MANIFEST: (www / MANIFEST)
                             .read_bytes()}
    assert_manifest_lists((www / MANIFEST).read_bytes(), root / "output")
    write_files(www, {".htaccess": "ErrorDocument 404 /404.html\n",
                      f"{GONE_FOLDER}/catatan.txt": "milik orang lain\n"})
    before = inodes(www)

    changed, removed = change_site(root)
    second = publish(root, "--to", f"file://{www}")
    assert second.code == 0, second.err
    after = inodes(www)
    rewritten = {path for path in after if before.get(path) != after[path]}
    assert rewritten == changed | {MANIFEST}       # os.replace gives each a new inode
    assert snapshot(www) == {**published(root / "output"),
                             MANIFEST: (www / MANIFEST).read_bytes(),
                             ".htaccess": b"ErrorDocument 404 /404.html\n",
                             f"{GONE_FOLDER}/catatan.txt": b"milik orang lain\n"}
    assert not any(path in after for path in removed)
    assert f"{len(removed)} dihapus" in second.out
    assert not list(www.rglob("*.site-builder-upload"))
    assert all((path.stat().st_mode & 0o777) == 0o644 for path in www.rglob("*.html"))


def test_dry_run_lists_changes_and_changes_nothing(tmp_path):
    root = built_site(tmp_path)
    www = tmp_path / "www"
    dry = publish(root, "--to", str(www), "--dry-run")
    assert dry.code == 0 and not www.exists()
    assert "  unggah  index.html" in dry.out
    assert publish(root, "--to", str(www)).code == 0
    before = snapshot(www)
    changed, removed = change_site(root)
    dry = publish(root, "--to", str(www), "--dry-run")
    assert dry.code == 0
    assert snapshot(www) == before
    listed = dry.out.splitlines()
    assert {line[10:] for line in listed if line.startswith("  unggah  ")} == changed
    assert {line[10:] for line in listed if line.startswith("  hapus   ")} == removed
    assert f"{len(changed)} berkas akan diunggah, {len(removed)} akan dihapus" in dry.out
    assert publish(root, "--to", str(www)).code == 0
    assert not (www / GONE_FOLDER).exists()     # emptied by the deletions


def test_dry_run_over_ftp_changes_nothing(tmp_path, ftp_server, monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    root = built_site(tmp_path)
    assert publish(root, "--to", ftp_server.url()).code == 0
    before = snapshot(ftp_server.home)
    change_site(root)
    ftp_server.log().clear()
    dry = publish(root, "--to", ftp_server.url(), "--dry-run")
    assert dry.code == 0 and "  hapus   " in dry.out
    assert ftp_server.log() == [] and snapshot(ftp_server.home) == before


# -- refusals ------------------------------------------------------------------------------

@pytest.mark.parametrize("prepare, words", [
    (lambda output: None, "tidak ada"),
    (lambda output: output.mkdir(), "kosong"),
    (lambda output: write_files(output, {"index.html": "<p>bukan hasil build</p>"}), MARKER),
])
def test_refuses_an_output_folder_no_build_made(tmp_path, prepare, words):
    root = make_site(tmp_path, SITE)
    prepare(root / "output")
    www = tmp_path / "www"
    result = publish(root, "--to", str(www))
    assert result.code == 1
    assert HINT in result.err and words in result.err
    assert not www.exists()


def test_refuses_before_connecting_to_ftp(tmp_path, ftp_server, monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    root = make_site(tmp_path, SITE)
    result = publish(root, "--to", ftp_server.url())
    assert result.code == 1 and HINT in result.err
    assert ftp_server.log() == [] and snapshot(ftp_server.home) == {}


BAD_NEWS = "content/news/2026-11-20-jam-buka.md"
UNDATED = "---\ntitle: Jam Buka Baru\n---\nMulai Desember buka sampai pukul 20.00.\n"
FAILED_RECORD = ".output.failed"     # beside output/


def test_after_a_failed_build_publish_refuses_until_a_build_succeeds(tmp_path):
    root = built_site(tmp_path)
    www = tmp_path / "www"
    assert publish(root, "--to", str(www)).code == 0
    published_before = snapshot(www)
    write_files(root, {BAD_NEWS: UNDATED})                  # no date: a content error
    assert run(root, "check").code == 1
    assert not (root / FAILED_RECORD).exists()              # checking writes nothing
    assert run(root, "build").code == 1
    assert (root / FAILED_RECORD).is_file()

    for args in ([], ["--dry-run"]):
        refused = publish(root, "--to", str(www), *args)
        assert refused.code == 1
        assert refused.err.startswith("build.py publish: build terakhir gagal (1 kesalahan, ")
        assert ("); folder " in refused.err and " masih berisi hasil build sebelumnya, jadi "
                "tidak diterbitkan. Perbaiki kesalahannya dan jalankan build lagi (atau "
                "tambahkan --anyway untuk tetap menerbitkan hasil build sebelumnya)."
                in refused.err)
        assert refused.out == "" and snapshot(www) == published_before

    write_files(root, {BAD_NEWS: UNDATED.replace("title:", "date: 2026-11-20\ntitle:")})
    assert run(root, "build").code == 0
    assert not (root / FAILED_RECORD).exists()
    done = publish(root, "--to", str(www))
    assert done.code == 0 and done.err == ""
    assert snapshot(www) == {**published(root / "output"), MANIFEST: (www / MANIFEST)
                             .read_bytes()}
    assert "Jam Buka Baru" in (www / "berita/jam-buka/index.html").read_text(encoding="utf-8")
    assert not list(www.rglob("*failed*"))


def test_a_failed_build_undone_by_moving_the_file_away_still_builds_and_publishes(tmp_path):
    root = built_site(tmp_path)
    write_files(root, {BAD_NEWS: UNDATED})
    assert run(root, "build").code == 1
    (root / BAD_NEWS).rename(tmp_path / "jam-buka.md")   # the inputs of the good build again
    rebuilt = run(root, "build")
    assert rebuilt.code == 0 and "tidak ada yang berubah sejak" not in rebuilt.out
    assert not (root / FAILED_RECORD).exists()
    assert publish(root, "--to", str(tmp_path / "www")).code == 0


def test_anyway_publishes_the_output_of_the_build_before_a_failed_one(tmp_path):
    root = built_site(tmp_path)
    www = tmp_path / "www"
    write_files(root, {BAD_NEWS: UNDATED})
    assert run(root, "build").code == 1
    result = publish(root, "--to", str(www), "--anyway")
    assert result.code == 0, result.err
    assert result.err.startswith("peringatan: build terakhir gagal (1 kesalahan, ")
    assert ("); yang diterbitkan adalah hasil build sebelumnya. Perbaiki kesalahannya dan "
            "jalankan build lagi.\n") in result.err
    assert snapshot(www) == {**published(root / "output"), MANIFEST: (www / MANIFEST)
                             .read_bytes()}


@pytest.mark.parametrize("to", ["sftp://host/www", "https://example.org/", "ftp:///www",
                                "ftp://host:port/www", ""])
def test_wrong_destination_exits_2(tmp_path, to):
    root = built_site(tmp_path)
    result = publish(root, "--to", to)
    assert result.code == 2 and "Traceback" not in result.err


def test_destination_inside_the_output_folder_exits_2(tmp_path):
    root = built_site(tmp_path)
    before = snapshot(root / "output")
    result = publish(root, "--to", str(root / "output" / "salinan"))
    assert result.code == 2
    assert snapshot(root / "output") == before


def test_help_tells_where_the_password_goes(tmp_path):
    result = run(tmp_path, "publish", "--help", now=None)
    assert result.code == 0
    assert PASSWORD_VARIABLE in result.out and "never write it" in result.out


def test_help_tells_what_a_failed_build_and_a_stopped_publish_mean(tmp_path):
    result = run(tmp_path, "publish", "--help", now=None)
    text = " ".join(result.out.split())
    assert "--anyway publish even though the last build failed" in text
    assert "run the same command again, which notices it and finishes the job" in text
    assert "130 stopped with Ctrl+C" in text


# -- rsync ---------------------------------------------------------------------------------

def _serving_rsync(tmp_path, log=None):
    """An rsync daemon on 127.0.0.1 serving the module `situs` from tmp_path/rsync, while
    the generator is not resumed: (url, folder); with `log`, each file it receives is
    written there in order ("received: <path>")."""
    if shutil.which("rsync") is None:
        pytest.skip("rsync is not installed (apt-get install rsync)")
    folder = tmp_path / "rsync"
    folder.mkdir()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    owner = f"uid = {os.getuid()}\ngid = {os.getgid()}\n" if os.getuid() == 0 else ""
    logged = (f"log file = {log}\ntransfer logging = yes\nlog format = received: %f\n"
              if log else "")
    config = tmp_path / "rsyncd.conf"
    config.write_text(f"use chroot = no\npid file = {tmp_path}/rsyncd.pid\n{logged}"
                      f"[situs]\npath = {folder}\nread only = no\n{owner}", encoding="utf-8")
    daemon = subprocess.Popen(["rsync", "--daemon", "--no-detach", f"--config={config}",
                               "--address=127.0.0.1", f"--port={port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as client:
            if client.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield f"rsync://127.0.0.1:{port}/situs", folder
    daemon.terminate()
    daemon.wait(10)


@pytest.fixture
def rsync_daemon(tmp_path):
    """(url, folder) of an rsync daemon serving the module `situs` (_serving_rsync)."""
    yield from _serving_rsync(tmp_path)


def test_rsync_publishes_incrementally_and_keeps_files_of_others(tmp_path, rsync_daemon):
    url, folder = rsync_daemon
    www = folder / "www"
    root = built_site(tmp_path)
    first = publish(root, "--to", f"{url}/www")
    assert first.code == 0, first.err
    assert snapshot(www) == {**published(root / "output"), MANIFEST: (www / MANIFEST)
                             .read_bytes()}
    write_files(www, {"google1234.html": "verifikasi", "unduhan/brosur.pdf": "%PDF"})
    before = inodes(www)

    changed, removed = change_site(root)
    second = publish(root, "--to", f"{url}/www/")
    assert second.code == 0, second.err
    after = inodes(www)
    assert {path for path in after if before.get(path) != after[path]} == changed | {MANIFEST}
    assert snapshot(www) == {**published(root / "output"),
                             MANIFEST: (www / MANIFEST).read_bytes(),
                             "google1234.html": b"verifikasi", "unduhan/brosur.pdf": b"%PDF"}
    assert_manifest_lists((www / MANIFEST).read_bytes(), root / "output")
    assert not (www / GONE_FOLDER).exists()     # emptied by the deletions


def test_rsync_failure_exits_1_naming_the_destination(tmp_path, rsync_daemon):
    url, _ = rsync_daemon
    root = built_site(tmp_path)
    result = publish(root, "--to", url.replace("/situs", "/tidak-ada"))
    assert result.code == 1
    assert f"gagal terbit ke {url.replace('/situs', '/tidak-ada')}" in result.err


def test_rsync_missing_is_explained(tmp_path, monkeypatch):
    root = built_site(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    result = publish(root, "--to", "deploy@web.example.org:/var/www/")
    assert result.code == 1
    assert "rsync tidak terpasang" in result.err and "Traceback" not in result.err


# -- pure parts ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, kind, path", [
    ("/var/www/perpustakaan", "folder", "/var/www/perpustakaan"),
    ("file:///var/www/perpustakaan", "folder", "/var/www/perpustakaan"),
    ("deploy@web.example.org:/var/www/", "rsync", "deploy@web.example.org:/var/www/"),
    ("web.example.org:situs", "rsync", "web.example.org:situs/"),
    ("rsync://web.example.org/situs", "rsync", "rsync://web.example.org/situs/"),
    ("ftp://pustaka@ftp.example.org/public_html/", "ftp", "public_html"),
    ("ftp://pustaka@ftp.example.org", "ftp", ""),
    ("ftps://pustaka@ftp.example.org//srv/www", "ftps", "/srv/www"),
    ("./situs:lama", "folder", "situs:lama"),
])
def test_parse_target(text, kind, path):
    target = parse_target(text)
    assert (target.kind, target.path, target.label) == (kind, path, text)


def test_parse_target_reads_port_and_user():
    target = parse_target("ftps://pustaka%40jepara@ftp.example.org:2121/www")
    assert (target.user, target.host, target.port) == ("pustaka@jepara", "ftp.example.org", 2121)


@pytest.mark.parametrize("text", ["deploy:sandi@web.example.org:/var/www",
                                  "rsync://deploy:sandi@web.example.org/situs"])
def test_parse_target_refuses_passwords(text):
    with pytest.raises(UsageError, match=PASSWORD_VARIABLE):
        parse_target(text)


def test_plan_orders_files_then_pages_deepest_first_and_deletes_pages_first():
    entry = {"sha256": "0" * 64, "size": 1}
    new = {"index.html": entry, "berita/a/index.html": entry, "assets/style.css": entry,
           "berita/a/foto.jpg": entry, "berita/index.html": {"sha256": "1" * 64, "size": 1}}
    old = {"berita/index.html": entry, "berita/b/index.html": entry, "berita/b/foto.jpg": entry,
           "feed.xml": entry}
    plan = plan_publish(new, old)
    assert plan.uploads == ["berita/a/foto.jpg", "assets/style.css", "berita/a/index.html",
                            "index.html", "berita/index.html"]   # new pages before changed
    assert plan.deletions == ["berita/b/index.html", "berita/b/foto.jpg", "feed.xml"]
    assert plan.folders == ["berita/b"] and plan.unchanged == 0
    assert plan_publish(new, None).deletions == []
    # While it runs, what it sends or deletes is listed as unknown, matching no file.
    unfinished = json.loads(plan.unfinished)
    assert unfinished["unfinished"] is True and is_unfinished(plan.unfinished)
    assert unfinished["files"] == {"feed.xml": {}, "berita/b/index.html": {},
                                   "berita/b/foto.jpg": {}, **{path: {} for path in plan.uploads}}
    assert sorted(plan_publish(new, parse_manifest(plan.unfinished)).uploads) == \
        sorted(plan.uploads)
    assert not is_unfinished(plan.manifest) and "unfinished" not in json.loads(plan.manifest)


@pytest.mark.parametrize("data", [b"not json", b'{"files": []}',
                                  b'{"files": {"../../etc/passwd": {}}}',
                                  b'{"files": {"/etc/passwd": {}}}',
                                  # rsync reads "/./" in a list of files as where the
                                  # path on the host starts: index.html, at the root
                                  b'{"files": {"berita/./index.html": {}}}',
                                  b'{"files": {"berita//index.html": {}}}',
                                  b'{"files": {"./index.html": {}}}',
                                  b'{"files": {"berita/": {}}}',
                                  # NUL ends a name in rsync's list: .htaccess of others
                                  b'{"files": {"lama\\u0000.htaccess": {}}}'])
def test_a_manifest_this_tool_did_not_write_is_ignored(data):
    assert parse_manifest(data) is None


# -- upload order, the output folder's lock, modes a web server can read -------------------

import sys  # noqa: E402

from conftest import NOW, PROJECT  # noqa: E402
from site_builder.writer import lock_output  # noqa: E402

NEW_ITEM = {"content/news/2026-11-20-lomba-foto.md":
            "---\ntitle: Lomba Foto\ndate: 2026-11-20\ntags: [lomba]\n---\nLomba foto.\n"}


def test_plan_sends_pages_new_to_the_host_before_changed_pages():
    entry, other = {"sha256": "0" * 64, "size": 1}, {"sha256": "1" * 64, "size": 1}
    new = {"index.html": other, "berita/2026/index.html": other, "tag/lomba/index.html": entry,
           "berita/lomba-foto/index.html": entry, "berita/lomba-foto/foto.jpg": entry,
           "assets/style.css": other, "profil/index.html": entry}
    # profil/: a page a stopped publish was sending: on the host or not, nobody knows
    old = {"index.html": entry, "berita/2026/index.html": entry, "assets/style.css": entry,
           "profil/index.html": {}}
    plan = plan_publish(new, old)
    assert plan.uploads == ["berita/lomba-foto/foto.jpg", "assets/style.css",
                            "berita/lomba-foto/index.html", "tag/lomba/index.html",
                            "profil/index.html", "berita/2026/index.html", "index.html"]


def test_a_new_item_goes_up_before_the_pages_that_link_to_it(tmp_path):
    root = built_site(tmp_path)
    www = tmp_path / "www"
    assert publish(root, "--to", str(www)).code == 0
    write_files(root, NEW_ITEM)
    assert run(root, "build").code == 0
    listed = publish(root, "--to", str(www), "--dry-run")
    uploads = [line.split()[1] for line in listed.out.splitlines() if line.startswith("  unggah")]
    pages = [path for path in uploads if is_page(path)]
    fresh = ["berita/lomba-foto/index.html", "tag/lomba/index.html"]
    assert pages[:2] == fresh and {"berita/2026/index.html", "index.html"} <= set(pages[2:])
    assert not any(is_page(path) for path in uploads[:-len(pages)])   # files first, as before


def test_publish_waits_for_a_build_holding_the_output_folder(tmp_path):
    root = built_site(tmp_path)
    www = tmp_path / "www"
    command = [sys.executable, str(PROJECT / "build.py"), "publish", "--to", str(www),
               "--content", str(root / "content")]
    child = None
    try:
        with lock_output(root / "output"):                   # as a running build holds it
            child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            said = child.stderr.readline().decode()          # or "" once it has ended
            assert said == f"Menunggu build lain selesai (PID {os.getpid()})…\n"
            time.sleep(0.3)
            assert child.poll() is None and not www.exists()
        out, err = child.communicate(timeout=60)
    finally:
        if child is not None and child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 0 and err == b"" and out.startswith(b"Terbit ke ")
    assert snapshot(www) == {**published(root / "output"), MANIFEST: (www / MANIFEST)
                             .read_bytes()}


def strict(umask: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """build.py with `args` in a process of its own, under `umask` (027, 077: a hardened
    server's)."""
    return subprocess.run(["sh", "-c", f'umask {umask} && exec "$@"', "sh", sys.executable,
                           str(PROJECT / "build.py"), *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def unreadable(folder: Path) -> list[str]:
    """Everything under `folder` (itself too) that a web server running as another user
    cannot read: folders not 0755, files not 0644."""
    found = [".", *sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))]
    return [f"{path} {oct((folder / path).stat().st_mode & 0o777)}" for path in found
            if (folder / path).stat().st_mode & 0o777
            != (0o755 if (folder / path).is_dir() else 0o644)]


STATIC = {"content/static/unduhan/brosur.txt": "Brosur layanan.\n"}


def test_a_build_under_a_strict_umask_writes_a_site_a_web_server_can_read(tmp_path):
    root = make_site(tmp_path, {**SITE, **STATIC})
    build = ("build", "--content", str(root / "content"), "--now", NOW)
    done = strict("077", *build)                  # the first build: the spool swapped in
    assert done.returncode == 0, done.stderr
    assert unreadable(root / "output") == []
    for number, umask in enumerate(["027", "077"]):   # a fresh folder, then the spare one
        write_files(root, {f"content/news/2026-11-2{number}-baru-{number}/index.md":
                           f"---\ntitle: Baru {number}\ndate: 2026-11-2{number}\nimage: a.png\n"
                           "image_alt: Foto kegiatan\n---\nIsi.\n",
                           f"content/news/2026-11-2{number}-baru-{number}/a.png":
                           image_bytes(kind="PNG", width=70 + number),
                           f"content/static/unduhan/{number}/jadwal.txt": "Jadwal.\n"})
        done = strict(umask, *build)
        assert done.returncode == 0, done.stderr
        assert (root / f"output/berita/baru-{number}/index.html").is_file()
        assert unreadable(root / "output") == []


def test_folder_publish_under_a_strict_umask_makes_folders_a_web_server_can_enter(tmp_path):
    root = built_site(tmp_path)
    www = tmp_path / "www"
    publish_to = ("publish", "--to", str(www), "--content", str(root / "content"))
    done = strict("077", *publish_to)
    assert done.returncode == 0, done.stderr
    assert unreadable(www) == []
    write_files(root, NEW_ITEM)                    # new folders on the host
    assert run(root, "build").code == 0
    done = strict("027", *publish_to)
    assert done.returncode == 0, done.stderr
    assert (www / "tag/lomba/index.html").is_file() and unreadable(www) == []


def test_rsync_sends_modes_a_web_server_can_read_whatever_the_output_folders(tmp_path,
                                                                             rsync_daemon):
    url, folder = rsync_daemon
    root = built_site(tmp_path)
    for path in [root / "output", *(root / "output").rglob("*")]:   # private, as an output/
        path.chmod(0o700 if path.is_dir() else 0o600)             # left by a strict umask
    done = strict("077", "publish", "--to", f"{url}/www", "--content", str(root / "content"))
    assert done.returncode == 0, done.stderr
    assert (folder / "www/index.html").is_file() and unreadable(folder / "www") == []


@pytest.fixture
def logged_rsync_daemon(tmp_path):
    """rsync_daemon's, with a log of each file it received, in order: (url, folder, log)."""
    log = tmp_path / "rsyncd.log"
    for url, folder in _serving_rsync(tmp_path, log):
        yield url, folder, log


def test_rsync_sends_a_new_item_before_the_pages_that_link_to_it(tmp_path, logged_rsync_daemon):
    url, folder, log = logged_rsync_daemon
    root = built_site(tmp_path)
    assert publish(root, "--to", f"{url}/www").code == 0
    write_files(root, NEW_ITEM)
    assert run(root, "build").code == 0
    log.write_text("", encoding="utf-8")
    assert publish(root, "--to", f"{url}/www").code == 0
    received = [line.split("received: www/", 1)[1]
                for line in log.read_text(encoding="utf-8").splitlines() if "received: " in line]
    pages = [path for path in received if is_page(path)]
    assert pages[:2] == ["berita/lomba-foto/index.html", "tag/lomba/index.html"], received
    assert "berita/2026/index.html" in pages[2:]


# -- file names the host's protocols cannot take as they are -------------------------------

# Names an older build published (a static file), listed in the manifest it left: a
# newline made rsync read the rest as a filter rule ("R! zzz": risk every file not named
# zzz), which deleted every file of others on the host; ftplib refuses such a name with a
# ValueError.
ODD_NAMES = ["panduan\nR! zzz", "lama\nR index.php", "brosur\r\n- *", "bintang*.txt",
             "warna\x1b[31m.txt", "unduhan/tab\tdan\nbaris.txt"]
OTHERS = {".htaccess": b"ErrorDocument 404 /404.html\n", "index.php": b"<?php // host\n",
          "katalog/index.php": b"<?php // OPAC\n", "uploads/arsip-2019.pdf": b"%PDF",
          "bintang-lain.txt": b"milik orang lain\n", "zzz": b"z\n",
          "unduhan/brosur.pdf": b"%PDF brosur"}


def published_before(host: Path, names: list[str]) -> None:
    """What a publish by an older build left on `host` besides the site: files named
    `names`, listed in its manifest, and files that others put there (OTHERS)."""
    manifest = json.loads((host / MANIFEST).read_bytes())
    for name in names:
        write_files(host, {name: b"lama"})
        manifest["files"][name] = {"sha256": hashlib.sha256(b"lama").hexdigest(), "size": 4}
    write_files(host, {MANIFEST: json.dumps(manifest).encode(), **OTHERS})


def shown(name: str) -> str:
    """A name as publish's messages show it: control characters escaped."""
    return name.encode("unicode_escape").decode("ascii").replace("\\\\", "\\")


def test_rsync_deletes_a_name_with_a_newline_and_nothing_of_others(tmp_path, rsync_daemon):
    url, folder = rsync_daemon
    www = folder / "www"
    root = built_site(tmp_path)
    assert publish(root, "--to", f"{url}/www").code == 0
    published_before(www, ODD_NAMES)
    result = publish(root, "--to", f"{url}/www")
    assert result.code == 0, result.err
    assert f"0 berkas diunggah, {len(ODD_NAMES)} dihapus" in result.out
    assert snapshot(www) == {**published(root / "output"), **OTHERS,
                             MANIFEST: (www / MANIFEST).read_bytes()}
    assert_manifest_lists((www / MANIFEST).read_bytes(), root / "output")


def test_folder_publish_deletes_names_with_control_characters_and_nothing_else(tmp_path):
    root = built_site(tmp_path)
    www = tmp_path / "www"
    assert publish(root, "--to", str(www)).code == 0
    published_before(www, ODD_NAMES)
    dry = publish(root, "--to", str(www), "--dry-run")
    assert dry.code == 0
    assert [line for line in dry.out.splitlines() if line.startswith("  hapus   ")] == [
        f"  hapus   {shown(name)}" for name in sorted(ODD_NAMES)]      # one line each
    result = publish(root, "--to", str(www))
    assert result.code == 0, result.err
    assert snapshot(www) == {**published(root / "output"), **OTHERS,
                             MANIFEST: (www / MANIFEST).read_bytes()}


def test_ftp_leaves_names_it_cannot_send_with_a_warning_and_no_traceback(tmp_path, ftp_server,
                                                                       monkeypatch):
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    root = built_site(tmp_path)
    remote = ftp_server.home / "public_html"
    assert publish(root, "--to", ftp_server.url()).code == 0
    published_before(remote, ODD_NAMES)
    result = publish(root, "--to", ftp_server.url())
    assert result.code == 0, result.err
    kept = [name for name in ODD_NAMES if name != "bintang*.txt"]
    for name in kept:
        assert (f'peringatan: tidak dapat menghapus "{shown(name)}": namanya mengandung '
                "karakter kendali" in result.err), result.err
    assert len(result.err.splitlines()) == 1 + len(kept)    # "Menerbitkan ...", one each
    assert snapshot(remote) == {**published(root / "output"), **OTHERS,
                                **{name: b"lama" for name in kept},
                                MANIFEST: (remote / MANIFEST).read_bytes()}
    assert_manifest_lists((remote / MANIFEST).read_bytes(), root / "output")
    # A publish that stopped while "sending" them left no temporary file to look for.
    manifest = json.loads((remote / MANIFEST).read_bytes())
    manifest["files"].update({name: {} for name in kept})
    manifest["unfinished"] = True
    (remote / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    again = publish(root, "--to", ftp_server.url())
    assert again.code == 0, again.err
    assert "Traceback" not in again.err and "berkas sementara" not in again.err


def _destination(kind: str, tmp_path: Path, request) -> tuple[str, Path, Any]:
    """(--to, the folder the host keeps the site in, the FTP server or None) of a folder,
    rsync or FTP destination."""
    if kind == "rsync":
        url, folder = request.getfixturevalue("rsync_daemon")
        return f"{url}/www", folder / "www", None
    if kind == "ftp":
        server = request.getfixturevalue("ftp_server")
        request.getfixturevalue("monkeypatch").setenv(PASSWORD_VARIABLE, PASSWORD)
        return server.url(), server.home / "public_html", server
    return str(tmp_path / "www"), tmp_path / "www", None


@pytest.mark.parametrize("kind", ["folder", "rsync", "ftp"])
def test_a_file_whose_name_holds_a_control_character_is_refused_up_front(tmp_path, kind,
                                                                          request):
    """Nothing is sent: not the odd file (rsync would take it; FTP cannot), not the rest."""
    to, host, server = _destination(kind, tmp_path, request)
    root = built_site(tmp_path)
    assert publish(root, "--to", to).code == 0
    if kind == "ftp":
        server.log()                 # once the first publish has gone
        server.received.clear()
    before = snapshot(host)
    change_site(root)
    write_files(root / "output", {"unduhan/panduan\nR! zzz": b"x", "a\tb.txt": b"y"})
    for args in ([], ["--dry-run"]):
        result = publish(root, "--to", to, *args)
        assert result.code == 1, result
        assert result.err.startswith(f"build.py publish: gagal terbit ke {to}: ")
        assert ('"a\\tb.txt", "unduhan/panduan\\nR! zzz": namanya mengandung karakter kendali'
                in result.err), result.err
        assert len(result.err.splitlines()) == 1 and "Traceback" not in result.err
        assert result.out == "" and snapshot(host) == before
    if kind == "ftp":
        assert server.counts() == collections.Counter()     # not even connected


LONG_NAMES = ["a" * 240 + ".txt", "unduhan/" + "b" * 250,
              "unduhan/perpustakaan-" + "é" * 115 + ".txt"]      # 249 bytes


@pytest.mark.parametrize("kind", ["folder", "rsync", "ftp"])
def test_a_long_name_the_host_takes_is_published(tmp_path, kind, request):
    """The temporary name beside it (".NAME.xxxxxxxx.site-builder-upload") went past the
    host's 255 bytes, and every publish failed."""
    to, host, server = _destination(kind, tmp_path, request)
    root = built_site(tmp_path)
    write_files(root / "output", {name: name.encode() for name in LONG_NAMES})
    result = publish(root, "--to", to)
    assert result.code == 0, result.err
    assert snapshot(host) == {**published(root / "output"),
                              MANIFEST: (host / MANIFEST).read_bytes()}
    write_files(root / "output", {name: b"baru" for name in LONG_NAMES})
    again = publish(root, "--to", to)
    assert again.code == 0, again.err
    assert f": {len(LONG_NAMES)} berkas diunggah, 0 dihapus" in again.out
    assert snapshot(host) == {**published(root / "output"),
                              MANIFEST: (host / MANIFEST).read_bytes()}


def test_temporary_names_stay_within_255_bytes_and_apart():
    from site_builder.publish import is_temporary, temporary_name

    assert temporary_name("index.html") == f".index.html{TEMP_SUFFIX}"       # as before
    assert temporary_name("index.html", "0a1b2c3d") == f".index.html.0a1b2c3d{TEMP_SUFFIX}"
    for name in ["a" * 255, "a" * 230 + "x", "a" * 230 + "y", "é" * 127, "a" * 200]:
        for tag in (None, "0a1b2c3d"):
            temporary = temporary_name(name, tag)
            assert len(temporary.encode()) <= 255 and is_temporary(temporary)
            assert temporary.startswith("." + name[:100])
            assert temporary_name(name, tag) == temporary      # the same for the same file
    assert temporary_name("a" * 230 + "x") != temporary_name("a" * 230 + "y")


def test_rsync_removes_folders_the_deletions_emptied_deepest_first_but_not_others(
        tmp_path, rsync_daemon):
    url, folder = rsync_daemon
    www = folder / "www"
    root = built_site(tmp_path)
    assert publish(root, "--to", f"{url}/www").code == 0
    published_before(www, ["arsip/2019/januari/laporan.html", "arsip/2019/foto.jpg",
                           "lama/a/b/c.txt", "unduhan/lama.pdf"])
    write_files(www, {"lama/a/catatan.txt": "milik orang lain\n"})
    result = publish(root, "--to", f"{url}/www")
    assert result.code == 0, result.err
    assert snapshot(www) == {**published(root / "output"), **OTHERS,
                             "lama/a/catatan.txt": b"milik orang lain\n",
                             MANIFEST: (www / MANIFEST).read_bytes()}
    assert not (www / "arsip").exists() and not (www / "lama/a/b").exists()
    assert (www / "unduhan").is_dir()
