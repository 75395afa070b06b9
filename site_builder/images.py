"""Images: content photos resized with Pillow into WebP and JPEG/PNG variants.

Stage: after assemble, before render. `process_images(assets, cache_dir, problems,
jobs=...)` takes the site's assets and returns a `Picture` for each raster image among
them (.jpg, .jpeg, .png, .webp in any case), keyed by its url_path, and the files to
publish for it (.jfif, .jfi and .jpe are JPEG: what Windows names one saved from a browser;
.avif too). GIF, SVG, animated PNG/WebP and other files are left alone: render copies them
as they are (without their metadata, imagemetadata.py). The images not found in the cache are processed by `jobs`
forked processes when there are several, with the results and problems, in the same
order, of one process.

Each image is turned upright by its EXIF orientation, converted to sRGB (RGB,
or RGBA when it has transparency), stripped of all metadata (EXIF with GPS, the camera's
serial and owner and its thumbnail of the uncropped photo; XMP, IPTC, comments, ICC)
and written at each of WIDTHS (480, 960, 1200, 1600 px) that is smaller than it,
plus its own width when that is below 1600: never enlarged. Each width is
written as WebP and (but 1200, WEBP_ONLY_WIDTHS) as a fallback, PNG for an image with
transparency and JPEG otherwise; an opaque .png gets both, PNG (which pages show, and its
own address serves) and JPEG (which shared links show: see shared_variant). Variants lie
beside the original; the largest variant in the format the original is named for takes
the original's own url_path, so links to it keep working and the camera file itself is
never published, a bundle's or (static_photos_shown) one of static/ a page shows (an
.avif, of which no variant is AVIF, has a copy of its largest fallback there). The
picture of site.yaml's `image` is published stripped and upright too, at its own size,
without variants (share_image_files):

    berita/x/foto.jpg (4000 px)
        ->  foto-480.webp  foto-960.webp  foto-1200.webp  foto-1600.webp
            foto-480.jpg   foto-960.jpg                   foto.jpg (1600 px)
    berita/x/poster.png (1080 px, opaque)
        ->  poster-480.webp  poster-960.webp  poster-1080.webp
            poster-480.png   poster-960.png   poster.png (1080 px)
            poster-480.jpg   poster-960.jpg   poster-1080.jpg

Cache, so an unchanged image is never decoded again: one folder per image,
keyed by the sha256 of its bytes under a folder naming the SETTINGS (widths,
qualities, formats), which therefore start afresh when a setting changes:

    cache_dir/SETTINGS/3f/3f9a...e1/480.webp 480.jpg ... 1600.webp 1600.jpg manifest.json

manifest.json lists every variant file with its size, width, height and
sha256; an entry is used only when all of them match, otherwise the image is
processed again. Every file is written to a temporary name and renamed, the
manifest last. With `cache_dir` None the variants stay in memory.

The cache is pruned after a build that went through (images_made_alongside, see
_prune): the folders of other SETTINGS (an older builder's: the whole cache
again after each upgrade) go, and so do the entries no build has used for
PRUNE_DAYS (a photo deleted or replaced). A build marks each entry it uses by
its manifest's mtime, at most once a day.

`picture_html` writes the <picture> markup of a Picture, the one way to write
it: templates call it for front-matter images, `rewrite_images` for the <img>
elements of Markdown bodies.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import math
import os
import posixpath
import re
import shutil
import tempfile
import time
import warnings
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Callable, Iterable, Iterator, Mapping
from urllib.parse import quote, unquote, urlsplit

from markupsafe import Markup

from site_builder.errors import Location, Problem, Problems
from site_builder.model import Asset, Program
from site_builder.outputs import OutputFile, files_kept
from site_builder.parallel import can_fork, forked_call, forked_map

try:
    import fcntl
except ImportError:   # Windows: no flock, and the cache is never pruned there
    fcntl = None   # type: ignore[assignment]

if TYPE_CHECKING:   # Pillow itself is imported where an image is opened: a build whose
    from PIL import Image   # images are all in the cache does without it (30 ms)

    from site_builder.buildcache import BuildCache
    from site_builder.fields import FieldReader
    from site_builder.model import Document, Site

WIDTHS = (480, 960, 1200, 1600)
# A step between 960 and 1600 px for the phones sold most, with screens 1080 px wide: 360
# to 412 CSS px at 2.625 to 3 device pixels each need 985 to 1,000 px, just over 960, and
# took the 1600 px file (2.8 times the pixels, up to 7 times the bytes of a grainy photo).
# WebP only: a browser without WebP is old, and rare; it takes the next JPEG.
WEBP_ONLY_WIDTHS = frozenset({1200})
JPEG_QUALITY = 80
WEBP_QUALITY = 75
# libwebp's effort (0-6) by variant: the widths phones fetch (up to 960 px) get the
# smallest files (method 4); a wider one, for large screens (1600 px, or the photo's own
# width when between), method 2: 2.5-3 times faster to encode (on a photo 1600 px wide:
# 24 ms instead of 76) for files about 5% larger. Encoding the widest WebP at method 4
# was 40% of the time spent on an image.
WEBP_METHOD, WIDEST_WEBP_METHOD = 4, 2
_SAVE = {   # file suffix -> Pillow format and options
    "webp": ("WEBP", {"quality": WEBP_QUALITY, "method": WEBP_METHOD}),
    "jpg": ("JPEG", {"quality": JPEG_QUALITY, "optimize": True, "progressive": True}),
    "png": ("PNG", {"optimize": True}),
}
_MIME = {"webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}
_SUFFIX = {mime: suffix for suffix, mime in _MIME.items()}
# Names the cache folder: change the version when the processing itself changes (v3: an
# opaque .png's JPEG variants; an entry of v2 has its PNG variants only).
SETTINGS = (f"v3-w{'.'.join(map(str, WIDTHS))}-jpeg{JPEG_QUALITY}-webp{WEBP_QUALITY}"
            f"m{WEBP_METHOD}.{WIDEST_WEBP_METHOD}-png")
# .jfif, .jfi, .jpe: JPEG, as Windows names one saved from Chrome or Edge (a Google Drive,
# Facebook or WhatsApp Web download, which keeps the phone's EXIF). Its variants are .jpg.
RASTER_SUFFIXES = (".jpg", ".jpeg", ".jfif", ".jfi", ".jpe", ".png", ".webp", ".avif")
# The variant format a name stands for, where the two differ: the other names of JPEG.
_NAMED_FORMAT = {"jpeg": "jpg", "jfif": "jpg", "jfi": "jpg", "jpe": "jpg"}
# Image formats that Chrome (most residents' browser, on Android) and link previews cannot
# show: a phone's HEIC/HEIF photo, a scanner's TIFF. Naming one as an image is an error.
UNSHOWN_FORMATS = {".heic": "HEIC", ".heif": "HEIF", ".tif": "TIFF", ".tiff": "TIFF"}
# How an iPhone takes JPEGs rather than HEIC, told beside a HEIC's error.
IPHONE_JPEG = ("agar foto iPhone berikutnya langsung JPEG: Pengaturan > Kamera > Format > "
               "Paling Kompatibel")
# Pillow opens the multi-picture JPEG of some cameras as JPEG, reporting format "MPO". A
# Pillow without AVIF support fails to open one: an error at the file, never published.
_FORMATS = ("JPEG", "PNG", "WEBP", "AVIF")
# Pixels decoded at once (JPEGs are decoded reduced, see _draft): at most ~200 MB as RGBA.
# Pillow's own guard, which we leave as it is, refuses images over ~179 million pixels.
MAX_PIXELS = 50_000_000
# The article column of the theme: 46rem wide, 1rem padding each side.
DEFAULT_SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
_MANIFEST = "manifest.json"
# An entry no build has used for this long goes (_prune). Builds mark the entries they use
# (their manifest's mtime) when it is older than _DAY, and look for old entries as seldom.
PRUNE_DAYS = 30
_DAY = 24 * 3600
_LOCK = ".lock"   # in cache_dir: see _cache_in_use
_VARIANT_NAME = re.compile(r"[1-9][0-9]*\.(webp|jpg|png)")
_ORIENTATION = 0x0112

_UNREADABLE = ("berkas gambar rusak atau bukan gambar JPEG/PNG/WebP yang bisa dibaca; "
               "buka fotonya di aplikasi foto, ekspor ulang sebagai JPEG, lalu simpan lagi "
               "dengan nama ini")


@dataclass(frozen=True)
class Variant:
    url_path: str     # "berita/x/foto-480.webp"
    width: int
    height: int
    mime: str         # "image/webp", "image/jpeg", "image/png"


@dataclass(frozen=True)
class Picture:
    """A processed image. Its original `url_path` serves the largest fallback variant."""

    url_path: str                   # the asset's own path: "berita/x/foto.jpg"
    width: int                      # of the largest variant (for width/height attributes)
    height: int
    webp: tuple[Variant, ...]       # smallest first
    fallback: tuple[Variant, ...]   # JPEG or PNG, smallest first (a .webp original: none at url_path)
    # An opaque .png's JPEG variants, smallest first: for shared links (shared_variant),
    # which show no picture as heavy as a PNG photo; its pages show `fallback`, the PNG.
    jpeg: tuple[Variant, ...] = ()


@dataclass
class ImageStats:
    """What one process_images call did, for tests and timing."""

    processed: int = 0   # decoded and resized
    reused: int = 0      # taken from the cache


@dataclass(frozen=True)
class _File:
    """One variant file: in the cache (`source`) or in memory (`content`)."""

    name: str         # "480.webp": width and suffix
    width: int
    height: int
    source: Path | None = None
    content: bytes | None = None


class _BadImage(Exception):
    """An image that cannot be published; the message is for the staff."""


# -- processing -------------------------------------------------------------

def is_raster(path: Path) -> bool:
    """Whether `path` names an image that process_images resizes."""
    return path.suffix.lower() in RASTER_SUFFIXES


# Files that are no image at all, named as one ("image: brosur.pdf"), by what they are.
_DOCUMENTS = {".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".ppt": "PowerPoint",
              ".pptx": "PowerPoint", ".xls": "Excel", ".xlsx": "Excel", ".odt": "dokumen",
              ".txt": "teks", ".zip": "ZIP"}
_VIDEOS = (".mp4", ".mov", ".3gp", ".avi", ".mkv", ".webm", ".m4v")


def unshown_format(written: str, name: str = "") -> str | None:
    """What is wrong with showing the image `written` (a path or an address, as the staff
    wrote it) when browsers cannot show its format (UNSHOWN_FORMATS) or it is no image
    (a document, a video), else None. `name`: the image's text alternative, if any."""
    suffix = posixpath.splitext(urlsplit(written).path)[1].lower()
    if suffix in _DOCUMENTS or suffix in _VIDEOS:
        return _no_image(written, suffix, name)
    name = UNSHOWN_FORMATS.get(suffix)
    if name is None:
        return None
    tip = f"; {IPHONE_JPEG}" if name in ("HEIC", "HEIF") else ""
    return (f'gambar "{written}" berformat {name}, yang tidak bisa ditampilkan kebanyakan '
            "peramban (misalnya Chrome di Android) maupun pratinjau tautan; simpan ulang "
            "sebagai JPEG (.jpg) atau PNG (.png), lalu tulis nama berkas barunya" + tip)


