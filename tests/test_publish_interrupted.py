"""`build.py publish` stopped midway: a real subprocess publishing a real built site to a
real folder, stopped by a real signal (Ctrl+C's SIGINT, SIGTERM, SIGHUP, SIGKILL).

Midway without timing: the publish is held at two points by named pipes (FIFOs) that
the test writes into. The destination's manifest is a pipe: when the publish opens it,
it has read the output folder; the test then turns output/index.html (the last page
sent) into a pipe too, and hands over the manifest. When the publish opens that page,
every file before it is in place; the test gives it half the page, waits for the
temporary file it is writing and for it to wait in the kernel for the rest, and sends
the signal. Nothing in the publish is made for the test.
"""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from conftest import PROJECT, Run, run, snapshot, write_files
from site_builder.publish import (INTERRUPTED, MANIFEST, MIDWAY_FAILURE, RESUMING, TEMP_SUFFIX,
                                  is_unfinished)
from test_publish import assert_manifest_lists, built_site, publish, published

PAGE = "index.html"            # sent last: the pages deeper in the site go before it
SENT_BEFORE = "profil/index.html"
WITHIN = 60                    # seconds the publish may take to get anywhere: only on failure


def two_versions(tmp_path: Path) -> tuple[Path, Path]:
    """A site built and published to a folder, then changed on every page (its title) and
    built again: (the site's root, the folder)."""
    root = built_site(tmp_path)
    www = tmp_path / "www"
    assert publish(root, "--to", str(www)).code == 0
    site_yaml = root / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8")
                         .replace("Perpustakaan Uji", "Perpustakaan Uji Baru"), encoding="utf-8")
    assert run(root, "build").code == 0
    return root, www


