"""Rules of GitHub-Flavored Markdown that Python-Markdown reads otherwise.

Staff write in GitHub's (or GitLab's) web editor, whose Preview tab renders GFM, and
copy text from social media and chat. What they write would come out of stock
Python-Markdown unlike that preview, and unlike Hugo, Eleventy or Zola (CommonMark), here:

- A line starting with a hashtag (`#PerpustakaanJepara #LiterasiUntukSemua`) would
  become a level-1 heading, a second page title in big type. A heading's hashes must
  be followed by a space or end the line (CommonMark 4.2); `# Judul` and `##Judul ##`
  are still headings: `##Judul` is text, as in the preview.
- A web address or e-mail address written as it is (`https://forms.gle/abc`,
  `www.jepara.go.id`, `surat@jepara.go.id`) would stay plain text, which a phone
  cannot open with a tap. They become links, by GFM's "autolinks (extension)" rules:
  an address starts after a space, the start of a line or one of `*_~(`; it ends at a
  space or `<`; `?!.,:;*_~'"` at its end and a `)` without its `(` are left outside it;
  `www.` addresses get `http://`, as in GFM (a site with https sends the reader on).
  Addresses inside code, inside a link's text, or in raw HTML are left as they are:
  the pattern runs after Python-Markdown's link, code and raw HTML patterns.
  A telephone number written bare ("WhatsApp 0812-3456-7890", "(0291) 591 000") becomes
  a link too (no GFM rule; GitHub's preview leaves it text): a resident taps it to chat
  or to call, as the registration field of a program allows (phones.py).

- A list written right under a line of text, without a blank line between
  ("Bawa:" then "- KTP", "- Pas foto") would be joined to that paragraph, its items
  run together. A list may interrupt a paragraph (CommonMark 5.3): a bullet item, or
  an ordered one numbered 1 ("2020. tahun" stays text), up to three spaces in. The
  paragraph must be one: a list item's own continuation lines, code, quotes and raw
  HTML are left as they are.

- A list numbered "1)", "2)" would be text: it is numbered as "1." is. A table whose
  header row is the line right under a line of text would be part of that paragraph:
  the header row starts a block of its own.

- An item indented under another to that item's text, as GitHub's editor does (two
  spaces under "- ", three under "1. ") would be a sibling, or text of the item above:
  Python-Markdown nests by four spaces. In a block of lines that starts with a list
  item, each item is indented anew, four spaces a level, its level being the number
  of open items whose text column it reaches (CommonMark 5.2).

- A "\\" at the end of a line would stay as written: it breaks the line (<br>), as two
  spaces at the end of a line do (CommonMark 6.7).

And, in no GFM rule, text pasted from a chat (WhatsApp) or a word processor reads as it
does there, where each line is a line:

- A paragraph of two or more lines each holding one fact ("Waktu: Senin, 08.00",
  "**Tempat:** Aula") or starting with an emoji ("📍 Aula Utama", "✅ Gratis") would run
  together into one line. When two of its lines are such, every line of the paragraph
  keeps its end (<br>); a paragraph wrapped by hand, one "Catatan: ..." line at most,
  is one line as Markdown has it.
- Lines starting with a bullet character ("• Pelajar", "● Umum", Word's "·" and "–", a
  bullet and a tab) would be text run together: they are list items, as "- " is.
- Cells copied from a spreadsheet (Excel, Google Sheets) arrive as lines of cells
  separated by tabs, which would run together into one paragraph. Two or more such lines
  with as many cells each, ending a block, are a table, the first of them its header;
  facts lined up with a tab as a letter is typed ("Hari<tab>: Sabtu") stay lines.

A "<word>" that names no HTML element ("DAFTAR <spasi> NAMA", "<Budi Santoso>": a message
form to send, an example to fill in) would be raw HTML of no element, which the
sanitizer removes: it is text, shown as written (`KnownTagsOnly`).

And `~~text~~` is struck through (<del>), as GFM's strikethrough: staff mark a changed
day or a cancelled event so ("Kelas ~~Sabtu~~ Minggu"); a single "~" ("~10 orang",
"08.00~10.00") and "~~~" stay as written.

All of it is one Python-Markdown extension (`GfmExtension`), given to the one
converter by markdown.extensions().
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree
from typing import Iterator

import markdown
from markdown import util
from markdown.blockprocessors import HashHeaderProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import (HTML_RE, HtmlInlineProcessor, InlineProcessor,
                                     SimpleTagInlineProcessor)
from markdown.preprocessors import Preprocessor

from site_builder import phones

# Python-Markdown's heading regex, with the space (or line end) after the hashes required.
HEADING_RE = (r"(?:^|\n)(?P<level>#{1,6})(?=[ \t]|\n|$)"
              r"(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)")


class SpacedHashHeading(HashHeaderProcessor):
    """`# Judul` is a heading; `#Judul` (a hashtag) is text."""

    RE = re.compile(HEADING_RE)


# A line that may start a list under a paragraph, and one that starts any other block
# (so the lines after it are no paragraph): a list item, a quote, a heading, a table row,
# raw HTML, indented code.
_INTERRUPTING_ITEM = re.compile(r" {0,3}(?:[-+*]|1[.)])[ \t]+\S")
_NOT_PARAGRAPH = re.compile(r" {0,3}(?:(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)|[>#|<])| {4}|\t")


# A table's delimiter row ("| --- | :-: |"); under a line of text, one is taken only with
# a "|" in both lines (else "---" under a line makes that line a heading).
# Possessive (*+): a line of 100,000 tabs before a "|" took minutes to fail to match.
TABLE_RULE = re.compile(r"[ \t]*+\|?[ \t]*+:?-+:?[ \t]*+(?:\|[ \t]*+:?-+:?[ \t]*+)*+\|?[ \t]*+$")


class ListUnderParagraph(Preprocessor):
    """A blank line before a list item that comes right under a paragraph's line, and
    before a table's header row that does (its delimiter row under it)."""

    def run(self, lines: list[str]) -> list[str]:
        written: list[str] = []
        paragraph: bool | None = None   # whether the block so far is a paragraph
        first = 0                       # where in `written` the block's first line is
        for line in lines:
            if not line.strip():
                paragraph = None
            elif paragraph is None:
                paragraph, first = not _NOT_PARAGRAPH.match(line), len(written)
            elif paragraph and _INTERRUPTING_ITEM.match(line):
                written.append("")
                paragraph = False
            elif (paragraph and len(written) - 1 > first and "|" in line and "|" in written[-1]
                  and TABLE_RULE.match(line)):   # the line above, not the first, is a header
                written.insert(len(written) - 1, "")
                paragraph = False
            written.append(line)
        return written


