"""Search: the Pagefind index of the rendered pages, made during the build.

`search_files(files, config, problems)` takes the rendered pages (OutputFiles,
before anything is written) and returns the Pagefind bundle as OutputFiles
under `pagefind/`. Every HTML page except 404.html and the search page itself
is handed to Pagefind; Pagefind keeps only the part of a page marked
`data-pagefind-body` (the article of a news item, award, program or standing
page) and, once any page has that mark, leaves out the pages without it (home,
lists, tags). Result URLs include the base path ("/perpustakaan/berita/x/"),
so the search page's script sets Pagefind's `baseUrl` to "/".

The language is forced to Indonesian, so that words are stemmed as Indonesian
whatever a page's lang says. When the pagefind binary is missing or fails, the
problem is recorded at templates/search.html and nothing is returned.

Why the binary on a private temporary folder, not the package's Python API
(pagefind 1.5.2, measured): its client reads one answer per 0.1 s, so a build
waits 0.3 s for three requests (the command line takes 0.05 s on the sample site),
adding pages one by one costs 0.1 s a page, and `get_files` sends the whole bundle
as one answer, which stops the client for good once it exceeds 2 MiB while the
build waits for ever. The folder lives outside output/ and is removed afterwards;
only the writer writes under output/.

Pagefind cannot add to an index, so the pipeline runs it only when an indexed
page changed (`index_key`); otherwise the bundle output/ holds is kept.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path, PurePosixPath
from typing import Callable, Sequence

from site_builder.config import SiteConfig
from site_builder.errors import Location, Problems
from site_builder.buildcache import digest
from site_builder.outputs import OutputFile
from site_builder.writer import file_digest

SEARCH_PAGE = "cari/"
BUNDLE = "pagefind"
LANGUAGE = "id"        # Pagefind's stemmer for Bahasa Indonesia
NOT_INDEXED = ("404.html", f"{SEARCH_PAGE}index.html")
TIMEOUT = 300          # seconds the pagefind binary may take (0.05 s on the sample site)
TEMPLATE = Location(Path("templates") / "search.html")


# Pagefind 1.5.2 runs the text of these elements into the next one when no whitespace
# separates them: <dt>Pemberi</dt><dd>Perpusnas</dd> is indexed as the one word
# "PemberiPerpusnas". The copy Pagefind reads gets a space after each closing tag.
_GLUED = re.compile(rb"</(?:dt|dd|th|figcaption|summary|address|blockquote|header|footer)>",
                    re.IGNORECASE)


class IndexFailed(Exception):
    """The pagefind binary could not make the index; the message says why."""


def indexed_pages(files: Sequence[OutputFile]) -> list[OutputFile]:
    """The HTML pages among `files` that Pagefind reads (404 and the search page excluded)."""
    return [file for file in files
            if (file.content is not None or file.kept) and file.path.endswith(".html")
            and file.path not in NOT_INDEXED]


def index_key(files: Sequence[OutputFile], base_path: str) -> str:
    """A digest of what the index is made from: every indexed page's content."""
    return digest(base_path, os.environ.get("PAGEFIND_BINARY_PATH", ""),
                  *(part for file in indexed_pages(files)
                    for part in (file.path, file_digest(file))))


def search_files(files: Sequence[OutputFile], config: SiteConfig, problems: Problems,
                 kept_content: Callable[[str], bytes] | None = None,
                 workspace: Path | None = None) -> list[OutputFile]:
    """The Pagefind bundle (pagefind/...) indexing the HTML pages among `files`;
    `kept_content(path)` reads a kept page (one output/ holds unchanged).

    `workspace`, a folder of the build cache, keeps Pagefind's input between
    builds: only the pages that changed are written to it again."""
    pages = indexed_pages(files)
    try:
        if workspace is None:
            with tempfile.TemporaryDirectory(prefix="site-builder-pagefind-") as folder:
                bundle = _build_index(pages, config.base_path, Path(folder), kept_content)
        else:
            bundle = _build_index(pages, config.base_path, workspace, kept_content)
    except (IndexFailed, OSError) as error:
        problems.error(TEMPLATE, "indeks pencarian tidak dapat dibuat, program Pagefind gagal: "
                                 f"{_describe(error)}. Pasang ulang dengan "
                                 "pip install 'pagefind[extended]'")
        return []
    return [OutputFile(f"{BUNDLE}/{path}", content) for path, content in sorted(bundle.items())]


