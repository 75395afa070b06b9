"""The one configured Python-Markdown converter of the project, and its HTML sanitizer.

`MarkdownRenderer(base_path, embed_hosts).convert(text, location, problems)`
returns the body as HTML and its first paragraph as plain text (the default
summary). It serves every Markdown body: news, awards, pages and program
descriptions. Root-relative links and image sources (`/jadwal/`), written in
Markdown or in raw HTML, are prefixed with the site's base path, so they keep
working when the site is published under a sub-path. Three shortcuts make it faster
and change nothing in the HTML (tests/test_markdown_blocks.py and
test_markdown_inline.py compare it with stock Python-Markdown): block processors are
not asked about paragraphs they cannot apply to (_BLOCK_NEEDS), stages with nothing
to do in a body are passed over (_STAGE_NEEDS), and inline patterns are not tried
where they cannot match (_QuickInline).

Content may come from partner communities, so the final HTML of every body is
sanitized with nh3 (the Rust library ammonia, which parses like a browser and
so also defeats entity-, whitespace- and case-obfuscated markup) to this
allowlist; anything else is removed:

Tags (ALLOWED_TAGS): what Markdown and its `extra` extension produce -- p, br,
    hr, h1-h6, em, strong, b, i, s, del, ins, sub, sup, small, mark, abbr,
    code, kbd, pre, blockquote, q, cite, a, img, ul, ol, li, dl, dt, dd,
    table, caption, thead, tbody, tfoot, tr, th, td, div (footnotes,
    md_in_html), span -- plus figure, figcaption, details, summary, and
    iframe for embeds (below). A tag not listed is removed and its text kept
    ("<spasi>", naming no HTML element, is no tag but text: gfm.KnownTagsOnly);
    script, style, template, noscript, svg, math, object, embed and the like
    are removed with their content (REMOVED_WITH_CONTENT).
Attributes (ALLOWED_ATTRIBUTES): title, id and lang on every tag (lang a language tag:
    an English term marked `<span lang="en">`, which a screen reader then says in
    English, WCAG 3.1.2; id as Markdown's
    footnotes and attr_list write it: a letter, then letters, digits, `_:.-`),
    class only with the values Markdown writes (CLASSES: footnote,
    footnote-ref, footnote-backref, language-*) and align-left/-center/-right
    (table column alignment, which Markdown writes as a style attribute, is
    turned into these classes so no inline style is needed under the CSP);
    href on a; src, alt, width, height, loading on img; colspan, rowspan (and
    scope on th) on cells; start, reversed on ol; value on li; open on
    details; src, width, height, title, allow, allowfullscreen, loading,
    referrerpolicy on iframe. Numbers must be whole numbers. Every event
    handler (on*), style, target, rel, srcdoc, srcset, form and xlink
    attribute is removed.
URLs: http, https, mailto and tel, and relative URLs; any other scheme
    (javascript:, data:, vbscript: ...) removes the attribute. Links never
    get `target`, so they open in the same tab and no `rel="noopener"` is
    needed: a page opened from the site cannot reach it through
    window.opener, and the Referrer-Policy meta tag of base.html decides what
    other sites learn.
Embeds: an <iframe> stays only when its src is https, on the default port,
    on a host listed in site.yaml's `embed_hosts` (config.DEFAULT_EMBED_HOSTS
    when absent: YouTube and Google Maps) and, for an entry with a path
    (`www.google.com/maps`), under that path. Any other iframe is removed
    whole, with a warning at its line naming its host and how to allow it.
    base.html's Content-Security-Policy allows frames from the same hosts. An iframe
    kept gets `loading="lazy"` unless it has a `loading`, and a title from its host
    ("Video YouTube") when it has none; one without a title, or with one that says
    nothing (SAYS_NOTHING_TITLES: the copied "YouTube video player"), is a warning at
    its line. A YouTube video given by its page's address (watch?v=, youtu.be/), which
    YouTube refuses to be framed at, gets its /embed/ address.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import lru_cache
from html import escape, unescape
from typing import Any, Callable
from urllib.parse import urlsplit

import markdown
import nh3
from markdown import inlinepatterns, util
from markdown.extensions import (abbr, attr_list, def_list, fenced_code, footnotes, md_in_html,
                                 sane_lists, tables)
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from site_builder import figures, gfm
from site_builder.config import DEFAULT_EMBED_HOSTS
from site_builder.errors import Location, Problems
from site_builder.formatting import join_words
from site_builder.phones import whatsapp_link

# `extra` (its extensions, in its order) and `sane_lists`, as instances: given by name,
# Python-Markdown first looks every name up among the entry points of every installed
# package (importlib.metadata), 60 ms of each build's start here. Then gfm.py: hashtags
# stay text, bare web and e-mail addresses become links, ~~text~~ is struck through, as
# in GitHub's preview. Then figures.py: an image alone in its paragraph, with a title,
# becomes a figure captioned by that title.
_EXTENSIONS = (fenced_code, footnotes, attr_list, def_list, tables, abbr, md_in_html, sane_lists,
               gfm, figures)


def extensions() -> list[Any]:
    """New instances of the Python-Markdown extensions the builder uses."""
    return [module.makeExtension() for module in _EXTENSIONS]


ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "em", "strong", "b", "i", "s", "del", "ins", "sub", "sup", "small", "mark", "abbr",
    "code", "kbd", "pre", "blockquote", "q", "cite", "a", "img",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "div", "span", "figure", "figcaption", "details", "summary", "iframe",
})
# Removed with everything inside: their content is code, not text for readers.
REMOVED_WITH_CONTENT = frozenset({
    "script", "style", "template", "noscript", "svg", "math", "object", "embed", "applet",
    "noembed", "noframes", "xmp", "title", "textarea", "select",
})
ALLOWED_ATTRIBUTES = {
    "*": {"title", "id", "class", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "iframe": {"src", "width", "height", "title", "allow", "allowfullscreen", "loading",
               "referrerpolicy"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
CLASSES = frozenset({"footnote", "footnote-ref", "footnote-backref",
                     "align-left", "align-center", "align-right"})
# Features an embed may be granted (what YouTube's embed code asks for).
EMBED_FEATURES = frozenset({"accelerometer", "autoplay", "clipboard-write", "encrypted-media",
                            "fullscreen", "gyroscope", "picture-in-picture", "web-share"})
REFERRER_POLICIES = frozenset({"no-referrer", "origin", "strict-origin",
                               "strict-origin-when-cross-origin", "same-origin"})
_VALUES = {  # attribute -> pattern its whole value must match, else it is removed
    "width": r"\d{1,5}", "height": r"\d{1,5}", "colspan": r"\d{1,4}", "rowspan": r"\d{1,4}",
    "start": r"-?\d{1,9}", "value": r"-?\d{1,9}", "id": r"[A-Za-z][\w:.-]*",
    "loading": r"lazy|eager", "scope": r"row|col|rowgroup|colgroup",
    "lang": r"[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*",
}
_BOOLEAN = frozenset({"reversed", "open", "allowfullscreen"})
_REMOVED_EMBED = "#sematan-dihapus-"   # src of an iframe to remove: a harmless fragment

# Python-Markdown leaves placeholders for stashed raw HTML in the tree's text.
_ALIGN_STYLE = re.compile(r"text-align:\s*(left|center|right);?")
# An iframe as nh3 writes it: every attribute value double-quoted, no quote inside.
_IFRAME = re.compile(r'<iframe((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)\s*>.*?</iframe>', re.DOTALL)
_SRC = re.compile(r'\ssrc="([^"]*)"')
_TITLE = re.compile(r'\stitle="([^"]*)"')
_LOADING = re.compile(r'\sloading="')
# Titles that copied embed codes carry and that say nothing of what is shown (lowercase).
SAYS_NOTHING_TITLES = frozenset({"youtube video player", "youtube", "video", "video player",
                                 "google maps", "maps", "map", "peta", "embed", "iframe"})
# What a kept embed is, by host: its title until staff write one, and an example of a
# telling one for the warning.
_VIDEO = ("Video YouTube", "Rekaman dongeng Sabtu pagi")
_MAP = ("Peta Google Maps", "Peta lokasi perpustakaan")
_EMBED_KINDS = {"www.youtube.com": _VIDEO, "youtube.com": _VIDEO, "m.youtube.com": _VIDEO,
                "www.youtube-nocookie.com": _VIDEO, "www.google.com": _MAP,
                "maps.google.com": _MAP}
_WRITTEN_SRC = re.compile(r"""src\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_DOT_SEGMENT = re.compile(r"(?:^|[/\\])(?:\.|%2e){1,2}(?:[/\\?#]|$)", re.IGNORECASE)


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    first_paragraph: str  # plain text, "" when the body has no text paragraph


