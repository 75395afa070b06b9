"""The project's YAML loader: lines, values as written, duplicate keys, syntax errors."""

from pathlib import Path

import pytest

from site_builder.errors import Location, Problems
from site_builder.yamlfile import YamlList, YamlMapping, _plain_enough, load_yaml

WHERE = Location(Path("content/schedule.yaml"))


def load(text, offset=0):
    problems = Problems()
    return load_yaml(text, WHERE, problems, offset), problems


def test_unquoted_times_are_not_numbers():
    data, problems = load("a: 15:00\nb: 15.30\nc: 9.00\nd: '9:00'\n")
    assert not problems.items
    assert data["a"] == "15:00"          # YAML 1.1 would read 900
    assert data.raw["b"] == "15.30"      # the float 15.3 keeps its written text
    assert data.raw["c"] == "9.00"
    assert data["d"] == "9:00"


def test_dates_stay_text_so_bad_ones_are_reported_not_crashed_on():
    data, problems = load("date: 2024-13-05\ngood: 2024-01-09\n")
    assert not problems.items
    assert data["date"] == "2024-13-05"
    assert data["good"] == "2024-01-09"


def test_lines_of_keys_and_items_count_from_one_plus_offset():
    data, _ = load("title: A\nlist:\n  - x\n  - 2024-04-09\nnested:\n  day: Selasa\n", offset=1)
    assert isinstance(data, YamlMapping) and isinstance(data["list"], YamlList)
    assert data.key_lines == {"title": 2, "list": 3, "nested": 6}
    assert data["list"].item_lines == [4, 5]
    assert data["list"].raw == ["x", "2024-04-09"]
    assert data["nested"].line_of("day") == 7
    assert data.line_of("missing") == data.line


def test_a_key_written_twice_is_an_error_with_both_lines():
    _, problems = load("title: A\ndate: 2024-01-01\ntitle: B\n")
    [problem] = problems.errors
    assert problem.location.line == 3
    assert 'kolom "title" ditulis dua kali (juga di baris 1)' in problem.message


def test_syntax_error_names_the_line_and_gives_a_hint():
    data, problems = load("summary: ok\ntitle: Kelas: Bahasa Inggris\n", offset=1)
    assert data is None
    [problem] = problems.errors
    assert problem.location.line == 3
    assert "tanda kutip" in problem.message


@pytest.mark.parametrize("line, written", [
    ('award: Juara 1: Perpustakaan Desa Terbaik', 'award: "Juara 1: Perpustakaan Desa Terbaik"'),
    ('title: Lomba: "Membaca" Cepat', "title: 'Lomba: \"Membaca\" Cepat'"),
    ("title: Kelas: Bahasa Inggris   # judul", 'title: "Kelas: Bahasa Inggris"'),
])
def test_a_value_with_a_colon_is_given_quoted_as_it_must_be_written(line, written):
    _, problems = load(f"date: 2026-11-28\n{line}\n")
    [problem] = problems.errors
    assert problem.location.line == 2
    assert problem.message.endswith(f"tulis {written.strip()}"), problem.message


@pytest.mark.parametrize("line", ["title: *Lomba* Mewarnai", "tags: [*Anak*, Lomba]"])
def test_bold_written_in_a_field_is_told_in_words_staff_know(line):
    """YAML reads "*Lomba" as an alias: the message says a field cannot be bold, not
    "alias"."""
    _, problems = load(f"date: 2026-11-28\n{line}\n")
    [problem] = problems.errors
    assert problem.location.line == 2
    assert "tidak bisa dicetak tebal); hapus tanda *" in problem.message, problem.message
    assert "alias" not in problem.message


def test_tab_indentation_is_explained():
    _, problems = load("weekly:\n\t- day: Senin\n")
    [problem] = problems.errors
    assert problem.location.line == 2
    assert "spasi" in problem.message


# --- libyaml for plain text: the same values, lines and problems as PyYAML's reader -------

def _every_yaml_text() -> list[str]:
    """Every front matter and YAML file of the sample site and the test sites, plus texts
    near the edges of what `_plain_enough` lets libyaml read."""
    project = Path(__file__).resolve().parent.parent
    texts = []
    for path in sorted([*project.glob("content/**/*"), *project.glob("tests/sites/**/*")]):
        if path.suffix not in (".md", ".yaml", ".yml") or not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        if path.suffix == ".md":
            parts = text.split("---", 2)
            text = parts[1] if len(parts) == 3 else ""
        texts.append(text)
    return texts + [
        "title: 50% diskon: hari ini\n", "a: [b, [c, {d: e}]]\n", "a: 'x'y'\n", "- a\n- b: c\n",
        "a: |\n  baris satu\n  baris dua\nb: >\n  lipat\n  ini\n", "a: 0o17\nb: 0x1F\nc: 1_000\n",
        "a: yes\nb: No\nc: ~\nd: null\ne: .inf\nf: -.NaN\ng: 1e3\nh: 15:00\n",
        "a: b\na: c\n", "a:\n- 1\n -2\n", "a: [b\n", "a: \"x\ny\"\n", "? a\n: b\n",
        "a: b #komentar\n# hanya komentar\n", "", "   \n", "a: 'it''s'\n", "[[[[[[[[[1]]]]]]]]]\n",
        "title: Judul — dengan tanda “kutip”\n", "a:\n  b:\n    c:\n      d: 1\n",
        "a: 2024-01-05 08:45\nb: 2024-13-45\n", "a: @x\n", "a: `x`\n", "%YAML 1.1\n---\na: 1\n",
    ]


@pytest.mark.parametrize("text", _every_yaml_text())
def test_libyaml_reads_plain_text_as_pyyaml_does(text):
    fast, slow = Problems(), Problems()
    value = load_yaml(text, WHERE, fast, 3)
    expected = load_yaml(text, WHERE, slow, 3, fast=False)
    assert value == expected and _facts(value) == _facts(expected)
    assert fast.items == slow.items


def test_libyaml_is_used_for_plain_front_matter_only():
    assert _plain_enough("title: Kelas komputer\ndate: 2024-01-05\ntags: [a, b]\n")
    for text in ["a: &x 1\nb: *x\n", "a: !!str 1\n", 'a: "\\u0041"\n', "a:\tb\n",
                 "a: " + "[" * 9 + "]" * 9 + "\n", "a: b\n" * 4000, "a: \x07\n"]:
        assert not _plain_enough(text), text


def _facts(value):
    """What the loader remembers beside values: lines and the text as written."""
    if isinstance(value, YamlMapping):
        return (value.line, value.key_lines, value.raw,
                {key: _facts(item) for key, item in value.items()})
    if isinstance(value, YamlList):
        return (value.line, value.item_lines, value.raw, [_facts(item) for item in value])
    return type(value).__name__


def test_a_glued_colon_is_blamed_only_where_yaml_stumbled():
    """"title:Lomba" is named when the error is on its line or the next; text of a block
    further up ("waktu:08.00" in a description) is never blamed for a later mistake."""
    value, problems = load("title:Lomba\ndate: 2026-11-20\n")
    assert value is None and "tulis title: Lomba" in problems.errors[0].message
    value, problems = load('description: |\n  waktu:08.00 di aula\ntitle: "Lomba\n'
                           "date: 2026-11-20\nnote: a: b\n")
    assert value is None and len(problems.errors) == 1
    assert "waktu" not in problems.errors[0].message, problems.errors[0].message
