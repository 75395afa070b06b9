"""Photos never reach readers with their camera's personal data (privacy audit, round 5).

A phone photo carries the place it was taken (GPS), the phone's serial number and its
owner's name, a thumbnail of the uncropped picture (a face staff cropped out is still
in it), XMP and IPTC (creator, caption, city) and a comment. Every photo the site
publishes is decoded and written again without any of it, upright: a bundle's, a photo
of static/ that a page shows (its own address serves the clean copy), site.yaml's
`image` (at its own size), one named .jfif/.jpe/.jfi (a JPEG saved from a browser on
Windows) or .avif. A photo the builder cannot clean (HEIC, TIFF) lying in a bundle or
static/ is an error at the file, and editors' and Office's leftovers are never
published. The published bytes are read back with Pillow.
"""

from __future__ import annotations

import io
import json
import re
import struct
from fractions import Fraction
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageDraw, features

from conftest import SITE_YAML, dedent, fails_cleanly, make_site, read, run, snapshot

SERIAL = "R58W12SERIAL99"
OWNER = "Siti Aminah"
ADDRESS = "Rumah Jl. Melati 4 RT02"
# What no published file may hold: the serial, the owner (EXIF, XMP, IPTC), the home
# address (EXIF UserComment), the caption and the comment.
SECRETS = [SERIAL.encode(), OWNER.encode(), ADDRESS.encode(), b"Desa Bondo",
           b"Budi, anak disabilitas", b"0812-7777-6666"]
RED = (220, 20, 20)
XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
       b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
       b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
       b'rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
       b'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
       b'photoshop:City="Desa Bondo"><dc:creator><rdf:Seq><rdf:li>Siti Aminah</rdf:li>'
       b'</rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>'
       b'<?xpacket end="w"?>')


def _exif(orientation: int) -> Image.Exif:
    """A phone's EXIF: maker, owner, serial, home address, GPS (as make_fixtures.py)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Samsung"
    exif[ExifTags.Base.Model] = "SM-A155F"
    exif[ExifTags.Base.Artist] = OWNER
    exif[ExifTags.Base.Orientation] = orientation
    camera = exif.get_ifd(ExifTags.IFD.Exif)
    camera[ExifTags.Base.BodySerialNumber] = SERIAL
    camera[ExifTags.Base.CameraOwnerName] = OWNER
    camera[ExifTags.Base.UserComment] = b"ASCII\0\0\0" + ADDRESS.encode()
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({
        ExifTags.GPS.GPSLatitudeRef: "S",
        ExifTags.GPS.GPSLatitude: (Fraction(6), Fraction(35), Fraction(1234, 100)),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (Fraction(110), Fraction(40), Fraction(5678, 100))})
    return exif


def _with_thumbnail(exif: bytes) -> bytes:
    """`exif` (b"Exif\\0\\0" and a TIFF, as Pillow writes it) with an IFD1 holding a
    thumbnail: a green picture, the "uncropped" original. Pillow writes no IFD1, so the
    first IFD's next-IFD offset is pointed at one appended to the end."""
    thumbnail = io.BytesIO()
    Image.new("RGB", (160, 120), (0, 200, 0)).save(thumbnail, "JPEG")
    tiff = bytearray(exif[6:])
    order = "<" if tiff[:2] == b"II" else ">"
    first = struct.unpack_from(order + "I", tiff, 4)[0]
    count = struct.unpack_from(order + "H", tiff, first)[0]
    ifd1 = len(tiff)
    struct.pack_into(order + "I", tiff, first + 2 + 12 * count, ifd1)
    data = ifd1 + 2 + 2 * 12 + 4
    tiff += struct.pack(order + "H", 2)
    tiff += struct.pack(order + "HHII", 0x0201, 4, 1, data)   # JPEGInterchangeFormat
    tiff += struct.pack(order + "HHII", 0x0202, 4, 1, len(thumbnail.getvalue()))   # length
    tiff += struct.pack(order + "I", 0) + thumbnail.getvalue()
    return exif[:6] + bytes(tiff)


