"""The one YAML loader of the project: safe, with line numbers, reading values as written.

`load_yaml(text, location, problems)` returns plain Python values in which every
mapping is a `YamlMapping` and every list a `YamlList`: they remember the line of
each key or item and the source text of each scalar, so validation can name the
line of a bad value and read `15:00` or `15.30` as the time a person wrote.

It differs from PyYAML's SafeLoader (without touching that global class) in
four ways:

- no implicit timestamps: `2024-13-05` is left as text for the validator to
  report, instead of crashing the parser, and every date is read by `times.py`;
- no base-60 numbers: an unquoted `15:00` stays the text "15:00" (YAML 1.1
  would read 900);
- a key written twice in one mapping is an error, not a silent overwrite;
- a no-break space or a tab after a colon (or a list's dash), which copied text
  brings, is read as a space, and invisible marks (zero-width spaces, a byte-order
  mark) are dropped from keys: "title:\u00a0Judul" is the field "title".

It also bounds the work a file can cause, so a mistake or a hostile file is
refused at its line in milliseconds (staff guide, "Berkas yang tidak bisa dibaca"):

- at most MAX_DEPTH levels of nesting, counted through aliases: PyYAML composes
  and constructs recursively, so `[[[[...` 10,000 deep would otherwise end in a
  RecursionError; real content nests 6 levels (programs, a program, weekly, a
  rule) at most;
- at most MAX_VALUES values written in one file: PyYAML, in pure Python, reads
  10,000 to 40,000 small values a second (so 900 KB of numbers took 8.5 s), and
  the sample site's schedule of 9 programs has under 300;
- at most MAX_ALIAS_VALUES values added by aliases (`*name`), counted as if
  each alias were written out: nine lines of nested anchors ("billion laughs")
  stand for a billion values; content rarely uses aliases at all;
- no alias inside the value its own anchor marks (`&a [*a]`): a value that
  contains itself cannot be read as text or as a list;
- explicit tags: `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map` and
  `!!seq` only, and a value that does not fit its tag (`!!int abc`, or an
  integer of 5,000 digits, over Python's limit) is kept as the text written;
  `!!timestamp` is text too; `!!binary`, `!!set`, `!!omap`, `!!pairs` and
  unknown `!tags` are errors (an unquoted title starting with "!" is the usual
  cause);
- control characters written as escapes in a quoted string ("\\0", "\\ud800")
  are errors, as they are in the file itself (textfile.FORBIDDEN).
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

import yaml
import yaml.cyaml

from site_builder.errors import Location, Problems
from site_builder.profiles import profile_address
from site_builder.textfile import FORBIDDEN, forbidden_message

MAX_DEPTH = 50              # levels of nesting, aliases expanded (see the module docstring)
MAX_VALUES = 20_000         # values written in one file
MAX_ALIAS_VALUES = 10_000   # values that aliases stand for, in one file


class YamlMapping(dict):
    """A YAML mapping that remembers where it and each of its keys stand."""

    line: int
    key_lines: dict[str, int]
    raw: dict[str, str]
    lost: dict[str, str]   # key -> the comment its empty value was written as ("#Literasi")
    cut: dict[str, str]    # key -> the comment that cut its text short ("#1 Jawa Tengah")
    # (key, value) of each key written again, an error; kept so that what a lost "- "
    # merged into the item above (a program's second id) is known to have been written.
    repeated: tuple[tuple[str, Any], ...] = ()

    def line_of(self, key: str) -> int:
        """The line of `key`, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class YamlList(list):
    """A YAML sequence that remembers where it and each of its items stand."""

    line: int
    item_lines: list[int]
    raw: list[str | None]
    lost: dict[int, str]   # index -> the comment an empty item was written as ("#Literasi")
    cut: dict[int, str]    # index -> the comment that cut its text short


def lost_text(container: Any, key: Any) -> str | None:
    """The comment ("#Literasi") an empty value of a YamlMapping or YamlList was written
    as: a "#" after ": " or "- " begins a YAML comment, so the value is lost."""
    return getattr(container, "lost", {}).get(key)


def cut_text(container: Any, key: Any) -> str | None:
    """The comment ("#1 Jawa Tengah") that ends the text of a value of a YamlMapping or
    YamlList written without quotes: a "#" after a space begins a YAML comment, so
    "Peringkat #1" is read as "Peringkat"."""
    return getattr(container, "cut", {}).get(key)


def raw_text(container: Any, key: Any) -> str | None:
    """The source text of a scalar inside a YamlMapping or YamlList, if known."""
    raw = getattr(container, "raw", None)
    if isinstance(raw, dict):
        return raw.get(key)
    if isinstance(raw, list) and isinstance(key, int) and key < len(raw):
        return raw[key]
    return None


