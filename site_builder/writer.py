"""Write: the only code that writes under the output folder.

`write_site(files, output_dir, state)` brings a staging folder beside
`output_dir` to the new site, then swaps it in. Until the swap the previous
site stays exactly as it was; files of removed content disappear because the
new folder holds only the new site.

Pages arrive spooled (`Spool`): rendered into a folder beside the output as they
are made, and moved into place here rather than written again. On a first build
(no output folder yet) the spool holds them at their paths, and is itself the
staging folder swapped in: nothing is moved.

Incremental writing: the folder the swap takes out (the site before) is kept
beside the output as `.NAME.spare`, and `OutputState` (saved in the build
cache) records every file of both folders: its content digest, its stat
signature when written, and the page key it was rendered from. The next
build brings the spare folder up to date by writing only the files whose
digest differs (files unchanged since the build before are hard links to
output/'s), removing the rest, then swaps again. A file whose stat no longer
matches its record (edited by hand, half-written by a killed build) is not
trusted and is written anew. The state also holds the stat signature of every
folder of both (a folder's time changes when a name is added to it or removed
from it): while the spare folder's match, the files to remove are known from its
records; otherwise (a file added by hand, a killed build) every folder of it is
read and whatever the new site does not hold is removed. Without a state (an
emptied cache, `--no-cache`), the output and spare folders are read instead
(`_read_state`): each file's digest from its bytes. Without an output folder (the
first build), the whole site is written into a fresh folder. When nothing
differs, nothing is written.

Crash safety (a build may be killed at any moment, even by SIGKILL):

- The swap is one atomic step on Linux, renameat2(RENAME_EXCHANGE): at every
  instant `output_dir` is a real folder holding the whole old site or the whole
  new one. `output_dir` stays a plain folder (not a symbolic link), because it
  may be uploaded as a Pages artifact. (A bind mount holds the folder it was made
  on, which the exchange moves aside: mount the folder holding `output_dir`,
  docs/hosting.md.)
  Elsewhere (other systems, file systems without the flag) it falls back to
  two renames, output -> `.NAME.old-PID`, staging -> output, between which
  `output_dir` is missing for a moment.
- `lock_output(output_dir)` holds an flock on `.NAME.lock` beside it for the
  whole build, so two builds never write at once; the OS releases it when a
  process dies, however it dies. A second build waits for the first.
- `recover_output(output_dir)`, called while holding the lock, undoes what a
  killed build left: it restores the backup when output is missing (killed
  between the two renames) and removes leftover staging folders and backups.

A build that stops on content errors writes nothing, and records so beside the
output folder (`.NAME.failed`, see record_failed_build) until a build of it
writes again: `publish` reads it, so that it does not publish, as if it were
new, the site of the build before. A preview build (drafts shown, another
address, a time to come) says so in the marker it writes (preview_build), which
`publish` reads too.

Files are written 0644 and folders made 0755 whatever the umask (FILE_MODE,
FOLDER_MODE), so that a web server running as another user reads the site.
"""

from __future__ import annotations

import ctypes
import errno
import filecmp
import itertools
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Callable, Iterable, Iterator, NamedTuple, Sequence

try:
    import fcntl
except ImportError:   # Windows
    fcntl = None   # type: ignore[assignment]

from site_builder.buildcache import (Signature, digest, file_signature, signature_from,
                                     signatures_under)
from site_builder.outputs import OutputFile
from site_builder.parallel import forked_call, shared_map


class WriteFailed(Exception):
    """The output could not be written; the previous output is unchanged.

    `errno` and `where`: the system's error number and the file or folder it refused,
    when an OSError was the cause (see _failed), so that the command line can say in
    Indonesian what to do about a full disk, a read-only one or a missing permission."""

    errno: int | None = None
    where: object = None


def _failed(error: OSError, where: object) -> WriteFailed:
    """The WriteFailed of an OSError met writing, naming what failed and where."""
    failed = WriteFailed(f"{error.strerror or error}: {where}")
    failed.errno, failed.where = error.errno, where
    return failed


class OutputRefused(WriteFailed):
    """The output folder is one the builder must not replace (nothing was touched)."""


class OutputBusy(WriteFailed):
    """Another build kept the output folder locked longer than we would wait (nothing touched);
    `holder`: its process id as its lock file says ("?" when not known)."""

    holder = "?"


# Written into every output folder, so a later build knows the folder is ours to replace.
MARKER = ".site-builder"
MARKER_TEXT = b"Dibuat oleh site_builder: folder ini diganti seluruhnya pada setiap build.\n"
# The marker's line of a preview build (see preview_build), after MARKER_TEXT.
PREVIEW = "pratinjau: "
# Modes of what the writer makes, whatever the umask (027, 077 on a hardened server): a
# web server serving the output folder runs as another user, and must read it.
FILE_MODE, FOLDER_MODE = 0o644, 0o755


def _process_umask() -> int:
    """The process's umask (read by setting it, and setting it back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _process_umask()   # read once: a build changes it nowhere


def marker_text(preview: str | None = None) -> bytes:
    """The marker's content: MARKER_TEXT, and the reason of a preview build (one line)."""
    if not preview:
        return MARKER_TEXT
    return MARKER_TEXT + f"{PREVIEW}{' '.join(preview.split())}\n".encode("utf-8")


def make_folders(folder: Path | str) -> None:
    """os.makedirs(folder, exist_ok=True), each folder it makes given FOLDER_MODE (an
    existing one keeps its own)."""
    try:
        os.mkdir(folder, FOLDER_MODE)
    except FileNotFoundError:
        parent = os.path.dirname(folder)
        if not parent or parent == os.fspath(folder):   # no folder above to make
            raise
        make_folders(parent)
        try:
            os.mkdir(folder, FOLDER_MODE)
        except FileExistsError:   # made meanwhile, by another thread or process
            return
    except FileExistsError:
        if not os.path.isdir(folder):
            raise
        return
    if _UMASK & FOLDER_MODE:
        os.chmod(folder, FOLDER_MODE)   # mkdir's mode went through the umask


