"""Reading content files as text: UTF-8 with or without BOM, LF or CRLF line endings.

Files come from Windows editors and web editors alike; whatever they saved, the
rest of the builder sees `str` with `\n` line ends, or a problem naming the line
where the text stops being text we can publish.

What is refused, each with its own message (staff guide, "Berkas yang tidak
bisa dibaca"):

- a file over MAX_TEXT_BYTES, before it is read: no real article or schedule
  comes near it (the largest in use are a few tens of KB), while a photo pasted
  into the text as `data:image/...` does, and every later stage slows with size;
- a file that is not text at all (a Word document, PDF or picture saved as .md),
  or UTF-16 ("Unicode" in Notepad), or not UTF-8 (Windows-1252 from Word);
- control characters (NUL and the rest of C0 but tab and line ends, C1, which
  is what Word's quotes and dashes become when Windows-1252 text is mistaken for
  Latin-1, and the non-characters U+FFFE and U+FFFF): invisible in an editor,
  invalid in HTML and in the Atom feed's XML;
- git's conflict markers (`<<<<<<<`, `=======`, `>>>>>>>` lines) left by a merge of
  two edits of the same lines: a body would publish them as text, YAML fails to
  parse without a word of the cause.

Line and paragraph separators (U+2028, U+2029) become spaces: PyYAML would read
them as line ends that no editor shows, shifting every line number after them.
"""

from __future__ import annotations

import re
from pathlib import Path

from site_builder.errors import Location, Problems

MAX_TEXT_BYTES = 1024 * 1024   # 1 MB; see the module docstring

# Characters no content may contain (see the module docstring); YAML strings are
# checked with the same pattern, as "\0" or "\ud800" can be written as escapes.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_SEPARATORS = re.compile("[\u2028\u2029]")
_LINE_ENDS = re.compile(rb"\r\n|\r|\n")