def _no_image(written: str, suffix: str, name: str) -> str:
    if suffix in _VIDEOS:
        return (f'"{written}" bukan gambar tetapi video, jadi tampil sebagai gambar rusak; '
                "unggah videonya ke YouTube lalu sematkan di isi tulisan (panduan staf, "
                "bagian 2), dan untuk gambar pakai foto JPEG atau PNG")
    kind = _DOCUMENTS[suffix]
    shown = name or posixpath.splitext(posixpath.basename(written))[0]
    return (f'"{written}" bukan gambar tetapi dokumen {kind}, jadi tampil sebagai gambar '
            "rusak, juga di pratinjau tautan; untuk gambar pakai foto JPEG atau PNG (misalnya "
            "halaman pertamanya yang disimpan sebagai gambar), dan tautkan dokumennya di isi "
            f"tulisan: [{shown} ({kind})]({written})")


def image_size(path: Path) -> tuple[int, int] | None:
    """Width and height of a raster image published as it is (its header only), or None."""
    if not (is_raster(path) or path.suffix.lower() == ".gif"):
        return None
    from PIL import Image
    try:
        with Image.open(path) as image:
            width, height = image.size
            return (height, width) if _rotated(image) else (width, height)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


# Link previews (WhatsApp, Facebook) show JPEG and PNG everywhere; WhatsApp may show a
# link whose picture is larger than SHARED_BYTES without it.
SHARED_FORMATS = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
SHARED_BYTES = 300 * 1024
# The widest variant shared links are given (render.SOCIAL_WIDTH, which passes it), and the
# least a picture of theirs measures: Facebook refuses one under 200 x 200 px, WhatsApp
# shows one under 300 px wide as a small thumbnail.
SHARED_WIDTH = 1200
SHARED_LEAST = (300, 200)


def shared_variant(picture: Picture, widest: int = SHARED_WIDTH) -> Variant | None:
    """The variant of `picture` a shared link shows: the widest of at most `widest` px, a
    JPEG when there is one (an opaque PNG's: WhatsApp shows no picture over SHARED_BYTES);
    None when that is under SHARED_LEAST (the site's own picture is shared then)."""
    fitting = [variant for variant in (*picture.fallback, *picture.jpeg)
               if variant.width <= widest] or list(picture.fallback[:1])
    jpeg = [variant for variant in fitting if variant.mime == "image/jpeg"]
    variant = max(jpeg or fitting, key=lambda variant: variant.width)
    least_width, least_height = SHARED_LEAST
    return variant if variant.width >= least_width and variant.height >= least_height else None