class UnsafeOutputPath(ValueError):
    """An output path that would land outside the output folder."""


def _target(staging: Path, relative: str) -> Path:
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts or "\\" in relative:
        raise UnsafeOutputPath(relative)
    return staging.joinpath(*parts)


class OutputRecord(NamedTuple):
    """A file the writer put in a folder: what it holds and how to tell it is untouched.
    (A named tuple: a site of 10,000 items has some 47,000 of them, made on every build.)"""

    digest: str
    signature: Signature | None
    key: str | None = None   # the page key it was rendered from


@dataclass(frozen=True)
class OutputState:
    """The files of the output folder and of the spare folder beside it, as written, and
    the stat signature of each of their folders as the swap left them (a folder gains
    a new time when a name is added to it or removed from it).

    Pickled packed (`_packed`): a few long strings and one list of numbers per folder
    instead of one object per file, five times faster to save."""

    output: dict[str, OutputRecord]
    spare: dict[str, OutputRecord]
    output_folders: dict[str, Signature] = field(default_factory=dict)
    spare_folders: dict[str, Signature] = field(default_factory=dict)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_unpacked_state, (_packed(self.output), _packed(self.spare),
                                  self.output_folders, self.spare_folders))


_PACK_VERSION = 1


def _packed(records: dict[str, OutputRecord]) -> tuple[Any, ...]:
    """`records` as (version, paths, digests, keys, stat numbers): texts joined by NUL,
    which no output path, digest or key holds; a missing signature as three -1."""
    values = records.values()
    return (_PACK_VERSION, "\0".join(records), "\0".join(record.digest for record in values),
            "\0".join(record.key or "" for record in values),
            [number for record in values for number in (record.signature or (-1, -1, -1))])


def _unpacked(packed: tuple[Any, ...]) -> dict[str, OutputRecord]:
    """The records `_packed` packed (built by map and zip: 20 ms for 23,000, not 55)."""
    version, paths, digests, keys, numbers = packed
    if version != _PACK_VERSION or not paths:
        return {}
    each = iter(numbers)
    signatures = [None if triple[0] == -1 else triple for triple in zip(each, each, each)]
    records = map(OutputRecord._make, zip(digests.split("\0"), signatures,
                                          [key or None for key in keys.split("\0")]))
    return dict(zip(paths.split("\0"), records))


def _unpacked_state(output: tuple[Any, ...], spare: tuple[Any, ...],
                    output_folders: dict[str, Signature], spare_folders: dict[str, Signature]
                    ) -> OutputState:
    return OutputState(_unpacked(output), _unpacked(spare), output_folders, spare_folders)


def _folders_of(paths: Iterable[str]) -> set[str]:
    """The top folder (""), and every folder holding one of `paths` or one of those."""
    folders = {""}
    for path in paths:
        folders.add(path.rpartition("/")[0])
    for folder in list(folders):   # the folders between a file's folder and `top`
        while folder:
            folder = folder.rpartition("/")[0]
            if folder in folders:
                break
            folders.add(folder)
    return folders


def folder_signatures(top: Path, paths: Iterable[str]) -> dict[str, Signature | None]:
    """The stat signature of `top` ("") and of every folder holding one of `paths`."""
    return signatures_under(top, sorted(_folders_of(paths)))


def _refreshed(top: Path, paths: Iterable[str], before: dict[str, Signature],
               touched: set[str]) -> dict[str, Signature | None]:
    """folder_signatures(top, paths) of a folder whose folders had the signatures `before`
    (checked just before it was filled), where only those in `touched` changed: only they
    are read again (at 10,000 items a folder's 13,000 folders take 0.1 s to read)."""
    wanted = _folders_of(paths)
    fresh = signatures_under(top, sorted(wanted & touched | (wanted - before.keys())))
    return {folder: fresh[folder] if folder in fresh else before[folder]
            for folder in sorted(wanted)}


# Files of a copy to read before a second process reading half of them pays for its fork.
RESIGNED_SHARED_FROM = 512


def resigned(output_dir: Path, state: OutputState, jobs: int = 1) -> OutputState:
    """`state`, its records of output_dir's files signed anew when output_dir is not the
    folder it recorded (it, or its marker file, has another stat: a copy, as a CI cache
    restores it between runs; or a name added by hand): a file whose stat no longer
    matches its record but whose bytes are the ones recorded is the file written, under
    another stat. Those whose bytes differ stay as recorded, not intact (written anew);
    so do the folders: what else a copy holds is removed as a file added by hand is.
    At 10,000 items a copy's 21,000 files (295 MB) were read in 0.7 s by one process
    (by four threads, slower: reading and hashing a page hold Python's lock most of the
    time); with `jobs` above 1, this process and a forked one read half each
    (parallel.shared_map)."""
    marker = state.output.get(MARKER)
    if state.output_folders.get("") == file_signature(output_dir) and (
            marker is None or marker.signature == file_signature(output_dir / MARKER)):
        return state
    signatures = signatures_under(output_dir, state.output)
    moved = [(path, record, now) for path, record in state.output.items()
             if (now := signatures[path]) is not None and record.signature is not None
             and now != record.signature and now[1] == record.signature[1]]

    def holds(file: tuple[str, OutputRecord, Signature]) -> bool:
        path, record, now = file
        return _holds(os.path.join(output_dir, *path.split("/")), record.digest, now)

    held, _ = shared_map(holds, moved, jobs=jobs, shared_from=RESIGNED_SHARED_FROM)
    records = dict(state.output)
    for (path, record, now), same in zip(moved, held):
        if same:   # not intact by its stat alone
            records[path] = record._replace(signature=now)
    return replace(state, output=records)


