"""Publish: send the built output folder to the web host, changing only what changed.

`python build.py publish --to DEST` takes the output folder a successful build
left (it must hold writer.MARKER), compares it with the manifest of the last
publish, kept on the destination, and sends only the difference: to a local
folder, an rsync destination, or an FTP/FTPS account. When the last build of that
folder failed (writer.failed_build: it left the folder as the build before made
it), or was a preview (writer.preview_build: drafts shown, another address, a
time to come), it refuses, unless asked with --anyway. It holds the output
folder's lock (writer.lock_output) from those checks to the end, so it waits for
a build running there, and a build waits for it.

The manifest is `.site-builder-publish.json` at the destination root:

    {"format": 1,
     "files": {"berita/index.html": {"sha256": "<64 hex digits>", "size": 5120}, ...}}

It lists every file this tool published, by path relative to the root
("/"-separated), with the SHA-256 and size of its bytes. A file is uploaded when
its hash or size differs from the manifest's, or it is not listed. Without a
manifest (the first publish) everything is uploaded and nothing deleted; later,
only files listed in the old manifest and gone from the output are deleted, so
files that others put on the host survive. The marker file is never published.

Order, so that a visitor never gets a page whose images are missing, nor a link
to a page not there yet:
  0. the manifest of a publish under way (below), before the first change,
  1. changed files other than HTML (images, CSS, JS, the search index, .ics, feeds),
  2. HTML pages new to the host (or that a stopped publish was sending), then the
     changed ones, which may link to them (a new item before the lists, the home
     page and the year page that link to it: only a changed page can link to a new
     one); within each group deeper paths first,
  3. deletions (pages first), then folders that the deletions left empty,
  4. the new manifest, last: a publish that fails midway leaves the one of step 0,
     so the next publish sends again whatever may not have arrived.
Each file goes to a temporary name beside its target and is renamed into place
(a folder: os.replace; FTP: RNFR/RNTO; rsync does so itself), so a half-sent
file is never served; a long name is cut short in the temporary one, which stays
within the 255 bytes hosts take (temporary_name). rsync runs once per step (it
sends one list in its own order): uploads from a list of files; deletions from a
list too, of files missing from an empty folder (--delete-missing-args, rsync 3.1
or later on both ends), then of the emptied folders, a depth at a time, each
removed only if empty. Those lists are NUL-separated, never filter rules, so that
no file name is read as rsync's syntax. Whatever the umask, folders it makes on
the host are 0755 and files 0644 (a folder: chmod; rsync: --chmod), so that the
web server reads them.

A file whose name holds a control character (a newline, a tab) is refused before
anything is sent: FTP cannot name it, and a newline in a list of names or a
command is where one name ends and the next begins. One an older build published
is still deleted when the site no longer has it (over FTP it is left, with a
warning naming it). Messages show such names with the characters escaped
(errors.one_line).

A publish under way: step 0 writes the old manifest with `"unfinished": true`
and an empty entry ({}, which matches no file) for every file it is about to send
or delete, whose bytes on the host are unknown until it ends. A publish that
stops midway (Ctrl+C, SIGHUP when the terminal closes, SIGTERM, SIGKILL, a lost
connection) leaves that manifest, so the next one says so, sends every such file
that the site has and deletes every one it no longer has. Ctrl+C, SIGHUP and
SIGTERM stop it where it is (the temporary file it was writing removed), with a
message to run it again. Temporary files that a hard kill left behind are removed
by the next publish: every `.NAME.*.site-builder-upload` in a folder destination,
and on FTP (whose temporary name is fixed, `.NAME.site-builder-upload`, so sending
the file again reuses it; a long NAME cut short, with a digest of the whole one)
those of files the site no longer has. Two publishes never change one folder at
once (an flock on the folder itself).

Changes are found against the manifest, not the files on the host: a file
edited there by hand is replaced only when the site's own copy changes.

What it says while it sends (on stderr): to a host (FTP, rsync) first how many files
it is about to send and delete; then, to any destination, every few seconds how many
files are sent and about how long the rest will take (progress.Count: on a terminal
one line redrawn and erased at the end, elsewhere a line every LINE_EVERY seconds;
rsync, which sends a step's list at once, is counted step by step).

Round trips: over FTP each file costs PASV, STOR (with its data connection), RNFR and
RNTO, each a wait for the host's answer, which the first publish of a large site pays
tens of thousands of times (docs/hosting.md: send a zip first). So binary mode (TYPE I)
is set once per connection, and a folder is made (MKD) only when this publish has not
made it and the last one left no file in it (its manifest's entries, but the empty
ones); one of those removed on the host by hand is made when the host refuses a file
in it.
"""

from __future__ import annotations

import argparse
import contextlib
import ftplib
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Callable, Iterator, Protocol
from urllib.parse import unquote, urlsplit

try:
    import fcntl
except ImportError:   # Windows: folders are not locked there
    fcntl = None   # type: ignore[assignment]

from site_builder import arguments
from site_builder.errors import CONTROL_CHARACTER, one_line
from site_builder.filelinks import size_text
from site_builder.formatting import format_number
from site_builder.progress import Count
from site_builder.writer import (MARKER, WAIT_SECONDS, FailedBuild, OutputBusy, WriteFailed,
                                 failed_build, lock_output, make_folders, preview_build)

MANIFEST = ".site-builder-publish.json"
PASSWORD_VARIABLE = "SITE_BUILDER_FTP_PASSWORD"
TEMP_SUFFIX = ".site-builder-upload"
NAME_BYTES = 255    # the longest file name (in bytes) of most file systems and FTP hosts
TIMEOUT = 60        # seconds an FTP server may stay silent
BLOCK = 64 * 1024   # bytes read or sent at a time over an FTP data connection
BUILD_HINT = "jalankan dulu: python build.py build"
NORMAL_BUILD = "python3 build.py build"

