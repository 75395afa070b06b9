"""The persistent build cache: what one build may reuse from the one before.

It lives in `<site root>/.cache/build/cache.sqlite` (git-ignored) and holds:

- buckets: each content file's loaded result (its model object, rendered Markdown
          included, and the problems it had), under the file's path, with the stat
          signature and content hash it was read with, the build settings it
          depends on (`env`), and the other paths it looked at (`probes`). Entries
          are kept in BUCKETS pickles by a digest of their path, not one row each:
          a build reads them all, and one pickle of 160 documents loads in about half
          the time of 160 pickles (field names, the time zone and such are read once
          for all); an edit writes its bucket again;
- signatures: a newer stat signature of a file whose bytes are those of its entry
          (a fresh clone's, on CI): written alone, not its bucket again;
- state:  records of the writer (every file of output/ and of its spare folder:
          digest, stat, and the key of the page it was rendered from, see
          pagekeys.py) and of the search stage.

Nothing in it is trusted blindly. Every entry is checked against what it was
made from: a file entry against the file's content hash (its stat signature
only saves reading it), a page against its key and against the file in
output/ (same inode, size and time as written). A cache written by another
version of the builder (any change to its code or to the libraries that shape
the output) is emptied on opening; a damaged one is deleted (a damaged bucket
is a miss of each file it held). So a cache can make a build faster, never
different: tests compare cached builds with `--no-cache` builds byte for byte.

The build's cache and the preview's (`.cache/preview-build/`, serve.py) are
siblings: one that holds no content-file entry yet takes the other's, if the same
builder wrote them (`BuildCache(folder, sibling)`).

`BuildCache(None)` keeps everything in memory only: `--no-cache` builds use a
fresh one, and the preview server keeps one for its whole life, so a save
rebuilds from memory.
"""

from __future__ import annotations

import errno
import hashlib
import os
import pickle
import re
import sqlite3
import sys
import threading
import time
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

FOLDER = "build"            # under the site's .cache/
DATABASE = "cache.sqlite"
FORMAT = "3"                # bump when the tables change
BUCKETS = 64                # pickles the content files' entries are kept in
# Libraries whose version changes what a build writes.
LIBRARIES = ("Markdown", "Jinja2", "MarkupSafe", "nh3", "PyYAML", "Pillow", "icalendar",
             "babel", "snowballstemmer", "segno")
# A file changed less than this long before it was read may change again within the same
# file-system timestamp: its stat signature is not kept, so the next build reads it.
RACY_NANOSECONDS = 2_000_000_000


# Parts up to this size are hashed in one call (fewer calls); larger ones are not copied.
_JOINED_UP_TO = 1 << 16


def digest(*parts: bytes | str) -> str:
    """A short hex digest of byte or text parts (separated, so ("ab", "c") != ("a", "bc")):
    blake2b of each part's length (8 bytes) and bytes, one after the other."""
    hasher = hashlib.blake2b(digest_size=16)
    pending: list[bytes] = []
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        pending.append(len(data).to_bytes(8, "little"))
        if len(data) > _JOINED_UP_TO:
            hasher.update(b"".join(pending))
            hasher.update(data)
            pending = []
        else:
            pending.append(data)
    hasher.update(b"".join(pending))
    return hasher.hexdigest()


def joined_digest(parts: list[str]) -> str:
    """A digest of texts in one hash call: of the texts joined by \\x1d, a control
    character that none of a page key's parts holds (repr() escapes it in values); when
    one does, digest(*parts), so two lists of parts never share a joined text. (A page
    key's parts are some 15 short texts: 2.4 µs a key here, digest(*parts) 5.2 µs.)"""
    text = "\x1d".join(parts)
    if text.count("\x1d") != len(parts) - 1:
        return digest(*parts)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def builder_version() -> str:
    """A digest of the builder's own code and the versions of the libraries it uses."""
    package = Path(__file__).resolve().parent
    parts = [FORMAT, sys.version]
    for path in sorted(package.rglob("*.py")):
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    found = _installed_versions()
    for name in LIBRARIES:
        version = found.get(_normal_name(name))
        if version is None:   # installed some other way: ask importlib.metadata
            from importlib import metadata
            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                version = "-"
        parts.append(f"{name}={version}")
    return digest(*parts)


