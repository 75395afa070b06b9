"""Typed reading of YAML mappings: one accessor per kind of field, problems with lines.

A `FieldReader` wraps one `YamlMapping` (a front matter, `site.yaml`, a program
of the schedule). Each accessor returns a valid value or None (or the default),
recording a problem that names the field, the value as written, what was
expected and the line. `finish()` warns about every key no accessor asked for,
so a misspelt `image_atl` is reported rather than silently dropped.

Every field name is in small letters; a key written with capitals ("Title:", as a
phone's keyboard writes at the start of a line) is read as its small-letter name,
with a warning, unless that name is written too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit

from site_builder import times
from site_builder.errors import Location, Problems
from site_builder.similar import closest
from site_builder.slugs import slug_problem, slugify, split_date_prefix
from site_builder.frontmatter import FieldsBelow
from site_builder.yamlfile import (YamlList, YamlMapping, as_value, curly_quoted, cut_text,
                                   lost_text, quoted, raw_text)

T = TypeVar("T")

# A date followed by words, in a list of dates: "2026-12-25 Hari Natal".
_DATE_AND_NOTE = re.compile(
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2})\s*[,:;(–-]?\s*(?P<note>[^\s,:;(–-].*?)\)?")

# Dates outside these years are typing mistakes (0024, 20244 is not a date either); far
# ones also overflow Python's dates when moved between time zones (0001-01-01T00:00+05:00).
FIRST_YEAR, LAST_YEAR = 1900, 2200


def _span_example(span: times.WrittenSpan) -> str:
    """The mapping that writes `span` in a list of dates."""
    note = f", note: {span.note}" if span.note else ""
    return f"{{from: {span.first.isoformat()}, until: {span.last.isoformat()}{note}}}"


def _span_as_name(key: str, span: times.WrittenSpan, value: YamlMapping) -> str:
    """For an error: a span of days written as a name of `key`'s days ("2027-03-08 s/d
    2027-03-12: Libur Idulfitri"), which only a list can hold; the items to write."""
    other = next((f"- {{date: {day}, note: {raw_text(value, day).strip()}}}"
                  if value[day] is not None and raw_text(value, day) else f"- {day}"
                  for day in value if times.ISO_DATE.fullmatch(day)), None)
    return (f'adalah rentang tanggal; tulis dengan "from" dan "until": - {_span_example(span)}'
            + (f'; rentang hanya bisa ditulis dalam bentuk daftar, jadi tulis juga baris lain '
               f'"{key}" dengan "- ", misalnya {other}' if other else ""))


def _days_as_names(mapping: YamlMapping) -> bool:
    """Whether `mapping` writes days as its names, each with its note ("2026-12-25: Hari Raya
    Natal"): a name at least is a date (maybe written another way) or a span of dates,
    and none a field of a day."""
    return any(times.meant_date(name) or times.meant_span(name) for name in mapping) \
        and not any({"date", "from", "until", "note"} & set(_fields_meant(name))
                    for name in mapping)


def _fields_meant(name: Any) -> tuple[str, ...]:
    """The fields the name `name` may stand for: itself, and those _FIELD_WORDS gives."""
    if not isinstance(name, str):
        return ()
    meant = _FIELD_WORDS.get(name.strip().lower(), ())
    return (name, *((meant,) if isinstance(meant, str) else meant))


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "pemetaan (nama: nilai)"
    if isinstance(value, list):
        return "daftar"
    return "teks"


def _one_line(key: str, value: Any) -> str:
    """For an error: a list of a few short texts (two recipients) as the one line to
    write ("; tulis dalam satu baris: recipient: A dan B"), or ""."""
    if not isinstance(value, list) or not 1 < len(value) <= 5 or not all(
            isinstance(item, (str, int)) and not isinstance(item, bool) for item in value):
        return ""
    from site_builder.formatting import join_words
    line = f"{key}: {join_words([str(item).strip() for item in value], 'id')}"
    return f"; tulis dalam satu baris: {line}" if len(line) <= 200 else ""


def _quoted_item(item: Any) -> str:
    """For a list item written "- Sabtu: 08.00-13.00" where text was meant (a mapping to
    YAML): "; apit dengan tanda kutip: - "Sabtu: 08.00-13.00"", else ""."""
    if not isinstance(item, YamlMapping) or len(item) != 1:
        return ""
    (name, value), = item.items()
    if isinstance(value, (dict, list)) or not isinstance(name, str):
        return ""
    said = raw_text(item, name) or ("" if value is None else str(value))
    return f"; apit barisnya dengan tanda kutip: - {quoted(f'{name}: {said}'.strip())}"


def _cut_message(what: str, text: str, cut: str, written: str) -> str:
    """The error of a value written without quotes whose end a " #" made a comment."""
    whole = f"{text} {cut}"
    whole = curly_quoted(whole) or whole   # curly quotes are no quotes to YAML
    return (f'{what} terpotong: "{cut}" dibaca sebagai komentar karena # didahului spasi, '
            f'jadi yang terbaca hanya "{text}"; apit seluruh nilainya dengan tanda kutip: '
            f"{written}{quoted(whole)}")