HELP = "publish the built site to the web host (a folder, rsync, FTP or FTPS)"
DESCRIPTION = f"""\
Publish the built site (the output folder) to the web host, sending only the
files that changed since the last publish and deleting only files this command
published before and the site no longer has. HTML pages go after the images,
styles and other files they use, new pages before the changed pages that may
link to them; every file arrives under a temporary name and is renamed into
place.

--to takes:
  /var/www/perpustakaan or file:///var/www/perpustakaan   a folder on this computer
  user@host:/var/www/perpustakaan or rsync://host/module   rsync (must be installed)
  ftp://user@host[:port]/public_html     FTP (passive mode)
  ftps://user@host[:port]/public_html    FTP over explicit TLS (AUTH TLS)

FTP password: set the environment variable
{PASSWORD_VARIABLE}; never write it in the --to address
or anywhere on the command line. To type it unseen in bash:
  read -rs {PASSWORD_VARIABLE} && export {PASSWORD_VARIABLE}
The FTP path is relative to the account's login folder (start it with // for
an absolute path). rsync over ssh uses your ssh keys; an rsync:// daemon reads
RSYNC_PASSWORD.

The list of published files is kept on the destination in
{MANIFEST}. Only a folder made by a successful `build`
(it holds {MARKER}) is published; when the last build of it failed (content
errors: it still holds the site of the build before), publish refuses unless
given --anyway. A preview (built with --drafts, with another --base-url than
site.yaml's, or with a --now still to come) is refused too, unless given
--anyway: run `python3 build.py build` first. While a build of the folder
runs, publish waits for it (up to {WAIT_SECONDS:g} seconds).

A publish stopped midway (Ctrl+C, the terminal closed, SIGTERM, a lost
connection) leaves some files new and others old on the host: run the same
command again, which notices it and finishes the job. Temporary files a killed
publish left behind are removed by the next one.

exit codes: 0 published (or nothing to change), 1 nothing built yet, the last
build failed or was a preview, a build kept the folder busy, or the publish
failed or was stopped by SIGTERM or the terminal closing (the message names the
host and what failed), 2 wrong usage, 130 stopped with Ctrl+C.
"""

INTERRUPTED = ("Penerbitan terputus: sebagian halaman sudah baru, sebagian belum. "
               "Jalankan lagi perintah yang sama untuk menyelesaikannya.")
RESUMING = "penerbitan sebelumnya terputus; diselesaikan sekarang"
MIDWAY_FAILURE = ("sebagian halaman sudah baru, sebagian belum: jalankan lagi perintah yang "
                  "sama setelah masalahnya teratasi")
FIX_BUILD = "Perbaiki kesalahannya dan jalankan build lagi"


class UsageError(Exception):
    """A bad --to or a missing password variable: exit code 2."""


class PublishFailed(Exception):
    """Nothing publishable, or the destination refused: exit code 1."""


class Interrupted(BaseException):
    """SIGHUP or SIGTERM arrived while publishing (as Ctrl+C raises KeyboardInterrupt);
    a BaseException, so that no `except Exception` on the way stops it."""


# -- the plan: what to send, what to delete --------------------------------------------

Files = dict[str, dict[str, object]]    # path -> {"sha256": hex, "size": bytes}


@dataclass(frozen=True)
class Plan:
    uploads: list[str]       # in upload order: assets, then new pages, then changed pages
    deletions: list[str]     # pages first
    folders: list[str]       # to remove if the deletions left them empty, deepest first
    unchanged: int
    manifest: bytes          # the new manifest
    unfinished: bytes        # the manifest while the publish is under way (see above)
    fresh: frozenset[str] = frozenset()   # files not on the host, or maybe not
    upload_size: int = 0     # bytes of the uploads


def _is_page(path: str) -> bool:
    return path.endswith((".html", ".htm"))


def _order(path: str, fresh: frozenset[str]) -> tuple[bool, bool, int, str]:
    """Files, then pages new to the host, then changed pages; deeper paths first."""
    page = _is_page(path)
    return page, page and path not in fresh, -path.count("/"), path


def scan_output(output_dir: Path) -> Files:
    """Hash and size of every file of the built site, except the marker."""
    files: Files = {}
    for path in sorted(output_dir.rglob("*")):
        relative = path.relative_to(output_dir).as_posix()
        if path.is_file() and relative not in (MARKER, MANIFEST):
            with path.open("rb") as stream:
                digest = hashlib.file_digest(stream, "sha256").hexdigest()
            files[relative] = {"sha256": digest, "size": path.stat().st_size}
    return files


def manifest_bytes(files: Files, unfinished: bool = False) -> bytes:
    """A manifest listing `files`; `unfinished`: of a publish under way."""
    data: dict[str, object] = {"format": 1, "files": files}
    if unfinished:
        data["unfinished"] = True
    return (json.dumps(data, indent=1, sort_keys=True) + "\n").encode()


def _safe_path(path: object) -> bool:
    """A path as this tool writes it: relative, "/"-separated, no "..", nor "." or an empty
    part (rsync reads "/./" in a list of files as where the path on the host begins),
    nor NUL (which ends a name in rsync's list)."""
    if not isinstance(path, str):
        return False
    parts = PurePosixPath(path).parts
    return (bool(parts) and not path.startswith("/") and ".." not in parts
            and "\\" not in path and "\0" not in path and PurePosixPath(path).as_posix() == path)




def _shown(path: str) -> str:
    """A file name for a message or a list, on one line: control characters escaped."""
    return one_line(path).replace("\t", "\\t")


