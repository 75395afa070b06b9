"""Crash safety: builds killed at any moment (SIGKILL), builds run at once, a build
killed between the two renames of the fallback swap, a build killed while resizing
photos. Real processes running the real command line; no mocks.

The site is realistic in size (200 news items, 10 tags, photo bundles), written
twice: content-a/ and content-b/ (every title changed), both beside output/, so
each builds into the same output/ and shares the image cache. A build of either
must leave output/ exactly as a complete build of A or of B, whatever moment it
is killed at. The seed of the kill points is printed; CRASH_SEED=N repeats it.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from conftest import NOW, child_processes, make_site, run, snapshot, still_running
from site_builder import serve, writer

PROJECT = Path(__file__).resolve().parent.parent
KILLS = 30         # at random moments of a build (a new seed each run: CRASH_SEED)
WRITE_KILLS = 10   # more, at random moments once the build has started writing
WRITE_ATTEMPTS = 3 * WRITE_KILLS   # builds killed so, until WRITE_KILLS came before the end
CHECK_EVERY = 20   # kills between complete builds, which also measure a build again
NEWS = 200
PHOTOS = 4
LEFTOVER = (".output.staging-", ".output.pages-", ".output.old-")
SPARE = ".output.spare"   # the site before the last, which a build brings up to date

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and flock")


# -- the site ---------------------------------------------------------------------

def _photo(seed: int) -> bytes:
    """A camera-sized JPEG of noise: slow enough to resize that a build can be killed doing it."""
    from PIL import Image

    image = Image.effect_noise((2400, 1600), 40 + seed).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _write_content(folder: Path, title: str, photos: list[bytes]) -> None:
    """200 news items, each in one of 10 tags, and photo bundles; `title` names every item."""
    news = folder / "news"
    news.mkdir(parents=True)
    (folder / "site.yaml").write_text("title: Perpustakaan Uji\nbase_url: https://example.org/\n",
                                      encoding="utf-8")
    body = "Isi berita tentang layanan perpustakaan. " * 12
    for number in range(NEWS):
        date = f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}"
        (news / f"{date}-berita-{number}.md").write_text(
            f"---\ntitle: {title} {number}\ndate: {date}\ntags: [topik-{number % 10}]\n"
            f"summary: Ringkasan berita {number}.\n---\n" + f"{body}\n\n" * 3, encoding="utf-8")
    for number, photo in enumerate(photos):
        bundle = news / f"2025-06-{10 + number}-foto-{number}"
        bundle.mkdir()
        (bundle / "foto.jpg").write_bytes(photo)
        (bundle / "index.md").write_text(
            f"---\ntitle: {title} foto {number}\ndate: 2025-06-{10 + number}\n"
            f"summary: Foto kegiatan {number}.\nimage: foto.jpg\nimage_alt: Kegiatan {number}\n"
            f"---\nIsi.\n\n![Kegiatan {number}](foto.jpg)\n", encoding="utf-8")


def _command(root: Path, content: str, *options: str) -> list[str]:
    return [sys.executable, str(PROJECT / "build.py"), "build", "--content",
            str(root / content), "--now", NOW, *options]


def _environment(root: Path) -> dict[str, str]:
    """Any temporary folder of a build under `root`: a killed build may leave its own."""
    (root / "tmp").mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(root / "tmp")}


def _run(root: Path, content: str, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(_command(root, content, *options), capture_output=True, text=True,
                          timeout=120, env=_environment(root))


def _build(root: Path, content: str, *options: str) -> subprocess.CompletedProcess:
    done = _run(root, content, *options)
    assert done.returncode == 0, done.stderr
    return done


def _start(root: Path, content: str, *options: str, quiet: bool = False) -> subprocess.Popen:
    output = subprocess.DEVNULL if quiet else subprocess.PIPE
    return subprocess.Popen(_command(root, content, *options), stdout=output, stderr=output,
                            text=True, env=_environment(root))


def tree(folder: Path) -> dict[str, str]:
    """Every folder and file under `folder` (a file with the sha256 of its bytes); {} if none."""
    found: dict[str, str] = {}
    for parent, _, names in os.walk(folder):
        found[os.path.relpath(parent, folder) + "/"] = "folder"
        for name in names:
            path = os.path.join(parent, name)
            with open(path, "rb") as file:
                digest = hashlib.file_digest(file, "sha256").hexdigest()
            found[os.path.relpath(path, folder)] = digest
    return found


def leftovers(root: Path) -> list[str]:
    return sorted(path.name for path in root.iterdir() if path.name.startswith(LEFTOVER))


@dataclass(frozen=True)
class Sites:
    root: Path          # templates/, content-a/, content-b/, .cache/ (the photos, resized),
                        # output-a/ (a complete build of content-a)
    a: dict[str, str]   # tree() of a complete build of content-a
    b: dict[str, str]
    seconds: float      # one build (photos cached), as measured
    cold_seconds: float  # the first build of content-a, resizing every photo


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Sites:
    root = tmp_path_factory.mktemp("crash")
    # A copy of the theme, used as templates/ beside the contents: every build of this
    # module sees the same theme even while someone edits the project's.
    shutil.copytree(PROJECT / "templates", root / "templates")
    photos = [_photo(number) for number in range(PHOTOS)]
    _write_content(root / "content-a", "Berita nomor", photos)
    _write_content(root / "content-b", "Kabar terbaru", photos)
    started = time.perf_counter()
    _build(root, "content-a")
    cold = time.perf_counter() - started
    a = tree(root / "output")
    shutil.copytree(root / "output", root / "output-a")
    started = time.perf_counter()
    _build(root, "content-b")
    seconds = time.perf_counter() - started
    b = tree(root / "output")
    assert len(a) > NEWS and a != b
    shutil.rmtree(root / "output")
    return Sites(root, a, b, seconds, cold)


def _copy(sites: Sites, tmp_path: Path, cache: bool = True, output: str | None = "output"
          ) -> Path:
    """The two contents in a fresh root of this test, with the resized photos when `cache`,
    and with a complete build of content-a as `output` (not built again: it takes time)."""
    root = tmp_path / "site"
    for name in ("templates", "content-a", "content-b") + ((".cache",) if cache else ()):
        shutil.copytree(sites.root / name, root / name)
    if output:
        shutil.copytree(sites.root / "output-a", root / output)
    return root


# -- killed at random moments -----------------------------------------------------------

def _timed_build(root: Path, content: str) -> float:
    started = time.perf_counter()
    _build(root, content)
    return time.perf_counter() - started


def folder_times(folder: Path) -> dict[str, int]:
    """The modification time of every folder under `folder` ({} if none): a name added to a
    folder, removed from it or renamed in it changes its time."""
    times = {}
    for parent, _, _ in os.walk(folder):
        with contextlib.suppress(FileNotFoundError):
            times[parent] = os.stat(parent).st_mtime_ns
    return times


def _kill_writing(build: subprocess.Popen, root: Path, spare: dict[str, int], delay: float
                  ) -> float | None:
    """SIGKILL `build` `delay` seconds after it has begun to write: a staging folder has
    appeared, or a folder of the spare folder differs from `spare`, its times before the
    build. None when the kill came while the build still ran; else how long after it
    began to write the build ended."""
    while build.poll() is None and not any(name.startswith(LEFTOVER[0])
                                          for name in os.listdir(root)) \
            and folder_times(root / SPARE) == spare:
        time.sleep(0.002)
    began = time.perf_counter()
    while (waited := time.perf_counter() - began) < delay:
        if build.poll() is not None:
            return waited
        time.sleep(0.001)
    running = build.poll() is None
    build.send_signal(signal.SIGKILL)
    return None if running else time.perf_counter() - began


def test_a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one(sites, tmp_path):
    root = _copy(sites, tmp_path, output=None)
    built = {"a": sites.a, "b": sites.b}
    # Site A, complete; how long it took sets the kill points, and is measured again at
    # each complete build, as other work on this computer makes builds slower or faster.
    seconds = [_timed_build(root, "content-a")]
    assert tree(root / "output") == sites.a
    seed = int(os.environ.get("CRASH_SEED", random.SystemRandom().randrange(2**32)))
    print(f"\nCRASH_SEED={seed}; building A first took {sites.cold_seconds:.2f} s "
          f"(resizing {PHOTOS} photos), B {sites.seconds:.2f} s")
    randomly = random.Random(seed)
    current, ends = "a", {"old": 0, "new": 0, "old+left": 0, "new+left": 0}
    late = 0   # kills in the last fifth of a build: writing, swapping, removing the old site
    writing = attempts = 0   # write kills that came before the build ended, and all
    window = 0.0   # how long a build wrote, once one ended before its write kill
    kill = 0
    while kill < KILLS + WRITE_KILLS:
        kill += 1
        other = "b" if current == "a" else "a"   # always build the site that is not there
        spare = folder_times(root / SPARE) if kill > KILLS else {}   # for _kill_writing
        build = _start(root, f"content-{other}", quiet=True)
        if kill <= KILLS:
            delay = randomly.uniform(0, seconds[-1])
            late += delay > 0.8 * seconds[-1]
            time.sleep(delay)
            build.send_signal(signal.SIGKILL)
        else:   # writing, the swap and removing the old site: about the last 5 % here
            delay = randomly.uniform(0, window or 0.05 * seconds[-1])
            ended = _kill_writing(build, root, spare, delay)
            writing += ended is None
            attempts += 1
            if ended is not None:
                # The build had ended: with a spare folder to bring up to date it writes
                # for some 20 ms. Another kill, of a new build, within that time.
                window = ended
                if attempts < WRITE_ATTEMPTS:
                    kill -= 1
        build.wait()
        found = tree(root / "output")
        ended = "old" if found == built[current] else "new" if found == built[other] else None
        assert ended, (f"kill {kill} after {delay:.3f} s (CRASH_SEED={seed}): output/ is "
                       f"neither site A nor site B")
        ends[ended + ("+left" if leftovers(root) else "")] += 1
        current = other if ended == "new" else current
        if kill % CHECK_EVERY == 0:   # the next build, complete: nothing is left over
            other = "b" if current == "a" else "a"
            seconds.append(_timed_build(root, f"content-{other}"))
            assert tree(root / "output") == built[other]
            assert leftovers(root) == [], kill
            current = other
    print(f"complete builds took {', '.join(f'{s:.2f}' for s in seconds)} s; {KILLS} kills "
          f"after 0-100 % of that ({late} in the last 20 %), {attempts} kills after 0-5 % "
          f"of it from the moment the build began to write (at most as long as a build "
          f"wrote, once one ended first), {writing} before it ended: "
          f"output/ was the old site "
          f"{ends['old'] + ends['old+left']} times ({ends['old+left']} with a staging folder "
          f"beside it), the new one {ends['new'] + ends['new+left']} times "
          f"({ends['new+left']} with the old site not yet removed); temporary "
          f"folders left by killed builds: {len(list((root / 'tmp').iterdir()))}")
    assert writing >= WRITE_KILLS // 3, "the write kills came after the builds had ended"


FIRST_KILLS = 12


def test_a_first_build_killed_at_any_moment_leaves_no_site_or_the_whole_one(sites, tmp_path):
    """With no output/ yet, pages are spooled where they go and the spool folder is renamed
    to output/ (writer.Spool, placed): a build killed at any moment leaves no output/ or
    the whole site, never a part of it, and the next build removes what it left."""
    root = _copy(sites, tmp_path, output=None)
    seconds = _timed_build(root, "content-a")
    seed = int(os.environ.get("CRASH_SEED", random.SystemRandom().randrange(2**32)))
    randomly = random.Random(seed)
    ends = {"none": 0, "whole": 0}
    for kill in range(1, FIRST_KILLS + 1):
        shutil.rmtree(root / "output", ignore_errors=True)   # a first build again
        build = _start(root, "content-a", quiet=True)
        delay = randomly.uniform(0, seconds)
        time.sleep(delay)
        build.send_signal(signal.SIGKILL)
        build.wait()
        found = tree(root / "output")
        assert found in ({}, sites.a), (f"kill {kill} after {delay:.3f} s (CRASH_SEED={seed}): "
                                        "output/ is part of a site")
        ends["whole" if found else "none"] += 1
    shutil.rmtree(root / "output", ignore_errors=True)
    _build(root, "content-a")
    assert tree(root / "output") == sites.a
    assert leftovers(root) == []
    print(f"\nCRASH_SEED={seed}: {FIRST_KILLS} first builds killed within {seconds:.2f} s: "
          f"no output/ {ends['none']} times, the whole site {ends['whole']} times")


# -- builds at once -----------------------------------------------------------------------

WAITING = "Menunggu build lain selesai (PID "


def _holder(root: Path) -> int | None:
    """The process id written in output/'s lock file, if a build has written one."""
    try:
        text = (root / ".output.lock").read_text().strip()
    except FileNotFoundError:
        return None
    return int(text) if text.isdigit() else None


