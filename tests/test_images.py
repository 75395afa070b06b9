"""Images: real photos made with Pillow, built through the command line, variants checked.

The site has one news bundle with a 4000 x 3000 camera photo turned by EXIF
(orientation 6) and carrying GPS data, a 700 px photo used in the body, a PNG
with transparency, a 300 px image, and a GIF; process_images, picture_html and
rewrite_images are also called directly.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import struct
import time
import zlib
from datetime import datetime
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageChops, ImageCms, ImageDraw

from conftest import (SITE_YAML, fails_cleanly, image_bytes, make_site, read, run, snapshot,
                      vnu_errors)
from browser import PHONE, chromium, serve
import site_builder.parallel as process_pool
from site_builder.errors import Location, Problems
from site_builder.images import (DEFAULT_SIZES, SETTINGS, SHARED_BYTES, SHARED_WIDTH,
                                 WIDEST_DRAWN, ImageStats, Picture, Variant, _decode, _resize,
                                 images_made_alongside, picture_html, process_images,
                                 rewrite_images)
from site_builder.model import Asset
from site_builder.pipeline import BuildOptions, build_site
from site_builder.render import SOCIAL_WIDTH

BUNDLE = "content/news/2024-01-05-kelas"
OUT = "output/berita/kelas"
INDEX = """\
---
title: Kelas Menulis
date: 2024-01-05
image: foto.jpg
image_alt: Peserta kelas menulis di ruang baca
---
Suasana kelas menulis.

![Rak "buku baru" & <meja>](foto2.jpg)

![Logo perpustakaan](/berita/kelas/logo.png "Logo")
"""
RED = (220, 20, 20)
BUILT_AT = datetime(2026, 11, 24, 9, 0)   # conftest.NOW, read in the site's zone


def _photo(width: int, height: int, orientation: int | None = None, quality: int = 92) -> bytes:
    """A noisy photo-like JPEG with a red block at its stored top left, EXIF with GPS."""
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 30)
    image = Image.merge("RGB", [gradient, noise, gradient.transpose(Image.Transpose.ROTATE_180)])
    image.paste(RED, (0, 0, width // 4, height // 4))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Kamera Uji"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "S",
                                  ExifTags.GPS.GPSLatitude: (6.0, 35.0, 22.0)}
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, exif=exif, icc_profile=srgb)
    return buffer.getvalue()


def _logo(width: int = 1200, height: int = 800) -> bytes:
    """A PNG whose left half is fully transparent."""
    image = Image.new("RGBA", (width, height), (0, 90, 160, 255))
    image.paste((0, 0, 0, 0), (0, 0, width // 2, height))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (40, 30), 3).save(buffer, "GIF")
    return buffer.getvalue()


def _huge_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels (a decompression bomb)."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


@pytest.fixture(scope="module")
def images() -> dict[str, bytes]:
    return {"foto.jpg": _photo(4000, 3000, orientation=6), "foto2.jpg": _photo(700, 500),
            "logo.png": _logo(), "kecil.jpg": _photo(300, 200), "animasi.gif": _gif()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, images: dict[str, bytes]) -> Path:
    """The site with the news bundle, built once for the tests that only read it."""
    root = make_site(tmp_path_factory.mktemp("images"),
                     {f"{BUNDLE}/index.md": INDEX,
                      **{f"{BUNDLE}/{name}": data for name, data in images.items()}})
    result = run(root, "build")
    assert result.code == 0, result.err
    return root


@pytest.fixture
def rebuilt(tmp_path: Path, built: Path) -> Path:
    """A copy of the built site, its output and its image cache, for a test to change."""
    return Path(shutil.copytree(built, tmp_path / "site", symlinks=True))


def _open(root: Path, name: str) -> Image.Image:
    image = Image.open(root / OUT / name)
    image.load()
    return image


def _cache_files(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every file of the image cache with its inode, modification time and size."""
    cache = root / ".cache" / "images"
    return {path.relative_to(cache).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns,
                                                 path.stat().st_size)
            for path in sorted(cache.rglob("*")) if path.is_file()}


def _image_outputs(root: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(root / OUT).items()
            if not name.endswith(".html")}


# -- the built site ---------------------------------------------------------------

def test_camera_photo_is_upright_in_three_widths(built: Path):
    sizes = {name: _open(built, name).size for name in
             ("foto-480.webp", "foto-960.webp", "foto-1600.webp",
              "foto-480.jpg", "foto-960.jpg", "foto.jpg")}
    # Stored 4000 x 3000 with orientation 6: upright it is 3000 x 4000.
    assert sizes == {"foto-480.webp": (480, 640), "foto-960.webp": (960, 1280),
                     "foto-1600.webp": (1600, 2133), "foto-480.jpg": (480, 640),
                     "foto-960.jpg": (960, 1280), "foto.jpg": (1600, 2133)}
    assert not (built / OUT / "foto-1600.jpg").exists()   # the largest JPEG is foto.jpg
    upright = _open(built, "foto-960.jpg").convert("RGB")
    # Orientation 6 turns the stored top left to the top right.
    assert _is_red(upright.getpixel((upright.width - 20, 20)))
    assert not _is_red(upright.getpixel((20, 20)))


def _is_red(pixel: tuple[int, ...]) -> bool:
    red, green, blue = pixel[:3]
    return red > 180 and green < 80 and blue < 80


def test_original_path_serves_a_small_jpeg(built: Path, images: dict[str, bytes]):
    published = built / OUT / "foto.jpg"
    image = _open(built, "foto.jpg")
    assert image.format == "JPEG" and image.width <= 1600
    assert image.info.get("progressive")
    assert published.stat().st_size * 4 < len(images["foto.jpg"])


def _webp(image: Image.Image, method: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=75, method=method)
    return buffer.getvalue()


def test_phone_widths_get_the_smallest_webp_and_the_widest_a_faster_one(built: Path):
    """The 480, 960 and 1200 px WebP files, the ones phones fetch, are encoded with
    libwebp's method 4 (smaller files); the 1600 px one with method 2 (encoded 2.5-3 times
    faster for a file about 5% larger): the same bytes Pillow makes with those settings
    from the published pixels' source, the upright photo at that width."""
    published = {name: (built / OUT / name).read_bytes() for name in (
        "foto-480.webp", "foto-960.webp", "foto-1200.webp", "foto-1600.webp")}
    # The decoded photo is the 1600 px variant; each smaller one is made from the next.
    source = _decode(built / BUNDLE / "foto.jpg")
    assert source is not None and source.width == 1600
    assert published["foto-1600.webp"] == _webp(source, 2) != _webp(source, 4)
    at_1200 = _resize(source, 1200)
    assert published["foto-1200.webp"] == _webp(at_1200, 4)
    at_960 = _resize(at_1200, 960)
    assert published["foto-960.webp"] == _webp(at_960, 4)
    assert published["foto-480.webp"] == _webp(_resize(at_960, 480), 4)
    assert not (built / OUT / "foto-1200.jpg").exists()   # WebP only: see WEBP_ONLY_WIDTHS


@pytest.mark.parametrize("width, ratio, fetched", [
    (390, 2, "foto-960.webp"),      # a 720p phone
    (412, 2.625, "foto-1200.webp"),  # the 1080p phones: 380 CSS px need 998 device px
    (360, 3, "foto-1200.webp"),
])
def test_each_phone_fetches_the_smallest_photo_that_fills_its_screen(built: Path, width,
                                                                     ratio, fetched):
    """Chromium takes the first width of the srcset with as many device pixels as the photo
    is drawn with: a 1080p phone took the 1600 px file, 2.8 times the pixels it shows."""
    with serve(built / "output") as base, chromium() as browser:
        phone = browser.browser.new_context(viewport={"width": width, "height": 900},
                                            device_scale_factor=ratio)
        page = phone.new_page()
        page.goto(base + "berita/kelas/", wait_until="load")
        source = page.evaluate("document.querySelector('main img').currentSrc")
        phone.close()
    assert source.endswith("/" + fetched), source


