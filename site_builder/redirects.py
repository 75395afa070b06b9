"""Old addresses: the `aliases` of news items, awards and standing pages.

A link shared on WhatsApp or printed on a poster outlives the address it names: a file
renamed, a slug fixed, the site before this one. Each old address a document lists in
`aliases` (as Hugo's and Zola's front matter do) is published as a small page,
templates/redirect.html, that sends the reader on at once with a meta refresh (no
JavaScript, no server setting: any static host serves it) and shows a link for a browser
that does not follow it. Search engines are pointed at the new address (canonical,
noindex); the sitemap, the feed and the search index leave old addresses out.

An old address is written as a path of the site ("/berita/judul-lama/",
"berita/judul-lama", "/arsip/kelas.html") or as a full address on the site's own host
(copied from the address bar). `redirects(documents, config, problems)` reads them into
`Redirect` values; assemble.py checks that no other file claims the same path.
"""

from __future__ import annotations

import re
from typing import Iterable
from urllib.parse import unquote, urlsplit

from site_builder.config import SiteConfig
from site_builder.errors import Problems
from site_builder.model import Document, Redirect

# The files a static host serves as a page; any other suffix is served as a file of its
# own type, so a page there would not be shown.
PAGE_SUFFIXES = (".html", ".htm")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_UNUSABLE = re.compile(r"[\x00-\x1f\x7f\\]")
EXAMPLE = "/berita/judul-lama/"


def old_address_path(written: str, config: SiteConfig) -> tuple[str | None, str | None]:
    """The output path of an old address as written ("berita/judul-lama/index.html"), or
    None and what is wrong with it, in words for staff."""
    if "?" in written or "#" in written:
        mark = "?" if "?" in written else "#"
        return None, (f'"{written}" memakai "{mark}": situs statis tidak melihat bagian '
                      f'alamat mulai dari "{mark}", jadi alamat ini tidak bisa dialihkan; '
                      'hapus dari "aliases"')
    path = written
    if _SCHEME.match(written):
        parts, site = urlsplit(written), urlsplit(config.base_url)
        host = (parts.hostname or "").lower()
        if parts.scheme.lower() not in ("http", "https") or host != site.hostname:
            return None, (f'"{written}" adalah alamat situs lain ({host or parts.scheme}); yang '
                          f"bisa dialihkan hanya alamat di situs ini ({config.base_url}), "
                          f"misalnya {EXAMPLE}")
        path = parts.path or "/"
        if not (path + "/").startswith(config.base_path):
            return None, (f'"{written}" berada di luar alamat situs ini ({config.base_url}); '
                          f"tulis alamat di dalamnya, misalnya {EXAMPLE}")
        path = path[len(config.base_path):]
    path = unquote(path).lstrip("/")
    if _UNUSABLE.search(path):
        return None, f'"{written}" berisi garis miring terbalik (\\) atau karakter kendali'
    folders, _, name = path.rpartition("/")
    segments = [*folders.split("/"), name] if folders else [name]
    if any(segment in (".", "..") for segment in segments):
        return None, (f'"{written}" memakai ".." atau ".": tulis alamat lengkapnya dari '
                      f"awal situs, misalnya {EXAMPLE}")
    if any(segment == "" for segment in segments[:-1]):
        return None, f'"{written}" berisi "//"; tulis satu garis miring di antara bagiannya'
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    if not suffix:
        return (path + "/" if name else path) + "index.html", None
    if suffix in PAGE_SUFFIXES:
        return path, None
    return None, (f'"{written}" berakhiran "{suffix}", yang oleh situs statis tidak dikirim '
                  'sebagai halaman; yang bisa dialihkan hanya alamat yang berakhiran "/" '
                  'atau ".html"')


def redirects(documents: Iterable[Document], config: SiteConfig, problems: Problems
              ) -> tuple[Redirect, ...]:
    """The redirect pages of the `aliases` of `documents`; an old address that cannot be
    one is an error at its line (one that another file claims too: assemble.py)."""
    made: list[Redirect] = []
    for document in documents:
        seen = set()
        for alias in document.aliases:
            origin = document.origin.at(alias.line)
            path, problem = old_address_path(alias.written, config)
            if path == document.url_path + "index.html":
                problem = (f'"{alias.written}" adalah alamat tulisan ini sendiri, bukan alamat '
                           'lama; hapus dari "aliases"')
            if problem:
                problems.error(origin, f'kolom "aliases": {problem}')
            elif path not in seen:
                seen.add(path)
                made.append(Redirect(path, document, origin))
    return tuple(made)
