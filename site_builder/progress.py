"""What a build shows on the terminal while it runs: a progress line, stage timings.

`Progress` is handed to the pipeline as BuildOptions.progress and told each
stage's name as it starts. On a terminal, once the build has run for
SHOW_AFTER seconds, it draws one line ("[3/5] membuat halaman ...") that it
rewrites in place and erases at the end; elsewhere (CI logs, git hooks) it
draws nothing. `timings()` gives each stage's duration, for `-v`.

`Count` tells how far a long task of many pieces has gone (`publish`: "1.200 dari
26.781 berkas terkirim, sisa sekitar 2 jam"): on a terminal the same way, one line
redrawn, elsewhere a plain line every LINE_EVERY seconds, since a task of hours that
writes nothing looks stuck in a log too.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Callable, TextIO

SHOW_AFTER = 1.0     # seconds before a progress line appears
WIDTH = 20           # characters of the bar
REDRAW_EVERY = 1.0   # seconds between redraws of a Count's line on a terminal
LINE_EVERY = 10.0    # seconds between a Count's lines elsewhere (a CI log, cron's mail)


def is_terminal(stream: TextIO) -> bool:
    """Whether `stream` is an interactive terminal that may get colours and redraws
    (NO_COLOR set or TERM=dumb say no)."""
    return (hasattr(stream, "isatty") and stream.isatty() and "NO_COLOR" not in os.environ
            and os.environ.get("TERM") != "dumb")


class Progress:
    def __init__(self, stages: tuple[str, ...], stream: TextIO = sys.stderr,
                 draw: bool | None = None):
        self.stages, self.stream = stages, stream
        self.draw = is_terminal(stream) if draw is None else draw
        self.started = time.perf_counter()
        self.marks: list[tuple[str, float]] = []
        self._drawn = False
        self._timer: threading.Timer | None = None

    def __call__(self, stage: str) -> None:
        self.marks.append((stage, time.perf_counter()))
        if not self.draw:
            return
        if self._drawn:
            self._show()
        elif self._timer is None:
            delay = SHOW_AFTER - (time.perf_counter() - self.started)
            self._timer = threading.Timer(max(delay, 0), self._show)
            self._timer.daemon = True
            self._timer.start()

    def _show(self) -> None:
        stage = self.marks[-1][0]
        number = self.stages.index(stage) + 1 if stage in self.stages else len(self.marks)
        filled = WIDTH * (number - 1) // len(self.stages)
        bar = "#" * filled + "-" * (WIDTH - filled)
        self.stream.write(f"\r[{bar}] {number}/{len(self.stages)} {stage} ...\033[K")
        self.stream.flush()
        self._drawn = True

    def finish(self) -> float:
        """Stop drawing, erase the line; returns the seconds since the start."""
        if self._timer is not None:
            self._timer.cancel()
        if self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
        self.marks.append(("", time.perf_counter()))
        return self.marks[-1][1] - self.started

    def timings(self) -> list[tuple[str, float]]:
        """(stage, seconds) of every stage that ran."""
        return [(stage, end - start) for (stage, start), (_, end)
                in zip(self.marks, self.marks[1:]) if stage]


class Count:
    """How far a task of `total` pieces has gone. Told as pieces are done (`add`), it
    writes `line(done, total, seconds left)` on stderr, the time left guessed from the
    pace so far: on a terminal, once the task has run SHOW_AFTER seconds, one line
    rewritten in place at most every REDRAW_EVERY seconds and erased at the end
    (`finish`, or leaving a `with` block, also on an error or Ctrl+C); elsewhere a plain
    line every LINE_EVERY seconds. It writes only when told, between pieces (no thread
    of its own), and nothing once all are done: the task's own last line follows."""

    def __init__(self, total: int, line: Callable[[int, int, float], str],
                 stream: TextIO | None = None, draw: bool | None = None):
        self.total, self.line, self.done = total, line, 0
        self.stream = sys.stderr if stream is None else stream
        self.draw = is_terminal(self.stream) if draw is None else draw
        self.started = self._shown = time.monotonic()
        self._drawn = False

    def __enter__(self) -> Count:
        return self

    def __exit__(self, *exception: object) -> None:
        self.finish()

    def add(self, number: int = 1) -> None:
        self.done += number
        now = time.monotonic()
        wait = ((REDRAW_EVERY if self._drawn else SHOW_AFTER) if self.draw else LINE_EVERY)
        if self.done >= self.total or now - self._shown < wait:
            return
        self._shown = now
        text = self.line(self.done, self.total,
                         (now - self.started) / self.done * (self.total - self.done))
        self._write(f"\r{text}\033[K" if self.draw else text + "\n")
        self._drawn = self.draw

    def finish(self) -> None:
        """Erase the line drawn on a terminal."""
        if self._drawn:
            self._write("\r\033[K")
            self._drawn = False

    def _write(self, text: str) -> None:
        try:     # the terminal may be gone (closed: SIGHUP is on its way)
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            pass