def test_a_photo_where_the_stylesheet_never_came_is_at_most_a_column_wide(built: Path):
    """A connection lost after the page, before style.css: the photo is drawn at the size
    its tag gives, which was 1600 px, four phone screens across; now the article column's
    (WIDEST_DRAWN), in proportion. With the stylesheet, the phone's width as before."""
    with serve(built / "output") as base, chromium() as browser:
        page = browser.new_page()
        page.route("**/*.css*", lambda route: route.abort("internetdisconnected"))
        page.goto(base + "berita/kelas/", wait_until="load")
        bare = page.evaluate("[document.querySelector('main img').width, "
                             "document.querySelector('main img').height]")
        page.unroute("**/*.css*")
        page.goto(base + "berita/kelas/", wait_until="load")
        styled = page.evaluate("document.querySelector('main img').width")
        page.close()
    width, height = Image.open(built / OUT / "foto.jpg").size   # 1600 px, upright
    assert bare == [WIDEST_DRAWN, round(height * WIDEST_DRAWN / width)], bare
    assert styled == PHONE["width"] - 32, styled   # the column, less its 1rem margins


def test_no_metadata_is_published(built: Path):
    for name in ("foto.jpg", "foto-480.jpg", "foto-960.webp", "foto-1600.webp", "kecil.jpg"):
        image = _open(built, name)
        assert not image.getexif(), name
        assert "exif" not in image.info and "icc_profile" not in image.info, name
        data = (built / OUT / name).read_bytes()
        assert b"Exif" not in data and b"EXIF" not in data and b"Kamera Uji" not in data, name


def test_png_keeps_its_transparency(built: Path):
    for name in ("logo-480.png", "logo-960.png", "logo.png", "logo-480.webp", "logo-1200.webp"):
        image = _open(built, name)
        assert image.mode == "RGBA", name
        assert image.getpixel((5, 5))[3] == 0 and image.getpixel((image.width - 5, 5))[3] == 255
    assert _open(built, "logo.png").format == "PNG"
    assert _open(built, "logo.png").size == (1200, 800)   # below 1600: its own width


def test_small_images_are_never_enlarged(built: Path):
    assert _open(built, "kecil.jpg").size == (300, 200)
    assert _open(built, "kecil-300.webp").size == (300, 200)
    assert sorted(path.name for path in (built / OUT).glob("kecil*")) == [
        "kecil-300.webp", "kecil.jpg"]
    assert sorted(path.name for path in (built / OUT).glob("foto2*")) == [
        "foto2-480.jpg", "foto2-480.webp", "foto2-700.webp", "foto2.jpg"]
    assert _open(built, "foto2.jpg").size == (700, 500)


def test_gif_is_copied_as_it_is(built: Path, images: dict[str, bytes]):
    assert (built / OUT / "animasi.gif").read_bytes() == images["animasi.gif"]
    assert not list((built / OUT).glob("animasi-*"))


def test_markdown_body_image_becomes_a_picture(built: Path):
    html = read(built, f"{OUT}/index.html")
    assert ('<picture><source type="image/webp" srcset="/berita/kelas/logo-480.webp 480w, '
            '/berita/kelas/logo-960.webp 960w, /berita/kelas/logo-1200.webp 1200w"') in html
    assert ('srcset="/berita/kelas/logo-480.png 480w, /berita/kelas/logo-960.png 960w, '
            '/berita/kelas/logo.png 1200w"') in html
    assert 'width="736" height="491" alt="Logo perpustakaan" loading="lazy"' in html
    # alone in its paragraph, its title is its caption (figures.py)
    assert re.search(r'<figure><picture>.*?alt="Logo perpustakaan".*?</picture>'
                     r'<figcaption>Logo</figcaption>\s*</figure>', html, re.DOTALL)


def test_bundle_relative_body_image_becomes_a_picture(built: Path):
    html = read(built, f"{OUT}/index.html")
    assert '<picture><source type="image/webp" srcset="/berita/kelas/foto2-480.webp 480w' in html
    assert 'alt="Rak &quot;buku baru&quot; &amp; &lt;meja&gt;"' in html


# -- the cache ------------------------------------------------------------------

def test_second_build_reuses_the_cache(rebuilt: Path):
    cache, outputs = _cache_files(rebuilt), _image_outputs(rebuilt)
    assert any(name.startswith(SETTINGS + "/") and name.endswith("/manifest.json")
               for name in cache)
    again = run(rebuilt, "build")
    assert again.code == 0, again.err
    assert _cache_files(rebuilt) == cache   # nothing rewritten: same inode, time and size
    assert _image_outputs(rebuilt) == outputs


def test_changed_image_is_processed_again(rebuilt: Path):
    cache = _cache_files(rebuilt)
    (rebuilt / BUNDLE / "foto2.jpg").write_bytes(_photo(800, 600))
    again = run(rebuilt, "build")
    assert again.code == 0, again.err
    assert _open(rebuilt, "foto2.jpg").size == (800, 600)
    assert _open(rebuilt, "foto2-800.webp").size == (800, 600)
    assert not (rebuilt / OUT / "foto2-700.webp").exists()
    after = _cache_files(rebuilt)
    assert {name: after[name] for name in cache} == cache   # other entries untouched
    assert len(after) > len(cache)


def test_damaged_cache_entries_are_made_again(rebuilt: Path):
    outputs = _image_outputs(rebuilt)
    cache_dir = rebuilt / ".cache" / "images"
    manifests = sorted(cache_dir.rglob("manifest.json"))
    truncated = manifests[0].parent / json.loads(manifests[0].read_text())["files"][0]["name"]
    truncated.write_bytes(truncated.read_bytes()[:100])
    missing = manifests[1].parent / json.loads(manifests[1].read_text())["files"][-1]["name"]
    missing.unlink()
    manifests[2].write_text("{not json", encoding="utf-8")
    again = run(rebuilt, "build")
    assert again.code == 0, again.err
    assert _image_outputs(rebuilt) == outputs
    assert truncated.stat().st_size > 100 and missing.is_file()


# Pruning: what no build needs any more goes, after a build that went through.
OLD_SETTINGS = "v2-w480.960.1600-jpeg80-webp75m4.2-png"   # an earlier builder's folder
DAY = 24 * 3600


def _two_bundles(tmp_path: Path) -> Path:
    """A site of two news items, each with its own photo."""
    files = {}
    for slug, width in (("kelas", 640), ("lomba", 620)):
        files[f"content/news/2024-01-05-{slug}/index.md"] = (
            f"---\ntitle: Berita {slug}\ndate: 2024-01-05\nimage: foto.jpg\n"
            "image_alt: Foto kegiatan\n---\nIsi.\n")
        files[f"content/news/2024-01-05-{slug}/foto.jpg"] = _photo(width, 400)
    return make_site(tmp_path, files)


def _entry(root: Path, photo: str) -> Path:
    """The image cache entry of the photo at `photo` (relative to root)."""
    digest = hashlib.sha256((root / photo).read_bytes()).hexdigest()
    return root / ".cache/images" / SETTINGS / digest[:2] / digest


def _age(root: Path, days: float) -> None:
    """Every file and folder of the image cache last modified `days` ago."""
    cache = root / ".cache/images"
    when = time.time() - days * DAY
    for path in [cache, *cache.rglob("*")]:
        os.utime(path, (when, when))


def _build_again(root: Path) -> str:
    """A build that runs (not "nothing changed since the last build"); what it printed."""
    os.utime(root / "content/site.yaml")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert "tidak ada yang berubah" not in result.out + result.err
    return result.out + result.err


