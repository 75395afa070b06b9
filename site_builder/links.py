"""Checks before publishing: what the staff wrote in Markdown, against what the build made.

Stage: while pages are keyed (render.render_site's `alongside`), before the
writer; in a build with errors, before it stops (pipeline, against
render.planned_paths, with `unsure_targets` for what a file that could not be
read may make, and with the bodies of the items a field error keeps off the site:
Content.rejected), so one run reports every problem.
`check_links(site, content, paths, config, problems, content_dir)`
takes the assembled site and the output path of every file of the build
(pages, images, theme files, calendars, feed) and records, each at the file
and line where it was written:

- errors: a link or image in a Markdown body (news, awards, pages, program
  descriptions), or a link of site.yaml's menu or notices, naming no file of the
  build, with a suggestion among the existing ones; a file no longer a draft that
  still holds the placeholder `PLACEHOLDER` written by `build.py new` (scaffold.py);
- warnings: an image without a text alternative; a GIF of content/static/ over
  HEAVY_PHOTO shown in a body or as an `image` (a GIF is never resized; a JPEG, PNG or
  WebP there is, images.static_photos_shown); a news item or award
  whose `summary`, or without one whose first paragraph (its automatic summary),
  is longer than SUMMARY_LIMIT; a link to an item that exists but is not published yet
  (a draft, or dated in the future: it works once that item is out).

Links are read from `body_html`, where markdown.py has already put the base
path in front of root-relative links; full URLs, mailto: and tel: are not
checked. The HTML has no line numbers, so each link's line is found by
searching the source file for the link as written.

The work that depends on one file only is done when the file is loaded (and so
cached with it): `locate_references` finds each link and its line,
`check_summary` and `check_placeholders` record their problems. What is left
for `check_links` is each link's target against the files of the build.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Iterator, Mapping, Sequence
from urllib.parse import unquote, urljoin, urlsplit

from site_builder.addresses import (AWARDS, BUILDER_FOLDERS, NEWS, SCHEDULE, SECTION_WORDS,
                                    TAGS)
from site_builder.config import SiteConfig
from site_builder.errors import Location, Problems
from site_builder.fields import FieldReader, is_email, other_site_without_scheme
from site_builder.filelinks import size_text
from site_builder.images import STATIC_FOLDER, unshown_format
from site_builder.markdown import TAG
from site_builder.model import Content, Document, LinkReference, RejectedBody, Site
from site_builder.phones import mobile_chat_link, whatsapp_link
from site_builder.sections import ID_ATTRIBUTE, RESERVED_IDS, sections
from site_builder.similar import closest
from site_builder.textfile import decode_text

SUMMARY_LIMIT = 300      # characters of an automatic summary before a warning
PLACEHOLDER = "GANTI:"   # starts every text `build.py new` leaves for the author
SUGGESTION_CUTOFF = 0.75  # difflib ratio; lower finds unrelated pages sharing "berita/"
_OUTSIDE = "\0outside"   # a resolved link that leaves the site's base path
# A photo of content/static/ is published as it is (photos beside an item are resized):
# over this, every reader downloading it whole is worth a warning.
HEAVY_PHOTO = 500 * 1024
# A character that would make a match part of a longer address.
_EDGE_CHARACTER = re.compile(r"[\w/.%~-]")


@dataclass(frozen=True)
class _Body:
    """One Markdown text of the site: the page it is shown on and where it was written."""

    references: tuple[LinkReference, ...]
    url_path: str    # of the page showing it: relative links start there
    origin: Location
    start: int       # first line of the source where this text may stand


@dataclass(frozen=True)
class _Reference:
    tag: str
    value: str       # the href or src, as in the HTML
    alt: str | None  # of an <img>


class _References(HTMLParser):
    """Every href and src of any HTML fragment, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[_Reference] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        _add_references(self.found, tag, dict(attrs))


def _add_references(found: list[_Reference], tag: str, values: dict[str, str | None]) -> None:
    """Append the href and src (when not empty) of one tag, its attributes `values`."""
    for name in ("href", "src"):
        value = values.get(name)
        if value:
            found.append(_Reference(tag, value.strip(), values.get("alt")))


# HTML as nh3 writes it (markdown.py), which is all that reaches locate_references:
# lowercase names, every attribute ` name="value"` with <, > and " written as entities,
# no comment, no "/>", and a "<" in text written "&lt;". In such HTML every "<" starts a
# tag, so a regex finds the same tags and attributes as HTMLParser, which is kept for any
# other HTML. Elements whose content HTMLParser may read as text (depending on the Python
# version: script and style, newer ones also iframe, textarea and others) are accepted
# only empty.
_RAW_TEXT = "script|style|xmp|iframe|noembed|noframes|noscript|textarea|title"
_ATTRIBUTES = r'(?: [a-z][a-z0-9_:.-]*="[^"<>]*")*+'
_SERIALIZED = re.compile(
    rf"(?:[^<]++|<(?!(?:{_RAW_TEXT}|plaintext)[ >])[a-z][a-z0-9]*{_ATTRIBUTES}>"
    rf"|</[a-z][a-z0-9]*>|<({_RAW_TEXT}){_ATTRIBUTES}></\1>)*+")
# A start tag that may have an href or src (a value may hold ' href="' too: checked after).
_LINKING_TAG = re.compile(rf'<([a-z][a-z0-9]*)(?=[^>]* (?:href|src)=")({_ATTRIBUTES})>')
_ATTRIBUTE = re.compile(r' ([a-z][a-z0-9_:.-]*)="([^"]*)"')


def _references(html: str) -> list[_Reference]:
    """Every href and src of an HTML fragment, in order: by regex when nh3 wrote it."""
    if not _SERIALIZED.fullmatch(html):
        parser = _References()
        parser.feed(html)
        parser.close()
        return parser.found
    found: list[_Reference] = []
    for tag in _LINKING_TAG.finditer(html):
        _add_references(found, tag[1], {name: unescape(value) for name, value
                                        in _ATTRIBUTE.findall(tag[2])})
    return found