def _holds(target: str, recorded: str, signature: Signature) -> bool:
    """Whether the file at `target` has the `recorded` digest, and still the stat
    `signature` once read (it did not change meanwhile)."""
    try:
        with open(target, "rb") as file:
            return digest(file.read()) == recorded and file_signature(target) == signature
    except OSError:
        return False


def intact_files(folder: Path, records: dict[str, OutputRecord]) -> dict[str, OutputRecord]:
    """The records whose file in `folder` is still the one written (same stat)."""
    signatures = signatures_under(folder, records)
    return {path: record for path, record in records.items()
            if record.signature is not None and signatures[path] == record.signature}


class Intact(NamedTuple):
    """What of the output folder and its spare folder is still as their state records
    (`check_intact`)."""

    output: dict[str, OutputRecord]          # output/'s records whose file is untouched
    spare: dict[str, OutputRecord] | None    # the spare folder's; None: it does not exist
    spare_listed: bool                       # its folders are as recorded: no name added
                                             # or removed, so its records list all it holds


def check_intact(output_dir: Path, state: OutputState,
                 output: dict[str, OutputRecord] | None = None) -> Intact:
    """Which files of output_dir and of its spare folder are still those `state`
    records (a stat of each file, of each folder of the spare); `output`: those of
    output_dir, when known (its state was just read from its files)."""
    if output is None:
        output = intact_files(output_dir, state.output)
    spare = _sibling(output_dir, "spare")
    if not spare.is_dir() or spare.is_symlink():
        return Intact(output, None, False)
    if state.spare_folders and folder_signatures(spare, state.spare) == state.spare_folders:
        return Intact(output, _intact_twins(spare, state.spare, output), True)
    return Intact(output, intact_files(spare, state.spare), False)


@contextmanager
def check_intact_soon(output_dir: Path, state: OutputState | None, jobs: int
                      ) -> Iterator[Callable[[], Intact | None]]:
    """check_intact begun in a forked process, when `jobs` allow one (see
    parallel.forked_call); gives a function that waits for it (None without a state).
    At 10,000 items its 50,000 stat calls take 0.1-0.2 s, which the build spends
    loading content meanwhile. The forked process answers with the few records not
    intact, not with the 47,000 that are."""
    if state is None:
        yield lambda: None
        return

    def not_intact() -> tuple[set[str], set[str] | None, bool]:
        found = check_intact(output_dir, state)
        return (state.output.keys() - found.output.keys(),
                None if found.spare is None else state.spare.keys() - found.spare.keys(),
                found.spare_listed)

    with forked_call(not_intact, jobs) as answer:
        def intact() -> Intact:
            output, spare, listed = answer()
            return Intact(_without(state.output, output),
                          None if spare is None else _without(state.spare, spare), listed)
        yield intact


def _without(records: dict[str, OutputRecord], paths: set[str]) -> dict[str, OutputRecord]:
    return {path: record for path, record in records.items() if path not in paths} \
        if paths else records


class Prelinked(NamedTuple):
    """A staging folder begun before the write (`staging_linked_soon`): the output
    folder's files in hard links."""

    folder: Path
    held: dict[str, OutputRecord]   # the files it holds as the state records them
    listed: set[str]                # every file it holds


@contextmanager
def staging_linked_soon(output_dir: Path, state: OutputState | None, jobs: int
                        ) -> Iterator[Callable[[], Prelinked] | None]:
    """The staging folder of a write that will fill a fresh one, begun now in a forked
    process (parallel.forked_call) while the build goes on; None when the write will not
    (no state of output/, or a spare folder beside it to fill instead).

    That write is the first after a clean build: the new site is the old one, a few
    files apart, and every other file a hard link to output/'s. Made in the write, one
    link and folder after the other, those links were most of a first edit's time (at
    1,000 items 0.45 of 1.2 s); made here, they cost the build nothing while it loads and
    renders. Whatever the write did not take (a build that failed, or had nothing to
    write) is removed on leaving."""
    output_dir = output_dir.absolute()
    if state is None or not state.output or not output_dir.is_dir() \
            or os.path.lexists(_sibling(output_dir, "spare")):
        yield None
        return
    folder = _new_staging(output_dir)

    def link_all() -> tuple[set[str], set[str]]:
        if any(folder.iterdir()):   # a forked process failed part way: begin again
            shutil.rmtree(folder)
            make_folders(folder)
        return _linked(output_dir, folder, state.output)

    try:
        with forked_call(link_all, jobs) as answer:
            def prelinked() -> Prelinked:
                missing, differing = answer()
                return Prelinked(folder, _without(state.output, missing | differing),
                                 state.output.keys() - missing)
            yield prelinked
    finally:
        shutil.rmtree(folder, ignore_errors=True)   # gone once the write swapped it in


def _linked(source: Path, folder: Path, records: dict[str, OutputRecord]
            ) -> tuple[set[str], set[str]]:
    """A hard link in `folder` to each file of `source` that `records` lists; the paths
    not linked (gone, not ours to read, or on a file system without hard links: the
    write copies those), and those linked to another file than the one recorded
    (written by hand since)."""
    source_prefix, prefix = os.path.join(source, ""), os.path.join(folder, "")
    made, linked, differing = {str(folder)}, set(), set()
    for path, record in records.items():
        parts = path.split("/")
        if ".." in parts or "" in parts or "\\" in path:   # never a path of ours
            continue
        relative = os.sep.join(parts)
        target = prefix + relative
        parent = os.path.dirname(target)
        if parent not in made:
            make_folders(parent)
            made.add(parent)
        try:
            os.link(source_prefix + relative, target, follow_symlinks=False)
        except FileNotFoundError:
            continue
        except OSError:   # no hard links here (or no more to this file): stop linking
            break
        linked.add(path)
        if file_signature(target) != record.signature:
            differing.add(path)
    return records.keys() - linked, differing