def temporaries(folder: Path) -> list[str]:
    """The temporary upload files under `folder`, by path."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob(f"*{TEMP_SUFFIX}"))


def _ended_early(child: subprocess.Popen) -> str:
    out, err = child.communicate()
    return f"publish ended with {child.returncode} before the test stopped it: {out!r} {err!r}"


def wait_for(ready: Callable[[], object], child: subprocess.Popen) -> None:
    """Wait until `ready()` is true, which the publish held by a pipe surely makes it."""
    deadline = time.monotonic() + WITHIN
    while not ready():
        if child.poll() is not None:
            pytest.fail(_ended_early(child))
        if time.monotonic() > deadline:
            pytest.fail("publish never got there")
        time.sleep(0.005)


def writing_end(fifo: Path, child: subprocess.Popen) -> int:
    """The writing end of the pipe `fifo`, opened once `child` opens it to read (and
    waits there, having done everything before)."""
    opened: list[int] = []

    def open_once_read() -> bool:
        try:
            opened.append(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError as error:
            if error.errno != errno.ENXIO:      # ENXIO: nobody reads it yet
                raise
            return False
        return True

    wait_for(open_once_read, child)
    os.set_blocking(opened[0], True)
    return opened[0]


def reading_a_pipe(child: subprocess.Popen) -> bool:
    """Whether `child` sleeps in the kernel, in a read of a pipe: a signal sent now
    interrupts the read at once. (One sent a moment before, while it still runs towards
    the read, is acted on only when the read returns, which the test never makes it do.)"""
    try:
        state = Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        waits_in = Path(f"/proc/{child.pid}/wchan").read_text()
    except OSError:
        return False
    return state == "S" and ("pipe" in waits_in or waits_in in ("", "0"))   # "0": not shown


def hand_over(pipe: int, data: bytes) -> None:
    """Write the rest of a file into `pipe`, and close it: the reader gets its end."""
    try:
        os.write(pipe, data)
    finally:
        os.close(pipe)


def _as_from_a_terminal(command: list[str], ignored: tuple[int, ...]) -> list[str]:
    """`command` started with the signals of a terminal (whatever the test runner's are),
    and `ignored` ignored, as `nohup` does: set by a Python that then execs `command`,
    which keeps them (no preexec_fn, which is unsafe in a process with threads)."""
    setup = ("import os, signal, sys\n"
             "for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):\n"
             f"    ignored = number in {[int(number) for number in ignored]}\n"
             "    signal.signal(number, signal.SIG_IGN if ignored else signal.SIG_DFL)\n"
             "os.execv(sys.argv[1], sys.argv[1:])\n")
    return [sys.executable, "-c", setup, *command]


def publish_stopped(root: Path, www: Path, stop: int, at: str = PAGE,
                    ignored: tuple[int, ...] = ()) -> Run:
    """`build.py publish` of root's output to `www` in a process of its own, sent `stop`
    while it writes index.html (at=PAGE) or while it reads the manifest, before any
    change (at=MANIFEST); the output folder and the manifest are put back as they were
    (the manifest only when the publish did not replace it)."""
    manifest, page = www / MANIFEST, root / "output" / PAGE
    old_manifest, new_page = manifest.read_bytes(), page.read_bytes()
    manifest.unlink()
    os.mkfifo(manifest)
    child = subprocess.Popen(_as_from_a_terminal(
        [sys.executable, str(PROJECT / "build.py"), "publish", "--to", str(www),
         "--content", str(root / "content")], ignored),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    pipes: list[int] = []
    try:
        pipes.append(writing_end(manifest, child))      # it has read the output folder
        if at == PAGE:
            page.unlink()
            os.mkfifo(page)
            hand_over(pipes.pop(), old_manifest)
            pipes.append(writing_end(page, child))      # every file before it is in place
            os.write(pipes[0], new_page[:len(new_page) // 2])
            wait_for(lambda: [name for name in temporaries(www)
                              if name.startswith(f".{PAGE}.")], child)
        wait_for(lambda: reading_a_pipe(child), child)
        child.send_signal(stop)
        if stop in ignored:
            hand_over(pipes.pop(), new_page[len(new_page) // 2:])
        out, err = child.communicate(timeout=WITHIN)
    finally:
        for pipe in pipes:
            os.close(pipe)
        if child.poll() is None:
            child.kill()
            child.wait()
        page.unlink()
        page.write_bytes(new_page)
        if manifest.is_fifo():
            manifest.unlink()
            manifest.write_bytes(old_manifest)
    return Run(child.returncode, out.decode(), err.decode())


@pytest.mark.parametrize("stop, code", [(signal.SIGINT, 130), (signal.SIGTERM, 1),
                                        (signal.SIGHUP, 1)],
                         ids=["ctrl-c", "sigterm", "terminal-closed"])
def test_a_publish_stopped_midway_says_so_and_the_next_one_finishes_it(tmp_path, stop, code):
    root, www = two_versions(tmp_path)
    old, new = snapshot(www), published(root / "output")
    stopped = publish_stopped(root, www, stop)
    assert stopped.code == code, stopped.err
    assert INTERRUPTED in stopped.err
    assert "Traceback" not in stopped.err and stopped.out == ""
    # Some pages new, some old; the temporary file it was writing is gone.
    assert (www / SENT_BEFORE).read_bytes() == new[SENT_BEFORE] != old[SENT_BEFORE]
    assert (www / PAGE).read_bytes() == old[PAGE] != new[PAGE]
    assert temporaries(www) == []
    assert is_unfinished((www / MANIFEST).read_bytes())

    again = publish(root, "--to", str(www))
    assert again.code == 0, again.err
    assert f"peringatan: {RESUMING}" in again.err
    assert snapshot(www) == {**new, MANIFEST: (www / MANIFEST).read_bytes()}
    assert_manifest_lists((www / MANIFEST).read_bytes(), root / "output")
    assert not is_unfinished((www / MANIFEST).read_bytes())
    assert RESUMING not in publish(root, "--to", str(www)).err


def test_a_publish_stopped_before_any_change_says_the_site_is_whole(tmp_path):
    root, www = two_versions(tmp_path)
    before = snapshot(www)
    stopped = publish_stopped(root, www, signal.SIGINT, at=MANIFEST)
    assert stopped.code == 130
    assert snapshot(www) == before
    assert f"Penerbitan dihentikan; situs di {www} tetap utuh." in stopped.err
    assert INTERRUPTED not in stopped.err and "Traceback" not in stopped.err
    again = publish(root, "--to", str(www))
    assert again.code == 0 and RESUMING not in again.err


def test_temporary_files_a_killed_publish_left_are_removed_by_the_next(tmp_path):
    root, www = two_versions(tmp_path)
    killed = publish_stopped(root, www, signal.SIGKILL)
    assert killed.code == -signal.SIGKILL
    [left] = temporaries(www)
    assert left.startswith(f".{PAGE}.")
    # and one that an older publish left, deeper in the site
    write_files(www, {f"profil/.{PAGE}.0a1b2c3d{TEMP_SUFFIX}": "<!doctype html><title>Pro"})

    again = publish(root, "--to", str(www))
    assert again.code == 0, again.err
    assert f"peringatan: {RESUMING}" in again.err
    assert "2 berkas sementara sisa penerbitan yang terputus dihapus" in again.err
    assert temporaries(www) == []
    assert snapshot(www) == {**published(root / "output"), MANIFEST: (www / MANIFEST).read_bytes()}
    assert not is_unfinished((www / MANIFEST).read_bytes())


def test_a_publish_run_with_nohup_goes_on_when_the_terminal_closes(tmp_path):
    root, www = two_versions(tmp_path)
    finished = publish_stopped(root, www, signal.SIGHUP, ignored=(signal.SIGHUP,))
    assert finished.code == 0, finished.err
    assert snapshot(www) == {**published(root / "output"), MANIFEST: (www / MANIFEST).read_bytes()}


def test_a_folder_another_publish_is_changing_is_left_alone(tmp_path):
    root, www = two_versions(tmp_path)
    before = snapshot(www)
    folder = os.open(www, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)     # as a publish running holds it
        refused = publish(root, "--to", str(www))
    finally:
        os.close(folder)
    assert refused.code == 1
    assert f"folder {www} sedang diterbitkan oleh proses lain" in refused.err
    assert snapshot(www) == before
    assert publish(root, "--to", str(www)).code == 0


def test_a_publish_that_fails_midway_says_to_run_it_again_and_the_next_finishes_it(tmp_path):
    root, www = two_versions(tmp_path)
    profile = www / SENT_BEFORE
    profile.unlink()
    profile.parent.rmdir()
    profile.parent.write_text("bukan folder")        # its page cannot be written
    failed = publish(root, "--to", str(www))
    assert failed.code == 1
    assert f"gagal terbit ke {www}: gagal menulis {profile}" in failed.err
    assert failed.err.endswith(f" ({MIDWAY_FAILURE})\n")
    assert is_unfinished((www / MANIFEST).read_bytes())

    profile.parent.unlink()
    again = publish(root, "--to", str(www))
    assert again.code == 0, again.err
    assert f"peringatan: {RESUMING}" in again.err
    assert snapshot(www) == {**published(root / "output"), MANIFEST: (www / MANIFEST).read_bytes()}
