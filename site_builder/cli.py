"""Command line: `python build.py [build|check] ...`, also installed as `site-builder`.

Exit codes: 0 built or checked, 1 the content has problems (nothing written),
2 wrong usage. A content problem never shows a Python traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Iterable, Iterator, NoReturn, Sequence

if TYPE_CHECKING:
    from site_builder.pipeline import BuildResult

from site_builder import __version__, arguments
from site_builder.buildcache import cache_refused
from site_builder.errors import (Location, Problem, Repository, disk_refusal, format_problems,
                                 github_annotations, github_summary, one_line)
from site_builder.options import CACHE_DIR, STAGES, BuildOptions
from site_builder.progress import Progress, is_terminal
from site_builder.similar import closest
from site_builder.writer import WAIT_SECONDS, OutputBusy, OutputRefused, WriteFailed

# Modules of the other commands, each with HELP, DESCRIPTION, add_arguments(parser),
# run(args) -> exit code and maybe EPILOG; imported only when needed, so `build` starts fast.
STAFF_COMMANDS = {"serve": "serve", "new": "scaffold", "publish": "publish", "due": "due",
                  "install-hook": "hooks", "clean": "clean"}

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
    arguments.add_content(parser)
    arguments.add_now(parser)
    parser.add_argument("--drafts", action="store_true",
                        help="also publish drafts and items dated in the future (for previews)")


def _parse_jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {text!r}")
    return int(text)


def _add_cache_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the build cache (.cache/): make every "
                             "page and image anew")
    parser.add_argument("--jobs", type=_parse_jobs, metavar="N",
                        help="processes for reading and rendering many files at once "
                             "(default: every processor; 1 for one at a time)")


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true",
                          help="print only problems, no summary line")
    loudness.add_argument("-v", "--verbose", action="store_true",
                          help="also print how long each stage took")



def _parse_base_url(text: str) -> str:
    from site_builder.fields import is_web_url
    if not is_web_url(text):
        raise argparse.ArgumentTypeError(f"not a full web address (https://...): {text!r}")
    return text


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose error for a mistyped command or option ("--ouput",
    "biuld") names the one meant, as Python 3.14's `suggest_on_error` does."""

    def error(self, message: str) -> NoReturn:
        written = re.findall(r"unrecognized arguments: (-[\w-]+)|invalid choice: '([^']*)'",
                             message)
        known = [*_options_of(self), *_commands_of(self)]
        for option, command in written:
            close = closest(option or command, known)
            if close:
                message += f" (mungkin maksudnya {close}?)"
                break
        super().error(message)


def _options_of(parser: argparse.ArgumentParser) -> Iterator[str]:
    """Every option string of `parser` and of its commands."""
    for action in parser._actions:
        yield from action.option_strings
        for command in _subparsers(action):
            yield from _options_of(command)


def _commands_of(parser: argparse.ArgumentParser) -> Iterator[str]:
    for action in parser._actions:
        yield from (choice for choice in getattr(action, "choices", None) or ()
                    if isinstance(action, argparse._SubParsersAction))


