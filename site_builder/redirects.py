"""Old addresses: the `aliases` of news items, awards, standing pages and programs.

A link shared on WhatsApp or printed on a poster outlives the address it names: a file
renamed, a slug fixed, the site before this one. Each old address a document lists in
`aliases` (as Hugo's and Zola's front matter do) is published as a small page,
templates/redirect.html, that sends the reader on at once with a meta refresh (no
JavaScript, no server setting: any static host serves it) and shows a link for a browser
that does not follow it. Search engines are pointed at the new address (the refresh, and
a canonical; no noindex, which they may apply to the canonical page too); the sitemap,
the feed and the search index leave old addresses out.

An old address is written as a path of the site ("/berita/judul-lama/",
"berita/judul-lama", "/arsip/kelas.html") or as a full address on the site's own host
(copied from the address bar). `redirects(documents, config, problems)` reads them into
`Redirect` values; assemble.py checks that no other file claims the same path.
`check_moved` warns when a build would remove a document's page that output/ holds,
and names the `aliases` line that keeps its address.

A program of schedule.yaml takes `aliases` too (its id renamed: `aliases: [/jadwal/yoga/]`),
read and checked alike; an old page address under jadwal/ also keeps the program's old
calendar, jadwal/yoga.ics, as a copy of its calendar (ical.py), since residents subscribe
to that file and printed posters carry a QR code of the page. `check_moved` warns of a
program page that would go, as of a document's.
"""

from __future__ import annotations

import posixpath
import re
from datetime import datetime
from typing import Callable, Iterable
from urllib.parse import unquote, urlsplit

from site_builder.addresses import (BUILDER_FOLDERS, SCHEDULE, SECTION_PREFIXES,
                                    program_calendar, program_of_page)
from site_builder.config import SiteConfig
from site_builder.content.schedule import SCHEDULE_FILE
from site_builder.errors import Location, Problems
from site_builder.model import Content, Document, Program, Redirect, Site
from site_builder.similar import closest

# Files residents get by a link, a QR code or a letter: check_moved tells when one goes.
SHARED_FILES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods",
                ".odp", ".rtf", ".zip", ".epub", ".csv")
FILES_NAMED = 5   # in one warning, before "dan N berkas lain"
STATIC = "static"
# The files a static host serves as a page; any other suffix is served as a file of its
# own type, so a page there would not be shown.
PAGE_SUFFIXES = (".html", ".htm")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_UNUSABLE = re.compile(r"[\x00-\x1f\x7f\\]")
EXAMPLE = "/berita/judul-lama/"
# A program's calendar written as its old address: "/jadwal/yoga.ics", "https://…/jadwal/yoga.ics"
_OLD_CALENDAR = re.compile(rf"(?:^|/){re.escape(SCHEDULE)}([^/?#]+)\.ics$", re.IGNORECASE)


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


def redirects(documents: Iterable[Document | Program], config: SiteConfig,
              problems: Problems) -> tuple[Redirect, ...]:
    """The redirect pages of the `aliases` of `documents` (programs too); an old address
    that cannot be one is an error at its line (one that another file claims too:
    assemble.py)."""
    made: list[Redirect] = []
    for document in documents:
        seen = set()
        for alias in document.aliases:
            origin = document.origin.at(alias.line)
            path, problem = old_address_path(alias.written, config)
            if path == document.url_path + "index.html":
                what = "kegiatan" if isinstance(document, Program) else "tulisan"
                problem = (f'"{alias.written}" adalah alamat {what} ini sendiri, bukan alamat '
                           'lama; hapus dari "aliases"')
            elif isinstance(document, Program):
                problem = _program_alias_problem(alias.written, problem, origin, problems)
            if problem:
                problems.error(origin, f'kolom "aliases": {problem}')
            elif path not in seen:
                seen.add(path)
                made.append(Redirect(path, document, origin))
    return tuple(made)


