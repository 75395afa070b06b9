"""The builder's one process pool: work spread over forked processes.

`forked_map(work, items, jobs)` is `[work(item) for item in items]`, computed by
`jobs` forked processes when there is more than one job and more than one item
and this system can fork, else in this process; the results come in the order
of `items` either way. The work and the items are inherited by the forked
processes, not sent to them (so `work` may be a closure or a bound method);
only each result is pickled back. Loading content (content/loading.py), images
(images.py) and rendering pages (render.py) use it; each decides from how many
items a pool pays for its start.

`halved_map(work, items)` is the same for short work over many items (page keys):
one forked process takes the second half while this one does the first, no pool
started (a pool costs 30 to 100 ms here, a fork about 5).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
from functools import lru_cache
from typing import Any, Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_INHERITED: tuple[Callable[[Any], Any], Sequence[Any]] | None = None   # for forked workers


def _work(index: int) -> Any:
    """One item of _INHERITED's work, in a forked worker."""
    assert _INHERITED is not None
    work, items = _INHERITED
    return work(items[index])


_PR_SET_PDEATHSIG = 1


@lru_cache(maxsize=1)
def _prctl() -> Callable[..., int] | None:
    """libc's prctl, looked up in the process that forks (a forked process must not
    dlopen: another thread of a preview server may have held the loader's lock at the
    fork, and the forked process would wait for it for ever)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _bound_to(parent: int, prctl: Callable[..., int] | None) -> None:
    """A worker's first step: on Linux, the kernel kills it (SIGKILL) when the build that
    forked it dies, however it dies; and it leaves at once if that has already happened.

    Without this, a build killed while its pool was being shut down (holding the pool's
    queue lock) left workers waiting for that lock for ever, and holding the output
    folder's lock, which they inherit: every later build waited for them, then gave up."""
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _pooled(work: Callable[[Item], Result], items: Sequence[Item], jobs: int,
            chunksize: int | None) -> list[Result]:
    global _INHERITED
    _INHERITED = (work, items)
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(items)), _bound_to,
                                                      (os.getpid(), _prctl())) as pool:
            return pool.map(_work, range(len(items)),
                            chunksize=chunksize or max(1, len(items) // (jobs * 8)))
    finally:
        _INHERITED = None


def can_fork(jobs: int) -> bool:
    """Whether `jobs` processes can share work here: more than one, and this system forks."""
    return jobs > 1 and "fork" in multiprocessing.get_all_start_methods()


def forked_map(work: Callable[[Item], Result], items: Sequence[Item], jobs: int,
               chunksize: int | None = None) -> list[Result]:
    """`work` of each item, in order, by `jobs` forked processes where that can be (see
    the module doc); `chunksize`: items handed to a process at once (by default about
    an eighth of each process's share)."""
    if len(items) < 2 or not can_fork(jobs):
        return [work(item) for item in items]
    return _pooled(work, items, jobs, chunksize)


def halved_map(work: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """`[work(item) for item in items]`, the second half computed by one forked process
    while this process computes the first (see the module doc). Where this system
    cannot fork, or the forked process fails in any way, this process computes it all:
    the answer is the same either way."""
    if len(items) < 2 or not can_fork(2):
        return [work(item) for item in items]
    middle = len(items) // 2
    reading, writing = os.pipe()
    parent, prctl = os.getpid(), _prctl()
    try:
        child = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return [work(item) for item in items]
    if child == 0:   # the forked process: its half, pickled into the pipe, then gone
        code = 1
        try:
            os.close(reading)
            _bound_to(parent, prctl)
            data = pickle.dumps([work(item) for item in items[middle:]],
                                pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(writing)
    try:
        first = [work(item) for item in items[:middle]]
    except BaseException:   # the forked process is not left waiting to write (a server lives on)
        os.close(reading)
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        raise
    with os.fdopen(reading, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(child, 0)
    try:
        second = pickle.loads(data) if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 else None
    except Exception:   # noqa: BLE001 - a torn answer is no answer
        second = None
    if not isinstance(second, list) or len(second) != len(items) - middle:
        second = [work(item) for item in items[middle:]]
    return first + second
