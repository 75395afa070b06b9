"""The project's YAML loader: lines, values as written, duplicate keys, syntax errors."""

from pathlib import Path

from site_builder.errors import Location, Problems
from site_builder.yamlfile import YamlList, YamlMapping, load_yaml

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


def test_tab_indentation_is_explained():
    _, problems = load("weekly:\n\t- day: Senin\n")
    [problem] = problems.errors
    assert problem.location.line == 2
    assert "spasi" in problem.message