def _program_alias_problem(written: str, problem: str | None, origin: Location,
                           problems: Problems) -> str | None:
    """What is wrong with a program's old address, said for a program: its old calendar
    ("/jadwal/yoga.ics") is kept by writing its old page. A bare word ("yoga") is read as
    a news item's is, an address at the top of the site ("/yoga/"): a warning says so."""
    name = written.strip().strip("/")
    calendar = _OLD_CALENDAR.search(name)
    if problem and calendar:
        return (f'"{written}" adalah alamat kalender, bukan halaman; tulis alamat halaman '
                f"lamanya, aliases: [/{SCHEDULE}{calendar[1]}/], maka kalender lamanya ikut "
                "dibuat dan langganan kalender warga tetap diperbarui")
    if not problem and name and not _SCHEME.match(written) and not any(
            mark in written for mark in "/."):
        problems.warning(origin, f'kolom "aliases": "{written}" dibaca sebagai alamat /{name}/, '
                                 "bukan halaman kegiatan; bila maksudnya id lama kegiatan ini, "
                                 f"tulis /{SCHEDULE}{name}/ (bila memang /{name}/, tulis "
                                 f"/{name}/)")
    return problem


# Where each section's documents have their own pages (addresses.py): output path
# "berita/<slug>/index.html" for content/news/, "penghargaan/<slug>/index.html" for
# content/awards/, "<slug>/index.html" for content/pages/ (but the builder's own folders).
_SECTIONS = {prefix.rstrip("/"): section for section, prefix in SECTION_PREFIXES.items()
             if prefix}


def _document_page(path: str) -> tuple[str, str] | None:
    """(section, slug) when the output path has the shape of a document's own page (a
    year's page, "berita/2025/", has not), or ("schedule", id) of a program's page."""
    program_id = program_of_page(path)
    if program_id:
        return "schedule", program_id
    parts = path.split("/")
    if parts[-1] != "index.html":
        return None
    if len(parts) == 3 and parts[0] in _SECTIONS and not parts[1].isdigit():
        return _SECTIONS[parts[0]], parts[1]
    if len(parts) == 2 and parts[0] not in BUILDER_FOLDERS:
        return "pages", parts[0]
    return None


def check_moved(previous: Iterable[str], published: set[str], content: Content, site: Site,
                section_location: Callable[[str], Location], problems: Problems,
                moment: Callable[[datetime], str] = str) -> None:
    """A warning for each page of a document that the last build published (`previous`,
    its output paths) and this build would remove: links shared to it would end at the
    404 page.

    Most often a file was renamed; the warning then stands at the document published at a
    new address of the same section with the closest slug, and names the `aliases` line
    that keeps the old address working. A draft now is not gone: no warning; a news
    item whose `date` was moved after now is withdrawn until then, told at its date
    (`moment` writes that date for staff). A program's page ("jadwal/yoga/") is told
    alike, at the program new in this build with the closest id, else at
    `section_location` of schedule.yaml. A document file (a PDF form, a report) that
    would go is told at the item whose folder held it, else at static/."""
    shown = {item.url_path for item in site.news}
    later = {item.url_path + "index.html": item for item in content.news
             if not item.draft and item.url_path not in shown}
    held_back = {item.url_path + "index.html"
                 for item in (*content.news, *content.awards, *content.pages)} - later.keys()
    previous = set(previous)
    files_gone: dict[tuple[Location, bool], list[str]] = {}
    new = {section: {item.slug: item for item in items
                     if item.url_path + "index.html" not in previous}
           for section, items in (("news", site.news), ("awards", site.awards),
                                  ("pages", site.pages))}
    new_programs = {program.id: program for program in site.programs
                    if program.url_path + "index.html" not in previous}
    for path in sorted(previous - published - held_back):
        if path in later:
            item = later[path]
            problems.warning(item.origin_of("date"), (
                f"halaman /{item.url_path} yang sudah terbit akan ditarik dari situs sampai "
                f"{moment(item.date)}, tanggal tulisan ini sekarang; sampai saat itu tautan "
                'yang sudah dibagikan berujung di halaman "tidak ditemukan". Bila tanggalnya '
                "hanya dibetulkan, tulis tanggal terbit semula"))
            continue
        shape = _document_page(path)
        if shape is None:
            if (path.lower().endswith(SHARED_FILES)
                    and posixpath.dirname(path) + "/index.html" not in previous - published):
                home = _home_of_file(path, site)
                files_gone.setdefault((home, True) if home else
                                      (section_location(STATIC), False), []).append(path)
            continue
        section, slug = shape
        url = "/" + path.removesuffix("index.html")
        line = f'"aliases: [{url}]"'
        if section == "schedule":
            calendar = program_calendar(slug)
            gone = calendar in previous and calendar not in published
            _warn_program_moved(slug, f"/{calendar}" if gone else None, new_programs,
                                section_location(SCHEDULE_FILE), problems)
            continue
        close = closest(slug, new[section])
        if close:
            item = new[section][close]
            problems.warning(item.origin_of("aliases"),
                             f"halaman {url} yang sudah terbit akan hilang, dan tulisan ini "
                             f"terbit di alamat baru /{item.url_path}; bila ini tulisan yang "
                             f"sama, tambahkan baris {line} agar tautan lama tetap bekerja")
        else:
            problems.warning(section_location(section),
                             f"halaman {url} yang sudah terbit akan hilang: tautan ke sana "
                             f'berujung di halaman "tidak ditemukan"; bila tulisannya pindah '
                             f"alamat, tambahkan baris {line} di tulisan itu")


    for (home, bundle), paths in files_gone.items():
        _warn_files_gone(home, paths, bundle, problems)