# -- finding each link's line (when a file is loaded) --------------------------------

def _stands_whole(line: str, written: str, linked: bool = False) -> bool:
    """Whether `written` stands in `line` whole, not as part of a longer address; with
    `linked`, only where a link names its address: after "](", "]:", "<", "=" or a quote,
    spaces aside (not after "Info: ", or in prose)."""
    at = line.find(written)
    while at >= 0:
        if not (at and _EDGE_CHARACTER.match(line, at - 1)) \
                and not _EDGE_CHARACTER.match(line, at + len(written)) \
                and (not linked or line[:at].rstrip(" \t").endswith(_LINK_MARKS)):
            return True
        at = line.find(written, at + 1)
    return False


_LINK_MARKS = ("(", "]:", "<", "=", '"', "'")


def _line_of(lines: Sequence[str], start: int, written: str, nth: int) -> int | None:
    """The line of the `nth` (0-based) occurrence of `written` from line `start` on
    (the last one when there are fewer); lines holding it twice count once. Occurrences
    where a link names it count first: the same address written as text before a broken
    link (which the staff member may have copied it from) does not take its line."""
    for linked in (True, False):
        last, count = None, 0
        for number in range(start, len(lines) + 1):
            line = lines[number - 1]
            if written in line and _stands_whole(line, written, linked):
                if count == nth:
                    return number
                last, count = number, count + 1
        if last is not None:
            return last
    return None


def locate_references(html: str, lines: Sequence[str], start: int, base_path: str
                      ) -> tuple[LinkReference, ...]:
    """Every href and src of `html`, each with the address as the staff wrote it and its
    line in `lines` (searched from line `start`). Root-relative links, in Markdown or raw
    HTML, got the base path from markdown.py: they are searched without it too."""
    if "href" not in html and "src" not in html:
        return ()
    seen: Counter[str] = Counter()
    located = []
    for reference in _references(html):
        value = reference.value
        forms = [value]
        if base_path != "/" and value.startswith(base_path):
            forms.insert(0, "/" + value[len(base_path):])
        written, line = forms[0], None
        for form in forms:
            line = _line_of(lines, start, form, seen[form])
            if line is not None:
                seen[form] += 1
                written = form
                break
        located.append(LinkReference(reference.tag, value, reference.alt, written, line))
    return tuple(located)


def _bodies(site: Site, content: Content, root: Path, base_path: str) -> Iterator[_Body]:
    for item in (*site.news, *site.awards, *site.pages, *content.rejected):
        yield _Body(item.references, item.url_path, item.origin, item.body_line)
    schedule_lines: list[str] | None = None
    for program in site.programs:
        if program.description_html:
            if schedule_lines is None:
                schedule_lines = _file_lines(root / program.origin.path, program.origin)
            start = program.origin.line or 1
            yield _Body(locate_references(program.description_html, schedule_lines, start,
                                          base_path),
                        program.url_path, program.origin.at(None), start)


def _file_lines(path: Path, origin: Location) -> list[str]:
    try:
        return (decode_text(path.read_bytes(), origin, Problems()) or "").split("\n")
    except OSError:
        return []


# -- resolving links --------------------------------------------------------------

@lru_cache(maxsize=1 << 16)   # the preview server checks the same links on every save
def _resolve(value: str, page_url: str, base_path: str) -> str | None:
    """The output path a link names ("jadwal/", "gambar/x.jpg"), _OUTSIDE, or None when
    it is not checked (another site, mailto:, tel:, a fragment of the same page)."""
    if value.startswith("/") and not value.startswith("//") and "/." not in value \
            and "\\" not in value and value.isprintable():   # most links: nothing to join
        path = unquote(value.partition("#")[0].partition("?")[0])
    else:
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        path = unquote(urlsplit(urljoin("http://site" + base_path + page_url, parts.path)).path)
    base = unquote(base_path)
    if path + "/" == base:
        return ""
    return path[len(base):] if path.startswith(base) else _OUTSIDE


def _opened(target: str, produced: frozenset[str]) -> str | None:
    """The file of the build a link to `target` opens, None when there is none."""
    if target == "" or target.endswith("/"):
        page = target + "index.html"
        return page if page in produced else None
    if target in produced:
        return target
    page = target + "/index.html"   # the server adds "/"
    return page if page in produced else None


def _exists(target: str, produced: frozenset[str]) -> bool:
    return _opened(target, produced) is not None


def _is_file_name(target: str) -> bool:
    return "." in posixpath.basename(target)


def _suggestion(target: str, produced: frozenset[str]) -> str | None:
    """The existing page or file closest to `target`, as an output path."""
    pages = {path.removesuffix("index.html") for path in produced
             if path == "index.html" or path.endswith("/index.html")}
    candidates = (produced - {page + "index.html" for page in pages} if _is_file_name(target)
                  else pages)
    if target.endswith("/"):   # shortened from memory ("berita/jam-layanan/"): the one
        start = target.lower().removesuffix("/") + "-"   # page whose address it starts
        starting = [page for page in pages
                    if page.startswith(start) and page.count("/") == target.count("/")]
        if len(starting) == 1:
            return starting[0]
    return closest(target.lower(), candidates, SUGGESTION_CUTOFF)


def _from_the_root(written: str, produced: frozenset[str]) -> str | None:
    """"jadwal/" for a link written "jadwal" (relative: under the page it is on) when the
    site has a page /jadwal/: the one meant."""
    if written.startswith(("/", "#", ".")) or ":" in written:
        return None
    path = written.partition("#")[0].partition("?")[0].strip("/")
    return f"{path}/" if path and _exists(f"{path}/", produced) else None