class _FirstParagraph(Treeprocessor):
    """Remembers the first paragraph; turns table alignment styles into classes."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.first_paragraph = ""

    def run(self, root: etree.Element) -> None:
        self.first_paragraph = ""
        for element in root.iter():
            if element.tag in ("th", "td") and element.get("style"):
                align = _ALIGN_STYLE.fullmatch(element.attrib.pop("style").strip())
                if align:
                    element.set("class", f"align-{align[1]}")
            if element.tag == "p" and not self.first_paragraph:
                text = util.HTML_PLACEHOLDER_RE.sub(self._stashed_text,
                                                    "".join(element.itertext()))
                self.first_paragraph = " ".join(text.split())

    def _stashed_text(self, placeholder: re.Match[str]) -> str:
        """The text of what Markdown set aside at `placeholder`: an entity ("&amp;" is
        "&"), inline HTML's text; a preview without its "&" or "—" says less."""
        stashed = self.md.htmlStash.rawHtmlBlocks[int(placeholder[1])]
        if isinstance(stashed, etree.Element):
            return "".join(stashed.itertext())
        return unescape(TAG.sub("", stashed))


# -- inline patterns, skipped where they cannot match ----------------------------------------

def _literal_starts(items: list) -> tuple[str, ...] | None:
    """Texts one of which starts every match of the parsed regex `items`, or None when
    that is not known (a class, an optional part, anything not spelled out below)."""
    from re import _constants as sre   # the parse tree of re itself; anything unknown: None
    text = ""
    for op, value in items:
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):   # zero-width: consumes nothing
            if text:
                break
            continue
        if op is sre.LITERAL:
            text += chr(value)
            continue
        if text:
            break
        if op is sre.SUBPATTERN and not value[1] & re.IGNORECASE:
            return _literal_starts(list(value[3]))
        if op is sre.ATOMIC_GROUP:
            return _literal_starts(list(value))
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and value[0] >= 1:
            return _literal_starts(list(value[2]))
        if op is sre.BRANCH:
            branches = [_literal_starts(list(branch)) for branch in value[1]]
            if None in branches:
                return None
            return tuple(start for branch in branches for start in branch)
        if op is sre.IN and all(kind is sre.LITERAL for kind, _ in value):
            return tuple(chr(code) for _, code in value)
        return None
    return (text,) if text else None


@lru_cache(maxsize=None)
def _starts_pattern(regex: str, flags: int) -> re.Pattern[str] | None:
    """A regex finding where a match of `regex` could start (one of its literal
    starts), or None when every position could."""
    if flags & re.IGNORECASE:
        return None
    try:
        from re import _parser
        starts = _literal_starts(list(_parser.parse(regex, flags)))
    except Exception:   # a Python whose re is built otherwise: no shortcut
        return None
    return re.compile("|".join(map(re.escape, starts))) if starts else None


