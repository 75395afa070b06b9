"""`build.py clean`: delete the build cache, so the next build makes everything anew."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from site_builder import arguments
from site_builder.options import CACHE_DIR

HELP = "delete the build cache (.cache/ beside content/); output/ is left as it is"
DESCRIPTION = """\
Delete the build cache: the folder .cache/ beside the content folder (read and
validated content, rendered pages' records, resized images, the preview). The
next build makes everything anew and is as slow as a first build. The output
folder is not touched. The cache never needs cleaning for correctness (every
entry is checked against what it was made from); this frees disk space, or
rules the cache out when hunting a problem.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    arguments.add_content(parser)


def run(args: argparse.Namespace) -> int:
    folder = Path(args.content).absolute().parent / CACHE_DIR
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