def check_names(paths: list[str]) -> None:
    """Refuse to publish files whose names hold a control character (the module's
    docstring), naming them."""
    odd = [path for path in paths if CONTROL_CHARACTER.search(path)]
    if odd:
        named = ", ".join(f'"{_shown(path)}"' for path in odd[:5])
        if len(odd) > 5:
            named += f" dan {_number(len(odd) - 5)} lainnya"
        raise PublishFailed(f"berkas {named}: namanya mengandung karakter kendali (baris baru, "
                            "tab, atau sejenisnya), yang tidak bisa diterbitkan, jadi tidak ada "
                            "yang dikirim. Ganti nama berkasnya di folder konten, lalu jalankan "
                            "build lagi")


def _bytes(name: str) -> int:
    return len(name.encode("utf-8", "surrogateescape"))


def temporary_name(name: str, tag: str | None = None) -> str:
    """The name a file named `name` is sent to, beside it, before it is renamed into place:
    ".NAME.TAG.site-builder-upload" (no `tag`: ".NAME.site-builder-upload", the same each
    time). Within NAME_BYTES: NAME is cut short when the whole would be longer, and then,
    without a tag, followed by a digest of the whole name (the same for the same file,
    another for another file of the same beginning)."""
    tail = (f".{tag}" if tag else "") + TEMP_SUFFIX
    if _bytes(f".{name}{tail}") <= NAME_BYTES:
        return f".{name}{tail}"
    if not tag:
        digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()
        tail = f".{digest[:16]}{TEMP_SUFFIX}"
    cut = name
    while _bytes(f".{cut}{tail}") > NAME_BYTES:
        cut = cut[:-1]
    return f".{cut}{tail}"