class _QuickInline(InlineProcessor):
    """Python-Markdown's inline stage, doing the same work minus the tries that cannot match.

    For each text, the stock stage tries every inline pattern in turn (a call,
    a regex search and some bookkeeping each: 15 patterns, half of the time of
    converting a news item). A pattern whose every match starts with a known
    text (`[`, `![`, `<`, `&`, `*`, two spaces and a line break ...) is not tried
    where that text does not occur, and a text holding none of them is left as
    it is. The stock code does all the rest, so the HTML is the same byte for
    byte (tests/test_markdown_inline.py compares the two); a pattern whose start
    is not known is always tried."""

    _patterns: list[inlinepatterns.Pattern] | None = None   # those _tries was made for

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        patterns = list(self.inlinePatterns)
        if patterns != self._patterns:   # the first document, or extensions changed them
            self._patterns = patterns
            self._tries = [(pattern, _starts_pattern(pattern.compiled_re.pattern,
                                                     pattern.compiled_re.flags)
                            if isinstance(pattern, inlinepatterns.InlineProcessor) else None)
                           for pattern in patterns]
            starts = [start for _, start in self._tries]
            self._any_start = (re.compile("|".join(start.pattern for start in starts))
                               if None not in starts else None)
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        if self._any_start is not None and self._any_start.search(data) is None:
            return data
        apply = self._InlineProcessor__applyPattern
        tries, start_index = self._tries, 0
        while patternIndex < len(tries):
            pattern, starts = tries[patternIndex]
            if starts is not None and starts.search(data, start_index) is None:
                patternIndex, start_index = patternIndex + 1, 0
                continue
            data, matched, start_index = apply(pattern, data, patternIndex, start_index)
            if not matched:
                patternIndex += 1
        return data


_BRACKETS = re.compile(r"[\[\]]")


class _BracketEnds:
    """For each index of `data`, the index just past the `]` closing a bracket opened before
    it, or None: what Python-Markdown 3.11's link patterns compute once per text
    (LinkInlineProcessor._findBracketEnds, so that a text of unclosed brackets is not
    scanned again from each one), worked out over the text's brackets alone. The stock
    code loops over every character of every text holding a link, again after each link
    found: about a tenth of converting a news item. Indexes between two brackets share
    their answer (tests/test_markdown_inline.py compares the two on every index)."""

    __slots__ = ("_positions", "_ends")

    def __init__(self, data: str):
        positions = [found.start() for found in _BRACKETS.finditer(data)]
        ends: list[int | None] = [None] * (len(positions) + 1)
        # The stretches before each bracket still open, with the depth they start at
        # (never decreasing from bottom to top): a `]` taking the depth below a
        # stretch's closes it.
        open_stretches: list[tuple[int, int]] = []
        depth = 0
        for number, position in enumerate(positions):
            open_stretches.append((number, depth))
            depth += 1 if data[position] == "[" else -1
            while open_stretches and depth < open_stretches[-1][1]:
                ends[open_stretches.pop()[0]] = position + 1
        self._positions, self._ends = positions, ends

    def __getitem__(self, index: int) -> int | None:
        return self._ends[bisect_left(self._positions, index)]


def _find_bracket_ends_by_brackets(md: markdown.Markdown) -> None:
    """Give the link patterns of `md` _BracketEnds, where this Python-Markdown has the
    per-character computation it replaces (3.11 on); older ones scan from each bracket."""
    if not callable(getattr(inlinepatterns.LinkInlineProcessor, "_findBracketEnds", None)):
        return
    for pattern in md.inlinePatterns:
        if isinstance(pattern, inlinepatterns.LinkInlineProcessor):
            pattern._findBracketEnds = _BracketEnds   # type: ignore[method-assign]


def _quick_inline_fits() -> bool:
    """Whether this Python-Markdown has the stock inline stage _QuickInline builds on."""
    return callable(getattr(InlineProcessor, "_InlineProcessor__applyPattern", None)) and \
        callable(getattr(InlineProcessor, "_InlineProcessor__handleInline", None))


def embed_allowed(src: str, embed_hosts: tuple[str, ...]) -> bool:
    """Whether an iframe may show `src`: https, default port, a listed host (and path)."""
    try:
        parts = urlsplit(src.strip())
        port = parts.port
    except ValueError:
        return False
    if parts.scheme.lower() != "https" or not parts.hostname or port not in (None, 443):
        return False
    if _DOT_SEGMENT.search(parts.path):   # the browser would leave the allowed path
        return False
    for entry in embed_hosts:
        host, _, path = entry.partition("/")
        if parts.hostname == host and (not path or parts.path.startswith(f"/{path}/")):
            return True
    return False


# A YouTube video's address as a browser shows it (watch?v=, youtu.be/, shorts/): YouTube
# refuses to be framed there, so an iframe of it shows an error box, not the video.
_YOUTUBE_PAGE = re.compile(
    r"https://(?:(?:www\.|m\.)?youtube\.com/(?:watch\?(?:[^#]*&)?v=|shorts/|live/)|youtu\.be/)"
    r"([\w-]{11})(?![\w-])")


# A YouTube embed address on youtube.com, and what follows its video's id (?start=30).
_YOUTUBE_EMBED = re.compile(r"https://(?:www\.|m\.)?youtube\.com/embed/([\w-]+)(.*)", re.S)
# YouTube's privacy-enhanced mode first: a video embedded from it sets no cookie in the
# reader's browser until it is played (youtube.com's embeds set them on loading).
_YOUTUBE_HOSTS = ("www.youtube-nocookie.com", "www.youtube.com")