def _home_of_file(path: str, site: Site) -> Location | None:
    """The document whose folder holds the output path `path`, by its origin."""
    folder = posixpath.dirname(path) + "/"
    return next((item.origin for item in (*site.news, *site.awards, *site.pages)
                 if item.url_path == folder), None)


def _warn_files_gone(home: Location, paths: list[str], bundle: bool,
                     problems: Problems) -> None:
    """One warning at `home` for the document files of the last build it no longer has."""
    named = ", ".join(f"/{path}" for path in paths[:FILES_NAMED])
    if len(paths) > FILES_NAMED:
        named += f" dan {len(paths) - FILES_NAMED} berkas lain"
    where = "di folder ini" if bundle else "di content/static/"
    problems.warning(home, (
        f"berkas {named} yang sudah terbit akan hilang: tautan, kode QR, dan surat yang "
        'menyebut alamatnya berujung di halaman "tidak ditemukan"; bila alamat itu sudah '
        f"dibagikan, biarkan berkas lamanya tetap {where}, di samping yang baru"))


def _warn_program_moved(old_id: str, calendar: str | None, new: dict[str, Program],
                        schedule: Location, problems: Problems) -> None:
    """The warning for the page of the program `old_id` ("/jadwal/yoga/") this build
    removes, and its calendar (`calendar`, when it goes too): at the program new in this
    build with the closest id (an id renamed), else at schedule.yaml (`schedule`)."""
    url = f"/{SCHEDULE}{old_id}/"
    line = f'"aliases: [{url}]"'
    also = f" beserta kalendernya {calendar} (langganan kalender warga)" if calendar else ""
    kept = ("agar tautan lama, kode QR di poster, dan langganan kalender warga tetap bekerja"
            if calendar else "agar tautan lama dan kode QR di poster tetap bekerja")
    close = closest(old_id, new)
    if close:
        program = new[close]
        problems.warning(program.origin,
                         f"halaman {url} yang sudah terbit akan hilang{also}, dan kegiatan ini "
                         f"terbit di alamat baru /{program.url_path}; bila ini kegiatan yang "
                         f"sama (id-nya diganti), tambahkan baris {line} pada kegiatan ini "
                         f"{kept}")
    else:
        stopped = ("; bila kegiatannya dihentikan, jangan hapus: warga yang berlangganan "
                   "kalendernya tetap melihat sesi yang tersisa; tulis sisa masanya di "
                   '"except" dengan keterangan (misalnya note: Dihentikan)' if calendar else "")
        problems.warning(schedule,
                         f"halaman {url} yang sudah terbit akan hilang{also}: tautan dan kode QR "
                         'ke sana berujung di halaman "tidak ditemukan"; bila id kegiatannya '
                         f"diganti, tambahkan baris {line} pada kegiatan itu {kept}{stopped}")
