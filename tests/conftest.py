"""Shared test helpers: small real sites in tmp_path, built through the real command line.

    root = make_site(tmp_path, {"content/news/2024-01-05-kelas.md": '''
        ---
        title: Kelas
        date: 2024-01-05
        ---
        Isi.
        '''})
    result = run(root, "build")
    assert result.code == 0
    assert "Kelas" in read(root, "output/berita/kelas/index.html")

Every build runs with `--now` fixed (NOW) and the site's time zone Asia/Jakarta.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from site_builder.cli import main

PROJECT = Path(__file__).resolve().parent.parent
VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
NOW = "2026-11-24T09:00"   # read in the site's zone, Asia/Jakarta

SITE_YAML = """\
title: Perpustakaan Uji
base_url: https://example.org/
"""


def dedent(text: str) -> str:
    """Dedent and drop the first newline, so files can be written as indented literals."""
    return textwrap.dedent(text).lstrip("\n")


def image_bytes(width: int = 64, height: int = 48, kind: str = "JPEG") -> bytes:
    """A real, small image file (JPEG or PNG) for content that needs one."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (11, 85, 99)).save(buffer, kind)
    return buffer.getvalue()


def write_files(root: Path, files: dict[str, str | bytes], exact: bool = False) -> None:
    """Write each text (dedented, unless `exact`: then as it is, whitespace and line ends
    kept) or bytes at its path under `root`."""
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        elif exact:
            path.write_text(data, encoding="utf-8", newline="")
        else:
            path.write_text(dedent(data), encoding="utf-8")


def make_site(tmp_path: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A minimal valid site (content/site.yaml) plus `files`; returns the site root."""
    root = tmp_path / "site"
    write_files(root, {"content/site.yaml": SITE_YAML, **(files or {})})
    return root


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(root: Path, *args: str, now: str | None = NOW) -> Run:
    """Run the command line in this process on the site at `root`; capture its output."""
    argv = list(args) or ["build"]
    argv += ["--content", str(root / "content")]
    if now is not None:
        argv += ["--now", now]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


# What formatting.dash_said writes for an en dash between times or dates.
DASH_SAID = ('<span aria-hidden="true">–</span>'
             '<span class="visually-hidden" data-search-ignore> sampai </span>')


def read(root: Path, relative: str) -> str:
    """The text of a file; of a page, as it shows: the "sampai" screen readers hear for
    an en dash (DASH_SAID, tested in test_accessibility) is the dash it stands for."""
    return (root / relative).read_text(encoding="utf-8").replace(DASH_SAID, "–")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to compare a folder before and after."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def compiled_templates(monkeypatch) -> list[str]:
    """The names of the templates Jinja2 compiles from now on (the list fills as it does)."""
    import jinja2

    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counted(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return compiled


@pytest.fixture
def site(tmp_path: Path):
    """make_site bound to this test's tmp_path."""
    return lambda files=None: make_site(tmp_path, files)


def fails_cleanly(root: Path, bad_files: dict[str, str | bytes]) -> Run:
    """Build `root` once (must succeed), add `bad_files`, build again.

    Asserts the second build exits 1 without a traceback and leaves output/
    byte-for-byte as the first build wrote it; returns the failed run so the
    test can check the message.
    """
    first = run(root, "build")
    assert first.code == 0, first.err
    before = snapshot(root / "output")
    write_files(root, bad_files)
    failed = run(root, "build")
    assert failed.code == 1, (failed.out, failed.err)
    assert "Traceback" not in failed.err
    assert snapshot(root / "output") == before
    return failed


def vnu_errors(output: Path) -> list[str]:
    """Errors of the Nu HTML Checker (vnu) on every page under `output`, as "page:line: message".

    Skips the test where vnu is not installed, except on CI (CI set), where it fails.
    """
    java = shutil.which("java")
    if not (java and VNU_JAR.is_file()):
        if os.environ.get("CI"):
            pytest.fail("vnu is missing: .ci/run must install Java and run `npm ci` (vnu-jar)")
        pytest.skip("vnu not installed: run `npm ci` and install Java")
    pages = sorted(str(page) for page in output.rglob("*.html"))
    checked = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                              *pages], capture_output=True, text=True, timeout=600)
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    return [f"{m.get('url', '?').rsplit(output.name + '/', 1)[-1]}:{m.get('lastLine')}: "
            f"{m['message']}" for m in messages if m.get("type") != "info"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The sample site and tests/sites/kedungwaru, built and served (browser.ServedSites)."""
    from browser import ServedSites

    with ServedSites(tmp_path_factory) as served:
        yield served


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium context at phone size for a test module (browser.chromium)."""
    from browser import chromium

    with chromium() as context:
        context.set_default_timeout(10_000)
        yield context


# -- processes (Linux's /proc) ------------------------------------------------------

def _proc_stat(pid: int | str) -> list[bytes] | None:
    """The fields of /proc/PID/stat after the command name (state, parent, ...)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as file:
            return file.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None


def child_processes(parent: int) -> set[int]:
    """The processes whose parent is `parent` now."""
    found = set()
    for name in os.listdir("/proc"):
        if name.isdigit():
            fields = _proc_stat(name)
            if fields is not None and int(fields[1]) == parent:
                found.add(int(name))
    return found


def still_running(pids: set[int], within: float = 5.0) -> list[int]:
    """Those of `pids` still running (not ended, nor a zombie) after up to `within` s."""
    def running(pid: int) -> bool:
        fields = _proc_stat(pid)
        return fields is not None and fields[0] != b"Z"
    deadline = time.monotonic() + within
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.01)
    return [pid for pid in pids if running(pid)]


# -- the hostile held-out set's summary, printed after all output ---------------------

HOSTILE_PARTS: list[dict] = []   # in the process that prints the run's summary


def report_summary(config, part: dict) -> None:
    """Hand test_hostile_heldout's results ({seconds, results, path}) to the end-of-run
    summary: kept in this process, or sent to the controlling one when pytest-xdist runs
    this one as a worker (a worker's own terminal summary is never shown)."""
    if hasattr(config, "workeroutput"):
        config.workeroutput.setdefault("hostile", []).append(part)
    else:
        HOSTILE_PARTS.append(part)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """pytest-xdist: a worker has finished; keep the results it sent."""
    HOSTILE_PARTS.extend(getattr(node, "workeroutput", {}).get("hostile", []))


def pytest_terminal_summary(terminalreporter):
    if not HOSTILE_PARTS:
        return
    from test_hostile_heldout import summary_lines

    results = [result for part in HOSTILE_PARTS for result in part["results"]]
    terminalreporter.write_sep("=", "hostile held-out summary")
    for line in summary_lines(sum(part["seconds"] for part in HOSTILE_PARTS), results):
        terminalreporter.write_line(line)
    for part in HOSTILE_PARTS:
        terminalreporter.write_line(f"details: {part['path']}")