def _normal_name(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _installed_versions() -> dict[str, str]:
    """Normalised project name -> version, of the first `name-version.dist-info` (or
    .egg-info) folder found along sys.path, as importlib.metadata finds them; read from
    the folder names, without importing importlib.metadata (20 ms of every build)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            stem, _, suffix = folder.rpartition(".")
            name, dash, version = stem.partition("-")
            if suffix in ("dist-info", "egg-info") and dash and version:
                found.setdefault(_normal_name(name), version.partition("-")[0])
    return found


# -- a cache the disk will not let us write ---------------------------------------------

# The first refusal to write each cache folder met in this process since cache_refused
# last asked: a build without its cache is slow, not wrong, so it goes on, and the
# command line warns once.
_REFUSED: dict[Path, tuple[int | None, str]] = {}
_REFUSED_LOCK = threading.Lock()
# SQLite's errors of a disk that refuses writes (its others are a damaged file, dropped and
# made anew, or a busy one: nothing to tell).
_SQLITE_REFUSALS = ("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM",
                    "SQLITE_IOERR")


def note_refused(folder: Path, error: OSError | sqlite3.Error) -> None:
    """Note that the disk refused to write the cache `folder` (`error`), for cache_refused."""
    if isinstance(error, OSError):
        code, text = error.errno, error.strerror or str(error)
    else:
        name = getattr(error, "sqlite_errorname", "")
        if not name.startswith(_SQLITE_REFUSALS):
            return
        code, text = _sqlite_errno(name, folder), str(error)
    with _REFUSED_LOCK:
        _REFUSED.setdefault(folder, (code, text))


def _sqlite_errno(name: str, folder: Path) -> int | None:
    """The system's error number SQLite's error `name` stands for (it keeps its own)."""
    if name.startswith("SQLITE_FULL"):
        return errno.ENOSPC
    if name.startswith("SQLITE_IOERR"):
        return None
    # Not opened, or not written: a read-only disk, or not this user's to write.
    for place in (folder, *folder.parents):   # the folder may not have been made
        try:
            return errno.EROFS if os.statvfs(place).f_flag & os.ST_RDONLY else errno.EACCES
        except FileNotFoundError:
            continue
        except (OSError, AttributeError):   # no statvfs (Windows)
            break
    return errno.EACCES


def cache_refused(folder: Path) -> tuple[int | None, str] | None:
    """The first refusal to write the cache `folder` since last asked (its errno, when
    known, and the error as text), then forgotten; None when there was none."""
    with _REFUSED_LOCK:
        return _REFUSED.pop(folder, None)


Signature = tuple[int, int, int]   # (inode, size, mtime in ns) of a file


def file_signature(path: Path | str) -> Signature | None:
    """(inode, size, mtime) of a file (not followed if a link), or None when missing.
    A file rewritten gets a new inode or time, so an equal signature is the same file."""
    try:
        return signature_from(os.lstat(path))
    except OSError:
        return None


def signature_from(stat: os.stat_result) -> Signature:
    """The file_signature of a stat result already at hand (lstat, fstat)."""
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def signatures_under(top: Path | str, paths: Iterable[str]) -> dict[str, Signature | None]:
    """file_signature of each of `paths` (relative, with "/"; "" is `top` itself)."""
    base = str(top)
    prefix = base + os.sep
    return {path: file_signature(prefix + path.replace("/", os.sep) if path else base)
            for path in paths}


def stat_signature(path: Path | str, now_ns: int | None = None,
                   known: Signature | None = None) -> Signature | None:
    """file_signature (or `known`, read earlier in this build), or None when the file
    changed too recently to be told apart from a change still to come within the same
    time stamp (see RACY_NANOSECONDS)."""
    signature = known if known is not None else file_signature(path)
    now_ns = now_ns if now_ns is not None else _clock_ns()
    if signature is None or now_ns - signature[2] < RACY_NANOSECONDS:
        return None
    return signature


def _clock_ns() -> int:
    return time.time_ns()


@dataclass
class FileEntry:
    """A content file's loaded result, and what it was made from."""

    signature: Signature | None   # stat of the file when read (None: racy)
    content: str          # digest of the file's bytes
    env: str              # digest of the settings the result depends on
    probes: tuple[tuple[str, bool], ...]     # (path, was a file) the loader looked at
    value: Any            # the result

    def probes_hold(self) -> bool:
        return all(os.path.isfile(path) == was for path, was in self.probes)


class BuildCache:
    """The cache of one site (see the module doc); `folder` None keeps it in memory only."""

    def __init__(self, folder: Path | None, sibling: Path | None = None):
        self.folder = folder
        self._db: sqlite3.Connection | None = None
        self._files: dict[str, FileEntry] | None = None
        self._seen: set[str] = set()   # files looked up in this build
        self._state: dict[str, Any] = {}
        self._dirty_files: set[str] = set()
        self._dirty_signatures: dict[str, Signature] = {}
        self._gone_files: set[str] = set()
        self._dirty_state: set[str] = set()
        self._gone_state: set[str] = set()
        self._saving: Future[None] | None = None   # save_soon's write, until save waits for it
        self._lock = threading.Lock()   # one user of the database at a time
        if folder is not None:
            self._open(folder)
            if sibling is not None:
                self._take_entries(sibling / DATABASE)

    # -- opening ----------------------------------------------------------------

    def _open(self, folder: Path) -> None:
        path = folder / DATABASE
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = self._connect(path)
        except (sqlite3.Error, OSError, pickle.PickleError, ValueError):
            self._discard(path)
            try:
                self._db = self._connect(path)
            except (sqlite3.Error, OSError) as error:
                self._db = None   # no cache this build: everything is made anew
                note_refused(folder, error)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript("""
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE IF NOT EXISTS buckets (number INTEGER PRIMARY KEY, entries BLOB);
            CREATE TABLE IF NOT EXISTS signatures (path TEXT PRIMARY KEY, ino INTEGER,
                                                   size INTEGER, mtime INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value BLOB);
        """)
        row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        version = builder_version()
        if row is None or row[0] != version:   # another builder's cache, or a new one
            db.executescript("DROP TABLE IF EXISTS files; DELETE FROM buckets; "
                             "DELETE FROM signatures; DELETE FROM state;")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (version,))
        # No PRAGMA quick_check: it reads the whole file (0.1 s at 10,000 items); a damaged
        # page fails the read or the save that meets it, and the cache is then dropped
        # (_broken), and a damaged row is a miss.
        return db

    @staticmethod
    def _discard(path: Path) -> None:
        for name in (path.name, path.name + "-wal", path.name + "-shm"):
            try:
                (path.parent / name).unlink()
            except OSError:
                pass

    def _take_entries(self, source: Path) -> None:
        """With no content-file entry yet (a new cache, or one emptied for a new builder),
        take those of the sibling cache at `source`, if this same builder wrote it: the
        build's and the preview's caches load the same content files alike, so the first
        preview after a build (or the first build or check after previewing) reads only
        the files changed since, not every one (at 10,000 items: 14 s instead of 30). Each
        entry taken is checked as any other (settings, stat or bytes, probes): one that
        does not fit is a miss."""
        if self._db is None or not source.is_file():
            return
        with self._lock:
            try:
                if self._db.execute("SELECT 1 FROM buckets LIMIT 1").fetchone() is not None:
                    return
                self._db.execute("ATTACH DATABASE ? AS sibling", (str(source),))
                try:
                    row = self._db.execute(
                        "SELECT value FROM sibling.meta WHERE key = 'version'").fetchone()
                    if row is None or row[0] != builder_version():
                        return
                    with self._db:
                        self._db.execute("BEGIN")
                        self._db.execute("INSERT OR IGNORE INTO buckets "
                                         "SELECT number, entries FROM sibling.buckets")
                        self._db.execute("INSERT OR IGNORE INTO signatures "
                                         "SELECT path, ino, size, mtime FROM sibling.signatures")
                finally:
                    self._db.execute("DETACH DATABASE sibling")
            except sqlite3.Error:
                pass   # nothing taken (a damaged or busy sibling): every file is read

    def _read(self, query: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            if self._db is None:
                return []
            try:
                return self._db.execute(query, parameters).fetchall()
            except sqlite3.Error:
                self._broken()
                return []

    def _broken(self) -> None:
        """A damaged database: forget it; this build runs without a cache."""
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None
            if self.folder is not None:
                self._discard(self.folder / DATABASE)

    # -- content files ------------------------------------------------------------------

    def file(self, path: str) -> FileEntry | None:
        self._seen.add(path)
        return self._all_files().get(path)

    def _all_files(self) -> dict[str, FileEntry]:
        if self._files is None:
            files: dict[str, FileEntry] = {}
            for (blob,) in self._read("SELECT entries FROM buckets"):
                try:
                    found = {path: FileEntry(*stored) for path, *stored in pickle.loads(blob)}
                except Exception:   # noqa: BLE001 - a damaged bucket: its files are misses
                    continue
                files.update(found)
            for path, ino, size, mtime in self._read(
                    "SELECT path, ino, size, mtime FROM signatures"):
                if path in files:   # signed anew since its entry was written
                    files[path].signature = (ino, size, mtime)
            self._files = files
        return self._files

    def put_file(self, path: str, entry: FileEntry) -> None:
        self._all_files()[path] = entry
        self._dirty_files.add(path)
        self._dirty_signatures.pop(path, None)
        self._gone_files.discard(path)

    def put_signature(self, path: str, signature: Signature) -> None:
        """The file at `path`, its bytes those of its entry, has another stat signature
        (a fresh clone's): only that is saved, not the whole entry again (a fresh clone
        of 10,000 items would write its 30 MB of entries once more). An entry still to
        be written whole is written with it."""
        self._all_files()[path].signature = signature
        if path not in self._dirty_files:
            self._dirty_signatures[path] = signature

    def forget_unseen_files(self) -> None:
        """Forget the entries of files no longer in the content (not looked up this build)."""
        files = self._all_files()
        for path in set(files) - self._seen:
            del files[path]
            self._dirty_files.discard(path)
            self._dirty_signatures.pop(path, None)
            self._gone_files.add(path)
        self._seen = set()

    # -- state ------------------------------------------------------------------------------

    def state(self, name: str) -> Any:
        if name not in self._state:
            rows = self._read("SELECT value FROM state WHERE name = ?", (name,))
            try:
                self._state[name] = pickle.loads(rows[0][0]) if rows else None
            except Exception:   # noqa: BLE001 - a damaged record is no record
                self._state[name] = None
        return self._state[name]

    def put_state(self, name: str, value: Any) -> None:
        self._state[name] = value
        self._dirty_state.add(name)
        self._gone_state.discard(name)

    def drop_state(self, name: str) -> None:
        self._state[name] = None
        self._dirty_state.discard(name)
        self._gone_state.add(name)

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        """Write what changed in this build (nothing when kept in memory only), once
        what save_soon started is written."""
        self._wait_for_saving()
        self._write(self._take_dirty())

    def save_soon(self, state: bool = False) -> None:
        """Start writing the content files' entries learnt so far (and the state records,
        when `state`) in a thread, while the build goes on; `save` waits for it, then
        writes the rest. A cold build of 10,000 items saves some 30 MB of entries, which
        the writer's stage, waiting on the file system on one processor, leaves room
        for; after the swap, the state records (some 10 MB) are written while the
        no-change record (uptodate.py) is made.

        The state records describe output/ and must be written with the writer's record
        of it, after the swap: a search index state saved by a build killed before its
        swap would say the index of a site output/ never held is there, and the next
        build would keep pages of it. File entries may go first: each is checked
        against its file's content whenever used, so it stays true whatever happens to
        the build."""
        self._wait_for_saving()
        if self._db is None:
            return
        writer = ThreadPoolExecutor(1, thread_name_prefix="cache-save")
        self._saving = writer.submit(self._write, self._take_dirty(state=state))
        writer.shutdown(wait=False)   # its thread ends once the write is done

    def _wait_for_saving(self) -> None:
        """Wait for save_soon's write; an error it met is raised here."""
        saving, self._saving = self._saving, None
        if saving is not None:
            saving.result()

    def _take_dirty(self, state: bool = True) -> _Changes:
        """What changed since the last save (of file entries only, unless `state`), as it
        is now; the cache then holds no such change."""
        changed = {_bucket(path) for path in (*self._dirty_files, *self._gone_files)}
        buckets: dict[int, list[tuple[str, FileEntry]]] = {number: [] for number in changed}
        if changed:
            for path, entry in self._all_files().items():
                bucket = buckets.get(_bucket(path))
                if bucket is not None:
                    bucket.append((path, entry))
        changes = _Changes(buckets, set(self._dirty_files), set(self._gone_files), {}, set(),
                           dict(self._dirty_signatures))
        self._dirty_files.clear()
        self._dirty_signatures.clear()
        self._gone_files.clear()
        if state:
            changes.state.update((name, self._state[name]) for name in self._dirty_state)
            changes.gone_state.update(self._gone_state)
            self._dirty_state.clear()
            self._gone_state.clear()
        return changes

    def _write(self, changes: _Changes) -> None:
        with self._lock:
            if self._db is None:
                return
            try:
                with self._db:
                    self._db.execute("BEGIN")
                    # A generator, not a list: one bucket pickled at a time (a cold build
                    # of 10,000 items would otherwise hold 30 MB of pickles at once).
                    self._db.executemany("INSERT OR REPLACE INTO buckets VALUES (?, ?)", (
                        (number, pickle.dumps([(path, *_stored(entry)) for path, entry in entries],
                                              pickle.HIGHEST_PROTOCOL))
                        for number, entries in changes.buckets.items() if entries))
                    self._db.executemany("DELETE FROM buckets WHERE number = ?",
                                         [(number,) for number, entries in changes.buckets.items()
                                          if not entries])
                    self._db.executemany("INSERT OR REPLACE INTO signatures VALUES (?, ?, ?, ?)",
                                         [(path, *signature)
                                          for path, signature in changes.signatures.items()])
                    # gone, or written whole with its signature: a newer one goes too
                    self._db.executemany("DELETE FROM signatures WHERE path = ?",
                                         [(path,) for path in (*changes.files,
                                                               *changes.gone_files)])
                    self._db.executemany("INSERT OR REPLACE INTO state VALUES (?, ?)", (
                        (name, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
                        for name, value in changes.state.items()))
                    self._db.executemany("DELETE FROM state WHERE name = ?",
                                         [(name,) for name in changes.gone_state])
            except (sqlite3.Error, OSError) as error:
                if self.folder is not None:
                    note_refused(self.folder, error)
                self._broken()

    def close(self) -> None:
        self._wait_for_saving()
        if self._db is not None:
            self._db.close()
            self._db = None


@dataclass(frozen=True)
class _Changes:
    """What a save writes: entries put and removed since the save before, and the whole
    of each bucket holding one (its entries as they were when the save began)."""

    buckets: dict[int, list[tuple[str, FileEntry]]]
    files: set[str]
    gone_files: set[str]
    state: dict[str, Any]
    gone_state: set[str]
    signatures: dict[str, Signature]   # files signed anew, their entries unchanged


def _bucket(path: str) -> int:
    """The bucket holding the entry of the content file at `path`."""
    return zlib.crc32(path.encode("utf-8", "surrogatepass")) % BUCKETS


def _stored(entry: FileEntry) -> tuple[Any, ...]:
    return (entry.signature, entry.content, entry.env, entry.probes, entry.value)
