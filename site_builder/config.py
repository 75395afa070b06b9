"""Site settings: `content/site.yaml` read into a validated `SiteConfig`.

`parse_config(text, location, problems)` is pure, so tests pass strings;
`load_config(content_dir, problems)` reads the file.

`embed_hosts` lists where <iframe> embeds in Markdown may come from (see
markdown.py): host names, or a host with the start of a path
(`www.google.com/maps`: frames under https://www.google.com/maps/ only).
Absent: DEFAULT_EMBED_HOSTS (YouTube and Google Maps). Written: exactly that
list, so keeping YouTube beside a new host means listing it again; `[]`
allows no embed. `SiteConfig.content_security_policy` is the policy of
base.html's CSP meta tag, made from `embed_hosts` and `catalog_url`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote, parse_qsl, urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from site_builder.errors import Location, Problems
from site_builder.fields import FieldReader, is_email, is_web_url, other_site_without_scheme
from site_builder.hours import hours_meant, misspelt_days, read_opening_hours
from site_builder.images import StaticPhoto, read_static_photo
from site_builder.phones import numbers_in, whatsapp_link
from site_builder.profiles import profile_address
from site_builder.slugs import slug_problem
from site_builder.textfile import read_text
from site_builder.yamlfile import YamlList, YamlMapping, load_yaml

CONFIG_FILE = "site.yaml"

# The embed codes YouTube ("Bagikan > Sematkan", both its domains) and Google Maps
# ("Bagikan > Sematkan peta": https://www.google.com/maps/embed?pb=...) give.
DEFAULT_EMBED_HOSTS = ("www.youtube.com", "www.youtube-nocookie.com", "www.google.com/maps",
                       "maps.google.com")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_EMBED_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})+(?:/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*")
_ORIGIN_HOST = re.compile(r"[a-z0-9.-]+(?::\d{1,5})?")
# base.html's Content-Security-Policy; "{frames}" and "{forms}" come from site.yaml.
# No inline script or style anywhere, nothing compiled or evaluated (the search is plain
# JavaScript); JSON-LD blocks are data, which CSP does not govern.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
       "img-src 'self' https:; connect-src 'self'; frame-src {frames}; object-src 'none'; "
       "base-uri 'self'; form-action {forms}")


@dataclass(frozen=True)
class SpecialHours:
    """Opening hours of a few weeks in place of the usual ones (`special_hours`, an
    addition): Ramadan's shorter days, written as `opening_hours` are, from `first` to
    `last` (days in the site's zone, both included)."""

    first: date
    last: date
    hours: tuple[str, ...]
    note: str | None = None   # what the weeks are: "Ramadan 1448 H"
    location: Location | None = field(default=None, compare=False, repr=False)

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class Contact:
    """How to reach the library; every part optional, texts as written."""

    address: tuple[str, ...] = ()
    phone: str | None = None
    whatsapp: str | None = None
    email: str | None = None
    opening_hours: tuple[str, ...] = ()
    map: str | None = None   # `map` (an addition), else a map search for name and address
    special_hours: tuple[SpecialHours, ...] = ()   # in date order

    def hours_on(self, day: date) -> tuple[tuple[str, ...], SpecialHours | None]:
        """The opening hours in force on `day`, and the special ones they are, if so."""
        special = next((hours for hours in self.special_hours if hours.covers(day)), None)
        return (special.hours, special) if special else (self.opening_hours, None)

    def __bool__(self) -> bool:
        return any((self.address, self.phone, self.whatsapp, self.email, self.opening_hours))

    @property
    def whatsapp_link(self) -> str | None:
        """The wa.me address that opens a chat with `whatsapp` ("0812-3456-7890",
        "+62 812 3456 7890"), or None when it is not written as a telephone number."""
        return whatsapp_link(self.whatsapp or "")


@dataclass(frozen=True)
class CatalogSearch:
    """A GET form that sends a query to the library's online catalog (OPAC).

    Browsers drop the query string of a GET form's action, so the fixed
    parameters of `catalog_url` become hidden inputs; the parameter written
    with an empty value (or `{query}`) receives the search words, `q` otherwise.
    """

    action: str
    query_name: str
    hidden: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class MenuEntry:
    title: str
    url: str  # root-relative site path ("/berita/") or an absolute URL
    # The line of `url` in site.yaml, for links.py; not part of what pages are made from.
    location: Location | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Notice:
    """An announcement shown at the top of every page from `start` to `until` (days in
    the site's zone, both shown): "Perpustakaan tutup 25 Desember"."""

    text: str
    until: date
    start: date | None = None   # `from` in site.yaml; None: from now on
    link: str | None = None     # "/berita/x/" or a web address: "Selengkapnya"
    location: Location | None = None   # the line of its `text` in site.yaml
    link_location: Location | None = field(default=None, compare=False, repr=False)

    def shown_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and day <= self.until


@dataclass(frozen=True)
class SiteConfig:
    """The settings of `site.yaml`, with the field names of CONTENT-FORMAT.md."""

    title: str
    base_url: str  # always ends with "/"
    short_title: str | None = None   # the name under the icon of the site on a phone's home screen
    language: str = "id"
    timezone: str = "Asia/Jakarta"
    tagline: str | None = None
    description: str | None = None
    contact: Contact = Contact()
    social: tuple[tuple[str, str], ...] = ()
    catalog_url: str | None = None
    catalog: CatalogSearch | None = None
    menu: tuple[MenuEntry, ...] | None = None  # None: the default menu
    per_page: int = 10
    list_pages: int = 10   # pages of a list with year pages to go on to (see list_page_count)
    embed_hosts: tuple[str, ...] = DEFAULT_EMBED_HOSTS   # "host" or "host/path"
    notices: tuple[Notice, ...] = ()
    image: StaticPhoto | None = None   # of shared links to pages without a photo
    location: Location = Location(Path(CONFIG_FILE), 1)

    @property
    def base_path(self) -> str:
        """The path part of `base_url`: "/" or "/perpustakaan/"."""
        return urlsplit(self.base_url).path

    def link(self, path: str) -> str:
        """A site path ("berita/") as a link under the base path ("/perpustakaan/berita/");
        full URLs, mailto:, tel: and #fragments pass through."""
        if "://" in path or path.startswith(("mailto:", "tel:", "#")):
            return path
        return self.base_path + quote(path.lstrip("/"), safe="/")

    def absolute_url(self, path: str) -> str:
        """A site path as a full URL ("https://example.org/perpustakaan/berita/")."""
        return self.base_url + quote(path.lstrip("/"), safe="/")

    @property
    def content_security_policy(self) -> str:
        """The CSP of every page: frames from `embed_hosts`, forms to the site and the
        catalog (its origin), everything else from the site itself (see CSP)."""
        frames = " ".join(f"https://{entry}/" if "/" in entry else f"https://{entry}"
                          for entry in self.embed_hosts)
        forms = " ".join(["'self'", *filter(None, [_origin(self.catalog_url)])])
        return CSP.format(frames=frames or "'none'", forms=forms)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def locale(self) -> str:
        return self.language.replace("-", "_")


# Letters a phone's home screen shows under an icon before it cuts the name: about 12
# to 15 on Android launchers at the default size (Lighthouse advised 12); a longer name
# is a warning.
HOME_SCREEN_LETTERS = 15
# Words a short name leaves out, and the usual short form of "Perpustakaan".
_LEFT_OUT_OF_SHORT = {"daerah", "kabupaten", "kab.", "kota", "umum", "dinas", "dan"}


def _short_title(reader: FieldReader) -> str | None:
    """`short_title`, with a warning when a home screen would cut it."""
    short = reader.text("short_title")
    if short and len(short) > HOME_SCREEN_LETTERS:
        words = [("Perpus" if word.lower() == "perpustakaan" else word)
                 for word in short.split() if word.lower() not in _LEFT_OUT_OF_SHORT]
        shorter = " ".join(words)
        example = (f', misalnya "{shorter}"' if len(shorter) <= HOME_SCREEN_LETTERS else "")
        reader.warning("short_title", (
            f'kolom "short_title": "{short}" {len(short)} karakter; di layar utama HP nama di '
            f'bawah ikon terpotong sesudah 12 sampai 15 huruf ("{short[:12]}…"), jadi tulis '
            f"yang lebih pendek{example}"))
    return short


# The last part of an address that names a page, not the folder of a site.
_PAGE_NAME = re.compile(r"[^/]+\.(?:html?|php|aspx?|jsp)", re.IGNORECASE)


def _base_url(reader: FieldReader) -> str | None:
    url = reader.url("base_url", required=True)
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        reader.error("base_url", 'kolom "base_url" tidak boleh berisi "?" atau "#"')
        return None
    folder, _, last = parts.path.rpartition("/")
    if _PAGE_NAME.fullmatch(last):   # every link would go under it: /index.html/berita/
        meant = urlunsplit((parts.scheme, parts.netloc, folder + "/", "", ""))
        reader.error("base_url", f'kolom "base_url" diakhiri nama berkas ("{last}"), sehingga '
                                 "semua tautan situs menjadi salah; tulis alamat foldernya: "
                                 f"base_url: {meant}")
        return None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _language(reader: FieldReader) -> str:
    language = reader.text("language", default="id")
    try:
        Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        reader.error("language", f'kolom "language": "{language}" bukan kode bahasa yang dikenal; '
                                 'tulis "id" untuk Bahasa Indonesia')
        return "id"
    return language


def _timezone(reader: FieldReader) -> str:
    name = reader.text("timezone", default="Asia/Jakarta")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        reader.error("timezone", f'kolom "timezone": "{name}" bukan zona waktu yang dikenal; '
                                 "tulis misalnya Asia/Jakarta (WIB), Asia/Makassar (WITA) "
                                 "atau Asia/Jayapura (WIT)")
        return "Asia/Jakarta"
    return name


def _check_hours(contact: FieldReader, lines: tuple[tuple[str, int | None], ...]) -> None:
    """A warning for each line of the opening hours that a misspelt day ("Senen") or
    hours as they are said ("9 pagi - 1 siang") keep from being read: one such line and
    the hours are read nowhere (hours.py)."""
    unread = ("selama satu baris jam buka tidak terbaca, beranda tidak menulis jam buka hari "
              "ini dan mesin pencari tidak diberi jam buka")
    for text, line in lines:
        misspelt = misspelt_days(text)
        for written, meant in misspelt:
            contact.problems.warning(
                contact.location.at(line),
                f'jam buka "{text}": hari "{written}" tidak dikenal, mungkin maksudnya '
                f"{meant}; {unread}")
        if misspelt:
            continue
        if meant := hours_meant(text):
            contact.problems.warning(contact.location.at(line), (
                f'jam buka "{text}": jamnya tidak terbaca, mungkin maksudnya "{meant}"; '
                f"{unread}"))
        elif read_opening_hours([text]) is None:
            contact.problems.warning(contact.location.at(line), (
                f'jam buka "{text}" tidak terbaca: tulis hari, titik dua, lalu jamnya, '
                'misalnya "Senin–Kamis: 08.00–15.30 WIB", "Jumat: 08.00–11.00 dan '
                '13.00–16.00 WIB" atau "Minggu: tutup"; ' + unread))


def _special_hours(contact: FieldReader) -> tuple[SpecialHours, ...]:
    """`special_hours`: each {from, until, note, hours}, its hours checked as
    `opening_hours` are; two that overlap are an error (which hours hold?)."""
    read: list[SpecialHours] = []
    for item in contact.list_of_mappings("special_hours") or []:
        first, last = item.from_until()
        note = item.text("note")
        lines = item.text_items("hours")
        if not lines and "hours" not in item.mapping:
            item.error("hours", 'kolom "hours" wajib ada: jam buka selama tanggal itu, ditulis '
                                'seperti "opening_hours", misalnya - "Senin–Kamis: 08.00–14.00 '
                                'WIB"')
        _check_hours(item, lines)
        item.finish()
        if first and last and lines:
            read.append(SpecialHours(first, last, tuple(text for text, _ in lines), note,
                                     item.location_of("from")))
    read.sort(key=lambda hours: hours.first)
    for before, after in zip(read, read[1:]):
        if after.first <= before.last:
            contact.problems.error(after.location or contact.location, (
                f"jam buka khusus mulai {after.first.isoformat()} bertumpang tindih dengan "
                f"yang sampai {before.last.isoformat()} (baris "
                f"{before.location.line if before.location else '?'}): pada satu hari hanya "
                "satu jam buka khusus yang berlaku; ubah salah satu tanggalnya"))
    return tuple(read)


# Google Maps' documented search address: on a phone it opens the map app.
MAP_SEARCH = "https://www.google.com/maps/search/?api=1&query="


def _contact(reader: FieldReader, title: str) -> Contact:
    contact = reader.mapping_of("contact")
    if contact is None:
        return Contact()
    written_hours = contact.text_items("opening_hours") or contact.text_items("hours")
    hours = tuple(text for text, _ in written_hours)
    _check_hours(contact, written_hours)
    special = _special_hours(contact)
    address = contact.text_or_list("address")
    place = contact.text("map")
    if place is not None and not is_web_url(place):
        contact.error("map", f'kolom "map": "{place}" bukan alamat web; salin tautan tempat '
                             "perpustakaan dari Google Maps (Bagikan, lalu Salin link), "
                             "misalnya https://maps.app.goo.gl/AbCd123, atau hapus kolom ini "
                             "agar tautan peta mencari nama dan alamat perpustakaan")
        place = None
    if place is None and address:
        place = MAP_SEARCH + quote(", ".join((title, *address)) if title else ", ".join(address),
                                   safe="")
    result = Contact(
        address=address,
        phone=contact.text("phone"),
        whatsapp=_whatsapp(contact),
        email=contact.text("email"),
        opening_hours=hours,
        map=place,
        special_hours=special,
    )
    if result.email and not is_email(result.email, any_name=True):
        contact.error("email", f'kolom "email": "{result.email}" bukan alamat email lengkap; '
                               "tulis seperti perpustakaan@jepara.go.id")
    contact.finish()
    return result


# A chat link copied from WhatsApp: wa.me/62812..., api.whatsapp.com/send?phone=62812...
_CHAT_LINK = re.compile(r"(?:https?://)?(?:wa\.me/|api\.whatsapp\.com/send/?\?phone=)"
                        r"\+?(62\d{8,13})\b")


def _whatsapp(contact: FieldReader) -> str | None:
    """`whatsapp`: a number, shown as written; a chat link copied from WhatsApp is read as
    its number ("0812-3456-7890"). Words beside the number are a warning: the footer
    can then not link the number to a chat."""
    written = contact.text("whatsapp")
    if written is None:
        return None
    link = _CHAT_LINK.fullmatch(written.strip())
    if link:
        local = "0" + link[1][2:]
        return "-".join((local[:4], local[4:8], local[8:]))
    if whatsapp_link(written) is None:
        numbers = [written[start:end] for start, end in numbers_in(written, only_numbers=True)]
        contact.warning("whatsapp", f'kolom "whatsapp": "{written}" bukan nomor telepon saja, '
                                    "jadi tidak menjadi tautan yang membuka chat WhatsApp; "
                                    "tulis nomornya saja"
                                    + (f": whatsapp: {numbers[0]}" if len(numbers) == 1
                                       else ", misalnya whatsapp: 0812-3456-7890"))
    return written


def _social(reader: FieldReader) -> tuple[tuple[str, str], ...]:
    social = reader.mapping_of("social", names_are_data=True)
    if social is None:
        return ()
    links = []
    for name in social.mapping:
        written = social.mapping[name]
        address = profile_address(name, written) if isinstance(written, str) else None
        if address and written.strip().startswith("@"):   # a handle, not an address
            social.error(name, f'kolom "{name}": "{written.strip()}" adalah nama akun; tulis '
                               f"alamat lengkap halamannya: {name}: {address}")
            continue
        url = social.url(name)
        if url:
            links.append((name, url))
    return tuple(links)


def _origin(url: str | None) -> str | None:
    """"https://host[:port]" of a URL, None when it has none fit for a CSP."""
    parts = urlsplit(url or "")
    host = parts.netloc.lower()
    if parts.scheme not in ("http", "https") or not _ORIGIN_HOST.fullmatch(host):
        return None
    return f"{parts.scheme}://{host}"


def _embed_hosts(reader: FieldReader) -> tuple[str, ...]:
    """`embed_hosts`: host names ("www.youtube.com"), or host and path start
    ("www.google.com/maps"); DEFAULT_EMBED_HOSTS when absent."""
    if "embed_hosts" not in reader.mapping:
        reader.ignore("embed_hosts")
        return DEFAULT_EMBED_HOSTS
    value = reader.mapping.get("embed_hosts")
    item_lines = value.item_lines if isinstance(value, YamlList) else []
    hosts: list[str] = []
    for index, written in enumerate(reader.text_list("embed_hosts")):
        host, slash, path = written.rstrip("/").partition("/")
        entry = host.lower() + slash + path
        if "://" not in written and _EMBED_HOST.fullmatch(entry):
            hosts += [entry] if entry not in hosts else []
            continue
        line = item_lines[index] if index < len(item_lines) else None
        reader.problems.error(
            reader.location_of("embed_hosts").at(line),
            f'kolom "embed_hosts": "{written}" bukan nama host; tulis nama host saja, tanpa '
            "https://, misalnya www.youtube.com, atau host dengan awal alamatnya, misalnya "
            "www.google.com/maps")
    return tuple(hosts)


def catalog_search(url: str) -> CatalogSearch:
    """The form that sends a query to `url` (see CatalogSearch)."""
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    query_names = [name for name, value in params if value in ("", "{query}")]
    query_name = query_names[-1] if query_names else "q"
    hidden = tuple((name, value) for name, value in params if name != query_name)
    action = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return CatalogSearch(action, query_name, hidden)


def _link(reader: FieldReader, key: str, required: bool = False) -> str | None:
    """A link of site.yaml: a path of the site ("/berita/") or a full web address."""
    url = reader.text(key, required=required)
    if url and not (url.startswith("/") or is_web_url(url)):
        meant = (f"https://{url}" if other_site_without_scheme(url)
                 else f"/{url.strip('/')}/" if slug_problem(url.strip("/")) is None else None)
        reader.error(key, f'kolom "{key}": "{url}" harus diawali "/" (halaman situs ini, '
                          "misalnya /berita/) atau berupa alamat web lengkap (https://...)"
                          + (f"; mungkin maksudnya {meant}" if meant else ""))
        return None
    return url


def _menu(reader: FieldReader) -> tuple[MenuEntry, ...] | None:
    if "menu" not in reader.mapping:
        reader.ignore("menu")
        return None
    entries = []
    for item in reader.list_of_mappings("menu") or []:
        title, url = item.text("title", required=True), _link(item, "url", required=True)
        item.finish()
        if title and url:
            entries.append(MenuEntry(title, url, item.location_of("url")))
    return tuple(entries)


def _notices(reader: FieldReader) -> tuple[Notice, ...]:
    notices = []
    for item in reader.list_of_mappings("notices") or []:
        text, link = item.text("text", required=True), _link(item, "link")
        start, until = item.date("from"), item.date("until", required=True)
        if not item.in_order(start, until, ': pengumuman tampil dari tanggal "from" sampai '
                                           'tanggal "until"'):
            until = None
        item.finish()
        if text and until:
            notices.append(Notice(text, until, start, link, item.location_of("text"),
                                  item.location_of("link") if link else None))
    return tuple(notices)


# Stands in for an unusable site.yaml so the content can still be checked in the
# same run; a build with it never gets past validation (its problems are errors).
UNUSABLE_BASE_URL = "https://site-yaml-has-errors.invalid/"


def _unusable(location: Location) -> SiteConfig:
    return SiteConfig(title="", base_url=UNUSABLE_BASE_URL, location=location.at(1))


def parse_config(text: str, location: Location, problems: Problems,
                 static_dir: Path | None = None) -> SiteConfig:
    """The SiteConfig written in `text`, with every problem recorded in `problems`;
    `image` is looked up in `static_dir` (content/static/) when it is given.

    When there are errors the result is still complete (unusable values are
    replaced) so that the content can be validated in the same run; the build
    stops before rendering because the errors are in `problems`.
    """
    before = len(problems.errors)
    data = load_yaml(text, location, problems)
    if not isinstance(data, YamlMapping):
        if len(problems.errors) == before:
            problems.error(location.at(1), 'site.yaml harus berisi kolom "nama: nilai", '
                                           'sekurang-kurangnya "title:" dan "base_url:"')
        return _unusable(location)
    reader = FieldReader(data, location, problems)
    catalog_url = reader.url("catalog_url")
    if catalog_url and catalog_url[:7].lower() == "http://":   # readers' searches in clear
        reader.warning("catalog_url", (
            'kolom "catalog_url": alamat katalog diawali http://, jadi setiap pencarian di '
            "katalog (kata yang dicari pembaca, yang bisa menunjukkan minat bacanya) terkirim "
            "tanpa enkripsi dan bisa dibaca siapa pun di jaringan yang dilewatinya; tanyakan "
            "kepada pengelola katalog apakah katalog bisa dibuka dengan https://, lalu tulis "
            f"alamat itu: catalog_url: https://{catalog_url[7:]}"))
    title = reader.text("title", required=True) or ""
    config = SiteConfig(
        title=title,
        base_url=_base_url(reader) or UNUSABLE_BASE_URL,
        short_title=_short_title(reader),
        language=_language(reader),
        timezone=_timezone(reader),
        tagline=reader.text("tagline"),
        description=reader.text("description"),
        contact=_contact(reader, title),
        social=_social(reader),
        catalog_url=catalog_url,
        catalog=catalog_search(catalog_url) if catalog_url else None,
        menu=_menu(reader),
        per_page=reader.integer("per_page", default=10, minimum=1, maximum=1000) or 10,
        list_pages=reader.integer("list_pages", default=10, minimum=1, maximum=1000) or 10,
        embed_hosts=_embed_hosts(reader),
        notices=_notices(reader),
        image=read_static_photo(reader, static_dir, "gambar yang tampil saat tautan situs "
                                                    "dibagikan di WhatsApp atau Facebook"),
        location=location.at(1),
    )
    reader.finish()
    return config


def _refused(path: Path, content_dir: Path, location: Location, problems: Problems) -> bool:
    """An error for each reason site.yaml is not read: a symlink out of content/, whose
    target (a secret of the computer that builds) would be quoted in errors
    (documents.refusals). Whether there was one."""
    from site_builder.content.documents import refusals   # it imports this module (links)
    found = refusals(path, content_dir) if os.path.lexists(path) else []
    for message in found:
        problems.error(location, message)
    return bool(found)


def load_config(content_dir: Path, problems: Problems, root: Path) -> SiteConfig:
    """Read and validate `content_dir/site.yaml`; paths in problems are relative to `root`."""
    path = content_dir / CONFIG_FILE
    location = Location.of_file(path, root)
    if _refused(path, content_dir, location, problems):
        return _unusable(location)
    if not path.is_file():
        problems.error(location, f"berkas {CONFIG_FILE} tidak ada di folder konten; buat berkas "
                                 'itu dengan sekurang-kurangnya "title:" dan "base_url:"')
        return _unusable(location)
    text = read_text(path, location, problems)
    if text is None:
        return _unusable(location)
    return parse_config(text, location, problems, content_dir / "static")

