"""Bounded work: the worst inputs we know end quickly, refused at their file and line, or built.

The cases are those of benchmarks/hostile_input.py (which prints how long each
takes): YAML alias bombs ("billion laughs") and nesting 10,000 deep, 20 MB
files, and the Markdown that makes Python-Markdown backtrack or recurse, plus
the largest inputs just under each limit. Each case is added to a site that
built once; a refused case must exit 1 naming the file and the line with the
expected words, leave output/ as it was, and show no traceback; a case under
the limits must build.

The time limit (TIME_LIMIT seconds, measured here with time.perf_counter) is not
a speed requirement, only a generous bound that turns a hang into a failure;
the cases take 0.01 to 4 s on two busy cores. Left out (in_test=False): a 1 MB
page with a link in each of its 1,300 paragraphs, which takes about 25 s in the
link checker (links.py, not a loader); it stays in the benchmark.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import time

import pytest

from conftest import PROJECT, fails_cleanly, make_site, run, write_files

_spec = importlib.util.spec_from_file_location("hostile_input",
                                               PROJECT / "benchmarks" / "hostile_input.py")
hostile_input = sys.modules["hostile_input"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile_input)

TIME_LIMIT = 10.0
CASES = [pytest.param(case, id=re.sub(r"\W+", "-", case.name).strip("-"))
         for case in hostile_input.CASES if case.in_test]


@pytest.mark.parametrize("case", CASES)
def test_hostile_input_ends_quickly(tmp_path, case):
    files = {path: data.encode() if isinstance(data, str) else data   # bytes: not dedented
             for path, data in case.files().items()}
    root = make_site(tmp_path)
    if case.expect == "refused":
        start = time.perf_counter()
        result = fails_cleanly(root, files)   # exit 1, no traceback, output/ untouched
        seconds = time.perf_counter() - start
        problems = [line for line in result.err.splitlines() if ": kesalahan: " in line]
        hostile = [path for path in files if path != "content/site.yaml"]
        assert any(re.match(rf"{re.escape(path)}:\d+: kesalahan: .*{re.escape(case.message)}",
                            line) for line in problems for path in hostile), result.err
    else:
        write_files(root, files)
        start = time.perf_counter()
        result = run(root, "build")
        seconds = time.perf_counter() - start
        assert result.code == 0, result.err
        if hostile_input.NEWS in files:
            assert (root / "output" / "berita" / "uji" / "index.html").is_file()
    assert seconds < TIME_LIMIT, f"{case.name}: {seconds:.1f} s"


def test_every_limit_is_named_in_the_staff_guide():
    guide = (PROJECT / "docs" / "panduan-staf.md").read_text(encoding="utf-8")
    section = guide.split("### Berkas yang tidak bisa dibaca", 1)[-1]
    for words in ("berkas terlalu besar", "bukan teks UTF-8", "karakter khusus",
                  "bersarang lebih dari 50 tingkat", "mewakili lebih dari 10.000 nilai",
                  "terlalu berat diolah", "tingkat daftar atau kutipan"):
        assert words in section, words