def _iptc_segment() -> bytes:
    """An APP13 segment with IPTC By-line and Caption, as Photoshop and phones write it."""
    def dataset(number: int, text: bytes) -> bytes:
        return b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(text)) + text

    iptc = dataset(80, OWNER.encode()) + dataset(120, b"Budi, anak disabilitas, Jl Melati 4")
    iptc += b"\0" * (len(iptc) % 2)
    resource = b"8BIM\x04\x04\0\0" + struct.pack(">I", len(iptc)) + iptc
    body = b"Photoshop 3.0\0" + resource
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def camera_photo(width: int, height: int, orientation: int = 6, image_format: str = "JPEG"
                 ) -> bytes:
    """A photo as a phone saves it, `width` x `height` as stored (a red block at its stored
    top left, so turning it shows), with every kind of personal metadata above."""
    image = Image.new("RGB", (width, height), (30, 120, 200))
    ImageDraw.Draw(image).rectangle((0, 0, width // 4, height // 4), fill=RED)
    exif = _with_thumbnail(_exif(orientation).tobytes())
    buffer = io.BytesIO()
    if image_format != "JPEG":
        image.save(buffer, image_format, exif=_exif(orientation))
        return buffer.getvalue()
    image.save(buffer, "JPEG", quality=90, exif=exif, xmp=XMP,
               comment=b"Foto pribadi Siti, 0812-7777-6666")
    data = buffer.getvalue()
    return data[:2] + _iptc_segment() + data[2:]


def assert_personal(data: bytes) -> None:
    """The photo made here holds each kind of data the tests look for, read as Pillow reads
    it: otherwise a clean output would prove nothing."""
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "S"
    assert exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] == SERIAL
    assert exif.get_ifd(ExifTags.IFD.IFD1)[0x0202] > 0   # the thumbnail
    assert {"exif", "xmp", "comment", "photoshop"} <= set(image.info)
    assert all(secret in data for secret in SECRETS)


def assert_clean(data: bytes, what: str = "") -> Image.Image:
    """`data` is an image without any personal metadata (an ICC profile may stay): read
    back with Pillow, no EXIF at all (no GPS, serial, thumbnail, orientation), no XMP,
    IPTC or comment, and none of SECRETS anywhere in its bytes."""
    image = Image.open(io.BytesIO(data))
    assert len(image.getexif()) == 0, (what, dict(image.getexif()))
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop"} & set(image.info), \
        (what, set(image.info))
    assert not [secret for secret in SECRETS if secret in data], what
    return image


def assert_upright(image: Image.Image, size: tuple[int, int]) -> None:
    """Turned by its EXIF orientation 6: the red block, stored top left, is now top right."""
    assert image.size == size
    rgb = image.convert("RGB")
    red, _, blue = rgb.getpixel((image.width - 5, 5))
    assert red > 180 and blue < 90, rgb.getpixel((image.width - 5, 5))
    assert rgb.getpixel((5, 5))[2] > 150   # the top left is the blue background


def assert_no_secret_published(output: Path) -> None:
    """No file of the built site holds any of SECRETS (the camera's file copied anywhere)."""
    leaked = [path.relative_to(output).as_posix() for path in output.rglob("*")
              if path.is_file() and any(secret in path.read_bytes() for secret in SECRETS)]
    assert not leaked, leaked


# -- finding 1: photos of static/ and site.yaml's `image` ---------------------------------

SHARE_SITE = SITE_YAML + "image: bagikan.jpg\nimage_alt: Buku terbuka di meja baca\n"
SCHEDULE = dedent("""\
    programs:
      - id: bahasa-inggris
        title: Kelas Bahasa Inggris
        image: foto/program.jpg
        image_alt: Peserta kelas bahasa Inggris di aula
        sessions:
          - date: 2026-12-02
            start: 09:00
            end: 11:00
    """)
LAYANAN = dedent("""\
    ---
    title: Layanan
    ---
    Aula kami.

    ![Aula saat kegiatan dongeng](/foto/aula.jpg)
    """)


def _static_site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {
        "content/site.yaml": SHARE_SITE,
        "content/static/bagikan.jpg": camera_photo(630, 1200),   # upright: 1200 x 630
        "content/static/foto/aula.jpg": camera_photo(2000, 1500),
        "content/static/foto/program.jpg": camera_photo(1200, 900),
        "content/pages/layanan.md": LAYANAN,
        "content/schedule.yaml": SCHEDULE})