@dataclass(frozen=True)
class StaticPhoto:
    """A photo of content/static/ named in site.yaml or schedule.yaml (`image`, with
    `image_alt`), published at its address stripped of its metadata: shown by shared
    links (site.yaml's, at its own size: share_image_files), and on its page (a
    program's, resized as static_photos_shown says)."""

    url_path: str                          # "gedung.jpg": its path in static/ and on the site
    alt: str
    path: Path | None = None               # the file; None when static/ was not looked in
    size: tuple[int, int] | None = None    # width and height, read from the file
    mime: str | None = None
    # its `image` line, where a problem making it clean is reported (share_image_files)
    origin: Location | None = field(default=None, compare=False, repr=False)


# What staff write before a file of content/static/, which is published at the site root,
# naming it by its folder in the repository: "content/static/", "/static/", "../static/".
STATIC_FOLDER = re.compile(r"(?:.*/)?(?:content/)?static/")


def read_static_photo(reader: FieldReader, static_dir: Path | None, use: str,
                      resized: bool = False) -> StaticPhoto | None:
    """`image` and `image_alt` of `reader`: a JPEG or PNG of `static_dir` (looked up there
    when it is given) with its text alternative, every problem recorded at its line;
    `use` says in the messages what the photo is for. A heavy file is a warning, but for
    a photo pages and link previews show `resized` (static_photos_shown)."""
    from site_builder.links import check_image_alt   # links imports this module
    written, alt = reader.text("image"), reader.text("image_alt")
    if written is None:
        if alt:
            reader.warning("image_alt", 'kolom "image_alt" menjelaskan gambar "image", tetapi '
                                        '"image" tidak diisi: tulis juga nama berkas gambarnya')
        return None
    check_image_alt(reader, written, alt)
    relative = written.strip().lstrip("/")
    suffix = posixpath.splitext(relative)[1].lower()
    if "://" in written or ".." in relative.split("/") or suffix not in SHARED_FORMATS:
        reader.error("image", f'kolom "image": "{written}" harus nama berkas JPEG (.jpg) atau '
                              f"PNG (.png) di folder content/static/, misalnya gedung.jpg: {use}")
        return None
    if static_dir is None:
        return StaticPhoto(relative, alt or "", mime=SHARED_FORMATS[suffix])
    path = static_dir / relative
    if not path.is_file():
        inside = STATIC_FOLDER.sub("", relative, count=1)
        if inside != relative and (static_dir / inside).is_file():
            reader.error("image", f'kolom "image": "{written}" sudah dicari di folder '
                                  "content/static/; tulis namanya di dalam folder itu saja: "
                                  f"image: {inside}")
            return None
        reader.error("image", f'gambar "{written}" tidak ditemukan di content/static/; letakkan '
                              "berkasnya di sana, dan periksa ejaan serta huruf besar-kecil "
                              "nama berkas")
        return None
    size = image_size(path)
    if size is None:
        reader.error("image", f'gambar "{written}" tidak bisa dibaca sebagai gambar JPEG atau '
                              "PNG; simpan ulang gambarnya dari aplikasi foto sebagai JPEG")
        return None
    weight = path.stat().st_size
    if weight > SHARED_BYTES and not resized:
        reader.warning("image", f'gambar "{written}" berukuran {weight // 1024} KB: '
                                "WhatsApp tidak menampilkan gambar pratinjau yang lebih dari "
                                f"{SHARED_BYTES // 1024} KB, dan HP pembaca mengunduhnya utuh; "
                                "simpan ulang selebar 1200 piksel sebagai JPEG (kualitas "
                                "sekitar 80)")
    return StaticPhoto(relative, alt or "", path, size, SHARED_FORMATS[suffix],
                       reader.location_of("image"))


def _rotated(image: Image.Image) -> bool:
    """Whether EXIF orientation turns the image a quarter (width and height swap)."""
    return image.getexif().get(0x0112) in (5, 6, 7, 8)


def target_widths(width: int) -> list[int]:
    """The variant widths of an image `width` px wide: never wider than it."""
    return sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})


def _suffixes(width: int, widest: int, fallbacks: tuple[str, ...]) -> tuple[str, ...]:
    """The formats of the variant `width` px wide of an image whose widest is `widest`."""
    return ("webp",) if width in WEBP_ONLY_WIDTHS and width != widest else ("webp", *fallbacks)


def _fallbacks(transparent: bool, png: bool) -> tuple[str, ...]:
    """The fallback formats of an image: PNG with transparency, else JPEG; an opaque .png
    both, its own address serving the format it names."""
    return ("png",) if transparent else ("png", "jpg") if png else ("jpg",)


def _draft(image: Image.Image) -> None:
    """Let a JPEG decode at 1/2, 1/4 or 1/8 size when still wider than the largest variant."""
    if image.format not in ("JPEG", "MPO"):
        return
    width, height = image.size
    upright = height if image.getexif().get(_ORIENTATION) in (5, 6, 7, 8) else width
    scale = min(1.0, WIDTHS[-1] / upright)
    image.draft(None, (math.ceil(width * scale), math.ceil(height * scale)))


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _to_srgb(image: Image.Image, icc: bytes | None, mode: str) -> Image.Image:
    """`image` in `mode` ("RGB"/"RGBA"), its colours moved from its ICC profile to sRGB;
    `image` itself when nothing changes (callers pass an image of their own)."""
    from PIL import ImageCms
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, _srgb(), outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass   # a broken or unusual profile: keep the numbers as they are
    # convert() to the same mode would only copy the pixels and info.
    return image if image.mode == mode else image.convert(mode)


def _largest(image: Image.Image, icc: bytes | None, resized: bool = True) -> Image.Image:
    """An upright image at its largest variant width (its own, unless `resized`), in sRGB,
    without metadata."""
    alpha = _has_alpha(image)
    mode = "RGBA" if alpha else "RGB"
    if image.mode not in ("RGB", "RGBA", "CMYK"):
        image = image.convert(mode)
    if resized:
        image = _resize(image, target_widths(image.width)[-1])
    image = _to_srgb(image, icc, mode)
    if alpha and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")   # an alpha channel with nothing transparent
    image.info = {}
    return image


@lru_cache(maxsize=1)
def _srgb() -> Any:
    from PIL import ImageCms
    return ImageCms.createProfile("sRGB")


def _scaled_height(width: int, height: int, new_width: int) -> int:
    """The height of an image `width` x `height` resized to `new_width`."""
    return height if new_width == width else max(1, round(height * new_width / width))


def _resize(image: Image.Image, width: int) -> Image.Image:
    from PIL import Image
    if width == image.width:
        return image
    height = _scaled_height(image.width, image.height, width)
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(image: Image.Image, suffix: str) -> bytes:
    pillow_format, options = _SAVE[suffix]
    if suffix == "webp" and image.width > WIDTHS[-2]:
        options = {**options, "method": WIDEST_WEBP_METHOD}
    buffer = io.BytesIO()
    image.save(buffer, pillow_format, **options)
    return buffer.getvalue()