def _lock_free_within(path: Path, seconds: float) -> bool:
    """Whether this process can take the lock on `path` within `seconds`."""
    deadline = time.monotonic() + seconds
    with open(path, "a+b") as lock:
        while True:
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.01)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and PR_SET_PDEATHSIG")
@pytest.mark.parametrize("moment", [0.0, 0.15])
def test_a_build_killed_while_its_workers_run_leaves_none_behind(sites, tmp_path, moment):
    """Workers forked by a build die with it: none is left holding the output folder's
    lock (which they inherit), so the next build starts at once."""
    root = _copy(sites, tmp_path, cache=False)   # a cold build: pools load, resize, render
    build = _start(root, "content-b", "--jobs", "2", quiet=True)
    workers: set[int] = set()
    while build.poll() is None and not workers:
        workers = child_processes(build.pid)
        time.sleep(0.001)
    time.sleep(moment)
    workers |= child_processes(build.pid)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert workers, "the build forked no worker before it ended"
    assert not still_running(workers)
    # Nobody holds the lock, once the kernel has killed the last worker: one forked
    # after the last look above gets its SIGKILL (PR_SET_PDEATHSIG) a moment later.
    assert _lock_free_within(root / ".output.lock", 5.0)
    assert "Menunggu" not in _build(root, "content-b").stderr
    assert tree(root / "output") == sites.b