# A bullet character a word processor or a chat writes, then a space or a tab: a list
# item. Word's own bullets pasted as text are among them: "·", an en dash (its "- "
# made into "– "), the Symbol and Wingdings bullets (U+F0B7, U+F0A7, U+F076, U+F0D8) and
# its second-level "o" followed by a tab.
_BULLET = re.compile(r"( {0,3})(?:[•●▪◦‣⁃○■►▸➤➢·–\uf0b7\uf0a7\uf076\uf0d8][ \t]+|o\t[ \t]*)"
                     r"(?=\S)")
# A line holding one fact: a label of a few words, a colon, then its value or nothing; the
# label maybe bold or italic as a chat writes it ("*Waktu:* ...", "**Tempat:** ...").
_FACT = re.compile(r" {0,3}(?:[*_]{1,2})?[^\W\d_][^:\n]{0,30}:(?:[*_]{1,2})?"
                   r"(?:[ \t]+\S|[ \t]*$)")


# A line lettered as an item of a letter or a notice: "a. Fotokopi KTP", "B) Umum".
_LETTERED = re.compile(r" {0,3}([A-Za-z])[.)][ \t]+\S")


def _lettered_lines(block: list[str]) -> int:
    """How many lines of `block` are items lettered in order from "a" (or "A")."""
    expected, count = "a", 0
    for line in block:
        letter = _LETTERED.match(line)
        if letter and letter[1].lower() == expected:
            expected, count = chr(ord(expected) + 1), count + 1
    return count if count >= 2 else 0


