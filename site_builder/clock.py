"""The computer's clock, checked before a build lets it decide what is published.

A build without --now publishes what is due at the clock's time: news dated after it
wait, past sessions are marked done. A clock that is wrong does so silently: a small
server or office computer without a clock battery (a Raspberry Pi, an old PC) can boot
days or years in the past, and its hourly build then takes every newer item off the
site, and `publish` deletes their pages from the host. So a build refuses a clock that
runs more than SLACK behind

- the latest clock a build of this site has seen (kept in the build cache, .cache/), or
- without one (a first build, after `clean`), outside CI, the time of the latest commit
  of the site's git repository (GitHub's clock, for a commit made in its web editor).

A CI runner's clock is kept right by its host, so a commit dated ahead by another
computer's clock does not stop CI. A clock ahead is not caught: nothing tells it from a
site not built for a while.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

FILE = "clock"                 # under the build cache folder: the latest clock seen
SLACK = timedelta(days=1)      # time zones, a clock set by hand a little wrong
KEPT_EVERY = timedelta(hours=1)   # the file is rewritten at most this often


class ClockWrong(Exception):
    """The computer's clock is behind a time already seen (see the module doc)."""


def check_clock(clock: datetime, cache_folder: Path | None, root: Path) -> None:
    """Raise ClockWrong when `clock` runs more than SLACK behind what this site has seen;
    `cache_folder` None: the build keeps no cache (--no-cache)."""
    latest = latest_seen(cache_folder) if cache_folder is not None else None
    if latest is not None:
        if clock < latest - SLACK:
            raise ClockWrong(_told(clock, latest, "build terakhir situs ini berjalan pada",
                                   "jika jam komputer ternyata sudah benar, hapus catatan "
                                   "lama dengan python3 build.py clean"))
        return
    if os.environ.get("CI"):
        return
    committed = last_commit_time(root)
    if committed is not None and clock < committed - SLACK:
        raise ClockWrong(_told(clock, committed, "commit terakhir di repositori situs dibuat "
                                                 "pada", "commit itu tidak mungkin dibuat di "
                                                 "masa depan"))


def _told(clock: datetime, seen: datetime, what: str, otherwise: str) -> str:
    zone = clock.tzinfo
    return (f"jam komputer ini menunjukkan {clock:%Y-%m-%d %H:%M %Z}, padahal {what} "
            f"{seen.astimezone(zone):%Y-%m-%d %H:%M %Z}: jam komputer tertinggal, dan dengan "
            "jam itu berita yang lebih baru akan hilang dari situs. Situs tidak dibangun; "
            "perbaiki tanggal dan jam komputer (atur otomatis dari internet), lalu jalankan "
            f"build lagi ({otherwise}; untuk melihat situs pada waktu lain, pakai --now)")


def latest_seen(cache_folder: Path) -> datetime | None:
    """The latest clock a build of this site saw (remember), or None."""
    try:
        seen = datetime.fromisoformat((cache_folder / FILE).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    return seen if seen.tzinfo is not None else None


def remember(clock: datetime, cache_folder: Path) -> None:
    """Keep `clock` as the latest seen, when it is KEPT_EVERY past the one kept (a build a
    minute writes it once an hour); a cache that cannot be written keeps nothing."""
    latest = latest_seen(cache_folder)
    if latest is not None and clock < latest + KEPT_EVERY:
        return
    path = cache_folder / FILE
    temporary = path.with_name(f"{FILE}.{os.getpid()}.tmp")
    try:
        cache_folder.mkdir(parents=True, exist_ok=True)
        temporary.write_text(clock.isoformat() + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def last_commit_time(root: Path) -> datetime | None:
    """The committer time of HEAD of the git repository holding `root`; None without git
    or a repository (git's own answer, so packed objects and worktrees count too)."""
    if shutil.which("git") is None or not any(
            (folder / ".git").exists() for folder in (root.absolute(), *root.absolute().parents)):
        return None
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%cI"], cwd=root,
                              capture_output=True, text=True, timeout=10)
        return datetime.fromisoformat(done.stdout.strip()) if done.returncode == 0 else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
