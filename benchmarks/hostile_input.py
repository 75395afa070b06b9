"""How long the builder takes on hostile input, and what it answers.

    python3 benchmarks/hostile_input.py            # every case, through the real CLI
    python3 benchmarks/hostile_input.py --raw      # the Markdown cases on bare Python-Markdown
    python3 benchmarks/hostile_input.py --only laughs

Each case is a small site (site.yaml plus one hostile file) built in a temporary
folder by the real command line, in this process, with the time it took and the
outcome (exit code and the first problem). `--raw` instead converts the Markdown
cases with Python-Markdown as configured by site_builder.markdown, without the
guards of site_builder.content.bodies, each in a subprocess stopped after
--timeout seconds: the figures that chose those guards.

tests/test_bounded.py builds the same CASES and checks each outcome, with a
generous time limit to catch a hang.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

SITE_YAML = "title: Perpustakaan Uji\nbase_url: https://example.org/\n"
NEWS = "content/news/2024-02-01-uji.md"
SCHEDULE = "content/schedule.yaml"
HEAD = "---\ntitle: Uji\ndate: 2024-02-01\n---\n"
NOW = "2026-11-24T09:00"


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], dict[str, str | bytes]]   # path under the site root: content
    expect: str          # "refused": exit 1 naming the file; "built": exit 0
    message: str = ""    # a fragment of the problem a refused case must print
    markdown: str | None = None   # the body alone, for --raw
    in_test: bool = True          # False: too slow for tests/test_bounded.py (see its note)

    def files(self) -> dict[str, str | bytes]:
        return {"content/site.yaml": SITE_YAML, **self.make()}


def _bomb(levels: int) -> str:
    """ "Billion laughs": level n is nine aliases of level n - 1, 9 ** levels values."""
    lines = ["l0: &l0 [ha, ha, ha, ha, ha, ha, ha, ha, ha]"]
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def _news(body: str) -> dict[str, str]:
    return {NEWS: HEAD + body}


def _markdown(name: str, body: Callable[[], str], expect: str, message: str = "",
              in_test: bool = True) -> Case:
    return Case(name, lambda: _news(body()), expect, message, markdown=name, in_test=in_test)


def _paragraphs(size: int, link: str = "anak-anak") -> str:
    paragraph = (f"Perpustakaan Daerah mengadakan **lomba** mewarnai untuk {link} "
                 "dan orang tua, dengan hadiah buku. ") * 8 + "\n\n"
    return paragraph * (size // len(paragraph))


def _nested_lines(levels: int, marker: str) -> str:
    return "".join("    " * level + marker + "isi\n" for level in range(levels))


MB = 1024 * 1024
TOO_DEEP_YAML = "bersarang lebih dari 50 tingkat"
TOO_DEEP_MD = "tingkat daftar atau kutipan"
TOO_HEAVY = "terlalu berat diolah"
TOO_MANY_MARKS = "terlalu banyak tanda Markdown"
LONG_PARAGRAPH = "berisi sangat banyak tanda Markdown"

CASES = [
    # -- YAML: aliases and nesting ------------------------------------------------
    Case("billion laughs, schedule.yaml (9^9 values)", lambda: {SCHEDULE: _bomb(9)},
         "refused", "mewakili lebih dari 10.000 nilai"),
    Case("billion laughs, front matter (9^9 values)",
         lambda: {NEWS: "---\ntitle: Uji\ndate: 2024-02-01\n" + _bomb(9) + "---\nIsi.\n"},
         "refused", "mewakili lebih dari 10.000 nilai"),
    Case("10,001 aliases of one value", lambda: {
        SCHEDULE: "a: &a x\nb: [" + ", ".join(["*a"] * 10_001) + "]\n"},
         "refused", "mewakili lebih dari 10.000 nilai"),
    Case("alias inside its own anchor (&a [*a])", lambda: {SCHEDULE: "programs: &a [*a]\n"},
         "refused", "alias *a dipakai di dalam nilai yang ditandai &a"),
    Case("YAML [[[...]]] 10,000 deep", lambda: {SCHEDULE: "a: " + "[" * 10_000 + "]" * 10_000},
         "refused", TOO_DEEP_YAML),
    Case("YAML {a: {a: ...}} 10,000 deep",
         lambda: {SCHEDULE: "a: " + "{a: " * 10_000 + "x" + "}" * 10_000}, "refused", TOO_DEEP_YAML),
    Case("YAML '- - - ...' 10,000 deep (block)", lambda: {SCHEDULE: "- " * 10_000 + "x\n"},
         "refused", TOO_DEEP_YAML),
    Case("YAML [[[...]]] 10,000 deep, front matter",
         lambda: {NEWS: HEAD.replace("---\n", "---\ntags: " + "[" * 10_000 + "]" * 10_000 + "\n",
                                     1) + "Isi.\n"}, "refused", TOO_DEEP_YAML),
    Case("YAML list of 130,000 numbers (900 KB)", lambda: {
        SCHEDULE: "programs: []\nangka: [" + ", ".join(str(n) for n in range(130_000)) + "]\n"},
         "refused", "lebih dari 20.000 nilai"),
    Case("YAML list of 19,900 numbers (under the limit)", lambda: {
        SCHEDULE: "programs: []\nangka: [" + ", ".join(str(n) for n in range(19_900)) + "]\n"},
         "built"),
    # -- size ---------------------------------------------------------------------
    Case("20 MB Markdown file", lambda: _news(_paragraphs(20 * MB)), "refused",
         "berkas terlalu besar (20 MB); batasnya 1 MB"),
    Case("20 MB schedule.yaml", lambda: {SCHEDULE: "programs: []\n# " + "x" * (20 * MB) + "\n"},
         "refused", "berkas terlalu besar (20 MB); batasnya 1 MB"),
    Case("photo pasted as data:image (3 MB)", lambda: _news(
        "![foto](data:image/jpeg;base64," + "A" * (3 * MB) + ")\n"), "refused", "data:image"),
    _markdown("Markdown prose, 1 MB (under the limit)", lambda: _paragraphs(MB - 2000), "built"),
    _markdown("Markdown prose, 1 MB, a link in each paragraph",
              lambda: _paragraphs(MB - 2000, "[anak-anak](/berita/)"), "built", in_test=False),
    # -- Markdown that makes Python-Markdown backtrack or recurse ---------------------
    _markdown("'[' x 50,000 in one paragraph", lambda: "[" * 50_000, "refused", TOO_HEAVY),
    _markdown("'![' x 25,000", lambda: "![" * 25_000, "refused", TOO_HEAVY),
    _markdown("'[a](' x 12,500", lambda: "[a](" * 12_500, "refused", TOO_HEAVY),
    _markdown("'[a][' x 12,500", lambda: "[a][" * 12_500, "refused", TOO_HEAVY),
    _markdown("'[^' x 25,000 (footnotes)", lambda: "[^" * 25_000, "refused", TOO_HEAVY),
    _markdown("'<a ' x 33,000", lambda: "<a " * 33_000, "refused", TOO_HEAVY),
    _markdown("'x<y ' x 25,000", lambda: "x<y " * 25_000, "refused", TOO_HEAVY),
    _markdown("'<![CDATA[' x 10,000", lambda: "<![CDATA[" * 10_000, "refused", TOO_HEAVY),
    _markdown("nested links [[[a](b)](b)...] x 4,000",
              lambda: "[" * 4_000 + "a" + "](b)" * 4_000, "refused", TOO_HEAVY),
    _markdown("35 unclosed '[' in a 100 KB paragraph (under the limit)",
              lambda: ("[" + "kata " * 570) * 35, "built"),
    _markdown("'*a' x 50,000 (one 100 KB line)", lambda: "*a" * 50_000, "refused", LONG_PARAGRAPH),
    _markdown("'_a' x 50,000", lambda: "_a" * 50_000, "refused", LONG_PARAGRAPH),
    _markdown("'*' x 100,000", lambda: "*" * 100_000, "refused", LONG_PARAGRAPH),
    _markdown("'`' x 100,000", lambda: "`" * 100_000, "refused", LONG_PARAGRAPH),
    _markdown("'\\' x 100,000", lambda: "\\" * 100_000, "refused", LONG_PARAGRAPH),
    _markdown("'&' x 100,000", lambda: "&" * 100_000, "refused", LONG_PARAGRAPH),
    _markdown("'*a' x 500,000 (1 MB)", lambda: "*a" * 500_000, "refused", LONG_PARAGRAPH),
    _markdown("'\\' x 1,000,000 (1 MB)", lambda: "\\" * 1_000_000, "refused", LONG_PARAGRAPH),
    _markdown("1 MB of 1 KB paragraphs of '*a'", lambda: ("*a" * 500 + "\n\n") * 1000,
              "refused", TOO_MANY_MARKS),
    _markdown("'\\' x 44,000 in one paragraph (under the limit)", lambda: "\\" * 44_000,
              "built"),
    _markdown("90,000 marks in short paragraphs (under the limit)",
              lambda: ("kata *tebal* " * 45 + "\n\n") * 1000, "built"),
    _markdown("'<' x 100,000 (no tag: '<' then '<')", lambda: "<" * 100_000, "refused",
              LONG_PARAGRAPH),
    _markdown("'- ' x 10,000 (list 10,000 deep)", lambda: "- " * 10_000 + "a\n", "refused",
              TOO_DEEP_MD),
    _markdown("'1. ' x 10,000", lambda: "1. " * 10_000 + "a\n", "refused", TOO_DEEP_MD),
    _markdown("'> ' x 50,000 (quote 50,000 deep)", lambda: "> " * 50_000 + "a\n", "refused",
              TOO_DEEP_MD),
    _markdown("indented list lines, 300 deep", lambda: _nested_lines(300, "- "), "refused",
              TOO_DEEP_MD),
    _markdown("'<div markdown=1>' 400 deep",
              lambda: '<div markdown="1">\n' * 400 + "isi\n" + "</div>\n" * 400, "refused",
              "bersarang terlalu dalam"),
    # -- whitespace pasted in runs: the project's own regexes must not backtrack on it ----
    Case("opening hours line with 2,500 spaces", lambda: {"content/site.yaml": SITE_YAML + (
        'contact:\n  opening_hours:\n    - "Senin' + " " * 2_500 + 'tutup"\n')}, "built"),
    _markdown("a table row then 100,000 tabs before '|'",
              lambda: "Teks pembuka.\nKolom a | kolom b\n" + "\t" * 100_000 + "|x\n", "built"),
    _markdown("a telephone number then 100,000 spaces",
              lambda: "Hubungi 0812-3456-7890" + " " * 100_000 + "x.\n", "built"),
    _markdown("indented list lines, 32 deep x 1 MB (under the limit)",
              lambda: _nested_lines(32, "- ") * (MB // len(_nested_lines(32, "- "))), "built"),
    _markdown("'> ' x 32 lines x 1 MB (under the limit)",
              lambda: ("> " * 32 + "isi\n") * (MB // 70), "built"),
]


def build(root: Path) -> tuple[int, str]:
    """Run the command line on the site at `root`, in this process: exit code, stderr."""
    from site_builder.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["build", "--content", str(root / "content"), "--now", NOW])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return code, err.getvalue()


def write(root: Path, files: dict[str, str | bytes]) -> int:
    """Write the files of a case; the size of the largest."""
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return max(len(data if isinstance(data, bytes) else data.encode()) for data in files.values())


def run_case(case: Case) -> tuple[int, float, int, str]:
    """Build the case: (input size in bytes, seconds, exit code, stderr)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        size = write(root, case.files())
        start = time.perf_counter()
        code, err = build(root)
        return size, time.perf_counter() - start, code, err


