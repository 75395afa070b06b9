"""What a build shows on the terminal while it runs: a progress line, stage timings.

`Progress` is handed to the pipeline as BuildOptions.progress and told each
stage's name as it starts. On a terminal, once the build has run for
SHOW_AFTER seconds, it draws one line ("[3/5] membuat halaman ...") that it
rewrites in place and erases at the end; elsewhere (CI logs, git hooks) it
draws nothing. `timings()` gives each stage's duration, for `-v`.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import TextIO

SHOW_AFTER = 1.0   # seconds before a progress line appears
WIDTH = 20         # characters of the bar


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
