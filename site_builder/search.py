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

Why a private temporary folder and `add_directory`, not `add_html_file` and
`get_files` (pagefind 1.5.2, measured): the Python client reads one answer per
0.1 s, so adding pages one by one costs 0.1 s a page (30 s for 300 pages, 0.35 s
with one `add_directory`), and `get_files` sends the whole bundle as a single
answer, which stops the client for good once it exceeds 2 MiB (300 pages of 600
words did) while the build waits for ever. The folder lives outside output/ and is
removed afterwards; only the writer writes under output/.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Any, Awaitable, Sequence

from pagefind.index import IndexConfig
from pagefind.service import PagefindService

from site_builder.config import SiteConfig
from site_builder.errors import Location, Problems
from site_builder.outputs import OutputFile

SEARCH_PAGE = "cari/"
BUNDLE = "pagefind"
LANGUAGE = "id"        # Pagefind's stemmer for Bahasa Indonesia
NOT_INDEXED = ("404.html", f"{SEARCH_PAGE}index.html")
TIMEOUT = 120          # seconds one request to the pagefind binary may take (0.3 s usual)
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
            if file.content is not None and file.path.endswith(".html")
            and file.path not in NOT_INDEXED]


def search_files(files: Sequence[OutputFile], config: SiteConfig, problems: Problems
                 ) -> list[OutputFile]:
    """The Pagefind bundle (pagefind/...) indexing the HTML pages among `files`."""
    try:
        bundle = _run(_build_index(indexed_pages(files), config.base_path))
    except (IndexFailed, OSError) as error:
        problems.error(TEMPLATE, "indeks pencarian tidak dapat dibuat, program Pagefind gagal: "
                                 f"{_describe(error)}. Pasang ulang dengan "
                                 "pip install 'pagefind[extended]'")
        return []
    return [OutputFile(f"{BUNDLE}/{path}", content) for path, content in sorted(bundle.items())]


def _run(coroutine: Awaitable[Any]) -> Any:
    """Run `coroutine` to its end, also when called from a running event loop (the
    preview server's): asyncio.run refuses that, so it then runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _build_index(pages: Sequence[OutputFile], base_path: str) -> dict[str, bytes]:
    """The bundle's files (path inside pagefind/ -> bytes) indexing `pages`."""
    with tempfile.TemporaryDirectory(prefix="site-builder-pagefind-") as folder:
        site, bundle = Path(folder) / "site", Path(folder) / "bundle"
        # Pages sit under the base path, so Pagefind's URLs are the site's own links.
        _write_pages(pages, site.joinpath(*PurePosixPath(base_path).parts[1:]))
        service = PagefindService()
        await service.launch()
        ok = False
        try:
            index = await _ask(service, service.create_index(
                IndexConfig(force_language=LANGUAGE)))
            await _ask(service, index.add_directory(str(site)))
            await _ask(service, index.write_files(str(bundle)))
            ok = True
        finally:
            await _stop(service, ok)
        return {path.relative_to(bundle).as_posix(): path.read_bytes()
                for path in sorted(bundle.rglob("*")) if path.is_file()}


def _write_pages(pages: Sequence[OutputFile], folder: Path) -> None:
    for page in pages:
        target = folder.joinpath(*PurePosixPath(page.path).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_GLUED.sub(rb"\g<0> ", page.content or b""))


async def _ask(service: PagefindService, request: Awaitable[Any]) -> Any:
    """The answer to `request`, or IndexFailed when the binary reports an error, stops
    answering or takes longer than TIMEOUT.

    The client's reader task ends only when the binary's output cannot be read (it
    exited, or printed something else); the request would then wait for ever.
    """
    answer = asyncio.ensure_future(request)
    reader = getattr(service, "_poll_task", None)   # private; without it only TIMEOUT helps
    waiting = {answer} if reader is None else {answer, reader}
    done, _ = await asyncio.wait(waiting, timeout=TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
    if answer in done:
        try:
            return answer.result()
        except Exception as error:   # the client raises plain Exception(message, request)
            raise IndexFailed(_describe(error)) from error
    if reader is not None and reader in done:
        raise IndexFailed(_describe(reader.exception()) if not reader.cancelled()
                          else "program berhenti")
    raise IndexFailed(f"tidak ada jawaban setelah {TIMEOUT} detik")


async def _stop(service: PagefindService, ok: bool) -> None:
    """End the binary. After a failure PagefindService.close() would wait 5 s for answers
    that never come (and log an error), so the process is killed instead."""
    if ok:
        await service.close()
        return
    reader = getattr(service, "_poll_task", None)
    process = getattr(service, "_backend", None)
    if reader is not None:
        if reader.done() and not reader.cancelled():
            reader.exception()   # retrieved: asyncio would log it as never retrieved
        reader.cancel()
    if process is not None and process.returncode is None:
        process.kill()
        await asyncio.wait({asyncio.ensure_future(process.wait())}, timeout=5)


def _describe(error: BaseException | None) -> str:
    """An error of the pagefind client in a few words, with what the binary printed."""
    if isinstance(error, asyncio.IncompleteReadError):
        printed = error.partial.decode("utf-8", "replace").strip()
        return "program berhenti" + (f" dengan pesan: {printed[:300]}" if printed else "")
    if isinstance(error, asyncio.LimitOverrunError):
        return "jawaban program terlalu besar"
    if isinstance(error, ConnectionError):   # it exited before reading the request
        return "program berhenti tiba-tiba"
    if isinstance(error, FileNotFoundError):
        return f"program tidak ditemukan ({error.filename or error})"
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror} ({error.filename})" if error.filename else error.strerror
    if isinstance(error, IndexFailed):
        return str(error)
    if isinstance(error, Exception) and error.args:
        return str(error.args[0])
    return repr(error)
