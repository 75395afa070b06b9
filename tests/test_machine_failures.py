"""The machine failing under a build: a full disk, a read-only one, a folder this user may
not write, and `clean` run while a build runs. Each ends in one line in Indonesian
saying what is wrong and what to do (never a traceback, never the system's English),
and the site the build before wrote stays as it was.

A full or read-only disk is a real one: a small tmpfs mounted in tmp_path (filled up, or
remounted read-only); a folder not to write is made immutable (chattr +i), which root
cannot write either. Where this machine does not allow mounting or chattr (a CI runner
without root), those tests are skipped, never failed.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import io
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Iterator

import pytest

from conftest import NOW, make_site, run, snapshot, write_files
from site_builder import uptodate

PROJECT = Path(__file__).resolve().parent.parent
PAGE = "---\ntitle: Profil\n---\nIsi halaman profil.\n"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="tmpfs, chattr and flock are Linux's")


# -- a real full, read-only or immutable file system ----------------------------------------

def _command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True)


@contextlib.contextmanager
def tmpfs(folder: Path, size_kb: int = 2048) -> Iterator[Path]:
    """A tmpfs of `size_kb` mounted at `folder` for the block (made first); skips the test
    where this machine does not allow mounting; always unmounted after."""
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("no mount command here: a full or read-only disk cannot be made")
    mounted = _command("mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs",
                       str(folder))
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not allowed here ({mounted.stderr.strip()}): a full "
                    "or read-only disk cannot be made")
    try:
        yield folder
    finally:
        if _command("umount", str(folder)).returncode != 0:
            _command("umount", "-l", str(folder))   # still busy: detach it now, freed later


def read_only(folder: Path) -> None:
    """Remount the tmpfs at `folder` read-only (its teardown unmounts it)."""
    remounted = _command("mount", "-o", "remount,ro", str(folder))
    if remounted.returncode != 0:
        pytest.skip(f"remounting read-only is not allowed here ({remounted.stderr.strip()})")


def fill(folder: Path) -> Path:
    """Fill the file system holding `folder` to its last byte; the file that fills it."""
    filler = folder / "pengisi"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        for size in (1 << 20, 1 << 16, 1 << 12, 1):
            block = b"\0" * size
            with contextlib.suppress(OSError):
                while True:
                    os.write(descriptor, block)
    finally:
        os.close(descriptor)
    assert os.statvfs(folder).f_bavail == 0
    return filler


@contextlib.contextmanager
def immutable(folder: Path) -> Iterator[Path]:
    """`folder` made immutable (chattr +i: nothing may be created or removed in it, not even
    by root, EPERM) for the block; skips the test where chattr is not allowed."""
    if shutil.which("chattr") is None:
        pytest.skip("no chattr command here: a folder root may not write cannot be made")
    made = _command("chattr", "+i", str(folder))
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not allowed here ({made.stderr.strip()})")
    try:
        yield folder
    finally:
        _command("chattr", "-i", str(folder))


def one_line_without_traceback(err: str) -> str:
    """The only line a failed command printed (no traceback)."""
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def edit_title(root: Path, title: str) -> None:
    """An edit, so the next build has something to write."""
    write_files(root, {"content/pages/profil.md": f"---\ntitle: {title}\n---\nIsi.\n"})


# -- finding 5: a full disk, a read-only one, a folder not to write, under output/ ----------

def test_a_disk_full_to_the_last_byte_is_one_clear_line_and_changes_nothing(tmp_path):
    """At 0 bytes free even the lock file's process id cannot be written: that was a
    traceback. Now one line says the disk is full and what to do, output/ stays as it
    was, no lock file is left, and the build after space is freed goes through."""
    with tmpfs(tmp_path / "disk") as disk:
        root = make_site(disk, {"content/pages/profil.md": PAGE})
        assert run(root, "build").code == 0
        before = snapshot(root / "output")
        edit_title(root, "Profil Baru")
        filler = fill(disk)

        failed = run(root, "build")
        assert failed.code == 1
        line = one_line_without_traceback(failed.err)
        assert line.startswith("build.py: gagal menulis ")
        assert line.endswith(": disk penuh; hasil sebelumnya tidak diubah. Kosongkan ruang di "
                             f"disk yang memuat {disk / 'site'}, lalu jalankan build lagi.")
        assert "No space left" not in line
        assert snapshot(root / "output") == before
        assert not (root / ".output.lock").exists()

        filler.unlink()
        again = run(root, "build")
        assert again.code == 0, again.err
        assert "Profil Baru" in (root / "output" / "profil" / "index.html").read_text("utf-8")


def test_a_copy_that_fills_the_disk_names_the_file_in_output_not_the_content_file(tmp_path):
    """A file of content/static/ copied into output/ fills the disk: the message names the
    file being written, in output/, not the content file it is a copy of (which staff
    would take to be the problem)."""
    root = make_site(tmp_path, {"content/pages/profil.md": PAGE,
                                "content/static/unduhan/laporan-tahunan.pdf":
                                    b"%PDF-1.4\n" + os.urandom(600 * 1024)})
    with tmpfs(tmp_path / "disk", size_kb=400) as disk:
        output = disk / "output"
        failed = run(root, "build", "--output", str(output))
        assert failed.code == 1
        line = one_line_without_traceback(failed.err)
        assert f"gagal menulis {output / 'unduhan' / 'laporan-tahunan.pdf'}: disk penuh;" \
            in line
        assert str(root / "content") not in line
        assert f"Kosongkan ruang di disk yang memuat {disk}" in line
        assert not output.exists()
        assert [path.name for path in disk.iterdir()] == []   # no staging folder left


def test_a_read_only_disk_is_said_in_indonesian_with_what_to_do(tmp_path):
    with tmpfs(tmp_path / "disk") as disk:
        root = make_site(disk, {"content/pages/profil.md": PAGE})
        assert run(root, "build").code == 0
        before = snapshot(root / "output")
        edit_title(root, "Profil Baru")
        read_only(disk)

        failed = run(root, "build")
        assert failed.code == 1
        line = one_line_without_traceback(failed.err)
        assert f": disk yang memuat {disk / 'site'} hanya bisa dibaca (read-only); hasil " \
               "sebelumnya tidak diubah. " in line
        assert "lalu jalankan build lagi." in line
        assert "Read-only file system" not in line
        assert snapshot(root / "output") == before


def test_a_folder_this_user_may_not_write_is_said_in_indonesian_with_what_to_do(tmp_path):
    root = make_site(tmp_path, {"content/pages/profil.md": PAGE})
    output = tmp_path / "hasil" / "output"
    assert run(root, "build", "--output", str(output)).code == 0
    before = snapshot(output)
    edit_title(root, "Profil Baru")
    with immutable(output.parent):
        failed = run(root, "build", "--output", str(output))
    assert failed.code == 1
    line = one_line_without_traceback(failed.err)
    assert f": tidak ada izin menulis di {output.parent}; hasil sebelumnya tidak diubah. " \
        in line
    assert "Operation not permitted" not in line
    assert "lalu jalankan build lagi." in line
    assert snapshot(output) == before


def test_the_no_change_record_that_cannot_be_written_leaves_no_temporary_file(tmp_path):
    """uptodate.record on a full disk: its temporary file (made, then not written) goes."""
    with tmpfs(tmp_path / "cache", size_kb=64) as cache:
        (tmp_path / "output").mkdir()
        fill(cache)
        uptodate.record(cache, tmp_path / "output", "inputs", datetime.now().astimezone(),
                        None, {"pages": 0, "files": 0, "warnings": []}, "Asia/Jakarta", {})
        assert sorted(path.name for path in cache.iterdir()) == ["pengisi"]


# -- finding 8: a build cache that cannot be written is said, once a build -------------------

CACHE_WARNING = ".cache: peringatan: cache build tidak bisa ditulis"


def _cache_warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith(CACHE_WARNING)]


def test_a_read_only_cache_is_said_once_a_build_and_the_build_goes_on(tmp_path):
    """A .cache/ on a read-only disk made every build a full one, silently."""
    root = make_site(tmp_path, {"content/pages/profil.md": PAGE})
    with tmpfs(root / ".cache") as cache:
        first = run(root, "build")
        assert first.code == 0 and "cache" not in first.err, first.err   # written: no word
        read_only(cache)
        for title in ("Profil Baru", "Profil Lagi"):
            edit_title(root, title)
            built = run(root, "build")
            assert built.code == 0, built.err
            assert "Traceback" not in built.err
            warnings = _cache_warnings(built.err)
            assert len(warnings) == 1, built.err   # once, not once for each file
            assert f"disk yang memuat {cache} hanya bisa dibaca (read-only)" in warnings[0]
            assert "setiap build membuat ulang semua halaman" in warnings[0]
            assert title in (root / "output" / "profil" / "index.html").read_text("utf-8")


def test_a_full_cache_is_said_and_the_build_still_succeeds_leaving_no_temporary_file(tmp_path):
    root = make_site(tmp_path, {"content/pages/profil.md": PAGE})
    with tmpfs(root / ".cache", size_kb=256) as cache:
        assert run(root, "build").code == 0
        edit_title(root, "Profil Baru")
        fill(cache)
        built = run(root, "build")
        assert built.code == 0, built.err
        warnings = _cache_warnings(built.err)
        assert len(warnings) == 1, built.err
        assert "disk penuh" in warnings[0]
        assert f"Kosongkan ruang di disk yang memuat {cache}" in warnings[0]
        assert "Profil Baru" in (root / "output" / "profil" / "index.html").read_text("utf-8")
        assert not [path for path in cache.rglob("*.tmp")]


def test_a_cache_this_user_may_not_write_is_said_once(tmp_path):
    """As after `sudo build.py`: .cache/build/ is not this user's to write."""
    root = make_site(tmp_path, {"content/pages/profil.md": PAGE})
    assert run(root, "build").code == 0
    edit_title(root, "Profil Baru")
    with immutable(root / ".cache" / "build"):
        built = run(root, "build")
    assert built.code == 0, built.err
    warnings = _cache_warnings(built.err)
    assert len(warnings) == 1, built.err
    assert f"tidak ada izin menulis di {root / '.cache'}" in warnings[0]


