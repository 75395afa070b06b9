"""locate_references (links.py) gives exactly what its first implementation gave.

The first implementation read every href and src with HTMLParser and compiled a regex
per address to find its line; the current one reads HTML as nh3 writes it with a
precompiled regex and finds addresses with str.find. `_reference_locate` below is that
first implementation, copied unchanged but for one rule added to both later (an
occurrence where a link names the address counts before the same address written as
text: `_old_linked_address`), and the two are compared on the bodies of the
sample sites (rendered as a build renders them, and as raw HTML, which takes the
HTMLParser path), on hand-written tricky cases and on generated ones.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator, Sequence

import pytest
import yaml

from site_builder.links import _SERIALIZED, locate_references
from site_builder.markdown import MarkdownRenderer
from site_builder.model import LinkReference

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DIRS = (REPO / "content", REPO / "tests" / "sites")
BASE_PATHS = ("/", "/perpustakaan/")


# -- the first implementation, unchanged ------------------------------------------------

_EDGE = r"[\w/.%~-]"


class _OldReferences(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.found.append((tag, values[name].strip(), values.get("alt")))


def _old_references(html: str) -> list[tuple[str, str, str | None]]:
    parser = _OldReferences()
    parser.feed(html)
    parser.close()
    return parser.found


@lru_cache(maxsize=4096)
def _old_whole_address(written: str) -> re.Pattern[str]:
    return re.compile(f"(?<!{_EDGE}){re.escape(written)}(?!{_EDGE})")


def _old_line_of(lines: Sequence[str], start: int, written: str, nth: int) -> int | None:
    # The rule added later: occurrences where a link names the address count first.
    for pattern in (_old_linked_address(written), _old_whole_address(written)):
        found = [number for number in range(start, len(lines) + 1)
                 if written in lines[number - 1] and pattern.search(lines[number - 1])]
        if found:
            return found[min(nth, len(found) - 1)]
    return None


@lru_cache(maxsize=4096)
def _old_linked_address(written: str) -> re.Pattern[str]:
    return re.compile(f"(?:\\]\\(|\\]:|[(<=\"'])[ \\t]*"
                      f"(?<!{_EDGE}){re.escape(written)}(?!{_EDGE})")


def _reference_locate(html: str, lines: Sequence[str], start: int, base_path: str
                      ) -> tuple[LinkReference, ...]:
    if "href" not in html and "src" not in html:
        return ()
    seen: Counter[str] = Counter()
    located = []
    for tag, value, alt in _old_references(html):
        forms = [value]
        if base_path != "/" and value.startswith(base_path):
            forms.insert(0, "/" + value[len(base_path):])
        written, line = forms[0], None
        for form in forms:
            line = _old_line_of(lines, start, form, seen[form])
            if line is not None:
                seen[form] += 1
                written = form
                break
        located.append(LinkReference(tag, value, alt, written, line))
    return tuple(located)


# -- inputs ----------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _renderer(base_path: str) -> MarkdownRenderer:
    return MarkdownRenderer(base_path)


def _rendered(body: str, base_path: str) -> str | None:
    try:
        return _renderer(base_path).convert(body).html
    except RecursionError:   # a hostile body that convert_body refuses
        return None


def _split(text: str) -> tuple[str, int]:
    """The body of a Markdown file and its first line (front matter between --- lines)."""
    lines = text.split("\n")
    if lines[0].strip() == "---" and "---" in (line.strip() for line in lines[1:]):
        end = next(number for number in range(1, len(lines)) if lines[number].strip() == "---")
        return "\n".join(lines[end + 1:]), end + 2
    return text, 1


def _descriptions(text: str) -> list[str]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    programs = data.get("programs") if isinstance(data, dict) else None
    return [program["description"] for program in programs or []
            if isinstance(program, dict) and isinstance(program.get("description"), str)]


def _sample_cases(raw: bool = True) -> Iterator[tuple[str, tuple[str, ...], int, str]]:
    """(html, lines, start, base_path) for every body and program description of the
    sample sites, rendered for each base path, and (`raw`) each body as raw HTML too."""
    for folder in SAMPLE_DIRS:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".md", ".yaml") or not path.is_file():
                continue
            text = path.read_bytes().decode("utf-8", errors="replace")
            lines = tuple(text.split("\n"))
            if path.suffix == ".md":
                body, start = _split(text)
                bodies = [(body, start)]
            else:
                bodies = [(description, 1) for description in _descriptions(text)]
            for body, start in bodies:
                if raw:
                    yield body, lines, start, "/"
                for base_path in BASE_PATHS:
                    html = _rendered(body, base_path)
                    if html is not None:
                        yield html, lines, start, base_path


TRICKY = [
    # The same address several times: each occurrence at its own line, then the last.
    ('<p><a href="/jadwal/">a</a> <a href="/jadwal/">b</a> <a href="/jadwal/">c</a></p>',
     ("[a](/jadwal/)", "x", "[b](/jadwal/) and [again](/jadwal/)"), 1, "/"),
    # An address that is a prefix of another, before and after it on the line.
    ('<a href="/jadwal">a</a><a href="/jadwal/kelas/">b</a><a href="/jadwal">c</a>',
     ("[b](/jadwal/kelas/) [a](/jadwal)", "[c](/jadwal)"), 1, "/"),
    ('<a href="foto.jpg">a</a><img src="foto.jpg.webp" alt="x"><a href="foto.jpg">b</a>',
     ("![x](foto.jpg.webp)", "<a href='foto.jpg'>a</a>", "[b](foto.jpg)"), 1, "/"),
    # A base path that is not "/": written with or without it.
    ('<a href="/perpustakaan/profil/">a</a><a href="/perpustakaan/perpustakaan/x/">b</a>'
     '<a href="/perpustakaan/profil/">c</a>',
     ("[a](/profil/)", "[b](/perpustakaan/x/)", "[c](/perpustakaan/profil/)"), 1,
     "/perpustakaan/"),
    # Entities in href and alt, attributes in any order, empty and blank values.
    ('<p><a href="/cari?q=a&amp;b=c&#39;d&quot;">x</a><img alt="A &amp; &lt;B&gt; &quot;c&quot;"'
     ' src="/f&amp;x.jpg" title="t"><a href="">e</a><img src="  " alt><a href=" /sp/ ">s</a>'
     '</p>', ("[x](/cari?q=a&b=c'd\")", "![A](/f&x.jpg)", '<a href=" /sp/ ">'), 1, "/"),
    # Raw HTML links, single quotes, capitals, "/>", comments, script content.
    ("<A HREF='/Besar/'>x</A><img src=/tanpa-kutip.png alt='a \"b\"'/><!-- <a href=\"/k\"> -->"
     "<script>var a = '<a href=\"/s\">';</script><a href=\"/s\">s</a>",
     ("<A HREF='/Besar/'>x</A>", "<img src=/tanpa-kutip.png>", "[s](/s)"), 1, "/"),
    # An iframe with something inside, and one that is empty.
    ('<iframe src="https://www.youtube.com/embed/x"><a href="/dalam/">z</a></iframe>'
     '<iframe src="https://www.youtube-nocookie.com/embed/y"></iframe>',
     ("<iframe>", "[z](/dalam/)"), 1, "/"),
    # Text with "<" and ">" as nh3 writes it, a value holding ' href="'.
    ('<p>1 &lt; 2 &gt; 0 <a title="a href=" href="/t/">t</a></p>', ("[t](/t/)",), 1, "/"),
    # Edges: an address inside a longer word, after a letter, in a URL-encoded form.
    ('<a href="/a/">a</a><a href="x">x</a><a href="%20y">y</a>',
     ("/a/b /a/", "xx x", "a%20y %20y"), 1, "/"),
    # Start past some lines, lines before it ignored; start at 0 and past the end.
    ('<a href="/a/">a</a>', ("[a](/a/)", "[a](/a/)"), 2, "/"),
    ('<a href="/a/">a</a>', ("[a](/a/)",), 0, "/"),
    ('<a href="/a/">a</a>', ("[a](/a/)",), 5, "/"),
    # No href or src at all; an address never written.
    ("<p>tanpa tautan</p>", ("x",), 1, "/"),
    ('<a href="/tidak-ditulis/">a</a>', ("lain",), 1, "/"),
    # Unicode letters and digits around an address (part of \w).
    ('<a href="/x">a</a>', ("é/x", "٣/x", "/xé", "(/x)"), 1, "/"),
    # The address as text first, then where a link names it: the link's line.
    ('<a href="/j/">a</a><a href="/k/">b</a><a href="/j/">c</a><a href="/m/">d</a>',
     ("Info: /j/ dan /k/, /m/", "[a](/j/) <a href='/k/'>b</a>", "[c]: /j/", "[d]( /m/ )"),
     1, "/"),
    ('<a href="/j/">a</a><a href="/j/">b</a>', ("/j/ lalu (/j/)", "teks /j/"), 1, "/"),
]


_PIECES = ["/jadwal", "/jadwal/", "/jadwal/kelas/", "foto.jpg", "foto.jpg.webp", "/perpustakaan",
           "/perpustakaan/jadwal/", "../", "#atas", "a&b", "a%20b", "x", "é"]


def _generated(seed: int) -> tuple[str, tuple[str, ...], int, str]:
    """Markdown of random links and images, rendered, and the lines it came from."""
    chance = random.Random(seed)
    base_path = chance.choice(BASE_PATHS)
    lines = []
    for _ in range(chance.randint(1, 12)):
        words = []
        for _ in range(chance.randint(0, 4)):
            address = "".join(chance.choice(_PIECES) for _ in range(chance.randint(1, 2)))
            words.append(chance.choice([f"[t]({address})", f"![a]({address})", f"![]({address})",
                                        f'<a href="{address}">h</a>', address]))
        lines.append(" ".join(words))
    body = "\n\n".join(lines)
    return _renderer(base_path).convert(body).html, tuple(lines), 1, base_path


# -- the comparisons --------------------------------------------------------------------

def test_sample_bodies_give_what_the_first_implementation_gave():
    cases = list(_sample_cases())
    assert len(cases) > 200
    with_links = 0
    for html, lines, start, base_path in cases:
        expected = _reference_locate(html, lines, start, base_path)
        assert locate_references(html, lines, start, base_path) == expected, html
        with_links += bool(expected)
    assert with_links > 30


@pytest.mark.parametrize("case", range(len(TRICKY)))
def test_tricky_cases_give_what_the_first_implementation_gave(case: int):
    html, lines, start, base_path = TRICKY[case]
    expected = _reference_locate(html, lines, start, base_path)
    assert locate_references(html, lines, start, base_path) == expected
    # Rendered as a build renders it, with the lines as the source.
    rendered = _rendered("\n".join(lines), base_path) or ""
    assert (locate_references(rendered, lines, start, base_path)
            == _reference_locate(rendered, lines, start, base_path))


def test_an_address_where_a_link_names_it_comes_before_the_same_text():
    html, lines, start, base_path = TRICKY[-2]
    assert [reference.line for reference in locate_references(html, lines, start, base_path)] \
        == [2, 2, 3, 4]
    html, lines, start, base_path = TRICKY[-1]   # "(/j/)" counts as a link's place
    assert [reference.line for reference in locate_references(html, lines, start, base_path)] \
        == [1, 1]


def test_generated_cases_give_what_the_first_implementation_gave():
    for seed in range(300):
        html, lines, start, base_path = _generated(seed)
        assert (locate_references(html, lines, start, base_path)
                == _reference_locate(html, lines, start, base_path)), (seed, html, lines)


def test_rendered_bodies_take_the_regex_path():
    """Every rendered body is in the form the regex reads (else HTMLParser, slower)."""
    rendered = [html for html, *_ in _sample_cases(raw=False)]
    assert len(rendered) > 100
    assert [html for html in rendered if not _SERIALIZED.fullmatch(html)] == []