def test_a_build_removes_the_cache_of_other_settings(rebuilt: Path):
    """A builder upgrade that changes SETTINGS made the whole cache again beside the old
    one, which stayed for ever: a build that went through removes it, a failed one not."""
    cache = rebuilt / ".cache/images"
    current, outputs = _cache_files(rebuilt), _image_outputs(rebuilt)
    old = cache / OLD_SETTINGS / "3f" / ("3f" + "0" * 62)
    old.mkdir(parents=True)
    (old / "480.webp").write_bytes(b"RIFF")
    broken = "content/news/2024-01-06-rusak.md"
    (rebuilt / broken).write_text("---\ntitle: Rusak\ndate: 2024-13-06\n---\nIsi.\n")
    assert run(rebuilt, "build").code == 1
    assert (old / "480.webp").is_file()

    (rebuilt / broken).unlink()
    _build_again(rebuilt)
    assert sorted(path.name for path in cache.iterdir() if path.is_dir()) == [SETTINGS]
    assert _cache_files(rebuilt) == current
    assert _image_outputs(rebuilt) == outputs


def test_cache_entries_unused_for_30_days_are_removed(tmp_path: Path):
    """The entry of a deleted photo goes once no build has used it for 30 days; an entry
    this build uses stays, however old, and is marked used."""
    root = _two_bundles(tmp_path)
    assert run(root, "build").code == 0
    kept, deleted = (_entry(root, f"content/news/2024-01-05-{slug}/foto.jpg")
                     for slug in ("kelas", "lomba"))
    assert (kept / "manifest.json").is_file() and (deleted / "manifest.json").is_file()
    shutil.rmtree(root / "content/news/2024-01-05-lomba")
    _build_again(root)
    assert deleted.is_dir()   # unused for a moment only: a photo put back soon is reused

    _age(root, 29)
    _build_again(root)
    assert deleted.is_dir()
    _age(root, 31)
    _build_again(root)
    assert not deleted.exists()
    assert (kept / "manifest.json").stat().st_mtime > time.time() - 60
    assert "kelas/foto-640.webp" in read(root, "output/berita/kelas/index.html")


