"""site.yaml's `image`: the picture a shared link shows (WhatsApp, Facebook) for every
page without a photo of its own: home, lists, schedule, classes, news without `image`.
"""

from __future__ import annotations

import json
import os
import re

import pytest
from PIL import Image

from conftest import SITE_YAML, dedent, fails_cleanly, image_bytes, make_site, read, run
from test_build import warnings_of

SHARE = image_bytes(1200, 630)
ALT = "Buku terbuka di samping nama perpustakaan"
SITE = SITE_YAML + f"image: bagikan.jpg\nimage_alt: {ALT}\n"

NEWS = {
    "content/news/2026-11-20-tanpa-foto.md": dedent("""\
        ---
        title: Berita Tanpa Foto
        date: 2026-11-20 08:00
        ---
        Isi berita tanpa foto.
        """),
    "content/news/2026-11-21-dengan-foto/index.md": dedent("""\
        ---
        title: Berita Dengan Foto
        date: 2026-11-21 08:00
        image: kelas.jpg
        image_alt: Peserta kelas merajut di aula
        ---
        Isi berita dengan foto.
        """),
    "content/news/2026-11-21-dengan-foto/kelas.jpg": image_bytes(1600, 1000),
    "content/schedule.yaml": dedent("""\
        programs:
          - id: merajut
            title: Kelas Merajut
            sessions:
              - date: 2026-12-02
                start: 09:00
                end: 11:00
        """),
}


def _meta(page: str) -> dict[str, str]:
    """The link-preview meta tags of a page: property or name -> content."""
    return {match[0]: match[1] for match in
            re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)">',
                       page)}


def _site(tmp_path, site_yaml: str = SITE, share: bytes = SHARE):
    return make_site(tmp_path, {"content/site.yaml": site_yaml,
                                "content/static/bagikan.jpg": share, **NEWS})


def test_pages_without_a_photo_share_the_site_image(tmp_path):
    root = _site(tmp_path)
    assert run(root).code == 0
    for page in ("output/index.html", "output/jadwal/index.html",
                 "output/jadwal/merajut/index.html", "output/berita/index.html",
                 "output/berita/tanpa-foto/index.html", "output/404.html"):
        meta = _meta(read(root, page))
        assert meta["og:image"] == "https://example.org/bagikan.jpg", page
        assert meta["og:image:alt"] == ALT
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        assert meta["og:image:type"] == "image/jpeg"
        assert meta["twitter:card"] == "summary_large_image"
    # published where the address says, at its size, stripped (test_photo_privacy)
    published = Image.open(root / "output/bagikan.jpg")
    assert (published.format, published.size) == ("JPEG", (1200, 630))


def test_an_item_with_its_own_photo_keeps_it(tmp_path):
    root = _site(tmp_path)
    assert run(root).code == 0
    meta = _meta(read(root, "output/berita/dengan-foto/index.html"))
    assert meta["og:image"].startswith("https://example.org/berita/dengan-foto/kelas")
    assert meta["og:image:alt"] == "Peserta kelas merajut di aula"