class _Refused(yaml.composer.ComposerError):
    """The file goes past one of the limits of this module; `problem` says which, in
    words for staff, and `problem_mark` where."""


class _Loader(yaml.SafeLoader):
    """SafeLoader with our resolvers, line-keeping constructors and limits (see module docstring)."""

    line_offset = 0
    location: Location
    problems: Problems
    source = ""   # the text being read

    @cached_property
    def has_hash(self) -> bool:
        """Whether `source` holds a "#" at all: else no value can have lost text to one."""
        return "#" in self.source

    @cached_property
    def source_lines(self) -> list[str]:
        """The lines of `source`, split once, for the few messages that quote one."""
        return self.source.split("\n")

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0          # nodes open around the one being composed
        self._values = 0         # nodes composed so far
        self._alias_values = 0   # values added by aliases so far
        self._extent: dict[yaml.Node, tuple[int, int]] = {}   # node: (values, levels)

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            target = self.anchors.get(event.anchor)
            if target is not None:
                self._count_alias(event, target)
            return super().compose_node(parent, index)
        self._depth += 1
        self._values += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(None, None, _too_deep(), self.peek_event().start_mark)
            if self._values > MAX_VALUES:
                raise _Refused(None, None, f"berkas YAML ini berisi lebih dari "
                                           f"{MAX_VALUES:,} nilai".replace(",", ".")
                               + ", jauh lebih banyak daripada yang dibutuhkan situs; periksa "
                                 "apakah ada daftar panjang yang tertempel tanpa sengaja",
                               self.peek_event().start_mark)
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        self._extent[node] = _extent(node, self._extent)
        return node

    def _count_alias(self, event: yaml.AliasEvent, target: yaml.Node) -> None:
        name = event.anchor
        if target not in self._extent:
            raise _Refused(None, None, f"alias *{name} dipakai di dalam nilai yang ditandai "
                                       f"&{name} itu sendiri, jadi nilainya tidak ada habisnya; "
                                       f"tulis nilainya langsung", event.start_mark)
        values, levels = self._extent[target]
        self._alias_values += values
        if self._depth + levels > MAX_DEPTH:
            raise _Refused(None, None, _too_deep(), event.start_mark)
        if self._alias_values > MAX_ALIAS_VALUES:
            raise _Refused(None, None, f"alias YAML (*nama) di berkas ini mewakili lebih dari "
                                       f"{MAX_ALIAS_VALUES:,} nilai".replace(",", ".")
                           + "; tulis nilainya langsung tanpa alias", event.start_mark)


def _extent(node: yaml.Node, known: dict[yaml.Node, tuple[int, int]]) -> tuple[int, int]:
    """(values, levels) of `node` with its aliases written out; its children are known."""
    if isinstance(node, yaml.ScalarNode):
        return 1, 1
    children = (node.value if isinstance(node, yaml.SequenceNode)
                else [child for pair in node.value for child in pair])
    sizes = [known.get(child, (1, 1)) for child in children]
    return 1 + sum(size[0] for size in sizes), 1 + max((size[1] for size in sizes), default=0)


def _too_deep() -> str:
    return (f"YAML ini bersarang lebih dari {MAX_DEPTH} tingkat (daftar di dalam daftar atau "
            "pemetaan di dalam pemetaan); periksa kurung [ ] dan { } yang tidak ditutup, atau "
            "sederhanakan strukturnya")


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
    mapping.lost, mapping.cut = {}, {}
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key = _checked_text(loader, key_node, key_node.value)
            if _INVISIBLE.search(key):
                key = _INVISIBLE.sub("", key)
        else:
            loader.problems.error(loader.location.at(_line(loader, key_node)),
                                  "nama kolom harus berupa teks biasa, bukan daftar atau pemetaan")
            continue
        line = _line(loader, key_node)
        if key in mapping:
            if not mapping.repeated:   # later repeats follow from the first one
                _report_repeat(loader, node, key, key_node, mapping.key_lines[key])
            mapping.repeated += ((key, loader.construct_object(value_node, deep=True)),)
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
        if isinstance(value_node, yaml.ScalarNode):
            mapping.raw[key] = value_node.value
            lost = _lost(loader, key_node, value_node, _AFTER_KEY)
            if lost:
                mapping.lost[key] = lost
            cut = _cut(loader, value_node)
            if cut:
                mapping.cut[key] = cut
    return mapping