def parse_manifest(data: bytes) -> Files | None:
    """The files of a manifest, or None when it is not one this tool wrote."""
    try:
        files = json.loads(data)["files"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(files, dict) or not all(
            _safe_path(path) and isinstance(entry, dict) for path, entry in files.items()):
        return None
    return files


def is_unfinished(data: bytes | None) -> bool:
    """Whether a manifest is one of a publish that never finished (it stopped midway)."""
    try:
        return json.loads(data or b"null")["unfinished"] is True
    except (ValueError, KeyError, TypeError):
        return False


def _emptied_folders(deleted: list[str], kept: Files) -> list[str]:
    def folders(path: str) -> set[str]:
        return {parent.as_posix() for parent in PurePosixPath(path).parents} - {"."}
    remaining = set().union(*map(folders, kept))
    emptied = set().union(*map(folders, deleted)) - remaining
    return sorted(emptied, key=lambda folder: (-folder.count("/"), folder))


def plan_publish(new: Files, old: Files | None) -> Plan:
    """Compare the output with the last manifest (None: the first publish)."""
    old = old or {}
    # Not on the host, or maybe not: {} is a file a stopped publish was sending.
    fresh = frozenset(path for path in new if not old.get(path))
    uploads = sorted((path for path, entry in new.items() if old.get(path) != entry),
                     key=lambda path: _order(path, fresh))
    deletions = sorted((path for path in old if path not in new),
                       key=lambda path: (not _is_page(path), path))
    # Files being sent or deleted have unknown bytes on the host until the publish ends.
    unknown: Files = {path: {} for path in [*uploads, *deletions]}
    return Plan(uploads, deletions, _emptied_folders(deletions, new),
                unchanged=len(new) - len(uploads), manifest=manifest_bytes(new),
                unfinished=manifest_bytes({**old, **unknown}, unfinished=True), fresh=fresh,
                upload_size=sum(_size(new[path]) for path in uploads))


def _size(entry: dict[str, object]) -> int:
    size = entry.get("size")
    return size if isinstance(size, int) else 0


# -- the --to address --------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    kind: str          # "folder", "rsync", "ftp" or "ftps"
    label: str         # as written, for messages; never holds a password
    path: str          # the folder; the rsync destination ending in / or :; the FTP folder
    host: str = ""
    port: int = 21
    user: str = ""


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_REMOTE_SHELL = re.compile(r"^(?:([^@/]*)@)?([^@/:]+):")    # user@host:path, as rsync reads it
_NO_PASSWORD = (f"jangan tulis kata sandi di --to; simpan di variabel lingkungan "
                f"{PASSWORD_VARIABLE} (FTP) atau RSYNC_PASSWORD (rsync://)")


def parse_target(text: str) -> Target:
    """Read --to; raises UsageError for an address this command cannot use."""
    scheme = _SCHEME.match(text)
    if scheme:
        return _parse_url(text, scheme.group(1).lower())
    remote = _REMOTE_SHELL.match(text)
    if remote:
        if ":" in (remote.group(1) or ""):
            raise UsageError(_NO_PASSWORD)
        return Target("rsync", text, text if text.endswith((":", "/")) else text + "/")
    if not text.strip():
        raise UsageError("--to kosong; tulis folder atau alamat tujuan")
    return Target("folder", text, str(Path(text).expanduser()))


def _parse_url(text: str, scheme: str) -> Target:
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise UsageError(f"alamat --to tidak valid: {text} ({error})") from None
    if parts.password is not None:
        raise UsageError(_NO_PASSWORD)
    if scheme == "file" and parts.netloc in ("", "localhost") and parts.path:
        return Target("folder", text, unquote(parts.path))
    if scheme == "rsync" and parts.hostname:
        return Target("rsync", text, text if text.endswith("/") else text + "/")
    if scheme in ("ftp", "ftps") and parts.hostname:
        folder = unquote(parts.path)[1:]       # relative to the login folder, as curl reads it
        return Target(scheme, text, folder if folder == "/" else folder.rstrip("/"),
                      parts.hostname, port or 21, unquote(parts.username or ""))
    raise UsageError(f"tujuan --to tidak dikenal: {text}; pakai sebuah folder, file:///..., "
                     "user@host:/folder atau rsync://... (rsync), ftp://user@host/folder "
                     "atau ftps://user@host/folder")


# -- destinations ------------------------------------------------------------------------

Sent = Callable[[int], None]     # told how many files were sent, as they are


def _uncounted(number: int) -> None:
    pass


class Destination(Protocol):
    warnings: list[str]
    remote: bool       # across a network: a publish says up front what it sends

    def read_manifest(self) -> bytes | None: ...
    def begin(self, stale: list[str]) -> int: ...
    def upload(self, output_dir: Path, paths: list[str], sent: Sent = _uncounted) -> None: ...
    def delete(self, paths: list[str], folders: list[str]) -> None: ...
    def write_manifest(self, data: bytes) -> None: ...
    def close(self, stopped: bool = False) -> None: ...


def is_temporary(name: str) -> bool:
    """Whether a file name is one of the temporary names uploads are sent to."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def _lock_folder(folder: Path) -> int | None:
    """An open descriptor of `folder` with an exclusive flock on it, so that two publishes
    never change one folder at once: on the folder itself, so nothing is written for it,
    and the system lets go when the process ends, however it ends. None where a folder
    cannot be locked (Windows, some network file systems): the publish goes on unlocked."""
    if fcntl is None:
        return None
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        raise PublishFailed(f"folder {folder} sedang diterbitkan oleh proses lain; tunggu "
                            "sampai selesai, lalu jalankan lagi") from None
    except OSError:
        os.close(handle)
        return None
    return handle


def _open(output_dir: Path, path: str) -> BinaryIO:
    try:
        return (output_dir / path).open("rb")
    except OSError as error:
        raise PublishFailed(f"gagal membaca {output_dir / path}: "
                            f"{error.strerror or error}") from error


class Folder:
    """A folder on this computer (perhaps one a web server serves); `changing` (not a dry
    run): made if missing, and locked until closed."""

    remote = False

    def __init__(self, root: Path, changing: bool) -> None:
        if not root.parent.is_dir():
            raise PublishFailed(f"folder induk {root.parent} tidak ada")
        self.root, self.warnings = root, []
        self.lock: int | None = None
        if changing:
            try:
                make_folders(root)    # 0755, whatever the umask: the web server enters it
            except OSError as error:
                raise PublishFailed(f"gagal membuat folder {root}: "
                                    f"{error.strerror or error}") from error
            self.lock = _lock_folder(root)

    def read_manifest(self) -> bytes | None:
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            return (self.root / MANIFEST).read_bytes()
        return None

    def begin(self, stale: list[str]) -> int:
        """Remove every temporary file that a killed publish left in the folder (`stale`
        is for FTP); returns how many."""
        removed = 0
        for folder, _, names in os.walk(self.root):
            for name in filter(is_temporary, names):
                try:
                    os.unlink(os.path.join(folder, name))
                    removed += 1
                except FileNotFoundError:
                    pass
                except OSError as error:
                    self.warnings.append(f"tidak dapat menghapus berkas sementara "
                                         f"{os.path.join(folder, name)}: "
                                         f"{error.strerror or error}")
        return removed

    def upload(self, output_dir: Path, paths: list[str], sent: Sent = _uncounted) -> None:
        for path in paths:
            with _open(output_dir, path) as source:
                self._place(path, source)
            sent(1)

    def write_manifest(self, data: bytes) -> None:
        self._place(MANIFEST, io.BytesIO(data))

    def _place(self, path: str, source: BinaryIO) -> None:
        """Copy `source` to a temporary file beside the target, then rename it into place;
        the temporary file goes however this stops (an error, Ctrl+C, SIGTERM)."""
        target = self.root / path
        # Named before it exists, so that whatever stops this finds it to remove.
        temporary = target.with_name(temporary_name(target.name, secrets.token_hex(4)))
        try:
            make_folders(target.parent)    # each one made 0755, as the root
            try:
                with open(temporary, "xb") as stream:
                    shutil.copyfileobj(source, stream)
                os.chmod(temporary, 0o644)    # whatever the umask: the web server reads it
                os.replace(temporary, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError as error:
            raise PublishFailed(f"gagal menulis {target}: {error.strerror or error}") from error

    def delete(self, paths: list[str], folders: list[str]) -> None:
        for path in paths:
            try:
                (self.root / path).unlink(missing_ok=True)
            except OSError as error:
                raise PublishFailed(f"gagal menghapus {_shown(str(self.root / path))}: "
                                    f"{error.strerror or error}") from error
        for folder in folders:
            with contextlib.suppress(OSError):     # not empty: it holds files of others
                (self.root / folder).rmdir()

    def close(self, stopped: bool = False) -> None:
        if self.lock is not None:
            os.close(self.lock)
            self.lock = None


def _ftp(what: str, call, *args):
    """Run one FTP call; any FTP or network error becomes PublishFailed naming `what`."""
    try:
        return call(*args)
    except ftplib.all_errors as error:
        raise PublishFailed(f"{what}: {error or type(error).__name__}") from error


class FtpAccount:
    """An FTP or FTPS account (passive mode); every path is relative to `target.path`."""

    remote = True

    def __init__(self, target: Target, password: str) -> None:
        tls = target.kind == "ftps"
        self.ftp = (ftplib.FTP_TLS(context=ssl.create_default_context(), timeout=TIMEOUT)
                    if tls else ftplib.FTP(timeout=TIMEOUT))
        self.prefix = target.path + ("" if target.path in ("", "/") else "/")
        self.made: set[str] = set()      # folders made (or found there) by this publish
        self.there: set[str] = set()     # folders the last publish left a file in
        self.binary = False              # TYPE I sent on this connection
        self.warnings: list[str] = []
        try:
            _ftp(f"tidak dapat menghubungi {target.host}:{target.port}",
                 self.ftp.connect, target.host, target.port)
            _ftp(f"gagal masuk sebagai {target.user or 'anonymous'}",
                 self.ftp.login, target.user or "anonymous", password)
            if tls:
                _ftp("gagal mengamankan saluran data (PROT P)", self.ftp.prot_p)
        except PublishFailed:
            self.ftp.close()
            raise
        self.ftp.set_pasv(True)

    def close(self, stopped: bool = False) -> None:
        """Log out; `stopped` (Ctrl+C, SIGTERM, perhaps mid-transfer): only hang up, as the
        answer to QUIT may never come."""
        if not stopped:
            with contextlib.suppress(*ftplib.all_errors):
                self.ftp.quit()
        self.ftp.close()

    def read_manifest(self) -> bytes | None:
        """The manifest; the folders of the files it lists as sent are known to be there."""
        what = f"gagal membaca {MANIFEST}"
        _ftp(what, self._binary)
        try:
            connection = self.ftp.transfercmd(f"RETR {self.prefix}{MANIFEST}")
        except ftplib.error_perm:       # 550: not there yet, the first publish
            return None
        except ftplib.all_errors as error:
            raise PublishFailed(f"{what}: {error}") from error
        data = _ftp(what, self._receive, connection)
        # Not the empty entries of a publish stopped midway: those files may never have
        # arrived, nor their folders been made.
        self.there = {parent.as_posix()
                      for path, entry in (parse_manifest(data) or {}).items() if entry
                      for parent in PurePosixPath(self.prefix + path).parents}
        return data

    def _binary(self) -> None:
        """Binary mode (TYPE I), once per connection: no transfer here asks for another."""
        if not self.binary:
            self.ftp.voidcmd("TYPE I")
            self.binary = True

    def _receive(self, connection: socket.socket) -> bytes:
        """Everything a RETR's data connection brings, and the server's reply."""
        blocks = []
        with connection:
            while block := connection.recv(BLOCK):
                blocks.append(block)
            if isinstance(connection, ssl.SSLSocket):
                connection.unwrap()
        self.ftp.voidresp()
        return b"".join(blocks)

    def _send(self, connection: socket.socket, stream: BinaryIO) -> None:
        """Send `stream` over a STOR's data connection; wait for the server's reply."""
        with connection:
            while block := stream.read(BLOCK):
                connection.sendall(block)
            if isinstance(connection, ssl.SSLSocket):
                connection.unwrap()      # TLS's end, before the reply (as storbinary)
        self.ftp.voidresp()

    def _temporary(self, path: str) -> str:
        target = PurePosixPath(self.prefix + path)
        return str(target.with_name(temporary_name(target.name)))

    def begin(self, stale: list[str]) -> int:
        """Delete the temporary files that a publish stopped while sending `stale` may have
        left (files it sent that the site no longer has: sending a file again reuses its
        temporary name); returns how many there were."""
        removed = 0
        for path in stale:
            if CONTROL_CHARACTER.search(path):    # never sent: FTP cannot name it
                continue
            try:
                self.ftp.delete(self._temporary(path))
            except ftplib.error_perm:    # 550: none was left
                continue
            except ftplib.all_errors as error:
                raise PublishFailed(f"gagal menghapus {self._temporary(path)}: {error}") from error
            removed += 1
        return removed

    def upload(self, output_dir: Path, paths: list[str], sent: Sent = _uncounted) -> None:
        for path in paths:
            with _open(output_dir, path) as stream:
                self._place(path, stream)
            sent(1)

    def write_manifest(self, data: bytes) -> None:
        self._place(MANIFEST, io.BytesIO(data))

    def _place(self, path: str, stream: BinaryIO) -> None:
        """Send `stream` to the temporary name beside `path`, then rename it into place."""
        target = PurePosixPath(self.prefix + path)
        temporary = self._temporary(path)
        _ftp(f"gagal mengunggah {path}", self._store, target.parent, temporary, stream)
        _ftp(f"gagal mengganti nama {temporary} menjadi {path}",
             self._rename, temporary, str(target))

    def _rename(self, temporary: str, target: str) -> None:
        try:
            self.ftp.rename(temporary, target)
        except ftplib.error_perm:        # some servers will not rename onto an existing file
            with contextlib.suppress(ftplib.error_perm):
                self.ftp.delete(target)
            self.ftp.rename(temporary, target)

    def _store(self, folder: PurePosixPath, temporary: str, stream: BinaryIO) -> None:
        """STOR `stream` as `temporary` in `folder`, made first unless known to be there."""
        self._binary()
        trusted = self._make_folders(folder)
        try:
            connection = self.ftp.transfercmd(f"STOR {temporary}")
        except ftplib.error_perm:
            if not trusted:
                raise
            # A folder the last publish left may have been removed on the host by hand.
            self._make_folders(folder, again=True)
            connection = self.ftp.transfercmd(f"STOR {temporary}")
        self._send(connection, stream)

    def _make_folders(self, folder: PurePosixPath, again: bool = False) -> bool:
        """Make `folder` and those above it, except those this publish made and those the
        last one left a file in (`again`: every one); returns whether it left out any of
        the last publish's, on trust."""
        trusted = False
        for parent in [*reversed(folder.parents), folder]:
            name = parent.as_posix()
            if name in (".", "/") or (name in self.made and not again):
                continue
            if name in self.there and not again:
                trusted = True
                continue
            try:
                self.ftp.mkd(name)
            except ftplib.error_perm:    # it exists already
                pass
            except ftplib.all_errors as error:
                raise PublishFailed(f"gagal membuat folder {name}: {error}") from error
            self.made.add(name)
        return trusted

    def delete(self, paths: list[str], folders: list[str]) -> None:
        """Delete `paths`, then `folders` if empty; those whose names hold a control
        character are left (FTP cannot name them), with a warning for each file."""
        for path in paths:
            if CONTROL_CHARACTER.search(path):
                self.warnings.append(f'tidak dapat menghapus "{_shown(path)}": namanya '
                                     "mengandung karakter kendali, yang tidak bisa dikirim "
                                     "lewat FTP; hapus sendiri lewat pengelola berkas host")
                continue
            try:
                self.ftp.delete(self.prefix + path)
            except ftplib.error_perm as error:    # gone already, or refused: say so, go on
                self.warnings.append(f"tidak dapat menghapus {path}: {error}")
            except ftplib.all_errors as error:
                raise PublishFailed(f"gagal menghapus {path}: {error}") from error
        for folder in folders:
            if CONTROL_CHARACTER.search(folder):
                continue
            try:
                self.ftp.rmd(self.prefix + folder)
            except ftplib.error_perm:        # not empty: it holds files of others
                pass
            except ftplib.all_errors as error:
                raise PublishFailed(f"gagal menghapus folder {folder}: {error}") from error


# The modes on the host, not those of the output folder (-a copies them): a web server
# must read what a strict umask (027, 077) made private.
CHMOD = "--chmod=D755,F644"


class Rsync:
    """An rsync destination: user@host:/path over ssh, or rsync://host/module/path."""

    remote = True

    def __init__(self, target: Target, output_dir: Path) -> None:
        binary = shutil.which("rsync")
        if binary is None:
            raise PublishFailed("program rsync tidak terpasang di komputer ini; pasang dulu "
                                "(apt-get install rsync), atau terbitkan lewat ftp:// atau folder")
        self.binary, self.dest, self.output_dir = binary, target.path, output_dir
        self.warnings: list[str] = []

    def _run(self, what: str, *args: str, stdin: bytes | None = None,
             missing_ok: bool = False) -> bool:
        """Run rsync; False when `missing_ok` and what it should fetch does not exist."""
        done = subprocess.run([self.binary, *args], input=stdin, capture_output=True)
        errors = done.stderr.decode(errors="replace").strip()
        if missing_ok and done.returncode == 23 and "No such file or directory" in errors:
            return False
        if done.returncode:
            raise PublishFailed(f"{what}: rsync keluar dengan kode {done.returncode}"
                                + "".join(f" ({line})" for line in errors.splitlines()[:1]))
        return True

    def read_manifest(self) -> bytes | None:
        with tempfile.TemporaryDirectory() as folder:
            if not self._run(f"gagal membaca {MANIFEST}", "-q", self.dest + MANIFEST, folder,
                             missing_ok=True):
                return None     # the first publish
            return (Path(folder) / MANIFEST).read_bytes()

    def begin(self, stale: list[str]) -> int:
        """Nothing to do: rsync removes its temporary files itself (the receiving rsync
        also when the sending one is killed)."""
        return 0

    def close(self, stopped: bool = False) -> None:
        pass

    def upload(self, output_dir: Path, paths: list[str], sent: Sent = _uncounted) -> None:
        if paths:     # rsync writes each file to a temporary name and renames it
            self._run("gagal mengunggah", "-a", CHMOD, "--checksum", "--from0",
                      "--files-from=-", f"{output_dir}/", self.dest,
                      stdin="\0".join(paths).encode("utf-8", "surrogateescape"))
            sent(len(paths))

    def write_manifest(self, data: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / MANIFEST).write_bytes(data)
            self._run(f"gagal mengunggah {MANIFEST}", "-a", CHMOD, f"{folder}/{MANIFEST}",
                      self.dest)

    def delete(self, paths: list[str], folders: list[str]) -> None:
        """Delete exactly `paths`, then `folders` if empty, deepest first (a depth at a
        time: rsync goes through a list in its own order); nothing else."""
        if not paths:
            return
        self._delete("gagal menghapus", paths)
        for depth in sorted({folder.count("/") for folder in folders}, reverse=True):
            self._delete("gagal menghapus folder",
                         [folder for folder in folders if folder.count("/") == depth])

    def _delete(self, what: str, names: list[str]) -> None:
        """One rsync run that deletes `names` on the host, a folder only if empty. Each is
        named, in a NUL-separated list (never a filter rule, where a name could be read
        as a rule), as missing from an empty folder, which --delete-missing-args deletes
        on the host; without --delete or --force, which would delete a folder with all
        it holds. The folders above them are made in the empty one, for rsync sends them
        too (--relative), but --existing --ignore-existing keep it from making or
        changing any on the host."""
        with tempfile.TemporaryDirectory() as folder:
            for name in names:
                parent = PurePosixPath(name).parent
                if parent != PurePosixPath("."):
                    (Path(folder) / parent).mkdir(parents=True, exist_ok=True)
            self._run(what, "--delete-missing-args", "--existing", "--ignore-existing",
                      "--from0", "--files-from=-", f"{folder}/", self.dest,
                      stdin="\0".join(names).encode("utf-8", "surrogateescape"))


# -- the command -------------------------------------------------------------------------

def _connect(target: Target, output_dir: Path, dry_run: bool) -> Destination:
    """The destination of `target` (FTP: logged in with the password variable)."""
    if target.kind == "folder":
        return Folder(Path(target.path), changing=not dry_run)
    if target.kind == "rsync":
        return Rsync(target, output_dir)
    if target.user and PASSWORD_VARIABLE not in os.environ:
        raise UsageError(f"kata sandi FTP belum diatur: simpan di variabel lingkungan "
                         f"{PASSWORD_VARIABLE}, lalu jalankan lagi")
    return FtpAccount(target, os.environ.get(PASSWORD_VARIABLE, ""))


@contextlib.contextmanager
def open_destination(target: Target, output_dir: Path, dry_run: bool = False
                     ) -> Iterator[Destination]:
    """Connect to the destination; closed when done, also when stopped."""
    destination = _connect(target, output_dir, dry_run)
    stopped = False
    try:
        yield destination
    except (KeyboardInterrupt, Interrupted):
        stopped = True
        raise
    finally:
        destination.close(stopped)


@contextlib.contextmanager
def signals_stop() -> Iterator[None]:
    """While the body runs, SIGHUP (the terminal closed) and SIGTERM raise Interrupted,
    as Ctrl+C raises KeyboardInterrupt, so that a publish stops where it is, tidies up
    and says so. A signal ignored when this began (nohup) stays ignored, one handled
    by someone else stays theirs; only the main thread can set handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(number: int, frame: object) -> None:
        raise Interrupted(number)

    numbers = [getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)]
    ours = [number for number in numbers if signal.getsignal(number) is signal.SIG_DFL]
    for number in ours:
        signal.signal(number, stop)
    try:
        yield
    finally:
        for number in ours:
            signal.signal(number, signal.SIG_DFL)


def check_output(output_dir: Path) -> None:
    """Refuse a missing, empty, or foreign output folder: only a finished build is published."""
    if not output_dir.is_dir():
        raise PublishFailed(f"folder hasil build {output_dir} tidak ada; {BUILD_HINT}")
    if not any(output_dir.iterdir()):
        raise PublishFailed(f"folder hasil build {output_dir} kosong; {BUILD_HINT}")
    if not (output_dir / MARKER).is_file():
        raise PublishFailed(f"folder {output_dir} bukan hasil build site_builder (tidak ada "
                            f"berkas {MARKER}); {BUILD_HINT}")


def _check_overlap(target: Target, output_dir: Path) -> None:
    if target.kind != "folder":
        return
    folder, output = Path(target.path).resolve(), output_dir.resolve()
    if folder.is_relative_to(output) or output.is_relative_to(folder):
        raise UsageError(f"tujuan {target.label} tidak boleh sama dengan, berisi, atau berada "
                         f"di dalam folder hasil build {output_dir}")


def _old_files(destination: Destination) -> tuple[Files | None, bytes | None]:
    data = destination.read_manifest()
    files = None if data is None else parse_manifest(data)
    if data is not None and files is None:
        destination.warnings.append(f"{MANIFEST} di tujuan tidak terbaca; semua berkas diunggah "
                                    "ulang dan tidak ada yang dihapus")
    return files, data


def check_last_build(output_dir: Path, anyway: bool) -> None:
    """Refuse an output folder whose last build failed (it holds the site of the build
    before, not what the content says now), or holds a preview (drafts shown, another
    address, a time to come); with `anyway`, only warn."""
    def refuse(what: str, refused: str, warned: str) -> None:
        if not anyway:
            raise PublishFailed(what + refused)
        _say(f"peringatan: {what}; {warned}")

    failed = failed_build(output_dir)
    if failed is not None:
        refuse(f"build terakhir gagal ({_failure(failed)})",
               f"; folder {output_dir} masih berisi hasil build sebelumnya, jadi tidak "
               f"diterbitkan. {FIX_BUILD} (atau tambahkan --anyway untuk tetap menerbitkan "
               "hasil build sebelumnya).",
               f"yang diterbitkan adalah hasil build sebelumnya. {FIX_BUILD}.")
    preview = preview_build(output_dir)
    if preview is not None:
        refuse(f"hasil build di {output_dir} adalah pratinjau ({preview})",
               f", jadi tidak diterbitkan. Jalankan dulu {NORMAL_BUILD} tanpa --drafts, "
               "--base-url atau --now, lalu terbitkan lagi (atau tambahkan --anyway untuk "
               "tetap menerbitkan pratinjau ini).",
               f"tetap diterbitkan karena --anyway. Untuk situs yang sebenarnya, jalankan "
               f"{NORMAL_BUILD} lalu terbitkan lagi.")


@contextlib.contextmanager
def _build_finished(output_dir: Path) -> Iterator[None]:
    """Hold the lock of `output_dir` that a build holds while it writes there
    (writer.lock_output): wait for a build running now, saying so, and keep the next
    one from changing the folder while it is checked, read and sent. Unlocked where
    the lock file cannot be made: beside an output folder this user may only read,
    which no build of theirs writes either."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(lock_output(output_dir, waiting=_say))
        except OutputBusy as error:
            raise PublishFailed(f"{error}; tidak ada yang diterbitkan. Jalankan lagi setelah "
                                "build itu selesai.") from None
        except WriteFailed:
            pass
        yield


def _failure(failed: FailedBuild) -> str:
    """"3 kesalahan, 2026-11-24 09:00": what a failed build's record says."""
    parts = [f"{failed.errors} kesalahan" if failed.errors is not None else "",
             f"{failed.time:%Y-%m-%d %H:%M}" if failed.time is not None else ""]
    return ", ".join(part for part in parts if part) or "waktu tidak diketahui"


def _say(message: str) -> None:
    """A line on stderr at once; none when stderr is gone (the terminal was closed)."""
    with contextlib.suppress(OSError, ValueError):
        print(message, file=sys.stderr, flush=True)


def _number(number: int) -> str:
    """"26.781": a point groups thousands, as Indonesian writes numbers."""
    return format_number(number, "id")


def _time_left(seconds: float) -> str:
    """"kurang dari 1 menit", "sekitar 25 menit", "sekitar 2 jam 50 menit" (to 10 minutes)."""
    if seconds < 60:
        return "kurang dari 1 menit"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"sekitar {minutes} menit"
    hours, minutes = divmod(round(seconds / 600) * 10, 60)
    return f"sekitar {hours} jam" + (f" {minutes} menit" if minutes else "")


def count_line(sent: int, total: int, seconds_left: float) -> str:
    """"1.200 dari 26.781 berkas terkirim, sisa sekitar 2 jam": how far a publish has gone."""
    return (f"{_number(sent)} dari {_number(total)} berkas terkirim, "
            f"sisa {_time_left(seconds_left)}")


@dataclass
class Publishing:
    """How far a publish has gone: `midway` between its first change of the destination
    and its finished manifest, when the destination holds some files old, some new."""
    midway: bool = False


def _apply(plan: Plan, destination: Destination, output_dir: Path, old: bytes | None,
           stale: list[str], publishing: Publishing, label: str) -> None:
    """Carry out `plan` (see the module's docstring for the order, and for what it says
    meanwhile); `stale`: files a stopped publish may have left a temporary file of
    (destination.begin); `label`: the destination, as --to gave it."""
    removed = destination.begin(stale)
    if removed:
        _say(f"peringatan: {removed} berkas sementara sisa penerbitan yang terputus dihapus")
    changing = bool(plan.uploads or plan.deletions)
    if changing and destination.remote:
        _say(f"Menerbitkan ke {label}: {_number(len(plan.uploads))} berkas akan diunggah "
             f"({size_text(plan.upload_size)}), {_number(len(plan.deletions))} akan dihapus")
    if changing:
        destination.write_manifest(plan.unfinished)
        publishing.midway = True
    pages = [path for path in plan.uploads if _is_page(path)]
    with Count(len(plan.uploads), count_line) as count:
        destination.upload(output_dir, [path for path in plan.uploads if not _is_page(path)],
                           count.add)
        # New pages, then the changed ones that may link to them: in two steps, as rsync
        # sends one list in its own order.
        destination.upload(output_dir, [path for path in pages if path in plan.fresh],
                           count.add)
        destination.upload(output_dir, [path for path in pages if path not in plan.fresh],
                           count.add)
    destination.delete(plan.deletions, plan.folders)
    if changing or plan.manifest != old:
        destination.write_manifest(plan.manifest)
    publishing.midway = False


def _print_dry_run(plan: Plan, label: str) -> None:
    print(f"Uji coba: tidak ada yang diubah di {label}.")
    for path in plan.uploads:
        print(f"  unggah  {_shown(path)}")
    for path in plan.deletions:
        print(f"  hapus   {_shown(path)}")
    print(f"{_number(len(plan.uploads))} berkas akan diunggah, "
          f"{_number(len(plan.deletions))} akan dihapus, {_number(plan.unchanged)} tidak berubah.")


def publish(target: Target, output_dir: Path, dry_run: bool,
            publishing: Publishing | None = None) -> Plan:
    """Send `output_dir` to `target` (or only show what would change); returns the plan.
    `publishing` is kept up to date, for the message of a publish stopped midway."""
    files = scan_output(output_dir)
    check_names(list(files))      # before connecting: nothing is sent
    with open_destination(target, output_dir, dry_run) as destination:
        old_files, old_data = _old_files(destination)
        plan = plan_publish(files, old_files)
        if is_unfinished(old_data):
            _say(f"peringatan: {RESUMING}" if not dry_run else
                 "peringatan: penerbitan sebelumnya terputus; jalankan tanpa --dry-run untuk "
                 "menyelesaikannya")
        if not dry_run:
            stale = [path for path in plan.deletions if (old_files or {}).get(path) == {}]
            _apply(plan, destination, output_dir, old_data, stale, publishing or Publishing(),
                   target.label)
        for warning in destination.warnings:
            print(f"peringatan: {warning}", file=sys.stderr)
    return plan


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", required=True, metavar="DEST",
                        help="where to publish: a folder, file:///..., user@host:/path, "
                             "rsync://..., ftp://user@host/path or ftps://user@host/path "
                             f"(FTP password in the variable {PASSWORD_VARIABLE})")
    arguments.add_content(parser, "content folder; the output folder is beside it "
                                  "(default: ./content)")
    parser.add_argument("--output", type=Path, metavar="DIR",
                        help="the built site to publish (default: output/ beside the content "
                             "folder)")
    parser.add_argument("--dry-run", action="store_true",
                        help="only list what would be uploaded and deleted; change nothing")
    parser.add_argument("--anyway", action="store_true",
                        help="publish even though the last build failed (the output folder "
                             "then holds the site of the build before it) or was a preview")