def test_the_library_structured_data_names_the_image(tmp_path):
    root = _site(tmp_path)
    assert run(root).code == 0
    page = read(root, "output/index.html")
    blocks = [json.loads(block) for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
    (library,) = [block for block in blocks if block.get("@type") == "Library"]
    assert library["image"] == "https://example.org/bagikan.jpg"


def test_under_a_sub_path_the_address_holds_it(tmp_path):
    root = _site(tmp_path, SITE.replace("https://example.org/", "https://example.org/perpus/"))
    assert run(root).code == 0
    assert _meta(read(root, "output/jadwal/index.html"))["og:image"] == \
        "https://example.org/perpus/bagikan.jpg"


def test_without_it_pages_without_a_photo_have_no_preview_image(tmp_path):
    root = _site(tmp_path, SITE_YAML)
    assert run(root).code == 0
    meta = _meta(read(root, "output/jadwal/index.html"))
    assert "og:image" not in meta and meta["twitter:card"] == "summary"


def test_a_new_text_alternative_reaches_every_page_built_before(tmp_path):
    root = _site(tmp_path)
    assert run(root).code == 0
    (root / "content/site.yaml").write_text(SITE.replace(ALT, "Logo perpustakaan"))
    assert run(root).code == 0
    for page in ("output/jadwal/index.html", "output/berita/tanpa-foto/index.html"):
        assert _meta(read(root, page))["og:image:alt"] == "Logo perpustakaan"


def test_content_values_are_escaped(tmp_path):
    root = _site(tmp_path, SITE.replace(ALT, "'\"Buku\" <script>alert(1)</script> & pena'"))
    assert run(root).code == 0
    page = read(root, "output/jadwal/index.html")
    assert "<script>alert(1)" not in page
    assert "&#34;Buku&#34; &lt;script&gt;alert(1)&lt;/script&gt; &amp; pena" in page


@pytest.mark.parametrize("lines, message", [
    ("image: tidak-ada.jpg\nimage_alt: Gedung\n",
     'gambar "tidak-ada.jpg" tidak ditemukan di content/static/'),
    ("image: bagikan.jpg\n", 'kolom "image_alt" wajib diisi'),
    ("image: /static/bagikan.jpg\nimage_alt: Gedung\n",
     'tulis namanya di dalam folder itu saja: image: bagikan.jpg'),
    ("image: content/static/bagikan.jpg\nimage_alt: Gedung\n",
     'tulis namanya di dalam folder itu saja: image: bagikan.jpg'),
    ("image: gedung.heic\nimage_alt: Gedung\n", "harus nama berkas JPEG (.jpg) atau PNG (.png)"),
    ("image: https://example.org/a.jpg\nimage_alt: Gedung\n", "di folder content/static/"),
    ("image: ../site.yaml\nimage_alt: Gedung\n", "harus nama berkas JPEG"),
])
def test_a_wrong_image_is_an_error_at_its_line_and_publishes_nothing(tmp_path, lines, message):
    root = _site(tmp_path, SITE_YAML)
    failed = fails_cleanly(root, {"content/site.yaml": SITE_YAML + lines})
    assert "content/site.yaml:3: kesalahan: " in failed.err, failed.err
    assert message in failed.err


def test_a_file_that_is_not_an_image_is_an_error(tmp_path):
    root = _site(tmp_path, SITE_YAML)
    failed = fails_cleanly(root, {"content/site.yaml": SITE,
                                  "content/static/bagikan.jpg": b"bukan gambar"})
    assert "content/site.yaml:3: kesalahan: " in failed.err
    assert "tidak bisa dibaca sebagai gambar" in failed.err


def test_a_large_file_or_an_empty_alternative_is_a_warning(tmp_path):
    big = os.urandom(400 * 1024)   # a JPEG header, then noise: its size is what counts
    root = _site(tmp_path, SITE.replace(ALT, "foto"), SHARE + big)
    warnings = warnings_of(root)
    assert any(line.startswith("content/site.yaml:3: peringatan: ") and "WhatsApp" in line
               and "KB" in line for line in warnings), warnings
    assert any(line.startswith("content/site.yaml:4: peringatan: ") and
               'teks alternatif "foto"' in line for line in warnings), warnings


# -- a program's own photo (schedule.yaml `image`) ----------------------------------------

PROGRAM_PHOTO = image_bytes(1200, 800)
SCHEDULE_WITH_PHOTO = dedent("""\
    programs:
      - id: merajut
        title: Kelas Merajut
        image: foto/merajut.jpg
        image_alt: Peserta merajut tas di ruang kreativitas
        sessions:
          - date: 2026-12-02
            start: 09:00
            end: 11:00
    """)


def _events(page: str) -> list[dict]:
    return [block for block in (json.loads(text) for text in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S))
        if block.get("@type") == "Event"]


def test_a_program_photo_is_shown_on_its_page_and_shared(tmp_path):
    root = _site(tmp_path)
    write = {"content/schedule.yaml": SCHEDULE_WITH_PHOTO,
             "content/static/foto/merajut.jpg": PROGRAM_PHOTO}
    for path, data in write.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data.encode() if isinstance(data, str) else data)
    assert run(root).code == 0
    page = read(root, "output/jadwal/merajut/index.html")
    # resized beside the file (test_images), the widest variant, which a link preview
    # takes, at the file's own address
    assert 'src="/foto/merajut.jpg"' in page
    assert re.search(r'<img [^>]*width="736" height="491" '
                     r'alt="Peserta merajut tas di ruang kreativitas"', page)
    meta = _meta(page)
    assert meta["og:image"] == "https://example.org/foto/merajut.jpg"
    assert meta["og:image:alt"] == "Peserta merajut tas di ruang kreativitas"
    assert {event["image"] for event in _events(page)} == {"https://example.org/foto/merajut.jpg"}
    published = Image.open(root / "output/foto/merajut.jpg")
    assert (published.format, published.size) == ("JPEG", (1200, 800))
    assert not list((root / "output/foto").glob("merajut-1200.*jpg"))
    # the schedule itself keeps the site's picture
    assert _meta(read(root, "output/jadwal/index.html"))["og:image"] == \
        "https://example.org/bagikan.jpg"


def test_a_program_without_a_photo_describes_its_events_with_the_site_image(tmp_path):
    root = _site(tmp_path)
    assert run(root).code == 0
    page = read(root, "output/jadwal/merajut/index.html")
    assert {event["image"] for event in _events(page)} == {"https://example.org/bagikan.jpg"}
    assert "article-image" not in page


def test_a_missing_program_photo_is_an_error_at_its_line(tmp_path):
    root = _site(tmp_path)
    failed = fails_cleanly(root, {"content/schedule.yaml": SCHEDULE_WITH_PHOTO})
    assert ('content/schedule.yaml:4: kesalahan: gambar "foto/merajut.jpg" tidak ditemukan '
            "di content/static/") in failed.err
