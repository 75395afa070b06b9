"""The builder's one process pool: work spread over forked processes.

`forked_map(work, items, jobs)` is `[work(item) for item in items]`, computed by
`jobs` forked processes when there is more than one job and more than one item
and this system can fork, else in this process; the results come in the order
of `items` either way. The work and the items are inherited by the forked
processes, not sent to them (so `work` may be a closure or a bound method);
only each result is pickled back. Loading content (content/loading.py), images
(images.py) and rendering pages (render.py) use it; each decides from how many
items a pool pays for its start.

`shared_map(work, items, alongside, jobs, shared_from)` is the same for short work
over many items (page keys, the copies of output/ to read again), and some other
work beside it (feeds and link checks): one forked process does the other work,
then shares the items with this one, no pool started (a pool costs 30 to 100 ms
here, a fork about 5); all of it here with one job or fewer than `shared_from` items.

`forked_call(work, jobs)` begins one piece of work in a forked process and lets
this one go on: the writer's check of what output/ holds (stat calls that wait
on the kernel) runs while the content loads.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import Any, Callable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Other = TypeVar("Other")

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


# At most this many chunks: each is named by one byte in the pipe both processes take
# them from, and a read of one byte from a pipe is never torn.
_CHUNKS = 255
_NO_ANSWER: Any = object()   # what a forked process that failed answered


def _fork_answering(work: Callable[[], Any]) -> tuple[int, int] | None:
    """A forked process that runs `work()`, writes its pickled answer into a pipe and
    leaves: (its pid, the pipe's reading end); None when the fork fails."""
    reading, writing = os.pipe()
    parent, prctl = os.getpid(), _prctl()
    try:
        child = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if child == 0:
        code = 1
        try:
            os.close(reading)
            _bound_to(parent, prctl)
            data = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(writing)
    return child, reading


def _answer_of(forked: tuple[int, int]) -> Any:
    """What a process of _fork_answering answered, once it has ended; _NO_ANSWER when
    it failed in any way (a torn answer is no answer)."""
    child, reading = forked
    with os.fdopen(reading, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(child, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return _NO_ANSWER
    try:
        return pickle.loads(data)
    except Exception:   # noqa: BLE001
        return _NO_ANSWER


def _stop(forked: tuple[int, int]) -> None:
    """Kill a process of _fork_answering whose answer is not wanted, and wait for it (it
    is not left waiting to write, holding what it inherited: a server lives on)."""
    child, reading = forked
    with suppress(OSError):
        os.close(reading)
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)


def shared_map(work: Callable[[Item], Result], items: Sequence[Item],
               alongside: Callable[[], Other] | None = None, jobs: int = 2,
               shared_from: int = 2) -> tuple[list[Result], Other | None]:
    """`[work(item) for item in items]` and `alongside()`, by this process and one forked
    process (see the module doc).

    The forked process runs `alongside` first; then both take the items in chunks (in
    order, so neighbouring items stay together) from one pipe until none is left, so
    neither waits long for the other, whatever each item costs. Where this system
    cannot fork, or the forked process fails in any way, this process computes what
    it did not send back: the answer is the same either way."""
    if jobs < 2 or len(items) < max(2, shared_from) or not can_fork(2):
        return [work(item) for item in items], alongside() if alongside else None
    size = -(-len(items) // _CHUNKS)
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    tokens, tokens_in = os.pipe()
    os.write(tokens_in, bytes(range(len(chunks))))   # fits a pipe's buffer: no wait
    os.close(tokens_in)   # before the fork: the pipe ends when its chunks are taken
    forked = _fork_answering(lambda: (alongside() if alongside else None,
                                      _take_chunks(tokens, chunks, work)))
    try:
        done = _take_chunks(tokens, chunks, work)
    except BaseException:
        if forked is not None:
            _stop(forked)
        raise
    finally:
        os.close(tokens)
    answer = _answer_of(forked) if forked is not None else _NO_ANSWER
    if answer is _NO_ANSWER:   # no forked process, or it failed: all it took, here
        other, theirs = (alongside() if alongside else None), {}
    else:
        other, theirs = answer
    results: list[Result] = []
    for number, chunk in enumerate(chunks):
        answered = done.get(number, theirs.get(number))
        if not isinstance(answered, list) or len(answered) != len(chunk):
            answered = [work(item) for item in chunk]
        results += answered
    return results, other


def _take_chunks(tokens: int, chunks: Sequence[Sequence[Item]], work: Callable[[Item], Result]
                 ) -> dict[int, list[Result]]:
    """Chunks taken from the pipe `tokens` (one byte names one), each worked, by number."""
    done = {}
    while token := os.read(tokens, 1):
        done[token[0]] = [work(item) for item in chunks[token[0]]]
    return done


@contextmanager
def forked_call(work: Callable[[], Result], jobs: int) -> Iterator[Callable[[], Result]]:
    """`work()` begun now in a forked process, when `jobs` allow one and this system
    forks; gives a function that waits for its answer. Where the fork or the forked
    process fails, that function computes the answer here. Leaving the block stops
    a forked process whose answer was not asked for (a failed build goes no further)."""
    forked = _fork_answering(work) if can_fork(jobs) else None
    answers: list[Result] = []

    def answer() -> Result:
        nonlocal forked
        if not answers and forked is not None:
            answered, forked = _answer_of(forked), None
            if answered is not _NO_ANSWER:
                answers.append(answered)
        if not answers:
            answers.append(work())
        return answers[0]

    try:
        yield answer
    finally:
        if forked is not None:
            _stop(forked)
