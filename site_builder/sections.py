"""Sections of a page, news item or award: an id on each <h2> of its body, and the list
of them.

`sections(html)` (the `sections` filter of page.html, news.html and award.html) gives
each second-level heading without an id one made from its text ("Komputer dan
internet" -> `id="komputer-dan-internet"`), as Hugo and Zola give every heading, so
staff can share the address of a section (/layanan/#komputer-dan-internet,
/berita/kelas-menulis/#cara-mendaftar), and lists the headings, from which the page
opens with "Di halaman ini" when it has three sections or more (their tables of
contents). An id written with attr_list (`## Jam buka {#jam}`) is kept. Ids are
unique on the page: one already in the body, or one the theme gives the page around
the body (RESERVED_IDS: the skip link's target `isi`, the "Baca juga" box's
`baca-juga`, ...), gets "-2", "-3" ...

The body is HTML as the sanitizer wrote it (markdown.py), so its headings are plain
`<h2>` or `<h2 id="...">` tags with no `>` inside; a regex reads them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markupsafe import Markup

from site_builder.slugs import slugify

# The ids the theme gives a page, news item or award around its body: base.html's, and
# those of the boxes under an article (_macros.html; a test holds them to it).
RESERVED_IDS = frozenset({"isi", "menu", "katalog-atas", "di-halaman-ini",
                          "kegiatan-terkait", "penghargaan-terkait", "baca-juga"})

_HEADING = re.compile(r'<h2(?: id="([^"]*)")?>(.*?)</h2>', re.DOTALL)
ID_ATTRIBUTE = re.compile(r'\sid="([^"]*)"')   # every id of sanitized HTML
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Heading:
    id: str
    text: Markup   # the heading's text, its inline tags dropped (still HTML-escaped)


@dataclass(frozen=True)
class Sections:
    html: Markup                    # the body, every <h2> with an id
    headings: tuple[Heading, ...]   # in order


def _unique(wanted: str, taken: set[str]) -> str:
    found, number = wanted, 1
    while found in taken:
        number += 1
        found = f"{wanted}-{number}"
    taken.add(found)
    return found


def sections(body: str) -> Sections:
    """`body` with an id on each <h2>, and its headings (see the module doc)."""
    taken = set(RESERVED_IDS) | set(ID_ATTRIBUTE.findall(body))
    headings: list[Heading] = []

    def with_id(match: re.Match[str]) -> str:
        text = _TAG.sub("", match[2]).strip()
        if match[1]:
            heading_id = match[1]
        else:
            heading_id = _unique(slugify(html.unescape(text)) or "bagian", taken)
        headings.append(Heading(heading_id, Markup(text)))
        return f'<h2 id="{heading_id}">{match[2]}</h2>'

    return Sections(Markup(_HEADING.sub(with_id, body)), tuple(headings))
