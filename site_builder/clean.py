"""`build.py clean`: delete the build cache, so the next build makes everything anew.

A build of the site reads and writes the cache all along, so `clean` takes the lock a
build of the site's output folder takes (writer.lock_output): it waits for a build
running, as a second build does, then deletes the cache. Deleted under a running build,
the cache's folders vanished while the build wrote into them, and the build failed
("gagal menulis hasil (No such file or directory: .cache/images/...)").
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from site_builder import arguments
from site_builder.options import CACHE_DIR, BuildOptions
from site_builder.writer import OutputBusy, WriteFailed, lock_output

HELP = "delete the build cache (.cache/ beside content/); output/ is left as it is"
DESCRIPTION = """\
Delete the build cache: the folder .cache/ beside the content folder (read and
validated content, rendered pages' records, resized images, the preview). The
next build makes everything anew and is as slow as a first build. The output
folder is not touched. The cache never needs cleaning for correctness (every
entry is checked against what it was made from); this frees disk space, or
rules the cache out when hunting a problem. While a build of the site runs,
clean waits for it to finish first.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    arguments.add_content(parser)
    arguments.add_wait(parser, "a build of the site")


def run(args: argparse.Namespace) -> int:
    folder = Path(args.content).absolute().parent / CACHE_DIR
    # The output folder a build of this content writes by default (no --output).
    output_dir = BuildOptions(content_dir=Path(args.content)).resolved_output_dir()
    try:
        with lock_output(output_dir, args.wait, _waiting):
            return _delete(folder)
    except OutputBusy as error:
        seconds = f"{args.wait:g}".replace(".", ",")   # Indonesian decimal comma
        print(f"build.py: cache tidak dihapus, karena build situs ini sedang berjalan (PID "
              f"{error.holder}) dan belum selesai setelah ditunggu {seconds} detik. Coba lagi "
              "setelah build itu selesai, atau tunggu lebih lama dengan --wait, misalnya "
              "--wait 300.", file=sys.stderr)
        return 1
    except WriteFailed:   # no lock can be made beside output/: then no build runs either
        return _delete(folder)


def _waiting(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _delete(folder: Path) -> int:
    # Looked at under the lock: a first build that holds it may not have made the cache yet.
    if not folder.exists():
        print(f"Tidak ada cache untuk dihapus ({folder}).")
        return 0
    try:
        shutil.rmtree(folder)
    except OSError as error:
        print(f"build.py: cache tidak bisa dihapus: {error}", file=sys.stderr)
        return 1
    print(f"Cache dihapus: {folder}. Build berikutnya membuat semuanya dari awal.")
    return 0