def _youtube_embed(src: str, embed_hosts: tuple[str, ...]) -> str | None:
    """The embed address (/embed/ID) of a YouTube video given by its page's address or
    by its embed address on youtube.com, on the first host of _YOUTUBE_HOSTS that
    `embed_hosts` allows; None for any other `src`."""
    host = next((host for host in _YOUTUBE_HOSTS if host in embed_hosts), None)
    video = _YOUTUBE_PAGE.match(src.strip())
    if video and host:
        return f"https://{host}/embed/{video[1]}"
    embed = _YOUTUBE_EMBED.fullmatch(src.strip())
    if embed and host == _YOUTUBE_HOSTS[0]:
        return f"https://{host}/embed/{embed[1]}{embed[2]}"
    return None


def embed_host(src: str) -> str | None:
    """The host an iframe's src names, for messages."""
    try:
        return urlsplit(src.strip()).hostname
    except ValueError:
        return None


class _Sanitizer:
    """nh3 with the allowlist of the module docstring, for one build."""

    def __init__(self, base_path: str, embed_hosts: tuple[str, ...]):
        self.base_path = base_path
        self.embed_hosts = embed_hosts
        self.removed: list[str] = []   # src of each iframe removed by this call
        # (src as written, title as written or "") of each iframe kept whose title says
        # nothing
        self.untitled: list[tuple[str, str]] = []
        # src as published -> as written, of each rewritten (_youtube_embed): a message
        # names the address staff wrote, at the line it is on
        self.written_as: dict[str, str] = {}
        # Made once: nh3.clean with these options builds its sanitizer on every call,
        # which took half of its time on a news item.
        self._cleaner = nh3.Cleaner(
            tags=set(ALLOWED_TAGS), clean_content_tags=set(REMOVED_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
            attribute_filter=self._attribute, strip_comments=True, link_rel=None,
            url_schemes=set(URL_SCHEMES))

    def clean(self, html: str) -> tuple[str, list[str | None]]:
        """Sanitized HTML, and the src (None: no usable one) of each iframe removed; each
        iframe kept is made light and named (_light_and_named; `untitled` lists those
        whose title says nothing)."""
        self.removed, self.untitled, self.written_as = [], [], {}
        cleaned = self._cleaner.clean(html)
        removed: list[str | None] = []

        def iframe(match: re.Match[str]) -> str:
            src = _SRC.search(match[1])
            if src and not src[1].startswith(_REMOVED_EMBED):
                return self._light_and_named(match, unescape(src[1]))
            written = self.removed[int(src[1][len(_REMOVED_EMBED):])] if src else None
            removed.append(written)
            link = _link_instead(written, _TITLE.search(match[1]))
            alone = cleaned[match.start() - 1:match.start()] in ("", "\n") and \
                cleaned[match.end():match.end() + 1] in ("", "\n")   # a block of its own
            return f"<p>{link}</p>" if link and alone else link

        return (_IFRAME.sub(iframe, cleaned) if "<iframe" in cleaned else cleaned), removed

    def _light_and_named(self, match: re.Match[str], src: str) -> str:
        """A kept iframe (`match`), loaded only when the reader scrolls near it unless
        written otherwise (`loading="lazy"`), and with a title: when it has none, what it
        is by its host ("Video YouTube"), and it goes into `untitled`, as one whose
        title says nothing ("YouTube video player") does."""
        attributes = match[1]
        extra = "" if _LOADING.search(attributes) else ' loading="lazy"'
        title = _TITLE.search(attributes)
        written = unescape(title[1]).strip() if title else ""
        if not written or written.lower() in SAYS_NOTHING_TITLES:
            self.untitled.append((self.written_as.get(src, src), written))
        if not written:
            attributes = _TITLE.sub("", attributes)
            name = _embed_kind(src)[0]
            extra += f' title="{escape(name)}"'
        return f"<iframe{attributes}{extra}" + match[0][match.end(1) - match.start(0):]

    def _attribute(self, tag: str, name: str, value: str) -> str | None:
        """Called by nh3 for each allowed attribute, after its URL check; never raises."""
        if tag == "iframe" and name == "src":
            embed = _youtube_embed(value, self.embed_hosts)
            if embed is not None:
                self.written_as[embed] = value
                value = embed
            if embed_allowed(value, self.embed_hosts):
                return value
            self.removed.append(value)
            return f"{_REMOVED_EMBED}{len(self.removed) - 1}"
        if name in ("href", "src"):
            value = value.strip()
            if value.startswith("/") and not value.startswith(("//", "/\\")):
                return self.base_path + value[1:]
            return value
        if name == "class":
            kept = [word for word in value.split()
                    if word in CLASSES or re.fullmatch(r"language-[\w+#.-]+", word)]
            return " ".join(kept) or None
        if name in _BOOLEAN:
            return ""
        if name == "allow":
            features = [part.strip() for part in value.split(";")]
            return "; ".join(f for f in features if f in EMBED_FEATURES) or None
        if name == "referrerpolicy":
            return value if value in REFERRER_POLICIES else None
        pattern = _VALUES.get(name)
        if pattern is not None and not re.fullmatch(pattern, value.strip()):
            return None
        return value


# -- block processors, skipped where they cannot apply -----------------------------------------

# For each paragraph, Python-Markdown asks every block processor in turn whether the
# paragraph is its kind (a regex search each; most of them say no to plain text). These
# processors of Python-Markdown and its `extra` cannot apply to a block holding none of
# the texts listed; the claim was read from the regex named, as the releases listed spell
# it (a release that spells it otherwise turns the shortcut off for that processor). For
# the last three, `test` says yes to any block and `run` searches it, then puts the
# block back untouched and answers False when the regex does not match.
_BLOCK_NEEDS: dict[tuple[str, str], tuple[str, str | tuple[str, ...], tuple[str, ...]]] = {
    ("markdown.blockprocessors", "BlockQuoteProcessor"):
        ("RE", r"(^|\n)[ ]{0,3}>[ ]?(.*)", (">",)),
    ("site_builder.gfm", "SpacedHashHeading"): ("RE", gfm.HEADING_RE, ("#",)),
    ("markdown.blockprocessors", "SetextHeaderProcessor"):
        ("RE", r"^.*?\n(?:=+|-+)[ ]*(\n|$)", ("\n=", "\n-")),
    ("markdown.blockprocessors", "HRProcessor"):
        ("SEARCH_RE", r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}"
                      r"|(\*+[ ]{0,2}){3,}))(?P=atomicgroup)[ ]*$", ("-", "_", "*")),
    ("markdown.extensions.def_list", "DefListProcessor"):
        ("RE", r"(^|\n)[ ]{0,3}:[ ]{1,3}(.*?)(\n|$)", (":",)),
    # A table's first row needs a cell border; the regex is the one splitting cells.
    ("markdown.extensions.tables", "TableProcessor"):
        ("RE_CODE_PIPES", r"(?:(\\\\)|(\\`+)|(`+)|(\\\|)|(\|))", ("|",)),
    ("markdown.extensions.footnotes", "FootnoteBlockProcessor"):
        ("RE", r"^[ ]{0,3}\[\^([^\]]*)\]:[ ]*(.*)$", ("[^",)),
    ("markdown.extensions.abbr", "AbbrBlockprocessor"):   # Markdown 3.5-3.10, 3.11
        ("RE", (r"^[*]\[(?P<abbr>[^\\]*?)\][ ]?:[ ]*\n?[ ]*(?P<title>.*)$",
                r"^[*]\[(?P<abbr>[^\\\n]*?)\][ ]?:[ ]*\n?[ ]*(?P<title>.*)$"), ("*[",)),
    ("markdown.blockprocessors", "ReferenceProcessor"):
        ("RE", r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?"
               r'((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$', ("]:",)),
}