def _without_base(target: str, base_path: str, produced: frozenset[str]) -> str | None:
    """"jadwal/" when the staff wrote the base path themselves ("/perpustakaan/jadwal/"),
    which markdown.py then adds a second time."""
    base = unquote(base_path).lstrip("/")
    if base and target.startswith(base) and _exists(target[len(base):], produced):
        return target[len(base):]
    return None


def _as_link(path: str, written: str, page_url: str, base_url: str = "") -> str:
    """An output path written the way the staff wrote the link: a full address when they
    wrote one (of this site, `base_url`), relative to the page when they did and it lies
    below the page, from the site root ("/jadwal/") otherwise."""
    if base_url and written.startswith(("http:", "https:")):
        return base_url + path
    if not written.startswith("/") and path.startswith(page_url):
        return path[len(page_url):]
    return "/" + path


# -- the checks ---------------------------------------------------------------------

@dataclass(frozen=True)
class _HeldBack:
    """An item that exists in the content but is not published by this build."""

    url_path: str
    origin: Location
    word: str   # "berita", "penghargaan", "halaman"


class _BodyChecker:
    """Checks every link and image of Markdown bodies against the files of the build."""

    def __init__(self, produced: frozenset[str], held_back: Sequence[_HeldBack],
                 documents: Sequence[Document], base_url: str, root: Path, problems: Problems,
                 static: Mapping[str, Path], unsure: Callable[[str], bool],
                 moved: Mapping[str, str] | None = None):
        self.produced, self.held_back, self.documents = produced, held_back, documents
        self.moved = moved or {}   # an old address's output path -> where it sends readers
        self.base_url, self.root, self.problems = base_url, root, problems
        self.base_path = urlsplit(base_url).path or "/"
        self.host = urlsplit(base_url).hostname or ""
        self.static = static   # output path -> file, of content/static/
        self.unsure = unsure   # whether a target not produced may be one all the same
        self._section_ids: dict[str, tuple[str, ...] | None] = {}   # section_ids's

    def check_heavy(self, url_path: str, written: str, location: Location) -> None:
        """A warning when the image at `url_path` is a GIF of static/ over HEAVY_PHOTO
        (its photos are resized, see images.static_photos_shown)."""
        path = self.static.get(url_path)
        if path is None or path.suffix.lower() != ".gif":
            return
        try:
            size = path.stat().st_size
        except OSError:
            return
        if size > HEAVY_PHOTO:
            self.problems.warning(location, _heavy_photo(written, size))

    @cached_property
    def sources(self) -> dict[str, str]:
        """An item's file, relative to `root` -> its page's url_path; made only for a
        broken link to a Markdown file (10,000 paths a build otherwise)."""
        return {item.origin.path.as_posix(): item.url_path for item in self.documents}

    def check(self, body: _Body) -> None:
        for reference in body.references:
            if reference.tag == "img":
                alt = (reference.alt or "").strip()
                if not alt or says_nothing(alt, reference.written):
                    self.problems.warning(body.origin.at(reference.line or body.start),
                                          alt_says_nothing(alt, reference.written) if alt
                                          else _no_alt(reference.written))
            value = reference.value
            if value.startswith(("http:", "https:")):   # this site's address, or a preview's?
                value = self._full_address(value, reference.written, reference.tag,
                                           body.origin.at(reference.line or body.start))
                if value is None:
                    continue
                if reference.tag == "img" and value.startswith(("http:", "https:")):
                    page = _sharing_page(value)
                    (self.problems.error if page else self.problems.warning)(
                        body.origin.at(reference.line or body.start),
                        _image_of_another_site(reference.written, page))
                    continue
                chat = unreachable_chat(value, reference.written)
                if chat:
                    self.problems.error(body.origin.at(reference.line or body.start), chat)
                    continue
            target = _resolve(value, body.url_path, self.base_path)
            if target is None or (target != _OUTSIDE and _exists(target, self.produced)):
                if self.moved and target is not None and reference.tag == "a":
                    self.check_moved(target, reference.written, body.url_path,
                                     body.origin.at(reference.line or body.start))
                if reference.tag == "img" and target in self.static:
                    self.check_heavy(target, reference.written,
                                     body.origin.at(reference.line or body.start))
                elif "#" in reference.value and reference.tag == "a" and (
                        target is not None or reference.value.startswith("#")):
                    page = body.url_path if target is None else target   # None: "#..."
                    self.check_section(page, reference, body.origin.at(reference.line or
                                                                       body.start),
                                       same_page=page == body.url_path)
                continue   # most links: no Location made (25,000 at 10,000 items)
            self._check_target(body, reference, reference.written,
                               body.origin.at(reference.line or body.start), target)

    def _full_address(self, value: str, written: str, tag: str, location: Location
                      ) -> str | None:
        """A web address as _resolve reads it: the path of one on this site (from its
        base_url, in http or https: checked as a path is), the address itself for another
        site (not checked); None, after an error, for the preview on the writer's own
        computer (build.py serve), which no reader can open.

        A site at the root of its host may share it with other programs (the library's
        catalog at /inlislite3/, say): there only an address under a first segment the
        build makes (berita/, jadwal/, profil/ ...) is this site's."""
        start = value.partition("//")[2][:len(self.host) + 12].lower()
        if start.startswith(LOCAL_HOSTS):
            path = _path_of(value, self.base_path)
            if path is not None:
                self.problems.error(location, _preview("gambar" if tag == "img" else "tautan",
                                                       written, path))
                return None
        if not (start.startswith(self.host) and start[len(self.host):][:1] in ("/", ":", "")):
            return value   # most: another site
        try:
            parts = urlsplit(value)
            same = parts.hostname == self.host
        except ValueError:
            return value
        if not same or not (parts.path + "/").startswith(self.base_path):
            return value
        rest = value[len(parts.scheme) + 3 + len(parts.netloc):]
        rest = rest if rest.startswith("/") else "/" + rest
        first = unquote(parts.path[1:].partition("/")[0])
        if self.base_path == "/" and first and first not in self._first_segments \
                and not closest(first.lower(), self._first_segments, SUGGESTION_CUTOFF):
            return value   # another program's, maybe; one close to this site's is a typo
        return rest

    @cached_property
    def _first_segments(self) -> frozenset[str]:
        """The first segment of every address the build makes ("berita", "profil", ...)."""
        return frozenset(path.partition("/")[0] for path in self.produced)

    @cached_property
    def _by_url(self) -> dict[str, Document]:
        """Each page, news item and award by its url_path (made only for a link with a
        `#`: 10,000 items a build otherwise)."""
        return {item.url_path: item for item in self.documents}

    def section_ids(self, target: str) -> tuple[str, ...] | None:
        """The ids of the body of the page, news item or award at `target`, those of its
        sections (sections.py) first, in order; None when no document is there."""
        if target not in self._section_ids:
            document = self._by_url.get(target)
            if document is None:
                self._section_ids[target] = None
            else:
                body = sections(str(document.body_html))
                headings = tuple(heading.id for heading in body.headings)
                self._section_ids[target] = headings + tuple(
                    name for name in ID_ATTRIBUTE.findall(body.html) if name not in headings)
        return self._section_ids[target]

    def check_section(self, target: str, reference: LinkReference, location: Location,
                      same_page: bool) -> None:
        """A warning when a link to a page, news item or award (`same_page`: the one it is
        written in) names a section it does not have (`#...`): a heading renamed since,
        most likely; the page opens at its top, or the link goes nowhere."""
        fragment = unquote(reference.value.partition("#")[2])
        ids = self.section_ids(target)
        if ids is None or not fragment or fragment in ids or fragment in RESERVED_IDS \
                or fragment.lower() == "top":   # the top of the page, in any browser
            return
        close = closest(fragment, ids, SUGGESTION_CUTOFF) or next(
            (name for name in ids if name.startswith(fragment)), None)   # a heading grown
        hint = f'mungkin maksudnya "#{close}"' if close else (
            "bagian yang ada: " + ", ".join(f"#{name}" for name in ids[:8])
            if ids else f"halaman {'ini' if same_page else 'itu'} tidak punya subjudul ##")
        if same_page:
            self.problems.warning(location, f'tautan "{reference.written}": tidak ada bagian '
                                            f'"#{fragment}" di halaman ini, jadi tautan itu tidak '
                                            f"membawa ke mana pun ({hint}); alamat bagian dibuat "
                                            'dari teks subjudul "##"')
            return
        self.problems.warning(location, f'tautan "{reference.written}": halaman /{target} tidak '
                                        f'punya bagian "#{fragment}", jadi halaman itu terbuka '
                                        f"dari atas ({hint}); alamat bagian dibuat dari teks "
                                        'subjudul "##" halaman itu')

    def _source_link(self, body: _Body, written: str) -> str:
        """The error of a link to a Markdown file, as GitHub's preview follows them: the
        address of that item's page when the file is one (relative to the linking file,
        or to the site's folder when it starts with "/")."""
        path, hash_mark, fragment = unquote(written).partition("#")
        path = path.partition("?")[0]
        start = "" if path.startswith("/") else body.origin.path.parent.as_posix()
        page = self.sources.get(posixpath.normpath(posixpath.join(start, path.lstrip("/"))))
        if page is None:
            return (f'tautan "{written}" menuju berkas tulisan yang tidak ada; tautan ke tulisan '
                    "lain ditulis dengan alamat halamannya, yang tampil di peramban, misalnya "
                    "/berita/judul-berita/")
        return (f'tautan "{written}" menuju berkas sumber tulisan, bukan halamannya (pratinjau '
                "GitHub mengikutinya, situs tidak); tulis alamat halamannya: "
                f"/{page}{hash_mark}{fragment}")

    @cached_property
    def _files_by_name(self) -> dict[str, list[str]]:
        """The files of the build (pages aside) by their name in lower case; made only for
        a broken link to a file."""
        found: dict[str, list[str]] = {}
        for path in sorted(self.produced):
            if path != "index.html" and not path.endswith("/index.html"):
                found.setdefault(posixpath.basename(path).lower(), []).append(path)
        return found

    def _same_name(self, target: str) -> str | None:
        """The one file of the build named as `target` is, elsewhere ("aula.jpg" written
        in a body for content/static/foto/aula.jpg, published at /foto/aula.jpg)."""
        if not _is_file_name(target):
            return None
        same = self._files_by_name.get(posixpath.basename(target).lower(), [])
        return same[0] if len(same) == 1 else None

    def check_moved(self, target: str, written: str, page_url: str, location: Location,
                    what: str = "") -> None:
        """A warning when `target`, a file of the build, is an old address (a redirect
        page of redirects.py): every reader following the link loads a page that only
        sends them on, one more wait on a slow connection."""
        new = self.moved.get(_opened(target, self.produced) or "")
        if new is not None:
            link = _as_link(new, written, page_url, self.base_url)
            if "#" in written:
                link += "#" + written.partition("#")[2]
            self.problems.warning(location, (
                f'{what}tautan "{written}" menuju alamat lama, yang hanya mengantar pembaca '
                f'ke "{link}" (satu halaman lagi yang harus dimuat, lama di HP dengan sinyal '
                f'lemah); tulis "{link}"'))

    def _held(self, target: str) -> _HeldBack | None:
        """The item not published yet whose page (or file) `target` is."""
        folder = target if target.endswith("/") else target + "/"
        return next((item for item in self.held_back if folder.startswith(item.url_path)), None)

    def check_site_link(self, written: str, location: Location | None, what: str) -> None:
        """A link of site.yaml (`what`: the menu entry, the notice), a path from the site
        root ("/profil/") or a web address (checked when it is one of this site's)."""
        if location is None:
            return
        if written.startswith(("http:", "https:")):
            path = self._full_address(written, written, "a", location)
            if path is None or not path.startswith("/"):   # the preview's, or another site's
                chat = unreachable_chat(path, written) if path else None
                if chat:
                    self.problems.error(location, f"{what}: {chat}")
                return
        elif written.startswith("/"):
            path = self.base_path + written.lstrip("/")
        else:
            return
        target = _resolve(path, "", self.base_path)
        if target is None or target == _OUTSIDE or _exists(target, self.produced):
            if target is not None and target != _OUTSIDE and self.moved:
                self.check_moved(target, written, "", location, f"{what}: ")
            return
        held = self._held(target)
        if held is not None:
            self.problems.warning(location, f"{what}: {_unpublished(written, held)}")
        elif not self.unsure(target):
            close = self._closest(target)
            hint = (f' (mungkin maksudnya "{_as_link(close, written, "", self.base_url)}")'
                    if close else "")
            self.problems.error(location, f"{what}: {_broken(written, target, hint)}")

    def _closest(self, target: str) -> str | None:
        """The file of the build a link to `target`, which the build does not make, most
        likely means: the target without the base path written by hand, the one file of
        its name, else the closest address."""
        return (_without_base(target, self.base_path, self.produced)
                or self._same_name(target) or _suggestion(target, self.produced))

    def _check_target(self, body: _Body, reference: LinkReference, written: str,
                      location: Location, target: str) -> None:
        if target == _OUTSIDE:
            self.problems.error(location, _outside(written, self.base_path))
            return
        held = self._held(target)
        if held is not None:
            self.problems.warning(location, _unpublished(written, held))
            return
        if reference.tag != "img" and _names_markdown(written):
            self.problems.error(location, self._source_link(body, written))
            return
        if reference.tag != "img" and other_site_without_scheme(written):
            self.problems.error(location, _without_scheme(written))
            return
        contact = _contact_without_scheme(written) if reference.tag != "img" else None
        if contact:
            self.problems.error(location, contact)
            return
        if self.unsure(target):
            return
        static = _published_from_static(written, target, self.produced)
        if static:
            self.problems.error(location, _static_address(
                written, _as_link(static, "/", body.url_path, self.base_url), reference.tag))
            return
        rooted = _from_the_root(written, self.produced)
        if rooted and reference.tag != "img":
            self.problems.error(location, (
                f'tautan "{written}" tidak diawali "/", jadi menuju halaman di bawah halaman '
                f'ini ("/{target}"), yang tidak ada; tulis "/{rooted}"'))
            return
        close = self._closest(target)
        meant = _as_link(close, written, body.url_path, self.base_url) if close else ""
        hint = f' (mungkin maksudnya "{meant}")' if meant else ""   # "": its own page
        if reference.tag == "img":
            beside = self._beside_single_file(body, written)
            self.problems.error(location, _missing_image(written, target, hint, beside))
        else:
            self.problems.error(location, _broken(written, target, hint))

    def _beside_single_file(self, body: _Body, written: str) -> bool:
        """Whether a relative image lies beside a single-file item (and so is not published)."""
        origin = body.origin.path
        if (written.startswith("/") or origin.name == "index.md"
                or origin.suffix.lower() not in (".md", ".markdown")):
            return False
        return (self.root / origin.parent / unquote(urlsplit(written).path)).is_file()


