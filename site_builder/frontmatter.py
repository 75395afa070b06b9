"""Split a Markdown content file into its YAML front matter and its body.

    ---
    title: Judul
    date: 2023-09-29
    ---
    Isi berita ...

`split_front_matter` returns the fields as a `YamlMapping` (lines are lines of
the whole file) and the body with the line it starts on.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.errors import Location, Problems
from site_builder.yamlfile import YamlMapping, load_yaml

_FENCE = "---"


@dataclass(frozen=True)
class SplitFile:
    fields: YamlMapping
    body: str
    body_line: int  # 1-based line of the file where the body starts


def _empty_mapping(line: int) -> YamlMapping:
    mapping = YamlMapping()
    mapping.line, mapping.key_lines, mapping.raw = line, {}, {}
    return mapping


def split_front_matter(text: str, location: Location, problems: Problems) -> SplitFile | None:
    """Fields and body of a content file, or None after recording what is wrong."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        problems.error(location.at(1),
                       'berkas harus diawali baris "---", lalu kolom seperti "title:", '
                       'lalu baris "---" lagi sebelum isi tulisan')
        return None
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (_FENCE, "...")), None)
    if closing is None:
        problems.error(location.at(1),
                       'front matter tidak ditutup: tambahkan baris "---" setelah kolom terakhir')
        return None
    yaml_text = "\n".join(lines[1:closing])
    before = len(problems.errors)
    fields = load_yaml(yaml_text, location, problems, line_offset=1)
    if fields is None:
        if len(problems.errors) > before:
            return None
        fields = _empty_mapping(2)
    if not isinstance(fields, YamlMapping):
        problems.error(location.at(2),
                       'front matter harus berisi kolom "nama: nilai", satu per baris')
        return None
    return SplitFile(fields, "\n".join(lines[closing + 1:]), closing + 2)