def _decode(path: Path) -> Image.Image | None:
    """The largest variant of the image at `path`; None for an animation (left as it is)."""
    with path.open("rb") as file:
        upright = _read(file)
    return _largest(*upright) if upright else None


def _read(file: BinaryIO, reduced: bool = True) -> tuple[Image.Image, bytes | None] | None:
    """The image in `file`, decoded and upright, and its ICC profile; None for an animation.

    A JPEG is decoded reduced, as far as its largest variant allows (unless not `reduced`).
    """
    from PIL import Image, ImageOps
    try:
        with warnings.catch_warnings():
            # Our own limit, checked once a JPEG is reduced, is the one that counts.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(file, formats=_FORMATS)
        if getattr(image, "is_animated", False) and image.format != "MPO":
            return None
        size = image.size
        if reduced:
            _draft(image)
        if image.width * image.height > MAX_PIXELS:
            raise _BadImage(_too_large(size))
        image.load()
        return ImageOps.exif_transpose(image), image.info.get("icc_profile")
    except Image.DecompressionBombError as error:
        raise _BadImage(_too_large(None)) from error
    except _BadImage:
        raise
    except Exception as error:   # Pillow raises many kinds on a broken file; all mean the same
        raise _BadImage(_UNREADABLE) from error


def _too_large(size: tuple[int, int] | None) -> str:
    shown = f" ({size[0]} x {size[1]} piksel)" if size else ""
    return (f"gambar terlalu besar{shown} untuk diolah; perkecil dulu, misalnya ke lebar "
            "3000 piksel, lalu simpan lagi")


def _make_files(path: Path) -> list[_File] | None:
    """Every variant of the image at `path`, encoded in memory, largest first."""
    largest = _decode(path)
    if largest is None:
        return None
    # A .png stays PNG even when opaque: its own address must serve the format it names;
    # opaque, it is also JPEG, about a tenth of a photo-like PNG's bytes, for shared links.
    fallbacks = _fallbacks(largest.mode == "RGBA", path.suffix.lower() == ".png")
    files, image = [], largest
    widths = target_widths(largest.width)
    for width in reversed(widths):
        image = _resize(image, width)   # each from the next larger: cheaper, as sharp
        for suffix in _suffixes(width, widths[-1], fallbacks):
            files.append(_File(f"{width}.{suffix}", image.width, image.height,
                               content=_encode(image, suffix)))
    return files


class _Unknown:
    """What _foretold answers when only decoding the pixels tells."""


UNKNOWN = _Unknown()


def _foretold(path: Path) -> list[_File] | None | _Unknown:
    """The variants _make_files will make of the image at `path`, named and sized, read
    from its header (and, for a JPEG, the reduced size it decodes at), its pixels left
    undecoded: a photo's variants cost a fifth of a second of work, its header a
    millisecond. But a .png with an alpha channel is decoded as _make_files decodes it,
    neither resized further nor encoded (a small part of its work): only its pixels tell
    whether it is opaque, and so also has JPEG variants. None for an animation, as
    _make_files; UNKNOWN where only making it tells: another image with an alpha channel,
    whose fallback is PNG unless nothing in it is transparent, and any file Pillow does
    not open or decode cleanly (its problem is the one _make_files meets).

    The same calls as _read, and the sizes of _make_files by _scaled_height, so the two
    agree; what render writes from this (widths, heights, names) is checked against the
    files once they are made."""
    from PIL import Image
    try:
        with path.open("rb") as file, warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(file, formats=_FORMATS)
            if getattr(image, "is_animated", False) and image.format != "MPO":
                return None
            _draft(image)
            width, height = image.size
            if width * height > MAX_PIXELS:
                return UNKNOWN
            if image.getexif().get(_ORIENTATION) in (5, 6, 7, 8):   # as exif_transpose
                width, height = height, width
            alpha = _has_alpha(image)
    except Exception:   # noqa: BLE001: decoding says what is wrong, and how to say it
        return UNKNOWN
    png = path.suffix.lower() == ".png"
    if alpha and not png:
        return UNKNOWN
    transparent = False
    if alpha:   # a .png: only its pixels tell whether it also gets JPEG variants
        mode = _decoded_mode(path)
        if mode is None:
            return UNKNOWN
        transparent = mode == "RGBA"
    files, widths = [], target_widths(width)
    for new_width in reversed(widths):   # each from the next larger
        width, height = new_width, _scaled_height(width, height, new_width)
        files += [_File(f"{width}.{suffix}", width, height)
                  for suffix in _suffixes(width, widths[-1], _fallbacks(transparent, png))]
    return files


def _decoded_mode(path: Path) -> str | None:
    """The mode of the largest variant _make_files makes of the image at `path` (RGBA when
    something in it is transparent), or None when decoding it fails."""
    try:
        largest = _decode(path)
    except Exception:   # noqa: BLE001: _make_files meets the same problem, and says it
        return None
    return largest.mode if largest is not None else None


# -- cache --------------------------------------------------------------------

def _sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _entry_dir(cache_dir: Path, digest: str) -> Path:
    return cache_dir / SETTINGS / digest[:2] / digest


def _read_entry(entry: Path) -> tuple[list[_File], float] | None:
    """The files of a cache entry and when a build last used it (its manifest's mtime),
    or None when it is missing or any file does not check out."""
    try:
        with open(entry / _MANIFEST, "rb") as manifest:   # its mtime from the open file
            used = os.fstat(manifest.fileno()).st_mtime
            listed = json.loads(manifest.read())["files"]
        files = []
        for item in listed:
            name, path = item["name"], entry / item["name"]
            if (not _VARIANT_NAME.fullmatch(name) or path.stat().st_size != item["size"]
                    or _sha256(path) != item["sha256"]):
                return None
            files.append(_File(name, int(item["width"]), int(item["height"]), source=path))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (files, used) if _complete(files) else None


def _complete(files: list[_File]) -> bool:
    """Whether every width has a WebP and the same fallbacks, JPEG, PNG or both (but a
    width of WEBP_ONLY_WIDTHS below the widest: only the WebP), and there is one."""
    suffixes: dict[int, set[str]] = {}
    for file in files:
        width, suffix = file.name.split(".")
        suffixes.setdefault(int(width), set()).add(suffix)
    widest = max(suffixes, default=0)
    fallbacks = suffixes.get(widest, set()) - {"webp"}
    return fallbacks in ({"jpg"}, {"png"}, {"png", "jpg"}) and all(
        found == set(_suffixes(width, widest, tuple(fallbacks)))
        for width, found in suffixes.items())


