"""`build.py new news|award|page "Judul"`: a new content file, its front matter filled in.

A staff command (see cli._staff_commands). It writes one Markdown file whose
front matter has every field of CONTENT-FORMAT.md with a short Indonesian
comment and an example, the optional ones commented out:

    content/news/2024-01-05-judul-berita.md     (news: date prefix, today by default)
    content/awards/2024-01-05-judul.md          (awards: likewise)
    content/pages/judul.md                      (pages: no date)

in the year folder of its date (content/news/2024/...) when its section has year folders.

Why every new file is a draft (`draft: true`): it builds as it is, so the
staff can preview it, but a half-written item must never reach the public
site because someone else published that day. Awards need `award`, `giver`
and `recipient`, which only the author knows; they are written as
placeholders starting with `links.PLACEHOLDER` ("GANTI:"), as is the body.
The draft builds cleanly with them; once `draft: true` is removed, the
pre-publishing checks (links.py) refuse a file that still holds one.

Exit codes: 0 created (its path printed on stdout), 1 the file or its address
already exists, or the disk refuses it (full, read-only), 2 wrong usage (no title,
a title without letters or digits, no content folder).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path

import yaml

from site_builder.addresses import BUILDER_FOLDERS, SECTION_PREFIXES
from site_builder import arguments
from site_builder.config import load_config
from site_builder.content.documents import (is_markdown, is_year_folder, section_entries,
                                            split_name)
from site_builder.errors import Problems, disk_refusal
from site_builder.links import PLACEHOLDER
from site_builder.slugs import MAX_SLUG_LENGTH, slugify, split_date_prefix

HELP = "buat berkas berita, penghargaan atau halaman baru, kolomnya sudah terisi"
DESCRIPTION = """\
Buat berkas tulisan baru di folder konten, dengan semua kolom front matter
sudah tertulis dan diberi keterangan:

  python build.py new berita "Kelas Literasi Digital Dibuka"
      -> content/news/2024-01-05-kelas-literasi-digital-dibuka.md
  python build.py new penghargaan "Inovasi Layanan Digital Terbaik"
      -> content/awards/2024-01-05-inovasi-layanan-digital-terbaik.md
  python build.py new halaman "Sejarah Perpustakaan"
      -> content/pages/sejarah-perpustakaan.md

Bila berita atau penghargaan sudah dikelompokkan dalam folder tahun
(content/news/2024/...), berkas baru ditulis ke folder tahun tanggalnya.
Berkas baru selalu berupa draf (draft: true): tidak diterbitkan sampai baris
itu dihapus. Isi dulu bagian yang diawali "GANTI:". Berkas yang sudah ada
tidak pernah ditimpa.
"""

# kind as typed (English as in the contract, or Indonesian) -> kind
KINDS = {"news": "news", "berita": "news", "award": "award", "penghargaan": "award",
         "page": "page", "halaman": "page"}
SECTIONS = {"news": "news", "award": "awards", "page": "pages"}
WORDS = {"news": "berita", "award": "penghargaan", "page": "halaman"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Refused(Exception):
    """The command cannot do what was asked; `code` is the exit code."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", metavar="JENIS", type=_kind,
                        help="news/berita, award/penghargaan, atau page/halaman")
    parser.add_argument("title", metavar="JUDUL", nargs="+",
                        help='judul tulisan, sebaiknya dalam tanda kutip: "Judul Berita"')
    arguments.add_content(parser)
    parser.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                        help="tanggal berita atau penghargaan (bawaan: hari ini, "
                             "menurut zona waktu situs)")
    arguments.add_now(parser)


def _kind(text: str) -> str:
    try:
        return KINDS[text.lower()]
    except KeyError:
        raise argparse.ArgumentTypeError(
            f'jenis "{text}" tidak dikenal; pilih berita, penghargaan atau halaman') from None


def _date(text: str) -> date:
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(
        f'"{text}" bukan tanggal; tulis tahun-bulan-tanggal, misalnya 2024-01-05')


def run(args: argparse.Namespace) -> int:
    """Create the file; print its path. Returns the exit code."""
    try:
        path = create(args.kind, " ".join(args.title), args.content, args.date, args.now)
    except _Refused as refusal:
        print(f"build.py new: {refusal}", file=sys.stderr)
        return refusal.code
    print(path)
    print(f'Masih draf: isi bagian yang diawali "{PLACEHOLDER}", lalu hapus baris '
          '"draft: true" agar terbit.', file=sys.stderr)
    return 0