# What a key written twice on purpose means to say, and how to say it.
_REPEAT_HINTS = {
    "period": ('; satu kegiatan punya satu masa: untuk dua masa (dua gelombang), tulis '
               'gelombang kedua sebagai kegiatan tersendiri dengan id lain, atau satu masa '
               'dengan jeda di "except"'),
}


def _report_repeat(loader: _Loader, node: yaml.MappingNode, key: str, key_node: yaml.Node,
                   first_line: int) -> None:
    """A key written twice. When it is the first key of a list item ("- id: ..."), the
    usual cause is a new item whose "- " was lost: its every field then repeats."""
    message = (f'kolom "{key}" ditulis dua kali (juga di baris {first_line}); '
               "hapus salah satunya" + _REPEAT_HINTS.get(key, ""))
    first = node.value[0][0]
    if key_node is not first and getattr(first, "value", None) == key:
        row = loader.source_lines[first.start_mark.line]
        if row[:first.start_mark.column].rstrip().endswith("-"):
            message = (f'kolom "{key}" ditulis dua kali (juga di baris {first_line}); jika '
                       'baris ini memulai isian baru dalam daftar, tanda "- " di depannya '
                       f'hilang: tulis "- {key}: ..." seperti di baris {first_line}')
    loader.problems.error(loader.location.at(_line(loader, key_node)), message)


# On the line of an empty value: a comment where the value would be, after "key: " or "- ".
_AFTER_KEY = re.compile(r":\s+(#.*?)\s*$")
_AFTER_DASH = re.compile(r"^\s*-\s+(#.*?)\s*$")


def _lost(loader: _Loader, at: yaml.Node, value: yaml.ScalarNode, pattern: re.Pattern[str]
          ) -> str | None:
    """The comment written where the empty plain scalar `value` stands, on the line of
    `at` (its key, or itself in a list), or None."""
    if value.value or value.style or value.tag != "tag:yaml.org,2002:null":
        return None
    number = at.start_mark.line
    if not loader.has_hash or number >= len(loader.source_lines):
        return None
    lines = loader.source_lines
    found = pattern.search(lines[number])
    return found[1] if found else None


def _cut(loader: _Loader, value: yaml.ScalarNode) -> str | None:
    """The comment right after the text of the plain scalar `value` on its last line
    ("#1 Jawa Tengah" of "title: Peringkat #1 Jawa Tengah"), or None."""
    if not value.value or value.style or not loader.has_hash:
        return None
    end = value.end_mark
    if end.line >= len(loader.source_lines):
        return None
    found = _COMMENT_AFTER.match(loader.source_lines[end.line], end.column)
    return found[1] if found else None


_COMMENT_AFTER = re.compile(r"[ \t]+(#.*?)\s*$")


def _construct_list(loader: _Loader, node: yaml.SequenceNode) -> YamlList:
    items = YamlList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = _line(loader, node)
    items.item_lines = [_line(loader, child) for child in node.value]
    items.raw = [child.value if isinstance(child, yaml.ScalarNode) else None
                 for child in node.value]
    items.lost, items.cut = {}, {}
    for index, child in enumerate(node.value):
        if isinstance(child, yaml.ScalarNode):
            lost = _lost(loader, child, child, _AFTER_DASH)
            if lost:
                items.lost[index] = lost
            cut = _cut(loader, child)
            if cut:
                items.cut[index] = cut
    return items


def _checked_text(loader: _Loader, node: yaml.Node, text: str) -> str:
    """`text` without control characters, after recording an error if it had any."""
    found = FORBIDDEN.search(text)
    if found is None:
        return text
    loader.problems.error(loader.location.at(_line(loader, node)), forbidden_message(found.group()))
    return FORBIDDEN.sub("", text)


def _construct_text(loader: _Loader, node: yaml.Node) -> str:
    return _checked_text(loader, node, loader.construct_scalar(node))


def _or_text(construct: Any) -> Any:
    """A scalar constructor that keeps the text as written when the value does not fit
    its tag (`!!int abc`, `!!bool maybe`, an integer of 5,000 digits)."""
    def construct_or_text(loader: _Loader, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, TypeError):
            return _construct_text(loader, node)
    return construct_or_text


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_list)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_text)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)
for _tag, _construct in (("int", yaml.SafeLoader.construct_yaml_int),
                         ("float", yaml.SafeLoader.construct_yaml_float),
                         ("bool", yaml.SafeLoader.construct_yaml_bool)):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _or_text(_construct))
for _tag in ("binary", "set", "omap", "pairs"):   # unknown tags, as `!foo` is
    del _Loader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"]