# A line numbered as a chat or a rundown numbers it, without a list's marks: a word and a
# figure, the same word on each line ("Juara 1 Budi", "Juara 2 Ani"; "*Sesi 1* Pembukaan"),
# no time or amount ("Pukul 08.00"); the word capitalized, as a list writes it (prose
# wrapped by hand may start lines "kelas 1 dan" / "kelas 2 SD"); or a Roman figure ("I.
# Pembukaan", "II. Sambutan").
_COUNTED = re.compile(r" {0,3}(?:[*_]{1,2})?([A-Z][\w'’-]*)[ \t]+(\d{1,3})(?![.,:]?\d)"
                      r"(?=[ \t.,)*_]|$)")
_ROMAN = re.compile(r" {0,3}([IVX]+)[.)][ \t]+\S")
_ROMAN_FIGURES = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split()


def _counted_lines(block: list[str]) -> int:
    """How many lines of `block` are counted in order: numbered from "I." on, or going on
    from a line counted before them (its word, the figure before theirs) with that line."""
    roman, going_on = 0, 0
    last: dict[str, int] = {}   # word -> its last figure
    for line in block:
        figure = _ROMAN.match(line)
        if figure and roman < len(_ROMAN_FIGURES) and figure[1] == _ROMAN_FIGURES[roman]:
            roman += 1
        counted = _COUNTED.match(line)
        if counted:
            word, number = counted[1], int(counted[2])
            going_on += last.get(word) == number - 1
            last[word] = number
    return (roman if roman >= 2 else 0) + (going_on + 1 if going_on else 0)


def _line_of_its_own(line: str) -> bool:
    """Whether `line` is written as a line of its own in a chat: a fact ("Waktu: ...")
    or a line starting with an emoji or other symbol ("📍 Aula")."""
    start = line.lstrip()[:1]
    return bool(start) and (unicodedata.category(start) == "So" or bool(_FACT.match(line)))


class ChatLines(Preprocessor):
    """Bullet lines as list items; in a paragraph with two or more lines of their own
    (_line_of_its_own, items lettered "a.", "b." ..., or counted: _counted_lines), two
    spaces at the end of each line but the last: a line break."""

    def run(self, lines: list[str]) -> list[str]:
        lines = [_BULLET.sub(r"\1- ", line, count=1) if _BULLET.match(line) else line
                 for line in lines]
        written: list[str] = []
        block: list[str] = []   # the lines of the paragraph so far
        for line in [*lines, ""]:   # the blank line ends the last paragraph
            in_paragraph = bool(line.strip()) and not _NOT_PARAGRAPH.match(line)
            if block and in_paragraph:
                block.append(line)
                continue
            if len(block) > 1 and sum(map(_line_of_its_own, block)) + _lettered_lines(block) \
                    + _counted_lines(block) >= 2:
                block = [text if text.endswith("  ") else text + "  " for text in block[:-1]] \
                    + block[-1:]
            written += block
            block = [line] if in_paragraph else []
            if not in_paragraph:
                written.append(line)
        return written[:-1]


# A fact lined up with a tab, as a letter is typed: "Hari\t: Sabtu", "Tempat:\tAula" (chat
# lines, each kept on its line).
_LABELLED = re.compile(r"[^\t]*(?::\t|\t+[ ]*:)")