def test_two_builds_at_once_run_one_after_the_other(sites, tmp_path):
    root = _copy(sites, tmp_path, cache=False, output=None)   # resizing photos: slow
    first, second = _start(root, "content-b"), _start(root, "content-b")
    results = [(build.pid, *build.communicate(timeout=120), build.returncode)
               for build in (first, second)]
    assert [code for *_, code in results] == [0, 0], results
    waited = [(pid, err) for pid, _, err, _ in results if WAITING in err]
    assert len(waited) == 1, results
    other = next(pid for pid, *_ in results if pid != waited[0][0])
    assert f"{WAITING}{other})…" in waited[0][1]
    assert tree(root / "output") == sites.b
    assert leftovers(root) == []


def test_a_build_that_waits_too_long_gives_up_and_changes_nothing(sites, tmp_path):
    root = _copy(sites, tmp_path, cache=False)   # the first build resizes photos: slow
    first = _start(root, "content-b")
    deadline = time.monotonic() + 30
    while _holder(root) != first.pid and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _holder(root) == first.pid
    second = _run(root, "content-a", "--wait", "0,3")
    assert first.poll() is None   # the second gave up while the first was still running
    assert second.returncode == 1
    assert f"{WAITING}{first.pid})…" in second.stderr
    assert (f"masih dipakai build lain (PID {first.pid}) setelah ditunggu 0,3 detik; "
            "hasil tidak diubah") in second.stderr
    assert "Traceback" not in second.stderr
    assert first.wait(timeout=120) == 0
    assert tree(root / "output") == sites.b
    assert leftovers(root) == []


