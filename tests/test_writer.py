"""The writer's threads: every file lands, in its folder; a file that cannot be written
stops the write with the old site intact and no staging folder left behind."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from site_builder.buildcache import file_signature
from site_builder.outputs import OutputFile
from site_builder.writer import (MARKER, MARKER_TEXT, WRITE_THREADS, UnsafeOutputPath, WriteFailed,
                                 check_intact, folder_signatures,
                                 spool_beside, staging_linked_soon, write_site)


def _site(count: int, word: str) -> list[OutputFile]:
    """`count` pages in folders of their own, more than enough to use every thread."""
    return [OutputFile(f"berita/{number}/index.html", f"<p>{word} {number}</p>".encode())
            for number in range(count)]


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in folder.rglob("*") if path.is_file()}


def test_many_files_written_by_threads_all_land_with_their_bytes(tmp_path):
    output = tmp_path / "output"
    files = _site(50 * WRITE_THREADS, "satu")
    with spool_beside(output) as spool:
        files += [spool.put(f"cari/{number}.json", b'{"n":%d}' % number)
                  for number in range(40)]
        summary, state = write_site(files, output)
    written = _files(output)
    written.pop(MARKER)
    assert written == {file.path: (file.content if file.content is not None
                                   else b'{"n":%d}' % int(file.path[5:-5])) for file in files}
    assert summary.changed == len(files)
    assert set(state.output) == {file.path for file in files} | {MARKER}


def test_each_process_and_thread_spools_into_a_folder_of_its_own(tmp_path):
    """Two workers creating files in one folder wait on its lock (Spool._own_folder);
    every spooled file still lands, and the spool goes when the build ends."""
    output = tmp_path / "output"
    output.mkdir()   # a site there already: the spool is not the next one
    with spool_beside(output) as spool:
        assert not spool.placed
        here = [spool.put(f"a/{number}.json", b"%d" % number) for number in range(3)]
        with ThreadPoolExecutor(1) as pool:   # another thread of this process
            there = pool.submit(lambda: spool.put("b.json", b"thread")).result()
        reader, writer = os.pipe()
        child = os.fork()
        if child == 0:   # another process, as a render worker is
            try:
                os.write(writer, str(spool.put("c.json", b"process").source).encode())
            finally:
                os._exit(0)
        os.close(writer)
        forked = Path(os.read(reader, 4096).decode())
        os.close(reader)
        os.waitpid(child, 0)
        folders = {file.source.parent for file in here}
        assert len(folders) == 1 and folders.pop().parent == spool.folder
        assert len({here[0].source.parent, there.source.parent, forked.parent}) == 3
        assert {forked.parent.parent, there.source.parent.parent} == {spool.folder}
        assert forked.read_bytes() == b"process"
        files = here + [there, OutputFile("c.json", source=forked, spooled=True)]
        write_site(files, output)
        spooled = spool.folder
    written = _files(output)
    assert written["a/2.json"] == b"2" and written["b.json"] == b"thread"
    assert written["c.json"] == b"process"
    assert not spooled.exists()


def test_a_first_build_spools_its_pages_where_they_go_and_the_spool_becomes_the_site(tmp_path):
    """No output folder yet: pages are spooled at their paths (by any process or thread),
    and the writer swaps the spool itself in, nothing moved; a page spooled twice (a
    worker's chunk redone) holds the last bytes."""
    output = tmp_path / "output"
    with spool_beside(output) as spool:
        assert spool.placed
        here = [spool.put(f"berita/{number}/index.html", b"%d" % number) for number in range(3)]
        with ThreadPoolExecutor(1) as pool:
            there = pool.submit(lambda: spool.put("cari/indeks/h/0.json", b"thread")).result()
        child = os.fork()
        if child == 0:   # a render worker
            try:
                spool.put("berita/3/index.html", b"process")
            finally:
                os._exit(0)
        os.waitpid(child, 0)
        again = spool.put("berita/0/index.html", b"lagi")
        assert [file.source for file in here] == [spool.folder / f"berita/{number}/index.html"
                                                  for number in range(3)]
        folder = spool.folder.stat().st_ino
        files = [again, *here[1:], there,
                 OutputFile("berita/3/index.html", source=spool.folder / "berita/3/index.html",
                            spooled=True), OutputFile("robots.txt", b"User-agent: *\n")]
        summary, state = write_site(files, output, spool=spool)
    assert output.stat().st_ino == folder   # the spool, renamed: no file moved
    assert output.stat().st_mode & 0o777 == 0o755   # readable by a web server
    written = _files(output)
    written.pop(MARKER)
    assert written == {"berita/0/index.html": b"lagi", "berita/1/index.html": b"1",
                       "berita/2/index.html": b"2", "berita/3/index.html": b"process",
                       "cari/indeks/h/0.json": b"thread", "robots.txt": b"User-agent: *\n"}
    assert summary.changed == 6 and set(state.output) == {*written, MARKER}
    # Signatures taken as the pages were written: the next build finds them intact.
    assert {path: record.signature for path, record in state.output.items()} == \
        {path: file_signature(output / path) for path in state.output}
    assert [path.name for path in tmp_path.iterdir()] == ["output"]


def test_a_placed_spool_is_moved_from_when_an_output_folder_appeared_meanwhile(tmp_path):
    """An output folder made (by hand) after the spool was: its pages are moved from the
    spool into a site of their own, as from any spool."""
    output = tmp_path / "output"
    with spool_beside(output) as spool:
        files = [spool.put("index.html", b"baru")]
        output.mkdir()
        (output / "lama.html").write_bytes(b"lama")
        write_site(files, output, spool=spool)
        assert spool.folder.is_dir()
    assert _files(output) == {"index.html": b"baru", MARKER: _files(output)[MARKER]}


@pytest.mark.parametrize("digest", [None, "sudah-diketahui"])
def test_a_file_that_cannot_be_written_leaves_the_old_site_and_no_staging(tmp_path, digest):
    """The file to copy is gone: found when its digest is taken, or (digest given) by the
    thread that copies it."""
    output = tmp_path / "output"
    write_site(_site(100, "lama"), output)
    before = _files(output)
    broken = _site(100, "baru")
    broken[57] = OutputFile("berita/57/index.html", source=tmp_path / "tidak-ada.html",
                            digest=digest)
    with pytest.raises(WriteFailed, match="tidak-ada.html"):
        write_site(broken, output)
    assert _files(output) == before
    assert [path.name for path in tmp_path.iterdir()] == ["output"]


def test_without_a_record_output_is_read_and_only_what_differs_counts(tmp_path):
    """No state (an emptied cache): the files of output/ are read. Equal bytes count as
    unchanged, a copied file as its source when their bytes are equal, and a name the
    new site lacks as removed; with nothing changed, nothing is written."""
    output, source = tmp_path / "output", tmp_path / "foto.jpg"
    source.write_bytes(b"\xff\xd8 foto")
    site = _site(40, "lama") + [OutputFile("berita/foto.jpg", source=source)]
    write_site(site + [OutputFile("lama.html", b"hilang")], output)

    summary, state = write_site(site, output)   # lama.html is gone from the site
    assert (summary.changed, summary.removed) == (0, 1)
    assert not (output / "lama.html").exists()
    assert set(state.output) == {file.path for file in site} | {MARKER}
    times = {path: path.stat().st_mtime_ns for path in output.rglob("*") if path.is_file()}

    again, _ = write_site(site, output)   # no record again: nothing differs, nothing written
    assert (again.changed, again.removed) == (0, 0)
    assert all(path.stat().st_mtime_ns == times[path]
               for path in output.rglob("*") if path.is_file())

    site[3] = OutputFile("berita/3/index.html", b"<p>baru 3</p>")
    changed, _ = write_site(site, output)
    assert changed.changed_paths == ("berita/3/index.html",)
    assert (output / "berita/3/index.html").read_bytes() == b"<p>baru 3</p>"


@pytest.mark.parametrize("odd", ["empty folder", "link"])
def test_a_name_no_record_can_hold_is_gone_after_the_next_writes(tmp_path, odd):
    """An empty folder or a link in output/ (put there by hand) is not a file the read
    records: output/ and the spare folder are then walked, never trusted as listed."""
    output = tmp_path / "output"
    site = _site(20, "isi")
    write_site(site, output)
    if odd == "link":
        (output / "berita" / "tautan").symlink_to(output / "berita" / "1")
    else:
        (output / "berita" / "kosong").mkdir()
    site[0] = OutputFile("berita/0/index.html", b"<p>baru</p>")
    _, state = write_site(site, output)   # no record: output/ read, now the spare folder
    assert state.output_folders and not state.spare_folders
    for number in range(3):   # output/ and the spare folder, each filled again from state
        site[1] = OutputFile("berita/1/index.html", b"<p>%d</p>" % number)
        _, state = write_site(site, output, state)
        assert set(_files(output)) == {file.path for file in site} | {MARKER}
        assert sorted(path.name for path in (output / "berita").iterdir()) == \
            sorted(str(number) for number in range(20))


def test_the_folders_recorded_after_a_write_are_the_folders_as_they_are(tmp_path):
    """After an incremental write only the folders it changed are read again; the record
    must still equal a reading of every folder: files changed, added in new folders,
    removed with the folders they leave empty."""
    output = tmp_path / "output"
    site = _site(30, "awal")
    _, state = write_site(site, output)
    steps = [
        lambda site: site.__setitem__(4, OutputFile("berita/4/index.html", b"<p>ubah</p>")),
        lambda site: site.append(OutputFile("tag/baru/halaman/2/index.html", b"<p>tag</p>")),
        lambda site: site.pop(),   # tag/baru/... gone, and its folders
        lambda site: site.append(OutputFile("berita/8/tambahan.html", b"<p>+</p>")),
        lambda site: site.pop(),   # gone from a folder that stays, where nothing is written
        lambda site: site.__setitem__(7, OutputFile("berita/7/lain.html", b"<p>pindah</p>")),
        lambda site: site.append(OutputFile("atas.html", b"<p>atas</p>")),
        lambda site: None,   # nothing changed
    ]
    for step in steps:
        step(site)
        _, state = write_site(site, output, state)
        assert state.output_folders == folder_signatures(output, state.output)
        assert set(_files(output)) == {file.path for file in site} | {MARKER}


def _stagings(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if ".staging-" in path.name)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_first_write_after_a_clean_one_fills_a_staging_folder_linked_ahead(tmp_path, jobs):
    """No spare folder yet: the staging folder is begun before the write, in another
    process (jobs=2), as hard links to output/'s files. The write fills it: the new site
    is exactly the new files, unchanged ones shared with the old site (now the spare
    folder), a file edited by hand in output/ rewritten, a removed one gone."""
    output = tmp_path / "output"
    site = _site(300, "lama") + [OutputFile("hilang.html", b"<p>hilang</p>")]
    _, state = write_site(site, output)
    assert not state.spare and _stagings(tmp_path) == []
    (output / "berita/7/index.html").write_bytes(b"<p>diubah tangan</p>")   # same inode
    site = site[:-1]
    site[3] = OutputFile("berita/3/index.html", b"<p>baru</p>")
    with staging_linked_soon(output, state, jobs) as prelinked:
        assert prelinked is not None
        [staging] = _stagings(tmp_path)
        if jobs > 1:   # begun in another process, before anything asks for it
            deadline = time.monotonic() + 30
            while len(_files(tmp_path / staging)) < len(state.output) \
                    and time.monotonic() < deadline:
                time.sleep(0.01)
            assert len(_files(tmp_path / staging)) == len(state.output)
        linked_folder = (tmp_path / staging).stat().st_ino
        summary, new_state = write_site(site, output, state, prelinked=prelinked)
    assert output.stat().st_ino == linked_folder   # filled, then swapped in
    assert summary.changed_paths == ("berita/3/index.html", "berita/7/index.html")
    assert summary.removed == 1
    written = _files(output)
    assert written.pop(MARKER) == MARKER_TEXT
    assert written == {file.path: file.content for file in site}
    assert _stagings(tmp_path) == []
    spare = tmp_path / ".output.spare"
    assert (spare / "hilang.html").exists()   # the site before, kept beside
    assert (output / "berita/5/index.html").stat().st_ino == \
        (spare / "berita/5/index.html").stat().st_ino
    assert (output / "berita/7/index.html").stat().st_ino != \
        (spare / "berita/7/index.html").stat().st_ino
    assert new_state.output_folders == folder_signatures(output, new_state.output)
    assert {path: record.signature for path, record in new_state.output.items()} == \
        {path: file_signature(output / path) for path in new_state.output}


def test_a_staging_folder_linked_ahead_and_not_written_is_removed(tmp_path):
    """A build that fails (or has nothing to write) leaves no staging folder behind,
    even while its links are still being made."""
    output = tmp_path / "output"
    _, state = write_site(_site(200, "isi"), output)
    before = _files(output)
    for wait in (False, True):
        with staging_linked_soon(output, state, 2) as prelinked:
            assert prelinked is not None and len(_stagings(tmp_path)) == 1
            if wait:
                prelinked()
        assert _stagings(tmp_path) == []
    assert _files(output) == before


def test_no_staging_folder_is_linked_ahead_where_the_write_will_not_fill_one(tmp_path):
    output = tmp_path / "output"
    with staging_linked_soon(output, None, 2) as prelinked:   # no state: nothing to link
        assert prelinked is None
    _, state = write_site(_site(5, "satu"), output)
    _, state = write_site(_site(5, "dua"), output, state)   # now a spare folder beside
    assert (tmp_path / ".output.spare").is_dir()
    with staging_linked_soon(output, state, 2) as prelinked:
        assert prelinked is None
    assert _stagings(tmp_path) == []


def test_where_hard_links_cannot_be_made_the_staging_folder_is_filled_by_copies(
        tmp_path, monkeypatch):
    """A file system without hard links (some network and USB ones) refuses every link:
    the linking stops at the first refusal and the write copies the site instead. (The
    refusal is simulated: no such file system can be mounted here.)"""
    output = tmp_path / "output"
    site = _site(50, "lama")
    _, state = write_site(site, output)
    refused = []

    def no_link(source, target, **options):
        refused.append(target)
        raise PermissionError(1, "Operation not permitted", str(target))

    monkeypatch.setattr(os, "link", no_link)
    site[9] = OutputFile("berita/9/index.html", b"<p>baru</p>")
    with staging_linked_soon(output, state, 1) as prelinked:
        summary, _ = write_site(site, output, state, prelinked=prelinked)
    assert summary.changed_paths == ("berita/9/index.html",)
    written = _files(output)
    written.pop(MARKER)
    assert written == {file.path: file.content for file in site}
    assert (output / "berita/5/index.html").stat().st_nlink == 1   # a copy
    assert len(refused) == 1   # linking stopped at the first refusal
    assert _stagings(tmp_path) == []


@pytest.mark.parametrize("path", ["../luar.html", "berita/../../luar.html", "/tmp/luar.html",
                                  "berita\\..\\..\\luar.html", ""])
def test_a_path_leaving_the_output_folder_is_refused_and_nothing_is_written(tmp_path, path):
    """Whatever a bug upstream makes of a slug, nothing is written outside output/: the
    write stops before anything moves, the old site kept, no staging folder left."""
    output = tmp_path / "situs" / "output"
    write_site(_site(3, "lama"), output)
    before = _files(tmp_path)
    with pytest.raises(UnsafeOutputPath):
        write_site([*_site(3, "baru"), OutputFile(path, b"<p>di luar</p>")], output)
    assert _files(tmp_path) == before
    assert sorted(path.name for path in (tmp_path / "situs").iterdir()) == ["output"]


def test_a_file_replaced_by_one_of_the_same_size_is_written_again(tmp_path):
    """A copied file (a static PDF, a photo) replaced by another of the same size, as a
    corrected form often is: its time differs, so the writer copies it again."""
    output, source = tmp_path / "output", tmp_path / "formulir.pdf"
    source.write_bytes(b"%PDF versi 1")
    _, state = write_site([OutputFile("formulir.pdf", source=source)], output)
    time.sleep(0.01)
    source.write_bytes(b"%PDF versi 2")
    write_site([OutputFile("formulir.pdf", source=source)], output, state,
               check_intact(output, state))
    assert (output / "formulir.pdf").read_bytes() == b"%PDF versi 2"
