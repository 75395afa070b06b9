"""The writer's threads: every file lands, in its folder; a file that cannot be written
stops the write with the old site intact and no staging folder left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.outputs import OutputFile
from site_builder.writer import MARKER, WRITE_THREADS, WriteFailed, spool_beside, write_site


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
