"""Checks before publishing: what the staff wrote in Markdown, against what the build made.

Stage: after render, before the writer. `check_links(site, files, config,
problems, content_dir)` takes the assembled site, every OutputFile of the
build (pages, images, theme files, calendars, feed) and records, each at the
file and line where it was written:

- errors: a link or image in a Markdown body (news, awards, pages, program
  descriptions) naming no file of the build, with a suggestion among the
  existing ones; a file no longer a draft that still holds the placeholder
  `PLACEHOLDER` written by `build.py new` (scaffold.py);
- warnings: an image without a text alternative; a news item or award
  without `summary` whose first paragraph (its automatic summary) is longer
  than SUMMARY_LIMIT; a link to an item that exists but is not published yet
  (a draft, or dated in the future: it works once that item is out).

Links are read from `body_html`, where markdown.py has already put the base
path in front of root-relative links; full URLs, mailto: and tel: are not
checked. The HTML has no line numbers, so each link's line is found by
searching the source file for the link as written.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator, Sequence
from urllib.parse import unquote, urljoin, urlsplit

from site_builder.config import SiteConfig
from site_builder.errors import Location, Problems
from site_builder.frontmatter import SplitFile, split_front_matter
from site_builder.model import Site
from site_builder.outputs import OutputFile
from site_builder.slugs import slugify, split_date_prefix
from site_builder.textfile import decode_text

SUMMARY_LIMIT = 300      # characters of an automatic summary before a warning
PLACEHOLDER = "GANTI:"   # starts every text `build.py new` leaves for the author
SUGGESTION_CUTOFF = 0.75  # difflib ratio; lower finds unrelated pages sharing "berita/"
# (content folder, URL prefix, the word staff use) of each Markdown section
SECTIONS = (("news", "berita/", "berita"), ("awards", "penghargaan/", "penghargaan"),
            ("pages", "", "halaman"))
_OUTSIDE = "\0outside"   # a resolved link that leaves the site's base path
_EDGE = r"[\w/.%~-]"      # characters that would make a match part of a longer address


@dataclass(frozen=True)
class _Source:
    """A Markdown file as written: its lines and where its body starts."""

    origin: Location
    lines: list[str]
    split: SplitFile | None

    @property
    def body_line(self) -> int:
        return self.split.body_line if self.split else 1


@dataclass(frozen=True)
class _Body:
    """One Markdown text of the site: the page it is shown on and where it was written."""

    html: str
    url_path: str    # of the page showing it: relative links start there
    source: _Source
    start: int       # first line of the source where this text may stand


@dataclass(frozen=True)
class _Reference:
    tag: str
    value: str       # the href or src, as in the HTML
    alt: str | None  # of an <img>


class _References(HTMLParser):
    """Every href and src of an HTML fragment, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[_Reference] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.found.append(_Reference(tag, values[name].strip(), values.get("alt")))


def _references(html: str) -> list[_Reference]:
    parser = _References()
    parser.feed(html)
    parser.close()
    return parser.found


# -- reading sources ------------------------------------------------------------

class _Sources:
    """Source files read once each, by their path relative to the site root."""

    def __init__(self, root: Path):
        self.root = root
        self._read: dict[Path, _Source] = {}

    def get(self, origin: Location) -> _Source:
        path = origin.path
        if path not in self._read:
            scratch = Problems()   # the loaders have reported any problem of these files
            try:
                text = decode_text((self.root / path).read_bytes(), origin, scratch) or ""
            except OSError:
                text = ""
            split = split_front_matter(text, origin, scratch) if text else None
            self._read[path] = _Source(Location(path), text.split("\n"), split)
        return self._read[path]


def _line_of(source: _Source, start: int, written: str, nth: int) -> int | None:
    """The line of the `nth` (0-based) occurrence of `written` from line `start` on."""
    pattern = re.compile(f"(?<!{_EDGE}){re.escape(written)}(?!{_EDGE})")
    lines = [number for number in range(start, len(source.lines) + 1)
             if pattern.search(source.lines[number - 1])]
    return lines[min(nth, len(lines) - 1)] if lines else None


def _bodies(site: Site, sources: _Sources) -> Iterator[_Body]:
    for item in (*site.news, *site.awards, *site.pages):
        source = sources.get(item.origin)
        yield _Body(item.body_html, item.url_path, source, source.body_line)
    for program in site.programs:
        if program.description_html:
            yield _Body(program.description_html, program.url_path,
                        sources.get(program.origin), program.origin.line or 1)