# Bold written in a field ("title: *Lomba* Mewarnai"): YAML reads "*Lomba" as an alias.
_STAR = ('tanda * tidak boleh mengawali nilai (kolom di bagian atas berkas tidak bisa '
         'dicetak tebal); hapus tanda *, atau apit seluruh nilai dengan tanda kutip, '
         'misalnya title: "*Lomba* Mewarnai"')


# Hints for the YAML mistakes staff make most, keyed by words of PyYAML's message.
_HINTS = (
    ("while parsing a flow sequence",
     "kurung siku [ dibuka tetapi tidak ditutup dengan ], atau ada koma yang hilang di "
     "antara isinya; contoh yang benar: tags: [Anak, Lomba]"),
    ("while parsing a flow mapping",
     "kurung kurawal { dibuka tetapi tidak ditutup dengan }, atau ada koma yang hilang; "
     "contoh yang benar: period: {from: 2024-01-09, until: 2024-06-25}"),
    ("while parsing a block",
     "jarak di awal baris (indentasi) tidak rata: baris yang sejajar harus diawali "
     "jumlah spasi yang sama, dan gunakan spasi, bukan Tab"),
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
    ("found undefined alias", _STAR),
    ("while scanning an alias", _STAR),
    ("while scanning an anchor",
     'tanda & di awal nilai dibaca sebagai jangkar (anchor) YAML; apit nilai dengan tanda '
     'kutip, misalnya title: "& Co"'),
    ("a tag",   # "while parsing a tag", "while scanning a tag"
     'tanda ! di awal nilai dibaca sebagai tag YAML; apit nilai dengan tanda kutip, misalnya '
     'title: "!Penting! Lomba"'),
    ("for the tag",   # "could not determine a constructor for the tag '!foo'"
     'tanda ! di awal nilai dibaca sebagai tag YAML; apit nilai dengan tanda kutip, misalnya '
     'title: "!Penting! Lomba"'),
    ("expected a scalar node",
     'tanda ! di awal nilai dibaca sebagai tag YAML; apit nilai dengan tanda kutip, misalnya '
     'title: "!Penting! Lomba"'),
    ("for merging",
     'nama kolom "<<" dibaca sebagai penggabungan YAML; apit namanya dengan tanda kutip'),
    ("found unexpected end of stream",
     "ada tanda kutip atau kurung yang tidak ditutup"),
    ("while scanning a quoted scalar",
     "ada tanda kutip yang tidak ditutup"),
)


# A value (after "- ", ": ", "[", "{" or ",") that starts with "#": a YAML comment, so the
# rest of the line is lost (a hashtag written as a tag).
_HASH_VALUE = re.compile(r"(?:^\s*-|[:\[{,])\s+#|[\[{,]#")
_HASH_COMMENT = ('tanda # memulai komentar di YAML, jadi sisa barisnya diabaikan: tulis tanpa # '
                '(Literasi) atau apit dengan tanda kutip ("#Literasi")')


# Quotes a phone's keyboard or a word processor writes, which YAML reads as letters.
_CURLY_QUOTES = re.compile("[\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb]")


def _curly_quotes(line: str) -> str:
    key, _, value = line.partition(":")
    value = value.strip()
    if len(value) > 1 and _CURLY_QUOTES.fullmatch(value[0]) and _CURLY_QUOTES.fullmatch(value[-1]):
        value = value[1:-1]   # quoted whole: straight quotes in their place; else kept within
    example = f'{key.strip()}: "{value}"' if key.strip() and value else 'title: "..."'
    return ("tanda kutip di baris ini adalah kutip miring (\u201c \u201d atau \u2018 \u2019), "
            "yang dibuat otomatis oleh ponsel atau Word, dan tidak dibaca sebagai tanda kutip; "
            f"ketik ulang dengan kutip lurus (\"), misalnya {example}")


# "key: @name", a social network's handle, which YAML cannot read unquoted.
_HANDLE = re.compile(r"\s*(?:-\s+)?([^\s:#][^:#]*?):\s+(@\S+)\s*(?:#.*)?$")


def _handle_hint(key: str, handle: str) -> str:
    address = profile_address(key, handle)
    return (f'nilai yang diawali @ harus diapit tanda kutip: {key}: "{handle}"' + (
        f"; untuk akun {key}, site.yaml memerlukan alamat lengkapnya: {key}: {address}"
        if address else ""))


# A line's key (group 1), maybe of a list item, up to its value.
_KEY_OF_LINE = r"\s*(?:-\s+)?([^\s:#'\"\[{][^:#]*?):\s+"
# "key: value: more", a value with ": " in it, which YAML reads as a mapping (a trailing
# comment aside).
_COLON_IN_VALUE = re.compile(_KEY_OF_LINE + r"([^'\"\s].*?)(?:\s+#.*)?\s*")


