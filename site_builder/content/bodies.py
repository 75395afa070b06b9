"""Markdown bodies: checked for input that makes Python-Markdown slow or crash, then converted.

`convert_body(text, markdown, location, problems)` returns the `RenderedMarkdown`
of a body (or of a program's description), or None after recording why it was
refused, at the line that causes it. Every content loader converts through it.

Python-Markdown 3.x (measured with benchmarks/hostile_input.py) handles most
text in linear time, but:

- each "[" looks ahead for its "]" (three times: link, reference, short
  reference), and each "](" for its ")": 10,000 "[" in one paragraph take 17 s,
  50,000 take 400 s;
- each "<" followed by a letter makes the HTML parser look ahead for the ">"
  that ends the tag, and "<![" for "]]>": 25,000 "x<y" in 100 KB take 137 s;
- each inline mark it replaces (an escape, an emphasis, a code span, an entity,
  a link) copies the rest of the paragraph: one 100 KB paragraph of "\\" takes
  3.3 s, 1 MB of it 309 s;
- lists in lists and quotes in quotes recurse: about 250 levels end in a
  RecursionError, and 1,000 levels of ">" take 13 s.

So a body is refused when the look-aheads above would scan more than MAX_SCAN
characters in all, or its inline marks would cost more than MAX_INLINE_WORK
(each mark MARK_COST plus the length of its paragraph: 100,000 marks in short
paragraphs, or 30,000 in one 100 KB paragraph), each one to three seconds of
work; the articles of the sample site stay under 1/10,000 of either. A line may
open at most MAX_NESTING lists and quotes (real content: 3). A RecursionError
that gets past these estimates (nested `<div markdown="1">`, say) is reported
the same way instead of ending the build.
"""

from __future__ import annotations

import html as html_module
import re
from datetime import date
from typing import Sequence

from site_builder.errors import Location, Problems
from site_builder.fields import DOMAIN_NAME, TOP_LEVEL_DOMAINS
from site_builder.gfm import TABLE_RULE, outside_fences
from site_builder.markdown import TAG, MarkdownRenderer, RenderedMarkdown
from site_builder.times import wrong_weekdays

MAX_SCAN = 2_000_000
MAX_INLINE_WORK = 5_000_000_000
MARK_COST = 50_000   # Python's work per mark, in characters copied (measured: 20-40 µs)
MAX_NESTING = 32

_ESCAPED = re.compile("\x02(\\d+)\x03")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BRACKETS = re.compile(r"\\.|\]\(|[\[\]()]", re.DOTALL)
_TAGS = re.compile(r"<!\[|<[A-Za-z]|\]\]>|>")
# The lists and quotes a line opens: "> ", "- ", "* ", "+ ", "1. ", "1) ", any indentation.
_CONTAINERS = re.compile(r"(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)))+")
_CONTAINER = re.compile(r">|[-+*]|\d{1,9}[.)]")
_STARTS_BLOCK = re.compile(r"[ \t]*(?:[>#]|(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$))")
_INLINE_MARKS = re.compile(r"[\\*_`<&\[]")
_MARKS_NAMED = "tanda Markdown (\\, *, _, `, <, & atau [)"
# Spaces a phone must not break a line at: between a time and its zone ("15.00 WIB"), and
# after "Rp" ("Rp 50.000"); each becomes a no-break space, as the theme keeps hours whole.
_GLUED = re.compile(r"(?<=\d[.:]\d\d) (?=(?:WIB|WITA|WIT)\b)|(?<=\bRp) (?=\d)|(?<=\bRp\.) (?=\d)")