def _table_of_cells(rows: list[list[str]]) -> list[str]:
    """The lines of a Markdown table of `rows` (cells), the first row its header."""
    lines = ["| " + " | ".join(cell.strip().replace("|", "&#124;") for cell in row) + " |"
             for row in rows]   # not "\\|": the body may hold no backslash to unescape
    return [lines[0], "|" + "---|" * len(rows[0]), *lines[1:]]


class SpreadsheetRows(Preprocessor):
    """Two or more lines of tab-separated cells, as many in each, ending a block (after
    lines of text, maybe): a table. Runs before tabs become spaces (normalize_whitespace),
    so it passes over fenced code itself (outside_fences)."""

    def run(self, lines: list[str]) -> list[str]:
        if not any("\t" in line for line in lines):
            return lines
        written: list[str] = []
        block: list[str] = []
        for number, line in [*outside_fences("\n".join(lines), 0), (len(lines), "")]:
            if line is None or not line.strip():   # code, or a blank line: a block ends
                written += self._block(block)
                block = []
                written.append(lines[number] if line is None else line)
            else:
                block.append(line)
        return written[:-1]

    @staticmethod
    def _block(block: list[str]) -> list[str]:
        """`block` with its tail of spreadsheet rows as a table, after a blank line."""
        start = len(block)
        while start and "\t" in block[start - 1]:
            start -= 1
        rows = [line.rstrip("\r").split("\t") for line in block[start:]]
        if (len(rows) < 2 or len({len(row) for row in rows}) > 1
                or any(_NOT_PARAGRAPH.match(line) or _BULLET.match(line)
                       or _LETTERED.match(line) or _LABELLED.match(line)
                       for line in block[start:])):
            return block   # code, a quote, list items, raw HTML; facts lined up: not cells
        return block[:start] + ([""] if start else []) + _table_of_cells(rows)


_FENCE = re.compile(r" {0,3}(```|~~~)")


def outside_fences(text: str, first_line: int = 1) -> Iterator[tuple[int, str | None]]:
    """(number, line) of each line of `text`, numbered from `first_line`; the line is None
    for the fence lines (``` or ~~~) and the code between them."""
    fence = None
    for number, line in enumerate(text.split("\n"), first_line):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened[1] == fence:
                fence = None
            yield number, None
        elif opened:
            fence = opened[1]
            yield number, None
        else:
            yield number, line


# A list item: its indentation, its marker, the spaces after it (1 to 4), its text.
_ITEM = re.compile(r"( *)([-+*]|\d{1,9}[.)])( {1,4})(?=\S)")


class NestedByTextColumn(Preprocessor):
    """List items re-indented four spaces a level, the level from their parents' text."""

    def run(self, lines: list[str]) -> list[str]:
        written: list[str] = []
        columns: list[int] | None = None   # text columns of the open items; None: no list
        for line in lines:
            if not line.strip():
                columns = None
                written.append(line)
                continue
            item = _ITEM.match(line)
            if columns is None:   # a block's first line: a list only from its left edge
                columns = [] if item and len(item[1]) <= 3 else None
            if columns is None or item is None:
                written.append(line)
                continue
            indent = len(item[1])
            while columns and indent < columns[-1]:
                columns.pop()
            marker = item[2].replace(")", ".")   # "1)" numbers as "1." does (CommonMark 5.2)
            written.append("    " * len(columns) + marker + line[item.end(2):])
            columns.append(item.end())
        return written


# A backslash ending a line, with the line's end (one escaped, "\\\\", is set aside by the
# escape pattern first); the <br> is written with a line end after it, as Markdown's own.
BACKSLASH_BREAK_RE = r"\\\n"


