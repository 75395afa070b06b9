"""Property-based tests: whatever the staff (or a broken editor) save, the build ends cleanly.

Each example copies a small real site that has been built once, writes one
hostile file into it, and runs the real command line in this process. Whatever
the file holds, the build must either succeed (exit 0, output/ complete, every
page UTF-8 without control characters) or fail cleanly (exit 1, every problem
line `content/FILE:LINE: kesalahan|peringatan: ...`, no traceback, output/
byte-for-byte as before). A crash anywhere in the builder fails the example, and
Hypothesis shrinks it to the smallest input that crashes.

Inputs: front matter fields given random YAML values of every type (and raw YAML
fragments: tags, anchors, quotes, brackets), deep nesting and very long lines;
Markdown bodies of random text, random bytes, NUL and other control characters,
invalid UTF-8 (lone surrogates as WTF-8 bytes, e.g. b"\\xed\\xa0\\x80", which is
what a lone surrogate would be if it were encoded), Windows-1252, BOM + CRLF and
mixed line endings; random site.yaml and schedule.yaml.

CI is deterministic: every test runs with `derandomize=True` and no example
database, so the same examples run each time; the file takes about 30 s on two
cores. To look for new failures, run with HYPOTHESIS_EXPLORE=1 (random examples,
ten times as many):

    HYPOTHESIS_EXPLORE=1 python -m pytest tests/test_properties.py
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import SITE_YAML, Run, make_site, run, snapshot

EXPLORE = bool(os.environ.get("HYPOTHESIS_EXPLORE"))


def examples(count: int) -> settings:
    """Settings for one property: `count` fixed examples on CI, ten times as many random
    ones when exploring."""
    return settings(
        max_examples=count * 10 if EXPLORE else count,
        derandomize=not EXPLORE,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=EXPLORE,
    )


# -- the site every example starts from ------------------------------------------------

NEWS = "content/news/2024-02-01-uji.md"
AWARD = "content/awards/2024-02-01-uji.md"
PAGE = "content/pages/uji.md"
SITE = "content/site.yaml"
SCHEDULE = "content/schedule.yaml"

BASE = {
    "content/news/2024-01-05-tetap.md": """\
        ---
        title: Berita Tetap
        date: 2024-01-05
        tags: [Literasi]
        ---
        Isi berita yang *selalu* ada. Lihat [jadwal](/jadwal/).
        """,
    "content/pages/profil.md": "---\ntitle: Profil\nmenu_order: 1\n---\nTentang kami.\n",
    SCHEDULE: """\
        programs:
          - id: mendongeng
            title: Mendongeng
            weekly:
              - day: Sabtu
                start: 09.00
                end: 10.00
            period: {from: 2026-11-01, until: 2026-12-31}
        """,
}
# What every successful build must have written.
ALWAYS = ["index.html", "berita/index.html", "berita/tetap/index.html", "profil/index.html",
          "jadwal/index.html"]

# Control characters (but tab and line ends), C1, non-characters, surrogates: invalid in
# HTML and XML, invisible to readers.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
PROBLEM_LINE = re.compile(r"^content/\S+(:\d+)?: (kesalahan|peringatan): ")
SUMMARY_LINE = re.compile(r"^(\d+ kesalahan, \d+ peringatan: situs tidak dibangun|\d+ peringatan\.)")


class Built:
    """The base site, built once: its root and a snapshot of its output/ (a short repr,
    as Hypothesis prints the arguments of a failing example)."""

    def __init__(self, root: Path):
        self.root = root
        self.output = snapshot(root / "output")

    def __repr__(self) -> str:
        return "built"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    root = make_site(tmp_path_factory.mktemp("properties"), BASE)
    result = run(root, "build")
    assert result.code == 0, result.err
    return Built(root)


def check_build(built: Built, files: dict[str, str | bytes]) -> Run:
    """Copy the built site, write `files` (text as is, not dedented), build, check;
    returns the run."""
    before = built.output
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        shutil.copytree(built.root, root, symlinks=True)
        for relative, data in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        result = run(root, "build")
        assert result.code in (0, 1), result.err
        assert "Traceback" not in result.err
        for line in filter(None, result.err.splitlines()):
            assert PROBLEM_LINE.match(line) or SUMMARY_LINE.match(line), line
        if result.code == 1:
            assert ": kesalahan: " in result.err
            assert snapshot(root / "output") == before, "output/ changed by a failed build"
        else:
            _check_output(root / "output")
        return result


def _check_output(output: Path) -> None:
    for page in ALWAYS:
        assert (output / page).is_file(), page
    for path in output.rglob("*"):
        if path.suffix in (".html", ".xml", ".ics", ".json"):
            text = path.read_bytes().decode("utf-8")   # raises if not UTF-8
            found = FORBIDDEN.search(text)
            assert found is None, f"{path.relative_to(output)}: {found.group()!r}"


# -- strategies ----------------------------------------------------------------------

# Python values of every type YAML can hold, nested; dumped with yaml.safe_dump.
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.text(st.one_of(st.characters(), st.characters(max_codepoint=0x9f),
                      st.characters(min_codepoint=0xd800, max_codepoint=0xdfff)), max_size=10),
    st.dates(), st.datetimes(), st.sampled_from(["", " ", "~", "yes", "no", "15:00", "15.30",
                                                 "2024-13-05", "2024-02-30", "0001-01-01",
                                                 "9999-12-31", "https://[::1/", "/a\x00b/"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)

# Raw YAML, as a person might type it: every character YAML treats specially.
YAML_BITS = ["a", "Judul", " ", "  ", "\t", ":", ": ", "-", "- ", "[", "]", "{", "}", ",", "'",
             '"', "\\", "#", "&a ", "*a", "!", "!!int ", "!!binary ", "!!timestamp ", "!!omap ",
             "!!set ", "!!python/object ", "%", "@", "`", "|", ">", "?", "<<: ", "~", "\n",
             "\n  ", "\u00a0", "\u2028", "\ufeff", "15:00", "2024-01-05", "\\0", "\\ud800",
             "\\x01", "1" * 5000, "é", "😀"]
raw_yaml = st.lists(st.sampled_from(YAML_BITS), max_size=30).map("".join)


@st.composite
def deep(draw) -> str:
    """A YAML flow value nested 1 to 10,000 levels ([[[...]]] or {a: {a: ...}})."""
    depth = draw(st.sampled_from([1, 5, 49, 50, 51, 200, 10_000]))
    if draw(st.booleans()):
        return "[" * depth + "x" + "]" * depth
    return "{a: " * depth + "x" + "}" * depth


long_line = st.builds(lambda unit, count: unit * count,
                      st.sampled_from(["a", "kata ", "[", "*a", "<a ", "\\", "'", ": "]),
                      st.sampled_from([1_000, 20_000, 100_000]))


def _bomb(levels: int) -> str:
    """One flow list whose anchors and aliases stand for 9 ** levels values."""
    parts = ["&l0 [x, x, x, x, x, x, x, x, x]"]
    parts += [f"&l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


# Values known to have crashed the builder or to need a message of their own.
TRICKY = [" !!int abc", " !!float abc", " !!bool maybe", " !!timestamp 2024-13-05",
          " !!omap [a: 1]", " !!set {a, b}", " !!binary xyz", " !!str {a: 1}", " !foo bar",
          " !Penting! Lomba", " & Co", " * a", " *tidak-ada", " " + "1" * 5000,
          " 0001-01-01T00:00:00+05:00", " 9999-12-31T23:00:00-05:00", " 0000-01-01",
          ' "https://[::1/"', " https://contoh.go.id:99999/", ' "a\\0b"', ' "a\\ud800b"',
          ' "\\uffff"', ' "\\x85"', " &a [*a]", " &a {<<: *a}", " {<<: 3}", " 2024-02-30",
          " 25:00", " 1e400", " .nan", " -.inf", " 0x" + "f" * 100, " 0b102", " 017",
          " ~", " Null", " NO", " on", " =", " <<", " " + _bomb(4), " " + _bomb(9)]


@st.composite
def field_value(draw) -> str:
    """The YAML text of one value: dumped, raw, tricky, deep or very long."""
    kind = draw(st.sampled_from(["dumped", "flow", "raw", "tricky", "tricky", "deep", "long"]))
    if kind in ("dumped", "flow"):
        dumped = yaml.safe_dump({"k": draw(values)}, allow_unicode=draw(st.booleans()),
                                default_flow_style=kind == "flow", width=10**6)
        text = dumped[len("k:"):].rstrip("\n")
        return text if text.startswith((" ", "\n")) else " " + text
    if kind == "tricky":
        return draw(st.sampled_from(TRICKY))
    if kind == "raw":
        return " " + draw(raw_yaml)
    if kind == "deep":
        return " " + draw(deep())
    return " " + draw(long_line)


NEWS_FIELDS = ["title", "date", "summary", "tags", "image", "image_alt", "author", "source",
               "updated", "slug", "draft"]
AWARD_FIELDS = NEWS_FIELDS + ["award", "giver", "recipient", "recipient_type", "year", "event",
                              "news"]
PAGE_FIELDS = ["title", "slug", "summary", "menu_order", "draft"]
VALID = {"title": " Uji", "date": " 2024-02-01", "award": " Juara", "giver": " Perpusnas",
         "recipient": " Perpustakaan Daerah"}
SECTIONS = {NEWS: NEWS_FIELDS, AWARD: AWARD_FIELDS, PAGE: PAGE_FIELDS}


@st.composite
def front_matter(draw) -> tuple[str, str]:
    """(path, file) of a news item, award or page whose fields are random YAML."""
    path = draw(st.sampled_from(sorted(SECTIONS)))
    fields = SECTIONS[path]
    chosen = draw(st.lists(st.sampled_from(fields + ["unknown", "title"]), max_size=4))
    lines = [f"{key}:{text}" for key, text in VALID.items() if key in fields]
    lines += [f"{key}:{draw(field_value())}" for key in chosen]
    draw(st.randoms()).shuffle(lines)
    return path, "---\n" + "\n".join(lines) + "\n---\nIsi.\n"


# -- front matter ---------------------------------------------------------------------

def _news(**fields: str) -> tuple[str, str]:
    return NEWS, "---\n" + "".join(f"{k}:{v}\n" for k, v in {**VALID, **fields}.items()) + "---\n"


@examples(60)
@given(front_matter())
# Each of these crashed the builder before (found by this file): kept as regressions.
@example(_news(summary=" !!int abc"))
@example(_news(draft=" !!bool maybe"))
@example(_news(date=" !!timestamp 2024-13-05"))
@example(_news(summary=" !!omap [a: 1]"))
@example(_news(title=" " + "1" * 5000))
@example(_news(date=" 0001-01-01T00:00:00+05:00"))
@example(_news(image=' "a\\0b"', image_alt=" x"))
@example(_news(title=' "a\\ud800b"'))
@example(_news(tags=" " + _bomb(9)))
def test_random_front_matter_is_handled(built, file):
    path, text = file
    check_build(built, {path: text})


@examples(15)
@given(st.sampled_from(sorted(SECTIONS)), st.sampled_from(["title", "tags", "summary", "date"]),
       deep())
def test_deep_front_matter_is_handled(built, path, key, value):
    text = "---\n" + "".join(f"{k}:{v}\n" for k, v in VALID.items()) + f"{key}: {value}\n---\n"
    check_build(built, {path: text})


# -- Markdown bodies ------------------------------------------------------------------

HEAD = "---\ntitle: Uji\ndate: 2024-02-01\n---\n"
MARKDOWN_BITS = ["kata", " ", "\n", "\n\n", "[", "]", "(", ")", "](", "![", "<", ">", "<a ",
                 "<div>", "</div>", '<div markdown="1">', "<![CDATA[", "<!--", "-->", "*", "**",
                 "_", "`", "```", "~~~", "#", "- ", "1. ", "> ", "    ", "\t", "|", "---", ": ",
                 "[^1]", "&", "&amp;", "\\", "/jadwal/", "https://contoh.go.id/", "{: #id }",
                 '<iframe src="https://evil.example/">', "</iframe>", "<script>", "é", "😀",
                 "\u00a0", "\u2028", "\u200b"]
markdown_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(MARKDOWN_BITS), max_size=200).map("".join),
    long_line,
    st.builds(lambda unit, depth: unit * depth + "a\n", st.sampled_from(["- ", "1. ", "> ", "  - "]),
              st.sampled_from([3, 32, 33, 300, 10_000])),
)
CONTROL = st.sampled_from(["\x00", "\x01", "\x02", "\x03", "\x0b", "\x0c", "\x1b", "\x7f",
                           "\x85", "\x93", "\ufffe", "\uffff"])
INVALID_UTF8 = st.sampled_from([b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\x80", b"\xff", b"\xc3",
                                b"\xe2\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf"])


def _insert(text: str, extra: str, at: int) -> str:
    at %= len(text) + 1
    return text[:at] + extra + text[at:]


@examples(60)
@given(markdown_text)
@example("\\" * 10)   # escapes once leaked into the summary as "\x0292\x03" (found by Hypothesis)
@example("- " * 10_000 + "a")
@example("[" * 10_000)
def test_random_markdown_body_is_handled(built, body):
    check_build(built, {NEWS: HEAD + body})


@examples(25)
@given(markdown_text, CONTROL, st.integers(min_value=0))
def test_control_characters_are_reported(built, body, control, at):
    check_build(built, {NEWS: HEAD + _insert(body, control, at)})


def _insert_bytes(data: bytes, extra: bytes, at: int) -> bytes:
    at %= len(data) + 1
    return data[:at] + extra + data[at:]


@examples(25)
@given(st.one_of(st.binary(max_size=2000),
                 st.builds(lambda text, bad, at: _insert_bytes(text.encode(), bad, at),
                           markdown_text, INVALID_UTF8, st.integers(min_value=0))))
def test_bytes_that_are_not_utf8_are_handled(built, body):
    check_build(built, {NEWS: HEAD.encode() + body})


@examples(20)
@given(st.text(st.characters(codec="cp1252"), max_size=200),
       st.sampled_from(["‘kutip’ “ganda” — pisah … € ", "Perpustakaan Daerah ", ""]))
def test_windows_1252_files_are_handled(built, text, word_text):
    data = (HEAD + word_text + text).encode("cp1252", "replace")
    check_build(built, {NEWS: data})


@examples(25)
@given(markdown_text, st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1),
       st.integers(min_value=0, max_value=3))
def test_line_endings_and_byte_order_marks_are_handled(built, body, endings, boms):
    lines = (HEAD + body).split("\n")
    text = lines[0] + "".join(endings[i % len(endings)] + line for i, line in enumerate(lines[1:]))
    check_build(built, {NEWS: b"\xef\xbb\xbf" * boms + text.encode()})


# -- site.yaml and schedule.yaml ------------------------------------------------------

SITE_FIELDS = ["title", "base_url", "language", "timezone", "tagline", "description", "contact",
               "social", "catalog_url", "menu", "per_page", "embed_hosts", "unknown"]


@examples(40)
@given(st.lists(st.tuples(st.sampled_from(SITE_FIELDS), field_value()), max_size=4),
       st.booleans())
@example([("base_url", ' "https://[::1/"')], False)   # crashed before: an unclosed IPv6 host
@example([("catalog_url", ' "https://[x/"')], True)
@example([("menu", ' [{title: a, url: "https://[x/"}]')], True)
def test_random_site_yaml_is_handled(built, fields, keep_required):
    text = SITE_YAML if keep_required else ""
    text += "".join(f"{key}:{value}\n" for key, value in fields)
    check_build(built, {SITE: text})


PROGRAM_FIELDS = ["id", "title", "summary", "description", "category", "partner", "location",
                  "audience", "fee", "quota", "registration", "weekly", "period", "except",
                  "sessions", "unknown"]
SESSION_VALUES = st.one_of(field_value(), st.sampled_from([
    " Senin", " selasa", " Jumat", " Senen", " 15:00", " 15.00", " 9.00", " 25:00", " 2026-11-02",
    " 2026-02-30", " {from: 2026-11-01, until: 2026-12-31}", " [2026-11-07]"]))


@st.composite
def schedule(draw) -> str:
    """A schedule.yaml: programs with random fields, weekly rules and sessions, or raw YAML."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.one_of(raw_yaml, deep(), st.text(max_size=200)))
    programs = []
    for number in range(draw(st.integers(0, 3))):
        lines = [f"  - id: p{number}", "    title: Kegiatan"]
        for key in draw(st.lists(st.sampled_from(PROGRAM_FIELDS), max_size=4)):
            if key in ("weekly", "sessions") and draw(st.booleans()):
                names = ["day", "start", "end"] if key == "weekly" else ["date", "start", "end",
                                                                         "location", "note"]
                items = draw(st.lists(st.lists(st.sampled_from(names), min_size=1, max_size=4),
                                      max_size=3))
                lines.append(f"    {key}:")
                for item in items:
                    lines += [f"      {'-' if i == 0 else ' '} {name}:{draw(SESSION_VALUES)}"
                              .replace("\n", "\n        ") for i, name in enumerate(item)]
            else:
                lines.append(f"    {key}:{draw(SESSION_VALUES)}".replace("\n", "\n      "))
        programs.append("\n".join(lines))
    return "programs:\n" + "\n".join(programs) + "\n"