# -- finding 7: clean takes the lock a build takes ------------------------------------------

def _photo(seed: int) -> bytes:
    """A camera-sized JPEG of noise: slow enough to resize that a build runs a while."""
    from PIL import Image

    image = Image.effect_noise((2400, 1600), 40 + seed).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _holder(root: Path) -> int | None:
    try:
        text = (root / ".output.lock").read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def test_clean_refuses_while_a_build_of_the_site_holds_its_lock(tmp_path):
    root = make_site(tmp_path, {"content/pages/profil.md": PAGE})
    assert run(root, "build").code == 0
    with open(root / ".output.lock", "a+b") as lock:   # as a running build holds it
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        lock.write(b"%d\n" % os.getpid())
        lock.flush()
        refused = run(root, "clean", "--wait", "0,2", now=None)
    assert refused.code == 1
    assert "Traceback" not in refused.err
    waited, line = refused.err.strip().splitlines()
    assert waited == f"Menunggu build lain selesai (PID {os.getpid()})…"
    assert line.startswith("build.py: cache tidak dihapus, karena build situs ini sedang "
                           f"berjalan (PID {os.getpid()}) dan belum selesai setelah ditunggu "
                           "0,2 detik. ")
    assert "--wait 300" in line
    assert (root / ".cache" / "build").is_dir()