# Text alternatives that tell a blind reader nothing, once case, digits and punctuation
# are set aside: a word for "picture" ("Foto", "gambar 1"), or a camera's, a phone's or
# WhatsApp's file name ("IMG_20261120_093012").
GENERIC_ALTS = frozenset({"foto", "gambar", "gbr", "image", "photo", "picture", "pic", "img",
                          "ilustrasi", "dokumentasi", "dok", "screenshot", "tangkapan layar",
                          "untitled"})
_CAMERA_NAME = re.compile(r"(?:img|dsc[nf]?|pxl|vid|whatsapp image|screenshot)[\s_-]*"
                          r"[\d_ .-]+(?:at[\d .]+)?(?:\.\w+)?", re.IGNORECASE)


def says_nothing(alt: str, src: str) -> bool:
    """Whether `alt`, the text alternative of the image at `src`, tells a reader nothing of
    it (GENERIC_ALTS, a camera's file name, or the image's own name)."""
    text = alt.strip().lower()
    name = posixpath.basename(urlsplit(src).path).lower()
    return bool(text) and (text in (name, posixpath.splitext(name)[0])
                           or bool(_CAMERA_NAME.fullmatch(text))
                           or re.sub(r"[\W\d_]+", " ", text).strip() in GENERIC_ALTS)


