"""The speed benchmark (benchmarks/speed.py) at a small N, as CI runs it: it must
generate a corpus our builder accepts without a word, build it, and print its table."""

from __future__ import annotations

import subprocess
import sys

from conftest import PROJECT


def test_speed_benchmark_smoke_run_prints_a_row_for_ours():
    done = subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "speed.py"), "--smoke",
                           "--only", "ours"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header = next(line for line in lines if line.startswith("tool"))
    for column in ("pages", "clean s", "no-change s", "one-edit s", "peak MiB"):
        assert column in header
    row = next(line for line in lines if line.startswith("ours "))
    numbers = row.split()[1:]
    assert len(numbers) == 8 and all(float(number) > 0 for number in numbers), row
    assert "corpus: 50 news items" in done.stdout
    assert "ours said" not in done.stderr   # the generated content builds without warnings