def convert_body(text: str, markdown: MarkdownRenderer, location: Location,
                 problems: Problems, title: str | None = None) -> RenderedMarkdown | None:
    """The body as HTML, or None after recording why it cannot be converted.

    `location` is the file and the line the body starts on; problems name the
    line of the file where the cause is. A first heading that repeats `title` (the
    page shows it above the body) is left out, with a warning.
    """
    first_line = location.line or 1
    problem = _nesting_problem(text) or _scan_problem(text) or _inline_problem(text)
    if problem:
        line, message = problem
        problems.error(location.at(first_line + line - 1), message)
        return None
    try:
        rendered = markdown.convert(text, location, problems)
    except RecursionError:
        problems.error(location.at(first_line), _too_deep())
        return None
    # Python-Markdown writes an escaped character ("\\*", "\\\\") as STX, its code, ETX,
    # and unescapes only the HTML: the first paragraph (the default summary) kept them,
    # so lists, meta descriptions and the feed showed control characters.
    first = _ESCAPED.sub(lambda match: chr(int(match[1])), rendered.first_paragraph)
    html = rendered.html
    if "WI" in html or "Rp" in html:
        html = _GLUED.sub("\u00a0", html)
    if "<h" in html:
        html = _check_headings(text, html, location, problems, title)
    _check_missing_spaces(text, location, problems)
    if "|" in text:
        _check_tables(text, location, problems)
    if "<pre><code>" in html:
        _check_indented_code(text, html, location, problems)
    if _NAME_THEN_PATH.search(text):
        _check_bare_addresses(text, html, location, problems)
    if "*" in html:   # bold and italics made leave none
        _check_spaced_marks(text, location, problems)
    if "~" in html:   # struck-through text made leaves none
        _check_single_tildes(text, location, problems)
    if "<p><strong>" in html:
        _check_bold_headings(text, location, problems)
    if "</a>" in html:
        _check_vague_links(text, html, location, problems)
    return RenderedMarkdown(html, first)


# -- link texts that say nothing of where they go -----------------------------------------------

# Screen readers list a page's links by their text alone, and people scan for them: "di
# sini" and "selengkapnya" say nothing there (WCAG 2.4.4). Compared lowercased, without
# punctuation.
VAGUE_LINK_TEXTS = frozenset({
    "di sini", "disini", "sini", "klik", "klik di sini", "klik disini", "klik sini", "ini",
    "klik link", "klik tautan", "klik link ini", "klik link berikut", "link", "link ini",
    "link berikut", "tautan", "tautan ini", "tautan berikut", "selengkapnya",
    "baca selengkapnya", "lihat selengkapnya", "info selengkapnya", "lihat", "buka",
    "here", "click here", "more", "read more"})
_LINK_TEXT = re.compile(r'<a href="([^"#][^"]*)"[^>]*>(.*?)</a>', re.DOTALL)


def _text_lines(text: str, location: Location) -> list[tuple[int, str]]:
    """(line in the file, line) of each line of a body outside fenced code."""
    return [(number, line) for number, line in outside_fences(text, location.line or 1)
            if line is not None]


def _line_holding(lines: list[tuple[int, str]], piece: str) -> int | None:
    """The line in the file of the first of `lines` (_text_lines) holding `piece`."""
    return next((number for number, line in lines if piece in line), None)


def _check_vague_links(text: str, html: str, location: Location, problems: Problems) -> None:
    """A warning, at its line, for each link to another page whose text is one of
    VAGUE_LINK_TEXTS."""
    lines = _text_lines(text, location)
    for _, inner in _LINK_TEXT.findall(html):
        shown = html_module.unescape(TAG.sub("", inner)).strip()
        if re.sub(r"[^\w\s]+", "", shown.lower()).strip() not in VAGUE_LINK_TEXTS:
            continue
        number = (_line_holding(lines, f"[{shown}]") or _line_holding(lines, shown)
                  or location.line)
        problems.warning(location.at(number), (
            f'teks tautan "{shown}" tidak menyebut tujuannya: pembaca tunanetra mendengar '
            "daftar tautan halaman hanya dengan teksnya, dan orang yang membaca sekilas "
            "mencari kata tujuannya; jadikan tujuannya teks tautan, misalnya "
            "[formulir pendaftaran lomba](https://forms.gle/...)"))


# -- marks that need a space ------------------------------------------------------------------

# What staff write meaning Markdown that needs a space it lacks, at the start of a line
# outside fenced code: "##Jadwal" (a heading: one "#Jepara" is a hashtag, left alone),
# "1.Datang", "1)Datang" (a numbered list item); and anywhere, "[teks] (https://...)" (a link).
# GitHub's preview shows these as plain text too; the site does, and says why.
_HEADING_WITHOUT_SPACE = re.compile(r" {0,3}(#{2,6})(?=[^\s#])(\S.*)")
_ITEM_WITHOUT_SPACE = re.compile(r" {0,3}(\d{1,9}[.)])(?=[^\W\d_])(\S.*)")
_DASH_WITHOUT_SPACE = re.compile(r" {0,3}-(?=[^\W\d_])(\S.*)")
_LINK_WITH_SPACE = re.compile(r"\[([^\[\]\n]+)\][ \t]+\(((?:https?://|mailto:|/)[^()\s]*)\)")
# "(teks)[https://...]": a link's brackets swapped; "[teks](https://a.id/b c)": a space in
# a web address (Python-Markdown keeps it; the link leads elsewhere); a title in quotes
# after the address is no such space.
_LINK_SWAPPED = re.compile(r"\(([^()\n]+)\)\[((?:https?://|mailto:|/)[^\[\]\s]*)\]")
_ADDRESS_WITH_SPACE = re.compile(r"\]\((https?://[^()\s]*[ \t]+[^()\s\"'][^()\n]*?)\)")


