"""The speed benchmark (benchmarks/speed.py) at a small N, as CI runs it: it must
generate a corpus our builder accepts without a word, build it, time our preview
server picking up an edit, and print its table."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT


COLUMNS = ("pages", "clean s", "no-change s", "one-edit s", "first edit s", "on CI s",
           "preview s", "rebuilt s", "peak MiB", "CPU clean", "kernel clean", "CPU no-change", "CPU one-edit")


def test_speed_benchmark_smoke_run_prints_a_row_for_ours():
    done = subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "speed.py"), "--smoke",
                           "--only", "ours"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header = next(line for line in lines if line.startswith("tool"))
    positions = [header.find(column) for column in COLUMNS]
    assert -1 not in positions and positions == sorted(positions), header
    row = next(line for line in lines if line.startswith("ours "))
    numbers = dict(zip(COLUMNS, row.split()[1:]))
    assert len(row.split()) == 1 + len(COLUMNS), row
    assert all(float(number) > 0 for number in numbers.values()), row
    # The preview ran: our server was started, picked up the edit and served it.
    assert float(numbers["preview s"]) > 0, row
    # ... and the whole preview was rebuilt after the early page was served.
    assert float(numbers["rebuilt s"]) >= float(numbers["preview s"]), row
    assert "ours: preview 1/1:" in done.stderr
    assert "ours: first edit after the clean build:" in done.stderr
    # the build after an edit, as on a fresh CI runner with output/ restored
    assert "ours: build as on a fresh CI runner 1/1:" in done.stderr
    assert "corpus: 50 news items" in done.stdout
    # The machine line says how fast its file system made folders, before and after.
    assert done.stdout.count("1,000 folders with a file made") == 2, done.stdout
    # ... and how much a second processor adds: two fixed loops at once.
    assert len(re.findall(r"a fixed loop [0-9.]+ s, two at once [0-9.]+ s", done.stdout)) == 2
    assert "file system just before each tool's clean build (200 folders with a file made, " \
           "median): ours " in done.stdout
    if Path("/proc/stat").is_file():   # Linux: what the host took of the processors
        assert re.search(r"\(steal\) while each tool ran: ours \d+% in its clean build, "
                         r"\d+% at most in any run", done.stdout), done.stdout
    # What the fastest Markdown library could save ours' clean build at most.
    share = re.search(r"ours' Markdown conversion alone \(site_builder\.markdown, 51 bodies, "
                      r"one process\): ([0-9.]+) s of CPU, (\d+)% of its clean build's CPU",
                      done.stdout)
    assert share and float(share[1]) > 0, done.stdout
    assert "ours said" not in done.stderr   # the generated content builds without warnings
    assert "ours preview server printed" not in done.stderr   # nor does the preview complain
