"""Split a Markdown content file into its YAML front matter and its body.

    ---
    title: Judul
    date: 2023-09-29
    ---
    Isi berita ...

`split_front_matter` returns the fields as a `YamlMapping` (lines are lines of
the whole file) and the body with the line it starts on; `fenced_body`, the body
alone, when the fields cannot be read; `fields_below`, the lines at the top of the
body written as fields (typed under the closing "---", or the whole block pasted twice).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.errors import Location, Problems
from site_builder.yamlfile import YamlMapping, glued_colon, load_yaml

_FENCE = "---"
# Word's autocorrect turns "---" into a dash; web editors may keep invisible characters.
_DASH_CHARACTERS = "\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASHES = re.compile(f"[{_DASH_CHARACTERS}]")
_INVISIBLE = re.compile("[\u00a0\u200b-\u200f\u2060\ufeff]")
_DASH_HINT = ('; baris "---" di sini ditulis dengan tanda pisah panjang (—), mungkin diubah '
              "otomatis oleh Word: ketik ulang tiga tanda minus (-)")
_INVISIBLE_HINT = ('; ada karakter tak terlihat (misalnya spasi khusus) di baris "---" ini: '
                   "hapus barisnya lalu ketik ulang")


@dataclass(frozen=True)
class SplitFile:
    fields: YamlMapping
    body: str
    body_line: int  # 1-based line of the file where the body starts


def empty_mapping(line: int) -> YamlMapping:
    mapping = YamlMapping()
    mapping.line, mapping.key_lines, mapping.raw = line, {}, {}
    return mapping


def _fence_hint(line: str) -> str:
    """Why `line`, which looks like "---" to a person, is not one; "" if it does not."""
    visible = _INVISIBLE.sub("", line).strip()
    if _DASHES.search(visible) and not visible.strip("-" + _DASH_CHARACTERS):
        return _DASH_HINT
    if visible == _FENCE and visible != line.strip():
        return _INVISIBLE_HINT
    return ""


def _closing(lines: list[str]) -> int | None:
    """The index of the line closing the front matter, if there is one."""
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() in (_FENCE, "...")), None)


def fenced_body(text: str) -> tuple[str, int] | None:
    """The body of a file whose front matter is fenced, whatever the fields hold (YAML
    that cannot be read, say), and the line it starts on; None when it is not fenced."""
    lines = text.split("\n")
    closing = _closing(lines) if lines[0].rstrip() == _FENCE else None
    return None if closing is None else ("\n".join(lines[closing + 1:]), closing + 2)


def split_front_matter(text: str, location: Location, problems: Problems) -> SplitFile | None:
    """Fields and body of a content file, or None after recording what is wrong."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        problems.error(location.at(1),
                       'berkas harus diawali baris "---", lalu kolom seperti "title:", '
                       'lalu baris "---" lagi sebelum isi tulisan' + _fence_hint(lines[0]))
        return None
    closing = _closing(lines)
    if closing is None:
        near = next((i for i in range(1, len(lines)) if _fence_hint(lines[i])), None)
        problems.error(location.at(near + 1 if near else 1),
                       'front matter tidak ditutup: tambahkan baris "---" setelah kolom terakhir'
                       + (_fence_hint(lines[near]) if near else ""))
        return None
    yaml_text = "\n".join(lines[1:closing])
    before = len(problems.errors)
    fields = load_yaml(yaml_text, location, problems, line_offset=1)
    if fields is None:
        if len(problems.errors) > before:
            return None
        fields = empty_mapping(2)
    if not isinstance(fields, YamlMapping):
        glued = glued_colon(lines[1:closing])
        problems.error(location.at(glued[0] + 2 if glued else 2), glued[1] if glued else
                       'front matter harus berisi kolom "nama: nilai", satu per baris')
        return None
    return SplitFile(fields, "\n".join(lines[closing + 1:]), closing + 2)


@dataclass(frozen=True)
class FieldsBelow:
    """Lines at the top of a body written as fields (FieldReader.below)."""

    lines: dict[str, int]           # name -> line
    closing: int                    # the line of the "---" that closes the front matter
    copy: tuple[int, int] | None    # a second "---" ... "---" around them: its two lines


# A line written as a field: a name in small letters, a colon, a space or nothing after it.
_FIELD_LINE = re.compile(r"([a-z_]+):(?:[ \t]|$)")


def fields_below(body: str, body_line: int) -> FieldsBelow | None:
    """The lines at the top of `body` (its first line `body_line`) written as fields,
    maybe after a second "---" (the whole front matter pasted twice); None if none are."""
    if ":" not in body[:200]:
        return None
    lines = body.split("\n", 40)[:40]
    number = 0
    while number < len(lines) and not lines[number].strip():
        number += 1
    opened = number < len(lines) and lines[number].rstrip() == _FENCE
    number += opened
    first = number
    names: dict[str, int] = {}
    for line in lines[first:]:
        field = _FIELD_LINE.match(line)
        if not field:
            break
        names.setdefault(field[1], body_line + number)
        number += 1
    if not names:
        return None
    closed = opened and number < len(lines) and lines[number].rstrip() == _FENCE
    return FieldsBelow(names, body_line - 1,
                       (body_line + first - 1, body_line + number) if closed else None)