def quoted(value: str) -> str:
    """`value` as YAML reads it back: in double quotes, else in single quotes (doubled
    within)."""
    return f'"{value}"' if '"' not in value else "'" + value.replace("'", "''") + "'"


def curly_quoted(text: str) -> str | None:
    """The text inside the curly quotes that wrap the whole of `text` ("“Lomba”"), as a
    phone or Word writes quotes meant to mark a value (YAML keeps them); None if none do."""
    if len(text) > 2 and text[0] in "“‘" and text[-1] in "”’" \
            and not any(mark in text[1:-1] for mark in "“”‘’"):
        return text[1:-1].strip()
    return None


def as_value(text: str) -> str:
    """`text` as written after "key: " so that YAML reads it back: as it is when it can be,
    else quoted."""
    try:
        plain = yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        plain = False
    return text if plain else quoted(text)


def _colon_hint(key: str, value: str) -> str:
    return ('nilai yang berisi titik dua dan spasi (": ") harus diapit tanda kutip: '
            f"tulis {key}: {quoted(value)}")


# "key: "a "word" in quotes"" or "key: 'Jum'at'": a value in quotes holding the same
# quote, which ends the value early, so YAML cannot read the rest of the line.
_QUOTED_VALUE = re.compile(_KEY_OF_LINE + r"""((["']).*?)\s*""")


def _early_close_hint(line: str) -> str | None:
    """The hint for a line whose quoted value holds its own quote, else None."""
    match = _QUOTED_VALUE.fullmatch(line)
    if not match:
        return None
    key, value, quote = match[1], match[2], match[3]
    at = 1
    while at < len(value):
        if quote == '"' and value[at] == "\\":
            at += 2
        elif value[at] == quote and quote == "'" and value[at + 1:at + 2] == "'":
            at += 2
        elif value[at] == quote:
            break
        else:
            at += 1
    rest = value[at + 1:].strip()
    if at >= len(value) or not rest or rest.startswith("#"):
        return None
    inner = value[1:-1] if value.endswith(quote) else value   # '"Lomba" Mewarnai': all text
    mark = "petik (')" if quote == "'" else 'kutip (")'
    return (f"tanda {mark} di tengah nilai menutup nilai yang diawali tanda yang sama, jadi "
            f"sisa barisnya tidak terbaca; tulis {key}: {quoted(inner)}")


# "key: [PENGUMUMAN] Libur Natal": a value that starts with a list or a mapping in brackets
# and goes on after it, which YAML cannot read; the writer meant text.
_BRACKETED = re.compile(_KEY_OF_LINE + r"((?:\[[^\]]*\]|\{[^}]*\})[ \t]*[^\s#,].*?)\s*")


def _continued(error: yaml.YAMLError, lines: list[str]) -> tuple[int, str] | None:
    """(0-based line, message) when the error is a line of text under a "key: value"
    line, not indented more than its key: the value's next line, pasted as a line of its
    own (a summary of two lines), which YAML reads as a key without its colon."""
    if not (isinstance(error, yaml.MarkedYAMLError) and error.context_mark is not None
            and error.context == "while scanning a simple key"):
        return None
    number = error.context_mark.line
    if number >= len(lines) or ":" in lines[number]:
        return None
    above = number - 1
    while above >= 0 and lines[above].strip() and ":" not in lines[above]:
        above -= 1   # lines of the same value, pasted as lines too
    key = re.match(_KEY_OF_LINE + r"[^'\"|>\s]", lines[above]) if above >= 0 else None
    indent = len(lines[number]) - len(lines[number].lstrip())
    if not key or indent > key.start(1):
        return None
    return number, (f'baris ini tampaknya sambungan nilai kolom "{key[1]}" di atasnya, tetapi '
                    "tidak menjorok ke dalam, jadi dibaca sebagai kolom tanpa titik dua; "
                    f'gabungkan ke baris "{key[1]}" itu, atau awali baris ini dengan '
                    f"{key.start(1) + 2} spasi")


# A line of a field and its value ("  end: 8.00"): its indentation (group 1, with a list's
# "- "), name and value; a value that goes on in the line below is a plain one (group 3).
_FIELD_LINE = re.compile(r"(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*):[ \t]+(?:([^\s'\"\[{|>&*!#%@`]"
                         r".*?)|(\S.*?))\s*(?:\s#.*)?")