def _structured(page: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]


def test_a_static_photo_a_page_shows_is_published_clean_at_its_own_address(tmp_path: Path):
    """/foto/aula.jpg, which a page's body shows, and a program's photo, which the program's
    Event structured data names, serve the largest clean variant: the camera's file is
    never copied, and no variant keeps what it held."""
    root = _static_site(tmp_path)
    assert_personal((root / "content/static/foto/aula.jpg").read_bytes())
    result = run(root, "build")
    assert result.code == 0, result.err
    output = root / "output"
    assert_upright(assert_clean((output / "foto/aula.jpg").read_bytes(), "aula.jpg"),
                   (1500, 2000))
    assert not (output / "foto/aula-1500.jpg").exists()   # the one at aula.jpg is that one
    program = assert_clean((output / "foto/program.jpg").read_bytes(), "program.jpg")
    assert_upright(program, (900, 1200))
    events = [block for block in _structured(read(root, "output/jadwal/bahasa-inggris/"
                                                  "index.html")) if block["@type"] == "Event"]
    assert events and {event["image"] for event in events} == {
        "https://example.org/foto/program.jpg"}
    assert 'src="/foto/aula.jpg"' in read(root, "output/layanan/index.html")
    assert_no_secret_published(output)


def test_the_share_image_is_published_clean_upright_and_at_its_own_size(tmp_path: Path):
    """site.yaml's `image`, which every link preview of a page without a photo fetches, and
    the Library's structured data names: at its address, stripped, turned upright, and
    neither resized nor given variants; a cached build writes the bytes a build without
    the cache writes."""
    root = _static_site(tmp_path)
    assert run(root, "build").code == 0
    output = root / "output"
    shared = (output / "bagikan.jpg").read_bytes()
    image = assert_clean(shared, "bagikan.jpg")
    assert image.format == "JPEG"
    assert_upright(image, (1200, 630))
    assert not list(output.glob("bagikan-*"))
    page = read(root, "output/index.html")
    assert '<meta property="og:image" content="https://example.org/bagikan.jpg">' in page
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:height" content="630">' in page
    (library,) = [block for block in _structured(page) if block["@type"] == "Library"]
    assert library["image"] == "https://example.org/bagikan.jpg"
    # built again from the cache, and without it
    assert run(root, "build").code == 0
    assert (output / "bagikan.jpg").read_bytes() == shared
    fresh = _static_site(tmp_path / "fresh")
    assert run(fresh, "build", "--no-cache").code == 0
    assert snapshot(fresh / "output") == snapshot(output)


def test_a_replaced_share_image_is_published_clean_by_a_cached_build(tmp_path: Path):
    """The clean copy is kept by the bytes of the photo: replacing it (same name) publishes
    the new one, clean, and the build is the build without cache."""
    root = _static_site(tmp_path)
    assert run(root, "build").code == 0
    replacement = camera_photo(600, 1000, orientation=6)
    (root / "content/static/bagikan.jpg").write_bytes(replacement)
    assert run(root, "build").code == 0
    image = assert_clean((root / "output/bagikan.jpg").read_bytes())
    assert_upright(image, (1000, 600))
    fresh = _static_site(tmp_path / "fresh")
    (fresh / "content/static/bagikan.jpg").write_bytes(replacement)
    assert run(fresh, "build", "--no-cache").code == 0
    assert snapshot(fresh / "output") == snapshot(root / "output")


