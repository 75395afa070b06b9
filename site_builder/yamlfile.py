"""The one YAML loader of the project: safe, with line numbers, reading values as written.

`load_yaml(text, location, problems)` returns plain Python values in which every
mapping is a `YamlMapping` and every list a `YamlList`: they remember the line of
each key or item and the source text of each scalar, so validation can name the
line of a bad value and read `15:00` or `15.30` as the time a person wrote.

It differs from PyYAML's SafeLoader (without touching that global class) in
three ways:

- no implicit timestamps: `2024-13-05` is left as text for the validator to
  report, instead of crashing the parser, and every date is read by `times.py`;
- no base-60 numbers: an unquoted `15:00` stays the text "15:00" (YAML 1.1
  would read 900);
- a key written twice in one mapping is an error, not a silent overwrite.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from site_builder.errors import Location, Problems


class YamlMapping(dict):
    """A YAML mapping that remembers where it and each of its keys stand."""

    line: int
    key_lines: dict[str, int]
    raw: dict[str, str]

    def line_of(self, key: str) -> int:
        """The line of `key`, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class YamlList(list):
    """A YAML sequence that remembers where it and each of its items stand."""

    line: int
    item_lines: list[int]
    raw: list[str | None]


def raw_text(container: Any, key: Any) -> str | None:
    """The source text of a scalar inside a YamlMapping or YamlList, if known."""
    raw = getattr(container, "raw", None)
    if isinstance(raw, dict):
        return raw.get(key)
    if isinstance(raw, list) and isinstance(key, int) and key < len(raw):
        return raw[key]
    return None


class _Loader(yaml.SafeLoader):
    """SafeLoader with our resolvers and line-keeping constructors (see module docstring)."""

    line_offset = 0
    location: Location
    problems: Problems


# Resolvers: copy SafeLoader's, then drop timestamps and base-60 ints and floats.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int",
                           "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+)$""", re.X),
    list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""", re.X),
    list("-+0123456789."))


def _line(loader: _Loader, node: yaml.Node) -> int:
    return node.start_mark.line + 1 + loader.line_offset


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> YamlMapping:
    loader.flatten_mapping(node)
    mapping = YamlMapping()
    mapping.line, mapping.key_lines, mapping.raw = _line(loader, node), {}, {}
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key = key_node.value
        else:
            loader.problems.error(loader.location.at(_line(loader, key_node)),
                                  "nama kolom harus berupa teks biasa, bukan daftar atau pemetaan")
            continue
        line = _line(loader, key_node)
        if key in mapping:
            loader.problems.error(
                loader.location.at(line),
                f'kolom "{key}" ditulis dua kali (juga di baris {mapping.key_lines[key]}); '
                "hapus salah satunya")
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
        if isinstance(value_node, yaml.ScalarNode):
            mapping.raw[key] = value_node.value
    return mapping


def _construct_list(loader: _Loader, node: yaml.SequenceNode) -> YamlList:
    items = YamlList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = _line(loader, node)
    items.item_lines = [_line(loader, child) for child in node.value]
    items.raw = [child.value if isinstance(child, yaml.ScalarNode) else None
                 for child in node.value]
    return items


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:omap", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_list)

# Hints for the YAML mistakes staff make most, keyed by words of PyYAML's message.
_HINTS = (
    ("mapping values are not allowed",
     'jika sebuah nilai berisi titik dua dan spasi (": "), apit nilai itu dengan tanda '
     'kutip, misalnya title: "Kelas: Bahasa Inggris"'),
    ("cannot start any token",
     "karakter ini tidak boleh mengawali nilai (misalnya tab, @ atau `): gunakan spasi "
     "untuk indentasi dan apit nilai dengan tanda kutip"),
    ("could not find expected ':'",
     'setiap baris berisi "nama: nilai"; periksa titik dua yang hilang atau tanda kutip '
     "yang tidak ditutup"),
    ("did not find expected key",
     "periksa indentasi (jumlah spasi di awal baris) dan tanda kutip yang tidak ditutup"),
    ("found undefined alias",
     "tanda * di awal nilai dibaca sebagai alias YAML; apit nilai dengan tanda kutip"),
    ("found unexpected end of stream",
     "ada tanda kutip atau kurung yang tidak ditutup"),
    ("while scanning a quoted scalar",
     "ada tanda kutip yang tidak ditutup"),
)


def _explain(error: yaml.YAMLError) -> str:
    text = " ".join(filter(None, (getattr(error, "context", None),
                                  getattr(error, "problem", None)))) or str(error)
    for words, hint in _HINTS:
        if words in text:
            return f"YAML tidak bisa dibaca: {hint}"
    return f"YAML tidak bisa dibaca ({text}); periksa indentasi, titik dua dan tanda kutip"


def _error_line(error: yaml.YAMLError, text: str) -> int | None:
    """The 1-based line of `text` where the error is, or None if unknown.

    An unclosed quote or bracket is only noticed at the end of the text; its
    context mark points at the opening, which is where the mistake is.
    """
    if isinstance(error, yaml.reader.ReaderError):
        return text[: error.position].count("\n") + 1
    if not isinstance(error, yaml.MarkedYAMLError):
        return None
    mark = error.problem_mark
    at_end = mark is None or mark.index >= len(text.rstrip())
    if error.context_mark is not None and (at_end or "quoted scalar" in (error.context or "")):
        mark = error.context_mark
    return mark.line + 1 if mark else None


def load_yaml(text: str, location: Location, problems: Problems, line_offset: int = 0) -> Any:
    """Parse one YAML document; record problems with their line and return None on failure.

    `line_offset` is the number of file lines before `text` starts (front matter
    begins after its opening `---`), so reported lines are lines of the file.
    """
    loader = None
    try:
        loader = _Loader(text)
        loader.line_offset, loader.location, loader.problems = line_offset, location, problems
        return loader.get_single_data()
    except yaml.reader.ReaderError as error:
        line = _error_line(error, text)
        problems.error(location.at(line + line_offset if line else None),
                       f"ada karakter khusus yang tidak boleh dipakai (kode {error.character:#06x}); "
                       "hapus karakter itu atau ketik ulang teksnya")
    except yaml.YAMLError as error:
        line = _error_line(error, text)
        problems.error(location.at(line + line_offset if line else None), _explain(error))
    except RecursionError:
        problems.error(location, "YAML terlalu dalam bersarang; sederhanakan strukturnya")
    finally:
        if loader is not None:
            loader.dispose()
    return None
