"""What an image published as it is carries besides its picture, removed without
touching a pixel.

The photos pages show are decoded and written again clean (images.py). The images
published byte for byte are the rest: a photo of static/ that no page shows (staff link
to it from elsewhere, or forgot it there), and the GIFs, animated WebP and animated PNG
that are never resized. A phone's JPEG holds where it was taken (GPS), the phone's serial
and owner, a thumbnail of the uncropped picture, XMP and IPTC captions; a GIF or PNG from
an editor keeps comments and text chunks. `without_metadata` drops them at the level of
the file's structure (JPEG segments, PNG chunks, WebP chunks, GIF extension blocks),
keeping what drawing the picture needs: its image data, colour profile and animation, and
its EXIF orientation alone (a photo taken upright stays upright). Data after the end of
the image (the second picture of a multi-picture JPEG, a phone's trailer holding a motion
photo's video) goes too.

`published_clean(outputs, cache)` applies it to the files render copies as they are.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zlib
from typing import Callable

from site_builder.buildcache import BuildCache, FileEntry, stat_signature
from site_builder.outputs import OutputFile

_ORIENTATION_TAG = 0x0112
_EXIF_HEADER = b"Exif\0\0"

# -- JPEG -----------------------------------------------------------------------

# Segments kept besides the image data's: JFIF (without its thumbnail), ICC profile,
# Adobe's colour transform (CMYK needs it). Every other APPn and COM goes.
_ICC = b"ICC_PROFILE\0"
# After a start-of-scan, the next marker: 0xFF not followed by a stuffed 0 or a restart.
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_STANDALONE = {0x01, *range(0xD0, 0xD8)}


def _jpeg(data: bytes) -> bytes | None:
    kept = [data[:2]]
    position = 2
    while position + 2 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:          # a fill byte
            position += 1
            continue
        if marker in _STANDALONE:
            kept.append(data[position:position + 2])
            position += 2
            continue
        if marker == 0xD9:          # end of image: whatever follows is dropped
            kept.append(b"\xff\xd9")
            return b"".join(kept)
        if position + 4 > len(data):
            return None
        end = position + 2 + struct.unpack_from(">H", data, position + 2)[0]
        if end > len(data):
            return None
        segment = data[position:end]
        if marker == 0xDA:          # start of scan: the image data runs to the next marker
            found = _NEXT_MARKER.search(data, end)
            scan_end = found.start() if found else len(data)
            kept.append(data[position:scan_end])
            position = scan_end
            continue
        kept.append(_jpeg_segment(marker, segment))
        position = end
    return b"".join(kept)   # no end-of-image marker: a truncated file, kept as far as it goes


def _jpeg_segment(marker: int, segment: bytes) -> bytes:
    """`segment` (marker, length, body) as published: b"" for metadata."""
    body = segment[4:]
    if marker == 0xE0 and body.startswith(b"JFIF\0") and len(body) >= 14:
        return b"\xff\xe0\x00\x10" + body[:12] + b"\0\0"   # no thumbnail
    if marker == 0xE1 and body.startswith(b"Exif\0"):
        orientation = _orientation(body[6:])
        if orientation is None:
            return b""
        exif = _EXIF_HEADER + _orientation_tiff(orientation)
        return b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    if marker == 0xE2 and body.startswith(_ICC):
        return segment
    if marker == 0xEE and body.startswith(b"Adobe"):
        return segment
    if 0xE0 <= marker <= 0xEF or marker == 0xFE:
        return b""
    return segment


# -- EXIF orientation -------------------------------------------------------------

def _orientation(tiff: bytes) -> int | None:
    """The Orientation of the first IFD of a TIFF structure (EXIF), when it turns or
    mirrors the picture (2 to 8); None otherwise or when unreadable."""
    if tiff[:4] not in (b"II*\0", b"MM\0*") or len(tiff) < 8:
        return None
    order = "<" if tiff[:2] == b"II" else ">"
    first = struct.unpack_from(order + "I", tiff, 4)[0]
    if first + 2 > len(tiff):
        return None
    count = struct.unpack_from(order + "H", tiff, first)[0]
    for entry in range(first + 2, min(first + 2 + 12 * count, len(tiff) - 11), 12):
        tag, kind = struct.unpack_from(order + "HH", tiff, entry)
        if tag == _ORIENTATION_TAG and kind == 3:   # SHORT
            value = struct.unpack_from(order + "H", tiff, entry + 8)[0]
            return value if 2 <= value <= 8 else None
    return None


def _orientation_tiff(orientation: int) -> bytes:
    """A TIFF structure whose only tag is Orientation."""
    return (b"MM\0*" + struct.pack(">I", 8) + struct.pack(">H", 1)
            + struct.pack(">HHIHH", _ORIENTATION_TAG, 3, 1, orientation, 0)
            + struct.pack(">I", 0))


# -- PNG ------------------------------------------------------------------------

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# What drawing a PNG (and an animated one) needs; text, EXIF, time and private chunks go.
_PNG_KEPT = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT",
             b"sRGB", b"cICP", b"mDCV", b"cLLI", b"bKGD", b"hIST", b"pHYs", b"sPLT", b"acTL",
             b"fcTL", b"fdAT"}


def _png(data: bytes) -> bytes | None:
    kept = [_PNG_SIGNATURE]
    position = len(_PNG_SIGNATURE)
    while position + 12 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, position)
        end = position + 12 + length
        if end > len(data):
            return None
        if kind in _PNG_KEPT:
            kept.append(data[position:end])
        elif kind == b"eXIf":
            orientation = _orientation(data[position + 8:end - 4])
            if orientation is not None:
                kept.append(_png_chunk(b"eXIf", _orientation_tiff(orientation)))
        if kind == b"IEND":
            return b"".join(kept)
        position = end
    return None


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body)))


# -- WebP -----------------------------------------------------------------------

_WEBP_KEPT = {b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
_WEBP_EXIF, _WEBP_XMP = 0x08, 0x04   # flags of the VP8X chunk


def _webp(data: bytes) -> bytes | None:
    if len(data) < 12 or data[8:12] != b"WEBP":
        return None
    end_of_riff = min(len(data), 8 + struct.unpack_from("<I", data, 4)[0])
    chunks, position, exif = [], 12, False
    while position + 8 <= end_of_riff:
        kind, size = struct.unpack_from("<4sI", data, position)
        end = position + 8 + size + (size & 1)
        if end > end_of_riff:
            return None
        if kind in _WEBP_KEPT:
            chunks.append(data[position:end])
        elif kind == b"EXIF":
            body = data[position + 8:position + 8 + size]
            orientation = _orientation(body.removeprefix(_EXIF_HEADER))
            if orientation is not None:
                tiff = _orientation_tiff(orientation)
                chunks.append(b"EXIF" + struct.pack("<I", len(tiff)) + tiff)
                exif = True
        position = end
    if chunks and chunks[0][:4] == b"VP8X":
        flags = chunks[0][8] & ~(_WEBP_XMP | _WEBP_EXIF) | (_WEBP_EXIF if exif else 0)
        chunks[0] = chunks[0][:8] + bytes([flags]) + chunks[0][9:]
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# -- GIF ------------------------------------------------------------------------

# Application extensions kept: looping (Netscape's, and its older twin) and ICC profiles.
_GIF_APPLICATIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012")


def _gif(data: bytes) -> bytes | None:
    if len(data) < 13 or data[:6] not in (b"GIF87a", b"GIF89a"):
        return None
    position = 13 + _colour_table(data[10])
    kept = [data[:position]]
    while position < len(data):
        introducer = data[position]
        if introducer == 0x3B:     # trailer: whatever follows is dropped
            kept.append(b";")
            return b"".join(kept)
        if introducer == 0x2C:     # an image: descriptor, colour table, LZW size, data
            if position + 11 > len(data):
                return None
            start = position
            position = _sub_blocks(data, position + 11 + _colour_table(data[position + 9]))
            if position is None:
                return None
            kept.append(data[start:position])
        elif introducer == 0x21 and position + 2 <= len(data):
            start, label = position, data[position + 1]
            position = _sub_blocks(data, position + 2)
            if position is None:
                return None
            block = data[start:position]
            if label in (0xF9, 0x01) or (label == 0xFF and block[3:14] in _GIF_APPLICATIONS):
                kept.append(block)
        else:
            return None
    return None


def _colour_table(packed: int) -> int:
    return 3 << ((packed & 7) + 1) if packed & 0x80 else 0


def _sub_blocks(data: bytes, position: int) -> int | None:
    """Where the data sub-blocks starting at `position` end (after their terminator)."""
    while position < len(data):
        size = data[position]
        position += 1 + size
        if size == 0:
            return position
    return None


# -- the files published as they are ------------------------------------------------

_BY_SUFFIX: dict[str, Callable[[bytes], bytes | None]] = {
    ".jpg": _jpeg, ".jpeg": _jpeg, ".jfif": _jpeg, ".jfi": _jpeg, ".jpe": _jpeg,
    ".png": _png, ".webp": _webp, ".gif": _gif}
_SIGNATURES = {_jpeg: (b"\xff\xd8\xff",), _png: (_PNG_SIGNATURE,), _webp: (b"RIFF",),
               _gif: (b"GIF87a", b"GIF89a")}


def without_metadata(data: bytes, suffix: str) -> bytes:
    """The image `data` (of a file named with `suffix`) without its metadata, its
    picture untouched; `data` itself when there is none, or when it is no image of the
    kind its name says or cannot be read (copied as it is, as any file)."""
    strip = _BY_SUFFIX.get(suffix.lower())
    if strip is None or not data.startswith(_SIGNATURES[strip]):
        return data
    try:
        clean = strip(data)
    except (struct.error, IndexError):
        return data
    return data if clean is None or clean == data else clean


def strips(suffix: str) -> bool:
    """Whether files with `suffix` (".jpg", any case) have their metadata removed."""
    return suffix.lower() in _BY_SUFFIX


def published_clean(outputs: list[OutputFile], cache: BuildCache | None) -> list[OutputFile]:
    """`outputs` (the content files render copies as they are) with each image among them
    that holds metadata made of its bytes without it. With `cache`, a file found clean is
    not read again while its stat signature holds."""
    return [_clean(output, cache)
            if output.source is not None and strips(posixpath.splitext(output.path)[1])
            else output for output in outputs]


def _clean(output: OutputFile, cache: BuildCache | None) -> OutputFile:
    assert output.source is not None
    key = "imagemetadata:" + output.path
    signature = stat_signature(output.source) if cache is not None else None
    if cache is not None and signature is not None:
        entry = cache.file(key)
        if entry is not None and entry.signature == signature:
            return output   # found clean before: only clean files are recorded
    try:
        data = output.source.read_bytes()
    except OSError:
        return output   # copying it says what is wrong, at the file
    clean = without_metadata(data, posixpath.splitext(output.path)[1])
    if clean is data:
        if cache is not None and signature is not None:
            cache.put_file(key, FileEntry(signature, "", "imagemetadata", (), True))
        return output
    return OutputFile(output.path, clean)