# Characters a date or a time copied from Word or a web page may hold, which look like
# what they stand for: its no-break hyphen, dashes, no-break spaces, and marks unseen.
_LOOK_ALIKES = str.maketrans({**dict.fromkeys("\u2010\u2011\u2012\u2013\u2212", "-"),
                              **dict.fromkeys("\u00a0\u2007\u202f", " "),
                              **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", None)})


def _curly_hint(key: str, text: str, parse: Callable[[str], Any]) -> str | None:
    """For an error: the value inside the curly quotes a phone or Word wrote around it
    (YAML keeps them), to write without them, when it is valid; else None."""
    inside = curly_quoted(text)
    if inside is None:
        return None
    try:
        _in_range(parse(inside.translate(_LOOK_ALIKES).strip()))
    except (ValueError, OverflowError):
        return None
    return (f"nilainya diapit tanda kutip miring ({text[0]} {text[-1]}), yang tidak dibaca "
            f"sebagai tanda kutip; hapus kedua tanda kutip itu: {key}: {inside}")


# Times written as times.parse_time does not read them, for a hint of the time meant:
# "09,00", "09h00", "0900"; "9:30 AM"; an end that is not known ("09.00 - selesai",
# "end: selesai", as invitations write it); "end: 24:00" for midnight.
_OTHER_CLOCK = re.compile(r"(\d{1,2})\s*[,;h]\s*(\d{2})|([01]\d|2[0-3])([0-5]\d)", re.IGNORECASE)
_TWELVE_HOURS = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?", re.IGNORECASE)
_DONE = r"(?:(?:sampai|hingga|s\.?\s*d\.?|s/d)\s+)?selesai"
_UNTIL_DONE = re.compile(rf"(\d{{1,2}}[:.]\d{{2}})(?:\s*WIB)?{times.RANGE_TO}{_DONE}",
                         re.IGNORECASE)
START_ONLY = '(situs lalu menampilkan jam mulainya saja)'


def open_ended(text: str) -> str | None:
    """The start of hours written "09.00 - selesai" (no end known), as written, or None."""
    until_done = _UNTIL_DONE.fullmatch(text.strip())
    return until_done[1] if until_done else None


def _parse_time(text: str, key: str) -> dt.time:
    """times.parse_time, with the hint of _time_meant when it has one."""
    try:
        return times.parse_time(text)
    except ValueError:
        hint = _time_meant(text, key)
        if hint is None:
            raise
        raise ValueError(hint) from None


def _time_meant(text: str, key: str) -> str | None:
    """For an error: what to write for `text`, the time `key` that is not one, or None."""
    if begins := open_ended(text):
        return f'jam selesainya tidak tentu: tulis {key}: {begins} saja, tanpa "end" {START_ONLY}'
    if key == "end" and re.fullmatch(_DONE, text, re.IGNORECASE):
        return f'jika jam selesainya tidak tentu, hapus baris "end" {START_ONLY}'
    if key == "end" and re.fullmatch(r"24[:.]00(?:[:.]00)?", text):
        return ('jam 24.00 tidak ada: untuk sesi sampai tengah malam tulis end: 23.59, atau '
                f'hapus baris "end" {START_ONLY}')
    if other := _OTHER_CLOCK.fullmatch(text):
        hour, minute = int(other[1] or other[3]), int(other[2] or other[4])
        return f"mungkin maksudnya {hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None
    if twelve := _TWELVE_HOURS.fullmatch(text):
        hour, minute = int(twelve[1]), int(twelve[2] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        hour = hour % 12 + (12 if twelve[3].lower() == "p" else 0)
        return f"mungkin maksudnya {hour:02d}:{minute:02d} (jam ditulis 24 jam, tanpa AM atau PM)"
    return None


# Yes and no as staff write them, for the hint of a field that takes true or false.
_YES_OR_NO = {**dict.fromkeys(("ya", "iya", "y", "benar", "betul", "yes", "on"), "true"),
              **dict.fromkeys(("tidak", "tdk", "bukan", "salah", "n", "no", "off"), "false")}
# And as said of a class's places (`full`), for its hint only: "kuota penuh" is no reason.
_FULL_OR_NOT = {**dict.fromkeys(("penuh", "sudah penuh", "kuota penuh", "kuota sudah penuh"),
                                "true"),
                **dict.fromkeys(("belum penuh", "tidak penuh", "masih ada tempat"), "false")}


def as_boolean(value: Any) -> bool | None:
    """`value` as true or false: a YAML boolean, or "true" or "false" in quotes (the guide
    teaches to quote a value when in doubt: the person meant the boolean); else None."""
    if isinstance(value, bool):
        return value
    said = value.strip().lower() if isinstance(value, str) else None
    return {"true": True, "false": False}.get(said) if said else None


def said_yes_or_no(value: Any) -> bool | None:
    """`value` as true or false (as_boolean), or said so in words ("ya", "tidak"); else
    None."""
    said = as_boolean(value)
    if said is None and isinstance(value, str):
        said = as_boolean(_YES_OR_NO.get(value.strip().lower()))
    return said


# A whole number written in quotes ("4", "2026"): the number meant.
_QUOTED_NUMBER = re.compile(r"[+-]?[0-9]+")
# Digits enough for any number a field takes; int() refuses a text of thousands of them.
_MOST_DIGITS = 15


# Field names written in Indonesian, for the hint of a field not known: the format's names
# are English ones. A word meaning two fields names both; the one read where it was
# written is told.
_FIELD_WORDS: dict[str, str | tuple[str, ...]] = {
    "judul": "title", "tanggal": "date", "tgl": "date", "ringkasan": "summary",
    "gambar": "image", "foto": "image", "penulis": "author", "sumber": "source",
    "diperbarui": "updated", "kegiatan": "program", "program_id": "program",
    "catatan": "note", "keterangan": "note", "alasan": "note", "tempat": "location",
    "lokasi": "location", "hari": "day", "mulai": ("start", "from"), "jam_mulai": "start",
    "selesai": ("end", "until"), "jam_selesai": "end", "biaya": "fee", "kuota": "quota",
    "pendaftaran": "registration", "daftar": "registration", "deskripsi": "description",
    "uraian": "description", "mitra": "partner",
    "penyelenggara": "partner", "peserta": "audience", "sasaran": "audience",
    "periode": "period", "dari": "from", "sampai": "until", "hingga": "until",
    "libur": ("except", "closed"), "tutup": "closed", "kecuali": "except",
    "sesi": "sessions", "mingguan": "weekly",
    "batal": "cancelled", "dibatalkan": "cancelled", "pemberi": "giver",
    "penerima": "recipient", "berita": "news", "draf": "draft", "konsep": "draft",
    "penghargaan": "award", "tahun": "year", "acara": "event", "tag": "tags",
    "tagar": "tags", "label": "tags", "peta": "map", "alamat": "address",
    "telepon": "phone", "telp": "phone", "wa": "whatsapp", "surel": "email",
    "jam_buka": "opening_hours", "jam": "start", "waktu": "start", "pukul": "start",
    "time": "start",
    # news and awards
    "diperbaharui": "updated", "pembaruan": "updated", "teks_alternatif": "image_alt",
    "alt_gambar": "image_alt", "alt_foto": "image_alt", "keterangan_foto": "image_caption",
    "keterangan_gambar": "image_caption", "kata_kunci": "tags", "pengarang": "author",
    "nama_penghargaan": "award", "kategori_penghargaan": "award",
    "pemberi_penghargaan": "giver", "diberikan_oleh": "giver",
    "penerima_penghargaan": "recipient", "jenis_penerima": "recipient_type",
    "tipe_penerima": "recipient_type", "berita_terkait": "news", "nama_acara": "event",
    # an award's category is its `award`, a program's is its `category`
    "kategori": ("category", "award"),
    # pages
    "urutan": "menu_order", "urutan_menu": "menu_order", "nomor_urut": "menu_order",
    "menu": "menu_order",
    # the schedule
    "nama_kegiatan": "title", "harga": "fee", "tarif": "fee", "kapasitas": "quota",
    "batas_pendaftaran": "registration_until", "penuh": "full",
    "tanggal_mulai": "from", "tanggal_selesai": "until",
    # site.yaml
    "bahasa": "language", "zona_waktu": "timezone", "slogan": "tagline", "moto": "tagline",
    "semboyan": "tagline", "kontak": "contact", "sosial": "social", "media_sosial": "social",
    "medsos": "social", "katalog": "catalog_url", "opac": "catalog_url",
    "alamat_katalog": "catalog_url", "alamat_situs": "base_url", "alamat_web": "base_url",
    "per_halaman": "per_page", "halaman_daftar": "list_pages", "jam_layanan": "opening_hours",
    "jam_khusus": "special_hours", "jam_buka_khusus": "special_hours",
    "jam_ramadan": "special_hours", "jam_buka_ramadan": "special_hours",
    # English words for the ends of a period
    "to": "until", "till": "until", "start": "from", "end": "until", "begin": "from",
}


@dataclass(frozen=True)
class DateSpan:
    """A date, or dates from `first` to `last`, of a list (FieldReader.date_spans)."""

    first: dt.date
    last: dt.date        # `first` for a single date
    note: str | None
    line: int | None     # where it was written


# Hashtags only, between spaces: "#Literasi #Pelatihan".
_HASHTAGS = re.compile(r"\s*#\S+(?:\s+#\S+)*\s*")


def _slug_of_file(text: str) -> str | None:
    """The slug of the news or award file `text` names ("2024-01-15-kelas.md",
    "content/news/2024-01-15-kelas/index.md": "kelas"), as documents._slug makes it
    from a name; None when `text` names no Markdown file."""
    path = PurePosixPath(text.strip().replace("\\", "/"))
    if path.suffix.lower() not in (".md", ".markdown"):
        return None
    name = path.parent.name if path.stem.lower() == "index" else path.stem
    slug = slugify(split_date_prefix(name)[1])
    return slug if slug and not slug_problem(slug) else None


# A number with words after it ("20 orang", "1.500 peserta"); the words for no limit.
_COUNTED = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)\s+[^\W\d].*")
_NO_LIMIT = {"tidak terbatas", "tak terbatas", "tanpa batas", "bebas", "unlimited", "-"}
# A quota said to be taken ("penuh", "20 (sudah penuh)"): a program's `full: true`.
_FULL = re.compile(r"(?<!belum )(?<!tidak )\b(?:penuh|full)\b", re.IGNORECASE)


def _number_meant(key: str, value: Any, limit: bool) -> str:
    """For an error: how to write the number meant by `value`, or ""."""
    if not isinstance(value, str):
        return ""
    if limit and _FULL.search(value):
        number = re.search(r"\d+", value)
        return ("; untuk kuota yang sudah penuh, tulis " + (
            f"{key}: {number[0]} lalu full: true di baris baru" if number else
            f'full: true di baris baru (hapus baris "{key}" atau isi dengan jumlah tempatnya)'))
    counted = _COUNTED.fullmatch(value.strip())
    if counted:
        return f'; mungkin maksudnya "{key}: {counted[1].replace(".", "")}"'
    if limit and value.strip().lower() in _NO_LIMIT:
        return f'; jika tidak dibatasi, hapus baris "{key}"'
    return ""


class FieldReader:
    """Reads the fields of one mapping, recording problems in `problems`."""

    def __init__(self, mapping: YamlMapping, location: Location, problems: Problems,
                 names_are_data: bool = False):
        self.written_as: dict[str, str] = {}   # "title" -> "Title": read in small letters
        # names_are_data: its keys are names to show (site.yaml's `social`), kept as written
        self.mapping = mapping if names_are_data else self._in_small_letters(mapping)
        self.location = location
        self.problems = problems
        self.asked: set[str] = set()
        # Lines of the body of a Markdown file written as fields, under the "---" that
        # closes them: each one the section reads is an error.
        self.below: FieldsBelow | None = None
        # For a required key not written, what to write instead of "key: ...", when the
        # file says more (the title as the body's "# " line): key -> the fix.
        self.missing_hints: dict[str, str] = {}

    def _in_small_letters(self, mapping: YamlMapping) -> YamlMapping:
        """`mapping`, or a copy whose keys written with capitals are in small letters."""
        for key in mapping:
            if isinstance(key, str) and key != key.lower() and key.lower() not in mapping:
                self.written_as.setdefault(key.lower(), key)
        if not self.written_as:
            return mapping
        name = {written: key for key, written in self.written_as.items()}
        copy = YamlMapping((name.get(key, key), value) for key, value in mapping.items())
        copy.line = getattr(mapping, "line", 1)
        for part in ("key_lines", "raw", "lost", "cut"):
            if hasattr(mapping, part):
                setattr(copy, part, {name.get(key, key): value
                                     for key, value in getattr(mapping, part).items()})
        return copy

    # -- helpers ---------------------------------------------------------

    def location_of(self, key: str) -> Location:
        """The file and line of `key` (the mapping's line when the key is absent)."""
        return self.location.at(self.mapping.line_of(key))

    def error(self, key: str, message: str) -> None:
        self.problems.error(self.location_of(key), message)

    def warning(self, key: str, message: str) -> None:
        self.problems.warning(self.location_of(key), message)

    def _present(self, key: str, required: bool) -> bool:
        """Whether `key` has a value; records "required" when it has none and must."""
        below = self.below.lines.get(key) if self.below and key not in self.asked else None
        self.asked.add(key)
        value = self.mapping.get(key)
        empty = value is None or (isinstance(value, str) and not value.strip())
        lost = lost_text(self.mapping, key) if value is None else None
        if below:
            self._written_below(key, below)
        if lost:   # title: #PerpustakaanJepara ...: a YAML comment, the value is gone
            (self.error if required else self.warning)(
                key, f'kolom "{key}": "{lost}" dibaca sebagai komentar karena diawali #, jadi '
                     f'kolom ini kosong; apit dengan tanda kutip: {key}: "{lost}"')
        elif empty and required and not below:
            instead = None if key in self.mapping else self._written_instead(key)
            if key in self.mapping:
                self.error(key, f'kolom "{key}" wajib diisi, tetapi kosong')
            elif instead:   # "to:" for "until:": one message, at its line
                self.asked.add(instead)
                name = self.written_as.get(instead, instead)
                self.error(instead, f'kolom "{key}" wajib ada; "{name}" di baris ini mungkin '
                                    f'maksudnya "{key}": ganti "{name}:" menjadi "{key}:"')
            else:
                self.error(key, f'kolom "{key}" wajib ada; ' + self.missing_hints.get(
                    key, f'tambahkan baris "{key}: ..."'))
        return not empty

    def _written_instead(self, key: str) -> str | None:
        """A name of this mapping, not asked for, that stands for `key` (a typo of it, or
        a word for it: "to" for "until"), or None."""
        for name in self.mapping:
            if name in self.asked or not isinstance(name, str):
                continue
            meant = _FIELD_WORDS.get(name.strip().lower(), ())
            if key in ((meant,) if isinstance(meant, str) else meant) or closest(name, [key]):
                return name
        return None

    def _scalar_text(self, key: str) -> str | None:
        """The value of a scalar field as the person wrote it, or None if it is not a scalar."""
        value = self.mapping[key]
        if isinstance(value, (dict, list)):
            self.error(key, f'kolom "{key}" harus berupa teks, bukan {_describe(value)}'
                            f"{_one_line(key, value)}")
            return None
        if isinstance(value, str):
            return value.strip()
        return (raw_text(self.mapping, key) or str(value)).strip()

    def _written_below(self, key: str, line: int) -> None:
        assert self.below is not None
        copy = self.below.copy
        self.problems.error(self.location.at(line), (
            f'kolom "{key}" ditulis di bawah baris "---" penutup kolom (baris '
            f"{self.below.closing}), jadi tampil sebagai teks tulisan dan tidak dibaca; "
            + (f"kolom-kolom tampaknya tertempel dua kali: hapus salinan keduanya, baris "
               f"{copy[0]} sampai {copy[1]}" if copy and key in self.mapping else
               "hapus baris ini (kolom ini sudah ada di atas)" if key in self.mapping else
               'pindahkan baris ini ke atas baris "---" itu')))

    def _whole_text(self, key: str, listed: bool = False) -> str | None:
        """`_scalar_text`, after recording an error when a " #" cut it short; `listed`: its
        text is a list of words, where "#Literasi" means the word "Literasi"."""
        text = self._scalar_text(key)
        cut = cut_text(self.mapping, key) if text else None
        if cut and listed:
            words = ", ".join(word.lstrip("#") for word in cut.split() if word.lstrip("#"))
            self.error(key, f'kolom "{key}" terpotong: "{cut}" dibaca sebagai komentar karena # '
                            f'didahului spasi, jadi yang terbaca hanya "{text}"; tulis tanpa # '
                            f"dan pisahkan dengan koma: {key}: {text}, {words}")
        elif cut:
            self.error(key, _cut_message(f'kolom "{key}"', text, cut, f"{key}: "))
        return text

    def _as_written(self, key: str) -> str:
        """The value for a message: its text as written, or what kind of thing it is."""
        value = self.mapping[key]
        if isinstance(value, (dict, list)):
            return _describe(value)
        return f'"{value.strip() if isinstance(value, str) else raw_text(self.mapping, key)}"'

    def _parsed(self, key: str, required: bool, parse: Callable[[str], T], what: str) -> T | None:
        if not self._present(key, required):
            return None
        text = self._scalar_text(key)
        if text is None:
            return None
        try:
            return _in_range(parse(text.translate(_LOOK_ALIKES).strip()))
        except (ValueError, OverflowError) as reason:
            self.error(key, f'kolom "{key}": "{text}" bukan {what} yang valid; '
                            f"{_curly_hint(key, text, parse) or reason}")
            return None

    # -- accessors -------------------------------------------------------

    def text(self, key: str, required: bool = False, default: str | None = None) -> str | None:
        """A line of text; numbers, dates and yes/no are kept as written. Curly quotes
        around the whole of it (a phone's or Word's, meant to mark it as text) are kept,
        with a warning: they show on the site."""
        if not self._present(key, required):
            return default
        text = self._whole_text(key)
        inside = curly_quoted(text) if text else None
        if inside:
            self.warning(key, f'nilai kolom "{key}" diapit tanda kutip miring ({text[0]} '
                              f"{text[-1]}), yang ikut tampil di situs; hapus kedua tanda kutip "
                              f"itu: {key}: {as_value(inside)}")
        return text or default

    def date(self, key: str, required: bool = False) -> dt.date | None:
        return self._parsed(key, required, times.parse_date, "tanggal")

    def datetime(self, key: str, zone: dt.tzinfo, required: bool = False) -> dt.datetime | None:
        return self._parsed(key, required, lambda text: times.parse_datetime(text, zone),
                            "tanggal")

    def time(self, key: str, required: bool = False) -> dt.time | None:
        return self._parsed(key, required, lambda text: _parse_time(text, key), "jam")

    def day(self, key: str, required: bool = False) -> int | None:
        return self._parsed(key, required, times.parse_day, "nama hari")

    def slug(self, key: str, required: bool = False) -> str | None:
        """One URL segment: lowercase letters, digits and hyphens."""
        text = self.text(key, required)
        if text is None:
            return None
        problem = slug_problem(text)
        named = _slug_of_file(text) if problem else None
        if named:   # a content file's name: the slug it is published under
            self.error(key, f'kolom "{key}": "{text}" adalah nama berkas; tulis slug-nya saja: '
                            f"{key}: {named}")
            return None
        last = urlsplit(text).path.rstrip("/").rpartition("/")[2] if "/" in text else ""
        if problem and last and not slug_problem(last):   # an address: its last segment
            self.error(key, f'kolom "{key}": "{text}" adalah alamat; tulis bagian terakhirnya '
                            f"saja: {key}: {last}")
            return None
        if problem:
            self.error(key, f'kolom "{key}": "{text}" {problem}')
            return None
        return text

    def boolean(self, key: str, default: bool = False) -> bool:
        if not self._present(key, False):
            return default
        value = self.mapping[key]
        if (said := as_boolean(value)) is not None:
            return said
        written = str(value).strip().lower()
        meant = _YES_OR_NO.get(written) or _FULL_OR_NOT.get(written)
        hint = f"; mungkin maksudnya {meant}" if meant else ""
        self.error(key, f'kolom "{key}" harus true atau false, bukan {self._as_written(key)}{hint}')
        return default

    def reason(self, key: str) -> str | None:
        """A yes that may say why: the text written ("" for true or a yes word such as
        "ya"), or None when absent, false or a no word ("tidak")."""
        if not self._present(key, False):
            return None
        value = self.mapping[key]
        if (said := as_boolean(value)) is not None:   # "false" in quotes is no reason
            return "" if said else None
        text = self._scalar_text(key)
        if text is None:
            return None
        meant = _YES_OR_NO.get(text.lower())
        return text if meant is None else ("" if meant == "true" else None)

    def integer(self, key: str, default: int | None = None, minimum: int | None = None,
                maximum: int | None = None, required: bool = False,
                limit: bool = False) -> int | None:
        """A whole number; `limit`: one whose absence means no limit (a quota), so
        "tidak terbatas" is told to delete the line."""
        if not self._present(key, required):
            return default
        value = self.mapping[key]
        written = value.strip() if isinstance(value, str) else ""
        if _QUOTED_NUMBER.fullmatch(written):
            if len(written) > _MOST_DIGITS:
                self.error(key, f'kolom "{key}": angka {self._as_written(key)} terlalu besar')
                return default
            value = int(written)
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(key, f'kolom "{key}" harus berupa angka tanpa koma, '
                            f"bukan {self._as_written(key)}{_number_meant(key, value, limit)}")
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            bounds = f"{minimum} sampai {maximum}" if maximum is not None else f"minimal {minimum}"
            self.error(key, f'kolom "{key}" harus {bounds}, bukan {value}')
            return default
        return value

    def choice(self, key: str, choices: dict[str, str], default: str) -> str:
        """One of a set of words; `choices` maps each accepted spelling to its value."""
        text = self.text(key)
        if text is None:
            return default
        if text.lower() in choices:
            return choices[text.lower()]
        accepted = ", ".join(sorted(set(choices.values())))
        self.error(key, f'kolom "{key}" harus salah satu dari: {accepted}; bukan "{text}"')
        return default

    def url(self, key: str, required: bool = False) -> str | None:
        """An absolute http(s) URL."""
        text = self.text(key, required)
        if text is None:
            return None
        if not is_web_url(text):
            fix = (f"tulis lengkap dengan https:// di depannya: https://{text}"
                   if other_site_without_scheme(text)
                   else "tulis seperti https://contoh.go.id/halaman/")
            self.error(key, f'kolom "{key}": "{text}" bukan alamat web lengkap; {fix}')
            return None
        return text

    def text_list(self, key: str) -> tuple[str, ...]:
        """A list of texts; a single text is accepted and split on commas or semicolons,
        and a part made of hashtags only ("#Literasi #Pelatihan") into their names."""
        if not self._present(key, False):
            return ()
        value = self.mapping[key]
        if isinstance(value, str):
            value = self._whole_text(key, listed=True) or ""
            return tuple(word.strip() for part in re.split(r"[,;]", value)
                         for word in ([tag.lstrip("#") for tag in part.split()]
                                      if _HASHTAGS.fullmatch(part) else [part])
                         if word.strip())
        if not isinstance(value, YamlList):
            text = self._scalar_text(key)
            return (text,) if text else ()
        return tuple(text for text, _ in self._list_items(key, value))

    def _list_items(self, key: str, value: YamlList) -> list[tuple[str, int]]:
        """The texts of a list field with the line of each; an item that is not text is an
        error, an empty one is left out with a warning (most often "- #Literasi": a YAML
        comment)."""
        texts = []
        for index, item in enumerate(value):
            if isinstance(item, (dict, list)):
                self.problems.error(self.location.at(value.item_lines[index]),
                                    f'isi kolom "{key}" harus berupa teks, bukan {_describe(item)}'
                                    + _quoted_item(item))
            elif item is None:
                lost = lost_text(value, index)
                self.problems.warning(self.location.at(value.item_lines[index]), (
                    f'isi kolom "{key}", "{lost}", dibaca sebagai komentar karena diawali #, '
                    f'jadi diabaikan; tulis tanpa # atau apit dengan tanda kutip: - "{lost}"'
                    if lost else f'isi kolom "{key}" kosong, jadi diabaikan'))
            else:
                text = item if isinstance(item, str) else raw_text(value, index) or str(item)
                cut = cut_text(value, index)
                if cut:
                    self.problems.error(self.location.at(value.item_lines[index]), _cut_message(
                        f'isi kolom "{key}"', text.strip(), cut, "- "))
                if text.strip():
                    texts.append((text.strip(), value.item_lines[index]))
        return texts

    def date_spans(self, key: str) -> tuple[DateSpan, ...]:
        """A list of dates or spans of dates, each written as a date, as {date: ...} or
        as {from: ..., until: ...}, with an optional `note` (a single one is accepted
        too)."""
        if not self._present(key, False):
            return ()
        value = self.mapping[key]
        if isinstance(value, YamlMapping) and _days_as_names(value):
            return self._dates_with_notes(key, value)   # closed: {2026-12-25: Natal}
        if isinstance(value, YamlMapping):   # except: {date: ..., note: ...}
            line = self.mapping.line_of(key)
            value = YamlList([value])
            value.line, value.item_lines, value.raw, value.lost = line, [line], [None], {}
        if not isinstance(value, YamlList):
            single = self.date(key)
            return (DateSpan(single, single, None, self.location_of(key).line),) if single else ()
        spans: list[DateSpan] = []
        for index, item in enumerate(value):
            location = self.location.at(value.item_lines[index])
            if isinstance(item, YamlMapping) and _days_as_names(item):   # - 2027-03-10: Idulfitri
                spans.extend(self._dates_with_notes(key, item))
                continue
            if isinstance(item, YamlMapping):
                span = FieldReader(item, self.location, self.problems)._span()
                if span is not None:
                    spans.append(DateSpan(*span, value.item_lines[index]))
                continue
            text = None if isinstance(item, list) else raw_text(value, index)
            if text is None:
                self.problems.error(location, f'isi kolom "{key}" harus berupa tanggal, bukan '
                                              f"{_describe(item)}; tulis seperti "
                                              f"{times.DATE_EXAMPLE}")
                continue
            try:
                day = _in_range(times.parse_date(text))
                spans.append(DateSpan(day, day, None, value.item_lines[index]))
            except (ValueError, OverflowError) as reason:
                span = times.meant_span(text)
                if span:
                    self.problems.error(location, f'isi kolom "{key}": "{text}" adalah rentang '
                                                  'tanggal; tulis dengan "from" dan "until": '
                                                  f"- {_span_example(span)}")
                    continue
                noted = _DATE_AND_NOTE.fullmatch(text.strip())
                hint = (f'; untuk menulis keterangannya: - {{date: {noted["date"]}, note: '
                        f'{noted["note"]}}}' if noted else "")
                self.problems.error(location, f'isi kolom "{key}": "{text}" bukan tanggal yang '
                                              f"valid; {reason}{hint}")
        return tuple(spans)

    def _dates_with_notes(self, key: str, value: YamlMapping) -> tuple[DateSpan, ...]:
        """Days written as a mapping of date to note, "2026-12-25: Hari Raya Natal"."""
        spans = []
        for written, note in value.items():
            line = value.key_lines[written]
            text = raw_text(value, written) if note is not None else None
            try:
                day = _in_range(times.parse_date(written))
            except (ValueError, OverflowError) as reason:
                span = times.meant_span(written)   # "2027-03-08 s/d 2027-03-12: Idulfitri"
                said = (f"bukan tanggal yang valid; {reason}" if span is None else _span_as_name(
                    key, span._replace(note=(text or "").strip() or span.note), value))
                self.problems.error(self.location.at(line), f'isi kolom "{key}": "{written}" '
                                                            f"{said}")
                continue
            spans.append(DateSpan(day, day, text.strip() if text else None, line))
        return tuple(spans)

    def from_until(self) -> tuple[dt.date | None, dt.date | None]:
        """`from` and `until`, both required dates; (None, None) when either is missing or
        wrong, or `until` comes before `from` (an error at `until`)."""
        first, last = self.date("from", required=True), self.date("until", required=True)
        if not self.in_order(first, last):
            return None, None
        return (first, last) if first and last else (None, None)

    def in_order(self, first: dt.date | None, last: dt.date | None, why: str = "") -> bool:
        """Whether `until` (`last`) is not before `from` (`first`), either of them unknown
        (None) aside; an error at `until` when it is, `why` after it."""
        if first and last and last < first:
            self.error("until", f'"until" ({last.isoformat()}) tidak boleh sebelum "from" '
                                f"({first.isoformat()}){why}")
            return False
        return True

    def _span(self) -> tuple[dt.date, dt.date, str | None] | None:
        """An item of date_spans written as a mapping: {date, note} or {from, until, note}."""
        note = self.text("note")
        if "date" in self.mapping or not any({"from", "until"} & set(_fields_meant(name))
                                             for name in self.mapping):
            first = last = self.date("date", required=True)
            span = times.meant_span(f"{first.isoformat()} {note}") if first and note else None
            if span:   # {date: 2026-12-22, note: s/d 2027-01-02 libur}: one day only
                self.warning("note", f'"note" menyebut sampai tanggal {span.last.isoformat()}, '
                                     f"tetapi yang libur hanya {first.isoformat()}; untuk "
                                     "beberapa hari berturut-turut tulis "
                                     f"- {_span_example(span)}")
        else:
            first, last = self.from_until()
        self.finish()
        return (first, last, note) if first and last else None

    def text_or_list(self, key: str) -> tuple[str, ...]:
        """Free text (one entry) or a list of texts; commas are kept."""
        return tuple(text for text, _ in self.text_items(key))

    def text_items(self, key: str) -> tuple[tuple[str, int | None], ...]:
        """Free text (one entry) or a list of texts, each with the line it was written on;
        commas are kept."""
        if not self._present(key, False):
            return ()
        value = self.mapping[key]
        if isinstance(value, YamlList):
            return tuple(self._list_items(key, value))
        text = self._whole_text(key)
        return ((text, self.location_of(key).line),) if text else ()

    def mapping_of(self, key: str, required: bool = False, names_are_data: bool = False
                   ) -> FieldReader | None:
        """A nested mapping, read by its own FieldReader (see its `names_are_data`)."""
        if not self._present(key, required):
            return None
        value = self.mapping[key]
        if not isinstance(value, YamlMapping):
            self.error(key, f'kolom "{key}" harus berisi pasangan "nama: nilai", '
                            f"bukan {_describe(value)}")
            return None
        return FieldReader(value, self.location, self.problems, names_are_data)

    def list_of_mappings(self, key: str, required: bool = False,
                         example: Callable[[str], str] | None = None) -> list[FieldReader] | None:
        """A list whose items are mappings, each read by its own FieldReader.

        An absent key gives []; a value that is not such a list gives None
        (after recording why), so callers can tell "none" from "unusable". Where text
        stands for the list or an item, `example` gives the item to write for it.
        """
        if not self._present(key, required):
            return None if required else []
        value = self.mapping[key]
        hint = (lambda text: f"; tulis seperti ini: {example(text)}") if example else (
            lambda text: "")
        if not isinstance(value, YamlList):
            self.error(key, f'kolom "{key}" harus berupa daftar (baris yang diawali "- ")'
                            + (hint(value) if isinstance(value, str) else ""))
            return None
        readers = []
        for index, item in enumerate(value):
            if isinstance(item, YamlMapping):
                readers.append(FieldReader(item, self.location, self.problems))
            else:
                self.problems.error(self.location.at(value.item_lines[index]),
                                    f'setiap isi "{key}" harus berisi pasangan "nama: nilai", '
                                    f"bukan {_describe(item)}"
                                    + (hint(item) if isinstance(item, str) else ""))
        return readers if len(readers) == len(value) else None

    def ignore(self, *keys: str) -> None:
        """Accept these keys without reading them."""
        self.asked.update(keys)

    def finish(self) -> None:
        """Warn about each key that no accessor asked for."""
        for key in self.mapping:
            written = self.written_as.get(key, key)
            if key in self.asked:
                if written != key:
                    self.warning(key, f'kolom "{written}" dibaca sebagai "{key}"; nama kolom '
                                      f'ditulis dengan huruf kecil: {key}:')
                continue
            # An Indonesian name is told its field before one spelt alike ("sumber" is
            # "source", not "summary"); a word for a field read elsewhere only (an award's
            # "acara" in a news item) is told none.
            meant = _fields_meant(key)[1:]
            close = next((name for name in meant if name in self.asked), None)
            if close is None and not meant:
                close = closest(key, self.asked)
            hint = f'; mungkin maksudnya "{close}"?' if close else ""
            self.warning(key, f'kolom "{written}" tidak dikenal dan diabaikan{hint}')


def _in_range(value: T) -> T:
    """`value`, if it is not a date (or datetime) outside FIRST_YEAR to LAST_YEAR."""
    if isinstance(value, dt.date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"tahun harus antara {FIRST_YEAR} dan {LAST_YEAR}")
    return value


# The start of an address of another site written without "https://": "www.…", or a
# domain name followed by a path, or one ending in a common top-level domain (not a
# file name: "jadwal.pdf", "kontak.html").
DOMAIN_NAME = r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+([a-z]{2,})"   # group 1: its last part
_HOST_NAME = re.compile(rf"{DOMAIN_NAME}(?::\d+)?(?=[/?#]|$)", re.IGNORECASE)
TOP_LEVEL_DOMAINS = frozenset({
    "id", "com", "org", "net", "info", "biz", "gov", "edu", "int", "io", "co", "me", "ly",
    "gl", "gle", "be", "to", "app", "dev", "site", "online", "web", "xyz", "my", "sg", "asia",
})


def other_site_without_scheme(written: str) -> bool:
    """Whether `written` is the address of another site without its "https://"
    ("www.jepara.go.id", "forms.gle/abc123", "perpusnas.go.id"), not a file name."""
    host = _HOST_NAME.match(written)
    return bool(host) and (written.lower().startswith("www.")
                           or written[host.end():host.end() + 1] == "/"
                           or host[1].lower() in TOP_LEVEL_DOMAINS)


# The domain of an e-mail address: its last part is letters ("jepara.go.id", not
# "jepara"); letters of any script.
_EMAIL_DOMAIN = r"(?:[^\W_]|-)+(?:\.(?:[^\W_]|-)+)*\.[^\W\d_]{2,}"
EMAIL_ADDRESS = re.compile(rf"[^\s/@:?#]+@{_EMAIL_DOMAIN}")


def is_email(text: str, any_name: bool = False) -> bool:
    """Whether `text` is an e-mail address (EMAIL_ADDRESS); with `any_name`, whatever
    stands before its last "@" (site.yaml's `email`, shown as written)."""
    if not any_name:
        return EMAIL_ADDRESS.fullmatch(text.strip()) is not None
    name, _, domain = text.strip().rpartition("@")
    return bool(name) and re.fullmatch(_EMAIL_DOMAIN, domain) is not None


def is_web_url(text: str) -> bool:
    """Whether `text` is an absolute http or https URL with a host."""
    try:
        parts = urlsplit(text)
        parts.port   # raises ValueError for a port that is not a number from 0 to 65535
    except ValueError:   # "https://[::1/": an unclosed IPv6 address
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in text