def alt_says_nothing(alt: str, written: str) -> str:
    return (f'teks alternatif "{alt}" tidak menjelaskan gambar "{written}": pembaca tunanetra '
            "(yang memakai pembaca layar) hanya mendengar kata itu; tulis apa yang tampak pada "
            'gambar, misalnya "Peserta kelas merajut di aula"')


def check_image_alt(reader: FieldReader, written: str, alt: str | None) -> None:
    """The `image_alt` of an `image` written as `written`: an error at its line when it is
    missing, a warning when it says nothing of the picture."""
    if not alt:
        reader.error("image" if "image_alt" not in reader.mapping else "image_alt",
                     'kolom "image_alt" wajib diisi jika ada "image": tulis apa yang tampak '
                     "pada gambar untuk pembaca yang tidak bisa melihatnya")
    elif says_nothing(alt, written):
        reader.warning("image_alt", alt_says_nothing(alt, written))


def _heavy_photo(written: str, size: int) -> str:
    return (f'gambar GIF "{written}" dari content/static/ berukuran {size_text(size)} dan '
            "dikirim apa adanya ke setiap pembaca, juga ke HP dengan kuota terbatas (GIF "
            "tidak diperkecil otomatis, JPEG dan PNG diperkecil); untuk gambar diam, simpan "
            "sebagai JPEG atau PNG, atau perkecil dulu GIF-nya")