def _subparsers(action: argparse.Action) -> Iterable[argparse.ArgumentParser]:
    return action.choices.values() if isinstance(action, argparse._SubParsersAction) else ()


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command; `only` names the one other command to load (see
    _staff_commands), so `build` does not import what `serve` needs."""
    parser = _Parser(
        prog="build.py", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"site_builder {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build", help="build the site into the output folder (the default command)",
        description="Build content/ into output/: every page, then swap the new site in. "
                    "It checks everything check does: when the content has errors, it lists "
                    "every one and writes nothing, output/ stays as it was. On GitHub "
                    "Actions, it annotates and summarises the problems as check does.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_content_options(build)
    build.add_argument("--output", type=Path, metavar="DIR",
                       help="output folder (default: output/ beside the content folder)")
    arguments.add_templates(build)
    arguments.add_wait(build, "another build of the same output folder")
    build.add_argument("--base-url", metavar="URL", type=_parse_base_url,
                       help="publish for this address instead of site.yaml's base_url, "
                            "e.g. https://example.org/perpustakaan/")
    _add_cache_options(build)
    _add_output_options(build)

    check = commands.add_parser(
        "check", help="validate the content without writing anything",
        description="Validate the content without writing anything: read and validate "
                    "everything and render in memory every page a build would render (with the "
                    "cache, only those changed since the last build: the others rendered "
                    "then). Usable as a pre-commit check. "
                    "On GitHub Actions, each problem is also printed as an annotation "
                    "(::error file=...,line=...::...), and listed in the job summary "
                    "(GITHUB_STEP_SUMMARY) with links to its line and to GitHub's editor.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_content_options(check)
    check.add_argument("--output", type=Path, metavar="DIR",
                       help="output folder of the builds to compare with, written to by "
                            "nothing here (default: output/ beside the content folder): "
                            "pages keyed as its last build's are not rendered again, and a "
                            "page it published that would vanish is warned about")
    arguments.add_templates(check)
    _add_cache_options(check)
    _add_output_options(check)

    for name, module in _staff_commands(only).items():
        command = commands.add_parser(name, help=module.HELP, description=module.DESCRIPTION,
                                      epilog=getattr(module, "EPILOG", None),
                                      formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def _staff_commands(only: str | None = None) -> dict[str, ModuleType]:
    """The modules of the other commands: all, or only the one named `only`
    (None: all; "" or build/check: none)."""
    names = STAFF_COMMANDS if only is None else {
        name: module for name, module in STAFF_COMMANDS.items() if name == only}
    return {name: importlib.import_module(f"site_builder.{module}")
            for name, module in names.items()}


def _normalise(argv: list[str]) -> list[str]:
    """`build.py` alone, or with build options only, means `build.py build ...`."""
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        return ["build", *argv]
    return argv


def run() -> NoReturn:
    """The command line (`build.py`, `site-builder`): main(), then the process ends at
    once, leaving what the build made to the OS to free rather than object by object
    (BuildOptions.process_ends)."""
    code = main(process_ends=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None, process_ends: bool = False) -> int:
    argv = _normalise(list(sys.argv[1:] if argv is None else argv))
    only = argv[0] if argv[0] in ("build", "check") or argv[0] in STAFF_COMMANDS else None
    args = make_parser(only).parse_args(argv)
    if hasattr(args, "run"):
        return args.run(args)
    options = BuildOptions(
        content_dir=args.content,
        output_dir=getattr(args, "output", None),
        templates_dir=args.templates,
        base_url=getattr(args, "base_url", None),
        drafts=args.drafts,
        now=args.now,
        wait=getattr(args, "wait", WAIT_SECONDS),
        waiting=lambda message: print(message, file=sys.stderr, flush=True),
        cache=not args.no_cache,
        jobs=args.jobs,
        process_ends=process_ends,
    )
    if not options.content_dir.is_dir():
        print(f"build.py: folder konten tidak ada: {options.content_dir}", file=sys.stderr)
        return 2
    writing = args.command == "build"
    progress = Progress(STAGES if writing else STAGES[:3])
    colour = is_terminal(sys.stderr)
    from site_builder.clock import ClockWrong
    from site_builder.errors import BuildFailed
    cache_refused(options.cache_folder)   # forgotten: an earlier build of this process's
    try:
        if writing and options.cache:
            from site_builder.options import inputs_signature
            # Taken before anything is read: a file saved meanwhile makes the next build run.
            seen: dict[str, tuple[int, int, int]] = {}
            options = replace(options, inputs=inputs_signature(options, seen), input_stats=seen)
            if _nothing_changed(options, args, progress, colour):
                return 0
        from site_builder.pipeline import build_site
        result = build_site(replace(options, progress=progress), write=writing)
    except BuildFailed as failure:
        progress.finish()
        print(format_problems(failure.problems, colour), file=sys.stderr)
        _annotate(args, options, failure.problems)
        return 1
    except ClockWrong as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 1
    except OutputRefused as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 2
    except OutputBusy as error:
        print(f"build.py: {error}. Coba lagi setelah build itu selesai, atau tunggu lebih lama "
              "dengan --wait, misalnya --wait 300.", file=sys.stderr)
        return 1
    except WriteFailed as error:
        print(f"build.py: {_write_failed(error, options)}", file=sys.stderr)
        return 1
    seconds = progress.finish()
    warnings = [*result.warnings, *_cache_refused(options)]
    if warnings:
        print(format_problems(warnings, colour), file=sys.stderr)
    _annotate(args, options, result.warnings, result.scheduled)
    if args.verbose:
        for stage, spent in progress.timings():
            print(f"  {stage}: {_seconds(spent)}")
    if not args.quiet:
        print(_summary(result, options, seconds))
        _print_scheduled(result.scheduled)
    return 0


def _write_failed(error: WriteFailed, options: BuildOptions) -> str:
    """The line of a write that failed: when the disk refused it (full, read-only, no
    permission), what is wrong and what to do, in Indonesian (the folder to free or fix
    is the one holding the output folder, where the build writes everything); else the
    system's own words."""
    refusal = disk_refusal(error.errno, options.resolved_output_dir().absolute().parent)
    if refusal is None:
        return f"gagal menulis hasil ({error}); hasil sebelumnya tidak diubah"
    what, todo = refusal
    return f"gagal menulis {error.where}: {what}; hasil sebelumnya tidak diubah. {todo}, lalu " \
           "jalankan build lagi."