def _new_staging(output_dir: Path) -> Path:
    """A fresh staging folder beside `output_dir`, the process id in its name telling
    whose it was (recover_output removes it when that build was killed)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.staging-{os.getpid()}-",
                                    dir=output_dir.parent))
    staging.chmod(FOLDER_MODE)  # mkdtemp makes it private; a web server must read it
    return staging


def _intact_twins(spare: Path, records: dict[str, OutputRecord],
                  output_intact: dict[str, OutputRecord]) -> dict[str, OutputRecord]:
    """intact_files(spare, records), for a spare folder whose folders are as recorded.

    Then each of its paths still names the file it was recorded with. Most are hard
    links to output/'s file of the same path (the same inode): such a file is intact
    when output/'s is, with the same signature, as `output_intact` (read this build)
    says; only the others are read again."""
    held, unsure = {}, {}
    for path, record in records.items():
        twin = output_intact.get(path)
        if twin is not None and record.signature is not None \
                and twin.signature == record.signature:
            held[path] = record
        else:
            unsure[path] = record
    held.update(intact_files(spare, unsure))
    return held


def file_digest(file: OutputFile) -> str:
    """What identifies a file's content: given, its bytes, or its source's stat."""
    if file.digest is not None:
        return file.digest
    if file.content is not None:
        return digest(file.content)
    assert file.source is not None
    stat = os.stat(file.source)
    return digest("source", str(file.source), str(stat.st_size), str(stat.st_mtime_ns))


_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def write_new(path: Path | str, content: bytes) -> Signature:
    """Write `content` as the file at `path`, which must not exist yet, and return its
    signature as written (os.open and os.write: a third of the time of
    Path.write_bytes, which goes through Python's buffered file object; a build writes
    some 35,000 files at 10,000 items)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC, FILE_MODE)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(descriptor, view):]
        stat = os.fstat(descriptor)
        if stat.st_mode & 0o777 != FILE_MODE:   # a umask other than 022 took some away
            os.fchmod(descriptor, FILE_MODE)
    finally:
        os.close(descriptor)
    return signature_from(stat)


# Threads writing files at once: a file system call waits on the kernel (on a busy
# virtual disk, creating a file or a folder takes 0.05-0.3 ms) with Python's lock
# released, so a few threads overlap those waits.
WRITE_THREADS = 4


def threaded(work: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """[work(item) for item in items], by WRITE_THREADS threads when there are many
    items; the first exception raised is raised here, once every thread has stopped."""
    if len(items) < 4 * WRITE_THREADS:
        return [work(item) for item in items]
    size = -(-len(items) // (WRITE_THREADS * 4))
    batches = [items[start:start + size] for start in range(0, len(items), size)]
    pool = ThreadPoolExecutor(WRITE_THREADS)
    try:
        done = list(pool.map(lambda batch: [work(item) for item in batch], batches))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [result for batch in done for result in batch]


def _put(file: OutputFile, target: Path, output_dir: Path, folders: set[Path]) -> None:
    """Write one file at `target`, never through an existing link to output/'s copy;
    `folders`: the folders known to exist (those made are added)."""
    if target.parent not in folders:
        make_folders(target.parent)
        folders.add(target.parent)
    if file.spooled:
        try:   # a rename replaces a file's name, it never writes through the file
            os.replace(file.source, target)   # type: ignore[arg-type]
            return
        except IsADirectoryError:
            pass
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif os.path.lexists(target):
        target.unlink()
    if file.content is not None:
        write_new(target, file.content)
    elif file.spooled:
        os.replace(file.source, target)   # type: ignore[arg-type]
    elif file.source is not None:
        shutil.copyfile(file.source, target)
        os.chmod(target, FILE_MODE)   # a copy is made through the umask
    else:   # kept: the output folder holds it, unchanged
        current = output_dir.joinpath(*PurePosixPath(file.path).parts)
        try:
            os.link(current, target)
        except OSError:
            shutil.copyfile(current, target)
            os.chmod(target, FILE_MODE)


def _failed_at(file: OutputFile, error: OSError, output_dir: Path) -> object:
    """What to name when writing `file` failed: its source when that went away since it
    was read (the source is the problem); else the file of output/ being written. A
    copy's error names its source even when the copy could not be written (a full
    disk: shutil puts the source in `filename`), a content file staff would take for
    the problem; the staging folder's name would mean nothing to them."""
    if isinstance(error, FileNotFoundError) and file.source is not None \
            and error.filename == os.fspath(file.source):
        return error.filename
    return output_dir.joinpath(*PurePosixPath(file.path).parts)


def _fill(files: Iterable[OutputFile], digests: dict[str, str], folder: Path,
          held: dict[str, OutputRecord], output_dir: Path,
          listed: Iterable[str] | None = None) -> tuple[dict[str, OutputRecord], set[str]]:
    """Make `folder` (holding `held`, checked intact) hold exactly `files`; their records,
    and the folders whose names it may have changed.

    `listed`: every file `folder` is known to hold (its folders unchanged since they
    were recorded), so the names to remove are known without reading every folder."""
    listed = set(listed) if listed is not None else None
    files = list(files)
    folders = {folder}

    def write(file: OutputFile) -> OutputRecord:
        target = targets[file.path]
        try:
            _put(file, target, output_dir, folders)
        except OSError as error:
            raise _failed(error, _failed_at(file, error, output_dir)) from error
        return OutputRecord(digests[file.path], file_signature(target), file.key)

    changed = [file for file in files if file.path not in held
               or held[file.path].digest != digests[file.path]]
    # Files spooled where they go (a placed spool, see Spool) are in place already, as
    # their signatures say: only their records are made.
    prefix = os.path.join(folder, "")
    written = {file.path: OutputRecord(digests[file.path], file.signature, file.key)
               for file in changed if file.spooled and file.signature is not None
               and str(file.source) == prefix + file.path.replace("/", os.sep)}
    moved = [file for file in changed if file.path not in written]
    targets = {file.path: _target(folder, file.path) for file in moved}
    # The folders first, in this thread: threads making folders side by side in one
    # parent would wait on its lock (see Spool._own_folder).
    for parent in sorted({target.parent for target in targets.values()} - folders):
        make_folders(parent)
        folders.add(parent)
    written.update(zip((file.path for file in moved), threaded(write, moved)))
    records = {}
    for file in files:
        record = written.get(file.path)
        if record is None:
            kept = held[file.path]
            record = OutputRecord(kept.digest, kept.signature, file.key)
        records[file.path] = record
    if listed is None:
        _remove_others(folder, set(records))
        gone: list[str] = []
    else:
        gone = sorted(listed - set(records))
        _remove_listed(folder, gone)
    # A write or removal changes its file's folder and those above it (made or removed
    # with it): the folders of the paths, as _folders_of gives them.
    return records, _folders_of([*written, *gone])


def _remove_listed(folder: Path, paths: Iterable[str]) -> None:
    """Remove these files of `folder`, and the folders they leave empty."""
    emptied = set()
    for path in paths:
        target = _target(folder, path)
        with suppress(FileNotFoundError):
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            else:
                target.unlink()
        emptied.add(target.parent)
    for parent in sorted(emptied, key=lambda path: len(path.parts), reverse=True):
        while parent != folder:
            try:
                parent.rmdir()   # only when empty
            except OSError:
                break
            parent = parent.parent


def _remove_others(folder: Path, keep: set[str]) -> None:
    """Remove every file under `folder` not in `keep`, and the folders left empty."""
    for current, folders, names in os.walk(folder, topdown=False):
        relative = os.path.relpath(current, folder)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in names:
            if prefix + name not in keep:
                os.unlink(os.path.join(current, name))
        for name in folders:
            path = os.path.join(current, name)
            if os.path.islink(path):
                os.unlink(path)
            elif not os.listdir(path):
                os.rmdir(path)


# -- swapping the new site in --------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# renameat2 answers these when the system or the file system cannot exchange.
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


def _sibling(output_dir: Path, kind: str) -> Path:
    """A name of ours beside `output_dir`: `.output.lock`, `.output.old-123`, ..."""
    return output_dir.with_name(f".{output_dir.name}.{kind}")


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step; False when this system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2   # glibc 2.28+, musl 1.2.2+
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                 _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second))