def block_needs(processor: Any) -> tuple[str, ...] | None:
    """The texts one of which a block must hold for `processor` to apply to it; None when
    that is not known for this processor (it is then always asked)."""
    kind = type(processor)
    return _pinned(processor, _BLOCK_NEEDS.get((kind.__module__, kind.__qualname__)))


def _asked_only_where_it_can_apply(test: Callable[[Any, str], bool], needs: tuple[str, ...]
                                   ) -> Callable[[Any, str], bool]:
    if len(needs) == 1:
        need = needs[0]
        return lambda parent, block: need in block and test(parent, block)

    def quick(parent: Any, block: str) -> bool:
        for need in needs:
            if need in block:
                return test(parent, block)
        return False
    return quick


def _skip_blocks_that_cannot_apply(md: markdown.Markdown) -> None:
    for processor in md.parser.blockprocessors:
        needs = block_needs(processor)
        if needs is not None:
            processor.test = _asked_only_where_it_can_apply(processor.test, needs)


# -- whole stages, passed over for a text that gives them nothing to do ---------------------

# Stages of Python-Markdown and `extra` that leave a text as it is when the body, as
# written, holds none of the texts listed (the stages before them add none): fenced code
# needs a fence, the raw HTML stage a "<" or an "&" (it writes a character reference
# back with its ";": "&#2)" becomes "&#2;)"), attribute lists a "{", and the stage putting
# backslash-escaped characters back needs a backslash. Pinned like _BLOCK_NEEDS, by the
# regex the claim was read from (the fence regex, a long one, by its digest) or, for the
# raw HTML stage, which has none, by its class alone (tests/test_markdown_blocks.py checks
# every claim against the stock stage).
_STAGE_NEEDS: dict[tuple[str, str], tuple[str | None, str | None, tuple[str, ...]]] = {
    ("markdown.extensions.fenced_code", "FencedBlockPreprocessor"):
        ("FENCED_BLOCK_RE", "sha256:588455cd8f4f8ecb", ("```", "~~~")),
    ("markdown.extensions.md_in_html", "HtmlBlockPreprocessor"): (None, None, ("<", "&")),
    ("markdown.extensions.attr_list", "AttrListTreeprocessor"):
        ("BASE_RE", r"\{\:?[ ]*([^\}\n ][^\n]*)\}", ("{",)),
    ("markdown.treeprocessors", "UnescapeTreeprocessor"):
        ("RE", "\x02(\\d+)\x03", ("\\",)),
    ("site_builder.figures", "FigureTreeprocessor"): (None, None, ("![",)),
}


def _pinned(processor: Any,
            known: tuple[str | None, str | tuple[str, ...] | None, tuple[str, ...]] | None
            ) -> tuple[str, ...] | None:
    """The texts of `known` (a row of the tables above) when `processor` still has the
    regex they were read from (one of its spellings); else None."""
    if known is None:
        return None
    attribute, regex, needs = known
    if attribute is None:
        return needs
    pattern = getattr(processor, attribute, None)
    pattern = getattr(pattern, "pattern", pattern)
    if not isinstance(pattern, str):
        return None
    spellings = regex if isinstance(regex, tuple) else (regex,)
    if any(spelling is not None and spelling.startswith("sha256:") for spelling in spellings):
        pattern = "sha256:" + hashlib.sha256(pattern.encode("utf-8")).hexdigest()[:16]
    return needs if pattern in spellings else None


def stage_needs(processor: Any) -> tuple[str, ...] | None:
    """The texts one of which a body must hold for the pre- or tree-processor `processor`
    to change anything; None when that is not known (it then always runs)."""
    kind = type(processor)
    return _pinned(processor, _STAGE_NEEDS.get((kind.__module__, kind.__qualname__)))


