"""A computer whose clock runs behind (no clock battery, booted in the past) must not
build: by its clock every newer item is still to come, and the hourly publish would
delete their pages from the host (clock.py). Real builds by the real clock; the time a
build saw before is the one a real earlier build left in the cache, moved ahead, and a
real git repository's commit is dated ahead, as another computer's clock would date it.
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timedelta

import pytest

from conftest import make_site, run, snapshot
from site_builder.clock import FILE

NEWS = "---\ntitle: Kabar Hari Ini\ndate: {date}\n---\nIsi kabar.\n"


def clock_site(tmp_path):
    today = datetime.now().astimezone().date()
    return make_site(tmp_path, {"content/news/kabar.md": NEWS.format(date=today - timedelta(days=2))})


def build_by_clock(root, *args):
    return run(root, "build", *args, now=None)


def test_a_clock_behind_the_last_build_stops_the_build_and_keeps_the_site(tmp_path,
                                                                            monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    root = clock_site(tmp_path)
    first = build_by_clock(root)
    assert first.code == 0, first.err
    kept = root / ".cache" / "build" / FILE
    seen = datetime.fromisoformat(kept.read_text().strip())
    assert abs(seen - datetime.now().astimezone()) < timedelta(minutes=5)
    before = snapshot(root / "output")

    # the last build ran a week later than this computer's clock says it is now
    kept.write_text((seen + timedelta(days=7)).isoformat() + "\n")
    (root / "content/news/kabar.md").write_text(NEWS.format(date="2026-01-05") + "Lagi.\n")
    failed = build_by_clock(root)
    assert failed.code == 1, (failed.out, failed.err)
    assert "Traceback" not in failed.err
    assert "jam komputer" in failed.err and "tertinggal" in failed.err, failed.err
    assert f"{seen + timedelta(days=7):%Y-%m-%d}" in failed.err
    assert snapshot(root / "output") == before
    # a build at a time given (a preview of another day) and a drafts preview still run
    assert build_by_clock(root, "--now", "2026-01-10").code == 0
    assert build_by_clock(root, "--drafts", "--output", str(tmp_path / "pratinjau")).code == 0
    # the way out the message names, once the clock is right again
    assert run(root, "clean", now=None).code == 0
    assert build_by_clock(root).code == 0


def test_a_clock_a_few_hours_behind_builds(tmp_path, monkeypatch):
    """A clock set by hand a little wrong, a time zone changed: within a day."""
    monkeypatch.delenv("CI", raising=False)
    root = clock_site(tmp_path)
    assert build_by_clock(root).code == 0
    kept = root / ".cache" / "build" / FILE
    kept.write_text((datetime.now().astimezone() + timedelta(hours=20)).isoformat() + "\n")
    (root / "content/news/kabar.md").write_text(NEWS.format(date="2026-01-05") + "Lagi.\n")
    result = build_by_clock(root)
    assert result.code == 0, result.err


def commit(root, when: datetime) -> None:
    environment = {**os.environ, "GIT_AUTHOR_NAME": "Staf", "GIT_AUTHOR_EMAIL": "staf@example.org",
                   "GIT_COMMITTER_NAME": "Staf", "GIT_COMMITTER_EMAIL": "staf@example.org",
                   "GIT_AUTHOR_DATE": when.isoformat(), "GIT_COMMITTER_DATE": when.isoformat()}
    for command in (["git", "init", "-q"], ["git", "add", "content"],
                    ["git", "commit", "-q", "-m", "Kabar"]):
        subprocess.run(command, cwd=root, env=environment, check=True)


def test_a_first_build_with_a_clock_behind_the_last_commit_stops(tmp_path, monkeypatch):
    """No build before (or after `clean`): the latest commit, made in GitHub's web editor
    by GitHub's clock, is the time the computer cannot be before."""
    monkeypatch.delenv("CI", raising=False)
    root = clock_site(tmp_path)
    commit(root, datetime.now().astimezone() + timedelta(days=30))
    failed = build_by_clock(root)
    assert failed.code == 1, failed.err
    assert "commit terakhir" in failed.err and "jam komputer" in failed.err, failed.err
    assert not (root / "output").exists()
    # CI runners keep their clocks right: there, a commit dated ahead by another
    # computer's clock stops nothing
    monkeypatch.setenv("CI", "true")
    assert build_by_clock(root).code == 0


def test_a_commit_of_today_builds(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    root = clock_site(tmp_path)
    commit(root, datetime.now().astimezone() - timedelta(minutes=5))
    result = build_by_clock(root)
    assert result.code == 0, result.err
    assert (root / ".cache" / "build" / FILE).is_file()


@pytest.mark.parametrize("cache", [True, False])
def test_the_clock_kept_is_rewritten_at_most_hourly(tmp_path, monkeypatch, cache):
    monkeypatch.delenv("CI", raising=False)
    root = clock_site(tmp_path)
    args = () if cache else ("--no-cache",)
    assert build_by_clock(root, *args).code == 0
    kept = root / ".cache" / "build" / FILE
    if not cache:
        assert not kept.exists()
        return
    written = kept.read_text()
    (root / "content/news/kabar.md").write_text(NEWS.format(date="2026-01-05") + "Lagi.\n")
    assert build_by_clock(root).code == 0
    assert kept.read_text() == written
