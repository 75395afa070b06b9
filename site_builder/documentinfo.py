"""What a document published as it is (PDF, Word, Excel, PowerPoint, their ODF kin) keeps
that its authors did not mean to publish: reviewers' comments, tracked changes, the
earlier version a PDF editor's "Save" keeps inside the file (an incremental update: a
NIK "removed" from a form is still there), the names of its author and last editor.

Files of a bundle and of static/ are copied byte for byte, and the builder does not
rewrite them (cleaning is done in the program that made the file, where its author sees
the result); it warns at the file instead (check_document), saying what was found
without quoting it, since anyone who downloads the file can read it all.

Reading is bounded, whatever the file holds: of a PDF, its first and last SCANNED bytes
(and at most INFLATED bytes of its compressed object streams); of a zip (OOXML, ODF),
nothing when its central directory is larger than LARGEST_DIRECTORY, else only the few
members named, at most MEMBER_LIMIT bytes of each unpacked (a zip bomb unpacks no
further). A bundle's files are looked at when its item is loaded, so the build cache
keeps the warning with the item; the files of static/ are listed at every build, so
check_document keeps their findings in the build cache by their stat signature.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from pathlib import Path
from typing import Iterator

from site_builder.buildcache import BuildCache, FileEntry, stat_signature
from site_builder.errors import Location, Problems

# What a document may keep, in the order a warning names them.
COMMENTS, CHANGES, EARLIER, AUTHOR = "comments", "changes", "earlier", "author"

# The program a document is cleaned in, by its suffix.
PROGRAMS = {".pdf": "Word", ".docx": "Word", ".odt": "Word", ".xlsx": "Excel", ".ods": "Excel",
            ".pptx": "PowerPoint", ".odp": "PowerPoint"}

SCANNED = 4 << 20           # bytes read of a PDF's start, and as many of its end
INFLATED = 8 << 20          # bytes unpacked of a PDF's object streams, in all
MEMBER_LIMIT = 16 << 20     # bytes unpacked of one member of a zip
LARGEST_DIRECTORY = 1 << 20   # of a zip's list of members (some 10,000 of them)
_CHUNK = 1 << 20
_OVERLAP = 512              # bytes of a chunk searched again with the next


def check_document(path: Path, location: Location, problems: Problems,
                   cache: BuildCache | None = None) -> None:
    """A warning at `location` for a document at `path` that keeps comments, tracked
    changes or an earlier version (findings), naming its author's name too when it
    keeps that (alone, the name is no warning: nearly every file Word or its PDF export
    makes holds it, and a warning on every document teaches staff to skip warnings);
    nothing for other files. With `cache`, the findings are kept there while the file
    is unchanged."""
    suffix = os.path.splitext(path.name)[1].lower()
    if suffix not in PROGRAMS:
        return
    found = findings(path) if cache is None else _cached(path, location, cache)
    if set(found) - {AUTHOR}:   # a name alone is on nearly every file Word makes: it is
        problems.warning(location, _message(found, suffix))   # said beside the others


def _cached(path: Path, location: Location, cache: BuildCache) -> tuple[str, ...]:
    """findings of `path`, from `cache` when its stat signature is the one they were
    read with (a file changed too recently to tell is read again)."""
    key = "documentinfo:" + location.path.as_posix()
    signature = stat_signature(path)
    entry = cache.file(key)
    if entry is not None and signature is not None and entry.signature == signature:
        return entry.value
    found = findings(path)
    if signature is not None:
        cache.put_file(key, FileEntry(signature, "", "documentinfo", (), found))
    return found


def findings(path: Path) -> tuple[str, ...]:
    """What the document at `path` keeps (COMMENTS, CHANGES, EARLIER, AUTHOR, in that
    order); () for a file that cannot be read as one (copying it reports an unreadable
    file)."""
    try:
        found = _pdf(path) if path.suffix.lower() == ".pdf" else _zipped(path)
    except Exception:   # noqa: BLE001 - damaged, encrypted, packed by an unknown method
        return ()          # (zipfile and its decompressors raise a dozen kinds)
    return tuple(kind for kind in (COMMENTS, CHANGES, EARLIER, AUTHOR) if kind in found)


def _message(found: tuple[str, ...], suffix: str) -> str:
    pdf = suffix == ".pdf"
    said = {COMMENTS: "berisi komentar",
            CHANGES: ("menyimpan perubahan terlacak (Track Changes) yang memperlihatkan teks "
                      "sebelum diubah atau dihapus"),
            EARLIER: ("menyimpan versi sebelumnya (teks yang sudah diubah atau dihapus bisa "
                      "masih ada di dalam berkasnya)"),
            AUTHOR: "mencatat nama penulis" + ("" if pdf else
                                               " atau orang yang terakhir mengubahnya")}
    parts = [said[kind] for kind in found]
    kept = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " dan " + parts[-1]
    opened = "buka dokumen asalnya di Word" if pdf else f"buka di {PROGRAMS[suffix]}"
    instead = "ganti berkas ini dengannya" if pdf else "tautkan PDF itu sebagai gantinya"
    return (f"berkas ini {kept}; berkas ini diterbitkan apa adanya, dan siapa pun yang "
            f"mengunduhnya bisa membacanya; {opened}, pilih File > Info > Periksa Masalah > "
            "Periksa Dokumen (Inspect Document) > Hapus Semua, terima atau tolak semua "
            "perubahan, lalu simpan sebagai PDF baru dengan Simpan Sebagai (bukan Simpan) dan "
            f"{instead}")


# -- PDF ---------------------------------------------------------------------------------

# An annotation a reader writes or reads as a comment: a sticky note, the pop-up of a
# highlight's note, a text box on the page.
_COMMENT = re.compile(rb"/Subtype\s*/(?:Text|Popup|FreeText)(?![^\x00\t\n\x0c\r /<>\[\]()%{}])")
# The Info dictionary's author: a string, a hex string, or another object (not looked up).
_AUTHOR = re.compile(rb"/Author\s*(?:\(((?:[^\\)]|\\.)*)\)|<([^>]*)>|\d+\s+\d+\s+R)", re.DOTALL)
# The XMP metadata's creator, when not empty: <dc:creator><rdf:Seq><rdf:li>Siti...
_XMP_CREATOR = re.compile(rb"<dc:creator\b[^>]*>(?:\s*<[^/!][^>]*>)*\s*[^<\s]")
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
_STREAM_START = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_BLANK = b"\xfe\xff\x00 \t\r\n\x0c"   # a UTF-16 mark, NULs and white space


def _pdf(path: Path) -> set[str]:
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        parts = [file.read(SCANNED)]
        if size > SCANNED:
            file.seek(max(SCANNED, size - SCANNED))
            parts.append(file.read(SCANNED))
    found = set()
    # Each version ends with %%EOF; a linearized file ("Fast Web View") has one more after
    # its first page's table, and each digital signature is an update of its own.
    versions = sum(part.count(b"%%EOF") for part in parts)
    expected = 1 + (b"/Linearized" in parts[0][:4096]) + sum(
        part.count(b"/ByteRange") for part in parts)
    if versions > expected:
        found.add(EARLIER)
    for text in (*parts, *_object_streams(parts)):
        if _COMMENT.search(text):
            found.add(COMMENTS)
        if any(_named(match) for match in _AUTHOR.finditer(text)) or _XMP_CREATOR.search(text):
            found.add(AUTHOR)
    return found


def _object_streams(parts: list[bytes]) -> Iterator[bytes]:
    """The compressed object streams (PDF 1.5) found in `parts`, unpacked: an annotation
    or the Info dictionary may be in one. At most INFLATED bytes in all, each from at
    most 2 MB of the file."""
    budget = INFLATED
    for data in parts:
        view = memoryview(data)
        for match in _OBJECT_STREAM.finditer(data):
            start = _STREAM_START.search(data, match.end(), match.end() + 4096)
            if start is None:
                continue
            try:
                unpacked = zlib.decompressobj().decompress(
                    view[start.end():start.end() + (2 << 20)], budget)
            except zlib.error:   # another filter: its bytes were searched as they are
                continue
            yield unpacked
            budget -= len(unpacked)
            if budget <= 0:
                return


def _named(author: re.Match[bytes]) -> bool:
    """Whether an /Author (_AUTHOR) names someone: holds more than blanks (_BLANK)."""
    literal, hexadecimal = author.group(1), author.group(2)
    if literal is not None:
        text = re.sub(rb"\\([0-7]{1,3}|.)", lambda escape: (
            bytes([int(escape[1], 8) & 255]) if escape[1][:1].isdigit()
            else b" " if escape[1] in b"nrtbf\r\n" else escape[1]), literal, flags=re.DOTALL)
    elif hexadecimal is not None:
        digits = re.sub(rb"\s", b"", hexadecimal)
        try:
            text = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
        except (ValueError, UnicodeDecodeError):
            return True
    else:   # an indirect object
        return True
    return bool(text.strip(_BLANK))


# -- Office Open XML and OpenDocument (zips) ----------------------------------------------

# A comment in Word's, Excel's (legacy and threaded) and PowerPoint's comment parts.
_COMMENT_ELEMENT = re.compile(rb"<(?:[\w.-]+:)?(?:comment|threadedComment|cm)[\s>/]")
_COMMENT_PART = re.compile(r"word/comments\.xml|xl/comments\d*\.xml|xl/threadedComments/.*"
                           r"|ppt/comments/.*")
# A tracked deletion or insertion in Word (<w:instrText>, a field, is neither).
_TRACKED = re.compile(rb"<w:(?:del|ins)[\s>/]")
# ODF: a comment, and a list of tracked changes that holds one.
_ANNOTATION = re.compile(rb"<office:annotation[\s>/]")
_ODF_TRACKED = re.compile(rb"<(?:text|table):tracked-changes(?:\s[^>]*)?(?<!/)>\s*<(?!/)")
# A name, not empty, in docProps/core.xml (dc:creator, cp:lastModifiedBy) or meta.xml
# (meta:initial-creator, dc:creator).
_NAME = re.compile(rb"<(?:[\w.-]+:)?(?:creator|lastModifiedBy|initial-creator)\b[^>]*(?<!/)>"
                   rb"\s*[^<\s]")


def _zipped(path: Path) -> set[str]:
    if not _small_directory(path):
        return set()
    found = set()
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        for name in [name for name in names if _COMMENT_PART.fullmatch(name)][:8]:
            if _holds(archive, name, {COMMENTS: _COMMENT_ELEMENT}):
                found.add(COMMENTS)
                break
        if any(name.startswith("xl/revisions/") for name in names):   # a shared workbook's
            found.add(CHANGES)
        found |= _holds(archive, "word/document.xml", {CHANGES: _TRACKED})
        found |= _holds(archive, "content.xml", {COMMENTS: _ANNOTATION, CHANGES: _ODF_TRACKED})
        for name in ("docProps/core.xml", "meta.xml"):
            found |= _holds(archive, name, {AUTHOR: _NAME})
    return found


def _small_directory(path: Path) -> bool:
    """Whether `path` is a zip whose list of members zipfile may read: no more than
    LARGEST_DIRECTORY bytes of it, and no ZIP64 (no document needs one)."""
    with open(path, "rb") as file:
        if file.read(4) != b"PK\x03\x04":
            return False
        size = os.fstat(file.fileno()).st_size
        file.seek(max(0, size - 22 - 65535))   # the end record, after a comment of 64 KB
        tail = file.read()
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or len(tail) < end + 22:
        return False
    entries = int.from_bytes(tail[end + 10:end + 12], "little")
    directory = int.from_bytes(tail[end + 12:end + 16], "little")
    return entries != 0xFFFF and directory <= LARGEST_DIRECTORY


def _holds(archive: zipfile.ZipFile, name: str, patterns: dict[str, re.Pattern[bytes]]
           ) -> set[str]:
    """The keys of `patterns` found in the member `name` (none if it is missing), read
    a chunk at a time, at most MEMBER_LIMIT bytes unpacked."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return set()
    found: set[str] = set()
    with archive.open(info) as member:
        carried, read = b"", 0
        while read < MEMBER_LIMIT and len(found) < len(patterns):
            chunk = member.read(_CHUNK)
            if not chunk:
                break
            read += len(chunk)
            text = carried + chunk
            found |= {key for key, pattern in patterns.items() if pattern.search(text)}
            carried = text[-_OVERLAP:]
    return found