class _Skippable:
    """A stage's run, answering as a stage that changes nothing while `skip` is set."""

    def __init__(self, run: Callable[[Any], Any], needs: tuple[str, ...], tree: bool):
        self.run, self.needs = run, needs
        self.unchanged = _no_tree_change if tree else _no_line_change
        self.skip = False

    def __call__(self, argument: Any) -> Any:
        return self.unchanged(argument) if self.skip else self.run(argument)


def _no_line_change(lines: list[str]) -> list[str]:
    return "\n".join(lines).split("\n")   # what a preprocessor with nothing to do returns


def _no_tree_change(root: etree.Element) -> None:
    return None   # a treeprocessor returning None leaves the tree it was given


def _skippable_stages(md: markdown.Markdown) -> list[_Skippable]:
    stages = []
    for registry, tree in ((md.preprocessors, False), (md.treeprocessors, True)):
        for processor in registry:
            needs = stage_needs(processor)
            if needs is not None:
                processor.run = _Skippable(processor.run, needs, tree)
                stages.append(processor.run)
    return stages


class MarkdownRenderer:
    """Converts content bodies; one instance per build (Python-Markdown is not thread-safe)."""

    def __init__(self, base_path: str = "/", embed_hosts: tuple[str, ...] = DEFAULT_EMBED_HOSTS):
        self._md = markdown.Markdown(extensions=extensions(), output_format="html")
        _skip_blocks_that_cannot_apply(self._md)
        self._stages = _skippable_stages(self._md)
        if _quick_inline_fits():
            self._md.treeprocessors.register(_QuickInline(self._md), "inline", 20)
        _find_bracket_ends_by_brackets(self._md)
        self._first = _FirstParagraph(self._md)
        # After inline patterns (priority 20), so links and text are final.
        self._md.treeprocessors.register(self._first, "first_paragraph", 5)
        self._sanitizer = _Sanitizer(base_path, embed_hosts)

    def convert(self, text: str, location: Location | None = None,
                problems: Problems | None = None) -> RenderedMarkdown:
        """The body as sanitized HTML; each embed removed is a warning in `problems`,
        at its line counted from `location` (the line where `text` starts)."""
        for stage in self._stages:
            stage.skip = not any(need in text for need in stage.needs)
        raw = self._md.reset().convert(text)
        html, removed = self._sanitizer.clean(raw)
        if "<table" in html:
            html = scrollable_tables(html)
        if problems is not None and location is not None:
            self._report(text, raw, removed, location, problems)
            if self._md.htmlStash.rawHtmlBlocks:   # HTML written in the body, if any
                _report_dropped(text, self._md.htmlStash.rawHtmlBlocks, location, problems)
        return RenderedMarkdown(html, self._first.first_paragraph)

    def _report(self, text: str, raw: str, removed: list[str | None], location: Location,
                problems: Problems) -> None:
        """What a reader of `text` would miss, each at its line counted from `location`:
        an address no reader can open (an error; `raw` is Python-Markdown's HTML), an
        embed removed (`removed`), an embed whose title says nothing (warnings)."""
        found: list[tuple[int, Callable[[Location, str], None], str]] = []
        if _MAY_BE_UNUSABLE.search(raw):
            found += [(line, problems.error, message)
                      for line, message in unusable_addresses(raw, text)]
        embed_hosts = self._sanitizer.embed_hosts
        if removed:
            found += [(line, problems.warning, _removed_embed(src, embed_hosts))
                      for src, line in zip(removed, _iframe_lines(text, removed, embed_hosts))]
        if self._sanitizer.untitled:
            lines = text.split("\n")
            found += [(_line_with(lines, src) or 0, problems.warning,
                       _untitled_embed(src, written))
                      for src, written in self._sanitizer.untitled]
        start = location.line or 1
        for line, report, message in found:
            report(location.at(start + line), message)


# HTML elements the sanitizer removes with their content (and forms, whose fields go), as
# written in a body: the name of each, in small letters.
_DROPPED = re.compile(r"<(" + "|".join(sorted(REMOVED_WITH_CONTENT | {"form"})) + r")\b",
                      re.IGNORECASE)
# The social networks' embed codes: a quote (with a link to the post) and a script that
# turns it into the post; without the script, readers see the quote.
_SOCIAL_EMBEDS = {"instagram-media": "Instagram", "twitter-tweet": "X (Twitter)",
                  "tiktok-embed": "TikTok", "fb-post": "Facebook", "fb-video": "Facebook"}


def _report_dropped(text: str, stashed: list[str], location: Location,
                    problems: Problems) -> None:
    """A warning at the first line of each kind of element of `text` that the sanitizer
    removes (`stashed`: the HTML Python-Markdown kept as written), saying what readers
    see instead; the page is built without it."""
    found = {match[1].lower() for block in stashed for match in _DROPPED.finditer(block)}
    if not found:
        return
    written = "\n".join(stashed)
    lines = text.lower().split("\n")
    for line, tag in sorted((_line_with(lines, f"<{tag}") or 0, tag) for tag in found):
        problems.warning(location.at((location.line or 1) + line), _dropped(tag, written))


def _dropped(tag: str, written: str) -> str:
    if tag == "script":
        networks = sorted({name for mark, name in _SOCIAL_EMBEDS.items() if mark in written})
        seen = (f"; kode sematan {' dan '.join(networks)} tanpa skripnya tampil sebagai "
                "kutipan biasa berisi tautan ke unggahannya" if networks else "")
        return ("kode <script> dibuang, karena situs tidak menjalankan kode dari tulisan "
                f"(demi keamanan pembaca){seen}; untuk video atau peta, pakai kode <iframe> "
                "dari YouTube atau Google Maps (panduan staf, bagian 2)")
    if tag == "style":
        return ("<style> dibuang beserta isinya: tampilan tulisan mengikuti tema situs, "
                "yang sudah terbaca di HP dan oleh pembaca layar; hapus dari tulisan")
    if tag in ("form", "select", "textarea"):
        return (f"formulir <{tag}> dibuang (isiannya tidak tampil), karena situs tidak "
                "menerima kiriman formulir; buat formulirnya di Google Form lalu tautkan "
                "alamatnya, misalnya [Isi formulir pendaftaran](https://forms.gle/...)")
    return (f"<{tag}> dibuang beserta isinya, karena situs hanya menerbitkan HTML yang "
            "aman dan umum (panduan staf, bagian 2, \"HTML di dalam tulisan\"); hapus dari "
            "tulisan")