def _stopped(stop: BaseException, target: Target, publishing: Publishing) -> int:
    """Say that the publish was stopped (Ctrl+C, SIGHUP, SIGTERM), and how to finish it;
    the exit code: 130 after Ctrl+C, as shells give, else 1."""
    _say(INTERRUPTED if publishing.midway else
         f"Penerbitan dihentikan; situs di {target.label} tetap utuh.")
    return 130 if isinstance(stop, KeyboardInterrupt) else 1


def _publish_to(target: Target, output_dir: Path, dry_run: bool,
                publishing: Publishing) -> Plan:
    """publish(), a failure naming the destination (and whether it stopped midway)."""
    try:
        return publish(target, output_dir, dry_run, publishing)
    except PublishFailed as error:
        raise PublishFailed(f"gagal terbit ke {target.label}: {error}"
                            + (f" ({MIDWAY_FAILURE})" if publishing.midway else "")
                            ) from error


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    output_dir = args.output or args.content.absolute().parent / "output"
    try:
        target = parse_target(args.to)
        _check_overlap(target, output_dir)
        check_output(output_dir)
        publishing = Publishing()
        try:
            with signals_stop(), _build_finished(output_dir):
                check_last_build(output_dir, args.anyway)
                plan = _publish_to(target, output_dir, args.dry_run, publishing)
        except (KeyboardInterrupt, Interrupted) as stop:
            return _stopped(stop, target, publishing)
    except UsageError as error:
        print(f"build.py publish: {error}", file=sys.stderr)
        return 2
    except PublishFailed as error:
        print(f"build.py publish: {error}", file=sys.stderr)
        return 1
    if args.dry_run:
        _print_dry_run(plan, target.label)
    else:
        seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        print(f"Terbit ke {target.label}: {_number(len(plan.uploads))} berkas diunggah, "
              f"{_number(len(plan.deletions))} dihapus, {_number(plan.unchanged)} tidak berubah "
              f"({seconds} detik)")
    return 0