def _write_atomic(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _store_entry(entry: Path, files: list[_File]) -> list[_File]:
    """Write `files` and their manifest into `entry`; the same files, now read from there."""
    entry.mkdir(parents=True, exist_ok=True)
    listed = []
    for file in files:
        assert file.content is not None
        _write_atomic(entry / file.name, file.content)
        listed.append({"name": file.name, "width": file.width, "height": file.height,
                       "size": len(file.content),
                       "sha256": hashlib.sha256(file.content).hexdigest()})
    manifest = json.dumps({"settings": SETTINGS, "files": listed}, indent=1)
    _write_atomic(entry / _MANIFEST, manifest.encode("utf-8"))
    return [replace(file, source=entry / file.name, content=None) for file in files]


@dataclass(frozen=True)
class _Made:
    """What one image gave: its variants (None: nothing to publish), the problems met."""

    files: list[_File] | None
    problems: list[Problem] = field(default_factory=list)
    processed: int = 0   # 1 when decoded and resized
    reused: int = 0      # 1 when taken from the cache


@dataclass(frozen=True)
class _Todo:
    """An image not found in the cache: to decode, resize, encode and store in `entry`."""

    asset: Asset
    entry: Path | None   # its cache entry; None without a cache


def _failed(asset: Asset, message: str) -> _Made:
    problems = Problems()
    problems.error(asset.origin, message)
    return _Made(None, problems.items)


def _unreadable(asset: Asset, error: OSError) -> _Made:
    return _failed(asset, f"berkas gambar tidak bisa dibaca ({error.strerror})")


def _look_up(asset: Asset, cache_dir: Path | None) -> _Made | _Todo:
    """The variants of one image from the cache when they are there and sound, else
    what is left to do."""
    try:
        entry = _entry_dir(cache_dir, _sha256(asset.path)) if cache_dir else None
    except OSError as error:
        return _unreadable(asset, error)
    cached = _read_entry(entry) if entry else None
    if not cached:
        return _Todo(asset, entry)
    files, used = cached
    if used < time.time() - _DAY:   # marked used (see _prune), once a day at most
        with suppress(OSError):
            os.utime(entry / _MANIFEST)   # not a variant's: output/'s copy would seem changed
    return _Made(files, reused=1)


def _make(todo: _Todo, cache_dir: Path | None) -> _Made:
    """The variants of an image not in the cache, stored there when there is one."""
    try:
        files = _make_files(todo.asset.path)
    except _BadImage as error:
        return _failed(todo.asset, str(error))
    except OSError as error:
        return _unreadable(todo.asset, error)
    if files is None:
        return _Made(None)
    if todo.entry is None:
        return _Made(files, processed=1)
    try:
        return _Made(_store_entry(todo.entry, files), processed=1)
    except OSError as error:   # a cache we cannot write slows builds, it does not break them
        problems = Problems()
        problems.warning(Location(cache_dir),
                         f"cache gambar tidak bisa ditulis ({error.strerror}); gambar diolah "
                         "ulang pada setiap build")
        return _Made(files, problems.items, processed=1)


def _variant_files(asset: Asset, cache_dir: Path | None) -> _Made:
    """The variants of one image, from the cache when they are there and sound."""
    found = _look_up(asset, cache_dir)
    return _make(found, cache_dir) if isinstance(found, _Todo) else found


def _all_variant_files(assets: list[Asset], cache_dir: Path | None, jobs: int,
                       found: list[_Made | _Todo] | None = None) -> list[_Made]:
    """_variant_files of each image, in order; with `jobs` > 1 the images not in the
    cache are made by a pool of forked processes, with the same results and problems.
    `found`: what _look_up gave for each, when it was asked already."""
    if not can_fork(jobs):
        return [_variant_files(asset, cache_dir) for asset in assets]
    found = found or [_look_up(asset, cache_dir) for asset in assets]
    # An image with the bytes of an earlier one waits: made serially, it would find the
    # earlier one's variants in the cache.
    todo: list[int] = []    # made in parallel
    later: list[int] = []   # made after them, in order
    entries: set[Path] = set()
    for index, result in enumerate(found):
        if isinstance(result, _Todo):
            (later if result.entry in entries else todo).append(index)
            if result.entry is not None:
                entries.add(result.entry)
    todos = [found[index] for index in todo]
    if len(todos) > 1:
        importlib.import_module("PIL.Image")   # once here, not in each forked process
    made = forked_map(lambda todo: _make(todo, cache_dir), todos, jobs, chunksize=1)
    for index, result in zip(todo, made):
        found[index] = result
    for index in later:
        found[index] = _variant_files(assets[index], cache_dir)
    return found


# -- publishing ---------------------------------------------------------------

def _publish(asset: Asset, files: list[_File]) -> tuple[Picture, list[OutputFile]]:
    """The Picture of an asset and its output files, the largest variant in the format its
    name says at its url_path: a photo of static/ too, so that no address serves the
    camera's file (its GPS, serial, owner, thumbnail). Without a variant in that format
    (an .avif), every variant has a name of its own, and the largest fallback is also
    published at the url_path, for links to it. An opaque .png's fallback is its PNG,
    its JPEG variants apart (Picture.jpeg)."""
    stem, extension = posixpath.splitext(asset.url_path)
    by_width = sorted(files, key=lambda file: (file.width, file.name))
    suffixes = {file.name.split(".")[1] for file in files}
    apart = "jpg" if {"png", "jpg"} <= suffixes else None
    largest_fallback = max((f for f in files if f.name.split(".")[1] not in ("webp", apart)),
                           key=lambda file: file.width)
    own_suffix = _NAMED_FORMAT.get(extension[1:].lower(), extension[1:].lower())
    at_own_path = max((f for f in files if f.name.endswith("." + own_suffix)),
                      key=lambda file: file.width, default=None)
    webp, fallback, jpeg, outputs = [], [], [], []
    for file in by_width:
        suffix = file.name.split(".")[1]
        url_path = asset.url_path if file is at_own_path else f"{stem}-{file.width}.{suffix}"
        variant = Variant(url_path, file.width, file.height, _MIME[suffix])
        (webp if suffix == "webp" else jpeg if suffix == apart else fallback).append(variant)
        outputs.append(OutputFile(url_path, content=file.content, source=file.source))
    if at_own_path is None:
        outputs.append(OutputFile(asset.url_path, content=largest_fallback.content,
                                  source=largest_fallback.source))
    picture = Picture(asset.url_path, largest_fallback.width, largest_fallback.height,
                      tuple(webp), tuple(fallback), tuple(jpeg))
    return picture, outputs


def _check_paths(asset: Asset, outputs: list[OutputFile], taken: dict[str, str],
                 problems: Problems) -> bool:
    """Record the output paths of `asset` in `taken`; False (and a problem) if one is taken."""
    for output in outputs:
        owner = taken.get(output.path, asset.url_path)
        if owner != asset.url_path:
            problems.error(asset.origin,
                           f'gambar ini juga diterbitkan sebagai "{output.path}", tetapi alamat '
                           f'itu sudah dipakai oleh "{owner}"; ganti nama salah satu berkasnya')
            return False
    taken.update((output.path, asset.url_path) for output in outputs)
    return True


def _published(rasters: list[Asset], made: list[_Made], problems: Problems
               ) -> tuple[dict[str, Picture], list[OutputFile]]:
    """The pictures and files of `rasters` from what each gave; an output path taken
    twice is a problem."""
    taken = {asset.url_path: asset.url_path for asset in rasters}
    pictures: dict[str, Picture] = {}
    outputs: list[OutputFile] = []
    for asset, result in zip(rasters, made):
        if result.files is None:
            continue
        picture, files_out = _publish(asset, result.files)
        if _check_paths(asset, files_out, taken, problems):
            pictures[asset.url_path] = picture
            outputs += files_out
    return pictures, outputs


def _counted(made: Iterable[_Made], problems: Problems, stats: ImageStats) -> None:
    for result in made:
        problems.items.extend(result.problems)
        stats.processed += result.processed
        stats.reused += result.reused


def process_images(assets: Iterable[Asset], cache_dir: Path | None, problems: Problems,
                   stats: ImageStats | None = None, jobs: int = 1
                   ) -> tuple[dict[str, Picture], list[OutputFile]]:
    """Pictures of the raster images among `assets` (by url_path) and their files.

    A bad image is a problem at its origin; every image is tried, so one run
    reports them all. `stats`, when given, counts what was processed and reused.
    With `jobs` > 1 the images not in the cache are processed by that many
    processes; results and problems are the same, in the same order.
    """
    rasters = [asset for asset in assets if is_raster(asset.path)]
    return _processed(rasters, cache_dir, problems,
                      stats if stats is not None else ImageStats(), jobs)


def _processed(rasters: list[Asset], cache_dir: Path | None, problems: Problems,
               stats: ImageStats, jobs: int, found: list[_Made | _Todo] | None = None
               ) -> tuple[dict[str, Picture], list[OutputFile]]:
    made = _all_variant_files(rasters, cache_dir, jobs, found)
    _counted(made, problems, stats)
    pictures, outputs = _published(rasters, made, problems)
    _heavy_shares(rasters, made, pictures, problems)
    return pictures, outputs


def _heavy_shares(rasters: list[Asset], made: list[_Made], pictures: Mapping[str, Picture],
                  problems: Problems) -> None:
    """A warning at each image whose variant shared links show (shared_variant) is over
    SHARED_BYTES: WhatsApp shows such a link without its picture. Weighed for every image
    processed, shared or not: which page shares which is render's to know, and render
    makes the pages before the images are made (images_made_alongside)."""
    for asset, result in zip(rasters, made):
        picture = pictures.get(asset.url_path)
        shared = shared_variant(picture) if picture is not None else None
        if shared is None or not result.files:
            continue
        name = f"{shared.width}.{_SUFFIX[shared.mime]}"
        weight = next((_weight(file) for file in result.files if file.name == name), None)
        if weight is not None and weight > SHARED_BYTES:
            problems.warning(asset.origin, _heavy_share(shared, weight))


def _weight(file: _File) -> int | None:
    """The size in bytes of a variant file; None when its cache file is gone."""
    if file.content is not None:
        return len(file.content)
    try:
        return file.source.stat().st_size if file.source is not None else None
    except OSError:
        return None


def _heavy_share(shared: Variant, weight: int) -> str:
    if shared.mime == "image/png":
        fix = ("gambar ini berlatar transparan, jadi tetap PNG; simpan ulang tanpa latar "
               "transparan, misalnya unduh dari Canva sebagai JPG, atau sebagai PNG tanpa "
               'centang "Latar belakang transparan"')
    else:
        fix = ("gambar ini sangat rinci atau berbintik sehingga tetap berat meski sudah "
               "diperkecil; potong gambarnya ke bagian yang penting saja, atau pakai foto yang "
               "lebih halus")
    return (f'versi gambar ini untuk pratinjau tautan, "{posixpath.basename(shared.url_path)}", '
            f"berukuran {weight // 1024} KB, padahal WhatsApp tidak menampilkan gambar pratinjau "
            f"yang lebih dari {SHARED_BYTES // 1024} KB: halaman yang memakainya sebagai gambar "
            'utama (kolom "image", atau gambar pertama di isi berita tanpa "image") dibagikan '
            f"tanpa gambar; {fix}")


@contextmanager
def images_made_alongside(assets: Iterable[Asset], cache_dir: Path | None, problems: Problems,
                          stats: ImageStats | None = None, jobs: int = 1
                          ) -> Iterator[tuple[dict[str, Picture], list[OutputFile],
                                              Callable[[], list[OutputFile]]]]:
    """process_images, its pixel work done beside what the build does next.

    Gives the pictures at once, and their files' paths: the images not in the cache are
    sized from their headers (_foretold), and made by `jobs` forked processes at the
    lowest priority, which store their variants in the cache. So they take the processor
    time rendering leaves (a core idles while the last chunks render, while the search
    index is made ...) rather than a stage of their own. Also gives `finished()`, which
    waits for them and returns the image files to write (the same paths); the problems
    only decoding finds (a file broken past its header) are added to `problems` then,
    and a picture made otherwise than foretold stops the build (RuntimeError: a fault
    of this program, never a wrong page). An image whose header does not tell is made
    at once. Without a cache, with one job, where this system cannot fork or when
    nothing is left to make, all is done at once, as process_images does. Leaving the
    block stops the work not waited for.

    The block is the build's use of the cache, from looking its images up to writing
    their files out (the output lock held): left without an exception, when the build
    went through, the cache is pruned (_prune), keeping every entry this build used."""
    with _cache_in_use(cache_dir) as lock:
        with _made_alongside(assets, cache_dir, problems, stats, jobs) as made:
            yield made
        # not reached when the block raised: a failed build prunes nothing
        if lock is not None and cache_dir is not None:
            _prune(cache_dir, lock, {file.source.parent.name for file in made[1]
                                     if file.source is not None})


@contextmanager
def _made_alongside(assets: Iterable[Asset], cache_dir: Path | None, problems: Problems,
                    stats: ImageStats | None = None, jobs: int = 1
                    ) -> Iterator[tuple[dict[str, Picture], list[OutputFile],
                                        Callable[[], list[OutputFile]]]]:
    """images_made_alongside, without the cache's lock and pruning."""
    rasters = [asset for asset in assets if is_raster(asset.path)]
    stats = stats if stats is not None else ImageStats()
    found: list[_Made | _Todo] = ([_look_up(asset, cache_dir) for asset in rasters]
                                  if cache_dir is not None and can_fork(jobs) else [])
    foretold: dict[int, list[_File]] = {}   # by index in rasters: made alongside
    entries: set[Path | None] = set()
    for index, result in enumerate(found):
        if isinstance(result, _Todo) and result.entry not in entries:
            entries.add(result.entry)
            files = _foretold(result.asset.path)
            if isinstance(files, list) and result.entry is not None:
                foretold[index] = [replace(file, source=result.entry / file.name)
                                   for file in files]
    if not foretold:
        pictures, outputs = _processed(rasters, cache_dir, problems, stats, jobs, found)
        yield pictures, outputs, lambda: outputs
        return
    # Made alongside: the foretold images, and after them those with the bytes of one
    # (from the cache). The rest now, in order, as process_images makes them.
    by_entry = {found[index].entry: files   # type: ignore[union-attr]
                for index, files in foretold.items()}
    later = [index for index, result in enumerate(found) if index not in foretold
             and isinstance(result, _Todo) and result.entry in by_entry]
    for index, result in enumerate(found):
        if isinstance(result, _Todo) and result.entry not in by_entry:
            found[index] = _variant_files(rasters[index], cache_dir)
    _counted([result for result in found if isinstance(result, _Made)], problems, stats)
    pictures, outputs = _published(rasters, [
        _Made(by_entry[result.entry]) if isinstance(result, _Todo) else result
        for result in found], problems)
    parent = os.getpid()

    def make(group: list[int]) -> list[_Made]:
        if os.getpid() != parent:   # a forked process, not this one making it itself
            with suppress(OSError):
                os.nice(19)
        return [_make(found[index], cache_dir) for index in group]  # type: ignore[arg-type]

    alongside = sorted(foretold)
    groups = [alongside[start::jobs] for start in range(min(jobs, len(alongside)))]
    with ExitStack() as stack:
        answers = [stack.enter_context(forked_call(partial(make, group), jobs))
                   for group in groups]
        done: list[list[OutputFile]] = []

        def finished() -> list[OutputFile]:
            if done:
                return done[0]
            made = {index: result for group, answer in zip(groups, answers)
                    for index, result in zip(group, answer())}
            made.update((index, _variant_files(rasters[index], cache_dir)) for index in later)
            _counted([made[index] for index in sorted(made)], problems, stats)
            final = [made.get(index, result) for index, result in enumerate(found)]
            made_pictures, made_outputs = _published(rasters, final, Problems())
            if made_pictures != pictures and not problems.errors:
                differing = sorted(set(pictures.items()) ^ set(made_pictures.items()), key=repr)
                raise RuntimeError(f"images made otherwise than foretold: {differing}")
            _heavy_shares(rasters, final, made_pictures, problems)
            done.append(made_outputs)
            return made_outputs

        yield pictures, outputs, finished


@contextmanager
def _cache_in_use(cache_dir: Path | None) -> Iterator[BinaryIO | None]:
    """A shared flock on the cache's lock file while a build uses the cache. The output
    lock keeps two builds of one output folder apart, but builds of the same site into
    other folders (serve's preview, `check`, build --output) share this cache: _prune
    takes this lock exclusively, without waiting, so it never removes what another
    build has looked up and is about to copy out. None (nothing pruned) without a
    cache, without flock, or when the lock file cannot be made (a read-only cache)."""
    if cache_dir is None or fcntl is None:
        yield None
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        lock = open(cache_dir / _LOCK, "ab")
    except OSError:
        yield None
        return
    with lock:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_SH)   # waits only for a build pruning
        except OSError:
            yield None
        else:
            yield lock


