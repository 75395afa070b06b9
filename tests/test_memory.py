"""What keeps a build's memory small on a large site (benchmarks/speed.py measures it).

- Rendered pages and the search index's page files wait in a spool folder beside
  the output, not in memory, and the writer moves them into place: the build's
  files hold no page bytes, the site is the one a build without spool writes,
  and no spool folder is left.
- A body is held compressed (model.BodyHtml) yet prints as the HTML it is.
- The search index's page records share their terms once unpickled (from a
  render worker or the build cache).
- What a build makes is freed when it ends, by reference counting: the preview
  server builds again and again in one process, and a cycle kept a build's renderer
  (every page's record) until Python's cycle collector came by.
"""

from __future__ import annotations

import gc
import pickle
import shutil
from datetime import datetime
from pathlib import Path

import jinja2

from site_builder import render
from site_builder.model import BodyHtml
from site_builder.pipeline import BuildOptions, build_site
from site_builder.search import read_page
from site_builder.writer import recover_output

PROJECT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 24, 9, 0)


def _sample(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(PROJECT / "content", root / "content")
    return root


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_pages_wait_in_a_spool_beside_the_output_not_in_memory(tmp_path):
    root = _sample(tmp_path)
    options = BuildOptions(content_dir=root / "content", output_dir=root / "output", now=NOW,
                           jobs=1)
    result = build_site(options)
    pages = [file for file in result.files if file.path.endswith(".html")]
    index_pages = [file for file in result.files if file.path.startswith("cari/indeks/h/")]
    assert len(pages) > 40 and index_pages
    assert all(file.spooled and file.content is None for file in pages + index_pages)
    # Moved into place, then the spool is gone: nothing else beside output/.
    assert sorted(path.name for path in root.iterdir()) == [".cache", "content", "output"]
    # The site is the one a build that holds everything in memory writes.
    check = build_site(BuildOptions(content_dir=root / "content", output_dir=root / "x",
                                    now=NOW, cache=False), write=False)
    in_memory = {file.path: file.content for file in check.files if file.content is not None}
    written = _files(root / "output")
    assert {path: written[path] for path in in_memory} == in_memory
    assert [file.path for file in pages] == [file.path for file in check.files
                                             if file.path.endswith(".html")]


def test_a_spool_left_by_a_killed_build_is_removed_by_the_next(tmp_path):
    root = _sample(tmp_path)
    left = root / ".output.pages-123-x1y2z3"
    left.mkdir(parents=True)
    (left / "123-0").write_bytes(b"<p>setengah</p>")
    recover_output(root / "output")
    assert not left.exists()


def test_a_body_prints_as_its_html_and_compares_by_its_text():
    text = "<p>“Membaca” itu <em>hak</em> semua orang &amp; warga.</p>"
    body = BodyHtml(text)
    assert str(body) == text and len(body) == len(text) and "hak" in body
    assert len(body.packed) < len(text.encode("utf-8")) * 2   # compressed, not a str
    environment = jinja2.Environment(autoescape=True)
    assert environment.from_string("{{ b }}|{{ b | safe }}|{{ b | length }}").render(b=body) \
        == f"{text}|{text}|{len(text)}"
    assert body == BodyHtml(text) and hash(body) == hash(BodyHtml(text))
    assert body != BodyHtml(text + " ") and body != text
    again = pickle.loads(pickle.dumps(body))
    assert again == body and str(again) == text


def test_page_records_share_their_terms_once_unpickled():
    pages = [(f"berita/{n}/index.html",
              f'<main><article data-search-body><h1>Kelas {n}</h1><p>Kelas menulis dan '
              f'membaca gratis untuk warga nomor {n}.</p></article></main>'.encode())
             for n in ("satu", "dua")]
    first, second = (pickle.loads(pickle.dumps(read_page(path, html))) for path, html in pages)
    assert "baca" in first.text_terms and b"membaca gratis" in first.data
    for term in set(first.text_terms) & set(second.text_terms):
        assert first.text_terms[first.text_terms.index(term)] \
            is second.text_terms[second.text_terms.index(term)]
    assert first == read_page(*pages[0])


def test_the_index_reads_a_spooled_page_it_was_not_given_a_record_of(tmp_path):
    from site_builder.buildcache import BuildCache
    from site_builder.search import index_files
    from site_builder.writer import Spool

    html = (b'<main><article data-search-body><h1>Kelas Menulis</h1><p>Menulis cerita '
            b'bersama warga.</p></article></main>')
    page = Spool(tmp_path).put("berita/kelas/index.html", html)

    def output_copy(path: str) -> bytes:
        raise AssertionError(f"{path} was rendered this build: output/ holds an old copy")

    files = {file.path: file for file in index_files([page], "/", BuildCache(None), "x", {},
                                                     output_copy)}
    assert b"bersama warga" in files["cari/indeks/h/0.json"].content


def test_a_builds_renderer_is_freed_when_the_build_ends(tmp_path):
    """No reference cycle holds the renderer, its environment's filters included: with
    the cycle collector off, nothing of it is left once the build has returned."""
    root = _sample(tmp_path)
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        result = build_site(BuildOptions(content_dir=root / "content",
                                         output_dir=root / "output", now=NOW))
        assert result.files
        del result
        left = [found for found in gc.get_objects() if isinstance(found, render._Renderer)]
    finally:
        if was_enabled:
            gc.enable()
    assert left == []
