"""The quick inline stage (markdown._QuickInline) writes what stock Python-Markdown writes.

It skips the inline patterns that cannot match a text; these tests convert the
sample site, the test sites and thousands of generated texts dense with
Markdown marks both ways and compare the HTML byte for byte. Likewise for the
link patterns' bracket matching worked out over brackets alone (markdown._BracketEnds).
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Callable

import markdown
import pytest

from markdown import inlinepatterns

from site_builder.markdown import (MarkdownRenderer, _BracketEnds, _find_bracket_ends_by_brackets,
                                   _QuickInline, _starts_pattern, extensions)

ROOT = Path(__file__).resolve().parent.parent

# Pieces of text, chosen so that generated texts cross every inline pattern's start and
# its near misses: marks alone, marks escaped, marks inside code, links and raw HTML.
PIECES = [
    "kata", "Perpustakaan", "desa", " ", " ", " ", "\n", "\n\n", "  \n", "   \n", "\t",
    "*", "**", "***", "_", "__", "___", "*miring*", "**tebal**", "_a_", "__b__", "a_b_c",
    "`", "``", "`kode`", "`` `x` ``", "\\", "\\\\", "\\*", "\\_", "\\`", "\\[", "\\<", "\\&",
    "[", "]", "(", ")", "![", "[teks](/jadwal/)", "[teks](https://contoh.id \"judul\")",
    "![gambar](/a.jpg)", "[ref]", "[ref][]", "[teks][ref]", "![alt][ref]", "\n\n[ref]: /r\n\n",
    "[^1]", "\n\n[^1]: Catatan kaki.\n\n", "[^x", "<", ">", "<b>", "</b>", "<br>",
    "<https://diskarpus.jepara.go.id>", "<surat@jepara.go.id>", "<!-- catatan -->", "<3",
    "&", "&amp;", "&#169;", "&#x41;", "&nbsp;", "& ", "!", "#", "# Judul\n", "\n- butir\n",
    "\n1. satu\n", "\n> kutipan\n", "\n```\nkode *x*\n```\n", "\n    kode [x]\n",
    "\n| a | b |\n|---|:-:|\n| *1* | [2](/) |\n", "\n*[HTML]: Hyper Text\n", "HTML",
    "{: .kelas }", "\nIstilah\n:   Definisi *x*\n", "<div markdown=\"1\">*x*</div>",
    "\x02", "\x03", "klzzwxh:0000", "é", "ü", "—",
    # gfm.py's patterns: strikethrough, bare addresses
    "~", "~~", "~~~", "~~coret~~", "https://contoh.id/a_(b)", "http://", "www.contoh.id",
    "www.", "surat@contoh.id", "@", "a@b", ").", "(",
]


def _stock() -> markdown.Markdown:
    return markdown.Markdown(extensions=extensions(), output_format="html")


def _with_quick_inline(converter: markdown.Markdown) -> None:
    converter.treeprocessors.register(_QuickInline(converter), "inline", 20)


def converts_as_stock(texts: list[str],
                      shortcut: Callable[[markdown.Markdown], None] = _with_quick_inline) -> None:
    """Each text converts to the same HTML with `shortcut` applied as without it."""
    stock, quick = _stock(), _stock()
    shortcut(quick)
    for text in texts:
        expected = stock.reset().convert(text)
        assert quick.reset().convert(text) == expected, text


def site_bodies() -> list[str]:
    """Every Markdown file of the sample site and of the test sites."""
    return [path.read_text("utf-8", "replace")
            for folder in (ROOT / "content", ROOT / "tests" / "sites")
            for path in sorted(folder.rglob("*.md"))]


def generated(pieces: list[str], seed: object, count: int, longest: int) -> list[str]:
    """`count` texts of 1 to `longest` pieces drawn from `pieces`, from a fixed seed."""
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, longest)))
            for _ in range(count)]


def test_every_body_of_the_sample_site_and_the_test_sites_converts_the_same():
    texts = site_bodies()
    assert len(texts) > 40
    converts_as_stock(texts)


@pytest.mark.parametrize("seed", range(4))
def test_generated_texts_dense_with_marks_convert_the_same(seed):
    converts_as_stock(generated(PIECES, seed, 800, 60))


STOCK_BRACKET_ENDS = getattr(inlinepatterns.LinkInlineProcessor, "_findBracketEnds", None)
needs_bracket_ends = pytest.mark.skipif(
    STOCK_BRACKET_ENDS is None, reason="this Python-Markdown (before 3.11) scans from each bracket")


@needs_bracket_ends
@pytest.mark.parametrize("seed", range(3))
def test_bracket_ends_are_the_stock_ones_at_every_index(seed):
    rng = random.Random(seed)
    for _ in range(3000):
        data = "".join(rng.choice("[[]]ab \\(") for _ in range(rng.randint(0, 40)))
        ours = _BracketEnds(data)
        assert [ours[index] for index in range(len(data) + 1)] == STOCK_BRACKET_ENDS(data), data


@needs_bracket_ends
def test_texts_convert_the_same_with_bracket_ends_by_brackets():
    converts_as_stock(site_bodies() + generated(PIECES, "brackets", 1500, 60),
                      shortcut=_find_bracket_ends_by_brackets)
    converter = MarkdownRenderer()._md
    assert converter.inlinePatterns["link"]._findBracketEnds is _BracketEnds
    assert converter.inlinePatterns["image_link"]._findBracketEnds is _BracketEnds


def test_the_renderer_uses_the_quick_stage_and_knows_where_each_pattern_starts():
    """Every inline pattern of the installed Python-Markdown has known starts, so none is
    tried where it cannot match; a release that changes its patterns fails here, and the
    builder still writes the same HTML, only slower."""
    converter = MarkdownRenderer()._md
    assert isinstance(converter.treeprocessors["inline"], _QuickInline)
    unknown = [type(pattern).__name__ for pattern in converter.inlinePatterns
               if _starts_pattern(pattern.compiled_re.pattern, pattern.compiled_re.flags) is None]
    assert unknown == []
    link = converter.inlinePatterns["link"].compiled_re
    assert _starts_pattern(link.pattern, link.flags).pattern == re.escape("[")
    line_break = converter.inlinePatterns["linebreak"].compiled_re
    assert _starts_pattern(line_break.pattern, line_break.flags).search("a  \nb")
    assert _starts_pattern(line_break.pattern, line_break.flags).search("a \nb  c") is None


@pytest.mark.parametrize("regex, starts", [
    (r"(?<!\!)\[", "["),                 # a look-behind consumes nothing
    (r"\!\[", "!["),
    (r"\*|_", "*|_"),
    (r"(a|b)c", "a|b"),
    (r"(?:xy)+z", "xy"),
    (r"[<&]x", "<|&"),
    (r"a*b", None),                      # may start with b: unknown, always tried
    (r"[a-z]", None),
    (r"(?i)abc", None),                  # any case: unknown
    (r".", None),
])
def test_literal_starts_are_only_claimed_when_every_match_begins_with_one(regex, starts):
    found = _starts_pattern(regex, re.compile(regex).flags)
    if starts is None:
        assert found is None
    else:
        assert found is not None
        assert sorted(found.pattern.split("|")) == sorted(re.escape(s) for s in starts.split("|"))