def _check_missing_spaces(text: str, location: Location, problems: Problems) -> None:
    """A warning for each mark of _HEADING_WITHOUT_SPACE, _ITEM_WITHOUT_SPACE,
    _LINK_WITH_SPACE, _LINK_SWAPPED and _ADDRESS_WITH_SPACE, and each of two or more lines
    in a row of _DASH_WITHOUT_SPACE
    ("-Fotokopi KTP"), at its line, with the line to write."""
    if "#" not in text and "." not in text and ")" not in text and "\n-" not in text:
        return   # what "] (" and ")[" are warned for holds a ")" too
    lines = list(outside_fences(text, location.line or 1))
    dashed = [line is not None and _DASH_WITHOUT_SPACE.fullmatch(line) is not None
              for _, line in lines] if "-" in text else [False] * len(lines)
    for index, (number, line) in enumerate(lines):
        if line is None:
            continue
        if dashed[index] and (index and dashed[index - 1]
                              or index + 1 < len(lines) and dashed[index + 1]):
            problems.warning(location.at(number), (
                f'baris "{line.strip()}" tidak menjadi butir daftar karena tidak ada spasi '
                f'setelah "-"; tulis "- {line.strip()[1:]}"'))
        elif (match := _HEADING_WITHOUT_SPACE.fullmatch(line)):
            problems.warning(location.at(number), (
                f'baris "{line.strip()}" tidak menjadi subjudul karena tidak ada spasi '
                f'setelah "{match[1]}"; tulis "{match[1]} {match[2]}"'))
        elif (match := _ITEM_WITHOUT_SPACE.fullmatch(line)):
            problems.warning(location.at(number), (
                f'baris "{line.strip()}" tidak menjadi daftar bernomor karena tidak ada spasi '
                f'setelah "{match[1]}"; tulis "{match[1]} {match[2]}"'))
        found = []
        if "] (" in line:
            found += [(link.start(), f'"{link[0]}" tidak menjadi tautan karena ada spasi di '
                                     f'antara "]" dan "("; tulis "[{link[1]}]({link[2]})"')
                      for link in _LINK_WITH_SPACE.finditer(line)]
        if ")[" in line:
            found += [(link.start(), f'"{link[0]}" tidak menjadi tautan karena tanda kurungnya '
                                     f'tertukar; tulis "[{link[1]}]({link[2]})"')
                      for link in _LINK_SWAPPED.finditer(line)]
        if "](http" in line:
            found += [(link.start(), f'alamat tautan "{link[1]}" berisi spasi, jadi tautannya '
                                     "menuju alamat lain; alamat web tidak pernah berisi "
                                     "spasi: hapus spasinya")
                      for link in _ADDRESS_WITH_SPACE.finditer(line)]
        for _, message in sorted(found):
            problems.warning(location.at(number), message)


# -- bold and italics with a space inside their marks --------------------------------------

# "** menarik**", "**pemenang **", "*gratis *": marks GitHub's preview and the site show as
# asterisks, because a space is inside them. A single "*" with spaces on both sides is
# no mark ("5 * 3 * 2"); an escaped one ("\\*") is none either.
_SPACED_STRONG = re.compile(r"(?<![\\*\w])\*\*([ \t]*)([^\s*][^*\n]*?)([ \t]*)\*\*(?![*\w])")
_SPACED_EMPHASIS = re.compile(r"(?<![\\*\w])\*([ \t]*)([^\s*][^*\n]*?)([ \t]*)\*(?![*\w])")
_CODE_SPAN = re.compile(r"`+[^`\n]*`+")
# What a lone "*" may stress: words within one sentence ("*berlaku. Hitung 5 * 3" is none).
_WORDS = re.compile(r"[^\W\d_](?:[^*.!?;:\n]*[^\W\d_])?[.,!?)]?")