class BackslashBreak(InlineProcessor):
    """"\\" at the end of a line: a line break."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:
        return etree.Element("br"), m.start(0), m.end(0)


# Two tildes, not three, around text that neither starts nor ends with a space.
STRIKETHROUGH_RE = r"(?<!~)(~~)(?!~)(?=\S)(.+?)(?<=\S)(?<!~)~~(?!~)"

# Where an address may start: after a space or one of these, not after a letter, a digit
# or anything else; not after a placeholder's end (\x03) either: raw HTML comes back
# there, and the text after '<a href="…">' is already a link's. GFM's marks, and quotes
# besides (an address pasted "in quotes", as a chat writes it: GitHub leaves it text).
_AFTER = r"(?<![^\s*_~(\"'“‘«])"
WEB_ADDRESS_RE = _AFTER + r"(?:https?://|www\.)(?=[A-Za-z0-9])"
# The "@" of an e-mail address; the local part before it is found by handleMatch.
EMAIL_RE = r"(?<=[A-Za-z0-9._+-])@(?=[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"

_DOMAIN = re.compile(r"[A-Za-z0-9](?:[-A-Za-z0-9_]*)(?:\.[-A-Za-z0-9_]+)*")
_REST = re.compile(r"[^\s<\x02\x03]*")
_TRAILING = frozenset("?!.,:;*_~'\"”’»")
_LOCAL_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-")
_EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![-A-Za-z0-9@])")


def _address_end(data: str, start: int, floor: int) -> int:
    """The end of the address starting at `start` whose domain starts at `floor`: at a
    space or "<", less the punctuation and unmatched ")" a sentence puts after it."""
    end = _REST.match(data, floor).end()
    while end > floor:
        last = data[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last == ")" and data.count("(", start, end) < data.count(")", start, end):
            end -= 1
        else:
            break
    return end


class WebAddressPattern(InlineProcessor):
    """`https://…`, `http://…` and `www.…` written bare, as links."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m: re.Match[str], data: str
                    ) -> tuple[etree.Element | None, int | None, int | None]:
        domain = _DOMAIN.match(data, m.end())
        if domain is None or (m[0] == "www." and "." not in domain[0]):
            return None, None, None
        end = _address_end(data, m.start(), m.end())
        labels = data[m.end():min(end, domain.end())].split(".")
        if any("_" in label for label in labels[-2:]):   # GFM: not a domain
            return None, None, None
        written = data[m.start():end]
        link = etree.Element("a")
        link.set("href", "http://" + written if m[0] == "www." else written)
        link.text = util.AtomicString(written)
        return link, m.start(), end


class EmailPattern(InlineProcessor):
    """`nama@contoh.id` written bare, as a mailto: link."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m: re.Match[str], data: str
                    ) -> tuple[etree.Element | None, int | None, int | None]:
        domain = _EMAIL_DOMAIN.match(data, m.end())
        if domain is None:
            return None, None, None
        start = m.start()
        while start and data[start - 1] in _LOCAL_CHARACTERS:
            start -= 1
        while start < m.start() and data[start] in "._+-":   # GFM: "-" and "." end nothing
            start += 1
        end = domain.end()
        if start == m.start() or data[end - 1] in "-_":
            return None, None, None
        written = data[start:end]
        link = etree.Element("a")
        link.set("href", "mailto:" + written)
        link.text = util.AtomicString(written)
        return link, start, end


class TelephonePattern(InlineProcessor):
    """A telephone number written bare ("WhatsApp 0812-3456-7890", "(0291) 591 000") as
    a link a phone follows: a chat or a call, by phones.py's rules."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m: re.Match[str], data: str
                    ) -> tuple[etree.Element | None, int | None, int | None]:
        end = phones.end_of(m, data)
        if end is None:
            return None, None, None
        written = data[m.start():end]
        link = etree.Element("a")
        # What comes before, with the text of inline elements ("**WA:**") put back.
        before = util.HTML_PLACEHOLDER_RE.sub("", self.unescape(data[:m.start()]))
        link.set("href", phones.link_of(written, before, data[end:]))
        link.text = util.AtomicString(written)
        return link, m.start(), end


