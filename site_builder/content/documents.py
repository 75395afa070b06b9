"""Markdown content files of a section folder (news/, awards/, pages/), read and split.

A section holds `NAME.md` files and `NAME/index.md` bundles whose other files
(images, PDFs) are published beside the page. News and awards may also be grouped in
year folders (`news/2026/NAME.md`, `news/2026/NAME/index.md`): a folder named as a year
holding no index.md; the grouping changes no address (a page in one, pages/2026/, is an
error: it would not be published). `load_section` reads each item
as a `SourceFile` (through the build cache) and converts it; `document_fields` reads the fields every document has
(title, slug, summary, draft) and computes its URL, and `read_image` resolves
an `image` field.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from stat import S_ISREG
from typing import Any, Callable, Iterator, Mapping, Sequence

from site_builder.addresses import SECTION_PREFIXES
from site_builder.buildcache import BuildCache
from site_builder.content.bodies import convert_body, plain_text, same_words
from site_builder.content.loading import FileJob, load_files
from site_builder.documentinfo import check_document
from site_builder.errors import CONTROL_CHARACTER, Location, Problems
from site_builder.filelinks import size_text
from site_builder.fields import FieldReader, as_boolean
from site_builder.frontmatter import (SplitFile, empty_mapping, fenced_body, fields_below,
                                      split_front_matter)
from site_builder.images import (IPHONE_JPEG, RASTER_SUFFIXES, STATIC_FOLDER, UNSHOWN_FORMATS,
                                 is_raster, unshown_format)
from site_builder.links import (check_image_alt, check_image_formats, check_placeholders,
                                 locate_references)
from site_builder.markdown import MarkdownRenderer, RenderedMarkdown
from site_builder.model import Alias, Asset, BodyHtml, Image, RejectedBody
from site_builder.pagekeys import with_key_parts
from site_builder.similar import closest
from site_builder.slugs import slug_problem, slugify, split_date_prefix
from site_builder.textfile import read_text
from site_builder.uptodate import tree_signature
from site_builder.yamlfile import as_value

MARKDOWN_SUFFIXES = (".md", ".markdown")
BUNDLE_INDEX = "index.md"
# A folder of news or awards named so, without an index.md, groups that year's items.
YEAR_FOLDER = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class Context:
    """What every loader needs: where the site is, where problems go, how to render,
    and what may be reused (see content/loading.py)."""

    root: Path           # the site root; problem paths are relative to it
    content_dir: Path
    problems: Problems
    markdown: MarkdownRenderer
    base_path: str = "/"
    cache: BuildCache | None = None
    env: str = ""        # digest of every setting a loaded file's result depends on
    jobs: int = 1        # processes that may load files at once
    probes: list[tuple[str, bool]] | None = None   # other paths one file's loader looked at
    # Content files' signatures read before the build (BuildOptions.input_stats), by path.
    stats: Mapping[str, tuple[int, int, int]] = field(default_factory=dict)
    # Sections of which a file could not be read into an item (Content.unread).
    unread: set[str] = field(default_factory=set)
    rejected: list[RejectedBody] = field(default_factory=list)   # Content.rejected
    unlisted: set[str] = field(default_factory=set)   # Content.unlisted

    @property
    def static_dir(self) -> Path:
        return self.content_dir / "static"

    def location(self, path: Path, line: int | None = None) -> Location:
        return Location.of_file(path, self.root, line)

    def is_file(self, path: Path) -> bool:
        """Whether `path` is a file, remembered as something the current file depends on."""
        answer = _is_file(path)
        if self.probes is not None:
            self.probes.append((str(path), answer))
        return answer


@dataclass(frozen=True)
class SourceFile:
    """One Markdown file of a section, split and rendered, with its bundle files."""

    path: Path
    origin: Location
    fields: FieldReader
    body: RenderedMarkdown
    name: str              # file or bundle name without the date prefix
    named_date: date | None   # the date prefix of that name, if it has one
    folder: Path           # the folder relative image paths start from
    bundle_files: tuple[Path, ...]
    lines: tuple[str, ...] = ()   # the file as written
    body_line: int = 1             # where its body starts
    base_path: str = "/"
    year_folder: int | None = None   # the year of the year folder it lies in, if one
    fields_read: bool = True   # False: its front matter could not be read (`fields` is empty)


def is_hidden(name: str) -> bool:
    return name.startswith((".", "_"))


# Files an operating system or an office suite writes beside others (thumbnails, folder
# settings, the lock file of an open document): uploaded with a folder, never content.
SYSTEM_FILES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini"})
# Leftovers of editors and office suites, by how their names end: a backup ("index.md~",
# ".bak", ".orig" of a merge) and a temporary file (Word's "~WRL0001.tmp", "x.docx.tmp").
# Each holds an earlier version, often the very text (a resident's NIK, a phone number)
# taken out of the published one.
LEFTOVER_SUFFIXES = ("~", ".bak", ".orig", ".tmp")


def is_system_file(name: str) -> bool:
    """Whether `name` is a file no one means to publish (SYSTEM_FILES, Word's lock file
    "~$x.docx", LEFTOVER_SUFFIXES, Emacs's auto-save "#index.md#"): left out of bundles
    and static/ without a word, as hidden files are."""
    lower = name.lower()
    return (lower in SYSTEM_FILES or name.startswith("~$") or lower.endswith(LEFTOVER_SUFFIXES)
            or len(name) > 2 and name.startswith("#") and name.endswith("#"))


def unpublishable_photo(name: str) -> str | None:
    """Why a photo of this name lying in a bundle or static/ may not be published, where
    its files are all published whether a page names them or not: a format the builder
    cannot clean (images.UNSHOWN_FORMATS: an iPhone's HEIC original, a scanner's TIFF)
    would be published as it is, with the place it was taken (GPS) and the phone's
    owner. None for other files. (A page naming one is told so at its line too.)"""
    kind = UNSHOWN_FORMATS.get(split_name(name)[1].lower())
    if kind is None:
        return None
    tip = f" ({IPHONE_JPEG})" if kind in ("HEIC", "HEIF") else ""
    return (f"foto berformat {kind} tidak bisa dibersihkan program ini, jadi berkas ini akan "
            "terbit apa adanya, juga bila tidak ada halaman yang menampilkannya, lengkap "
            "dengan lokasi (GPS) tempat foto diambil serta data kamera dan pemiliknya; simpan "
            f"ulang sebagai JPEG (.jpg) lalu hapus berkas {kind} ini, atau hapus saja bila "
            f"tidak dipakai{tip}")


# A file published as it is from this size on is a warning: each reader who opens it
# downloads it whole, mostly over mobile data (GitHub Pages refuses 100 MB).
HEAVY_FILE = 20_000_000
_VIDEO_SUFFIXES = (".mp4", ".mov", ".avi", ".mkv", ".3gp", ".webm", ".m4v", ".wmv")


def check_file_size(path: Path, size: int, location: Location, problems: Problems) -> None:
    """A warning for a file published as it is of HEAVY_FILE bytes or more."""
    if size < HEAVY_FILE:
        return
    suffix = path.suffix.lower()
    if suffix in _VIDEO_SUFFIXES:
        instead = "unggah videonya ke YouTube lalu tautkan atau sematkan di tulisan"
    elif suffix == ".pdf":
        instead = ('perkecil dulu PDF-nya (misalnya dengan fitur "Reduce File Size" atau '
                   '"Compress PDF"), atau bagi menjadi beberapa berkas')
    else:
        instead = "perkecil dulu berkasnya, atau simpan di layanan berbagi berkas lalu tautkan"
    problems.warning(location, (
        f"berkas ini berukuran {size_text(size)}, dan sebanyak itu pula yang diunduh setiap "
        f"pembaca yang membukanya, sering lewat kuota HP; {instead}"))


def split_name(name: str) -> tuple[str, str]:
    """A file name as pathlib's (stem, suffix), without making a Path for it:
    "a.md" -> ("a", ".md"), ".md" -> (".md", ""), "a." -> ("a.", "")."""
    dot = name.rfind(".")
    return (name[:dot], name[dot:]) if 0 < dot < len(name) - 1 else (name, "")


def is_markdown(name: str) -> bool:
    """Whether a file of this name is Markdown (by its suffix, in any case)."""
    return split_name(name)[1].lower() in MARKDOWN_SUFFIXES


def is_year_folder(name: str, folder: str) -> bool:
    """Whether the folder `name` at `folder` groups a year's items (YEAR_FOLDER)."""
    return bool(YEAR_FOLDER.fullmatch(name)) and not os.path.isfile(
        os.path.join(folder, BUNDLE_INDEX))


def section_entries(section_dir: Path | str, by_year: bool, inside: Path | None = None
                    ) -> Iterator[os.DirEntry]:
    """The entries of a section folder, by name, hidden ones aside; when `by_year`, those
    of each year folder in its place (but for a year folder that, symlinks followed, lies
    outside `inside`, when given: that folder itself, for the caller to refuse)."""
    try:
        with os.scandir(section_dir) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if is_hidden(entry.name):
            continue
        if by_year and entry.is_dir() and is_year_folder(entry.name, entry.path) and (
                inside is None or is_inside(Path(entry.path), inside)):
            yield from section_entries(entry.path, by_year=False)
        else:
            yield entry


def _item_paths(section_dir: Path, context: Context, kind: str, by_year: bool
                ) -> tuple[list[tuple[Path, Path | None]], list[Path]]:
    """(Markdown file, bundle folder or None) for each item of a section (section_entries),
    and the photos beside the single files."""
    items: list[tuple[Path, Path | None]] = []
    photos: list[Path] = []
    for entry in section_entries(section_dir, by_year, inside=context.content_dir):
        path = Path(entry.path)
        if not report_refusals(path, context, entry=entry):   # a symlink out of content/ ...
            if entry.is_dir() or is_markdown(entry.name):   # an item: links to it unsure
                context.unread.add(kind)
            continue
        if entry.is_dir():
            if os.path.isfile(os.path.join(entry.path, BUNDLE_INDEX)):
                if _check_bundle(path, context):
                    items.append((path / BUNDLE_INDEX, path))
                else:   # its index.md is refused
                    context.unread.add(kind)
            elif not by_year and YEAR_FOLDER.fullmatch(entry.name) and _check_year_folder_of_pages(
                    path, section_dir, context):
                context.unread.add(kind)   # links to its items are checked once they move
            else:
                context.problems.warning(context.location(path), _without_index(entry.path))
        elif entry.is_file() and is_markdown(entry.name):
            items.append((path, None))
        elif entry.is_file() and split_name(entry.name)[1].lower() in PHOTO_SUFFIXES:
            photos.append(path)
        elif entry.is_file():
            left_out = _left_out(entry.name)
            if left_out:
                context.problems.warning(context.location(path), left_out)
    return items, photos


def _check_year_folder_of_pages(folder: Path, section_dir: Path, context: Context) -> bool:
    """An error for each page (file or bundle) in a year folder of a section that is not
    grouped by year (pages/2026/, copied from news/): it is not published, so a page
    with its menu place would be missing from the site. Whether there was one."""
    found = False
    for entry in section_entries(folder, by_year=False):
        bundle = entry.is_dir() and os.path.isfile(os.path.join(entry.path, BUNDLE_INDEX))
        if not (bundle or entry.is_file() and is_markdown(entry.name)):
            continue
        found = True
        moved = section_dir / entry.name
        what = f'folder "{entry.name}" beserta isinya' if bundle else "berkas ini"
        if os.path.lexists(moved):   # moved as it is, it would replace another page
            where = (f"{context.location(section_dir).path.as_posix()}/ dengan nama lain (di "
                     f'sana sudah ada "{entry.name}")')
        else:
            where = context.location(moved).path.as_posix() + ("/" if bundle else "")
        if split_date_prefix(split_name(entry.name)[0])[0]:   # dated: a news item, maybe
            news = context.location(section_dir.parent / "news" / folder.name).path.as_posix()
            where += f", atau, jika ini berita, ke {news}/"
        path = Path(entry.path) / BUNDLE_INDEX if bundle else Path(entry.path)
        context.problems.error(context.location(path, 1), (
            f"halaman tetap tidak dikelompokkan per tahun seperti berita, jadi halaman di "
            f'folder "{folder.name}" tidak diterbitkan dan tidak tampil di menu; pindahkan '
            f"{what} ke {where}"))
    return found


def _without_index(folder: str) -> str:
    """The warning for a folder of a section without index.md: which file to rename."""
    try:
        names = sorted(name for name in os.listdir(folder) if not is_hidden(name))
    except OSError:
        names = []
    if not names:   # left behind when its files were moved (git would not keep it)
        return "folder ini kosong, jadi diabaikan; hapus folder ini"
    texts = [name for name in names if is_markdown(name)]
    said = f'folder ini tidak berisi "{BUNDLE_INDEX}", jadi diabaikan; '
    parent, name = os.path.split(os.path.normpath(folder))
    dated = [text for text in texts if split_date_prefix(split_name(text)[0])[0]]
    if re.fullmatch(r"\d{1,2}", name) and YEAR_FOLDER.fullmatch(os.path.basename(parent)):
        return (said + "folder bulan tidak dipakai: berita satu tahun disimpan langsung di "
                       f"folder tahunnya; pindahkan berkas di dalamnya ke folder "
                       f"{os.path.basename(parent)} di atasnya (tanggal di nama berkas sudah "
                       "mengurutkannya)")
    if name.lower() in ("content", "news", "awards", "pages", "static"):
        return (said + f'folder "{name}" di sini tampaknya salinan folder situs yang terunggah '
                       "ke tempat yang salah; pindahkan tulisan di dalamnya ke folder bagiannya "
                       "(content/news/, content/awards/ atau content/pages/), lalu hapus "
                       "folder ini")
    if len(dated) > 1:
        return (said + "folder ini berisi beberapa tulisan, padahal satu folder di sini adalah "
                       f"satu tulisan bernama {BUNDLE_INDEX} dengan foto-fotonya; pindahkan "
                       "tulisan-tulisannya keluar dari folder ini, ke folder bagiannya")
    if len(texts) == 1:
        return (said + f'ganti nama "{texts[0]}" di folder ini menjadi "{BUNDLE_INDEX}" (satu '
                       "folder berisi satu tulisan dan foto-fotonya)")
    if texts:
        shown = ", ".join(f'"{name}"' for name in texts[:-1]) + f' dan "{texts[-1]}"'
        return (said + f"folder ini berisi {shown}: satu tulisan satu folder, bernama "
                       f"{BUNDLE_INDEX}; pindahkan tulisan lain ke folder masing-masing")
    if names and all(split_name(name)[1].lower() in PHOTO_SUFFIXES for name in names):
        return (said + f'folder ini hanya berisi foto; tulis tulisannya di folder ini sebagai '
                       f'"{BUNDLE_INDEX}"')
    return said + f"tulisan dalam folder harus bernama {BUNDLE_INDEX}"


# Pictures a staff member may upload beside a news item, whether browsers show them or not.
PHOTO_SUFFIXES = frozenset((*RASTER_SUFFIXES, ".gif", ".svg", ".avif", *UNSHOWN_FORMATS))


# Word processors' files, which staff may drop into a section for the text they hold.
DOCUMENT_SUFFIXES = (".doc", ".docx", ".odt", ".rtf", ".wps", ".pages")


def _left_out(name: str) -> str | None:
    """Why a file of a section that is no item, named `name`, is left out, when it looks
    like an item saved the wrong way (a text file, a document); None for other files."""
    if is_system_file(name):   # Word's lock file beside an open "profil.docx"
        return None
    stem, suffix = split_name(name)
    suffix = suffix.lower()
    if suffix == ".txt" and is_markdown(stem):
        return ('berkas ini tidak diterbitkan karena namanya berakhiran ".txt" (Windows sering '
                f'menyembunyikan akhiran itu); ganti namanya menjadi "{stem}"')
    if suffix == ".txt":
        return ("berkas ini tidak diterbitkan: hanya berkas berakhiran .md yang menjadi "
                f'tulisan; ganti namanya menjadi "{stem}.md"')
    if not suffix:   # named in a web editor, which adds no ".md" of its own
        return ('berkas ini tidak diterbitkan karena namanya tidak berakhiran ".md"; ganti '
                f'namanya menjadi "{name}.md"')
    if suffix in DOCUMENT_SUFFIXES:
        return ("dokumen ini tidak diterbitkan: tulisan harus berupa teks dalam berkas .md; "
                "salin isinya ke berkas .md (panduan staf, bagian 2), atau, untuk "
                "menerbitkannya sebagai unduhan, pindahkan ke content/static/ lalu tautkan")
    return None


def _bundle_files(folder: Path, context: Context) -> tuple[Path, ...]:
    """The files of a bundle published beside its page, but symlinks out of content/,
    never read. Those bundle_refusals refuses otherwise are listed (so that a link to
    one is not also said to lead nowhere): _check_bundle reports each, at every build,
    and the build stops before anything is published."""
    files = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or is_system_file(path.name) \
                or any(is_hidden(part) for part in path.relative_to(folder).parts) \
                or path.is_symlink() and not is_inside(path, context.content_dir):
            continue
        if is_markdown(path.name):
            if path.name != BUNDLE_INDEX:
                context.problems.warning(
                    context.location(path),
                    "berkas Markdown lain di dalam folder tulisan diabaikan; hanya "
                    f"{BUNDLE_INDEX} yang diterbitkan")
            continue
        if not is_raster(path):   # a photo is published made smaller
            check_file_size(path, path.stat().st_size, context.location(path), context.problems)
            check_document(path, context.location(path), context.problems)   # cached: the item
        files.append(path)
    return tuple(files)


def bundle_listing(folder: Path) -> str:
    """What of a bundle its item's cached result depends on (what _bundle_files reads):
    the path of every file; and but for a photo or a Markdown file, its inode, size and
    time (a document is checked by its size and content, a symbolic link by where it
    leads). A photo counts by its name alone: the result only lists it, and the image
    stage reads it, by its bytes; so does index.md, known by its bytes' digest, and any
    other Markdown file, ignored. So a bundle freshly checked out (every file with a new
    inode and time, on each CI run) keeps its entry; listed by every file's stat, its
    Markdown was converted again then, as if new."""
    return tree_signature(folder, by_name=_listed_by_name)


def _listed_by_name(name: str, mode: int) -> bool:
    return S_ISREG(mode) and (is_raster(Path(name)) or is_markdown(name))


def _check_bundle(folder: Path, context: Context) -> bool:
    """An error at each file and folder of a bundle that is not published (bundle_refusals),
    at every build (the bundle's item may come from the build cache, which a folder
    added to the bundle does not change). Whether its index.md may be read."""
    refused = bundle_refusals(folder, context.content_dir)
    for path, messages in refused.items():
        for message in messages:
            context.problems.error(context.location(path), message)
    return folder / BUNDLE_INDEX not in refused


def bundle_refusals(folder: Path, content_dir: Path) -> dict[Path, list[str]]:
    """The files and folders of a bundle (hidden ones aside, which are never published)
    that may not be published, each with why (refusals, unpublishable_photo); the files
    of a refused folder are left out with it."""
    refused: dict[Path, list[str]] = {}
    for path in sorted(folder.rglob("*")):
        if is_system_file(path.name) or not refused.keys().isdisjoint(path.parents) \
                or any(is_hidden(part) for part in path.relative_to(folder).parts):
            continue
        messages = refusals(path, content_dir, pages=False)
        photo = unpublishable_photo(path.name)
        if photo and path.is_file():
            messages.append(photo)
        if messages:
            refused[path] = messages
    return refused


def _check_date_prefix(stem: str, origin: Location, context: Context) -> None:
    """Warn when a name starts like a date that does not exist (it stays in the address)."""
    looks_dated = re.match(r"(\d{4}-\d{1,2}-\d{1,2})[-_ ]", stem)
    if looks_dated and split_date_prefix(stem)[0] is None:
        context.problems.warning(
            origin.at(None), f'nama berkas diawali "{looks_dated[1]}", yang bukan tanggal yang '
                             "ada, jadi ikut menjadi bagian alamat; perbaiki tanggalnya "
                             "(tahun-bulan-tanggal, dua angka untuk bulan dan tanggal)")
    day_first = re.match(r"(\d{1,2})[-_.](\d{1,2})[-_.](\d{4})[-_ ](.+)", stem)
    if day_first:   # "01-12-2026-lomba": the day first, as dates are said
        day, month, year, rest = day_first.groups()
        context.problems.warning(
            origin.at(None), f'nama berkas diawali tanggal "{stem[:day_first.end(3)]}" dengan '
                             "hari di depan, jadi tanggal itu ikut menjadi bagian alamat; tulis "
                             f"tahun-bulan-tanggal: {year}-{int(month):02}-{int(day):02}-{rest}")


# The first line of a body, a level-1 heading: "# Lomba Mewarnai".
_TITLE_LINE = re.compile(r"\s*^ {0,3}# +(\S[^\n]*?)[ #]*$", re.MULTILINE)


def read_source(job: FileJob, context: Context, fields_optional: bool = False
                ) -> SourceFile | None:
    """One Markdown file of a section, split and rendered, or None (problems recorded).
    With `fields_optional`, a file whose front matter is fenced but cannot be read (its
    error recorded) gives a SourceFile all the same, without fields: its body's links are
    still checked (_Converted)."""
    path, bundle = job.path, job.bundle
    origin = context.location(path)
    text = read_text(path, origin, context.problems, data=job.data)
    split = split_front_matter(text, origin, context.problems) if text is not None else None
    fenced = fenced_body(text) if split is None and fields_optional and text else None
    if fenced is not None:
        split = SplitFile(empty_mapping(2), *fenced)
    if split is None:
        return None
    lines = tuple(text.split("\n"))
    fields = FieldReader(split.fields, origin, context.problems if fenced is None else Problems())
    fields.below = fields_below(split.body, split.body_line)
    if "title" not in fields.mapping:
        heading = _TITLE_LINE.match(split.body)
        if heading:   # the title written as the article's first line, "# Lomba Mewarnai"
            line = split.body_line + split.body.count("\n", 0, heading.start(1))
            fields.missing_hints["title"] = (
                f'baris {line} "# {heading[1]}" tampaknya judulnya: tulis title: '
                f'{as_value(heading[1])} di antara kedua baris "---", lalu hapus baris {line}')
    if fenced is None and as_boolean(fields.mapping.get("draft")) is not True:   # "Draft:" too
        check_placeholders(origin, lines, split.body_line, context.problems)
    stem = bundle.name if bundle else path.stem
    _check_date_prefix(stem, origin, context)
    named_date, name = split_date_prefix(stem)
    # A refused body is an error; the fields are still read, to report them too.
    title = fields.mapping.get("title") or fields.mapping.get("award")   # an award's default
    body = convert_body(split.body, context.markdown, origin.at(split.body_line),
                        context.problems, title if isinstance(title, str) else None
                        ) or RenderedMarkdown("", "")
    return SourceFile(
        path=path,
        origin=origin,
        fields=fields,
        body=body,
        name=name,
        named_date=named_date,
        folder=bundle or path.parent,
        bundle_files=_bundle_files(bundle, context) if bundle else (),
        lines=lines,
        body_line=split.body_line,
        base_path=context.base_path,
        year_folder=_year_folder_of(bundle or path, context.content_dir),
        fields_read=fenced is None,
    )


def _year_folder_of(item: Path, content_dir: Path) -> int | None:
    """The year of the year folder an item (file or bundle) lies in, if it lies in one."""
    grouping = item.parent
    if YEAR_FOLDER.fullmatch(grouping.name) and grouping.parent.parent == content_dir:
        return int(grouping.name)
    return None


def load_section(section_dir: Path, context: Context,
                 convert: Callable[[SourceFile, Context], Any], kind: str,
                 by_year: bool = False) -> list[Any]:
    """`convert(source, context)` of every item of a section folder (and of its year
    folders, when `by_year`) that could be read (None for the others), through the build
    cache (content/loading.py)."""
    if not section_dir.is_dir():
        return []
    if not report_refusals(section_dir, context):   # a symlink out of content/
        context.unread.add(kind)
        return []
    paths, photos = _item_paths(section_dir, context, kind, by_year)
    loaded = load_files([FileJob(path, bundle) for path, bundle in paths], context,
                        _Converted(convert, SECTION_PREFIXES[kind]), kind, bundle_listing)
    unknown = unlisted = False   # a file with errors whose address, or lists, are unknown
    for index, result in enumerate(loaded):
        if isinstance(result, _Rejected):
            context.rejected.append(result.body)
            loaded[index] = result.result
            # A page is refused only for its slug: its address is never sure then.
            sure = result.address_known and kind != "pages"
            unknown, unlisted = unknown or not sure, unlisted or sure
        elif _document(result) is None:
            unknown = True
    documents = [_document(result) for result in loaded]
    if unknown:   # anything of the section's may be made once it is fixed
        context.unread.add(kind)
    elif unlisted:   # its own page is known; the lists it would be on are not
        context.unlisted.add(kind)
    if not (unknown or unlisted):   # a file with errors may name a photo as its image
        _check_unused_photos(photos, documents, kind, context)
    return loaded


def _document(result: Any) -> Any:
    """The document of a converted file (an award comes as (award, its `news` link))."""
    return result[0] if isinstance(result, tuple) else result


def _check_unused_photos(photos: list[Path], documents: list[Any], kind: str,
                         context: Context) -> None:
    """A warning for each photo beside the single files of a section that no item (all
    of them read: one that was not may name it) names as its `image` (only as that is it
    published)."""
    if not photos:
        return
    named = {document.image.path for document in documents
             if getattr(document, "image", None) is not None}
    for photo in photos:
        if photo not in named:
            context.problems.warning(context.location(photo), _unused_photo(photo.name, kind))


def _unused_photo(name: str, kind: str) -> str:
    in_body = ("untuk memakainya di isi tulisan, pindahkan tulisan dan fotonya ke satu folder "
               "(NAMA/index.md)")
    if kind == "pages":   # a page has no `image`
        return f"foto ini tidak dipakai halaman mana pun, jadi tidak diterbitkan; {in_body}"
    return (f"foto ini tidak dipakai tulisan mana pun, jadi tidak diterbitkan; untuk "
            f'menjadikannya foto utama sebuah tulisan, tulis "image: {name}" dan "image_alt: '
            f'..." di tulisan itu; {in_body}; atau hapus fotonya')


@dataclass(frozen=True)
class _Rejected:
    """What `_Converted` gives for a file that `convert` refused (its result: None, or an
    award's (None, its news link)), with the body whose links are still to be checked."""

    result: Any
    body: RejectedBody
    # Whether its address is sure: its fields were read, and its `slug`, if any, is usable.
    address_known: bool


@dataclass(frozen=True)
class _Converted:
    """read_source, then `convert` (a picklable pair, for the process pool), then the
    document's page-key parts (pagekeys.with_key_parts), cached with it; a _Rejected
    for a file with field errors."""

    convert: Callable[[SourceFile, Context], Any]
    url_prefix: str   # of the section's pages

    def __call__(self, job: FileJob, context: Context) -> Any:
        source = read_source(job, context, fields_optional=True)
        if source is None:
            return None
        result = self.convert(source, context) if source.fields_read else None
        if _document(result) is None:
            return _rejected(result, source, self.url_prefix, context) or result
        return with_key_parts(result)


def _rejected(result: Any, source: SourceFile, url_prefix: str, context: Context
              ) -> _Rejected | None:
    """A file `convert` refused (`result`), with its body at the address it would have
    (from its `slug`, as written or as slug_problem suggests, else from its name: sure
    only when its fields were read and its `slug`, if any, is that address), with the
    files it would publish beside it (a bundle's, or the `image` beside a single file:
    read_image), whose photos are checked too; None when none can be an address."""
    written = source.fields.mapping.get("slug")
    text = written if isinstance(written, str) else None
    slug = next((candidate for candidate in (text, text and slugify(text),
                                             slugify(source.name))
                 if candidate and slug_problem(candidate) is None), None)
    if slug is None:
        return None
    url_path = f"{url_prefix}{slug}/"
    files = list(source.bundle_files)
    image = source.fields.mapping.get("image")
    if isinstance(image, str) and not source.bundle_files:
        beside = source.folder / posixpath.normpath(image.lstrip("/"))
        if is_inside(beside, source.folder) and context.is_file(beside):
            files.append(beside)
    body = RejectedBody(
        source.origin, url_path, source.body_line,
        locate_references(source.body.html, source.lines, source.body_line, source.base_path),
        tuple(Asset(path, url_path + path.relative_to(source.folder).as_posix(),
                    context.location(path)) for path in files))
    return _Rejected(result, body, source.fields_read and written in (None, slug))


def _slug(source: SourceFile) -> str | None:
    """The `slug` field, else the file or folder name without its date prefix."""
    reader = source.fields
    if reader.mapping.get("slug") is not None:
        return reader.slug("slug")
    reader.ignore("slug")
    slug = slugify(source.name)
    problem = slug_problem(slug) if slug else "tidak berisi huruf atau angka"
    if problem:
        reader.problems.error(source.origin.at(1),
                              f'nama berkas "{source.name}" tidak bisa menjadi alamat: {problem}; '
                              'ganti nama berkasnya atau tambahkan kolom "slug:"')
        return None
    return slug


# From this many characters a title is a warning: it fills a phone's screen in a list.
LONG_TITLE = 140
# Words a title in Indonesian writes in small letters (after its first word).
_SMALL_WORDS = frozenset({"dan", "di", "ke", "dari", "yang", "untuk", "pada", "dengan",
                          "atau", "bagi", "oleh", "dalam", "tentang", "sebagai", "serta"})


# Abbreviations written in capitals in any title ("Pelatihan UMKM", "Siswa SD dan SMP").
_ABBREVIATIONS = frozenset({
    "UMKM", "PLM", "TBM", "PAUD", "TK", "SD", "SMP", "SMA", "SMK", "MI", "MTS", "MA", "KTP",
    "KK", "RT", "RW", "OPD", "DPRD", "PKK", "ASN", "PNS", "BUMN", "BUMD", "TIK", "IT", "HUT",
    "RI", "NKRI", "TNI", "POLRI", "PMI", "BPJS", "KB", "UPT", "UNESCO", "PDF", "QR", "WA",
    "ATM", "HP", "OPAC", "ISBN", "PT", "CV", "LSM", "KUA", "SKCK", "NIK", "II", "III", "IV",
    "VI", "VII", "VIII", "IX", "XI", "XII",
})


def _title_case(word: str, index: int) -> str:
    """A word of a title in capitals as a title writes it: an abbreviation as it is, a
    small word (after the first) in small letters, any other with a capital first."""
    if word.strip(".,:;!?()\"'").upper() in _ABBREVIATIONS:
        return word
    word = word.lower()
    return word if index and word in _SMALL_WORDS else word[:1].upper() + word[1:]


def check_title(reader: FieldReader, title: str, key: str = "title") -> None:
    """A warning, at `key`'s line, for a title in capitals throughout, or longer than
    LONG_TITLE."""
    if title.upper() == title and len(title.split()) >= 3 \
            and sum(character.isalpha() for character in title) >= 12:
        shown = " ".join(_title_case(word, index) for index, word in enumerate(title.split()))
        reader.warning(key, (
            "judul ditulis dengan huruf kapital semua, yang lebih sulit dibaca dan oleh "
            "sebagian pembaca layar dieja huruf demi huruf; tulis seperti judul biasa, "
            f'misalnya "{shown}" (singkatan seperti UMKM tetap kapital)'))
    if len(title) > LONG_TITLE:
        reader.warning(key, (
            f"judul {len(title)} karakter, sehingga memenuhi layar HP di setiap daftar dan "
            "terpotong di hasil pencarian; tulis judul yang lebih pendek (paling banyak "
            f'sekitar {LONG_TITLE} karakter) dan letakkan rinciannya di isi atau "summary"'))


def check_text_written(source: SourceFile) -> None:
    """A warning, at the line closing the front matter, for a news item or page whose
    body holds nothing: its page would be a title alone."""
    if not source.body.html.strip():
        source.fields.problems.warning(
            source.origin.at(max(source.body_line - 1, 1)),
            'tulisan ini belum berisi teks di bawah baris "---" penutup kolom, jadi '
            "halamannya hanya berisi judul; tulis isinya di bawah baris itu, atau tambahkan "
            '"draft: true" sampai isinya siap')


def document_fields(source: SourceFile, url_prefix: str, title_required: bool = True
                    ) -> dict[str, Any] | None:
    """Fields shared by news, awards and pages, or None when the slug is unusable."""
    reader = source.fields
    slug = _slug(source)
    title = plain_text(reader.text("title", required=title_required))
    if title:
        check_title(reader, title)
    summary = plain_text(reader.text("summary")) or source.body.first_paragraph
    draft = reader.boolean("draft")
    aliases = tuple(Alias(text, line) for text, line in reader.text_items("aliases"))
    if slug is None:
        return None
    url_path = f"{url_prefix}{slug}/"
    folder = source.origin.path.parent   # the bundle folder, relative to the site root
    assets = tuple(
        Asset(path, url_path + path.relative_to(source.folder).as_posix(),
              Location(folder / path.relative_to(source.folder)))
        for path in source.bundle_files)
    references = locate_references(source.body.html, source.lines, source.body_line,
                                   source.base_path)
    check_image_formats(references, source.origin, source.body_line, reader.problems)
    return dict(origin=source.origin, slug=slug, url_path=url_path, title=title or "",
                summary=summary, body_html=BodyHtml(source.body.html), draft=draft, assets=assets,
                lines=dict(reader.mapping.key_lines), references=references,
                body_line=source.body_line, aliases=aliases)


def read_image(source: SourceFile, url_path: str, context: Context
               ) -> tuple[Image | None, tuple[Asset, ...]]:
    """The `image` of a document and any file that must be copied for it.

    The path is looked up beside the item (its bundle folder, or the section
    folder of a single file), then in static/. A file beside a single file is
    published under the item's URL.
    """
    reader = source.fields
    written = reader.text("image")
    alt = reader.text("image_alt")
    caption = reader.text("image_caption", default="")
    if written is None:
        if caption:
            reader.warning("image_caption", 'kolom "image_caption" adalah keterangan foto '
                                            'utama, tetapi kolom "image" tidak diisi: '
                                            'keterangan ini tidak ditampilkan')
        return None, ()
    unshown = unshown_format(written, alt or "") or (
        f'"{written}" adalah halaman web atau skrip, bukan gambar, dan tidak diterbitkan; '
        "tulis nama foto (JPG, PNG atau WebP)" if run_by_browser(written) else None)
    if unshown:
        reader.error("image", unshown)
    check_image_alt(reader, written, alt)
    title = reader.mapping.get("title")
    if alt and isinstance(title, str) and same_words(alt, title):
        reader.warning("image_alt", (
            f'teks alternatif "{alt}" sama dengan judul, jadi pembaca layar membacakan judulnya '
            "dua kali dan tidak memberi tahu isi fotonya; tulis apa yang tampak pada foto, "
            'misalnya "Peserta kelas merajut di aula"'))
    if unshown:
        return None, ()
    if re.match(r"(?:[a-z][a-z0-9+.-]*:)?//", written, re.IGNORECASE):
        reader.error("image", f'gambar "{written}" adalah alamat web, padahal "image" harus '
                              "berkas di folder tulisan ini atau di content/static/: unduh "
                              "gambarnya (bila boleh dipakai), simpan di sana, lalu tulis "
                              "namanya")
        return None, ()
    relative = posixpath.normpath(written.lstrip("/"))
    beside = source.folder / relative
    if (not relative.startswith("../") and is_inside(beside, context.content_dir)
            and context.is_file(beside)):   # a bundle may have a folder "static/" of its own
        image_url = url_path + relative
        image = Image(beside, image_url, alt or "", caption)
        extra = () if beside in source.bundle_files else (
            Asset(beside, image_url, context.location(beside)),)
        return image, extra
    out_of_place = _out_of_place(written, relative, context)
    if out_of_place:
        reader.error("image", out_of_place)
        return None, ()
    in_static = context.static_dir / relative
    if is_inside(in_static, context.content_dir) and context.is_file(in_static):
        return Image(in_static, relative, alt or "", caption), ()
    meant = _photo_meant(written, _photos_beside(source), bundle=bool(source.bundle_files),
                         static=_static_photos(context.static_dir))
    reader.error("image", f'gambar "{written}" tidak ditemukan; ' + (meant or (
        "letakkan berkasnya di folder yang sama dengan tulisan ini atau di content/static/, "
        "dan periksa ejaan serta huruf besar-kecil nama berkas")))
    return None, ()


def _out_of_place(written: str, relative: str, context: Context) -> str | None:
    """Why an `image` not found beside its item (`relative`: as written, normalized) that
    names a file out of the item's folder ("../static/aula.jpg", "../2025/foto.jpg") or a
    photo of content/static/ by its folder ("static/aula.jpg") cannot be published, with
    the way to name it."""
    static = STATIC_FOLDER.match(relative)
    if static:
        address = "/" + relative[static.end():]
        there = context.is_file(context.static_dir / address[1:])
        if there or relative.startswith("../"):
            return (f'gambar "{written}" menuju content/static/ lewat nama foldernya, padahal '
                    f'isi content/static/ terbit di akar situs; tulis "image: {address}"'
                    + ("" if there else f" (berkas content/static{address} belum ada: "
                                        "periksa ejaan nama berkasnya)"))
    if not relative.startswith("../"):
        return None
    return (f'gambar "{written}" berada di luar folder tulisan ini, padahal "image" hanya '
            "boleh menyebut foto di folder tulisan ini atau di content/static/; salin fotonya "
            "ke salah satu folder itu, lalu tulis namanya")


def _photos_beside(source: SourceFile) -> list[str]:
    """The photos an `image` of `source` can name without a folder: its bundle's (as paths
    within it), or those at the top of its section beside a single file."""
    if source.bundle_files:
        return [path.relative_to(source.folder).as_posix() for path in source.bundle_files
                if split_name(path.name)[1].lower() in PHOTO_SUFFIXES]
    try:
        with os.scandir(source.folder) as scan:
            return sorted(entry.name for entry in scan if entry.is_file()
                          and split_name(entry.name)[1].lower() in PHOTO_SUFFIXES)
    except OSError:
        return []


def _comparable(name: str) -> str:
    """A file name as people confuse it: case, spaces and underscores aside."""
    return re.sub(r"[\s_]+", "-", name.strip().lower())


def _static_photos(static_dir: Path) -> list[str]:
    """The photos of content/static/, as an `image` names them: "/foto/aula.jpg"."""
    return sorted("/" + path.relative_to(static_dir).as_posix() for path in static_dir.rglob("*")
                  if path.suffix.lower() in PHOTO_SUFFIXES and path.is_file())


def _photo_meant(written: str, photos: list[str], bundle: bool, static: Sequence[str] = ()
                 ) -> str | None:
    """A hint naming the photo `written` most likely means: one (beside the item, or of
    `static`) whose name differs only in case, spaces or underscores, else the closest
    name, else the only photo of a `bundle` (a phone's upload keeps its own name,
    "IMG_20261120_093012.jpg")."""
    candidates = [*photos, *static]
    if not candidates:
        return None
    by_name = {_comparable(photo): photo for photo in candidates}
    close = closest(_comparable(written), by_name)
    if close:
        return (f'mungkin maksudnya "image: {by_name[close]}" (tulis namanya persis, '
                "termasuk huruf besar-kecil)")
    if bundle and len(photos) == 1:
        return (f'satu-satunya foto di folder ini bernama "{photos[0]}": tulis '
                f'"image: {photos[0]}", atau ganti nama berkasnya')
    return None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the file system, or with a NUL
        return False


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path`, symlinks followed, lies inside `folder`."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):   # NUL in the name; a symlink loop (3.11)
        return False


# -- Files of content/ that are neither read nor published -------------------------------
#
# A symlink out of content/ (a news item's "env.pdf" -> /proc/self/environ, a page's
# "konfig.txt" -> ../../../.git/config) would publish a secret of the computer that builds;
# a file a browser runs, published as it is beside an item, would run its script on the
# library's site, past the sanitizer of bodies; a name with a backslash, a control
# character (an rsync filter rule, an FTP command ends at a newline) or too many bytes
# stops the build or the upload. Each is an error at the file (refusals), never read.

# A name of more bytes (UTF-8) cannot be uploaded: a temporary name adds some 40 bytes to
# it, and most file systems and FTP servers stop at 255.
LONGEST_NAME = 200
# What a name cannot hold: a backslash (a folder separator on Windows; no address takes
# it) and the control characters.
_UNUSABLE_IN_NAME = re.compile(rf"(?:{CONTROL_CHARACTER.pattern}|\\)+")
# Files a browser opens as a web page, or runs as a script: never published beside an item
# (static/ may hold a web page on purpose: a search engine's verification file).
WEB_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".xsl", ".xslt")
SCRIPT_SUFFIXES = (".js", ".mjs")
SVG_SUFFIXES = (".svg", ".svgz")
SCRIPTED_SVG = ("SVG ini berisi skrip, yang ikut berjalan di situs perpustakaan saat pembaca "
                "membuka gambarnya; ekspor ulang sebagai PNG (atau simpan ulang SVG-nya tanpa "
                "skrip)")


def refusals(path: Path, folder: Path, shown: str = "content/", pages: bool = True,
             is_dir: bool | None = None, linked: bool | None = None) -> list[str]:
    """Why the file or folder `path` of content/ is neither read nor published, each an
    error's message (none when it may be): a name the output or the upload cannot take
    (name_problem); a symlink out of `folder` (`shown` as the message names it:
    "content/", "static/"), whose target is then never read; an SVG with a script; and,
    unless `pages`, a file a browser runs (run_by_browser).

    The folders above `path` must be known to lie inside `folder`: only `path` itself
    is looked at as a symlink. `is_dir` and `linked` (whether it is a symlink), when
    given, spare asking the file system (a scandir entry knows them)."""
    is_dir = path.is_dir() if is_dir is None else is_dir
    found = [problem for problem in (name_problem(path.name, is_dir),) if problem]
    if (path.is_symlink() if linked is None else linked) and not is_inside(path, folder):
        what = "folder" if is_dir else "berkas"
        return [*found, f"{what} ini adalah tautan (symlink) ke luar folder {shown}; salin "
                        "berkas aslinya ke sini"]
    if is_dir:
        return found
    runs = None if pages else run_by_browser(path.name)
    if runs:
        found.append(runs)
    elif split_name(path.name)[1].lower() in SVG_SUFFIXES and _svg_has_script(path):
        found.append(SCRIPTED_SVG)
    return found


def report_refusals(path: Path, context: Context, folder: Path | None = None,
                    shown: str = "content/", entry: os.DirEntry | None = None) -> bool:
    """An error at `path` for each of its refusals (`folder`: content/ unless given; a web
    page allowed: pages are refused only in bundles, by _check_bundle); whether it may be
    read and published (it had none). `entry`: its scandir entry, if known."""
    found = refusals(path, folder or context.content_dir, shown,
                     is_dir=entry.is_dir() if entry else None,
                     linked=entry.is_symlink() if entry else None)
    for message in found:
        context.problems.error(context.location(path), message)
    return not found


def name_problem(name: str, folder: bool = False) -> str | None:
    """What is wrong with the name of a file (`folder`: a folder) of content/, with the name
    to give it; None when nothing is."""
    size = len(name.encode("utf-8", "surrogateescape"))
    if size <= LONGEST_NAME and not _UNUSABLE_IN_NAME.search(name):
        return None   # (nearly every name: a site of 10,000 items asks on every build)
    what = "folder" if folder else "berkas"
    renamed = _renamed(name, folder)
    controls = CONTROL_CHARACTER.findall(name)
    if controls:
        kind = ("ganti baris" if "\n" in controls or "\r" in controls
                else "tab" if "\t" in controls else "karakter kendali")
        return (f"nama {what} ini berisi {kind}, yang tidak terlihat tetapi merusak pengunggahan "
                f'situs ke server; ganti namanya menjadi "{renamed}"')
    if "\\" in name:
        return (f'nama {what} ini berisi garis miring terbalik "\\", yang tidak bisa menjadi '
                "bagian alamat web dan tidak bisa dibuat di Windows; ganti namanya menjadi "
                f'"{renamed}"')
    if size > LONGEST_NAME:
        return (f"nama {what} ini {size} byte, terlalu panjang untuk diunggah ke server (paling "
                f"banyak {LONGEST_NAME} byte; huruf beraksen dihitung 2 byte); persingkat "
                f'namanya, misalnya menjadi "{renamed}"')
    return None


def _renamed(name: str, folder: bool) -> str:
    """`name` as name_problem suggests it: a dash for each run of what it cannot hold, and
    shortened (its suffix kept) when it is over LONGEST_NAME bytes."""
    stem, suffix = (name, "") if folder else split_name(name)
    if len(suffix.encode("utf-8", "surrogateescape")) > 16:   # a dot in a long name
        stem, suffix = name, ""
    stem = _UNUSABLE_IN_NAME.sub("-", stem).strip("- ")
    suffix = _UNUSABLE_IN_NAME.sub("", suffix)
    if len((stem + suffix).encode("utf-8", "surrogateescape")) > LONGEST_NAME:
        while len(stem.encode("utf-8", "surrogateescape")) > 80:
            stem = stem[:-1]
        cut = max(stem.rfind(separator) for separator in "-_ ")
        stem = (stem[:cut] if cut >= 40 else stem).rstrip("-_ .")
    return (stem or "berkas") + suffix


def run_by_browser(name: str) -> str | None:
    """Why a file of this name is not published beside an item: a browser opens it as a
    web page or runs it as a script, on the library's site; None for other files."""
    suffix = split_name(name)[1].lower()
    if suffix in WEB_PAGE_SUFFIXES:
        return (f"berkas {suffix} dibuka browser sebagai halaman web, dan skrip di dalamnya "
                "ikut berjalan di situs perpustakaan, jadi tidak bisa diterbitkan di samping "
                "tulisan; simpan sebagai PDF lalu tautkan PDF-nya, atau salin isinya ke "
                "tulisan ini")
    if suffix in SCRIPT_SUFFIXES:
        return (f"berkas {suffix} adalah skrip yang dijalankan browser di situs perpustakaan, "
                "jadi tidak bisa diterbitkan di samping tulisan; hapus berkas ini dari folder "
                "tulisan")
    return None


# What makes an SVG run a script, once its entities are expanded and its character
# references read: a script element (<script>, <svg:script>), an event attribute
# (onload="..."), one an animation sets (<set attributeName="onclick">), a transformation
# into another document (<?xml-stylesheet ... xsl?>); and a javascript: URL (_svg_has_script).
_SVG_SCRIPT = re.compile(r"<(?:[\w.-]+:)?script\b"
                         r"|[\s\"'/](?:[\w.-]+:)?on[a-z]+\s*="
                         r"|attributeName\s*=\s*[\"']\s*on"
                         r"|<\?xml-stylesheet[^>]*xsl", re.IGNORECASE)
# An entity declared in the SVG's own DTD: <!ENTITY name "value">, <!ENTITY % name "...">.
_ENTITY = re.compile(r"<!ENTITY\s+(%\s+)?([^\s%\"'>]+)\s+(?:\"([^\"]*)\"|'([^']*)')")
_REFERENCE = re.compile(r"&([^\s&;#]+);")
_LARGEST_SVG = 64 * 1024 * 1024   # read of a gzipped .svgz at most


def _svg_has_script(path: Path) -> bool:
    """Whether the SVG (or gzipped .svgz) at `path` holds a script (_SVG_SCRIPT)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False   # copying it reports the file that cannot be read
    return svg_has_script(data)


def svg_has_script(data: bytes) -> bool:
    """Whether an SVG file's bytes hold a script (_SVG_SCRIPT), however written: in UTF-16
    (its zero bytes dropped, the markup reads as ASCII), gzipped, with character
    references (&#106;avascript:) or entities of its own DTD. One that declares parameter
    entities, or entities that expand without end, counts as one."""
    if data[:2] == b"\x1f\x8b":   # .svgz
        try:
            data = zlib.decompressobj(wbits=31).decompress(data, _LARGEST_SVG)
        except zlib.error:
            return False   # no browser shows it either
    text = _entities_expanded(data.replace(b"\x00", b"").decode("utf-8", "replace"))
    if text is None:
        return True
    text = html.unescape(text)
    # A URL's parser drops tabs and line breaks anywhere: "java&#9;script:" runs.
    return bool(_SVG_SCRIPT.search(text)) or "javascript:" in re.sub(r"[\t\n\r]", "",
                                                                     text).lower()


def _entities_expanded(text: str) -> str | None:
    """`text` with the entities its DTD declares written out (a value split into two
    entities, "java" and "script:", is found so); None for parameter entities, or
    entities that grow it past twice its size plus a megabyte, or expand ten levels deep."""
    if "<!ENTITY" not in text:
        return text
    values: dict[str, str] = {}
    for percent, name, double, single in _ENTITY.findall(text):
        if percent:
            return None
        values[name] = double or single
    limit = 2 * len(text) + 1_000_000
    for _ in range(10):
        expanded = _REFERENCE.sub(lambda match: values.get(match[1], match[0]), text)
        if expanded == text:
            return text
        if len(expanded) > limit:
            return None
        text = expanded
    return None