def _check_spaced_marks(text: str, location: Location, problems: Problems) -> None:
    """A warning, at its line, for each mark of _SPACED_STRONG and _SPACED_EMPHASIS with
    a space inside, giving the marks to write."""
    for number, line in outside_fences(text, location.line or 1):
        if line is None or "*" not in line:
            continue
        line = _CODE_SPAN.sub(lambda match: " " * len(match[0]), line)
        found = []
        for match in _SPACED_STRONG.finditer(line):
            if match[1] or match[3]:
                found.append((match.start(), match[0], "huruf tebal", "**", match[2]))
            line = line[:match.start()] + " " * len(match[0]) + line[match.end():]
        bullet = len(line) - len(line.lstrip())   # where "* " would be a list item's mark
        for match in _SPACED_EMPHASIS.finditer(line):
            if (bool(match[1]) != bool(match[3]) and _WORDS.fullmatch(match[2])
                    and not (match[1] and match.start() == bullet)):
                found.append((match.start(), match[0], "huruf miring", "*", match[2]))
        for _, written, kind, mark, words in sorted(found):
            problems.warning(location.at(number), (
                f'"{written}" tidak menjadi {kind} karena ada spasi di sebelah dalam tanda '
                f'"{mark}"; tulis "{mark}{words}{mark}"'))


# "~Sabtu~": struck through in WhatsApp, where staff copy announcements from, but shown with
# its tildes on the site (two strike through, as in GitHub's editor: gfm.py). A lone "~"
# ("~10 orang", "08.00~10.00", "/~budi/"), an escaped one and "~~" stay silent.
_SINGLE_TILDES = re.compile(r"(?<![\\~\w/])~(?=[^\s~])([^~\n]*?[^\s~])?~(?![~\w])")


def _check_single_tildes(text: str, location: Location, problems: Problems) -> None:
    """A warning, at its line, for each pair of _SINGLE_TILDES, giving the tildes to write."""
    for number, line in outside_fences(text, location.line or 1):
        if line is None or "~" not in line:
            continue
        line = _CODE_SPAN.sub(lambda match: " " * len(match[0]), line)
        for match in _SINGLE_TILDES.finditer(line):
            problems.warning(location.at(number), (
                f'"{match[0]}" tampil apa adanya, dengan tanda ~, tidak dicoret seperti di '
                f'WhatsApp; untuk teks dicoret tulis "~{match[0]}~" (dua tanda ~ di setiap '
                "sisi)"))


# -- bold lines standing as headings ---------------------------------------------------------

# A paragraph that is one short bold line without a sentence's end ("**Cara Mendaftar**").
_BOLD_LINE = re.compile(r" {0,3}(\*\*|__)(?=\S)([^*_\n]{1,60}?[^\s*_.!?:;,])\1[ \t]*")


def _check_bold_headings(text: str, location: Location, problems: Problems) -> None:
    """A warning for each _BOLD_LINE between blank lines with more text after it: a
    heading to the eye, none to a screen reader."""
    lines = list(outside_fences(text, location.line or 1))
    for index, (number, line) in enumerate(lines):
        match = _BOLD_LINE.fullmatch(line) if line and line[:4].strip()[:2] in ("**", "__") \
            else None
        if (match and (index == 0 or not (lines[index - 1][1] or "").strip())
                and index + 2 < len(lines) and not (lines[index + 1][1] or "").strip()
                and any((rest or "").strip() for _, rest in lines[index + 2:])):
            problems.warning(location.at(number), (
                f'baris "{line.strip()}" tampak seperti subjudul, tetapi pembaca layar (yang '
                "dipakai warga tunanetra) membacanya sebagai teks biasa, sehingga penggunanya "
                "tidak bisa melompat langsung ke bagian ini; untuk subjudul tulis "
                f'"## {match[2]}"'))


# -- days named with a date ------------------------------------------------------------------

def check_weekdays(lines: Sequence[str], location: Location, problems: Problems,
                   near: date | None) -> None:
    """A warning, at its line, for each day named with a date on another weekday
    ("Jumat, 5 Desember 2026", a Saturday) or one that does not exist ("Senin, 31
    November"): times.wrong_weekdays, in the file of `lines`
    (front matter and body; fenced code left out), whose first line is `location`'s; a
    date without its year is taken near `near`."""
    text = "\n".join(lines)
    found = wrong_weekdays(text, near)
    if not found:
        return
    first = location.line or 1
    code = {number for number, line in outside_fences(text, first) if line is None}
    for at, written, wrong in found:
        number = first + text.count("\n", 0, at)
        if number not in code:
            problems.warning(location.at(number), f'"{written}" {wrong}')


