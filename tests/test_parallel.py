"""The builder's process pool (site_builder/parallel.py) in real processes: results in
order, and workers that never outlive the build that forked them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import child_processes, still_running
from site_builder.parallel import forked_call, forked_map, shared_map

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="PR_SET_PDEATHSIG and /proc are Linux's")

# A build whose two workers are each busy with a long item (a huge photo, say) when the
# build itself is killed.
BUSY_BUILD = """
import sys
import time
from site_builder.parallel import forked_map

def work(number):
    sys.stdout.write(f"bekerja {number}\\n")   # one write: the two lines never interleave
    sys.stdout.flush()
    time.sleep(60)
    return number

forked_map(work, [1, 2], 2, chunksize=1)
"""


def test_results_come_in_order_whoever_computes_them():
    items = list(range(50))
    pooled = forked_map(lambda n: (n * n, os.getpid()), items, 2, chunksize=3)
    assert [square for square, _ in pooled] == [n * n for n in items]
    assert os.getpid() not in {pid for _, pid in pooled}   # computed by forked workers
    assert forked_map(lambda n: (n * n, os.getpid()), items, 1) == [(n * n, os.getpid())
                                                                    for n in items]


def test_workers_die_with_the_build_that_forked_them():
    build = subprocess.Popen([sys.executable, "-c", BUSY_BUILD], stdout=subprocess.PIPE,
                             text=True)
    try:
        started = [build.stdout.readline() for _ in range(2)]
        assert all(line.startswith("bekerja") for line in started), started
        workers = child_processes(build.pid)
        assert len(workers) == 2
        build.send_signal(signal.SIGKILL)
        build.wait()
        left = still_running(workers)
        for pid in left:   # do not leave them to the next test either
            os.kill(pid, signal.SIGKILL)
        assert not left, "workers outlived the build that forked them"
    finally:
        build.kill()
        build.stdout.close()


def test_shared_map_shares_the_items_with_a_forked_process_that_works_alongside_first():
    here = os.getpid()

    def work(n):
        time.sleep(0.002)   # long enough that both processes take chunks
        return n * n, os.getpid()

    items = list(range(600))
    shared, other = shared_map(work, items, lambda: os.getpid())
    assert [square for square, _ in shared] == [n * n for n in items]
    assert other != here, "the forked process ran the other work"
    pids = {pid for _, pid in shared}
    assert pids == {here, other}, "both processes took items"
    assert not os.path.exists(f"/proc/{other}"), "the forked process is waited for"


def test_shared_map_computes_it_all_here_when_the_forked_process_fails():
    here = os.getpid()

    def work(number):
        if os.getpid() != here:
            raise RuntimeError("only in the forked process")
        return number + 1

    assert shared_map(work, list(range(20))) == (list(range(1, 21)), None)

    def dies(number):
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        return -number

    assert shared_map(dies, list(range(7)), lambda: "x") == ([-n for n in range(7)], "x")

    def other_fails():
        if os.getpid() != here:
            raise RuntimeError("only in the forked process")
        return "done here"

    assert shared_map(lambda n: n, list(range(9)), other_fails) == (list(range(9)), "done here")


def test_shared_map_leaves_no_forked_process_when_work_here_fails(tmp_path):
    """A failure in this process's work stops the forked one too: a preview server,
    which lives on after a failed build, is left with no process waiting to write."""
    here = os.getpid()
    begun = tmp_path / "begun"

    def work(number):
        if os.getpid() == here:
            begun.touch()
            raise ValueError("this half fails")
        # The forked process waits until this one has taken an item: on a loaded machine
        # it once took all ten first, and nothing failed.
        deadline = time.monotonic() + 30
        while not begun.exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        return "x" * 100_000   # more than a pipe holds: the forked process would wait

    before = child_processes(here)
    with pytest.raises(ValueError):
        shared_map(work, list(range(10)))
    assert not child_processes(here) - before


def test_forked_call_answers_from_a_forked_process_begun_at_once():
    here = os.getpid()
    with forked_call(lambda: (os.getpid(), "x" * 100_000), jobs=2) as answer:
        pid, text = answer()
        assert pid != here and text == "x" * 100_000   # more than a pipe holds
        assert answer()[0] == pid   # asked again: the same answer, no new work
    assert not os.path.exists(f"/proc/{pid}"), "the forked process is waited for"
    with forked_call(os.getpid, jobs=1) as answer:   # one job: no fork, worked here
        assert answer() == here


def test_forked_call_works_here_when_the_forked_process_fails():
    here = os.getpid()

    def work():
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        return "here"

    with forked_call(work, jobs=2) as answer:
        assert answer() == "here"


def test_forked_call_not_asked_leaves_no_forked_process():
    """A build that fails before it needs the answer (content errors) leaves no
    process behind: it would hold the output folder's lock, which it inherits."""
    here = os.getpid()
    before = child_processes(here)
    with pytest.raises(ValueError):
        with forked_call(lambda: time.sleep(30), jobs=2):
            raise ValueError("the build stops")
    assert not child_processes(here) - before