def _swap_by_renames(staging: Path, output_dir: Path, keep_old: Path | None = None) -> None:
    """Two renames through a backup; a build killed between them is repaired by
    recover_output, which puts the backup back."""
    backup = _sibling(output_dir, f"old-{os.getpid()}")
    shutil.rmtree(backup, ignore_errors=True)
    os.rename(output_dir, backup)
    try:
        os.rename(staging, output_dir)
    except OSError:
        os.rename(backup, output_dir)
        raise
    if keep_old is None:
        shutil.rmtree(backup, ignore_errors=True)
    else:
        shutil.rmtree(keep_old, ignore_errors=True)
        os.rename(backup, keep_old)


def _swap(staging: Path, output_dir: Path, keep_old: Path | None = None) -> None:
    """Put `staging` in place of `output_dir`; the old site is then moved to `keep_old`,
    or removed."""
    if not output_dir.exists():
        os.rename(staging, output_dir)
        return
    if not _exchange(staging, output_dir):
        _swap_by_renames(staging, output_dir, keep_old)
        return
    if keep_old is None:
        shutil.rmtree(staging, ignore_errors=True)   # now the old site
    elif staging != keep_old:
        shutil.rmtree(keep_old, ignore_errors=True)
        os.rename(staging, keep_old)


# -- the spool: files made before the writer runs -------------------------------------

class Spool:
    """A folder beside the output (on the same file system) where the files a build
    makes wait for `write_site`, which moves them into place: rendered pages and the
    search index's page files go there as soon as they are made, so a site of 10,000
    pages is not held in memory until it is written. Any process may put files in it
    (render workers do): names hold the process id.

    `placed` (a first build: no output folder yet): files go at their paths in the
    site instead, folders made as needed, and `write_site` swaps the spool folder in
    as the new site. At 10,000 items that spares the writer 23,000 renames and 13,000
    folders made one after the other (a clean build's writing: 1.65 s -> 0.8 s);
    the folders are made by the render workers, side by side."""

    def __init__(self, folder: Path, placed: bool = False):
        self.folder = folder
        self.placed = placed
        self._count = itertools.count()
        self._own: dict[tuple[int, int], Path] = {}
        self._made: set[Path] = {folder}   # placed: folders known to exist (per process)

    def _own_folder(self) -> Path:
        """The spool's subfolder for this process and thread. Files are created in folders
        of their own: creating a file holds its folder's lock while the file system finds
        a free inode, which can take a long while after many files were deleted (on ext4
        without a journal it walks past every inode deleted in the last minute), and two
        processes creating files in one folder then spend as much time spinning on that
        lock as working (measured: twice the system time)."""
        owner = (os.getpid(), threading.get_ident())
        folder = self._own.get(owner)
        if folder is None:
            folder = self.folder / f"{owner[0]}-{owner[1]}"
            folder.mkdir(exist_ok=True)
            self._own[owner] = folder
        return folder

    def put(self, path: str, content: bytes, key: str | None = None) -> OutputFile:
        """The file of the site at `path` holding `content`, written to the spool."""
        spooled = self._placed(path) if self.placed else self._own_folder() / str(next(self._count))
        try:
            try:
                signature = write_new(spooled, content)
            except FileExistsError:   # placed, and made again (a worker's chunk, redone)
                os.unlink(spooled)
                signature = write_new(spooled, content)
        except OSError as error:
            raise _failed(error, spooled) from error
        return OutputFile(path, source=spooled, digest=digest(content), key=key, spooled=True,
                          signature=signature if self.placed else None)

    def _placed(self, path: str) -> Path:
        """Where the file of the site at `path` goes in a placed spool, its folder made."""
        target = _target(self.folder, path)
        if target.parent not in self._made:
            try:
                make_folders(target.parent)
            except OSError as error:
                raise _failed(error, target.parent) from error
            self._made.add(target.parent)
        return target


def made_file(path: str, content: bytes, spool: Spool | None, key: str | None = None
              ) -> OutputFile:
    """A file the build made: put in `spool`, or held in memory without one."""
    return spool.put(path, content, key) if spool is not None else OutputFile(path, content,
                                                                              key=key)


def made_files(files: Sequence[tuple[str, bytes]], spool: Spool | None) -> list[OutputFile]:
    """made_file of each (path, content), written by a few threads at once; by this
    thread alone into a placed spool, where they go side by side in their folders
    (threads creating files in one folder wait on its lock: the search index's 10,000
    page files took 0.78 s by four threads, 0.61 s by one)."""
    if spool is not None and spool.placed:
        return [made_file(path, content, spool) for path, content in files]
    return threaded(lambda file: made_file(file[0], file[1], spool), files)


@contextmanager
def spool_beside(output_dir: Path) -> Iterator[Spool]:
    """The Spool of a build of `output_dir` (`.NAME.pages-PID-…` beside it), removed with
    whatever is left in it when the build ends (recover_output removes a killed
    build's)."""
    output_dir = output_dir.absolute()
    try:
        output_dir.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.pages-{os.getpid()}-",
                                       dir=output_dir.parent))
    except OSError as error:
        raise _failed(error, error.filename or output_dir) from error
    try:
        yield Spool(folder, placed=not os.path.lexists(output_dir))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- lock and recovery ----------------------------------------------------------

WAIT_SECONDS = 60.0   # how long a build waits for another one on the same output folder
_POLL_SECONDS = 0.05


def _try_lock(file: BinaryIO) -> bool:
    """Take the lock without waiting; False while another process holds it."""
    if fcntl is None:   # Windows: no flock; builds are not locked there
        return True
    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(file: BinaryIO) -> str:
    """The process id the lock's holder wrote into the lock file, as text ("?" if none yet)."""
    file.seek(0)
    text = file.read(32).decode("ascii", "replace").strip()
    return text if text.isdigit() else "?"


def _shown_seconds(seconds: float) -> str:
    return f"{seconds:g}".replace(".", ",")   # Indonesian decimal comma


def _same_file(file: BinaryIO, path: Path) -> bool:
    try:
        named = os.stat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(file.fileno())
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _lock(path: Path, output_dir: Path, wait: float,
          waiting: Callable[[str], None] | None) -> BinaryIO:
    """The lock file at `path`, open and locked by this process (see lock_output)."""
    started, told = time.monotonic(), False
    while True:
        try:
            file = open(path, "a+b")
        except OSError as error:
            raise _failed(error, error.filename or path) from error
        while not _try_lock(file):
            waited = time.monotonic() - started
            if waited >= wait:
                holder = _holder(file)
                file.close()
                busy = OutputBusy(f"folder {output_dir} masih dipakai build lain (PID {holder}) "
                                  f"setelah ditunggu {_shown_seconds(wait)} detik; hasil tidak "
                                  "diubah")
                busy.holder = holder
                raise busy
            # The holder writes its process id just after locking: give it a moment.
            if waiting and not told and (_holder(file) != "?" or waited > 0.5):
                waiting(f"Menunggu build lain selesai (PID {_holder(file)})…")
                told = True
            time.sleep(_POLL_SECONDS)
        if _same_file(file, path):
            return file
        file.close()   # its holder removed it while we waited: lock the one there now