# -- text written in a field ---------------------------------------------------------------

# Markdown's inline marks, as staff write them in a summary too: a link or image, code,
# strong and emphasised text (a "*" or "_" with a space after it is no mark: "5 * 3").
_MARKED = (
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])"), r"\2"),
)


# An HTML entity, as text pasted from a web page holds ("&amp;", "&mdash;", "&#8211;").
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")


def plain_text(text: str | None) -> str | None:
    """A written title or summary as the plain text it is shown as (headings, lists, link
    previews, the feed), its Markdown marks left out: "Lomba **gratis**" is "Lomba gratis";
    an entity is its character, as in the body ("A &amp; B" is "A & B")."""
    if text and any(mark in text for mark in "*_[`"):
        for pattern, kept in _MARKED:
            text = pattern.sub(kept, text)
    if text and "&" in text:
        text = _ENTITY.sub(lambda entity: html_module.unescape(entity[0]), text)
    return text


# -- addresses without https:// ---------------------------------------------------------------

# An address of another site with a path, written without "https://" ("bit.ly/lomba",
# "s.id/DaftarKelas"): text that no phone opens with a tap (GFM links only "www." ones).
_BARE_ADDRESS = re.compile(
    rf"(?<![\w@./:-])({DOMAIN_NAME}/[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?])", re.IGNORECASE)
# What every such address holds, ".ly/": a test 100 times cheaper than the one above (which
# tries each word of a text), so a body without it is not searched.
_NAME_THEN_PATH = re.compile(r"\.[A-Za-z]{2,}/")
# What the reader cannot tap anyway, or taps already: links, code.
_LINKED_OR_CODE = re.compile(r"<a\b.*?</a>|<code>.*?</code>", re.DOTALL)


def _check_bare_addresses(text: str, html: str, location: Location, problems: Problems) -> None:
    """A warning, at its line, for each _BARE_ADDRESS of another site in the body's text."""
    shown = TAG.sub(" ", _LINKED_OR_CODE.sub(" ", html))   # text, not attributes
    found = [match[1] for match in _BARE_ADDRESS.finditer(shown)
             if match[2].lower() in TOP_LEVEL_DOMAINS]
    if not found:
        return
    lines = _text_lines(text, location)
    for address in dict.fromkeys(found):
        number = _line_holding(lines, address) or location.line
        problems.warning(location.at(number), (
            f'alamat "{address}" tidak menjadi tautan karena tidak diawali https://, jadi '
            f"pembaca tidak bisa mengetuknya; tulis https://{address}"))


# -- tables -----------------------------------------------------------------------------------

_PIPE_ROW = re.compile(r" {0,3}\|")
_CELL_BORDER = re.compile(r"(?<!\\)\|")


def _cells(row: str) -> list[str]:
    """The cells of a table row written "| a | b |" (outer pipes optional)."""
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.strip() for cell in _CELL_BORDER.split(row)]


def _check_tables(text: str, location: Location, problems: Problems) -> None:
    """Warnings for what a table written in `text` loses: rows without the dividing line
    under the header row run together into a paragraph, and cells beyond the header
    row's are not shown (GFM's tables; GitHub's preview does the same)."""
    block: list[tuple[int, str]] = []   # the lines starting with "|" so far
    for number, line in [*outside_fences(text, location.line or 1), (0, None)]:
        if line is not None and _PIPE_ROW.match(line):
            block.append((number, line))
            continue
        if len(block) > 1 and not TABLE_RULE.match(block[1][1]):
            if not any(TABLE_RULE.match(row) for _, row in block):
                columns = len(_cells(block[0][1]))
                problems.warning(location.at(block[0][0]), (
                    f"baris {block[0][0]} sampai {block[-1][0]} diawali \"|\" tetapi tampil "
                    "sebagai satu paragraf, bukan tabel, karena di bawah baris judul kolom "
                    "tidak ada garis pemisah; sisipkan baris ini di bawah baris "
                    f"{block[0][0]}: |{' --- |' * columns}"))
        elif len(block) > 2:
            header = len(_cells(block[0][1]))
            for number_of_row, row in block[2:]:
                cells = _cells(row)
                extra = [cell for cell in cells[header:] if cell]
                if extra:
                    problems.warning(location.at(number_of_row), (
                        f"baris tabel ini berisi {len(cells)} kolom, "
                        f"sedangkan baris judul kolomnya (baris {block[0][0]}) {header} kolom, "
                        f"jadi isi kolom yang berlebih tidak tampil: "
                        + ", ".join(f'"{cell}"' for cell in extra)
                        + "; tambahkan judul kolomnya di baris judul, atau pindahkan isinya"))
        block = []