def _line_with(lines: list[str], written: str) -> int | None:
    """The 0-based number of the first of `lines` holding `written`, if one does."""
    return next((number for number, line in enumerate(lines) if written in line), None)


_TABLE_START = re.compile(r"<table\b[^>]*>")
# A table in a box that scrolls sideways when wider than the phone, the box reachable by
# keyboard and named, so its hidden columns are not out of reach (axe's
# scrollable-region-focusable); the table itself keeps display: table, and with it its
# semantics in every screen reader. Its name, which a screen reader says on entering it,
# is that of the table's columns: "Tabel: Juara, Nama, dan Sekolah".
TABLE_BOX = '<div class="table-scroll" role="region" tabindex="0" aria-label="{}">'
_HEADING_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL)
TAG = re.compile(r"<[^>]*>")   # a tag, to leave out of text
NAMED_COLUMNS = 3   # columns a box's name lists; "dan 5 kolom lain" says the rest


# -- addresses a reader cannot open, which the sanitizer drops ------------------------------

# In Python-Markdown's HTML: a link or image whose address is empty, or of a scheme other
# than URL_SCHEMES: a picture pasted into the text (data:), a file of the writer's own
# computer or phone (file:, C:\..., content:), an app's link (whatsapp:, ftp:). nh3 drops
# each such address, which left a dead link or a broken picture without a word.
_KEPT_SCHEME = "(?i:" + "|".join(sorted(URL_SCHEMES)) + "):"   # at an address's start
_OTHER_SCHEME = rf'(?!{_KEPT_SCHEME})[a-zA-Z][a-zA-Z0-9+.-]*:'
_UNUSABLE = re.compile(r'<(a|img)\b([^>]*?)\s(?:href|src)="(\s*|' + _OTHER_SCHEME
                       + r'[^"]*)"([^>]*)>')
# A quick test that _UNUSABLE may match (3 us a news item, where _UNUSABLE takes 90: 0.9 s
# of a build of 10,000): an empty value, or one with a colon before any / ? or #.
_MAY_BE_UNUSABLE = re.compile(rf'="(?:"|(?!{_KEPT_SCHEME})[^"/?#]*:)')
# Schemes no writer means: a way to attack, only dropped (as is a link, not a picture, to
# data:).
_ATTACKS = ("javascript", "vbscript")
# Schemes of files on the writer's own device: a Windows drive letter is read as one.
_OWN_DEVICE = ("file", "content")
_ALT = re.compile(r'\salt="([^"]*)"')
_EMPTY_LINK = re.compile(r'\]\(\s*(?:<\s*>)?\s*\)|(?:href|src)\s*=\s*(?:""|\'\')')


def unusable_addresses(raw: str, text: str) -> list[tuple[int, str]]:
    """(0-based line of `text`, message) for each link or image of `raw`, the HTML
    Python-Markdown made of `text`, whose address no reader can open (_UNUSABLE)."""
    lines = text.split("\n")
    empty = [number for number, line in enumerate(lines)
             for _ in _EMPTY_LINK.finditer(line)]
    found = []
    for match in _UNUSABLE.finditer(raw):
        tag, value = match[1], unescape(match[3]).strip()
        scheme = value.partition(":")[0].lower()
        if scheme in _ATTACKS or (tag == "a" and scheme == "data"):
            continue
        if tag == "img":
            alt = _ALT.search(match[2] + match[4])
            name = unescape(alt[1]) if alt else ""
        else:
            end = raw.find("</a>", match.end())
            name = unescape(re.sub(r"<[^>]*>", "", raw[match.end():end if end >= 0 else None]))
        what = f'{"gambar" if tag == "img" else "tautan"} "{name.strip() or value[:40]}"'
        if not value:
            line = empty.pop(0) if empty else 0
            example = (f"![{name.strip()}](foto.jpg)" if tag == "img"
                       else f"[{name.strip() or 'Jadwal'}](/jadwal/)")
            message = (f"{what} belum berisi alamat: tulis alamatnya di antara tanda kurung, "
                       f"misalnya {example}, atau hapus tanda kurung siku bila bukan tautan")
        else:
            line = _line_with(lines, value[:40]) or 0
            if value.startswith("data:"):
                message = (f"{what} ditempel langsung ke dalam tulisan (alamatnya diawali "
                           '"data:"), sehingga tidak tampil di situs; simpan gambarnya sebagai '
                           "berkas JPEG atau PNG di folder tulisan ini (NAMA/index.md) atau di "
                           f"content/static/, lalu tulis ![{name.strip() or 'Keterangan gambar'}]"
                           "(nama-berkas.jpg)")
            elif scheme in _OWN_DEVICE or len(scheme) == 1:
                device = "HP" if scheme == "content" else "komputer"
                message = (f'{what} menuju "{value}", berkas di {device} penulis yang tidak '
                           "bisa dibuka pembaca situs; " + (
                               "simpan berkasnya di folder tulisan ini (NAMA/index.md) atau di "
                               f"content/static/, lalu tulis ![{name.strip() or 'Keterangan'}]"
                               "(nama-berkas.jpg)" if tag == "img" else
                               "simpan berkasnya di content/static/ (misalnya "
                               "content/static/unduhan/formulir.pdf), lalu tautkan alamatnya "
                               "di situs (/unduhan/formulir.pdf)"))
            else:
                message = _other_scheme(what, value, scheme)
        found.append((line, message))
    return found


