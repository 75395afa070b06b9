"""Command line: `python build.py [build|check] ...`, also installed as `site-builder`.

Exit codes: 0 built or checked, 1 the content has problems (nothing written),
2 wrong usage. A content problem never shows a Python traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Sequence

from site_builder import __version__
from site_builder.errors import BuildFailed, format_problems
from site_builder.fields import is_web_url
from site_builder.pipeline import BuildOptions, build_site
from site_builder.writer import OutputRefused, WriteFailed

DESCRIPTION = """\
Build the website of the Perpustakaan Daerah Kabupaten Jepara from content/.

Without a command, `build` runs with its defaults: content/ is built into
output/ (beside content/). A build with any content error writes nothing and
leaves the previous output/ as it was.
"""

EPILOG = """\
exit codes: 0 success, 1 the content has errors (each printed as
file:line: message), 2 wrong usage.
"""


def _add_content_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="content folder holding site.yaml (default: ./content)")
    parser.add_argument("--now", type=_parse_now, metavar="YYYY-MM-DD[THH:MM]",
                        help="build as if it were this time (which scheduled items and which "
                             "sessions are past); default: the current time")
    parser.add_argument("--drafts", action="store_true",
                        help="also publish drafts and items dated in the future (for previews)")


def _parse_now(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date or time: {text!r}") from None


def _parse_base_url(text: str) -> str:
    if not is_web_url(text):
        raise argparse.ArgumentTypeError(f"not a full web address (https://...): {text!r}")
    return text


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"site_builder {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build", help="build the site into the output folder (the default command)",
        description="Build content/ into output/: every page, then swap the new site in.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_content_options(build)
    build.add_argument("--output", type=Path, metavar="DIR",
                       help="output folder (default: output/ beside the content folder)")
    build.add_argument("--templates", type=Path, metavar="DIR",
                       help="templates folder (default: templates/ beside the content folder, "
                            "else the built-in theme)")
    build.add_argument("--base-url", metavar="URL", type=_parse_base_url,
                       help="publish for this address instead of site.yaml's base_url, "
                            "e.g. https://example.org/perpustakaan/")
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    check = commands.add_parser(
        "check", help="validate the content without writing anything",
        description="Validate the content without writing anything: read and validate "
                    "everything and render every page in memory. Usable as a pre-commit check.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_content_options(check)
    check.add_argument("--templates", type=Path, metavar="DIR",
                       help="templates folder (default: as for build)")
    check.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    return parser


def _normalise(argv: list[str]) -> list[str]:
    """`build.py` alone, or with build options only, means `build.py build ...`."""
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        return ["build", *argv]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(_normalise(list(sys.argv[1:] if argv is None else argv)))
    options = BuildOptions(
        content_dir=args.content,
        output_dir=getattr(args, "output", None),
        templates_dir=args.templates,
        base_url=getattr(args, "base_url", None),
        drafts=args.drafts,
        now=args.now,
    )
    if not options.content_dir.is_dir():
        print(f"build.py: folder konten tidak ada: {options.content_dir}", file=sys.stderr)
        return 2
    writing = args.command == "build"
    started = time.perf_counter()
    try:
        result = build_site(options, write=writing)
    except BuildFailed as failure:
        print(format_problems(failure.problems), file=sys.stderr)
        return 1
    except OutputRefused as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 2
    except WriteFailed as error:
        print(f"build.py: gagal menulis hasil ({error}); hasil sebelumnya tidak diubah",
              file=sys.stderr)
        return 1
    if result.warnings:
        print(format_problems(result.warnings), file=sys.stderr)
    if not args.quiet:
        seconds = time.perf_counter() - started
        if writing:
            print(f"Selesai: {result.written} berkas ditulis ke "
                  f"{options.resolved_output_dir()} ({seconds:.2f} detik).")
        else:
            print(f"Pemeriksaan selesai: tidak ada kesalahan ({len(result.files)} berkas "
                  f"akan dibuat, {seconds:.2f} detik).")
    return 0