# -- indented text shown as code -------------------------------------------------------------

# A block of lines indented four spaces or a tab, after a blank line, is code to Markdown
# (and to GitHub's preview): text pasted from a word processor often starts so, and then
# shows in a typewriter font, in a box. Fenced code (```) is meant; indented code rarely.
_INDENTED = re.compile(r"( {4}|[ ]{0,3}\t)[ \t]*(\S.*)")
_CODE_BLOCK = re.compile(r"<pre><code>(.*?)</code></pre>", re.DOTALL)
_QUOTED_UP_TO = 50   # characters of the line a warning quotes


def _check_indented_code(text: str, html: str, location: Location, problems: Problems) -> None:
    """A warning at the first line of each indented block the body shows as code."""
    shown = {html_module.unescape(block).lstrip("\n").split("\n", 1)[0].strip()
             for block in _CODE_BLOCK.findall(html)}
    block_may_start = location.line or 1   # the first line, and each after a blank one
    for number, line in outside_fences(text, block_may_start):
        if line is not None and not line.strip():
            block_may_start = number + 1
            continue
        match = _INDENTED.fullmatch(line) if line and number == block_may_start else None
        if match is None or match[2].strip() not in shown:
            continue
        shown.discard(match[2].strip())
        quoted = match[2].strip()
        if len(quoted) > _QUOTED_UP_TO:
            quoted = quoted[:_QUOTED_UP_TO + 1].rsplit(None, 1)[0] + "…"   # at a word's end
        why = "tab" if "\t" in match[1] else "4 spasi atau lebih"
        problems.warning(location.at(number), (
            f'baris "{quoted}" tampil sebagai kode (huruf mesin ketik, dalam kotak), bukan '
            f"paragraf biasa, karena diawali {why}; hapus spasi di awal baris itu dan baris "
            "menjorok sesudahnya. Teks yang memang harus tampil apa adanya, seperti puisi, "
            "diapit baris ``` di atas dan di bawahnya"))


# -- headings ---------------------------------------------------------------------------

# A heading as the sanitized HTML has it, and the source lines that may write one: "#"
# headings, the text line above a "===" or "---" underline, and raw <h1>-<h6>.
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.DOTALL | re.IGNORECASE)
_HASH_LINE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_HTML_HEADING = re.compile(r"\s*<h[1-6]\b", re.IGNORECASE)


def _check_headings(text: str, html: str, location: Location, problems: Problems,
                    page_title: str | None) -> str:
    """`html` without a first heading that repeats `page_title` (pasted with the text
    it heads), with a warning; a warning for each other heading at level 1 (the page's
    title is the one level-1 heading) or more than one level below the heading before
    it: screen readers list a page by its headings (WCAG 1.3.1 and 2.4.6)."""
    found = list(_HEADING.finditer(html))
    headings = [(int(match[1]), html_module.unescape(TAG.sub("", match[2])).strip())
                for match in found]
    lines = _heading_lines(text)
    if len(lines) != len(headings):   # headings inside lists or quotes: no line known
        lines = [1] * len(headings)
    first_line, before = location.line or 1, 1
    page_title = plain_text(page_title)   # as the page shows it
    if page_title and found and not html[:found[0].start()].strip() \
            and same_words(headings[0][1], page_title):
        problems.warning(location.at(first_line + lines[0] - 1), (
            f'baris ini mengulang judul ("{page_title}"), yang sudah tampil di atas tulisan; '
            "halaman tidak menampilkannya dua kali, hapus saja baris ini"))
        html = html[found[0].end():].lstrip("\n")
        headings, lines = headings[1:], lines[1:]
    for (level, title), line in zip(headings, lines):
        if level == 1 or level > before + 1:
            problems.warning(location.at(first_line + line - 1),
                             _heading_out_of_place(level, title, before))
        before = max(level, 2)   # after a stray level 1, the next level 2 is fine
    if "<h2" in html and "--" in text:
        _check_dashes_under_text(text, location, problems)
    return html


_DASHES = re.compile(r" {0,3}-{3,}[ \t]*$")


