"""Search: the site's own index of its articles (cari/indeks/), read by assets/search.js.

The theme marks what is indexed: the element with `data-search-body` (the article
of a news item, award, program or standing page); inside it, elements with
`data-search-ignore` are left out, `data-search-meta="name"` names a fact shown
with a result (the element's text) and `data-search-meta="name:value"` on the
article gives one directly, its words indexed with the text (the page's kind: a
class page, "jenis:Jadwal", is found by "jadwal merajut"); `data-search-date`
orders pages, and its year and month are indexed with the text ("2020", "mei":
`_date_terms`). Pages without the mark (home, lists, tags, 404, cari/) are not
indexed, nor are files published as they are (an .html file of static/: _published_as_is).

The index (format version 2), under cari/indeks/:

- `meta.json`: {"version": 2, "pages": N, "chunks": [[first term, file], ...],
  "undated": U}, the chunks in term order; chunk i holds the terms from its first
  up to the next chunk's first (the first chunk's first is ""). The pages without
  a date (classes, standing pages) have the ids below U; search.js ranks them
  ahead of news (an index written before "undated" is read as U = 0).
- `k/<hash>.json`, a chunk: {term: [[title ids], [text ids]]}, the pages whose
  title holds the term and those whose text only does; ids ascending and
  delta-encoded (first id, then differences). Named by content, so a browser
  may keep them. A chunk holds at most about CHUNK_BYTES characters (a single
  term's lists may hold more), so a search for a word found on most pages of a
  large site fetches that word's lists, not a megabyte of other words'.
- `h/<id>.json`, a page: {"url", "title", "meta": {name: text}, "text"} ("text": its
  blocks as sentences, `_text_pieces`), and when its
  text has sections (the `##` headings of a page, news item or award, sections.py; any
  <h2> with an id) "sections": [[offset, id], ...], where each starts in "text" (in
  UTF-16 code units, as the browser counts): a result whose excerpt lies in one links
  to it (`url#id`).

Page ids follow (date, path), so a new newest item takes the next id. A term is
a word (letters and digits, 2 to 40 of them, accents dropped, lower case)
stemmed by Snowball's Indonesian stemmer: "pelatihan" and "dilatih" are both
"latih". A word written with hyphens gives the terms of its parts and of them
joined, so that it is found written as one ("Wi-Fi": "wi", "fi", "wifi"), but for
a repeated word ("anak-anak": "anak"). A page holding a phrase of PHRASES
("lanjut usia") also has the term of its word ("lansia"). (Version 1 had neither
the joined words nor the kind.) A term starts a run of chunks when its digest
says so (about one in CHUNK terms), whatever other terms exist; within a run, a
term that would take its chunk past CHUNK_BYTES starts the next chunk. So an
edit re-splits only the runs it touches, and an index patched build after build
is byte for byte the one a clean build makes.

Kept up to date page by page (`index_files`): a page whose key is unchanged is
not read again; a changed page's old and new terms say which chunks change.
Only the entries of the terms that move are decoded and written anew; the rest
of a touched run is cut again from the text the cache holds. When ids would
shift (a page removed, or added before the newest), the index is made again
from every page's record in the build cache. The search page's
script does the rest in the browser: no program runs at build time, nothing is
compiled in the browser.
"""

from __future__ import annotations

import bisect
import html
import json
import operator
import re
import sys
import unicodedata
import zlib
from collections import defaultdict
from itertools import accumulate
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Collection, Iterable, Mapping, Sequence

import snowballstemmer

from site_builder import packing
from site_builder.addresses import SEARCH
from site_builder.buildcache import BuildCache, digest
from site_builder.outputs import OutputFile
from site_builder.times import MONTH_TITLES
from site_builder.writer import OutputRecord, Spool, file_digest, made_files

SEARCH_PAGE = SEARCH
BUNDLE = f"{SEARCH}indeks"
VERSION = 2             # of the format; search.js reads only its own (its VERSION)
NOT_INDEXED = ("404.html", f"{SEARCH_PAGE}index.html")
CHUNK = 64              # terms per run of chunks on average (see _split)
# A chunk's most characters, "{" to "}" (one term's lists may hold more): at 10,000 pages
# a word on every page has lists of some 30,000 characters, and one chunk of the
# benchmark's site, holding "buku", "desa" and "jepara", was 2.5 MB before chunks had a
# size.
CHUNK_BYTES = 64 * 1024
MARK = b"data-search-body"
MADE_AT_ONCE = 512      # index files held in memory at once, while threads write them