def _prune(cache_dir: Path, lock: BinaryIO, used: set[str]) -> None:
    """Remove from `cache_dir` what no build needs: every folder but SETTINGS' (an older
    builder's cache, made again whole under the new name after an upgrade), and, once a
    day (the lock file's mtime), each entry no build has used for PRUNE_DAYS (a photo
    deleted or replaced; entries in `used`, this build's, always stay). Only when no
    other build is using the cache (_cache_in_use); else the next build prunes. Errors
    are ignored: a cache left as it was slows no build and breaks none."""
    try:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        for folder in list(os.scandir(cache_dir)):
            if folder.name != SETTINGS and folder.is_dir(follow_symlinks=False):
                shutil.rmtree(folder.path, ignore_errors=True)
        now = time.time()
        if os.fstat(lock.fileno()).st_mtime > now - _DAY:
            return
        os.utime(lock.fileno())
        stale = now - PRUNE_DAYS * _DAY
        for prefix in list(os.scandir(cache_dir / SETTINGS)):
            if not prefix.is_dir(follow_symlinks=False):
                continue
            for entry in list(os.scandir(prefix.path)):
                if (entry.name not in used and entry.is_dir(follow_symlinks=False)
                        and _last_used(entry) < stale):
                    shutil.rmtree(entry.path, ignore_errors=True)
    except OSError:
        pass