def test_clean_during_a_first_build_that_has_not_made_the_cache_yet_still_waits(tmp_path):
    """A first build holds the lock before it makes .cache/: clean said "no cache" at once
    and left the cache that build went on to make."""
    root = make_site(tmp_path, {"content/pages/profil.md": PAGE})
    assert not (root / ".cache").exists()
    with open(root / ".output.lock", "a+b") as lock:   # as a first build holds it
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        lock.write(b"%d\n" % os.getpid())
        lock.flush()
        clean = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "clean",
                                  "--content", str(root / "content")],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        waited = clean.stderr.readline()   # once it waits for this lock
        (root / ".cache" / "build").mkdir(parents=True)   # the build makes its cache
        fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
    out, err = clean.communicate(timeout=60)
    assert clean.returncode == 0, err
    assert waited == f"Menunggu build lain selesai (PID {os.getpid()})…\n"
    assert out.startswith("Cache dihapus: ")
    assert not (root / ".cache").exists()


def test_clean_during_a_running_build_waits_for_it_and_the_build_succeeds(tmp_path):
    """Run during a build, `clean` removed the cache under it and the build failed
    ("gagal menulis hasil (No such file or directory: .cache/images/...)"). Now it waits
    for the build, as a second build does, then removes the cache."""
    bundles = {}
    for number in range(3):
        folder = f"content/news/2026-11-{10 + number}-foto-{number}"
        bundles[f"{folder}/foto.jpg"] = _photo(number)
        bundles[f"{folder}/index.md"] = (
            f"---\ntitle: Foto {number}\ndate: 2026-11-{10 + number}\nimage: foto.jpg\n"
            f"image_alt: Kegiatan {number}\n---\nIsi.\n")
    root = make_site(tmp_path, bundles)
    build = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "build", "--content",
                              str(root / "content"), "--now", NOW, "--jobs", "1"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while _holder(root) != build.pid and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _holder(root) == build.pid, build.communicate()
        cleaned = run(root, "clean", now=None)
        out, err = build.communicate(timeout=120)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    assert build.returncode == 0, err
    assert cleaned.code == 0, cleaned.err
    assert f"Menunggu build lain selesai (PID {build.pid})" in cleaned.err
    assert not (root / ".cache").exists()
    assert (root / "output" / "berita" / "foto-2" / "index.html").is_file()
    assert run(root, "build").code == 0   # the next build makes the cache anew