def _check_dashes_under_text(text: str, location: Location, problems: Problems) -> None:
    """A warning for each "---" right under a line of text: a separator, the writer
    meant, but Markdown makes that line a heading (a setext heading)."""
    previous = ""
    for number, line in outside_fences(text, location.line or 1):
        if line is not None and _DASHES.match(line) and _underlines(previous, line):
            shown = previous.strip()
            problems.warning(location.at(number), (
                f'garis "---" tepat di bawah baris "{shown}" menjadikan baris itu subjudul; '
                'jika maksudnya garis pemisah, beri satu baris kosong di atas "---"; jika '
                f'maksudnya subjudul, tulis "## {shown}"'))
        previous = line or ""


def same_words(one: str, other: str) -> bool:
    """Whether two titles are the same words, whatever their case, spacing and closing
    full stop."""
    def words(text: str) -> list[str]:
        return text.casefold().rstrip(" .!:").split()
    return words(one) == words(other)


def _heading_lines(text: str) -> list[int]:
    """The 1-based line of each heading written in `text`, outside fenced code."""
    found, previous = [], ""
    for number, line in outside_fences(text):
        if line is None:
            previous = ""
        elif _HASH_LINE.match(line) or _HTML_HEADING.match(line):
            found.append(number)
        elif _underlines(previous, line):
            found.append(number - 1)
        previous = line or ""
    return found


def _underlines(previous: str, line: str) -> bool:
    """Whether `line` ("===", "---") makes the line of text above it a heading (setext)."""
    return bool(previous.strip() and _UNDERLINE.match(line) and not _STARTS_BLOCK.match(previous)
                and not _UNDERLINE.match(previous))


def _heading_out_of_place(level: int, title: str, before: int) -> str:
    fix = f'tulis "{"#" * (2 if level == 1 else before + 1)} {title}"'
    if level == 1:
        return (f'judul "{title}" bertingkat 1, sama dengan judul halaman, sehingga pembaca layar '
                f"mengira halaman ini punya dua judul utama; untuk subjudul {fix}")
    after = "judul halaman (bertingkat 1)" if before == 1 else f"subjudul bertingkat {before}"
    return (f'subjudul "{title}" bertingkat {level} sesudah {after}, melompati tingkat '
            f"di antaranya; pembaca layar menelusuri halaman menurut tingkat judul, jadi {fix}")


def _too_deep() -> str:
    return ("tulisan ini bersarang terlalu dalam (daftar di dalam daftar, kutipan di dalam "
            "kutipan, atau tag HTML di dalam tag HTML); sederhanakan strukturnya")


def _nesting_problem(text: str) -> tuple[int, str] | None:
    """(line, message) for the first line that opens more than MAX_NESTING containers."""
    for number, line in enumerate(text.split("\n"), 1):
        prefix = _CONTAINERS.match(line)
        if prefix is None:
            continue
        levels = len(_CONTAINER.findall(prefix.group()))
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if levels + indent // 4 > MAX_NESTING:
            return number, (f"baris ini membuka lebih dari {MAX_NESTING} tingkat daftar atau "
                            "kutipan (tanda -, *, +, 1. atau > di awal baris, atau indentasi "
                            "yang sangat dalam); " + _too_deep().split("; ")[1])
    return None


def _scan_problem(text: str) -> tuple[int, str] | None:
    """(line, message) when the look-aheads of Python-Markdown would scan over MAX_SCAN
    characters; the line is that of the opening mark that scans farthest."""
    # Each "[", "](" and "<" scans at most the whole text: most bodies are known fine here.
    if (text.count("[") + text.count("](") + text.count("<")) * len(text) <= MAX_SCAN:
        return None
    costs = {"[": 0, "(": 0, "<": 0}
    worst = {"[": (0, 0), "(": (0, 0), "<": (0, 0)}   # mark: (characters, position)
    scans = [(mark, scanned, offset + position)
             for offset, block in _blocks(text)
             for mark, scanned, position in _bracket_scans(block)]
    scans += [("<", scanned, position) for scanned, position in _tag_scans(text)]
    for mark, scanned, position in scans:
        costs[mark] += scanned
        worst[mark] = max(worst[mark], (scanned, -position))
    if sum(costs.values()) <= MAX_SCAN:
        return None
    mark = max(costs, key=lambda each: costs[each])
    closing = {"[": "]", "(": ")", "<": ">"}[mark]
    escape = "tulis &lt;" if mark == "<" else f"tulis \\{mark}"
    return (text.count("\n", 0, -worst[mark][1]) + 1,
            f'tulisan ini terlalu berat diolah: terlalu banyak tanda "{mark}" yang tidak '
            f'ditutup dengan "{closing}" dalam satu paragraf (yang pertama di baris ini); '
            f'tutup setiap "{mark}", atau {escape} jika tanda itu dimaksudkan sebagai teks')