def test_a_locked_output_stops_build_but_not_check(tmp_path):
    root = make_site(tmp_path, {"content/pages/profil.md": "---\ntitle: Profil\n---\nIsi.\n"})
    assert run(root, "build").code == 0
    before = snapshot(root / "output")
    with open(root / ".output.lock", "a+b") as lock:   # as another build holds it
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        busy = run(root, "build", "--wait", "0")
        checked = run(root, "check")
    assert busy.code == 1
    assert "masih dipakai build lain" in busy.err and "--wait" in busy.err
    assert WAITING not in busy.err   # not waiting at all: nothing to announce
    assert snapshot(root / "output") == before
    assert checked.code == 0, checked.err


def test_the_preview_server_locks_its_own_folder(tmp_path):
    root = make_site(tmp_path)
    parser = argparse.ArgumentParser()
    serve.add_arguments(parser)
    args = parser.parse_args(["--content", str(root / "content"), "--now", NOW])
    preview = serve._Preview(replace(serve._preview_options(args, "http://127.0.0.1:8000/"),
                                     wait=0))
    assert preview._build() == ([], [])   # (errors, warnings)
    with writer.lock_output(root / ".cache" / "preview", wait=0):   # as a second preview
        assert (root / ".cache" / ".preview.lock").is_file()
        problems, _ = preview._build()
        assert run(root, "build").code == 0   # output/ is another folder, another lock
    assert [problem.message for problem in problems] == [
        f"pratinjau tidak bisa ditulis: folder {root / '.cache' / 'preview'} masih dipakai build "
        f"lain (PID {os.getpid()}) setelah ditunggu 0 detik; hasil tidak diubah"]
    assert not [path for path in (root / ".cache").iterdir() if ".staging-" in path.name]