# -- finding 9: `new` on a content folder that cannot be written -----------------------------

def test_new_on_a_read_only_content_folder_is_one_line_and_exit_1(tmp_path):
    with tmpfs(tmp_path / "disk") as disk:
        root = make_site(disk, {"content/news/.keep": ""})
        read_only(disk)
        made = run(root, "new", "berita", "Judul Baru")
    assert made.code == 1
    line = one_line_without_traceback(made.err)
    assert line.startswith("build.py new: berkas ")
    assert "2026-11-24-judul-baru.md tidak bisa ditulis: disk yang memuat " in line
    assert "hanya bisa dibaca (read-only)" in line
    assert "lalu jalankan perintah ini lagi." in line


def test_new_on_a_full_content_folder_is_one_line_and_leaves_no_empty_file(tmp_path):
    with tmpfs(tmp_path / "disk", size_kb=256) as disk:
        root = make_site(disk, {"content/news/.keep": ""})
        fill(disk)
        made = run(root, "new", "berita", "Judul Baru")
        assert made.code == 1
        line = one_line_without_traceback(made.err)
        assert "tidak bisa ditulis: disk penuh" in line
        assert f"Kosongkan ruang di disk yang memuat {root / 'content'}" in line
        assert sorted(path.name for path in (root / "content" / "news").iterdir()) == [".keep"]


@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "disk penuh"),
    (errno.EDQUOT, "kuota disk"),
    (errno.EROFS, "hanya bisa dibaca"),
    (errno.EACCES, "tidak ada izin menulis"),
    (errno.EPERM, "tidak ada izin menulis"),
])
def test_each_refusal_of_the_disk_is_said_in_indonesian(tmp_path, code, words):
    from site_builder.errors import disk_refusal

    what, todo = disk_refusal(code, tmp_path)
    assert words in what and str(tmp_path) in what + todo
    assert disk_refusal(errno.EIO, tmp_path) is None   # said as the system says it