def create(kind: str, title: str, content_dir: Path, day: date | None = None,
           now: datetime | None = None) -> Path:
    """Write the new file of `kind` ("news", "award", "page") and return its path."""
    title = " ".join(title.split())
    if not title:
        raise _Refused("judul tidak boleh kosong", 2)
    if not content_dir.is_dir():
        raise _Refused(f"folder konten tidak ada: {content_dir}", 2)
    slug = _slug(title, kind)
    if kind == "page":
        if day is not None:
            raise _Refused("halaman tidak bertanggal; --date hanya untuk berita dan "
                           "penghargaan", 2)
        name = f"{slug}.md"
    else:
        day = day or _today(content_dir, now)
        name = f"{day.isoformat()}-{slug}.md"
    section = content_dir / SECTIONS[kind]
    path = (section / str(day.year) if day and _has_year_folders(section) else section) / name
    if path.exists():
        raise _Refused(f"berkas {path} sudah ada dan tidak ditimpa; pakai judul lain, atau "
                       "sunting berkas itu", 1)
    _check_address(section, slug, kind)
    text = TEMPLATES[kind](title=_yaml_text(title), date=day.isoformat() if day else "",
                           slug=slug, mark=PLACEHOLDER)
    _write_new(path, text, content_dir)
    return path


def _write_new(path: Path, text: str, content_dir: Path) -> None:
    """Write `text` as the new file at `path`, never over an existing one. A disk that
    refuses (full, read-only, not this user's) is one line saying what to do, and leaves
    no file begun: an empty draft would stop the next build, and `new` again would find
    it there."""
    made = False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as file:
            made = True
            file.write(text)
    except FileExistsError:
        raise _Refused(f"berkas {path} sudah ada dan tidak ditimpa", 1) from None
    except OSError as error:
        if made:
            with suppress(OSError):
                path.unlink()
        what, todo = disk_refusal(error.errno, content_dir, error.strerror or str(error))
        raise _Refused(f"berkas {path} tidak bisa ditulis: {what}. {todo}, lalu jalankan "
                       "perintah ini lagi.", 1) from None


def _slug(title: str, kind: str) -> str:
    """The URL slug of `title`, cut at a hyphen to the longest a slug may be."""
    slug = slugify(title)
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0].strip("-")
    if not slug:
        raise _Refused(f'judul "{title}" tidak berisi huruf atau angka, jadi tidak bisa '
                       "menjadi alamat halaman; tulis judul dengan huruf", 2)
    if kind == "page" and slug in BUILDER_FOLDERS:
        raise _Refused(f'alamat /{slug}/ sudah dipakai situs sendiri; pakai judul lain, '
                       f'misalnya "{title} Perpustakaan"', 2)
    return slug


def _has_year_folders(section: Path) -> bool:
    """Whether a section groups its items in year folders (documents.is_year_folder)."""
    try:
        with os.scandir(section) as scan:
            return any(entry.is_dir() and is_year_folder(entry.name, entry.path)
                       for entry in scan)
    except OSError:
        return False


def _check_address(section: Path, slug: str, kind: str) -> None:
    """Refuse a slug another file of the section already takes from its name."""
    for entry in section_entries(section, by_year=kind != "page"):
        if not (entry.is_dir() or is_markdown(entry.name)):
            continue
        stem = entry.name if entry.is_dir() else split_name(entry.name)[0]
        if slugify(split_date_prefix(stem)[1]) == slug:
            address = f"/{SECTION_PREFIXES[SECTIONS[kind]]}{slug}/"
            raise _Refused(f"alamat {address} sudah dipakai oleh {entry.path}; "
                           f"pakai judul lain (misalnya tambahkan tahunnya), karena dua "
                           f"{WORDS[kind]} tidak boleh beralamat sama", 1)


def _today(content_dir: Path, now: datetime | None) -> date:
    """Today in the site's time zone (site.yaml's, else Asia/Jakarta)."""
    zone = load_config(content_dir, Problems(), content_dir.absolute().parent).zone
    if now is None:
        return datetime.now(zone).date()
    return (now if now.tzinfo is None else now.astimezone(zone)).date()


def _yaml_text(text: str) -> str:
    """`text` as a YAML value: as it is when YAML reads it back unchanged, else quoted."""
    try:
        if yaml.safe_load(f"value: {text}") == {"value": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)   # a JSON string is a YAML double-quoted one


# -- the files ------------------------------------------------------------------

_HEADER = """\
---
# Baris yang diawali "#" adalah keterangan dan tidak ikut diterbitkan.
# Kolom yang masih diawali "# " (misalnya "# summary: ...") boleh dipakai:
# hapus "# " di depan nama kolomnya, lalu ganti contohnya.
#
"""

_DRAFT = """\
# DRAF: selama baris "draft: true" ada, tulisan ini tidak diterbitkan (hanya
# tampil di pratinjau, python build.py serve). Hapus baris itu jika sudah siap.
draft: true
"""