def _indented_too_far(error: yaml.YAMLError, lines: list[str]) -> tuple[int, str] | None:
    """(0-based line, message) when the line of a "mapping values are not allowed" error
    is a field indented deeper than the field above it, whose plain value YAML then
    reads as going on in this line (one space too many, from a phone's keyboard); not
    when the value has ": " in it, which is the mistake then (_colon_hint)."""
    if not (isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None
            and "mapping values are not allowed" in (error.problem or "")):
        return None
    number = error.problem_mark.line
    above = number - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    here = _FIELD_LINE.fullmatch(lines[number]) if number < len(lines) else None
    field = _FIELD_LINE.fullmatch(lines[above]) if above >= 0 else None
    if not (here and field and field[3]) or "-" in here[1] or ": " in (here[3] or ""):
        return None
    column, indent = len(field[1]), len(here[1])
    if indent <= column:
        return None
    name = field[2]
    return number, (f'baris ini menjorok {indent - column} spasi lebih dalam daripada "{name}:" '
                    f'di baris atasnya, jadi dibaca sebagai lanjutan nilai "{name}"; '
                    + (f"awali baris ini dengan {column} spasi" if column
                       else "hapus spasi di awal baris ini")
                    + f', sejajar dengan "{name}:"')


# "description: |" (or ">"): a block of text, whose lines are indented deeper than its name.
_BLOCK_START = re.compile(r"(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*):[ \t]+([|>][-+0-9]*)"
                          r"[ \t]*(?:#.*)?")


def _block_not_indented(error: yaml.YAMLError, lines: list[str]) -> tuple[int, str] | None:
    """(0-based line, message) when the error comes after a block of text ("description:
    |") whose first line is not indented deeper than its name: YAML reads the block as
    empty and its text as fields. The message is at that first line."""
    if not (isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None):
        return None
    last = min(error.problem_mark.line, len(lines) - 1)
    start = next((number for number in range(last, -1, -1)
                  if _BLOCK_START.fullmatch(lines[number])), None)
    if start is None:
        return None
    block = _BLOCK_START.fullmatch(lines[start])
    text = next((number for number in range(start + 1, last + 1) if lines[number].strip()),
                None)
    if text is None or len(lines[text]) - len(lines[text].lstrip()) > len(block[1]) \
            or _FIELD_LINE.fullmatch(lines[text]) or lines[text].rstrip().endswith(":"):
        return None
    name, column = block[2], len(block[1])
    return text, (f'teks di bawah "{name}: {block[3]}" harus menjorok lebih dalam daripada '
                  f'"{name}:"; awali setiap barisnya dengan {column + 2} spasi')


# "title Kelas Yoga": a field's name and its value without the colon between them.
_NAME_WITHOUT_COLON = re.compile(r"(\s*(?:-\s+)?)([a-z][a-z_]{1,24})[ \t]+([^\s:#].*?)\s*")
# The content format's most written names, known before any other line names them.
_COMMON_NAMES = frozenset({"title", "date", "tags", "image", "image_alt", "summary", "draft",
                           "author", "source", "updated", "program", "id", "day", "start",
                           "end", "location", "note", "period", "weekly", "sessions", "except",
                           "closed", "cancelled", "description", "registration"})


def _near(error: yaml.YAMLError, lines: list[str],
          marks: tuple[str, ...] = ("context_mark", "problem_mark")) -> list[int]:
    """The 0-based lines of the error's `marks` and the lines above them, in order."""
    found = [getattr(error, name, None) for name in marks]
    return sorted({line for mark in found if mark is not None
                   for line in (mark.line - 1, mark.line) if 0 <= line < len(lines)})


# "– date: …", "• date:", "-date:": an item of a list marked with a dash or dot that is
# not the hyphen-minus and a space YAML takes (a phone keyboard, WhatsApp, Word).
_OTHER_LIST_MARK = re.compile(r"(\s*)([–—•●·−*+]\s*|-(?=[a-z]))([a-z_]{2,25}:(?:\s.*)?)")


def _list_mark(error: yaml.YAMLError, lines: list[str]) -> tuple[int, str] | None:
    """(0-based line, message) for a line near the error that marks a list item with
    another sign than "- "."""
    for number in _near(error, lines):
        marked = _OTHER_LIST_MARK.fullmatch(lines[number])
        if marked:
            sign = marked[2].strip()
            return number, ((f'tanda daftar harus tanda minus biasa (-) diikuti spasi, bukan '
                             f'"{sign}"' if sign != "-" else
                             'tidak ada spasi sesudah tanda daftar "-"')
                            + f"; tulis - {marked[3].strip()}")
    return None