# --- words and terms -----------------------------------------------------------------------

_ACCENTS = re.compile("[\u0300-\u036f]")
_WORD = re.compile(r"[^\W_]+")     # assets/search.js: /[\p{L}\p{N}]+/gu
_HYPHEN = "-\u2010\u2011"
_HYPHENATED = re.compile(f"[^\\W_]+(?:[{_HYPHEN}][^\\W_]+)+")   # search.js: queryWords
_STEMMER = snowballstemmer.stemmer("indonesian")   # PyStemmer's C one, where installed
_STEMS: dict[str, str] = {}
SHORTEST, LONGEST = 2, 40   # the lengths of an indexed word


def _folded(text: str) -> str:
    return _ACCENTS.sub("", unicodedata.normalize("NFKD", text)).lower()


def words(text: str) -> list[str]:
    """The words of `text` as the index spells them: no accents, lower case."""
    return _words(_folded(text))


def _words(folded: str) -> list[str]:
    return [word for word in _WORD.findall(folded) if SHORTEST <= len(word) <= LONGEST]


def joined_words(text: str) -> list[str]:
    """The hyphenated words of `text` written as one ("Wi-Fi": "wifi"), as words() spells
    them; not a word repeated ("anak-anak"), which its part stands for."""
    return _joined(_folded(text))


def _joined(folded: str) -> list[str]:
    found = []
    for run in _HYPHENATED.findall(folded):
        parts = re.split(f"[{_HYPHEN}]", run)
        word = "".join(parts)
        if len(set(parts)) > 1 and SHORTEST <= len(word) <= LONGEST:
            found.append(word)
    return found


# Phrases pages write for a word residents type: a page holding the phrase (its words one
# after the other, whatever their case) is indexed under the word too, in its title or its
# text as the phrase is. The word finds the page; search.js's PHRASES, the same, searches
# the phrase typed as the word and marks its words. (As an alias of ALIASES in search.js,
# "lansia" would also look up "lanjut" alone, and find "tindak lanjut".)
PHRASES = {"lansia": "lanjut usia"}


def _phrase_pattern(words: list[str]) -> re.Pattern[str]:
    """The words one after the other, each whole, whatever the case of their letters.

    Written as the first word, then a look back that no letter, digit or "_" comes before it,
    rather than "\\b" and the word: a search for a pattern that begins with a word skips
    ahead to where it could start (13 µs a page of text, not 37)."""
    first = re.escape(words[0])
    rest = "".join(rf"[\s\u2010\u2011-]+{re.escape(word)}" for word in words[1:])
    return re.compile(rf"{first}(?<!\w{first}){rest}\b", re.IGNORECASE)


_PHRASES = [(word, phrase.split(), _phrase_pattern(phrase.split()))
            for word, phrase in PHRASES.items()]


def _phrase_terms(text: str, found: set[str]) -> set[str]:
    """The terms of the words of PHRASES whose phrase `text` holds; `found`: its terms
    (a phrase whose words are not all among them is not looked for)."""
    return {_stem(word) for word, parts, pattern in _PHRASES
            if all(_stem(part) in found for part in parts) and pattern.search(text)}


def _date_terms(date: str) -> set[str]:
    """The terms of a page's date (data-search-date, "2020-05-18T08:00:00+07:00", in the
    site's time zone): its year and the Indonesian name of its month, "2020" and "mei".
    Residents add the year to what they search ("libur lebaran 2020"), which an item's
    text seldom writes: its date is shown beside it."""
    match = re.match(r"(\d{4})-(\d\d)", date)
    if match is None or not 1 <= int(match[2]) <= 12:
        return set()
    return terms(f"{match[1]} {MONTH_TITLES[int(match[2]) - 1]}")


def _stem(word: str) -> str:
    stem = _STEMS.get(word)
    if stem is None:
        stem = _STEMS[word] = _STEMMER.stemWord(word)
    return stem


# The terms of each white-space-separated piece of text met by this process. Pages share
# most of their pieces ("Perpustakaan", "desa,"), so a page costs a split and a few set
# operations instead of finding every word of its text again (a third of the time).
_PIECE_TERMS: dict[str, tuple[str, ...]] = {}


def terms(text: str) -> set[str]:
    """The index terms of `text`: its words and joined_words, stemmed.

    The same as stemming those of the whole text, piece by piece: no word spans white
    space, which folding keeps as it is (it decomposes, drops combining accents and lowers
    case, none of which joins what white space separates)."""
    return _terms_of(text.split())