_NEWS_FIELDS = """\
# Ringkasan satu atau dua kalimat, untuk daftar berita dan pratinjau tautan di
# media sosial. Jika tidak diisi, paragraf pertama isi tulisan yang dipakai.
# summary: Perpustakaan Daerah membuka kelas literasi digital gratis bagi pelajar.
#
# Tag: kata kunci; tulisan dengan tag yang sama dikumpulkan di satu halaman.
# tags: [Literasi, Inklusi Sosial]
#
# Foto utama: nama berkas di folder yang sama dengan berkas ini, atau di
# content/static/. image_alt wajib ada bersama image: tulis apa yang tampak
# pada foto, untuk pembaca tunanetra.
# image: kelas-literasi.jpg
# image_alt: Peserta kelas belajar memakai komputer bersama pustakawan
#
# Keterangan foto, tampil di bawah foto utama. Apit dengan tanda kutip jika
# berisi titik dua.
# image_caption: "Kelas literasi digital di ruang komputer. Foto: Humas"
#
# Penulis, dan sumber tulisan (tampil sebagai "Sumber").
# author: Humas Perpustakaan
# source: Humas Pemkab
#
# Tanggal perubahan penting terakhir.
# updated: {date}
#
# Kegiatan di jadwal (schedule.yaml) yang dibahas tulisan ini: tulis id-nya. Tulisan
# ini lalu menautkan halaman kegiatan itu, dan halaman kegiatan menautkan tulisan ini.
# program: bahasa-inggris
#
# Alamat lain untuk tulisan ini (huruf kecil, angka, tanda hubung). Biasanya
# tidak perlu: alamatnya diambil dari nama berkas, di sini {slug}.
# slug: {slug}
#
# Di isi tulisan: tautan ke halaman situs ditulis [jadwal kegiatan](/jadwal/);
# alamat web dan surel cukup ditulis begitu saja (https://forms.gle/abc123);
# subjudul diawali "## " (panduan staf, bagian 2, "Menulis isi");
# foto ditulis ![apa yang tampak pada foto](nama-foto.jpg). Untuk foto, jadikan
# tulisan ini folder (lihat panduan staf, bagian 3): folder bernama sama dengan
# berkas ini, berisi index.md (isi berkas ini) dan fotonya. Foto di sana diperkecil
# otomatis agar ringan di HP; foto di content/static/ diterbitkan apa adanya.
"""

_NEWS = _HEADER + """\
# Judul berita, tampil di halaman berita dan di daftar berita.
title: {title}
#
# Tanggal terbit: tahun-bulan-tanggal, boleh dengan jam (2024-01-05 10:30).
# Tanggal di masa depan: berita baru terbit pada tanggal itu.
date: {date}
#
""" + _DRAFT + "#\n" + _NEWS_FIELDS + """\
---
{mark} tulis isi berita di sini, menggantikan paragraf ini. Mulailah dengan \
intinya dalam satu paragraf pendek: apa, siapa, kapan dan di mana.
"""

_AWARD = _HEADER + """\
# Judul pengumuman. Jika baris ini dihapus, nama penghargaan yang dipakai.
title: {title}
#
# Tanggal penghargaan diterima: tahun-bulan-tanggal (2024-01-05).
date: {date}
#
""" + _DRAFT + """\
#
# Nama penghargaan atau kategorinya.
award: "{mark} nama penghargaan, misalnya Inovasi Layanan Digital Terbaik"
#
# Siapa yang memberi penghargaan.
giver: "{mark} pemberi, misalnya Perpustakaan Nasional Republik Indonesia"
#
# Siapa yang menerima: nama lembaga atau nama orang.
recipient: "{mark} penerima, misalnya Perpustakaan Daerah Kabupaten Jepara"
#
# Jenis penerima: institution (lembaga, bawaan) atau individual (perorangan).
# recipient_type: individual
#
# Tahun penghargaan, jika berbeda dari tahun tanggal di atas.
# year: 2023
#
# Acara tempat penghargaan diserahkan.
# event: Peer Learning Meeting Nasional 2023, Yogyakarta
#
# Alamat (slug) berita terkait, misalnya diskarpus-raih-penghargaan; keduanya
# lalu saling menautkan.
# news: diskarpus-raih-penghargaan
#
""" + _NEWS_FIELDS + """\
---
{mark} tulis isi pengumuman di sini, menggantikan paragraf ini: penghargaan \
apa, dari siapa, untuk apa, kapan dan di mana diserahkan.
"""

_PAGE = _HEADER + """\
# Judul halaman, tampil di halaman dan di menu.
title: {title}
#
""" + _DRAFT + """\
#
# Ringkasan satu kalimat, untuk mesin pencari dan pratinjau tautan.
# summary: Alamat, jam layanan, dan cara menghubungi perpustakaan.
#
# Urutan di menu utama: halaman dengan menu_order tampil di menu, dari angka
# terkecil. Tanpa kolom ini, halaman tidak tampil di menu.
# menu_order: 4
#
# Alamat lain untuk halaman ini (huruf kecil, angka, tanda hubung). Biasanya
# tidak perlu: alamatnya diambil dari nama berkas, di sini /{slug}/.
# slug: {slug}
---
{mark} tulis isi halaman di sini, menggantikan paragraf ini. Pakai judul \
bagian (## Judul Bagian) untuk memecah halaman yang panjang.
"""

TEMPLATES = {"news": _NEWS.format, "award": _AWARD.format, "page": _PAGE.format}
