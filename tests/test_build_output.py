"""What a build prints: one summary line (pages, files, changed, removed, time), stage
timings with -v, nothing with -q, problems grouped by file, colour only on a terminal."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
import time

from conftest import PROJECT, make_site, run, write_files
from site_builder.pipeline import STAGES
from site_builder.progress import Progress

NEWS = "---\ntitle: {title}\ndate: 2024-01-05\n---\nIsi.\n"


def test_summary_counts_pages_and_what_changed(tmp_path):
    root = make_site(tmp_path, {"content/news/2024-01-05-a.md": NEWS.format(title="A"),
                                "content/news/2024-01-06-b.md": NEWS.format(title="B")})
    first = run(root, "build")
    assert re.fullmatch(r"Selesai: \d+ halaman, (\d+) berkas ditulis ke \S+output; "
                        r"\1 berubah, 0 dihapus \(\d+,\d\d detik\)\.\n", first.out), first.out
    assert run(root, "build").out.split("; ")[1].startswith("0 berubah, 0 dihapus")
    write_files(root, {"content/news/2024-01-05-a.md": NEWS.format(title="A baru")})
    (root / "content/news/2024-01-06-b.md").unlink()
    changed = run(root, "build").out
    # the article, its list, home, feed, sitemap, search index ... but not everything
    counts = re.search(r"(\d+) berkas ditulis .*; (\d+) berubah, (\d+) dihapus", changed)
    written, changed_count, removed = map(int, counts.groups())
    assert 0 < changed_count < written and removed >= 1   # berita/b/index.html at least


def test_verbose_prints_each_stage_and_quiet_prints_nothing(tmp_path):
    root = make_site(tmp_path)
    verbose = run(root, "build", "-v").out
    assert [line.split(":")[0].strip() for line in verbose.splitlines()[:-1]] == list(STAGES)
    assert run(root, "build", "-q").out == ""
    assert run(root, "check", "-v").out.splitlines()[-1].startswith("Pemeriksaan selesai")


def test_problems_are_grouped_by_file(tmp_path):
    root = make_site(tmp_path, {
        "content/news/2024-01-05-a.md": "---\ntitle: A\ndate: 2024-13-05\nimage_atl: x\n---\nIsi.\n",
        "content/news/2024-01-06-b.md": "---\ndate: 2024-01-06\n---\nIsi.\n"})
    lines = run(root, "build").err.splitlines()
    assert lines[0].startswith("content/news/2024-01-05-a.md:3: kesalahan")
    assert lines[1].startswith("content/news/2024-01-05-a.md:4: peringatan")
    assert lines[2] == ""
    assert lines[3].startswith("content/news/2024-01-06-b.md")


def _cli_output(root, terminal: bool) -> str:
    """stderr of a failing build run as a real process, on a pseudo-terminal or a pipe."""
    command = [sys.executable, str(PROJECT / "build.py"), "build", "--content",
               str(root / "content")]
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    if not terminal:
        return subprocess.run(command, capture_output=True, text=True, env=env).stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(leader)
    return b"".join(chunks).decode()


def test_colour_only_on_a_terminal(tmp_path):
    root = make_site(tmp_path, {"content/news/2024-01-05-a.md": "---\ndate: 2024-01-05\n---\n"})
    on_terminal = _cli_output(root, terminal=True)
    assert "\033[1;31mkesalahan\033[0m" in on_terminal
    piped = _cli_output(root, terminal=False)
    assert "kesalahan" in piped and "\033[" not in piped


def test_progress_line_appears_only_for_a_slow_build():
    quick = io.StringIO()
    progress = Progress(STAGES, quick, draw=True)
    progress(STAGES[0])
    progress.finish()
    assert quick.getvalue() == ""
    slow = io.StringIO()
    progress = Progress(STAGES, slow, draw=True)
    progress(STAGES[0])
    progress(STAGES[1])
    time.sleep(1.3)
    progress(STAGES[2])
    progress.finish()
    shown = slow.getvalue()
    assert "2/5 mengolah gambar" in shown and "3/5 membuat halaman" in shown
    assert shown.endswith("\r\033[K")   # the line is erased at the end
    assert [stage for stage, _ in progress.timings()] == list(STAGES[:3])