def _last_used(entry: os.DirEntry[str]) -> float:
    """When a build last used (or made) a cache entry: its manifest's mtime, or its
    folder's (changed as each file is written into it) when that is later or there is
    no manifest (an entry being written, or left half written)."""
    try:
        folder = entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return math.inf   # gone already: nothing to remove
    try:
        return max(folder, os.stat(os.path.join(entry.path, _MANIFEST)).st_mtime)
    except OSError:
        return folder


# -- photos of static/ ------------------------------------------------------------

_VARIANT_NAMED = re.compile(r"(.+)-[1-9][0-9]*\.(?:webp|jpg|png)")


def static_photos_shown(site: Site, base_path: str, problems: Problems) -> list[Asset]:
    """The photos of static/ that pages show: an item's or a program's `image`, an <img>
    of a body or of a program's description. They are resized as a bundle's photos are,
    their variants beside the file, and the largest takes the file's own address (render
    copies no processed photo): the camera's file, with its GPS, serial and owner, is
    not published, also where a program's Event structured data names it. One with a
    file of static/ at one of its variants' names already ("aula-960.jpg" beside
    "aula.jpg", 1600 px wide) is left as it is (but for its metadata: imagemetadata.py),
    with a warning."""
    static = [asset for asset in site.assets if asset.static]
    if not any(is_raster(asset.path) for asset in static):
        return []
    shown: set[str] = set()
    for document in (*site.news, *site.awards, *site.pages):
        if getattr(document, "image", None) is not None:
            shown.add(document.image.url_path)
        shown.update(body_image_paths(document, base_path))
    for program in site.programs:
        if program.image is not None:
            shown.add(program.image.url_path)
        shown.update(description_image_paths(program, base_path))
    taken = {asset.url_path for asset in static}
    # stems of static/ files named as variants are ("aula" of "aula-960.jpg"): only a photo
    # of such a stem has its header read (Pillow) to know its variants' names
    variant_like = {match[1] for path in taken
                    for match in [_VARIANT_NAMED.fullmatch(path)] if match}

    def crowded(asset: Asset) -> bool:
        stem = posixpath.splitext(asset.url_path)[0]
        if stem not in variant_like:
            return False
        size = image_size(asset.path)
        if size is None:   # unreadable: processing it says so, at the file
            return False
        there = next((name for width in target_widths(size[0])
                      for suffix in ("webp", "jpg", "png")
                      for name in [f"{stem}-{width}.{suffix}"] if name in taken), None)
        if there is not None:
            problems.warning(asset.origin, (
                f'foto ini tampil di halaman tetapi dikirim utuh, tidak diperkecil, sehingga '
                "berat dibuka di HP, karena nama salah satu "
                f'versi kecilnya, "{there}", sudah dipakai berkas lain di content/static/; '
                "ganti nama salah satu berkas itu"))
        return there is not None

    return [asset for asset in static if asset.url_path in shown and is_raster(asset.path)
            and not crowded(asset)]