# The first bytes of files that are often saved as .md by mistake.
_NOT_TEXT = (
    (b"PK\x03\x04", "dokumen Word (.docx) atau berkas ZIP"),
    (b"\xd0\xcf\x11\xe0", "dokumen Word lama (.doc)"),
    (b"%PDF", "berkas PDF"),
    (b"{\\rtf", "dokumen RTF"),
    (b"\xff\xd8\xff", "gambar JPEG"),
    (b"\x89PNG", "gambar PNG"),
    (b"GIF8", "gambar GIF"),
    (b"RIFF", "gambar WebP atau berkas suara/video"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")   # UTF-32's BOMs begin with these too


def size_text(size: int) -> str:
    """A file size for people: "20 MB", "1,5 MB", "350 KB" (Indonesian decimal comma)."""
    if size >= 1024 * 1024:
        value, unit = size / (1024 * 1024), "MB"
    else:
        value, unit = max(size / 1024, 1), "KB"
    shown = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{shown.replace('.', ',')} {unit}"


def read_text(path: Path, location: Location, problems: Problems,
              limit: int = MAX_TEXT_BYTES, data: bytes | None = None) -> str | None:
    """The text of `path` with BOM removed and line ends made `\\n`, or None after a problem;
    `data`: the file's bytes when the caller has read them already."""
    if data is not None:
        size = len(data)
    else:
        try:
            with path.open("rb") as file:
                data = file.read(limit + 1)
                size = max(len(data), path.stat().st_size)
        except OSError as error:
            problems.error(location, f"berkas tidak bisa dibaca: {error.strerror}")
            return None
    if size > limit:
        problems.error(location.at(1), _too_big(size, limit, data))
        return None
    return decode_text(data, location, problems)


def _too_big(size: int, limit: int, start: bytes) -> str:
    shown, allowed = size_text(size), size_text(limit)
    if shown == allowed:   # just over: "1 MB; batasnya 1 MB" would say nothing
        shown, allowed = (f"{size:,} byte".replace(",", "."),
                          f"{limit:,} byte ({allowed})".replace(",", "."))
    message = (f"berkas terlalu besar ({shown}); batasnya {allowed}: "
               "pecah tulisan menjadi beberapa berkas")
    if b"data:image/" in start:
        message += (", dan jangan menempelkan gambar ke dalam teks (data:image/...): simpan "
                    "gambarnya sebagai berkas, lalu tulis namanya di kolom image atau ![...](...)")
    return message


def decode_text(data: bytes, location: Location, problems: Problems) -> str | None:
    """Decode UTF-8 bytes (BOM allowed) and normalise CRLF and CR to LF."""
    problem = _not_text(data)
    if problem is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            if b"\x00" not in data[:8192]:   # text, with some bytes of another encoding
                line = len(_LINE_ENDS.findall(data[: error.start])) + 1
                problems.error(location.at(line),
                               "berkas ini bukan teks UTF-8 (mungkin disimpan sebagai "
                               "ANSI/Windows-1252); simpan ulang dengan encoding UTF-8")
                return None
            problem = _not_text_message("berkas biner")
    if problem is not None:
        problems.error(location.at(1), problem)
        return None
    text = text.lstrip("\ufeff")   # one BOM, or several after an editor added its own
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _report_forbidden(text, location, problems) or _report_conflicts(text, location,
                                                                          problems):
        return None
    return _SEPARATORS.sub(" ", text)


def _is_marker(line: str, marker: str) -> bool:
    """Whether `line` is git's conflict `marker`, alone or before a name: "<<<<<<< HEAD"."""
    return line.startswith(marker) and (len(line) == 7 or line[7] == " ")


def _conflicts(text: str) -> list[tuple[int, int, int]]:
    """The line numbers of the three markers of each merge conflict git left in `text`."""
    found, start, middle = [], None, None
    for number, line in enumerate(text.split("\n"), 1):
        if _is_marker(line, "<<<<<<<"):
            start, middle = number, None
        elif line == "=======" and start is not None:
            middle = number
        elif _is_marker(line, ">>>>>>>") and start is not None and middle is not None:
            found.append((start, middle, number))
            start = middle = None
    return found


def _report_conflicts(text: str, location: Location, problems: Problems) -> bool:
    """Record one problem, at the first marker, for the merge conflicts of `text`."""
    found = _conflicts(text) if "<<<<<<<" in text else []
    if not found:
        return False
    lines = "; ".join(f"{start}, {middle} dan {end}" for start, middle, end in found)
    problems.error(location.at(found[0][0]), (
        f"berkas ini masih berisi tanda konflik git (merge conflict) di baris {lines}: "
        "dua perubahan pada bagian yang sama digabung tanpa dipilih. "
        'Di antara baris "<<<<<<<" dan "=======" ada isi yang satu, di antara "=======" dan '
        '">>>>>>>" isi yang lain: sisakan isi yang benar, lalu hapus ketiga baris tanda itu'))
    return True


def _not_text(data: bytes) -> str | None:
    """The message for `data` when its first bytes say it is not UTF-8 text, else None."""
    if data.startswith(_UTF16_BOMS):
        return ('berkas ini disimpan sebagai UTF-16 ("Unicode"), bukan UTF-8; simpan ulang '
                'dengan encoding UTF-8 (di Notepad: Save As, lalu Encoding "UTF-8")')
    kind = next((kind for magic, kind in _NOT_TEXT if data.startswith(magic)), None)
    return _not_text_message(kind) if kind else None


def _not_text_message(kind: str) -> str:
    return (f"berkas ini bukan teks, melainkan {kind}; tulisan harus berupa teks biasa "
            "(UTF-8): salin isinya ke editor teks, lalu simpan dengan nama yang sama")


def _report_forbidden(text: str, location: Location, problems: Problems) -> bool:
    """Record one problem for the control characters of `text`; whether there were any."""
    first = FORBIDDEN.search(text)
    if first is None:
        return False
    lines = sorted({text.count("\n", 0, match.start()) + 1 for match in FORBIDDEN.finditer(text)})
    more = f" (juga di baris {_list_lines(lines[1:])})" if len(lines) > 1 else ""
    problems.error(location.at(lines[0]), forbidden_message(first.group()) + more)
    return True


def _list_lines(lines: list[int]) -> str:
    shown = ", ".join(str(line) for line in lines[:5])
    return shown + (f" dan {len(lines) - 5} baris lain" if len(lines) > 5 else "")


def forbidden_message(character: str) -> str:
    """What to tell staff about one forbidden character (see FORBIDDEN)."""
    code = f"kode {ord(character):#06x}"
    if "\x80" <= character <= "\x9f":
        return (f"ada karakter kendali yang tidak terlihat ({code}), biasanya tanda kutip atau "
                "tanda pisah dari Word yang rusak saat disalin; ketik ulang tanda baca di "
                "baris itu")
    return (f"ada karakter khusus yang tidak terlihat dan tidak boleh dipakai ({code}); hapus "
            "karakter itu atau ketik ulang teksnya")
