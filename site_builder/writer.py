"""Write: the only code that writes under the output folder.

`write_site(files, output_dir)` writes the whole site into a fresh staging
folder beside `output_dir`, then swaps it in with two renames. Until the swap
the previous site stays exactly as it was; files of removed content disappear
because the new folder holds only the new site.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

from site_builder.outputs import OutputFile


class WriteFailed(Exception):
    """The output could not be written; the previous output is unchanged."""


class OutputRefused(WriteFailed):
    """The output folder is one the builder must not replace (nothing was touched)."""


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


def _swap(staging: Path, output_dir: Path) -> None:
    """Put `staging` in place of `output_dir`, restoring the old folder if that fails."""
    if not output_dir.exists():
        os.rename(staging, output_dir)
        return
    backup = output_dir.with_name(f".{output_dir.name}.old-{os.getpid()}")
    shutil.rmtree(backup, ignore_errors=True)
    os.rename(output_dir, backup)
    try:
        os.rename(staging, output_dir)
    except OSError:
        os.rename(backup, output_dir)
        raise
    shutil.rmtree(backup, ignore_errors=True)


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
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.staging-",
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
