"""Write: the only code that writes under the output folder.

`write_site(files, output_dir)` writes the whole site into a fresh staging
folder beside `output_dir`, then swaps it in. Until the swap the previous site
stays exactly as it was; files of removed content disappear because the new
folder holds only the new site.

Crash safety (a build may be killed at any moment, even by SIGKILL):

- The swap is one atomic step on Linux, renameat2(RENAME_EXCHANGE): at every
  instant `output_dir` is a real folder holding the whole old site or the whole
  new one. `output_dir` stays a plain folder (not a symbolic link), because it
  may be bind-mounted into a web server or uploaded as a Pages artifact.
  Elsewhere (other systems, file systems without the flag) it falls back to
  two renames, output -> `.NAME.old-PID`, staging -> output, between which
  `output_dir` is missing for a moment.
- `lock_output(output_dir)` holds an flock on `.NAME.lock` beside it for the
  whole build, so two builds never write at once; the OS releases it when a
  process dies, however it dies. A second build waits for the first.
- `recover_output(output_dir)`, called while holding the lock, undoes what a
  killed build left: it restores the backup when output is missing (killed
  between the two renames) and removes leftover staging folders and backups.
"""

from __future__ import annotations

import ctypes
import errno
import filecmp
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Callable, Iterable, Iterator

try:
    import fcntl
except ImportError:   # Windows
    fcntl = None   # type: ignore[assignment]

from site_builder.outputs import OutputFile


class WriteFailed(Exception):
    """The output could not be written; the previous output is unchanged."""


class OutputRefused(WriteFailed):
    """The output folder is one the builder must not replace (nothing was touched)."""


class OutputBusy(WriteFailed):
    """Another build kept the output folder locked longer than we would wait (nothing touched)."""


# Written into every output folder, so a later build knows the folder is ours to replace.
MARKER = ".site-builder"
MARKER_TEXT = b"Dibuat oleh site_builder: folder ini diganti seluruhnya pada setiap build.\n"


class UnsafeOutputPath(ValueError):
    """An output path that would land outside the output folder."""


def _target(staging: Path, relative: str) -> Path:
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts or "\\" in relative:
        raise UnsafeOutputPath(relative)
    return staging.joinpath(*parts)


def _write_files(files: Iterable[OutputFile], staging: Path) -> int:
    count = 0
    for file in files:
        target = _target(staging, file.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if file.content is not None:
            target.write_bytes(file.content)
        elif file.source is not None:
            shutil.copyfile(file.source, target)
        count += 1
    return count


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


def _swap_by_renames(staging: Path, output_dir: Path) -> None:
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
    shutil.rmtree(backup, ignore_errors=True)


def _swap(staging: Path, output_dir: Path) -> None:
    """Put `staging` in place of `output_dir`; the old site is gone afterwards."""
    if not output_dir.exists():
        os.rename(staging, output_dir)
    elif _exchange(staging, output_dir):
        shutil.rmtree(staging, ignore_errors=True)   # now the old site
    else:
        _swap_by_renames(staging, output_dir)


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
            raise WriteFailed(f"{error.strerror or error}: {error.filename or path}") from error
        while not _try_lock(file):
            waited = time.monotonic() - started
            if waited >= wait:
                holder = _holder(file)
                file.close()
                raise OutputBusy(f"folder {output_dir} masih dipakai build lain (PID {holder}) "
                                 f"setelah ditunggu {_shown_seconds(wait)} detik; hasil tidak "
                                 "diubah")
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
        raise WriteFailed(f"{error.strerror or error}: {error.filename or output_dir}") from error
    with _lock(path, output_dir, wait, waiting) as file:
        file.truncate(0)
        file.write(f"{os.getpid()}\n".encode("ascii"))   # for the message of a waiting build
        file.flush()
        try:
            yield
        finally:
            with suppress(OSError):   # before the lock goes, with the file's closing
                path.unlink()


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
    back. Then every staging folder and backup is removed: holding the lock,
    none can belong to a build still running.
    """
    output_dir = output_dir.absolute()
    backups = _leftovers(output_dir, "old-")
    if backups and not os.path.lexists(output_dir):
        newest = max(backups, key=lambda path: path.stat().st_mtime)
        try:
            os.rename(newest, output_dir)
        except OSError as error:
            raise WriteFailed(f"{error.strerror or error}: {newest}") from error
    for path in _leftovers(output_dir, "staging-") + _leftovers(output_dir, "old-"):
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


@dataclass(frozen=True)
class WriteSummary:
    written: int    # files in the new site
    changed: int    # of them, new or different from the previous site's
    removed: int    # files of the previous site that are gone


def _compare(staging: Path, output_dir: Path, written: int) -> WriteSummary:
    """How the site in `staging` differs from the one in `output_dir` (before the swap)."""
    new = {p.relative_to(staging) for p in staging.rglob("*") if p.is_file()} - {Path(MARKER)}
    old = ({p.relative_to(output_dir) for p in output_dir.rglob("*") if p.is_file()}
           if output_dir.is_dir() else set()) - {Path(MARKER)}
    changed = sum(1 for path in new if path not in old or
                  not filecmp.cmp(staging / path, output_dir / path, shallow=False))
    return WriteSummary(written, changed, len(old - new))


def write_site(files: Iterable[OutputFile], output_dir: Path) -> WriteSummary:
    """Write every file into a staging folder, then swap it in; returns what changed."""
    files = [*files, OutputFile(MARKER, MARKER_TEXT)]
    output_dir = output_dir.absolute()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    # The process id in the name tells whose it was; recover_output removes it after a kill.
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.staging-{os.getpid()}-",
                                    dir=output_dir.parent))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        summary = _compare(staging, output_dir, _write_files(files, staging) - 1)
        _swap(staging, output_dir)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise WriteFailed(f"{error.strerror or error}: {error.filename or output_dir}") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary
