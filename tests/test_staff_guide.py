"""docs/panduan-staf.md keeps its promise: every example in it is built here.

The guide marks each example file with a comment naming its path:
    <!-- contoh: content/news/....md -->            builds with no problem at all
    <!-- contoh-salah: content/news/....md -->      fails; the ```text block after it
    <!-- contoh-peringatan: content/....md -->      builds with a warning; likewise
lists lines the build prints (each line of the block must start a line of stderr).
Every `python build.py ...` command it shows is one the command line accepts.
"""

from __future__ import annotations

import re
import shlex

import pytest

from conftest import PROJECT, image_bytes, make_site, run
from site_builder.cli import _normalise, make_parser

GUIDE = (PROJECT / "docs" / "panduan-staf.md").read_text(encoding="utf-8")
EXAMPLE = re.compile(r"<!-- (contoh|contoh-salah|contoh-peringatan): (\S+) -->\n"
                     r"```\w*\n(.*?)```\n(?:\n```text\n(.*?)```)?", re.DOTALL)
EXAMPLES = [pytest.param(kind, path, text, expected, id=f"{index}-{kind}-{path}")
            for index, (kind, path, text, expected) in enumerate(EXAMPLE.findall(GUIDE))]
COMMANDS = re.findall(r"^\s*python build\.py (.+)$", GUIDE, re.MULTILINE)


def _site_with(tmp_path, path: str, text: str):
    files: dict[str, str | bytes] = {path: text}
    folder = path.rsplit("/", 1)[0]
    if path.endswith("/index.md"):   # a bundle: its pictures beside it
        for name in set(re.findall(r"[\w-]+\.(?:jpg|png)", text)):
            files[f"{folder}/{name}"] = image_bytes(640, 480)
    return make_site(tmp_path, files)


def test_the_guide_has_examples_of_every_kind():
    kinds = [param.values[0] for param in EXAMPLES]
    assert kinds.count("contoh") >= 7 and kinds.count("contoh-salah") >= 8
    paths = {param.values[1] for param in EXAMPLES}
    assert {"content/schedule.yaml", "content/site.yaml"} <= paths
    assert any(path.startswith("content/awards/") for path in paths)
    assert any(path.startswith("content/pages/") for path in paths)


@pytest.mark.parametrize("kind, path, text, expected", EXAMPLES)
def test_every_example_builds_as_the_guide_says(tmp_path, kind, path, text, expected):
    root = _site_with(tmp_path, path, text)
    result = run(root, "build")
    if kind == "contoh":
        assert result.code == 0 and result.err == "", result.err
        return
    assert result.code == (1 if kind == "contoh-salah" else 0), result.err
    printed = result.err.splitlines()
    for line in expected.strip().splitlines():
        assert any(shown.startswith(line) for shown in printed), (line, result.err)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_in_the_guide_is_accepted(command):
    assert len(COMMANDS) >= 6
    args = make_parser().parse_args(_normalise(shlex.split(command)))
    assert args.command == shlex.split(command)[0]