def _inline_problem(text: str) -> tuple[int, str] | None:
    """(line, message) when the inline marks would take too long: each costs a fixed
    amount (MARK_COST characters' worth) plus a copy of the text it stands in."""
    # Each mark costs at most that of one in a paragraph as long as the whole text.
    if len(_INLINE_MARKS.findall(text)) * (len(text) + MARK_COST) <= MAX_INLINE_WORK:
        return None
    total, marks, worst = 0, 0, (0, 0, 0)   # worst: (work, line, length)
    for line, unit in _inline_units(text):
        count = len(_INLINE_MARKS.findall(unit))
        work = count * (len(unit) + MARK_COST)
        total, marks = total + work, marks + count
        worst = max(worst, (work, line, len(unit)))
    if total <= MAX_INLINE_WORK:
        return None
    if worst[0] * 2 > total:   # mostly one paragraph
        return worst[1], (f"paragraf yang dimulai di baris ini panjang ({_kb(worst[2])}) dan "
                          f"berisi sangat banyak {_MARKS_NAMED}, sehingga terlalu berat diolah; "
                          "pisahkan menjadi paragraf-paragraf pendek dengan baris kosong, atau "
                          "hapus tanda yang tidak perlu")
    shown = f"{marks:,}".replace(",", ".")
    return 1, (f"tulisan ini berisi terlalu banyak {_MARKS_NAMED}: {shown} tanda, sehingga "
               "terlalu berat diolah; pecah tulisan menjadi beberapa berkas, atau hapus tanda "
               "yang tidak perlu")


def _kb(length: int) -> str:
    return f"{max(length // 1024, 1)} KB"


def _inline_units(text: str):
    """(first line, text) of each paragraph, list item, heading or table row: the texts
    Python-Markdown processes inline one at a time (or a larger span holding them)."""
    for offset, block in _blocks(text):
        first = text.count("\n", 0, offset) + 1
        lines = block.split("\n")
        if len(lines) > 1 and TABLE_RULE.match(lines[1]):   # a table: cell by cell
            yield from ((first + number, line) for number, line in enumerate(lines))
            continue
        start = 0
        for number, line in enumerate(lines):
            if number > start and _STARTS_BLOCK.match(line):
                yield first + start, "\n".join(lines[start:number])
                start = number
        yield first + start, "\n".join(lines[start:])


def _blocks(text: str):
    """(offset, text) of each run of lines between blank lines: inline Markdown never
    crosses a blank line."""
    start = 0
    for blank in _BLANK_LINE.finditer(text):
        yield start, text[start:blank.start()]
        start = blank.end()
    yield start, text[start:]


def _bracket_scans(block: str):
    """(mark, characters scanned, position) for each "[" and each "](" of `block`."""
    brackets: list[int] = []
    parens: list[tuple[int, bool]] = []   # (position, opens a link's address)
    for match in _BRACKETS.finditer(block):
        token, position = match.group(), match.start()
        if token == "[":
            brackets.append(position)
        elif token in ("]", "]("):
            if brackets:
                start = brackets.pop()
                yield "[", position - start, start
            if token == "](":
                parens.append((position + 1, True))
        elif token == "(":
            parens.append((position, False))
        elif token == ")" and parens:
            start, link = parens.pop()
            if link:
                yield "(", position - start, start
    for start in brackets:
        yield "[", len(block) - start, start
    for start, link in parens:
        if link:
            yield "(", len(block) - start, start


def _tag_scans(text: str):
    """(characters scanned, position) for each tag start ("<x", "<![") of `text`."""
    tags: list[int] = []
    sections: list[int] = []   # "<![CDATA[" and the like end only at "]]>"
    for match in _TAGS.finditer(text):
        token, position = match.group(), match.start()
        if token == "<![":
            sections.append(position)
        elif token.startswith("<"):
            tags.append(position)
        else:
            for start in tags:
                yield position - start, start
            tags = []
            if token == "]]>":
                for start in sections:
                    yield position - start, start
                sections = []
    for start in tags + sections:
        yield len(text) - start, start