def test_a_build_marks_the_cache_entries_it_uses_once_a_day(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    """One os.utime per entry older than a day, on its manifest: the variant files keep
    their times, which say whether output/'s copies changed (a variant touched was "4
    berubah", its copies written again, and sent again by `publish`)."""
    root = _two_bundles(tmp_path)
    assert run(root, "build").code == 0
    marked: list[str] = []
    utime = os.utime

    def counting(path, *args, **kwargs):
        if isinstance(path, (str, Path)) and f"/{SETTINGS}/" in str(path):
            marked.append(Path(path).name)
        return utime(path, *args, **kwargs)

    monkeypatch.setattr(os, "utime", counting)
    _build_again(root)
    assert marked == []   # used within the day
    for manifest in (root / ".cache/images").rglob("manifest.json"):   # used 2 days ago
        utime(manifest, (time.time() - 2 * DAY,) * 2)
    variants = {name: value for name, value in _cache_files(root).items()
                if not name.endswith(("manifest.json", ".lock"))}
    printed = _build_again(root)
    assert marked == ["manifest.json", "manifest.json"]
    assert {name: value for name, value in _cache_files(root).items()
            if name in variants} == variants
    assert "; 0 berubah, 0 dihapus" in printed
    marked.clear()
    _build_again(root)
    assert marked == []


def test_pruning_waits_for_another_build_using_the_cache(tmp_path: Path,
                                                         images: dict[str, bytes]):
    """Another build of the same site (serve's preview, `check`, build --output) looks up
    its images, then copies them out: while it does, no build removes an entry, even one
    it does not use itself and last used 30 days ago."""
    root = _two_bundles(tmp_path)
    shutil.rmtree(root / "content/news/2024-01-05-lomba")
    assert run(root, "build").code == 0
    cache = root / ".cache/images"
    other = _assets(tmp_path, {"lain.jpg": images["kecil.jpg"]})
    with images_made_alongside(other, cache, Problems()) as (_, _, finished):
        (made, *_) = finished()
        _age(root, 31)   # as if pruning had read its time just before this build used it
        _build_again(root)
        assert made.source.is_file()
    _age(root, 31)
    _build_again(root)
    assert not made.source.parent.exists()
    assert (_entry(root, "content/news/2024-01-05-kelas/foto.jpg") / "manifest.json").is_file()


def _assets(folder: Path, files: dict[str, bytes]) -> list[Asset]:
    assets = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        assets.append(Asset(folder / name, f"berita/x/{name}", Location(Path(name))))
    return assets


def test_process_images_counts_what_it_decodes(tmp_path: Path, images: dict[str, bytes]):
    assets = _assets(tmp_path, images)
    cache_dir = tmp_path / "cache"
    counts = []
    for _ in range(2):
        stats = ImageStats()
        pictures, files = process_images(assets, cache_dir, Problems(), stats)
        counts.append((stats.processed, stats.reused))
    assert counts == [(4, 0), (0, 4)]   # the GIF is not an image to process
    assert sorted(pictures) == ["berita/x/foto.jpg", "berita/x/foto2.jpg", "berita/x/kecil.jpg",
                                "berita/x/logo.png"]
    assert all(file.source and file.source.is_relative_to(cache_dir) for file in files)
    next(cache_dir.rglob("480.webp")).write_bytes(b"rusak")
    stats = ImageStats()
    process_images(assets, cache_dir, Problems(), stats)
    assert (stats.processed, stats.reused) == (1, 3)


def test_without_a_cache_files_stay_in_memory(tmp_path: Path, images: dict[str, bytes]):
    assets = _assets(tmp_path, {"kecil.jpg": images["kecil.jpg"]})
    pictures, files = process_images(assets, None, Problems())
    assert [(file.path, file.source) for file in files] == [
        ("berita/x/kecil.jpg", None), ("berita/x/kecil-300.webp", None)]
    assert Image.open(io.BytesIO(files[0].content)).size == (300, 200)
    assert pictures["berita/x/kecil.jpg"].fallback[-1].url_path == "berita/x/kecil.jpg"


def _encoded(image: Image.Image, pillow_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, pillow_format, **options)
    return buffer.getvalue()


def test_every_colour_mode_becomes_rgb_or_rgba(tmp_path: Path):
    palette = Image.new("P", (200, 100), 1)
    palette.putpixel((0, 0), 0)
    assets = _assets(tmp_path, {
        "cmyk.jpg": _encoded(Image.new("CMYK", (200, 100), (0, 255, 255, 0)), "JPEG"),
        "abu.jpg": _encoded(Image.new("L", (200, 100), 128), "JPEG"),
        "palet.png": _encoded(palette, "PNG", transparency=0),
        "abu-alfa.png": _encoded(Image.new("LA", (200, 100), (128, 100)), "PNG"),
        "penuh.png": _encoded(Image.new("RGBA", (200, 100), (1, 2, 3, 255)), "PNG"),
    })
    problems = Problems()
    pictures, files = process_images(assets, None, problems)
    assert not list(problems)
    modes = {file.path: Image.open(io.BytesIO(file.content)).mode for file in files}
    assert modes == {
        "berita/x/cmyk.jpg": "RGB", "berita/x/cmyk-200.webp": "RGB",
        "berita/x/abu.jpg": "RGB", "berita/x/abu-200.webp": "RGB",
        "berita/x/palet.png": "RGBA", "berita/x/palet-200.webp": "RGBA",
        "berita/x/abu-alfa.png": "RGBA", "berita/x/abu-alfa-200.webp": "RGBA",
        # Nothing transparent: RGB, still a PNG, since its own address names PNG, and
        # also a JPEG, for shared links (images.shared_variant).
        "berita/x/penuh.png": "RGB", "berita/x/penuh-200.webp": "RGB",
        "berita/x/penuh-200.jpg": "RGB",
    }
    formats = {file.path: Image.open(io.BytesIO(file.content)).format for file in files}
    named = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
    assert all(formats[path] == named[path.rsplit(".", 1)[1]] for path in formats), formats
    cmyk = Image.open(io.BytesIO(files[0].content)).convert("RGB").getpixel((5, 5))
    assert _is_red(cmyk)
    assert pictures["berita/x/penuh.png"].fallback[-1].mime == "image/png"
    assert [variant.mime for variant in pictures["berita/x/penuh.png"].jpeg] == ["image/jpeg"]


def _processed(assets: list[Asset], cache_dir: Path | None, jobs: int):
    """Everything process_images gives, file sources named relative to `cache_dir`."""
    problems, stats = Problems(), ImageStats()
    pictures, files = process_images(assets, cache_dir, problems, stats, jobs=jobs)
    contents = [(file.path, file.content if file.content is not None
                 else file.source.read_bytes(),
                 file.source and file.source.relative_to(cache_dir).as_posix())
                for file in files]
    return pictures, contents, list(problems), (stats.processed, stats.reused)


@pytest.mark.parametrize("cache", ["none", "cold", "unwritable"])
def test_parallel_processing_gives_what_serial_processing_gives(
        tmp_path: Path, images: dict[str, bytes], cache: str, monkeypatch: pytest.MonkeyPatch):
    palette = Image.new("P", (300, 200), 1)
    palette.putpixel((0, 0), 0)
    assets = _assets(tmp_path, {
        "rusak.jpg": images["foto2.jpg"][:2000], "foto.jpg": _photo(1000, 700, orientation=6),
        "logo.png": images["logo.png"], "bukan.png": b"ini bukan gambar",
        "animasi.gif": images["animasi.gif"], "foto2.jpg": images["foto2.jpg"],
        "sama.jpg": images["foto2.jpg"],   # the same bytes: from the cache when there is one
        "raksasa.png": _huge_png(30000, 30000), "kecil.jpg": images["kecil.jpg"],
        "palet.png": _encoded(palette, "PNG", transparency=0),
        "cmyk.jpg": _encoded(Image.new("CMYK", (200, 100), (0, 255, 255, 0)), "JPEG"),
    })
    assets.append(Asset(tmp_path / "hilang.jpg", "berita/x/hilang.jpg",
                        Location(Path("hilang.jpg"))))
    (tmp_path / "berkas").write_bytes(b"")
    cache_dirs = {"none": (None, None), "cold": (tmp_path / "satu", tmp_path / "dua"),
                  "unwritable": (tmp_path / "berkas" / "cache",) * 2}[cache]
    pools = []   # how many images each process pool was given
    original = process_pool._pooled

    def pooled(work, items, *args):
        pools.append(len(items))
        return original(work, items, *args)

    monkeypatch.setattr(process_pool, "_pooled", pooled)
    serial = _processed(assets, cache_dirs[0], jobs=1)
    assert pools == []
    parallel = _processed(assets, cache_dirs[1], jobs=2)
    # Every raster image, but the missing one when its bytes are hashed for the cache,
    # and the copy when the first one's variants are in the cache.
    assert pools == [{"none": 11, "cold": 9, "unwritable": 9}[cache]]
    assert parallel == serial
    pictures, contents, problems, stats = serial
    assert len(pictures) == 7 and len(contents) > 14
    assert [(str(p.location), p.severity) for p in problems if p.severity == "error"] == [
        ("rusak.jpg", "error"), ("bukan.png", "error"), ("raksasa.png", "error"),
        ("hilang.jpg", "error")]
    assert stats == ((6, 1) if cache == "cold" else (7, 0))
    if cache == "unwritable":
        assert [p.message.split(" (")[0] for p in problems if p.severity == "warning"] == [
            "cache gambar tidak bisa ditulis"] * 7


def _made_alongside(assets: list[Asset], cache_dir: Path, jobs: int):
    """Everything images_made_alongside gives, as _processed; also the pictures and
    problems known before `finished()` is called."""
    problems, stats = Problems(), ImageStats()
    with images_made_alongside(assets, cache_dir, problems, stats, jobs=jobs) as (
            pictures, foretold, finished):
        early = (dict(pictures), [file.path for file in foretold], list(problems))
        files = finished()
    contents = [(file.path, file.content if file.content is not None
                 else file.source.read_bytes(),
                 file.source and file.source.relative_to(cache_dir).as_posix())
                for file in files]
    return (pictures, contents, sorted(problems, key=lambda p: p.sort_key()),
            (stats.processed, stats.reused)), early


def test_images_made_alongside_are_the_images_made_at_once(tmp_path: Path,
                                                          images: dict[str, bytes]):
    """Sized from their headers before they are made: the pictures are those made at
    once, and so are the files, the problems and the counts."""
    palette = Image.new("P", (300, 200), 1)
    palette.putpixel((0, 0), 0)
    opaque_alpha = Image.new("RGBA", (900, 500), (10, 120, 30, 255))
    files = {
        "rusak.jpg": images["foto2.jpg"][:2000], "foto.jpg": images["foto.jpg"],
        "tegak.jpg": _photo(1000, 700, orientation=6), "tidur.jpg": _photo(1001, 667, 8),
        "logo.png": images["logo.png"], "bukan.png": b"ini bukan gambar",
        "animasi.gif": images["animasi.gif"], "foto2.jpg": images["foto2.jpg"],
        "sama.jpg": images["foto2.jpg"], "raksasa.png": _huge_png(30000, 30000),
        "kecil.jpg": images["kecil.jpg"], "palet.png": _encoded(palette, "PNG", transparency=0),
        "cmyk.jpg": _encoded(Image.new("CMYK", (200, 100), (0, 255, 255, 0)), "JPEG"),
        # Transparent in name only: a JPEG fallback, known once its pixels are read.
        "alfa.webp": _encoded(opaque_alpha, "WEBP", lossless=True),
        "alfa-png.jpg": _encoded(opaque_alpha, "PNG"),
        "lebar.webp": _encoded(Image.new("RGB", (2500, 1111), (9, 9, 9)), "WEBP"),
    }
    assets = _assets(tmp_path, files)
    serial = _processed(assets, tmp_path / "satu", jobs=1)
    serial = (serial[0], serial[1], sorted(serial[2], key=lambda p: p.sort_key()), serial[3])
    alongside, (early_pictures, early_paths, early_problems) = _made_alongside(
        assets, tmp_path / "dua", jobs=2)
    assert alongside[1:] == serial[1:]
    pictures, contents, problems, _ = serial
    # What render was given: also a picture of the photo broken past its header (the
    # build stops on its problem before anything is written).
    assert early_pictures.pop("berita/x/rusak.jpg").width == 700
    assert early_pictures == pictures
    assert [path for path in early_paths if "rusak" not in path] == [
        path for path, _, _ in contents]
    assert len(pictures) == 12
    # Broken past its header: known once it is made; the others at once.
    assert sorted(str(p.location) for p in early_problems) == ["bukan.png", "raksasa.png"]
    assert sorted(str(p.location) for p in problems if p.severity == "error") == [
        "bukan.png", "raksasa.png", "rusak.jpg"]


def test_images_made_alongside_run_in_other_processes(tmp_path: Path, images: dict[str, bytes]):
    """Until `finished()`, nothing is made by this process; leaving the block without it
    stops the work, and no forked process is left behind."""
    assets = _assets(tmp_path, {"foto.jpg": images["foto.jpg"], "dua.jpg": _photo(1700, 900)})
    with images_made_alongside(assets, tmp_path / "cache", Problems(), jobs=2) as (
            pictures, _, finished):
        children = _children()
        assert len(children) == 2
        assert pictures["berita/x/foto.jpg"].width == 1600
    assert _children() == []
    with images_made_alongside(assets, tmp_path / "cache2", Problems(), jobs=2) as (
            _, _, finished):
        made = finished()
    assert _children() == []
    assert all(file.source.is_file() for file in made)


def _children() -> list[int]:
    """The processes this one forked that have not ended."""
    own = os.getpid()
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == own and fields[0] != "Z":
            found.append(int(status.parent.name))
    return found


def test_animations_are_left_as_they_are(tmp_path: Path):
    frames = [Image.new("RGB", (60, 40), colour) for colour in ("red", "blue")]
    animation = io.BytesIO()
    frames[0].save(animation, "WEBP", save_all=True, append_images=frames[1:])
    apng = io.BytesIO()
    frames[0].save(apng, "PNG", save_all=True, append_images=frames[1:])
    assets = _assets(tmp_path, {"gerak.webp": animation.getvalue(), "gerak.png": apng.getvalue()})
    problems = Problems()
    assert process_images(assets, tmp_path / "cache", problems) == ({}, [])
    assert not list(problems)


# -- bad images -----------------------------------------------------------------

@pytest.fixture
def bundle_site(tmp_path: Path, images: dict[str, bytes]) -> Path:
    """A site whose news bundle has every photo its index.md shows, sound."""
    return make_site(tmp_path, {f"{BUNDLE}/index.md": INDEX,
                                f"{BUNDLE}/foto.jpg": images["kecil.jpg"],
                                f"{BUNDLE}/foto2.jpg": images["foto2.jpg"],
                                f"{BUNDLE}/logo.png": images["logo.png"]})


def test_bad_images_are_all_reported_and_nothing_is_written(bundle_site: Path,
                                                            images: dict[str, bytes]):
    root = bundle_site
    failed = fails_cleanly(root, {f"{BUNDLE}/rusak.jpg": images["foto2.jpg"][:2000],
                                  f"{BUNDLE}/bukan.png": b"ini bukan gambar",
                                  f"{BUNDLE}/raksasa.png": _huge_png(9000, 9000)})
    assert f"{BUNDLE}/rusak.jpg: kesalahan: berkas gambar rusak" in failed.err
    assert f"{BUNDLE}/bukan.png: kesalahan: berkas gambar rusak" in failed.err
    assert (f"{BUNDLE}/raksasa.png: kesalahan: gambar terlalu besar (9000 x 9000 piksel)"
            in failed.err)
    assert "3 kesalahan" in failed.err


def test_a_broken_photo_is_reported_with_another_files_error(bundle_site: Path,
                                                              images: dict[str, bytes]):
    """A photo broken in the upload is found in the run that finds a wrong date in another
    file, not only in the run after it is fixed."""
    root = bundle_site
    failed = fails_cleanly(root, {f"{BUNDLE}/foto.jpg": images["foto2.jpg"][:2000],
                                  "content/news/2024-01-06-lain.md":
                                  "---\ntitle: Lain\ndate: 2024-01-32\n---\nIsi.\n"})
    assert "content/news/2024-01-06-lain.md:3: kesalahan: kolom \"date\"" in failed.err
    assert f"{BUNDLE}/foto.jpg: kesalahan: berkas gambar rusak" in failed.err
    assert "2 kesalahan" in failed.err


def test_a_broken_photo_of_an_item_with_errors_is_reported_with_them(
        bundle_site: Path, images: dict[str, bytes]):
    root = bundle_site
    failed = fails_cleanly(root, {f"{BUNDLE}/index.md": INDEX.replace("date: 2024-01-05",
                                                                      "date: 2024-01-32"),
                                  f"{BUNDLE}/foto2.jpg": images["foto2.jpg"][:2000]})
    assert f"{BUNDLE}/index.md:3: kesalahan: kolom \"date\"" in failed.err
    assert f"{BUNDLE}/foto2.jpg: kesalahan: berkas gambar rusak" in failed.err
    assert "2 kesalahan" in failed.err


def test_decompression_bomb_is_a_problem(tmp_path: Path):
    assets = _assets(tmp_path, {"bom.png": _huge_png(30000, 30000)})
    problems = Problems()
    assert process_images(assets, tmp_path / "cache", problems) == ({}, [])
    assert [p.message.split(";")[0] for p in problems] == ["gambar terlalu besar untuk diolah"]


def test_two_images_with_one_variant_name_are_a_problem(tmp_path: Path,
                                                        images: dict[str, bytes]):
    assets = _assets(tmp_path, {"foto.jpg": images["kecil.jpg"], "foto.png": _logo(300, 200)})
    problems = Problems()
    pictures, _ = process_images(assets, None, problems)
    assert list(pictures) == ["berita/x/foto.jpg"]
    assert [(str(p.location), p.message) for p in problems] == [(
        "foto.png", 'gambar ini juga diterbitkan sebagai "berita/x/foto-300.webp", tetapi '
                    'alamat itu sudah dipakai oleh "berita/x/foto.jpg"; ganti nama salah satu '
                    "berkasnya")]


# -- HTML -------------------------------------------------------------------------

def _picture(url_path: str = "berita/x/foto.jpg", widths: tuple[int, ...] = (480, 960, 1600)
             ) -> Picture:
    stem, suffix = url_path.rsplit(".", 1)
    webp = tuple(Variant(f"{stem}-{w}.webp", w, w * 3 // 4, "image/webp") for w in widths)
    fallback = tuple(Variant(url_path if w == widths[-1] else f"{stem}-{w}.{suffix}",
                             w, w * 3 // 4, "image/jpeg") for w in widths)
    return Picture(url_path, widths[-1], widths[-1] * 3 // 4, webp, fallback)


def test_picture_html_writes_every_attribute():
    html = picture_html(_picture(), 'Rak "baru" <b>&</b>', "/perpustakaan/")
    assert html == (
        '<picture><source type="image/webp" srcset="/perpustakaan/berita/x/foto-480.webp 480w, '
        '/perpustakaan/berita/x/foto-960.webp 960w, /perpustakaan/berita/x/foto-1600.webp 1600w"'
        f' sizes="{DEFAULT_SIZES}">'
        '<img src="/perpustakaan/berita/x/foto.jpg" srcset="/perpustakaan/berita/x/foto-480.jpg '
        '480w, /perpustakaan/berita/x/foto-960.jpg 960w, /perpustakaan/berita/x/foto.jpg 1600w"'
        f' sizes="{DEFAULT_SIZES}" width="736" height="552" '
        'alt="Rak &quot;baru&quot; &lt;b&gt;&amp;&lt;/b&gt;" loading="lazy" decoding="async">'
        '</picture>')


def test_picture_html_first_screen_title_and_odd_names():
    html = picture_html(_picture("berita/x/Foto Kelas, 1.jpg", (480,)), "", "/", sizes="100vw",
                        lazy=False, title="Judul & foto")
    assert 'src="/berita/x/Foto%20Kelas%2C%201.jpg"' in html
    assert 'srcset="/berita/x/Foto%20Kelas%2C%201-480.webp 480w" sizes="100vw"' in html
    assert 'alt="" title="Judul &amp; foto" fetchpriority="high" decoding="async"' in html
    assert 'loading=' not in html


def test_picture_html_is_valid_html(tmp_path: Path):
    page = tmp_path / "out" / "index.html"
    page.parent.mkdir()
    pictures = "\n".join([picture_html(_picture(), 'Foto "rak" & <meja>', "/perpustakaan/"),
                          picture_html(_picture("a b.png", (300,)), "", "/", lazy=False,
                                       title="x")])
    page.write_text(f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
                    f"<title>Uji</title></head><body><main>{pictures}</main></body></html>",
                    encoding="utf-8")
    assert vnu_errors(page.parent) == []


def test_rewrite_images_replaces_only_processed_images():
    pictures = {"berita/x/foto.jpg": _picture()}
    html = ('<p>Awal <a href="/perpustakaan/x/">tautan</a></p>\n'
            '<p><img alt="Rak &amp; &quot;meja&quot;" src="/perpustakaan/berita/x/foto.jpg" '
            'title="Judul"></p>\n'
            '<p><img alt="lain" src="/perpustakaan/berita/x/lain.jpg"> '
            '<img src="https://example.com/berita/x/foto.jpg" alt="luar"></p>\n'
            '<picture><img src="/perpustakaan/berita/x/foto.jpg" alt="sudah"></picture>\n')
    result = rewrite_images(html, pictures, "/perpustakaan/")
    expected = picture_html(_picture(), 'Rak & "meja"', "/perpustakaan/", title="Judul")
    assert result == html.replace(
        '<img alt="Rak &amp; &quot;meja&quot;" src="/perpustakaan/berita/x/foto.jpg" '
        'title="Judul">', expected)


@pytest.mark.parametrize("src, page_path", [
    ("/berita/x/foto%20baru.jpg", None),
    ("/berita/x/foto baru.jpg", None),
    ("foto%20baru.jpg", "berita/x/"),
    ("../x/foto%20baru.jpg?v=2", "berita/x/"),
])
def test_rewrite_images_finds_the_picture_a_src_names(src: str, page_path: str | None):
    pictures = {"berita/x/foto baru.jpg": _picture("berita/x/foto baru.jpg")}
    html = f'<p>Teks\n<img src="{src}" alt="Foto"/> akhir</p>'
    result = rewrite_images(html, pictures, "/", page_path)
    assert result == ("<p>Teks\n" + str(picture_html(pictures["berita/x/foto baru.jpg"], "Foto", "/"))
                      + " akhir</p>")


def test_rewrite_images_leaves_unknown_sources_alone():
    pictures = {"berita/x/foto.jpg": _picture()}
    for html in ['<img src="foto.jpg" alt="tanpa halaman">',        # relative, page unknown
                 '<img src="/lain/berita/x/foto.jpg" alt="di luar base path">',
                 '<img src="/perpustakaan/berita/x/foto.jpg" srcset="a.jpg 1x" alt="sendiri">',
                 '<img alt="tanpa src">']:
        assert rewrite_images(html, pictures, "/perpustakaan/") == html


def test_static_images_are_published_as_they_are(tmp_path: Path, images: dict[str, bytes]):
    """CONTENT-FORMAT.md: static/ files are copied as they are, even large photos: not
    resized, not a pixel changed, only their metadata gone (test_photo_privacy.py)."""
    photo = images["foto.jpg"]
    root = make_site(tmp_path, {"content/static/gambar/poster.jpg": photo})
    assert run(root, "build").code == 0
    published = Image.open(root / "output/gambar/poster.jpg")
    assert published.tobytes() == Image.open(io.BytesIO(photo)).tobytes()
    assert not published.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not list((root / "output/gambar").glob("poster-*"))


def test_image_published_as_it_is_still_has_its_size(tmp_path: Path, images: dict[str, bytes]):
    """A front-matter image that is not resized (a GIF of static/) has its width and height
    set, so the page does not jump while it loads."""
    root = make_site(tmp_path, {
        "content/static/gambar/animasi.gif": images["animasi.gif"],
        "content/news/2024-01-05-mobil.md": "---\ntitle: Mobil\ndate: 2024-01-05\n"
                                            "image: gambar/animasi.gif\nimage_alt: Mobil\n---\n"})
    assert run(root, "build").code == 0
    html = read(root, "output/berita/mobil/index.html")
    width, height = Image.open(io.BytesIO(images["animasi.gif"])).size
    assert f'<img src="/gambar/animasi.gif" alt="Mobil" width="{width}" height="{height}">' in html


def test_a_static_photo_a_page_shows_is_resized_beside_the_file(tmp_path: Path,
                                                               images: dict[str, bytes]):
    """A phone photo put in static/ and shown by a page (an item's `image`, a body's image,
    a program's `image`) reaches readers resized; its own address serves the largest
    variant, as a bundle photo's does: the camera's file is not published."""
    photo = images["foto.jpg"]   # 4000 x 3000, turned by its EXIF orientation
    root = make_site(tmp_path, {
        "content/static/foto/aula.jpg": photo,
        "content/static/foto/arsip.jpg": images["foto2.jpg"],   # in static/, shown by no page
        "content/news/2024-01-05-aula.md": "---\ntitle: Aula Baru\ndate: 2024-01-05\n"
                                           "image: foto/aula.jpg\nimage_alt: Aula baru\n---\n"
                                           "Isi.\n",
        "content/news/2024-01-06-rapat.md": "---\ntitle: Rapat\ndate: 2024-01-06\n---\n"
                                            "Rapat di aula.\n\n![Aula saat rapat](/foto/aula.jpg)\n",
        "content/schedule.yaml": "programs:\n  - id: rapat\n    title: Rapat Warga\n"
                                 "    image: foto/aula.jpg\n    image_alt: Aula\n"
                                 "    sessions:\n      - {date: 2024-02-01, start: 9.00}\n"})
    result = run(root, "build")
    assert result.code == 0, result.err
    assert "KB" not in result.err   # a heavy program photo is no longer worth a warning
    output = root / "output"
    assert sorted(path.name for path in (output / "foto").glob("aula-*")) == [
        "aula-1200.webp", "aula-1600.webp", "aula-480.jpg", "aula-480.webp",
        "aula-960.jpg", "aula-960.webp"]
    largest = Image.open(output / "foto/aula.jpg")
    assert largest.size == (1600, 2133) and not largest.getexif()   # upright, no GPS
    assert not list((output / "foto").glob("arsip-*"))
    arsip = Image.open(output / "foto/arsip.jpg")   # as it is, but for its metadata
    assert arsip.tobytes() == Image.open(io.BytesIO(images["foto2.jpg"])).tobytes()
    for page in ("berita/aula/index.html", "berita/rapat/index.html", "jadwal/rapat/index.html"):
        html = read(root, f"output/{page}")
        assert '<source type="image/webp" srcset="/foto/aula-480.webp 480w, ' in html, page
        assert 'src="/foto/aula.jpg"' in html and "aula-1600.jpg" not in html, page
    meta = dict(re.findall(r'<meta property="(og:image[^"]*)" content="([^"]*)"',
                           read(root, "output/jadwal/rapat/index.html")))
    assert meta["og:image"] == "https://example.org/foto/aula-960.jpg"
    assert (output / "foto/aula-960.jpg").stat().st_size < len(photo) / 4
    # a file named as a variant of another width is no obstacle
    (root / "content/static/foto/aula-2024.jpg").write_bytes(images["kecil.jpg"])
    assert run(root, "build").code == 0
    assert (output / "foto/aula-960.webp").is_file()
    # a file of static/ at a variant's name: the photo stays as it is, that file untouched
    (root / "content/static/foto/aula-480.jpg").write_bytes(images["kecil.jpg"])
    result = run(root, "build")
    assert result.code == 0, result.err
    assert ('content/static/foto/aula.jpg: peringatan: foto ini tampil di halaman tetapi '
            'dikirim utuh') in result.err and '"foto/aula-480.jpg"' in result.err
    assert (Image.open(output / "foto/aula-480.jpg").tobytes()
            == Image.open(io.BytesIO(images["kecil.jpg"])).tobytes())
    assert not (output / "foto/aula-960.webp").exists()
    assert 'src="/foto/aula.jpg"' in read(root, "output/berita/aula/index.html")


def test_a_photo_of_a_program_description_replaced_renders_the_program_again(
        tmp_path: Path):
    """The page of a program shows its description's photos at their size: a cached
    build after the photo is replaced by one of another shape is the build without
    cache (the program's page key counts the photo's variants, as an item's does)."""
    def photo(width: int, height: int) -> bytes:
        buffer = io.BytesIO()
        Image.new("RGB", (width, height), (90, 40, 20)).save(buffer, "JPEG")
        return buffer.getvalue()

    schedule = ("programs:\n  - id: menulis\n    title: Kelas Menulis\n"
                "    description: |\n      ![Peserta menulis di aula](/foto/kelas.jpg)\n"
                "    sessions:\n      - {date: 2026-12-02, start: 9.00}\n")
    root = make_site(tmp_path, {"content/schedule.yaml": schedule,
                                "content/static/foto/kelas.jpg": photo(1200, 800)})
    assert run(root, "build").code == 0
    page = "output/jadwal/menulis/index.html"
    assert 'width="736" height="491" alt="Peserta menulis di aula"' in read(root, page)
    (root / "content/static/foto/kelas.jpg").write_bytes(photo(1200, 1200))
    assert run(root, "build").code == 0
    assert 'width="736" height="736" alt="Peserta menulis di aula"' in read(root, page)
    fresh = make_site(tmp_path / "fresh", {"content/schedule.yaml": schedule,
                                           "content/static/foto/kelas.jpg": photo(1200, 1200)})
    assert run(fresh, "build", "--no-cache").code == 0
    assert snapshot(root / "output") == snapshot(fresh / "output")


# -- the picture of a shared link (WhatsApp, Facebook) ----------------------------------

SHARE_ALT = "Buku terbuka di samping nama perpustakaan"
SHARE_SITE = SITE_YAML + f"image: bagikan.jpg\nimage_alt: {SHARE_ALT}\n"
SITE_IMAGE = "https://example.org/bagikan.jpg"


def _poster(width: int = 1080, height: int = 1350, mode: str = "RGB",
            image_format: str = "PNG") -> bytes:
    """A poster as Canva downloads one: a grainy photo-like background (so that as PNG it
    is over a megabyte, as a real one is) and a light box of text. "RGBA": the same with
    an alpha channel, nothing transparent; "transparent": its corners see-through."""
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 8)
    across = gradient.transpose(Image.Transpose.ROTATE_90).resize((width, height))
    image = Image.merge("RGB", [ImageChops.add(gradient, noise, 1, -128),
                                ImageChops.add(across, noise, 1, -100),
                                ImageChops.add(gradient.transpose(Image.Transpose.ROTATE_180),
                                               noise, 1, -128)])
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 12, height * 2 // 3, width * 11 // 12, height * 8 // 9),
                   fill=(250, 250, 240))
    for row in range(6):
        draw.text((width // 9, height * 2 // 3 + 30 + row * 40),
                  "LOMBA RESENSI BUKU - Sabtu, 12 Desember 2026", fill=(20, 20, 60))
    if mode != "RGB":
        image = image.convert("RGBA")
    if mode == "transparent":
        corner = (0, 0, 0, 0)
        for box in [(0, 0, width // 4, height // 5), (width * 3 // 4, 0, width, height // 5)]:
            image.paste(corner, box)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **({"quality": 92} if image_format == "JPEG" else {}))
    return buffer.getvalue()


def _preview(root: Path, page: str) -> dict[str, str]:
    """The link-preview meta tags of a built page: property or name -> content."""
    return dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)">',
                           read(root, page)))


def _main(root: Path, page: str) -> str:
    """What a built page shows: its <main>."""
    return read(root, page).split("<main", 1)[1].split("</main>", 1)[0]


def _item(title: str, date: str, body: str = "Isi.", image: str | None = None,
          award: bool = False) -> str:
    fields = f"title: {title}\ndate: {date}\n"
    if image:
        fields += f"image: {image}\nimage_alt: Poster berwarna, {title.lower()}\n"
    if award:
        fields += "award: Perpustakaan Terbaik\ngiver: Perpusnas\nrecipient: Perpusda Jepara\n"
    return f"---\n{fields}---\n{body}\n"


def _share_site(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    return make_site(tmp_path, {"content/site.yaml": SHARE_SITE,
                                "content/static/bagikan.jpg": image_bytes(1200, 630), **files})


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_a_png_poster_is_shared_as_a_light_jpeg(tmp_path: Path, mode: str):
    """Canva's suggested download is a PNG: 1.6-2.2 MB for a photo-like poster, and WhatsApp
    shows a link whose picture is over ~300 KB without it. An opaque PNG (an alpha channel
    with nothing transparent too) gets JPEG variants too, and links share one; its own
    address still serves the PNG it names, and the page shows the PNG as before."""
    poster = _poster(mode=mode)
    assert len(poster) > 1024 * 1024
    root = _share_site(tmp_path, {
        "content/news/2026-11-19-lomba/index.md": _item("Lomba Resensi", "2026-11-19",
                                                        image="poster.png"),
        "content/news/2026-11-19-lomba/poster.png": poster,
        "content/static/poster-yoga.png": poster,
        "content/schedule.yaml": "programs:\n  - id: yoga\n    title: Kelas Yoga\n"
                                 "    image: poster-yoga.png\n    image_alt: Poster yoga\n"
                                 "    sessions:\n      - {date: 2026-12-02, start: 6.30}\n"})
    result = run(root, "build")
    assert result.code == 0, result.err
    assert "WhatsApp" not in result.err
    for page, shared in [("berita/lomba/", "berita/lomba/poster-1080.jpg"),
                         ("jadwal/yoga/", "poster-yoga-1080.jpg")]:
        meta = _preview(root, f"output/{page}index.html")
        assert meta["og:image"] == meta["twitter:image"] == f"https://example.org/{shared}"
        assert (meta["og:image:type"], meta["og:image:width"], meta["og:image:height"]) == (
            "image/jpeg", "1080", "1350"), page
        file = root / "output" / shared
        assert Image.open(file).format == "JPEG" and Image.open(file).size == (1080, 1350)
        assert file.stat().st_size <= SHARED_BYTES, file.stat().st_size
    output = root / "output"
    assert Image.open(output / "berita/lomba/poster.png").format == "PNG"
    assert Image.open(output / "berita/lomba/poster-960.jpg").format == "JPEG"
    published = Image.open(output / "poster-yoga.png")   # static/: resized, as a bundle's
    assert (published.format, published.size) == ("PNG", (1080, 1350))
    # the page's <picture> keeps the PNG fallback (a browser without WebP is rare)
    assert ('src="/berita/lomba/poster.png" srcset="/berita/lomba/poster-480.png 480w, '
            '/berita/lomba/poster-960.png 960w, /berita/lomba/poster.png 1080w"'
            ) in _main(root, "output/berita/lomba/index.html")
    assert ".jpg" not in _main(root, "output/berita/lomba/index.html")


def test_a_transparent_poster_too_heavy_to_share_is_a_warning(tmp_path: Path):
    """A PNG with transparent pixels keeps only PNG variants (JPEG has no transparency):
    the one a link shares is over what WhatsApp shows, and the build says so, at the file,
    with what to do; again in a build that takes the variants from the cache."""
    root = _share_site(tmp_path, {
        "content/news/2026-11-19-lomba/index.md": _item("Lomba Resensi", "2026-11-19",
                                                        image="poster.png"),
        "content/news/2026-11-19-lomba/poster.png": _poster(mode="transparent")})
    for _ in range(2):
        result = run(root, "build")
        assert result.code == 0, result.err
        warning = [line for line in result.err.splitlines()
                   if line.startswith("content/news/2026-11-19-lomba/poster.png: peringatan: ")]
        assert len(warning) == 1, result.err
        assert "WhatsApp" in warning[0] and "transparan" in warning[0], warning
        assert re.search(r"\d+ KB", warning[0]) and "300 KB" in warning[0], warning
        (root / "content/news/2026-11-19-lomba/index.md").write_text(
            _item("Lomba Resensi Buku", "2026-11-19", image="poster.png"))
    meta = _preview(root, "output/berita/lomba/index.html")
    assert meta["og:image"] == "https://example.org/berita/lomba/poster.png"
    assert meta["og:image:type"] == "image/png"
    assert SOCIAL_WIDTH == SHARED_WIDTH   # the warning weighs the variant render shares
    assert not list((root / "output/berita/lomba").glob("*.jpg"))


def test_a_cache_of_the_previous_version_gives_the_jpeg_variants(tmp_path: Path):
    """The previous version kept an opaque PNG's variants, all PNG, in the cache folder it
    named (images.SETTINGS): a build with that cache still makes the JPEG variants."""
    files = {"content/news/2026-11-19-lomba/index.md": _item("Lomba Resensi", "2026-11-19",
                                                             image="poster.png"),
             "content/news/2026-11-19-lomba/poster.png": _poster()}
    root = _share_site(tmp_path, files)
    assert run(root, "build").code == 0
    cache = root / ".cache/images"
    (entry,) = [path.parent for path in cache.glob(f"{SETTINGS}/*/*/manifest.json")
                if (path.parent / "480.png").is_file()]
    manifest = json.loads((entry / "manifest.json").read_text())
    manifest["files"] = [item for item in manifest["files"] if not item["name"].endswith(".jpg")]
    for path in entry.glob("*.jpg"):
        path.unlink()
    (entry / "manifest.json").write_text(json.dumps(manifest))
    # as the previous version wrote it: under its own settings' name
    previous = cache / "v2-w480.960.1200.1600-jpeg80-webp75m4.2-png" / entry.relative_to(
        cache / SETTINGS)
    if previous != entry:
        previous.parent.mkdir(parents=True)
        entry.rename(previous)
    shutil.rmtree(root / "output")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert _preview(root, "output/berita/lomba/index.html")["og:image"] == (
        "https://example.org/berita/lomba/poster-1080.jpg")
    assert Image.open(root / "output/berita/lomba/poster-1080.jpg").format == "JPEG"


def test_a_photo_too_small_for_a_preview_shares_the_site_image(tmp_path: Path):
    """Facebook refuses a picture under 200 x 200 px, WhatsApp shows one under 300 px wide
    as a small thumbnail: under 300 px wide or 200 px high, a link shares site.yaml's
    `image`, as a page without a photo does (and without one, none)."""
    files = {}
    for slug, size in [("sempit", (240, 180)), ("pendek", (640, 150)), ("cukup", (300, 200))]:
        files[f"content/news/2026-11-17-{slug}/index.md"] = _item(slug.title(), "2026-11-17",
                                                                  image="foto.jpg")
        files[f"content/news/2026-11-17-{slug}/foto.jpg"] = _photo(*size)
    root = _share_site(tmp_path, files)
    assert run(root, "build").code == 0
    for slug in ("sempit", "pendek"):
        meta = _preview(root, f"output/berita/{slug}/index.html")
        assert meta["og:image"] == SITE_IMAGE and meta["og:image:alt"] == SHARE_ALT, slug
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        assert f'src="/berita/{slug}/foto.jpg"' in _main(root, f"output/berita/{slug}/index.html")
    meta = _preview(root, "output/berita/cukup/index.html")
    assert meta["og:image"] == "https://example.org/berita/cukup/foto.jpg"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("300", "200")
    bare = make_site(tmp_path / "tanpa", files)
    assert run(bare, "build").code == 0
    assert "og:image" not in _preview(bare, "output/berita/sempit/index.html")


POSTER_BODY = ("Berikut informasi lomba mewarnai tingkat TK.\n\n"
               "![Poster lomba mewarnai: Sabtu 12 Desember 2026](poster.jpg)\n\n"
               "![Foto lomba tahun lalu](/foto/lalu.jpg)\n")


def test_a_poster_in_the_body_is_shared_when_there_is_no_image(tmp_path: Path):
    """An announcement is often a poster in the body and no `image`: a shared link shows
    the first photo of the item's own folder its body shows, rather than the site's
    picture; the page itself shows it once, in the body, as before."""
    root = _share_site(tmp_path, {
        "content/news/2026-11-05-lomba/index.md": _item("Lomba Mewarnai", "2026-11-05",
                                                        POSTER_BODY),
        "content/news/2026-11-05-lomba/poster.jpg": _poster(image_format="JPEG"),
        "content/awards/2026-11-06-juara/index.md": _item("Juara Lomba", "2026-11-06",
                                                          POSTER_BODY, award=True),
        "content/awards/2026-11-06-juara/poster.jpg": _poster(image_format="JPEG"),
        # a body's photo of static/ only: not the item's own, the site's picture is shared
        "content/news/2026-11-07-lalu/index.md": _item("Lomba Lalu", "2026-11-07",
                                                       "![Foto lomba lalu](/foto/lalu.jpg)"),
        "content/static/foto/lalu.jpg": _photo(1600, 900),
        # its own `image` first
        "content/news/2026-11-08-foto/index.md": _item("Dengan Foto", "2026-11-08",
                                                       POSTER_BODY, image="sampul.jpg"),
        "content/news/2026-11-08-foto/sampul.jpg": _photo(1600, 900),
        "content/news/2026-11-08-foto/poster.jpg": _poster(image_format="JPEG")})
    result = run(root, "build")
    assert result.code == 0, result.err
    for page in ("berita/lomba/", "penghargaan/juara/"):
        meta = _preview(root, f"output/{page}index.html")
        assert meta["og:image"] == meta["twitter:image"] == f"https://example.org/{page}poster.jpg"
        assert meta["og:image:alt"] == "Poster lomba mewarnai: Sabtu 12 Desember 2026"
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1080", "1350")
        assert (root / "output" / page / "poster.jpg").stat().st_size <= SHARED_BYTES
        article = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                       read(root, f"output/{page}index.html"), re.S)[1])
        assert article["image"] == [meta["og:image"]]
        shown = _main(root, f"output/{page}index.html")
        assert shown.count("<picture>") == 2 and "article-image" not in shown
        assert shown.count(f'src="/{page}poster.jpg"') == 1
    assert _preview(root, "output/berita/lalu/index.html")["og:image"] == SITE_IMAGE
    assert _preview(root, "output/berita/foto/index.html")["og:image"] == (
        "https://example.org/berita/foto/sampul-960.jpg")


def test_a_body_poster_replaced_is_shared_after_a_cached_build(tmp_path: Path):
    """The page's key counts the photo its link shares: a cached build after the poster
    is replaced (another shape, another format) or the body shows another first makes
    what a build without the cache makes, and renders that page again."""
    item = "content/news/2026-11-05-lomba"
    files = {f"{item}/index.md": _item("Lomba Mewarnai", "2026-11-05", POSTER_BODY),
             f"{item}/poster.jpg": _poster(image_format="JPEG"),
             "content/pages/profil.md": "---\ntitle: Profil\n---\nTentang kami.\n",
             "content/static/foto/lalu.jpg": _photo(1600, 900)}
    root = _share_site(tmp_path, files)
    page = "berita/lomba/index.html"

    def build() -> tuple[str, ...]:
        result = build_site(BuildOptions(content_dir=root / "content",
                                         output_dir=root / "output", now=BUILT_AT))
        fresh = tmp_path / "segar"
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(root / "content", fresh / "content")
        assert run(fresh, "build", "--no-cache").code == 0
        assert snapshot(root / "output") == snapshot(fresh / "output")
        return result.rendered

    build()
    assert _preview(root, f"output/{page}")["og:image"].endswith("/berita/lomba/poster.jpg")
    (root / item / "poster.jpg").write_bytes(_photo(1600, 900))   # a landscape photo now
    rendered = build()
    assert page in rendered and "profil/index.html" not in rendered
    meta = _preview(root, f"output/{page}")
    assert meta["og:image"] == "https://example.org/berita/lomba/poster-960.jpg"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("960", "540")
    (root / item / "poster.jpg").write_bytes(_poster(image_format="PNG"))   # a PNG named .jpg
    assert page in build()
    assert _preview(root, f"output/{page}")["og:image:width"] == "1080"
    (root / item / "kedua.png").write_bytes(_poster(600, 400, mode="transparent"))
    (root / item / "index.md").write_text(_item("Lomba Mewarnai", "2026-11-05",
                                                "![Poster kedua](kedua.png)\n\n" + POSTER_BODY))
    assert page in build()
    meta = _preview(root, f"output/{page}")
    assert meta["og:image"] == "https://example.org/berita/lomba/kedua.png"
    assert (meta["og:image:alt"], meta["og:image:width"]) == ("Poster kedua", "600")
    # the same size, nothing transparent now: its JPEG variant is shared
    (root / item / "kedua.png").write_bytes(_poster(600, 400))
    assert page in build()
    assert _preview(root, f"output/{page}")["og:image"] == (
        "https://example.org/berita/lomba/kedua-600.jpg")