# -- resolving links --------------------------------------------------------------

def _resolve(value: str, page_url: str, base_path: str) -> str | None:
    """The output path a link names ("jadwal/", "gambar/x.jpg"), _OUTSIDE, or None when
    it is not checked (another site, mailto:, tel:, a fragment of the same page)."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(urlsplit(urljoin("http://site" + base_path + page_url, parts.path)).path)
    base = unquote(base_path)
    if path + "/" == base:
        return ""
    return path[len(base):] if path.startswith(base) else _OUTSIDE


def _exists(target: str, produced: frozenset[str]) -> bool:
    if target == "" or target.endswith("/"):
        return target + "index.html" in produced
    return target in produced or target + "/index.html" in produced   # the server adds "/"


def _is_file_name(target: str) -> bool:
    return "." in posixpath.basename(target)


def _suggestion(target: str, produced: frozenset[str]) -> str | None:
    """The existing page or file closest to `target`, as an output path."""
    pages = {path.removesuffix("index.html") for path in produced
             if path == "index.html" or path.endswith("/index.html")}
    candidates = (produced - {page + "index.html" for page in pages} if _is_file_name(target)
                  else pages)
    close = difflib.get_close_matches(target.lower(), sorted(candidates), n=1,
                                      cutoff=SUGGESTION_CUTOFF)
    return close[0] if close else None


def _without_base(target: str, base_path: str, produced: frozenset[str]) -> str | None:
    """"jadwal/" when the staff wrote the base path themselves ("/perpustakaan/jadwal/"),
    which markdown.py then adds a second time."""
    base = unquote(base_path).lstrip("/")
    if base and target.startswith(base) and _exists(target[len(base):], produced):
        return target[len(base):]
    return None


def _as_link(path: str, written: str, page_url: str) -> str:
    """An output path written the way the staff wrote the link: relative to the page
    when they did and it lies below the page, from the site root ("/jadwal/") otherwise."""
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
                 base_path: str, root: Path, problems: Problems):
        self.produced, self.held_back = produced, held_back
        self.base_path, self.root, self.problems = base_path, root, problems

    def check(self, body: _Body) -> None:
        seen: Counter[str] = Counter()
        for reference in _references(body.html):
            written, line = self._locate(body, reference.value, seen)
            location = body.source.origin.at(line or body.start)
            if reference.tag == "img" and not (reference.alt or "").strip():
                self.problems.warning(location, _no_alt(written))
            self._check_target(body, reference, written, location)

    def _locate(self, body: _Body, value: str, seen: Counter[str]) -> tuple[str, int | None]:
        """The link as the staff wrote it, and its line. Root-relative links, in
        Markdown or raw HTML, got the base path from markdown.py."""
        forms = [value]
        if self.base_path != "/" and value.startswith(self.base_path):
            forms.insert(0, "/" + value[len(self.base_path):])
        for written in forms:
            line = _line_of(body.source, body.start, written, seen[written])
            if line is not None:
                seen[written] += 1
                return written, line
        return forms[0], None

    def _check_target(self, body: _Body, reference: _Reference, written: str,
                      location: Location) -> None:
        target = _resolve(reference.value, body.url_path, self.base_path)
        if target is None or (target != _OUTSIDE and _exists(target, self.produced)):
            return
        if target == _OUTSIDE:
            self.problems.error(location, _outside(written, self.base_path))
            return
        folder = target if target.endswith("/") else target + "/"
        held = next((item for item in self.held_back if folder.startswith(item.url_path)), None)
        if held is not None:
            self.problems.warning(location, _unpublished(written, held))
            return
        close = (_without_base(target, self.base_path, self.produced)
                 or _suggestion(target, self.produced))
        hint = f' (mungkin maksudnya "{_as_link(close, written, body.url_path)}")' if close else ""
        if reference.tag == "img":
            beside = self._beside_single_file(body, written)
            self.problems.error(location, _missing_image(written, target, hint, beside))
        else:
            self.problems.error(location, _broken(written, target, hint))

    def _beside_single_file(self, body: _Body, written: str) -> bool:
        """Whether a relative image lies beside a single-file item (and so is not published)."""
        origin = body.source.origin.path
        if (written.startswith("/") or origin.name == "index.md"
                or origin.suffix.lower() not in (".md", ".markdown")):
            return False
        return (self.root / origin.parent / unquote(urlsplit(written).path)).is_file()


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


def _outside(written: str, base_path: str) -> str:
    return (f'tautan "{written}" menuju ke luar situs ini (situs ada di {base_path}); tulis '
            "tautan ke halaman situs dengan cara Markdown, [teks](/alamat/), diawali \"/\"")


def _unpublished(written: str, held: _HeldBack) -> str:
    return (f'tautan "{written}" menuju {held.word} yang belum terbit ({held.origin}: masih '
            f"draf atau bertanggal di masa depan); tautan ini baru berfungsi setelah "
            f"{held.word} itu terbit")


# -- summaries --------------------------------------------------------------------------

_MARKUP = re.compile(r"\]\([^)]*\)|[*_`\[\]#>]")


def _paragraph_line(source: _Source, summary: str) -> int:
    """The line where the first paragraph (the automatic summary) starts, near enough."""
    opening = " ".join(summary.split()[:4])
    text_line = None   # else: the first line of text that is no heading
    for number in range(source.body_line, len(source.lines) + 1):
        line = source.lines[number - 1]
        if opening and opening in " ".join(_MARKUP.sub("", line).split()):
            return number
        if text_line is None and line.strip() and not line.startswith("#"):
            text_line = number
    return text_line or source.body_line


def _check_summaries(site: Site, sources: _Sources, problems: Problems) -> None:
    for item in (*site.news, *site.awards):
        if "summary" in item.lines or len(item.summary) <= SUMMARY_LIMIT:
            continue
        source = sources.get(item.origin)
        problems.warning(
            item.origin.at(_paragraph_line(source, item.summary)),
            f"paragraf pertama tulisan ini panjang ({len(item.summary)} karakter) dan tidak ada "
            'kolom "summary", jadi seluruh paragraf itu tampil sebagai ringkasan di daftar '
            "berita dan di pratinjau tautan media sosial; tambahkan di front matter kolom "
            f'"summary:" berisi satu atau dua kalimat (paling banyak {SUMMARY_LIMIT} karakter)')


# -- every content file, published or not ----------------------------------------------------

@dataclass(frozen=True)
class _Written:
    """A Markdown file of a section, as the staff left it."""

    source: _Source
    url_path: str
    word: str
    draft: bool


def _section_files(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir() and (entry / "index.md").is_file():
            yield entry / "index.md"
        elif entry.is_file() and entry.suffix.lower() in (".md", ".markdown"):
            yield entry


def _written_files(content_dir: Path, sources: _Sources) -> Iterator[_Written]:
    for section, prefix, word in SECTIONS:
        for path in _section_files(content_dir / section):
            source = sources.get(Location.of_file(path, sources.root))
            fields = source.split.fields if source.split else {}
            stem = path.parent.name if path.name == "index.md" else path.stem
            slug = fields.get("slug")
            slug = slug if isinstance(slug, str) else slugify(split_date_prefix(stem)[1])
            yield _Written(source, f"{prefix}{slug}/", word, fields.get("draft") is True)


def _check_placeholders(written: Iterable[_Written], problems: Problems) -> None:
    """A file that is no draft must not keep a text `build.py new` left to be replaced."""
    for item in written:
        if item.draft or item.source.split is None:
            continue
        for number, line in enumerate(item.source.lines, start=1):
            in_front_matter = number < item.source.body_line
            if PLACEHOLDER in line and not (in_front_matter and line.lstrip().startswith("#")):
                problems.error(item.source.origin.at(number),
                               f'bagian yang diawali "{PLACEHOLDER}" belum diganti, padahal '
                               "tulisan ini bukan draf lagi; tulis isinya, atau kembalikan "
                               'baris "draft: true" jika tulisan belum siap terbit')


def check_links(site: Site, files: Sequence[OutputFile], config: SiteConfig, problems: Problems,
                content_dir: Path) -> None:
    """Record every problem of links, images, summaries and placeholders (see module doc)."""
    root = content_dir.absolute().parent   # problem paths are relative to it (BuildOptions.root)
    sources = _Sources(root)
    written = list(_written_files(content_dir.absolute(), sources))
    published = {item.url_path for item in (*site.news, *site.awards, *site.pages)}
    held_back = [_HeldBack(item.url_path, item.source.origin, item.word) for item in written
                 if item.url_path not in published]
    checker = _BodyChecker(frozenset(file.path for file in files), held_back,
                           config.base_path, root, problems)
    for body in _bodies(site, sources):
        checker.check(body)
    _check_summaries(site, sources, problems)
    _check_placeholders(written, problems)
