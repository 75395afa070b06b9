"""Links to files: a body's link to a file the site publishes as it is says the file's
kind and size, so a resident on a metered phone knows what a tap costs before making it.

    [brosur](brosur.pdf)
        -> <a href="brosur.pdf">brosur <span class="file-info">(PDF, 7,6 MB)</span></a>
    [brosur (PDF)](brosur.pdf)
        -> <a href="brosur.pdf">brosur (PDF) <span class="file-info">(7,6 MB)</span></a>

The note goes inside the link, so it is part of the link's name for screen readers
too. It is added at render time (the `with_file_info` filter of the templates that
show a body or a program's description, and feeds.py to the bodies of the feed), to
links that name a file of
`PublishedFiles`: content files published byte for byte (static/, and what lies
beside a bundle's index.md but its processed photos, which are resized to be light).
A link to a page, to another site, or with nothing but an image in it is left alone.
The kind is the file's extension in capitals (PDF, DOCX, MP4); the size is counted in
thousands, as phones count data ("850 KB", "7,6 MB"). A page's key counts the sizes of
the files its body (or a program's description) links to (pagekeys.py), so replacing
a file with a larger one renders the pages that link to it again.
"""

from __future__ import annotations

import html as html_module
import os
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Collection, Iterable, Mapping

from markupsafe import escape

from site_builder.images import site_path
from site_builder.model import Asset, Document

_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"', re.IGNORECASE)
_PAGE_SUFFIXES = ("", ".html", ".htm")   # a link to one of these opens a page


def published_as_is(assets: Iterable[Asset], pictures: Collection[str]) -> list[Asset]:
    """The content files published byte for byte: those of static/ and beside a bundle's
    index.md, but the processed photos (`pictures`, by url_path: images.py's variants, the
    largest at the photo's own address, so the camera's file, with its GPS, is not)."""
    return [asset for asset in assets if asset.url_path not in pictures]


class PublishedFiles:
    """The content files published as they are, by url_path ("berita/x/brosur.pdf"), and
    their sizes in bytes, each read once, when first asked for."""

    @classmethod
    def of(cls, assets: Iterable[Asset]) -> PublishedFiles:
        """Those of `assets` (published_as_is)."""
        return cls({asset.url_path: asset.path for asset in assets})

    def __init__(self, paths: Mapping[str, Path]):
        self._paths = {url_path: path for url_path, path in paths.items()
                       if posixpath.splitext(url_path)[1].lower() not in _PAGE_SUFFIXES}
        self._sizes: dict[str, int | None] = {}
        self._suffixes = {posixpath.splitext(url_path)[1].lower() for url_path in self._paths}

    def __bool__(self) -> bool:
        return bool(self._paths)

    def __contains__(self, url_path: object) -> bool:
        return url_path in self._paths

    def may_name(self, href: str) -> bool:
        """Whether `href` ends in the extension of one of these files (a quick test, before
        it is resolved)."""
        name = href.partition("#")[0].partition("?")[0].rpartition("/")[2]
        return posixpath.splitext(name)[1].lower() in self._suffixes

    def size(self, url_path: str) -> int | None:
        """The file's size, None when it is not one of these files (or cannot be read)."""
        if url_path not in self._sizes:
            path = self._paths.get(url_path)
            try:
                self._sizes[url_path] = os.stat(path).st_size if path is not None else None
            except OSError:
                self._sizes[url_path] = None
        return self._sizes[url_path]


def size_text(size: int) -> str:
    """A file size as phones show data: "850 KB", "7,6 MB", "30 MB" (thousands, a decimal
    comma, one decimal under 10, a no-break space before the unit)."""
    value, unit = size / 1000, "KB"
    for larger in ("MB", "GB", "TB"):
        if round(value) < 1000:
            break
        value, unit = value / 1000, larger
    if unit != "KB" and round(value, 1) < 10:
        number = f"{value:.1f}".replace(".", ",")
    else:
        number = str(max(1, round(value)))
    return f"{number}\u00a0{unit}"


def file_note(url_path: str, size: int, link_text: str) -> str:
    """"(PDF, 7,6 MB)"; "(7,6 MB)" when the link's text already names the kind."""
    kind = posixpath.splitext(url_path)[1][1:].upper()
    if not kind or re.search(rf"(?<!\w){re.escape(kind)}(?!\w)", link_text, re.IGNORECASE):
        return f"({size_text(size)})"
    return f"({kind}, {size_text(size)})"


def linked_files(document: Document, base_path: str, files: PublishedFiles) -> list[str]:
    """The url_paths of `files` that the links of `document`'s body name."""
    if not files:
        return []
    return [path for reference in document.references
            if reference.tag == "a" and files.may_name(reference.value)
            for path in [_target(reference.value, files, base_path, document.url_path)]
            if path is not None]


class _Link:
    def __init__(self, href: str):
        self.href = href
        self.text: list[str] = []
        self.end: int | None = None   # offset of its "</a>"


class _LinkFinder(HTMLParser):
    """The <a href> elements of an HTML fragment: where each ends, and its text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", html)]
        self.links: list[_Link] = []
        self.open: _Link | None = None

    @classmethod
    def links_of(cls, html: str) -> list[_Link]:
        finder = cls(html)
        finder.feed(html)
        finder.close()
        return [link for link in finder.links if link.end is not None]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            self.open = _Link(href) if href else None
            if self.open is not None:
                self.links.append(self.open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.open is not None:
            self.open.end = self._offset()
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.open.text.append(data)


def linked_in_html(html: str, files: PublishedFiles, base_path: str,
                   page_path: str | None) -> list[str]:
    """The url_paths of `files` that the links of body HTML name (a program's description,
    which keeps no LinkReference of its links)."""
    if not files or "<a" not in html:
        return []
    return [path for href in _HREF.findall(html) if files.may_name(href)
            for path in [_target(html_module.unescape(href), files, base_path, page_path)]
            if path is not None]


def _target(href: str, files: PublishedFiles, base_path: str, page_path: str | None
            ) -> str | None:
    path = site_path(href, base_path, page_path)
    return path if path is not None and path in files else None


def with_file_info(html: str, files: PublishedFiles, base_path: str,
                   page_path: str | None) -> str:
    """Body HTML with a note of kind and size inside each link to one of `files` (see the
    module doc). A relative href is resolved against `page_path` ("berita/x/")."""
    if not linked_in_html(html, files, base_path, page_path):
        return html   # most bodies: no link to a file, nothing to parse
    pieces, done = [], 0
    for link in _LinkFinder.links_of(html):
        path, text = _target(link.href, files, base_path, page_path), "".join(link.text)
        size = files.size(path) if path is not None else None
        if size is None or not text.strip():
            continue
        note = escape(file_note(path, size, text))
        pieces += [html[done:link.end], f' <span class="file-info">{note}</span>']
        done = link.end
    return "".join(pieces) + html[done:]