def _terms_of(pieces: Iterable[str]) -> set[str]:
    """terms() of the text made of these white-space-free pieces."""
    known = _PIECE_TERMS
    distinct = set(pieces)
    for piece in distinct.difference(known):   # set.difference looks each piece up in the dict
        folded = _folded(piece)
        found = _words(folded)
        if any(hyphen in folded for hyphen in _HYPHEN):
            found += _joined(folded)
        known[piece] = tuple({_stem(word) for word in found})
    return set().union(*map(known.__getitem__, distinct))


# --- what a page gives the index -------------------------------------------------------------

@dataclass(frozen=True)
class PageRecord:
    """What the index holds of one page: its date (orders ids), its terms, and the
    page file (h/<id>.json) shown with a result."""

    date: str
    title_terms: tuple[str, ...]   # (terms in no particular order)
    text_terms: tuple[str, ...]    # terms of the text that are not in the title
    packed_data: bytes             # the page file, packed (packing.py): a build holds all

    @property
    def data(self) -> bytes:
        return packing.unpacked(self.packed_data)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _unpickled_record, (self.date, self.title_terms, self.text_terms,
                                   self.packed_data)


def _unpickled_record(date: str, title_terms: tuple[str, ...], text_terms: tuple[str, ...],
                      packed_data: bytes) -> PageRecord:
    """A record come from a render worker or the cache, its terms interned: a site's pages
    share a vocabulary of a few thousand words, so 10,000 records hold one copy of each
    term instead of 2 million strings (about 100 MiB)."""
    return PageRecord(date, tuple(map(sys.intern, title_terms)),
                      tuple(map(sys.intern, text_terms)), packed_data)


_OPENING = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")
_ATTRIBUTE = re.compile(r'\s(data-search-[a-z]+)(?:="([^"]*)")?')
_LEFT_OUT = ("script", "style", "template")   # their content is no text: a space for all
_END_TAGS = {name: re.compile(f"</{name}\\s*>", re.IGNORECASE) for name in _LEFT_OUT}
# Inline elements: the words either side of their tags join ("<b>Per</b>pustakaan").
_INLINE = frozenset("a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong "
                    "sub sup time u var".split())
# Block elements: where one ends, a sentence does (_text_pieces); "dt", a term of a
# definition list, ends with ":".
_BLOCKS = frozenset("p li dd dt h1 h2 h3 h4 h5 h6 td th caption figcaption blockquote summary pre "
                    "address div section aside header footer article ul ol dl table tr figure "
                    "details".split())
# A tag: group 1 the "/" of an end tag, 2 its name (the word characters after "<" or
# "</", so "a" of "<a-b>"), 3 the rest.
_TAG = re.compile(r"<(/?)(\w*)([^>]*)>")
_SECTION = re.compile(r' id="([^"<>]+)"')   # the rest of "<h2 id=...>" that starts a section
_CLOSERS = "\"')]\u00bb\u201d\u2019"   # may follow a block's last word: "(gratis)"