def share_image_files(outputs: list[OutputFile], photo: StaticPhoto | None,
                      cache: BuildCache | None, problems: Problems) -> list[OutputFile]:
    """`outputs` (the content files render copies as they are) with site.yaml's `image`,
    `photo`, published clean in place of the file: upright, in sRGB, without metadata,
    at its own size (link previews ask for 1200 x 630; read_static_photo weighs it), no
    variants. Every link preview of a page without a photo of its own fetches it, and the
    Library's structured data names it: the camera's file would give its GPS, serial and
    owner to all. Kept in `cache` by the sha256 of the file's bytes, so a build that did
    not change it decodes nothing. A photo of static/ a page shows too is a Picture
    already (static_photos_shown), not among `outputs`."""
    if photo is None or photo.path is None:
        return outputs
    place = next((index for index, output in enumerate(outputs)
                  if output.path == photo.url_path and output.source == photo.path), None)
    if place is None:
        return outputs
    path, origin = photo.path, photo.origin or Location(photo.path)
    try:
        made = files_kept(cache, "share-image", f"{SETTINGS}:{photo.url_path}:{_sha256(path)}",
                          lambda: [OutputFile(photo.url_path, _stripped(path))])
    except _BadImage as error:
        problems.error(origin, f'gambar "{photo.url_path}": {error}')
        made = []
    except OSError as error:
        problems.error(origin, f'gambar "{photo.url_path}" tidak bisa dibaca ({error.strerror})')
        made = []
    return [*outputs[:place], *made, *outputs[place + 1:]]


def _stripped(path: Path) -> bytes:
    """The picture at `path` as share_image_files publishes it: upright, in sRGB, without
    metadata, at its own size, as the JPEG or PNG its name says (PNG with transparency)."""
    with path.open("rb") as file:
        upright = _read(file, reduced=False)
    if upright is None:
        raise _BadImage("gambar bergerak (animasi) tidak bisa menjadi gambar pratinjau tautan; "
                        "simpan satu gambarnya sebagai JPEG (.jpg)")
    image = _largest(*upright, resized=False)
    png = image.mode == "RGBA" or path.suffix.lower() == ".png"
    return _encode(image, "png" if png else "jpg")


# -- HTML -----------------------------------------------------------------------

def _url(variant: Variant, base_path: str) -> str:
    """As render.site_url does: the base path, then the percent-encoded url_path."""
    return base_path + quote(variant.url_path.lstrip("/"), safe="/")


def _srcset(variants: Iterable[Variant], base_path: str) -> str:
    return ", ".join(f"{_url(v, base_path)} {v.width}w" for v in variants)


def _attributes(pairs: Iterable[tuple[str, str]]) -> str:
    return " ".join(f'{name}="{escape(str(value), quote=True)}"' for name, value in pairs)


# The widest the theme ever draws an image, in CSS pixels (the article column, 46rem). The
# width and height an <img> is given are no more, in the picture's proportions: drawn at
# its own 1600 px where the stylesheet never arrived (a connection lost), a photo was four
# phone screens across; with it, `max-width: 100%` draws it the same either way.
WIDEST_DRAWN = 736


def picture_html(picture: Picture, alt: str, base_path: str, sizes: str = DEFAULT_SIZES,
                 lazy: bool = True, title: str | None = None) -> Markup:
    """The <picture> element of `picture`, every value escaped (Markup, safe in templates).

    `lazy=False` is for the image on the first screen: loaded at once, with high priority.
    """
    source = [("type", "image/webp"), ("srcset", _srcset(picture.webp, base_path)),
              ("sizes", sizes)]
    width = min(picture.width, WIDEST_DRAWN)
    height = _scaled_height(picture.width, picture.height, width)
    img = [("src", _url(picture.fallback[-1], base_path)),
           ("srcset", _srcset(picture.fallback, base_path)), ("sizes", sizes),
           ("width", str(width)), ("height", str(height)), ("alt", alt)]
    if title:
        img.append(("title", title))
    img.append(("loading", "lazy") if lazy else ("fetchpriority", "high"))
    img.append(("decoding", "async"))
    return Markup(f"<picture><source {_attributes(source)}><img {_attributes(img)}></picture>")


@dataclass
class _ImgTag:
    start: int                  # offset of "<img" in the HTML
    text: str                   # the tag as written
    attributes: dict[str, str | None]


class _ImgFinder(HTMLParser):
    """Finds the <img> tags of an HTML fragment that are not already inside a <picture>."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", html)]
        self.tags: list[_ImgTag] = []
        self.in_picture = 0

    @classmethod
    def tags_of(cls, html: str) -> list[_ImgTag]:
        finder = cls(html)
        finder.feed(html)
        finder.close()
        return finder.tags

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "picture":
            self.in_picture += 1
        elif tag == "img" and not self.in_picture:
            line, column = self.getpos()
            self.tags.append(_ImgTag(self.line_starts[line - 1] + column,
                                     self.get_starttag_text() or "", dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "picture" and self.in_picture:
            self.in_picture -= 1


def site_path(src: str, base_path: str, page_path: str | None) -> str | None:
    """The url_path an <img src> names, or None when it is not a file of this site."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        return path[len(base_path):] if path.startswith(base_path) else None
    if page_path is None:   # relative to a page we do not know
        return None
    return posixpath.normpath("/" + page_path + path).lstrip("/")


def body_image_paths(document: Document, base_path: str) -> list[str]:
    """The url_paths of this site's files that the <img> of `document`'s body show."""
    return [path for reference in document.references if reference.tag == "img"
            for path in [site_path(reference.value, base_path, document.url_path)]
            if path is not None]


def description_image_paths(program: Program, base_path: str) -> list[str]:
    """The url_paths of this site's files that the <img> of a program's description show."""
    if "<img" not in program.description_html:
        return []
    return [path for tag in _ImgFinder.tags_of(program.description_html)
            for path in [site_path(tag.attributes.get("src") or "", base_path,
                                   program.url_path)] if path is not None]


def rewrite_images(html: str, pictures: Mapping[str, Picture], base_path: str,
                   page_path: str | None = None) -> str:
    """Body HTML with each <img> of a processed image turned into a responsive <picture>.

    A src relative to the page ("foto.jpg" in a bundle) is resolved against
    `page_path` ("berita/x/"), and left alone when that is not given. An <img>
    with a srcset of its own, or already inside a <picture>, is left alone.
    """
    if "<img" not in html.lower() or not pictures:
        return html
    pieces, done = [], 0
    for tag in _ImgFinder.tags_of(html):
        src, attributes = tag.attributes.get("src"), tag.attributes
        url_path = site_path(src, base_path, page_path) if src else None
        picture = pictures.get(url_path) if url_path is not None else None
        if (picture is None or "srcset" in attributes
                or html[tag.start:tag.start + len(tag.text)] != tag.text):
            continue
        pieces += [html[done:tag.start],
                   picture_html(picture, attributes.get("alt") or "", base_path,
                                title=attributes.get("title"))]
        done = tag.start + len(tag.text)
    return "".join(pieces) + html[done:]
