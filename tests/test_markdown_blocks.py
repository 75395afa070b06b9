"""Block processors are not asked about blocks they cannot apply to (markdown._BLOCK_NEEDS),
whole stages are passed over for a body that gives them nothing to do
(markdown._STAGE_NEEDS), and the HTML is what stock Python-Markdown writes.

Each shortcut claims that a block holding none of some texts (">" for a quote,
"|" for a table ...) is not that processor's kind. These tests check each claim
against the stock processor on thousands of generated blocks dense with Markdown
marks, and convert the sample site, the test sites and generated texts both ways,
comparing the HTML byte for byte.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
import pytest

from site_builder.markdown import (MarkdownRenderer, extensions, scrollable_tables,
                                   _BLOCK_NEEDS, _STAGE_NEEDS, _FirstParagraph,
                                   _skip_blocks_that_cannot_apply, block_needs, stage_needs)
from test_markdown_inline import PIECES, converts_as_stock, generated, site_bodies

# Characters and pieces that start or nearly start every kind of block.
BLOCK_PIECES = PIECES + [
    "> ", ">", "   >", "#", "##", "###### ", "\n=", "\n===", "\n-", "\n---", "---", "___",
    "* * *", "- - -", "_ _ _", "    ", "   ", ":", ": ", ":   ", "   : x", "|", "| a |",
    "|:-|", "-|-", "[^1]:", "[^", "^", "*[", "*[A]:", "*[A]: Abbr", "[a]:", "]:", "[a]: /x",
    "[a]:\n  /x \"t\"", "1.", "2)", "+ ", "- ", "* ", "\n\n", "\n", "\t", "~~~", "```",
    "\n~~~\nkode *x*\n~~~\n", "\n~~~ {.python}\nx = 1\n~~~\n", "{ .kelas }", "{#nama}",
    "\n## Judul {#judul}\n", "*x*{ .c }", "\nparagraf\n{: #p }\n",
]


def _stock() -> markdown.Markdown:
    return markdown.Markdown(extensions=extensions(), output_format="html")


def _blocks(seed: int, count: int) -> list[str]:
    return [text.strip("\n") or "x" for text in generated(BLOCK_PIECES, seed, count, 12)]


def test_every_known_block_processor_of_the_installed_markdown_is_skipped_by_what_it_needs():
    """A release that spells one of these regexes otherwise fails here (the builder then
    asks that processor about every block: the same HTML, only slower)."""
    converter = MarkdownRenderer()._md
    named = {(type(p).__module__, type(p).__qualname__): p
             for p in converter.parser.blockprocessors}
    for key, (_, _, needs) in _BLOCK_NEEDS.items():
        assert key in named, key
        assert block_needs(named[key]) == needs, key
    # the others have no claim and are asked as they are
    paragraph = converter.parser.blockprocessors["paragraph"]
    assert block_needs(paragraph) is None
    assert "test" not in vars(paragraph)


@pytest.mark.parametrize("seed", range(3))
def test_a_processor_never_applies_to_a_block_without_what_it_needs(seed):
    """The claim itself, against the stock processor: for a block holding none of the
    texts, `test` says no, or (footnotes, abbreviations, references) `run` says no and
    leaves the block where it was."""
    converter = _stock()
    root = etree.Element("div")
    checked = 0
    for processor in list(converter.parser.blockprocessors):
        needs = block_needs(processor)
        if needs is None:
            continue
        for block in _blocks(seed * 100 + len(needs), 3000):
            if any(need in block for need in needs):
                continue
            checked += 1
            if not processor.test(root, block):
                continue
            blocks = [block, "sesudahnya"]
            assert processor.run(root, blocks) is False, (type(processor).__name__, block)
            assert blocks == [block, "sesudahnya"]
            assert len(root) == 0
    assert checked > 9 * 1000


@pytest.mark.parametrize("texts", ["sites", 0, 1, 2])
def test_bodies_convert_the_same_with_blocks_skipped(texts):
    """The sample site's and the test sites' bodies, then texts dense with block marks."""
    bodies = site_bodies() if texts == "sites" else generated(BLOCK_PIECES, texts, 800, 80)
    assert len(bodies) > 40
    converts_as_stock(bodies, _skip_blocks_that_cannot_apply)


def test_the_renderer_converts_as_stock_markdown_with_every_shortcut():
    """Its converter skips blocks, stages and inline patterns (test_markdown_inline.py)."""
    texts = generated(BLOCK_PIECES, 7, 800, 80)
    stock, renderer = _stock(), MarkdownRenderer()
    # what the renderer adds besides the shortcuts (it turns table alignment into classes)
    stock.treeprocessors.register(_FirstParagraph(stock), "first_paragraph", 5)
    for text in texts:
        assert renderer._md.reset().convert(text) == stock.reset().convert(text), text


# -- whole stages ------------------------------------------------------------------------------

def _named(processors) -> dict:
    return {(type(p).__module__, type(p).__qualname__): p for p in processors}


def test_every_known_stage_of_the_installed_markdown_is_passed_over_by_what_it_needs():
    converter = MarkdownRenderer()._md
    named = _named([*converter.preprocessors, *converter.treeprocessors])
    for key, (_, _, needs) in _STAGE_NEEDS.items():
        assert key in named, key
        assert stage_needs(named[key]) == needs, key
    assert stage_needs(converter.treeprocessors["prettify"]) is None


@pytest.mark.parametrize("name", ["fenced_code_block", "html_block"])
def test_a_line_stage_changes_nothing_in_a_body_without_what_it_needs(name):
    """The claim, against the stock preprocessor, given the lines the stages before it
    make of generated bodies: it returns them as they are and stashes nothing."""
    converter = _stock()
    names = [item.name for item in converter.preprocessors._priority]
    needs = stage_needs(converter.preprocessors[name])
    pieces = [piece for piece in BLOCK_PIECES + ["&", "&amp;", "&#123;", "&x", "]]>", "--", "!"]
              if not any(need in piece for need in needs)]
    checked = 0
    for text in generated(pieces, name, 2000, 60):
        if any(need in text for need in needs):   # pieces side by side may spell one
            continue
        converter.reset()
        lines = text.split("\n")
        for earlier in names[:names.index(name)]:
            lines = converter.preprocessors[earlier].run(lines)
        stashed = converter.htmlStash.html_counter
        assert converter.preprocessors[name].run(list(lines)) == "\n".join(lines).split("\n")
        assert converter.htmlStash.html_counter == stashed
        checked += 1
    assert checked > 1500


@pytest.mark.parametrize("key", list(_STAGE_NEEDS))
def test_bodies_without_what_a_stage_needs_convert_the_same(key):
    """Where the renderer passes the stage over, the HTML is still stock Markdown's."""
    needs = _STAGE_NEEDS[key][2]
    pieces = [piece for piece in BLOCK_PIECES if not any(need in piece for need in needs)]
    stock, renderer = _stock(), MarkdownRenderer()
    stock.treeprocessors.register(_FirstParagraph(stock), "first_paragraph", 5)
    stages = {type(stage.run.__self__).__qualname__: stage for stage in renderer._stages}
    skipped = 0
    for text in generated(pieces, repr(key), 600, 60):
        html = renderer.convert(text).html
        skipped += stages[key[1]].skip
        stock_html = stock.reset().convert(text)
        assert renderer._md.reset().convert(text) == stock_html, text
        assert html == scrollable_tables(renderer._sanitizer.clean(stock_html)[0]), text
    assert skipped > 400


def test_the_extensions_are_extra_and_sane_lists_as_markdown_names_them_then_ours():
    """Given as instances (no entry-point lookup at start), they are still `extra`'s,
    in its order, then `sane_lists`: the same HTML as the names would give. gfm.py and
    figures.py come last, and change only what they are for (test_gfm.py,
    test_figures.py)."""
    from markdown.extensions import extra
    names = [type(extension).__module__.rpartition(".")[2] for extension in extensions()]
    assert names == [*extra.extensions, "sane_lists", "gfm", "figures"]
    text = "Teks[^1] *miring*\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: Catatan.\n"
    assert markdown.Markdown(extensions=["extra", "sane_lists"]).convert(text) == \
        markdown.Markdown(extensions=extensions()).convert(text)