def test_a_share_image_a_page_shows_too_is_its_largest_variant(tmp_path: Path):
    """site.yaml's `image` that a page also shows is resized like the page's other photos:
    its address serves its largest variant, which link previews are told the size of."""
    root = _static_site(tmp_path)
    (root / "content/static/bagikan.jpg").write_bytes(camera_photo(2400, 1260, orientation=1))
    (root / "content/pages/layanan.md").write_text(LAYANAN + "\n![Gedung](/bagikan.jpg)\n")
    assert run(root, "build").code == 0
    image = assert_clean((root / "output/bagikan.jpg").read_bytes())
    assert image.size == (1600, 840)
    page = read(root, "output/index.html")
    assert '<meta property="og:image:width" content="1600">' in page
    assert '<meta property="og:image:height" content="840">' in page
    assert_no_secret_published(root / "output")


# -- finding 2: .jfif, .jpe, .jfi and .avif ------------------------------------------------

BUNDLE = "content/news/2026-11-06-uji"
UJI = dedent("""\
    ---
    title: Uji Foto
    date: 2026-11-06 08:00
    image: a.jfif
    image_alt: Anak-anak mendengarkan dongeng
    ---
    Isi.

    ![Foto kedua](c.jpe)

    ![Foto ketiga](e.JFI)
    """)


def test_jpeg_saved_from_a_browser_on_windows_is_processed_as_jpeg(tmp_path: Path):
    """.jfif (Chrome's and Edge's name for a JPEG saved on Windows), .jpe and .jfi are
    JPEG: resized into .jpg and .webp variants, and the page and its link preview show
    those, never the camera's file."""
    photo = camera_photo(2400, 1600)
    root = make_site(tmp_path, {f"{BUNDLE}/index.md": UJI, f"{BUNDLE}/a.jfif": photo,
                                f"{BUNDLE}/c.jpe": photo, f"{BUNDLE}/e.JFI": photo})
    result = run(root, "build")
    assert result.code == 0, result.err
    output = root / "output/berita/uji"
    for stem in ("a", "c", "e"):
        assert (output / f"{stem}-480.jpg").is_file() and (output / f"{stem}-480.webp").is_file()
        assert_upright(assert_clean((output / f"{stem}-960.jpg").read_bytes()), (960, 1440))
    page = read(root, "output/berita/uji/index.html")
    og_image = re.search(r'<meta property="og:image" content="([^"]*)">', page)[1]
    assert og_image == "https://example.org/berita/uji/a-960.jpg"
    assert page.count("<picture>") == 3
    assert_no_secret_published(root / "output")


@pytest.mark.skipif(not features.check("avif"), reason="this Pillow reads no AVIF")
def test_an_avif_photo_is_processed_like_the_others(tmp_path: Path):
    """An AVIF photo is resized and stripped too; its page and link preview show JPEG
    and WebP variants (link previews show no AVIF)."""
    root = make_site(tmp_path, {
        f"{BUNDLE}/index.md": UJI.replace("a.jfif", "f.avif").split("\n![")[0] + "\n",
        f"{BUNDLE}/f.avif": camera_photo(1200, 800, image_format="AVIF")})
    result = run(root, "build")
    assert result.code == 0, result.err
    output = root / "output/berita/uji"
    assert_upright(assert_clean((output / "f-800.jpg").read_bytes()), (800, 1200))
    page = read(root, "output/berita/uji/index.html")
    assert ('<meta property="og:image" content="https://example.org/berita/uji/f-800.jpg">'
            in page)
    assert "<picture>" in page
    assert_clean((output / "f.avif").read_bytes())   # old links still lead to a clean copy
    assert b"GPS" not in (output / "f.avif").read_bytes()


# -- finding 3: leftovers, and photos the builder cannot clean --------------------------

ITEM = dedent("""\
    ---
    title: Dongeng Anak
    date: 2026-11-01 08:00
    ---
    Unduh [laporan](laporan.docx).
    """)
LEFTOVERS = ["index.md~", "index.md.bak", "index.md.orig", "#index.md#", "~WRL0001.tmp",
             "laporan.docx.tmp", "laporan.BAK"]