# Every element name of HTML, SVG and MathML, old ones too (<font>, <center>): a tag of one
# of them is HTML, sanitized by markdown.py; any other "<name>" is text.
HTML_ELEMENTS = frozenset("""
    a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound
    big blink blockquote body br button canvas caption center cite code col colgroup data
    datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font
    footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe image img
    input ins isindex kbd keygen label legend li link listing main map mark marquee math menu
    menuitem meta meter multicol nav nextid nobr noembed noframes noscript object ol optgroup
    option output p param picture plaintext portal pre progress q rb rp rt rtc ruby s samp
    script search section select slot small source spacer span strike strong style sub
    summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u
    ul var video wbr xmp
    animate circle clippath defs desc ellipse filter foreignobject g line lineargradient
    marker mask path pattern polygon polyline radialgradient rect stop symbol text textpath
    tspan use view
    maction math mfrac mi mn mo mover mroot mrow ms mspace msqrt mstyle msub msubsup msup
    mtable mtd mtext mtr munder munderover semantics annotation
""".split())
_TAG_NAME = re.compile(r"/?([A-Za-z][^\s/>]*)")


class KnownTagsOnly(HtmlInlineProcessor):
    """Raw inline HTML as Python-Markdown has it, but only for tags of HTML elements:
    "<spasi>", "<nama lengkap>" or "DAFTAR#<Budi Santoso>" (a form of a message to send,
    an example to fill in) is text, shown as written, not a tag of no element that the
    sanitizer would remove with nothing said. A custom element's name holds "-": HTML."""

    def handleMatch(self, m: re.Match[str], data: str  # type: ignore[override]
                    ) -> tuple[str | None, int | None, int | None]:
        name = _TAG_NAME.match(m.group(2))
        if name and "-" not in name[1] and name[1].lower() not in HTML_ELEMENTS:
            return None, None, None
        return super().handleMatch(m, data)


class GfmExtension(Extension):
    """Spaced hash headings, lists and tables under a paragraph, nesting by the text
    column, "1)" lists, backslash line breaks, bare web and e-mail addresses and
    telephone numbers as links, strikethrough, chat lines, spreadsheet rows (see the
    module doc)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.parser.blockprocessors.register(SpacedHashHeading(md.parser), "hashheader", 70)
        # After fenced code (25) and raw HTML blocks (20) are set aside as placeholders.
        # Before tabs become spaces (30).
        md.preprocessors.register(SpreadsheetRows(md), "spreadsheet_rows", 35)
        md.preprocessors.register(ChatLines(md), "chat_lines", 16)
        md.preprocessors.register(ListUnderParagraph(md), "list_under_paragraph", 15)
        md.preprocessors.register(NestedByTextColumn(md), "nested_by_text_column", 14)
        # After code spans (190) and escapes (180), so "\\\\" and code keep their backslash.
        md.inlinePatterns.register(BackslashBreak(BACKSLASH_BREAK_RE, md), "backslash_break", 175)
        md.inlinePatterns.register(KnownTagsOnly(HTML_RE, md), "html", 90)   # stock's place
        # Before emphasis (60), which then works inside it: "~~**lomba** batal~~".
        md.inlinePatterns.register(SimpleTagInlineProcessor(STRIKETHROUGH_RE, "del"),
                                   "strikethrough", 65)
        # After raw HTML (90), so an address inside a tag is never touched; before
        # character references (80) and emphasis (60), so "_" in an address stays.
        md.inlinePatterns.register(WebAddressPattern(WEB_ADDRESS_RE, md), "bare_web_address", 85)
        md.inlinePatterns.register(EmailPattern(EMAIL_RE, md), "bare_email", 84)
        md.inlinePatterns.register(TelephonePattern("(?x)" + phones.NUMBER.pattern, md),
                                   "bare_telephone", 83)


def makeExtension(**kwargs: object) -> GfmExtension:
    return GfmExtension(**kwargs)