def _other_scheme(what: str, value: str, scheme: str) -> str:
    """An address of a scheme no browser of a reader is sure to open, and the site drops."""
    phone = re.search(r"phone=\+?(\d+)", value) if scheme == "whatsapp" else None
    chat = whatsapp_link("+" + phone[1]) if phone else None
    fix = (f"untuk WhatsApp tulis {chat}" if chat else
           "untuk WhatsApp tulis https://wa.me/ lalu nomornya (62812...)"
           if scheme == "whatsapp" else "tulis alamat yang diawali https://")
    return (f'{what} menuju "{value}", alamat berjenis "{scheme}:" yang tidak diterbitkan '
            "situs (hanya alamat https:, http:, mailto: dan tel:), sehingga tautannya mati; "
            + fix)


def scrollable_tables(html: str) -> str:
    """Each <table> of sanitized `html` inside TABLE_BOX, named by its column headings."""
    return _TABLE_START.sub(lambda match: TABLE_BOX.format(_table_name(html, match.end()))
                            + match[0], html).replace("</table>", "</table></div>")


def _table_name(html: str, start: int) -> str:
    """"Tabel: A, B, dan C" for the table whose content starts at `start` of `html`, by
    the heading cells of its first row ("Tabel" without any), escaped for an attribute."""
    row_end, table_end = html.find("</tr>", start), html.find("</table>", start)
    first_row = html[start:row_end] if 0 <= row_end < table_end else ""
    names = [" ".join(unescape(TAG.sub("", cell)).split())
             for cell in _HEADING_CELL.findall(first_row)]
    names = [name for name in names if name]
    if not names:
        return "Tabel"
    if len(names) > NAMED_COLUMNS:
        names = names[:NAMED_COLUMNS] + [f"{len(names) - NAMED_COLUMNS} kolom lain"]
    return escape(f"Tabel: {join_words(names, 'id')}", quote=True)


def _iframe_lines(text: str, removed: list[str | None], embed_hosts: tuple[str, ...]
                  ) -> list[int]:
    """The 0-based line of `text` where each removed iframe was written, near enough:
    the line holding its src, else the next line with an iframe that is not kept."""
    lines = text.split("\n")
    unused = [number for number, line in enumerate(lines) if "<iframe" in line.lower()
              and not any(embed_allowed(src, embed_hosts) for src in _WRITTEN_SRC.findall(line))]
    found = []
    for src in removed:
        by_src = _line_with(lines, src) if src else None
        line = by_src if by_src is not None else unused[0] if unused else 0
        found.append(line)
        if line in unused:
            unused.remove(line)
    return found


def _embed_kind(src: str) -> tuple[str, str]:
    """(what an embed is, an example of a telling title) by the host of its `src`."""
    host = embed_host(src) or ""
    return _EMBED_KINDS.get(host, (f"Sematan dari {host}", "Formulir pendaftaran kelas menulis"))


def _untitled_embed(src: str, written: str) -> str:
    host = embed_host(src)
    name, example = _embed_kind(src)
    if written:
        return (f'sematan <iframe> dari "{host}": judul (title) "{written}" tidak menyebut '
                "isinya, padahal judul itulah yang dibacakan pembaca layar; ganti dengan "
                f'isinya, misalnya title="{example}"')
    return (f'sematan <iframe> dari "{host}" tanpa judul (title), sehingga pembaca layar hanya '
            f'menyebut "{name}"; tambahkan judul yang menyebut isinya di dalam <iframe ...>, '
            f'misalnya title="{example}"')


def _link_instead(src: str | None, title: re.Match[str] | None) -> str:
    """What stands where an iframe was removed: a link to what it showed (a Google Form,
    a calendar) when that is an https address, else nothing."""
    host = embed_host(src) if src else None
    if not host or not src or not src.strip().lower().startswith("https://"):
        return ""
    said = unescape(title[1]).strip() if title else ""
    if host == "docs.google.com" and "/forms/" in urlsplit(src).path:
        text = "Buka formulir (Google Form)"
        src = re.sub(r"([?&])embedded=true(?:&|$)", r"\1", src.strip()).rstrip("?&")
    elif said and said.lower() not in SAYS_NOTHING_TITLES:
        text = f"Buka: {said}"
    else:
        text = f"Buka isi dari {host}"
    return f'<a href="{escape(src.strip())}">{escape(text)}</a>'


def _removed_embed(src: str | None, embed_hosts: tuple[str, ...]) -> str:
    allowed = ", ".join(embed_hosts) if embed_hosts else "tidak ada"
    host = embed_host(src) if src else None
    if not host:
        return ("sematan <iframe> dihapus karena tidak punya alamat (src) https yang bisa "
                "dipakai; salin kode sematan dari situs asalnya, misalnya menu Bagikan > "
                "Sematkan di YouTube")
    if not src.strip().lower().startswith("https:"):
        return (f'sematan <iframe> dari "{host}" dihapus karena alamatnya tidak diawali '
                "https://; sematan hanya boleh memakai alamat https")
    return (f'sematan <iframe> dari "{host}" dihapus karena situs itu tidak ada di daftar '
            f"embed_hosts di site.yaml (yang diizinkan: {allowed}), dan di tempatnya tampil "
            f"tautan ke alamat sematan itu; jika situs itu "
            f'tepercaya, tambahkan "- {host}" di bawah "embed_hosts:" di site.yaml, dan '
            "tulis juga host lain yang tetap ingin diizinkan")