def test_editor_and_office_leftovers_are_never_published(tmp_path: Path):
    """An editor's backup (index.md~, .bak, .orig, Emacs's #index.md#) keeps an earlier
    draft, Word's temporary files (~WRL0001.tmp, x.docx.tmp) an earlier document: like
    .DS_Store and Thumbs.db, they are left out of the site, from a bundle and static/."""
    draft = "RAHASIABACKUP NIK 3320011234560001"
    files = {f"content/news/2026-11-01-dongeng-anak/{name}": draft for name in LEFTOVERS}
    files.update({f"content/static/unduhan/{name}": draft
                  for name in ("catatan.md~", "data.xlsx.bak", "#catatan#", "~WRL0002.tmp")})
    root = make_site(tmp_path, {"content/news/2026-11-01-dongeng-anak/index.md": ITEM,
                                "content/news/2026-11-01-dongeng-anak/laporan.docx": b"PK",
                                "content/static/unduhan/data.xlsx": b"PK", **files})
    result = run(root, "build")
    assert result.code == 0, result.err
    output = root / "output"
    assert sorted(path.name for path in (output / "berita/dongeng-anak").iterdir()) == [
        "index.html", "laporan.docx"]
    assert sorted(path.name for path in (output / "unduhan").iterdir()) == ["data.xlsx"]
    assert "RAHASIA" not in result.err


@pytest.mark.parametrize("where, name, kind", [
    ("content/news/2026-11-01-dongeng-anak", "iphone.heic", "HEIC"),
    ("content/news/2026-11-01-dongeng-anak/asli", "IMG_0001.HEIF", "HEIF"),
    ("content/static/foto", "iphone.heic", "HEIC"),
    ("content/static", "pindaian.tif", "TIFF"),
])
def test_a_photo_the_builder_cannot_clean_is_an_error_where_it_lies(tmp_path: Path, where: str,
                                                                    name: str, kind: str):
    """An iPhone's HEIC original beside the JPEG made of it, a scanner's TIFF: no page names
    it, but a bundle's and static/'s files are all published, and this one would be as it
    is, with the place it was taken. An error at the file, saying so and what to do."""
    root = make_site(tmp_path, {"content/news/2026-11-01-dongeng-anak/index.md": ITEM,
                                "content/news/2026-11-01-dongeng-anak/laporan.docx": b"PK"})
    failed = fails_cleanly(root, {f"{where}/{name}": b"\0\0\0\x18ftypheic" + SERIAL.encode()})
    (line,) = [line for line in failed.err.splitlines() if name in line]
    assert line.startswith(f"{where}/{name}: kesalahan: "), failed.err
    assert kind in line and "lokasi" in line and "JPEG" in line and "hapus" in line, line


# -- images published as they are: metadata removed, not a pixel changed ---------------

def _gif_with_metadata() -> bytes:
    """A two-frame looping GIF with a comment and an XMP application extension (as
    Photoshop writes it: the packet, then its 258-byte "magic trailer")."""
    frames = [Image.new("P", (40, 30), colour) for colour in (1, 2)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], loop=0,
                   duration=200, comment=b"Foto pribadi Siti, 0812-7777-6666")
    data = buffer.getvalue()
    trailer = b"\x01" + bytes(range(255, -1, -1)) + b"\x00"
    xmp = b"\x21\xff\x0bXMP DataXMP" + XMP + trailer
    return data[:-1] + xmp + b";"


def _pixels(data: bytes) -> list[bytes]:
    """Every frame of an image, decoded, as stored (not turned)."""
    image = Image.open(io.BytesIO(data))
    frames = []
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        frames.append(image.convert("RGBA").tobytes())
    return frames


def _orientation_only(data: bytes) -> None:
    """EXIF, if any, holds the orientation alone (the photo still shows upright)."""
    exif = Image.open(io.BytesIO(data)).getexif()
    assert dict(exif) in ({}, {ExifTags.Base.Orientation: 6}), dict(exif)
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo) and not exif.get_ifd(ExifTags.IFD.Exif)