@lru_cache(maxsize=64)   # names the theme marks: article, p, section ...
def _tags_named(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The opening and the end tags of elements named `name`, as regexes."""
    return (re.compile(f"<{name}\\b", re.IGNORECASE),
            re.compile(f"</{name}\\s*>", re.IGNORECASE))


def _element_end(page: str, name: str, position: int) -> int:
    """Where the element named `name` whose opening tag ends at `position` ends
    (after its closing tag); the page's end when it is not closed."""
    opening, closing = _tags_named(name)
    depth = 1
    while depth:
        end = closing.search(page, position)
        if end is None:
            return len(page)
        depth += len(opening.findall(page, position, end.start())) - 1
        position = end.end()
    return position


def _marked(page: str, attribute: str, start: int = 0, end: int | None = None):
    """The elements with `attribute` between start and end: (start, end, name, attributes)."""
    end = len(page) if end is None else end
    position = start
    while True:
        found = page.find(attribute, position, end)
        if found < 0:
            return
        opening = page.rfind("<", start, found)
        match = _OPENING.match(page, opening) if opening >= 0 else None
        if match is None or match.end() <= found:
            position = found + len(attribute)
            continue
        attributes = dict((name, html.unescape(value or "")) for name, value
                          in _ATTRIBUTE.findall(match[2]))
        if attribute not in attributes:
            position = found + len(attribute)
            continue
        close = min(_element_end(page, match[1], match.end()), end)
        yield opening, close, match[1], attributes
        position = close


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment as a reader sees it: inline tags joined, block tags
    and line breaks as spaces, entities decoded, white space collapsed."""
    return " ".join(_text_pieces(fragment, sentences=False)[0])


def _text_pieces(fragment: str, sentences: bool = True
                 ) -> tuple[list[str], list[tuple[int, str]]]:
    """The white-space-separated pieces of a fragment's text, and where its sections start.

    The text is the fragment without its tags: an inline tag (_INLINE) joins the words
    either side, any other is a space; a script, style or template is left out up to its
    end tag; entities are decoded. One pass over the tags does all of it.

    Read as `sentences` (a page's article), a block (_BLOCKS: a paragraph, a heading, a
    list item, a fact of a definition list ...) whose text ends in a letter or digit gets
    "." after it, a term of a definition list ":". So an excerpt reads "Tempat: Ruang
    Baca. Biaya: Gratis." rather than "Tempat Ruang Baca Biaya Gratis", and a heading
    does not run into the paragraph after it. Each <h2> with an id (a section,
    sections.py) is given as (the number of pieces before it, its id)."""
    pieces: list[str] = []
    starts: list[tuple[int, str]] = []
    text: list[str] = []   # of the block being read: what lies between tags, and spaces
    position = skip = 0
    for tag in _TAG.finditer(fragment):
        start = tag.start()
        if start < skip:   # inside a script, style or template
            continue
        end_tag, name, rest = tag.groups()
        text.append(fragment[position:start])
        position = tag.end()
        lower = name.lower()
        if lower in _INLINE:
            continue
        if sentences and end_tag and lower in _BLOCKS and not rest.strip():
            pieces += html.unescape("".join(text)).split()
            text = []
            if pieces:
                last = pieces[-1]
                bare = last.rstrip(_CLOSERS)
                if bare and bare[-1].isalnum():
                    pieces[-1] = last + (":" if lower == "dt" else ".")
            continue
        # "<h2 id=": in lower case, as sections.py writes it
        if sentences and not end_tag and name == "h2" and (section := _SECTION.match(rest)):
            pieces += html.unescape("".join(text)).split()
            starts.append((len(pieces), html.unescape(section[1])))
            text = []
        text.append(" ")   # any other tag (and a section's heading) is a space
        if not end_tag and lower in _LEFT_OUT and (end := _END_TAGS[lower].search(fragment,
                                                                                   start)):
            position = skip = end.end()
    text.append(fragment[position:])
    return pieces + html.unescape("".join(text)).split(), starts


def _sections(pieces: list[str], starts: list[tuple[int, str]]) -> list[list[int | str]]:
    """[offset, id] of each section start (_text_pieces): where it starts in the text made
    of `pieces`, in UTF-16 code units (JavaScript's string indexes)."""
    return [[len(" ".join(pieces[:before]).encode("utf-16-le")) // 2 + (1 if before else 0),
             heading_id] for before, heading_id in starts]


def read_page(path: str, page: bytes, base_path: str = "/") -> PageRecord | None:
    """The index's record of the page at output path `path`, or None when the page has no
    data-search-body element (it is not indexed)."""
    if MARK not in page:
        return None
    source = page.decode("utf-8", "replace")
    body = next(_marked(source, "data-search-body"), None)
    if body is None:
        return None
    start, end, _, attributes = body
    article = source[start:end]
    # The facts shown with a result, then the text without what is ignored.
    given = attributes.get("data-search-meta", "")   # "jenis:Berita" on the article itself
    meta = dict([given.split(":", 1)]) if ":" in given else {}
    inside = len(_OPENING.match(article)[0])
    for fact_start, fact_end, _, fact in _marked(article, "data-search-meta", inside):
        name = fact["data-search-meta"]   # read before what is ignored is cut: it may be in it
        if name and ":" not in name:
            meta.setdefault(name, plain_text(article[fact_start:fact_end]))
    kept, position = [], 0
    for cut_start, cut_end, _, _ in _marked(article, "data-search-ignore", inside):
        kept.append(article[position:cut_start])
        position = cut_end
    article = "".join(kept) + article[position:]
    title = ""
    heading = re.search(r"<h1\b[^>]*>", article, re.IGNORECASE)
    if heading:
        title_end = _element_end(article, "h1", heading.end())
        title = plain_text(article[heading.start():title_end])
        article = article[:heading.start()] + " " + article[title_end:]
    pieces, starts = _text_pieces(article)
    text = " ".join(pieces)
    title_terms = terms(title)
    title_terms |= _phrase_terms(title, title_terms)
    text_terms = _terms_of(pieces)
    text_terms |= _phrase_terms(text, text_terms)
    date = attributes.get("data-search-date", "")
    # The kind and the date's year and month are searched as the text (the result shows them).
    text_terms |= _date_terms(date)
    if ":" in given:
        text_terms |= terms(given.split(":", 1)[1])
    url = base_path + path.removesuffix("index.html")   # as render.page_paths: "berita/x/"
    record: dict[str, Any] = {"url": url, "title": title, "meta": meta, "text": text}
    sections = _sections(pieces, starts)
    if sections:   # (most pages have none: their records stay as they were)
        record["sections"] = sections
    data = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # The terms in no order: the index sorts what it writes (sorting them took 7 % of this).
    return PageRecord(date, tuple(title_terms), tuple(text_terms - title_terms),
                      packing.packed(data))


# --- the index ---------------------------------------------------------------------------------

Postings = dict[str, tuple[list[int], list[int]]]   # term -> (title ids, text ids), ascending


@dataclass
class IndexState:
    """What the build cache keeps of the index output/ holds (`SearchIndex.update`).

    Pickled packed: its texts joined by NUL (no path, key or date holds one), not one
    tuple per page; at 10,000 items it loads in a tenth of the time, on every build."""

    version: int = VERSION
    pages: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # path -> key, date
    order: list[str] = field(default_factory=list)             # indexed page paths by id
    chunks: list[tuple[str, str]] = field(default_factory=list)   # (first term, file)

    def __reduce__(self) -> tuple[Any, ...]:
        values = self.pages.values()
        return (_unpacked_index, (self.version, "\0".join(self.pages),
                                  "\0".join(key for key, _ in values),
                                  "\0".join(date or "" for _, date in values),
                                  [number for number, (_, date) in enumerate(values)
                                   if date is None],
                                  "\0".join(self.order), self.chunks))


def _unpacked_index(version: int, paths: str, keys: str, dates: str, undated: list[int],
                    order: str, chunks: list[tuple[str, str]]) -> IndexState:
    """The IndexState `IndexState.__reduce__` packed."""
    if not paths:
        return IndexState(version, {}, order.split("\0") if order else [], chunks)
    listed: list[str | None] = list(dates.split("\0"))
    for number in undated:
        listed[number] = None
    return IndexState(version, dict(zip(paths.split("\0"), zip(keys.split("\0"), listed))),
                      order.split("\0") if order else [], chunks)


def _starts_chunk(term: str) -> bool:
    return zlib.crc32(term.encode("utf-8")) % CHUNK == 0


def _split(terms_in_order: Sequence[str], entries: Mapping[str, str]) -> list[list[str]]:
    """`terms_in_order` cut into chunks: before each term that starts a run (the first
    term opens the first part whether it starts one or not), and, within a run, before
    a term whose entry (`entries`, see _entries) would take its chunk past CHUNK_BYTES.
    Each run is cut by its own terms only, so re-splitting the runs an edit touches
    cuts them as a clean build does."""
    parts: list[list[str]] = []
    filled = 0   # characters of the last part's chunk: "{", each entry and a "," or "}"
    for term in terms_in_order:
        size = len(entries[term]) + 1
        if not parts or _starts_chunk(term) or filled + size > CHUNK_BYTES:
            parts.append([])
            filled = 1
        parts[-1].append(term)
        filled += size
    return parts


def _deltas(ids: list[int]) -> list[int]:
    """Ascending ids as the first, then each one's difference from the one before."""
    return list(map(operator.sub, ids, [0, *ids]))


def _entry(term: str, lists: tuple[list[int], list[int]]) -> str:
    """A term's entry in its chunk: `"term":[[title ids],[text ids]]`, ids delta-encoded."""
    return json.dumps(term, ensure_ascii=False) + ":" + json.dumps(
        [_deltas(lists[0]), _deltas(lists[1])], separators=(",", ":"))


def _entries(postings: Postings) -> dict[str, str]:
    return {term: _entry(term, lists) for term, lists in postings.items()}


def _chunk_bytes(entries: Mapping[str, str], chunk_terms: Sequence[str]) -> bytes:
    """A chunk's file: the JSON object of its terms' entries."""
    return ("{" + ",".join(entries[term] for term in chunk_terms) + "}").encode("utf-8")


def _chunk_file(content: bytes) -> str:
    return f"k/{digest(content)[:12]}.json"


# An entry of a chunk as _entry writes it: the term's JSON text, then its two lists.
_ENTRY = re.compile(r'"((?:[^"\\]|\\.)*)":(\[\[[0-9,]*\],\[[0-9,]*\]\])')


def _chunk_entries(content: bytes) -> dict[str, str] | None:
    """A chunk's entries by term, as its bytes hold them, their lists left unread: an edit
    rewrites the entries of the few terms it moves, and a run of chunks is cut again from
    the text of the others (at 10,000 items one run held 2 MB of entries, which decoding
    and encoding again took 0.3 s of a one-edit build). None when the bytes are not a
    chunk made by _chunk_bytes."""
    text = content.decode("utf-8")
    entries = {}
    for match in _ENTRY.finditer(text):
        term = json.loads(f'"{match[1]}"') if "\\" in match[1] else match[1]
        entries[term] = match[0]
    return entries if _chunk_bytes(entries, list(entries)) == content else None


def _lists(entry: str) -> tuple[list[int], list[int]]:
    """The ids of an entry (_entry): in titles, in texts."""
    title, text = json.loads(_ENTRY.fullmatch(entry)[2])
    return list(accumulate(title)), list(accumulate(text))


def _meta(state: IndexState) -> bytes:
    # Undated pages (classes, standing pages: no data-search-date, read as "") sort first:
    # their ids are those below "undated".
    undated = sum(1 for path in state.order if not state.pages[path][1])
    return json.dumps({"version": VERSION, "pages": len(state.order),
                       "chunks": [list(chunk) for chunk in state.chunks], "undated": undated},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class SearchIndex:
    """The index of one output folder, kept in the build cache between builds: the
    state (IndexState), every indexed page's record and every chunk's bytes."""

    def __init__(self, cache: BuildCache, scope: str, previous: dict[str, OutputRecord],
                 read_kept: Callable[[str], bytes], base_path: str,
                 read: Mapping[str, PageRecord | None], spool: Spool | None = None):
        self.cache, self.scope, self.previous = cache, scope, previous
        self.read_kept, self.base_path, self.read = read_kept, base_path, read
        self.spool = spool
        self.records: dict[str, PageRecord | None] = {}       # read this build
        self.old_records: dict[str, PageRecord | None] = {}   # what changed pages had

    def _name(self, kind: str, part: str = "") -> str:
        return f"search-{kind}:{self.scope}:{part}"

    def _read(self, path: str, file: OutputFile | None) -> PageRecord | None:
        """read_page's answer for the page at `path`: given where it was rendered, else
        read from its content or from output/'s copy."""
        if path in self.read:
            return self.read[path]
        if file is not None and file.content is not None:
            content = file.content
        elif file is not None and file.spooled and file.source is not None:
            content = file.source.read_bytes()   # rendered this build, waiting in the spool
        else:
            content = self.read_kept(path)
        return read_page(path, content, self.base_path)

    def _record(self, path: str, file: OutputFile | None) -> PageRecord | None:
        """The record of the page at `path`: read this build, kept in the cache, or read
        again (`_read`)."""
        if path not in self.records:
            record = self.cache.state(self._name("page", path))
            if not isinstance(record, PageRecord):
                record = self._read(path, file)
                self.cache.put_state(self._name("page", path), record)
            self.records[path] = record
        return self.records[path]

    def _chunk_content(self, name: str) -> bytes | None:
        content = self.cache.state(self._name("chunk", name))
        return content if isinstance(content, bytes) else None

    def _chunk(self, name: str) -> dict[str, str] | None:
        content = self._chunk_content(name)
        return _chunk_entries(content) if content is not None else None

    def update(self, pages: Sequence[OutputFile]) -> list[OutputFile]:
        """The index's files for `pages` (every page of the site): the old index patched
        where it can be, made anew where ids would shift or the cache lacks a part."""
        known = self.cache.state(self._name("index"))
        old = known if isinstance(known, IndexState) and known.version == VERSION \
            else IndexState()
        new = IndexState()
        files = {file.path: file for file in pages}
        changed: list[str] = []
        for file in pages:
            if not file.path.endswith(".html") or file.path in NOT_INDEXED \
                    or _published_as_is(file):
                continue
            key = file.key or file_digest(file)
            was = old.pages.get(file.path)
            if was is not None and was[0] == key:
                new.pages[file.path] = was
                continue
            if was is not None and was[1] is not None:
                before = self.cache.state(self._name("page", file.path))
                self.old_records[file.path] = before if isinstance(before, PageRecord) else None
            record = self.records[file.path] = self._read(file.path, file)
            self.cache.put_state(self._name("page", file.path), record)
            new.pages[file.path] = (key, record.date if record else None)
            if record is not None:
                changed.append(file.path)
        new.order = [path for _, path in sorted((date, path) for path, (_, date)
                                                in new.pages.items() if date is not None)]
        for path in set(old.pages) - set(new.pages):
            self.cache.drop_state(self._name("page", path))
        patched = (bool(old.chunks) and new.order[:len(old.order)] == old.order
                   and self._patch(old, new, changed))
        if not patched:
            self._make(new, files)
        kept = {name for _, name in new.chunks}
        for _, name in old.chunks:
            if name not in kept:
                self.cache.drop_state(self._name("chunk", name))
        self.cache.put_state(self._name("index"), new)
        return self._files(new, set(changed) if patched else set(new.order), files)

    def _make(self, new: IndexState, files: dict[str, OutputFile]) -> None:
        """Every chunk made from every indexed page's record."""
        # (Two dicts of lists, made as terms come: setdefault's default, two lists and a
        # tuple, was made anew for each of 2 million page terms at 10,000 items.)
        title: defaultdict[str, list[int]] = defaultdict(list)
        text: defaultdict[str, list[int]] = defaultdict(list)
        for page_id, path in enumerate(new.order):
            record = self._record(path, files.get(path))
            assert record is not None
            for term in record.title_terms:
                title[term].append(page_id)
            for term in record.text_terms:
                text[term].append(page_id)
        postings: Postings = {term: (title.get(term, []), text.get(term, []))
                              for term in dict.fromkeys([*title, *text])}
        new.chunks = self._store_chunks(_entries(postings), first=True)

    def _store_chunks(self, entries: dict[str, str], first: bool,
                      stored: Collection[str] = ()) -> list[tuple[str, str]]:
        """The chunks of these entries (_split), kept in the cache unless `stored` (names of
        chunks the cache holds) names them; the first begins at "" when `first` (it is the
        index's first)."""
        chunks = []
        for number, part in enumerate(_split(sorted(entries), entries)):
            content = _chunk_bytes(entries, part)
            name = _chunk_file(content)
            if name not in stored:
                self.cache.put_state(self._name("chunk", name), content)
            chunks.append(("" if first and number == 0 else part[0], name))
        return chunks

    def _patch(self, old: IndexState, new: IndexState, changed: list[str]) -> bool:
        """Patch the chunks holding the terms of the changed pages; False when a record or
        chunk it needs is missing from the cache."""
        ids = {path: number for number, path in enumerate(new.order)}
        firsts = [first for first, _ in old.chunks]
        moves: dict[str, list[tuple[int, int | None]]] = {}   # term -> (id, new list or None)
        for path in changed:
            before = self.old_records.get(path)
            if before is None and ids[path] < len(old.order):
                return False
            now = _places(self.records[path])
            was = _places(before)
            for term in was.keys() | now.keys():
                if was.get(term) != now.get(term):
                    moves.setdefault(term, []).append((ids[path], now.get(term)))
        touched: dict[int, dict[str, str]] = {}   # chunk number -> its entries

        def load(number: int) -> bool:
            if number not in touched:
                entries = self._chunk(old.chunks[number][1])
                if entries is None:
                    return False
                touched[number] = entries
            return True

        for term, term_moves in moves.items():
            number = bisect.bisect_right(firsts, term) - 1
            if not load(number):
                return False
            entries = touched[number]
            lists = _lists(entries[term]) if term in entries else ([], [])
            for page_id, place in term_moves:
                _move(lists, page_id, place)
            if lists[0] or lists[1]:
                entries[term] = _entry(term, lists)
            else:
                entries.pop(term, None)
        # Every chunk of a touched run (_split cuts a run by its own terms); a run whose
        # first term is gone joins the run before; an emptied first chunk takes in the
        # next (the index's first chunk begins at "", whatever its terms).
        settled: set[int] = set()
        while settled != set(touched):
            settled = set(touched)
            for number in settled:
                start, end = number, number + 1
                while start > 0 and not _starts_chunk(firsts[start]):
                    start -= 1
                while end < len(firsts) and not _starts_chunk(firsts[end]):
                    end += 1
                if not all(load(other) for other in range(start, end)):
                    return False
                if start > 0 and firsts[start] not in touched[start] and not load(start - 1):
                    return False
            if 0 in touched and not touched[0] and len(old.chunks) > 1 and not load(1):
                return False
        for number, (_, name) in enumerate(old.chunks):
            if number not in touched and f"{BUNDLE}/{name}" not in self.previous \
                    and self._chunk_content(name) is None:
                return False
        chunks: list[tuple[str, str]] = []
        loaded = {old.chunks[number][1] for number in touched}   # chunks the cache holds
        number = 0
        while number < len(old.chunks):
            if number not in touched:
                chunks.append(old.chunks[number])
                number += 1
                continue
            start, merged = number, {}
            while number in touched:
                merged.update(touched[number])
                number += 1
            chunks += self._store_chunks(merged, first=start == 0, stored=loaded)
        new.chunks = chunks
        return True

    def _files(self, new: IndexState, rewritten: set[str], files: dict[str, OutputFile]
               ) -> list[OutputFile]:
        """meta.json, the chunks and the page files: content where made or where output/
        lacks the file, else kept."""
        out: list[OutputFile | None] = [OutputFile(f"{BUNDLE}/meta.json", _meta(new))]
        made: list[tuple[int, str, Callable[[], bytes]]] = []   # (place in out, path, content)
        for _, name in new.chunks:
            self._output(f"{BUNDLE}/{name}", False,
                         lambda name=name: self._chunk_content(name), out, made)
        for page_id, path in enumerate(new.order):
            self._output(f"{BUNDLE}/h/{page_id}.json", path in rewritten,
                         lambda path=path: self._record(path, files.get(path)).data, out, made)
        # Read here (the cache is not for threads), written by threads, a batch at a time.
        for start in range(0, len(made), MADE_AT_ONCE):
            batch = made[start:start + MADE_AT_ONCE]
            done = made_files([(path, content()) for _, path, content in batch], self.spool)
            for (place, _, _), file in zip(batch, done):
                out[place] = file
        return [file for file in out if file is not None]

    def _output(self, path: str, rewritten: bool, content: Callable[[], bytes],
                out: list[OutputFile | None], made: list[tuple[int, str, Callable[[], bytes]]]
                ) -> None:
        """The file at `path`, in `out`: kept when output/ holds it and it is not
        rewritten, else a place left for it, to be made (in `made`)."""
        record = self.previous.get(path)
        if record is not None and not rewritten:
            out.append(OutputFile(path, kept=True, digest=record.digest))
        else:
            made.append((len(out), path, content))
            out.append(None)


def _places(record: PageRecord | None) -> dict[str, int]:
    """Where a page holds each term: 0 in its title, 1 in its text only."""
    if record is None:
        return {}
    places = dict.fromkeys(record.text_terms, 1)
    places.update(dict.fromkeys(record.title_terms, 0))
    return places


def _move(lists: tuple[list[int], list[int]], page_id: int, place: int | None) -> None:
    """Put `page_id` in lists[place] only (in neither when place is None), keeping order."""
    for index, ids in enumerate(lists):
        position = bisect.bisect_left(ids, page_id)
        present = position < len(ids) and ids[position] == page_id
        if present and index != place:
            del ids[position]
        elif not present and index == place:
            ids.insert(position, page_id)


def _published_as_is(file: OutputFile) -> bool:
    """Whether `file` is a content file published as it is (static/'s, an item's), not a
    page the builder rendered: a search engine's verification file, google1234.html, is
    no article (and is copied into output/ only after the index is made)."""
    return file.source is not None and not file.spooled


def index_files(pages: Sequence[OutputFile], base_path: str, cache: BuildCache, scope: str,
                previous: dict[str, OutputRecord], read_kept: Callable[[str], bytes],
                read: Mapping[str, PageRecord | None] = {}, spool: Spool | None = None
                ) -> list[OutputFile]:
    """The search index (cari/indeks/...) of the rendered `pages`, brought up to date from
    the one the cache describes for `scope` (the output folder); `previous` is what
    output/ holds intact, `read_kept(path)` reads a page output/ holds unchanged, `read`
    holds read_page's answers for pages already read (where they were rendered); files
    made go to `spool` when one is given."""
    return SearchIndex(cache, scope, previous, read_kept, base_path, read, spool).update(pages)
