"""Reading content files as text: UTF-8 with or without BOM, LF or CRLF line endings.

Files come from Windows editors and web editors alike; whatever they saved, the
rest of the builder sees `str` with `\n` line ends, or a problem naming the line
where the text stops being UTF-8.
"""

from __future__ import annotations

from pathlib import Path

from site_builder.errors import Location, Problems


def read_text(path: Path, location: Location, problems: Problems) -> str | None:
    """The text of `path` with BOM removed and line ends made `\\n`, or None after a problem."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.error(location, f"berkas tidak bisa dibaca: {error.strerror}")
        return None
    return decode_text(data, location, problems)


def decode_text(data: bytes, location: Location, problems: Problems) -> str | None:
    """Decode UTF-8 bytes (BOM allowed) and normalise CRLF and CR to LF."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.error(location.at(line),
                       "berkas ini bukan teks UTF-8 (mungkin disimpan sebagai ANSI/Windows-1252); "
                       "simpan ulang dengan encoding UTF-8")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")