def _colon_missing(error: yaml.YAMLError, lines: list[str]) -> tuple[int, str] | None:
    """(0-based line, message) when the line of the error or the one above it is a field's
    name and value without the colon ("title Kelas Yoga", "- date 2026-12-19"): a name
    of _COMMON_NAMES or one the text writes as a field elsewhere."""
    for number in _near(error, lines):
        written = _NAME_WITHOUT_COLON.fullmatch(lines[number])
        name = written[2] if written else None
        if name and (name in _COMMON_NAMES or re.search(
                rf"^[ \t]*(?:-[ \t]+)?{name}:(?:\s|$)", "\n".join(lines), re.MULTILINE)):
            return number, (f'titik dua sesudah nama kolom "{name}" hilang, jadi baris ini '
                            f"tidak dibaca sebagai kolom; tulis {written[1].strip()}"
                            f"{' ' if written[1].strip() else ''}{name}: {written[3]}")
    return None


# "title:Lomba": a name and its value with no space after the colon, which YAML reads as
# one text (joined with the next line, when one follows).
_GLUED = re.compile(r"(\s*(?:-\s+)?[a-z_]{2,30}):(?=[^\s/:])(.*)")


def _glued_near(error: yaml.YAMLError, lines: list[str]) -> tuple[int, str] | None:
    """glued_colon of the line of the error or the one above it (where "title:Lomba" is
    when YAML stumbles on the next line); not further up, where such a line may be text
    of a block ("description: |")."""
    near = _near(error, lines, ("problem_mark",))
    found = glued_colon([lines[number] for number in near])
    return (near[found[0]], found[1]) if found else None


def glued_colon(lines: list[str]) -> tuple[int, str] | None:
    """(0-based line, message) for the first of `lines` written "name:value", else None."""
    for number, line in enumerate(lines):
        glued = _GLUED.fullmatch(line)
        if glued:
            return number, (f'tidak ada spasi setelah titik dua, jadi "{line.strip()}" tidak '
                            f"dibaca sebagai kolom; tulis {glued[1].strip()}: "
                            f"{glued[2].strip()}")
    return None


def _explain(error: yaml.YAMLError, line: str = "") -> str:
    """The message of a YAML error found at `line` (its text)."""
    if _HASH_VALUE.search(line):   # the parser's own words name what follows the cut
        return f"YAML tidak bisa dibaca: {_HASH_COMMENT}"
    if _CURLY_QUOTES.search(line):   # quoted, the writer thinks, and the cause
        return f"YAML tidak bisa dibaca: {_curly_quotes(line)}"
    early = _early_close_hint(line)
    if early:
        return f"YAML tidak bisa dibaca: {early}"
    bracketed = _BRACKETED.fullmatch(line)
    if bracketed:
        key, value = bracketed[1], bracketed[2]
        listed, _, rest = value[1:].partition("]")
        if value.startswith("[") and "," in listed:   # "tags: [Anak, Lomba] Literasi"
            return ("YAML tidak bisa dibaca: teks sesudah ] tidak terbaca; tulis semua isi "
                    f"daftar di dalam kurung siku: {key}: [{listed.strip()}, {rest.strip()}]")
        return ("YAML tidak bisa dibaca: nilai yang diawali [ atau { dibaca sebagai daftar, "
                "jadi teks sesudahnya tidak terbaca; apit seluruh nilainya dengan tanda kutip: "
                f"tulis {key}: {quoted(value)}")
    text = " ".join(filter(None, (getattr(error, "context", None),
                                  getattr(error, "problem", None)))) or str(error)
    handle = _HANDLE.match(line)
    if handle and "cannot start any token" in text:
        return f"YAML tidak bisa dibaca: {_handle_hint(handle[1], handle[2])}"
    colon = _COLON_IN_VALUE.fullmatch(line)
    if colon and "mapping values are not allowed" in text:
        return f"YAML tidak bisa dibaca: {_colon_hint(colon[1], colon[2])}"
    for words, hint in _HINTS:
        if words in text:
            return f"YAML tidak bisa dibaca: {hint}"
    return ("YAML tidak bisa dibaca; periksa jarak di awal baris (indentasi), titik dua "
            "dan tanda kutip di baris ini dan baris sebelumnya")


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


# -- libyaml for the plain front matter of most files -------------------------------------------

class _FastLoader(yaml.cyaml.CParser, _Loader):   # type: ignore[misc]
    """_Loader with libyaml's C parser and composer: about ten times faster, so used on
    text in which the limits _Loader.compose_node enforces cannot be reached and the
    parsers cannot differ (`_plain_enough`). Constructors and resolvers are _Loader's."""

    def __init__(self, stream: str):
        yaml.cyaml.CParser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