def _executable() -> str:
    """The pagefind binary: PAGEFIND_BINARY_PATH (as Pagefind's own client reads it), else
    the one `pip install 'pagefind[extended]'` brought."""
    if os.environ.get("PAGEFIND_BINARY_PATH"):
        return os.environ["PAGEFIND_BINARY_PATH"]
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        try:
            from pagefind_bin import get_executable
        except ImportError as error:
            raise IndexFailed("program pagefind tidak terpasang") from error
    return str(get_executable())


def _build_index(pages: Sequence[OutputFile], base_path: str, folder: Path,
                 kept_content: Callable[[str], bytes] | None) -> dict[str, bytes]:
    """The bundle's files (path inside pagefind/ -> bytes) indexing `pages`; Pagefind's
    input and output are made in `folder`."""
    site, bundle = folder / "site", folder / "bundle"
    shutil.rmtree(bundle, ignore_errors=True)
    # Pages sit under the base path, so Pagefind's URLs are the site's own links.
    _mirror_pages(pages, site, PurePosixPath(base_path).parts[1:], kept_content)
    command = [_executable(), "--site", str(site), "--output-path", str(bundle),
               "--force-language", LANGUAGE, "--quiet"]
    try:   # cwd: Pagefind reads a pagefind.yml it finds there
        done = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                              timeout=TIMEOUT)
    except subprocess.TimeoutExpired as error:
        raise IndexFailed(f"tidak selesai setelah {TIMEOUT} detik") from error
    if done.returncode != 0:
        printed = (done.stderr or done.stdout).strip()
        raise IndexFailed(f"program berhenti dengan kode {done.returncode}"
                          + (f" dan pesan: {printed[-300:]}" if printed else ""))
    files = {path.relative_to(bundle).as_posix(): path.read_bytes()
             for path in sorted(bundle.rglob("*")) if path.is_file()}
    shutil.rmtree(bundle, ignore_errors=True)
    return files


RECORDS = "pages.json"   # in the workspace: page path -> digest of what site/ holds for it


def _mirror_pages(pages: Sequence[OutputFile], site: Path, base: Sequence[str],
                  kept_content: Callable[[str], bytes] | None) -> None:
    """Make `site` hold exactly Pagefind's copy of each page (see _pagefind_copy),
    rewriting only pages whose digest differs from the one recorded."""
    records_path = site.parent / RECORDS
    try:
        records = json.loads(records_path.read_text(encoding="utf-8")) if site.is_dir() else {}
    except (OSError, ValueError):
        records = {}
    if not isinstance(records, dict):
        records = {}
    top = os.path.join(str(site), *base)
    wanted: dict[str, str] = {}
    for page in pages:
        value = file_digest(page)
        target = os.path.join(top, *PurePosixPath(page.path).parts)
        wanted[target] = value
        if records.get(target) == value and os.path.isfile(target):
            continue
        content = page.content if page.content is not None else (
            kept_content(page.path) if kept_content else b"")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as file:
            file.write(_pagefind_copy(content))
    for target in set(records) - set(wanted):
        try:
            os.unlink(target)
        except OSError:
            pass
    records_path.write_text(json.dumps(wanted), encoding="utf-8")


_BODY = re.compile(rb"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\bdata-pagefind-body\b[^>]*>")
_TITLE = re.compile(rb"<title>.*?</title>", re.DOTALL)


def _marked_element(page: bytes) -> bytes | None:
    """The element marked data-pagefind-body, whole, or None when there is none."""
    start = _BODY.search(page)
    if start is None:
        return None
    name = start[1]
    opening, closing = re.compile(rb"<" + name + rb"\b"), b"</" + name + b">"
    depth, position = 1, start.end()
    while depth:
        end = page.find(closing, position)
        if end < 0:
            return None
        depth += len(opening.findall(page, position, end)) - 1
        position = end + len(closing)
    return page[start.start():position]


def _pagefind_copy(page: bytes) -> bytes:
    """What Pagefind reads of a page: its title and the element marked
    data-pagefind-body (the rest is never indexed: a third of the bytes to parse),
    with a space after the closing tags it would glue to the next word. A page
    with Pagefind marks outside that element is kept whole."""
    body = _marked_element(page)
    if body is None or page.count(b"data-pagefind-") != body.count(b"data-pagefind-"):
        return _GLUED.sub(rb"\g<0> ", page)
    title = _TITLE.search(page)
    return (b'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
            + (title[0] if title else b"") + b"</head><body>"
            + _GLUED.sub(rb"\g<0> ", body) + b"</body></html>")


def _describe(error: BaseException) -> str:
    """An error running the binary in a few words."""
    if isinstance(error, FileNotFoundError):
        return f"program tidak ditemukan ({error.filename or error})"
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror} ({error.filename})" if error.filename else error.strerror
    return str(error)