# Sites whose addresses staff copy for a photo, which are web pages showing it, not the
# picture: host -> its name, and the path its pages start with ("" for any).
_SHARING_SITES = {
    "drive.google.com": ("Google Drive", "/file/"), "docs.google.com": ("Google", "/document/"),
    "photos.google.com": ("Google Foto", ""), "photos.app.goo.gl": ("Google Foto", ""),
    "www.instagram.com": ("Instagram", ""), "instagram.com": ("Instagram", ""),
    "www.facebook.com": ("Facebook", ""), "web.facebook.com": ("Facebook", ""),
    "m.facebook.com": ("Facebook", ""), "twitter.com": ("X (Twitter)", ""),
    "x.com": ("X (Twitter)", ""), "www.tiktok.com": ("TikTok", ""),
}


def _sharing_page(address: str) -> str | None:
    """The name of the site when `address` is a page of a sharing site (_SHARING_SITES)."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    name, path = _SHARING_SITES.get((parts.hostname or "").lower(), (None, ""))
    return name if name and parts.path.startswith(path) else None


def _image_of_another_site(written: str, page: str | None = None) -> str:
    save = ("unduh gambarnya (bila boleh dipakai), simpan di folder tulisan ini atau di "
            "content/static/, lalu tulis namanya")
    if page:
        return (f'gambar "{written}" adalah alamat halaman {page}, bukan berkas gambar, jadi '
                f"di situs hanya tampil kotak kosong; {save}")
    if written.lower().startswith("http:"):   # the pages' Content-Security-Policy: https: only
        return (f'gambar "{written}" tidak ditampilkan: halaman situs ini hanya memuat gambar '
                f"dari situs lain yang alamatnya diawali https://, bukan http://; {save}")
    return (f'gambar "{written}" dari situs lain sampai ke setiap pembaca dalam ukuran aslinya '
            "(foto yang disimpan di situs ini diperkecil untuk HP, yang dari situs lain "
            f"tidak), dan hilang bila situs itu menghapusnya; {save}")


def _no_alt(written: str) -> str:
    return (f'gambar "{written}" tidak punya teks alternatif, jadi pembaca tunanetra (yang '
            "memakai pembaca layar) tidak tahu isinya; tulis apa yang tampak pada gambar di "
            f"antara tanda kurung siku, misalnya ![Peserta kelas merajut di aula]({written})")


def _put_it(written: str, target: str) -> str:
    """Where the missing file belongs, for a link written as `written`."""
    if written.startswith("/"):
        return f"simpan berkasnya sebagai content/static/{target}"
    return ("letakkan berkasnya di folder tulisan ini (tulisan itu harus punya folder sendiri: "
            "NAMA/index.md)")


def _names_markdown(written: str) -> bool:
    """Whether a link names a Markdown file (an item's source), fragment and query aside."""
    path = written.partition("#")[0].partition("?")[0].lower()
    return path.endswith((".md", ".markdown"))


def _without_scheme(written: str) -> str:
    return (f'tautan "{written}" tidak diawali https://, jadi peramban mencarinya sebagai '
            "halaman di situs ini, yang tidak ada; alamat situs lain ditulis lengkap: "
            f"https://{written}")


_PHONE = re.compile(r"\+?[\d\s().-]{7,}")


def _contact_without_scheme(written: str) -> str | None:
    """What to write for an email address or phone number written as a link's address
    without "mailto:" or "tel:" (a browser looks for a page of that name), else None."""
    shown = unquote(written)
    if is_email(shown):
        return (f'tautan "{shown}" adalah alamat email, tetapi tanpa "mailto:" peramban '
                "mencarinya sebagai halaman di situs ini; tulis alamatnya seperti ini: "
                f"mailto:{shown}")
    digits = re.sub(r"[^\d+]", "", shown)
    if not _PHONE.fullmatch(shown) or not 8 <= len(digits.lstrip("+")) <= 15:
        return None
    chat = mobile_chat_link(shown)
    return (f'tautan "{shown}" adalah nomor telepon, tetapi tanpa "tel:" peramban '
            f"mencarinya sebagai halaman di situs ini; tulis tel:{digits}"
            + (f" (untuk membuka WhatsApp: {chat})" if chat else ""))


# A WhatsApp chat link, and where in it its number is: wa.me/NUMBER, or the "phone" of
# (api|web).whatsapp.com/send?phone=NUMBER (wa.me/message/..., wa.me/c/... name no number).
_CHAT_LINK = re.compile(r"https?://(?:wa\.me/(?P<path>[^/?#]*)|(?:api|web)\.whatsapp\.com"
                        r"/send/?\?(?:[^#]*?&)?phone=(?P<query>[^&#]*))", re.IGNORECASE)


def unreachable_chat(address: str, written: str) -> str | None:
    """The error of a WhatsApp chat link (`address`, written as `written`) whose number is
    not in the one form WhatsApp opens, 62812... (staff write it as they dial it,
    0812-3456-7890, and WhatsApp answers that the number is not valid), with the link to
    write (phones.whatsapp_link's number, the rest of the link as it was); else None."""
    link = _CHAT_LINK.match(address)
    if link is None:
        return None
    part = "path" if link["path"] is not None else "query"
    number = unquote(link[part])
    chat = whatsapp_link(number)
    if not _PHONE.fullmatch(number) or chat == f"https://wa.me/{number}":
        return None   # no number (wa.me/?text=... lets the reader choose), or a good one
    fix = (f"tulis {address[:link.start(part)]}{chat.removeprefix('https://wa.me/')}"
           f"{address[link.end(part):]}" if chat else
           "tulis nomor lengkapnya dalam bentuk itu, misalnya https://wa.me/6281234567890")
    return (f'tautan WhatsApp "{written}" tidak membuka obrolan, karena WhatsApp hanya '
            "mengenali nomor yang ditulis dengan kode negara: angka saja, 62 sebagai ganti 0 "
            "di depan, tanpa +, spasi atau tanda -; " + fix)


def _published_from_static(written: str, target: str, produced: frozenset[str]) -> str | None:
    """The output path of the file of content/static/ that `written` names by its folder
    in the repository ("/static/unduhan/a.pdf", "content/static/unduhan/a.pdf"), or None."""
    path = unquote(urlsplit(written).path)
    found = STATIC_FOLDER.match(path)
    if not found or not _is_file_name(target):
        return None
    published = path[found.end():]
    return published if published in produced else None


def _static_address(written: str, address: str, tag: str) -> str:
    what = "gambar" if tag == "img" else "tautan"
    return (f'{what} "{written}" menuju berkas content/static/ dengan nama foldernya, padahal '
            f"isi content/static/ terbit di akar situs, tanpa nama folder itu; alamatnya "
            f'"{address}": tulis alamat itu')


def _broken(written: str, target: str, hint: str) -> str:
    if _is_file_name(target):
        return (f'tautan "{written}" menuju berkas yang tidak ada di situs{hint}; '
                f"{_put_it(written, target)}, atau periksa ejaan serta huruf besar-kecil "
                "nama berkasnya")
    fix = "periksa ejaannya" + hint if hint else ("periksa ejaannya, atau salin alamatnya "
                                                  "dari situs")
    return f'tautan "{written}" tidak menuju halaman mana pun di situs; {fix}'


def _missing_image(written: str, target: str, hint: str, beside_single_file: bool) -> str:
    if beside_single_file:
        return (f'gambar "{written}" ada di samping berkas ini, tetapi gambar di isi tulisan '
                "hanya diterbitkan bila tulisan punya folder sendiri: buat folder bernama "
                "seperti berkas ini, lalu pindahkan berkas ini ke sana sebagai index.md "
                "bersama gambarnya; atau simpan gambar di content/static/ dan tulis "
                "/nama-gambar.jpg")
    return (f'gambar "{written}" tidak ditemukan{hint}; {_put_it(written, target)}, atau '
            "periksa ejaan serta huruf besar-kecil nama berkasnya")


# The start of the host of a preview on the writer's own computer, as a link writes it.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "[::1]")
_LOCAL_NAMES = frozenset(host.strip("[]") for host in LOCAL_HOSTS)   # as urlsplit gives them


def _path_of(value: str, base_path: str) -> str | None:
    """"/jadwal/" of "http://127.0.0.1:8000/jadwal/" (its base path, when the preview
    has one, left out: markdown.py adds it), or None when it is no such address."""
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:
        return None
    if host not in _LOCAL_NAMES:
        return None
    path = parts.path or "/"
    if base_path != "/" and (path + "/").startswith(base_path):
        path = "/" + path[len(base_path):]
    return path + (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else "")


def _preview(what: str, written: str, path: str) -> str:
    return (f'{what} "{written}" menuju pratinjau di komputer penulis (build.py serve), yang '
            f"tidak bisa dibuka pembaca situs; tulis alamatnya tanpa bagian depan: {path}")


def _outside(written: str, base_path: str) -> str:
    return (f'tautan "{written}" menuju ke luar situs ini (situs ada di {base_path}); tulis '
            "tautan ke halaman situs dengan cara Markdown, [teks](/alamat/), diawali \"/\"")


def _unpublished(written: str, held: _HeldBack) -> str:
    return (f'tautan "{written}" menuju {held.word} yang belum terbit ({held.origin}: masih '
            f"draf atau bertanggal di masa depan); tautan ini baru berfungsi setelah "
            f"{held.word} itu terbit")


# -- summaries --------------------------------------------------------------------------

_MARKUP = re.compile(r"\]\([^)]*\)|[*_`\[\]#>]")


def _paragraph_line(lines: Sequence[str], body_line: int, summary: str) -> int:
    """The line where the first paragraph (the automatic summary) starts, near enough."""
    opening = " ".join(summary.split()[:4])
    text_line = None   # else: the first line of text that is no heading
    for number in range(body_line, len(lines) + 1):
        line = lines[number - 1]
        if opening and opening in " ".join(_MARKUP.sub("", line).split()):
            return number
        if text_line is None and line.strip() and not line.startswith("#"):
            text_line = number
    return text_line or body_line


# A first paragraph that only leads in: a greeting ("Halo Sobat Pustaka! 👋"), or a short
# line ending in ":" ("Berikut pengumuman selengkapnya:") before the poster or list it
# announces (a longer one says something: "... rekaman dongeng bisa ditonton di sini:").
_LEAD_IN = re.compile(r"(?:halo|hallo|hai|hi|assalamu|salam|selamat (?:pagi|siang|sore|malam)"
                      r"|dear|sobat)\b.{0,60}$|.{0,60}:$", re.IGNORECASE | re.DOTALL)
_ADD_SUMMARY = ('tambahkan di front matter kolom "summary:" berisi apa, kapan, dan di mana, '
                "dalam satu atau dua kalimat")


def check_summary(document: dict[str, Any], lines: Sequence[str], body_line: int,
                  problems: Problems) -> None:
    """Warn about a summary of a news item or award (its fields so far) that does not
    tell what it is about: long, or, made of the first paragraph, a greeting or a
    lead-in, or none though the body has text (a list only: the site's description
    shows; a body without text has its own warning)."""
    summary, origin = document["summary"], document["origin"]
    told = summary or not TAG.sub("", str(document["body_html"])).strip()   # or no text
    if "summary" not in document["lines"] and (not told or _LEAD_IN.match(summary)):
        shown = (f'paragraf pertama tulisan ini ("{summary}")' if summary else
                 "tulisan ini tidak diawali paragraf teks, jadi keterangan umum situs")
        problems.warning(origin.at(_paragraph_line(lines, body_line, summary)),
                         f"{shown} tampil sebagai ringkasan di daftar berita dan di pratinjau "
                         f"tautan yang dibagikan di WhatsApp dan Facebook; {_ADD_SUMMARY}")
        return
    if len(summary) <= SUMMARY_LIMIT:
        return
    if "summary" in document["lines"]:
        problems.warning(
            origin.at(document["lines"]["summary"]),
            f'kolom "summary" panjang ({len(summary)} karakter) dan tampil utuh di daftar '
            "berita dan di pratinjau tautan media sosial; ringkas menjadi satu atau dua "
            f"kalimat (paling banyak {SUMMARY_LIMIT} karakter), isi selengkapnya di tulisan")
        return
    problems.warning(
        origin.at(_paragraph_line(lines, body_line, summary)),
        f"paragraf pertama tulisan ini panjang ({len(summary)} karakter) dan tidak ada "
        'kolom "summary", jadi seluruh paragraf itu tampil sebagai ringkasan di daftar '
        "berita dan di pratinjau tautan media sosial; tambahkan di front matter kolom "
        f'"summary:" berisi satu atau dua kalimat (paling banyak {SUMMARY_LIMIT} karakter)')


def check_placeholders(origin: Location, lines: Sequence[str], body_line: int,
                       problems: Problems) -> None:
    """A file that is no draft must not keep a text `build.py new` left to be replaced."""
    for number, line in enumerate(lines, start=1):
        in_front_matter = number < body_line
        if PLACEHOLDER in line and not (in_front_matter and line.lstrip().startswith("#")):
            problems.error(origin.at(number),
                           f'bagian yang diawali "{PLACEHOLDER}" belum diganti, padahal '
                           "tulisan ini bukan draf lagi; tulis isinya, atau kembalikan "
                           'baris "draft: true" jika tulisan belum siap terbit')


def check_image_formats(references: Sequence[LinkReference], origin: Location, start: int,
                        problems: Problems) -> None:
    """An image of a body in a format browsers cannot show (images.unshown_format) is an
    error at its line (`start`, the body's first line, when it was not found)."""
    for reference in references:
        if reference.tag == "img":
            unshown = unshown_format(reference.written)
            if unshown:
                problems.error(origin.at(reference.line or start), unshown)


# -- all together ---------------------------------------------------------------------------

def check_links(site: Site, content: Content, paths: Iterable[str], config: SiteConfig,
                problems: Problems, content_dir: Path,
                unsure: Callable[[str], bool] = lambda target: False) -> None:
    """Record every problem of links and images against the files of the build (see the
    module doc; summaries and placeholders were checked when the files were loaded).
    A link or image whose target the build does not make is no error when `unsure(target)`
    (unsure_targets: a build with errors, which may not have read the file making it)."""
    root = content_dir.absolute().parent   # problem paths are relative to it (BuildOptions.root)
    published = {item.url_path for item in (*site.news, *site.awards, *site.pages)}
    held_back = [_HeldBack(item.url_path, item.origin,
                           next((word for prefix, word in SECTION_WORDS.items()
                                 if item.url_path.startswith(prefix)), "halaman"))
                 for item in (*content.news, *content.awards, *content.pages)
                 if item.url_path not in published]
    # An item with field errors is made once they are fixed, with the files beside it.
    paths = [*paths, *(file for body in content.rejected for file in (
        body.url_path + "index.html", *(asset.url_path for asset in body.assets)))]
    checker = _BodyChecker(frozenset(paths), held_back,
                           (*content.news, *content.awards, *content.pages),
                           config.base_url, root, problems,
                           {asset.url_path: asset.path for asset in content.static}, unsure,
                           {redirect.output_path: redirect.target.url_path
                            for redirect in site.redirects})
    for body in _bodies(site, content, root, config.base_path):
        checker.check(body)
    for item in (*site.news, *site.awards):
        if item.image is not None:
            checker.check_heavy(item.image.url_path, item.image.url_path,
                                item.origin_of("image"))
    for entry in config.menu or ():
        checker.check_site_link(entry.url, entry.location, f'menu "{entry.title}"')
    for notice in config.notices:
        if notice.link:
            checker.check_site_link(notice.link, notice.link_location, "pengumuman")


# Content section -> the addresses of what its files publish, besides their own pages
# (already under the section's prefix): tag pages list news and awards.
_SECTION_ADDRESSES = {"news": (NEWS, TAGS), "awards": (AWARDS, TAGS), "schedule": (SCHEDULE,)}


# Content section -> the addresses of the lists its items are on (Content.unlisted): tag
# pages, the list's later pages, and for news the year pages (_YEAR_PAGE).
_LIST_ADDRESSES = {"news": (TAGS, NEWS + "halaman/"), "awards": (TAGS, AWARDS + "halaman/")}
_YEAR_PAGE = re.compile(re.escape(NEWS) + r"\d{4}/")


def unsure_targets(unread: Collection[str], documents: Iterable[Document | RejectedBody],
                   unlisted: Collection[str] = ()) -> Callable[[str], bool]:
    """For a build with errors: whether a link's target that no file of the build makes
    might still be made once the errors are fixed, because a file of a section in
    `unread` (Content.unread) could not be read: anything under that section's
    addresses ("pages": any address of the root but the builder's folders), except
    within the page of a document that was read, with errors or not (its files are known);
    and for a section in `unlisted` (Content.unlisted), the addresses of its lists."""
    prefixes = tuple(prefix for section in unread
                     for prefix in _SECTION_ADDRESSES.get(section, ()))
    prefixes += tuple(prefix for section in unlisted
                      for prefix in _LIST_ADDRESSES.get(section, ()))
    years = "news" in unlisted
    pages = "pages" in unread
    read = tuple(document.url_path for document in documents if document.url_path)

    def unsure(target: str) -> bool:
        if target.startswith(read):
            return False
        return target.startswith(prefixes) or bool(years and _YEAR_PAGE.match(target)) or (
            pages and target.partition("/")[0] not in BUILDER_FOLDERS)
    return unsure