# -- killed between the two renames (the fallback swap) ----------------------------------

def test_a_build_killed_between_the_renames_is_repaired_by_the_next(sites, tmp_path):
    root = _copy(sites, tmp_path, output=".output.old-123")
    # What a build killed between `output -> .output.old-PID` and `staging -> output`
    # leaves: no output/, the old site as a backup, the new one complete in staging.
    shutil.copytree(root / ".output.old-123", root / ".output.staging-123-x1y2z3")
    (root / ".output.staging-123-x1y2z3" / "index.html").write_text("baru")
    # A content error: the build stops before writing, yet output/ is back first.
    bad = root / "content-a" / "news" / "2026-01-05-rusak.md"
    bad.write_text("---\ntitle: Rusak\ndate: 2026-13-05\n---\nIsi.\n", encoding="utf-8")
    failed = _run(root, "content-a")
    assert failed.returncode == 1, failed.stderr
    assert "rusak.md" in failed.stderr
    assert tree(root / "output") == sites.a
    assert leftovers(root) == []
    bad.unlink()
    (root / "output").rename(root / ".output.old-456")
    _build(root, "content-b")
    assert tree(root / "output") == sites.b
    assert leftovers(root) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_on_linux_the_two_folders_trade_places_in_one_step(tmp_path):
    first, second = tmp_path / "satu", tmp_path / "dua"
    for folder in (first, second):
        folder.mkdir()
        (folder / "nama").write_text(folder.name)
    assert writer._exchange(first, second)
    assert (first / "nama").read_text() == "dua" and (second / "nama").read_text() == "satu"


def test_the_fallback_swap_leaves_no_backup(tmp_path):
    """Where renameat2 cannot exchange (not Linux, some file systems): two renames."""
    output, staging = tmp_path / "output", tmp_path / ".output.staging-1-abc"
    for folder, text in ((output, "lama"), (staging, "baru")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    writer._swap_by_renames(staging, output)
    assert (output / "index.html").read_text() == "baru"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["output"]


def test_a_fallback_swap_that_fails_puts_the_old_site_back(tmp_path):
    """The second rename refused (the new site gone, a full disk's error): the site stays
    the old one under its name, and the error stops the build."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("lama")
    with pytest.raises(OSError):
        writer._swap_by_renames(tmp_path / ".output.staging-1-abc", output)
    assert (output / "index.html").read_text() == "lama"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["output"]


# -- killed while resizing photos ---------------------------------------------------------

def _manifests(root: Path) -> int:
    return sum(1 for _ in (root / ".cache" / "images").rglob("manifest.json")) \
        if (root / ".cache" / "images").is_dir() else 0


def test_a_build_killed_while_resizing_photos_leaves_a_usable_cache(sites, tmp_path):
    root = _copy(sites, tmp_path, cache=False, output=None)
    randomly = random.Random(PHOTOS)
    kills = 0
    for done in range(PHOTOS - 1):   # each time once one more photo is stored, and a bit
        build = _start(root, "content-a", quiet=True)
        while _manifests(root) <= done and build.poll() is None:
            time.sleep(0.002)
        # Then a moment more, but not past the next photo stored: the photos are made
        # while pages render, so the last one may be the build's last long step.
        deadline = time.monotonic() + randomly.uniform(0, 0.3)
        while (time.monotonic() < deadline and _manifests(root) <= done + 1
               and build.poll() is None):
            time.sleep(0.002)
        build.send_signal(signal.SIGKILL)
        if build.wait() != -signal.SIGKILL:
            # On a loaded machine (CI's other worker) this loop may not look again before
            # the build has stored its last photo and ended: every photo is stored then.
            assert build.returncode == 0 and _manifests(root) == PHOTOS
            break
        kills += 1
    assert kills >= 1, "no build was killed while resizing photos"
    # What the cache atomic writes already rule out, written by hand: a variant cut short
    # under a sound manifest, and an entry whose manifest was never written.
    entries = sorted(path.parent for path in (root / ".cache" / "images").rglob("manifest.json"))
    assert len(entries) >= 2
    variant = next(entries[0].glob("*.jpg"))
    variant.write_bytes(variant.read_bytes()[:1000])
    (entries[1] / "manifest.json").unlink()
    _build(root, "content-a")
    assert tree(root / "output") == sites.a
    assert _manifests(root) == PHOTOS
    temporary = list((root / ".cache" / "images").rglob(".tmp-*"))
    print(f"\n{len(temporary)} temporary files of killed builds left in the image cache")