FAST_MAX_CHARACTERS = 16_000   # too short for MAX_VALUES values or MAX_DEPTH block levels
FAST_MAX_BRACKETS = 8          # [ and { open at once
_NOT_FAST = re.compile(r"[&*!\\\t]|" + yaml.reader.Reader.NON_PRINTABLE.pattern)
_BRACKET = re.compile(r"[\[\]{}]")


def _plain_enough(text: str) -> bool:
    """Whether `text` is plain enough for _FastLoader: short; no anchor, alias or tag
    (& * !), escape or tab; no character PyYAML's reader
    refuses; brackets nested at most FAST_MAX_BRACKETS deep (counted in quotes too)."""
    if len(text) > FAST_MAX_CHARACTERS or _NOT_FAST.search(text):
        return False
    depth = 0
    for bracket in _BRACKET.findall(text):
        depth += 1 if bracket in "[{" else -1
        if depth > FAST_MAX_BRACKETS:
            return False
    return True


# Spaces that text copied from a web page, a chat or Word brings, which YAML does not take
# for spaces: a no-break space or a tab between "title:" (or a list's "-") and its value.
# Each is read as the space it looks like (one character for one, so columns and lines
# stay). As indentation, a no-break space is an error that says so (_NO_BREAK_INDENT):
# where a line belongs is then a guess. And marks nobody sees, dropped from a field's name.
_COPIED_SPACE = re.compile("(?::|^[ ]*-)[\u00a0\u2007\u202f\t]", re.MULTILINE)
_NO_BREAK_INDENT = re.compile("^[ \t]*[\u00a0\u2007\u202f]", re.MULTILINE)
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")


def _no_break_indent(text: str) -> tuple[int, str] | None:
    """(line, message) for the first line of `text` indented with a no-break space."""
    if "\u00a0" not in text and "\u2007" not in text and "\u202f" not in text:
        return None   # most texts, at 1/30 of the regex's cost
    found = [text.count("\n", 0, match.start()) + 1 for match in _NO_BREAK_INDENT.finditer(text)]
    if not found:
        return None
    more = f" (juga {len(found) - 1} baris lain)" if len(found) > 1 else ""
    return found[0], ("YAML tidak bisa dibaca: baris ini" + more + " diawali spasi khusus "
                      "(no-break space) yang terbawa saat menyalin dari WhatsApp, Word atau "
                      "halaman web, dan YAML hanya membaca spasi biasa; hapus jarak di awal "
                      "baris lalu ketik ulang spasinya")


def load_yaml(text: str, location: Location, problems: Problems, line_offset: int = 0,
              fast: bool = True) -> Any:
    """Parse one YAML document; record problems with their line and return None on failure.

    `line_offset` is the number of file lines before `text` starts (front matter
    begins after its opening `---`), so reported lines are lines of the file.
    """
    loader = None
    if _COPIED_SPACE.search(text):
        text = _COPIED_SPACE.sub(lambda match: match[0][:-1] + " ", text)
    indented = _no_break_indent(text)
    if indented:
        problems.error(location.at(indented[0] + line_offset), indented[1])
        return None
    try:
        loader = _FastLoader(text) if fast and _plain_enough(text) else _Loader(text)
        loader.line_offset, loader.location, loader.problems = line_offset, location, problems
        loader.source = text
        return loader.get_single_data()
    except yaml.reader.ReaderError as error:
        line = _error_line(error, text)
        problems.error(location.at(line + line_offset if line else None),
                       forbidden_message(chr(error.character)))
    except _Refused as error:
        problems.error(location.at(error.problem_mark.line + 1 + line_offset), error.problem)
    except yaml.YAMLError as error:
        if isinstance(loader, _FastLoader):   # libyaml's words differ: ask PyYAML's
            loader.dispose()
            return load_yaml(text, location, problems, line_offset, fast=False)
        lines = text.split("\n")
        continued = (_block_not_indented(error, lines) or _indented_too_far(error, lines)
                     or _list_mark(error, lines) or _glued_near(error, lines)
                     or _colon_missing(error, lines) or _continued(error, lines))
        if continued:
            problems.error(location.at(continued[0] + 1 + line_offset),
                           f"YAML tidak bisa dibaca: {continued[1]}")
            return None
        line = _error_line(error, text)
        shown = text.split("\n")[line - 1] if line else ""
        problems.error(location.at(line + line_offset if line else None), _explain(error, shown))
    except RecursionError:   # MAX_DEPTH keeps PyYAML well inside the limit; in case
        problems.error(location, _too_deep())
    finally:
        if loader is not None:
            loader.dispose()
    return None