def _cache_refused(options: BuildOptions) -> list[Problem]:
    """A warning when the disk refused to write the build cache during this build
    (buildcache.cache_refused): once a build, however many files it refused. The build
    goes on without it, but makes every page anew each time: without a word, an hourly
    build on a read-only cache (or one owned by root after a `sudo build.py`) was a full
    build every hour, and nobody knew why."""
    refused = cache_refused(options.cache_folder)
    if refused is None:
        return []
    code, text = refused
    folder = options.root / CACHE_DIR
    what, todo = disk_refusal(code, folder, text)
    return [Problem(Location.of_file(folder, options.root),
                    f"cache build tidak bisa ditulis: {what}, sehingga setiap build membuat "
                    f"ulang semua halaman dari awal (lebih lambat). {todo}.", "warning")]


def _scheduled_message(moment: str, title: str) -> str:
    return f'"{title}" tayang pada build pertama sejak {moment}'


def _print_scheduled(scheduled: Sequence[Sequence[Any]]) -> None:
    """A line for each item held back until its date: staff who committed one see when."""
    for moment, path, _, title in scheduled:
        print(one_line(f"Terjadwal: {path}: {_scheduled_message(moment, title)}."))


def _annotate(args: argparse.Namespace, options: BuildOptions, problems: Sequence[Problem],
              scheduled: Sequence[Sequence[Any]] = ()) -> None:
    """On GitHub Actions, `check` and `build` also print `problems` as workflow commands,
    which GitHub shows as annotations where staff who commit from its web editor look,
    and write them to the job summary (GITHUB_STEP_SUMMARY) with links to fix each; each
    item `scheduled` to appear later is noted at its date, on the commit. (The workflow
    runs `build` alone: it checks everything `check` does, and one step spares a second
    reading of every content file on each commit.)"""
    if args.command not in ("check", "build") or os.environ.get("GITHUB_ACTIONS") != "true":
        return
    problems = [*problems, *(
        Problem(Location(Path(path), line), "terjadwal: " + _scheduled_message(moment, title),
                "notice") for moment, path, line, title in scheduled)]
    workspace = os.environ.get("GITHUB_WORKSPACE")
    workspace_path = Path(workspace).absolute() if workspace else None
    if problems:
        print(github_annotations(problems, options.root.absolute(), workspace_path), flush=True)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        repository = Repository(
            f"{os.environ.get('GITHUB_SERVER_URL', 'https://github.com')}/"
            f"{os.environ.get('GITHUB_REPOSITORY', '')}", os.environ.get("GITHUB_SHA", ""),
            # a pull request's files are edited on its own branch, not on "7/merge"
            os.environ.get("GITHUB_HEAD_REF") or os.environ.get("GITHUB_REF_NAME"),
            workspace_path)
        with open(summary, "a", encoding="utf-8") as file:   # each step appends to its own
            file.write(github_summary(problems, options.root.absolute(), repository))


def _shown(folder: Path) -> str:
    """`folder` relative to the working directory when it is inside it."""
    absolute = folder.absolute()
    return str(absolute.relative_to(Path.cwd())) if absolute.is_relative_to(Path.cwd()) else str(folder)


def _seconds(value: float) -> str:
    return f"{value:.2f}".replace(".", ",") + " detik"


def _nothing_changed(options: BuildOptions, args: argparse.Namespace, progress: Progress,
                     colour: bool) -> bool:
    """When output/ is already what this build would write (uptodate.py): say so, with
    the warnings of the build that wrote it, and True."""
    from site_builder import uptodate
    from site_builder.writer import is_locked
    now = options.now or datetime.now().astimezone()
    output_dir = options.resolved_output_dir()
    if not output_dir.is_dir() or is_locked(output_dir):   # another build is writing: wait
        return False
    assert options.inputs is not None
    report = uptodate.up_to_date(options.cache_folder, output_dir, options.inputs, now)
    if report is None:
        return False
    seconds = progress.finish()
    warnings = [Problem(Location(Path(path), line), message, severity)
                for path, line, message, severity in report["warnings"]]
    if warnings:
        print(format_problems(warnings, colour), file=sys.stderr)
    _annotate(args, options, warnings, report.get("scheduled", []))
    if not args.quiet:
        print(f"Selesai: {report['pages']} halaman, {report['files']} berkas di "
              f"{_shown(output_dir)}; 0 berubah, 0 dihapus (tidak ada yang berubah sejak "
              f"build terakhir, {_seconds(seconds)}).")
        _print_scheduled(report.get("scheduled", []))
    return True


def _summary(result: BuildResult, options: BuildOptions, seconds: float) -> str:
    """The one line a build ends with."""
    pages = result.pages
    if result.written is None:
        return (f"Pemeriksaan selesai: tidak ada kesalahan; {pages} halaman dan "
                f"{len(result.files) - pages} berkas lain siap dibuat ({_seconds(seconds)}).")
    written = result.written
    return (f"Selesai: {pages} halaman, {written.written} berkas ditulis ke "
            f"{_shown(options.resolved_output_dir())}; {written.changed} berubah, "
            f"{written.removed} dihapus ({_seconds(seconds)}).")