@examples(50)
@given(schedule())
# Crashed before (OverflowError), and took 20 s for 300 years of daily sessions.
@example("programs:\n  - id: a\n    title: A\n    weekly: [{day: Senin, start: 10:00}]\n"
         "    period: {from: 0001-01-01, until: 9999-12-31}\n")
@example("programs:\n  - id: a\n    title: A\n    weekly: [{day: Senin, start: 10:00}]\n"
         "    period: {from: 1900-01-01, until: 2200-12-31}\n")
def test_random_schedule_yaml_is_handled(built, text):
    check_build(built, {SCHEDULE: text})


@examples(20)
@given(st.sampled_from([SITE, SCHEDULE, NEWS]), st.binary(max_size=500))
def test_random_bytes_in_any_file_are_handled(built, path, data):
    check_build(built, {path: data})


# -- what the inputs found above now get: the file, the line and the words ------------

FOUND = [
    # (files, "path:line", words of the message); each crashed the build or said too little
    ({NEWS: "---\ntitle: Uji\ndate: 2024-02-01\nsummary: !!int abc\n---\n"}, None, ""),
    ({NEWS: "---\ntitle: Uji\ndate: !!timestamp 2024-13-05\n---\n"}, f"{NEWS}:3",
     'kolom "date": "2024-13-05" bukan tanggal yang valid'),
    ({NEWS: "---\ntitle: Uji\ndate: 2024-02-01\ndraft: !!bool maybe\n---\n"}, f"{NEWS}:4",
     'kolom "draft" harus true atau false, bukan "maybe"'),
    ({NEWS: "---\ntitle: Uji\ndate: 2024-02-01\nsummary: !!omap [a: 1]\n---\n"}, f"{NEWS}:4",
     "tanda ! di awal nilai dibaca sebagai tag YAML"),
    ({NEWS: "---\ntitle: !Penting! Lomba\ndate: 2024-02-01\n---\n"}, f"{NEWS}:2",
     "tanda ! di awal nilai dibaca sebagai tag YAML"),
    ({NEWS: "---\ntitle: & Co\ndate: 2024-02-01\n---\n"}, f"{NEWS}:2",
     "tanda & di awal nilai dibaca sebagai jangkar"),
    ({AWARD: "---\ndate: 2024-02-01\naward: a\ngiver: b\nrecipient: c\nyear: " + "1" * 5000
             + "\n---\n"}, f"{AWARD}:6", 'kolom "year": angka "1111'),
    ({NEWS: "---\ntitle: Uji\ndate: 0001-01-01T00:00:00+05:00\n---\n"}, f"{NEWS}:3",
     "tahun harus antara 1900 dan 2200"),
    ({NEWS: '---\ntitle: Uji\ndate: 2024-02-01\nimage: "a\\0b"\nimage_alt: x\n---\n'},
     f"{NEWS}:4", "(kode 0x0000)"),
    ({NEWS: '---\ntitle: "a\\ud800b"\ndate: 2024-02-01\n---\n'}, f"{NEWS}:2", "(kode 0xd800)"),
    ({NEWS: "---\ntitle: Uji\ndate: 2024-02-01\na: &a {<<: *a}\n---\n"}, f"{NEWS}:4",
     "alias *a dipakai di dalam nilai yang ditandai &a itu sendiri"),
    ({NEWS: HEAD + "Isi\x00.\n"}, f"{NEWS}:5", "(kode 0x0000)"),
    ({NEWS: HEAD + "1. " * 600 + "a\n"}, f"{NEWS}:5", "lebih dari 32 tingkat daftar"),
    ({NEWS: b"\xef\xbb\xbf\xef\xbb\xbf" + HEAD.encode() + b"Isi.\n"}, None, ""),
    ({NEWS: (HEAD + "Isi\n").encode("utf-16")}, f"{NEWS}:1", "UTF-16"),
    ({NEWS: b"PK\x03\x04" + bytes(100)}, f"{NEWS}:1", "dokumen Word (.docx)"),
    ({NEWS: b"---\rtitle: Uji\rdate: 2024-02-01\r---\rIsi \x93kutip\x94.\r"}, f"{NEWS}:5",
     "bukan teks UTF-8"),
    ({NEWS: "\u2014\ntitle: Uji\ndate: 2024-02-01\n\u2014\nIsi.\n"}, f"{NEWS}:1",
     "tanda pisah panjang"),
    ({SITE: 'title: Uji\nbase_url: "https://[::1/"\n'}, f"{SITE}:2",
     'kolom "base_url": "https://[::1/" bukan alamat web lengkap'),
    ({SCHEDULE: "programs:\n  - id: a\n    title: A\n    weekly: [{day: Senin, start: 10:00}]\n"
                "    period: {from: 2000-01-01, until: 2200-01-01}\n"}, f"{SCHEDULE}:5",
     "lebih dari 10 tahun"),
]


@pytest.mark.parametrize("files, where, words", FOUND)
def test_what_was_found_gets_a_clear_message(built, files, where, words):
    """`where` None: it builds; else it fails at that file and line, with those words."""
    result = check_build(built, files)
    if where is None:
        assert result.code == 0, result.err
        return
    assert result.code == 1, result.err
    assert any(line.startswith(f"{where}: kesalahan: ") and words in line
               for line in result.err.splitlines()), result.err