def outcome(code: int, err: str) -> str:
    problem = next((line for line in err.splitlines() if ": kesalahan: " in line), "")
    return f"exit {code}" + (f": {problem.split(': kesalahan: ', 1)[1]}" if problem else "")


def _size(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size / 1024:.0f} KB"


_RAW = """
import sys, time
sys.path.insert(0, {project!r})
from benchmarks.hostile_input import CASES, HEAD, NEWS
from site_builder.markdown import MarkdownRenderer
case = next(case for case in CASES if case.name == {name!r})
body = case.make()[NEWS][len(HEAD):]
start = time.perf_counter()
try:
    MarkdownRenderer().convert(body)
    result = "converted"
except RecursionError:
    result = "RecursionError"
print(len(body.encode()), time.perf_counter() - start, result)
"""


def run_raw(case: Case, timeout: float) -> tuple[str, str, str]:
    """Convert a Markdown case with bare Python-Markdown in a subprocess: size, s, result."""
    try:
        done = subprocess.run([sys.executable, "-c", _RAW.format(project=str(PROJECT),
                                                                  name=case.name)],
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "", f">{timeout:.0f}", "still running, stopped"
    if done.returncode:
        return "", "", done.stderr.strip().splitlines()[-1]
    size, seconds, result = done.stdout.split()
    return _size(int(size)), f"{float(seconds):.2f}", result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw", action="store_true",
                        help="time bare Python-Markdown on the Markdown cases instead")
    parser.add_argument("--timeout", type=float, default=60,
                        help="seconds before a --raw case is stopped (default 60)")
    parser.add_argument("--only", default="", help="only the cases whose name contains this")
    args = parser.parse_args()
    cases = [case for case in CASES if args.only in case.name
             and (case.markdown or not args.raw)]
    if not cases:
        parser.error(f"no case matches {args.only!r}")
    width = max(len(case.name) for case in cases)
    print(f"{'case':<{width}}  {'input':>8}  {'seconds':>8}  outcome")
    for case in cases:
        if args.raw:
            size, seconds, result = run_raw(case, args.timeout)
            print(f"{case.name:<{width}}  {size:>8}  {seconds:>8}  {result}", flush=True)
            continue
        size, seconds, code, err = run_case(case)
        print(f"{case.name:<{width}}  {_size(size):>8}  {seconds:>8.2f}  "
              f"{outcome(code, err)[:110]}", flush=True)


if __name__ == "__main__":
    main()