AS_IS = {"content/static/arsip/rapat.jpg": camera_photo(800, 600),
         "content/static/arsip/lomba.png": camera_photo(300, 200, image_format="PNG"),
         "content/static/arsip/kelas.webp": camera_photo(300, 200, image_format="WEBP"),
         f"{BUNDLE}/anak.gif": _gif_with_metadata()}


def test_images_published_as_they_are_lose_their_metadata_but_no_pixel(tmp_path: Path):
    """A photo of static/ no page shows (staff link to it from a WhatsApp message, or
    forgot it there), and a GIF, never resized, are published as they are: still, their
    GPS, serial, owner, thumbnail, XMP, IPTC, comments and text are removed, every
    frame's pixels as they were, a turned photo still turned by its orientation alone.
    The staff's files are left as they are."""
    files = {**AS_IS, f"{BUNDLE}/index.md": UJI.split("image:")[0] + "---\n![Anak](anak.gif)\n"}
    root = make_site(tmp_path, files)
    for name, data in AS_IS.items():
        assert [secret for secret in SECRETS if secret in data], name   # each holds some
    result = run(root, "build")
    assert result.code == 0, result.err
    output = root / "output"
    published = {"arsip/rapat.jpg": output / "arsip/rapat.jpg",
                 "arsip/lomba.png": output / "arsip/lomba.png",
                 "arsip/kelas.webp": output / "arsip/kelas.webp",
                 "anak.gif": output / "berita/uji/anak.gif"}
    for (source, data), (name, path) in zip(AS_IS.items(), published.items()):
        clean = path.read_bytes()
        assert len(clean) < len(data), name
        assert _pixels(clean) == _pixels(data), name
        _orientation_only(clean)
        assert not {"xmp", "XML:com.adobe.xmp", "comment", "photoshop"} & set(
            Image.open(io.BytesIO(clean)).info), name
        assert (root / source).read_bytes() == data   # the staff's file untouched
    assert Image.open(output / "berita/uji/anak.gif").info["loop"] == 0   # still loops
    assert not list((output / "arsip").glob("rapat-*"))   # not resized
    assert_no_secret_published(output)


def test_what_follows_a_jpeg_image_is_not_published(tmp_path: Path):
    """A phone's multi-picture JPEG holds a second picture after the first one's end, some
    phones a motion photo's video: neither is published with the photo."""
    second = camera_photo(160, 120, orientation=1)
    photo = camera_photo(400, 300, orientation=1) + second
    root = make_site(tmp_path, {"content/static/foto/gerak.jpg": photo})
    assert run(root, "build").code == 0
    clean = (root / "output/foto/gerak.jpg").read_bytes()
    assert clean.endswith(b"\xff\xd9") and clean.count(b"\xff\xd8") == 1
    assert _pixels(clean) == _pixels(photo)
    assert_no_secret_published(root / "output")


def test_a_cached_build_publishes_a_replaced_image_clean(tmp_path: Path):
    """A clean image is not read again by the next build; a replacement holding metadata
    is cleaned, and the cached build is the build without the cache."""
    plain = io.BytesIO()
    Image.new("RGB", (300, 200), RED).save(plain, "JPEG")
    root = make_site(tmp_path, {"content/static/foto/denah.jpg": plain.getvalue()})
    assert run(root, "build").code == 0
    assert (root / "output/foto/denah.jpg").read_bytes() == plain.getvalue()
    replacement = camera_photo(300, 200)
    (root / "content/static/foto/denah.jpg").write_bytes(replacement)
    assert run(root, "build").code == 0
    assert _pixels((root / "output/foto/denah.jpg").read_bytes()) == _pixels(replacement)
    assert_no_secret_published(root / "output")
    fresh = make_site(tmp_path / "fresh", {"content/static/foto/denah.jpg": replacement})
    assert run(fresh, "build", "--no-cache").code == 0
    assert snapshot(fresh / "output") == snapshot(root / "output")