@contextmanager
def lock_output(output_dir: Path, wait: float = WAIT_SECONDS,
                waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock of `output_dir` (`.NAME.lock` beside it) while the body runs.

    Waits up to `wait` seconds for another build, telling `waiting` once (a
    message for the staff); then raises OutputBusy. The lock file is removed
    while still locked, so nothing is left beside the output folder; a waiting
    build then finds its file gone and locks the new one (a killed build's
    file stays until the next build, harmless: no process holds it).
    """
    output_dir = output_dir.absolute()
    path = _sibling(output_dir, "lock")
    try:
        output_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _failed(error, error.filename or output_dir) from error
    with _lock(path, output_dir, wait, waiting) as file:
        try:
            _write_holder(file, path)
            yield
        finally:
            with suppress(OSError):   # before the lock goes, with the file's closing
                path.unlink()


def _write_holder(file: BinaryIO, path: Path) -> None:
    """Write this process's id into the locked file at `path`, for the message of a
    waiting build. Written unbuffered (os.write): on a full disk the write fails here,
    once, as a WriteFailed; a buffered file would fail again on closing, past any
    handler (a traceback at 0 bytes free)."""
    try:
        os.ftruncate(file.fileno(), 0)
        os.write(file.fileno(), f"{os.getpid()}\n".encode("ascii"))
    except OSError as error:
        raise _failed(error, path) from error


def is_locked(output_dir: Path) -> bool:
    """Whether a build holds the lock of `output_dir` now (without waiting for it)."""
    path = _sibling(output_dir.absolute(), "lock")
    try:
        file = open(path, "rb")
    except OSError:
        return False
    with file:
        if not _try_lock(file):
            return True
        if fcntl is not None:
            fcntl.flock(file.fileno(), fcntl.LOCK_UN)
        return False


def _leftovers(output_dir: Path, kind: str) -> list[Path]:
    prefix = _sibling(output_dir, kind).name
    if not output_dir.parent.is_dir():
        return []
    return sorted(path for path in output_dir.parent.iterdir()
                  if path.name.startswith(prefix) and path.is_dir() and not path.is_symlink())


def recover_output(output_dir: Path) -> None:
    """Undo what a killed build left beside `output_dir`; call it holding lock_output.

    A build killed between the two renames of the fallback swap left no output
    folder, only its backup: the backup is the last complete site, and goes
    back. Then every staging folder, spool of pages and backup is removed: holding
    the lock, none can belong to a build still running.
    """
    output_dir = output_dir.absolute()
    backups = _leftovers(output_dir, "old-")
    if backups and not os.path.lexists(output_dir):
        newest = max(backups, key=lambda path: path.stat().st_mtime)
        try:
            os.rename(newest, output_dir)
        except OSError as error:
            raise _failed(error, newest) from error
    for path in (_leftovers(output_dir, "staging-") + _leftovers(output_dir, "pages-")
                 + _leftovers(output_dir, "old-")):
        shutil.rmtree(path, ignore_errors=True)


def check_output_dir(output_dir: Path, sources: Iterable[Path], homes: Iterable[Path]) -> None:
    """Refuse an output folder whose replacement would lose anything.

    The whole folder is replaced on every build, so it must not overlap a
    `sources` folder (content, templates) at all, must not be or hold a `homes`
    folder (the project, the working directory), and an existing folder must
    be empty or one this builder wrote (it has MARKER).
    """
    output = output_dir.resolve()
    for folder in (path.resolve() for path in sources):
        if folder.is_relative_to(output) or output.is_relative_to(folder):
            raise OutputRefused(f"folder output {output_dir} tidak boleh sama dengan, berisi, "
                                f"atau berada di dalam {folder}; pilih folder lain")
    for folder in (path.resolve() for path in homes):
        if folder.is_relative_to(output):
            raise OutputRefused(f"folder output {output_dir} tidak boleh berisi {folder}; "
                                "pilih folder lain")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise OutputRefused(f"folder output {output_dir} sudah berisi berkas lain yang bukan hasil "
                            "build ini, dan akan diganti seluruhnya; pilih folder baru atau kosong")
    if output.exists() and not output.is_dir():
        raise OutputRefused(f"{output_dir} adalah berkas, bukan folder")


# -- the records of a failed build and of a preview ----------------------------------

@dataclass(frozen=True)
class FailedBuild:
    """What the record of a failed build says (None: not known, the record is damaged)."""
    errors: int | None
    time: datetime | None


def _failed_record(output_dir: Path) -> Path:
    """`.NAME.failed` beside `output_dir` (never inside it: it is not published)."""
    return _sibling(output_dir.absolute(), "failed")


def record_failed_build(output_dir: Path, errors: int, when: datetime) -> None:
    """Record that a build of `output_dir` stopped on `errors` content errors at `when`,
    leaving the folder as the build before wrote it; kept until forget_failed_build.
    Nothing is recorded where the folder's parent cannot be written."""
    path = _failed_record(output_dir)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    data = {"errors": errors, "time": when.isoformat(timespec="seconds")}
    try:
        temporary.write_text(json.dumps(data) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        with suppress(OSError):
            temporary.unlink()


def forget_failed_build(output_dir: Path) -> None:
    """A build of `output_dir` has written it: no failure to remember any more."""
    with suppress(OSError):
        _failed_record(output_dir).unlink(missing_ok=True)


def failed_build(output_dir: Path) -> FailedBuild | None:
    """The record of the last build of `output_dir` when it failed; None when it did not."""
    try:
        text = _failed_record(output_dir).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return FailedBuild(None, None)
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    data = data if isinstance(data, dict) else {}
    try:
        when: datetime | None = datetime.fromisoformat(data.get("time"))
    except (TypeError, ValueError):
        when = None
    errors = data.get("errors")
    return FailedBuild(errors if isinstance(errors, int) else None, when)


def preview_build(output_dir: Path) -> str | None:
    """Why the site `output_dir` holds is a preview, not the one to publish (drafts shown,
    another address, a time to come); None for a normal build. The marker records it:
    written and swapped in with the site, it cannot be lost or outlive it, and a failed
    build, which writes nothing, leaves it as it was."""
    try:
        text = (output_dir / MARKER).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(PREVIEW):
            return line[len(PREVIEW):].strip() or "alasan tidak diketahui"
    return None


@dataclass(frozen=True)
class WriteSummary:
    written: int    # files in the new site
    changed: int    # of them, new or different from the previous site's
    removed: int    # files of the previous site that are gone
    changed_paths: tuple[str, ...] = ()   # the changed ones, sorted


def _read_state(output_dir: Path, files: Sequence[OutputFile], digests: dict[str, str]
                ) -> OutputState:
    """The state of an output folder and its spare folder that no record describes (a
    build after the cache was emptied: `clean`, `--no-cache`, a new builder version),
    read from their files; the write then goes on as with a recorded state, writing only
    what differs. Reading output/ costs about as much as writing it; before, such a build
    wrote the whole site anew, compared it with output/ byte for byte and removed both
    old folders (20 s at 10,000 items, three times a clean build's writing)."""
    copied = {file.path: (file.source, digests[file.path]) for file in files
              if file.content is None and file.source is not None and not file.spooled}
    output, output_folders = _read_folder(output_dir, copied, {})
    spare = _sibling(output_dir, "spare")
    if not spare.is_dir() or spare.is_symlink():
        return OutputState(output, {}, output_folders)
    spare_records, spare_folders = _read_folder(spare, copied, output)
    return OutputState(output, spare_records, output_folders, spare_folders)


def _read_folder(top: Path, copied: dict[str, tuple[Path, str]],
                 known: dict[str, OutputRecord]
                 ) -> tuple[dict[str, OutputRecord], dict[str, Signature]]:
    """A record of every file under `top`, and the signature of every folder (see
    `_read_state`).

    A file's record holds the digest of its bytes, as `file_digest` takes that of a
    made file, and its stat taken before it was read (so a later change shows); a file
    to be copied from a source (`copied`: path -> source and its digest) counts as that
    source when their bytes are equal; a file with the stat of its record in `known` (a
    hard link to output/'s) is that record.
    The folders' signatures, each taken before the folder is listed, are given only when
    the records name everything the folders hold: not with an empty folder, a link or
    anything else that is not a file, which only a walk of the folder finds again."""
    folders: dict[str, Signature | None] = {}
    paths: list[str] = []
    whole = True

    def visit(folder: str, relative: str) -> bool:   # False: no file under it
        nonlocal whole
        folders[relative] = file_signature(folder)   # before its names are read
        held = False
        with os.scandir(folder) as entries:
            for entry in entries:
                path = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    held = visit(entry.path, path) or held
                elif entry.is_file(follow_symlinks=False):
                    paths.append(path)
                    held = True
                else:
                    whole = False
        whole = whole and held
        return held

    def record(path: str) -> OutputRecord:
        target = os.path.join(top, *path.split("/"))
        signature = file_signature(target)
        twin = known.get(path)
        if twin is not None and signature is not None and twin.signature == signature:
            return twin
        try:
            if path not in copied:
                with open(target, "rb") as file:
                    return OutputRecord(digest(file.read()), signature)
            source, source_digest = copied[path]
            same = filecmp.cmp(source, target, shallow=False)
            return OutputRecord(source_digest if same else "", signature)
        except OSError:
            return OutputRecord("", None)   # not trusted: written anew, or removed

    try:
        visit(str(top), "")
    except OSError:
        whole = False
    records = {path: record(path) for path in paths}   # threads: twice as slow here
    if not whole or None in folders.values():
        return records, {}
    return records, folders   # type: ignore[return-value]


def write_site(files: Iterable[OutputFile], output_dir: Path,
               state: OutputState | None = None, intact: Intact | None = None,
               spool: Spool | None = None, prelinked: Callable[[], Prelinked] | None = None,
               preview: str | None = None) -> tuple[WriteSummary, OutputState]:
    """Bring the output folder to exactly `files` (see the module doc); returns what
    changed and the new state (for the next build's `state`).

    `state` must describe the folders as the last write left them; files that no
    longer match it are rewritten. `intact`: what of both folders is as `state`
    records (`check_intact`, read here when not given). Kept files
    (OutputFile.kept) must be among its output records. `spool`: the build's; a placed
    one is filled and swapped in when there is no output folder. `prelinked`: gives the
    staging folder `staging_linked_soon` began, filled instead of a fresh one.
    `preview`: why this build is a preview, not the site to publish (see preview_build).
    """
    files = [*files, OutputFile(MARKER, marker_text(preview))]
    output_dir = output_dir.absolute()
    try:
        digests = {file.path: file_digest(file) for file in files}
    except OSError as error:   # a file to copy went away since it was read
        raise _failed(error, error.filename) from error
    checked = None
    if not output_dir.is_dir():
        state = None
    elif state is None:   # no record of what output/ holds: read it
        state = _read_state(output_dir, files, digests)
        checked = check_intact(output_dir, state, state.output)
    else:
        checked = intact if intact is not None else check_intact(output_dir, state)
    if state is not None and checked is not None:
        old = checked.output
        changed = tuple(sorted(path for path, value in digests.items()
                               if path != MARKER and (path not in old
                                                      or old[path].digest != value)))
        removed = len(set(old) - set(digests))
        summary = WriteSummary(len(files) - 1, len(changed), removed, changed)
        # Nothing to write, unless a name was added to output/ (by hand): then the
        # swap below takes it out of the site, and the next fill removes it. Nor when
        # only the marker differs: a preview's pages, built again as the site to publish.
        marker_kept = MARKER in old and old[MARKER].digest == digests[MARKER]
        if not changed and not removed and marker_kept and state.output_folders and \
                folder_signatures(output_dir, state.output) == state.output_folders:
            keys = {file.path: file.key for file in files}
            return summary, replace(state, output={
                path: record._replace(key=keys.get(path)) for path, record in state.output.items()})
    else:
        new = sorted(digests.keys() - {MARKER})
        summary = WriteSummary(len(files) - 1, len(new), 0, tuple(new))
    spare = _sibling(output_dir, "spare")
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        listed = None
        if state is not None and checked is not None and checked.spare is not None:
            staging = spare
            held = checked.spare
            if checked.spare_listed:
                listed = state.spare   # no name added or removed since: nothing to look for
        elif state is not None and prelinked is not None:   # output/'s files, linked
            staging, held, listed = prelinked()
        elif spool is not None and spool.placed and not output_dir.exists():
            staging = spool.folder   # a placed spool becomes the new site: a first build
            staging.chmod(FOLDER_MODE)   # made private, as mkdtemp makes folders
            held, listed = {}, ()    # nothing in it but the files of this site
        else:
            staging = _new_staging(output_dir)
            held, listed = {}, ()
    except OSError as error:
        raise _failed(error, error.filename or output_dir) from error
    try:
        records, touched = _fill(files, digests, staging, held, output_dir, listed)
        _swap(staging, output_dir, keep_old=spare if state is not None else None)
        if state is None:   # a spare folder nothing describes any more
            shutil.rmtree(spare, ignore_errors=True)
    except OSError as error:
        if staging != spare:
            shutil.rmtree(staging, ignore_errors=True)
        raise _failed(error, error.filename or output_dir) from error
    except BaseException:
        if staging != spare:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    folders = (_refreshed(output_dir, records, state.spare_folders, touched)
               if staging == spare and listed else folder_signatures(output_dir, records))
    return summary, OutputState(records, state.output if state is not None else {}, folders,
                                state.output_folders if state is not None else {})
