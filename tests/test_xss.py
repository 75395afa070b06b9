"""Hostile content (issue "hostile input", parts 4 and 7): no text a contributor writes may
run as script, in any output, and the Content-Security-Policy of base.html stops what
would slip through.

A corpus of XSS payloads in the style of the OWASP XSS filter-evasion cheat sheet is put
into every field where the content format allows text (site.yaml, news, awards, pages,
the schedule) and into Markdown bodies; the site is built and:

- every built page is opened in real headless Chromium with an init script that records
  any call of alert/confirm/prompt/print, any write to `window.__xss` and any CSP
  violation; dialogs, navigations away from the site and console errors are recorded
  too. Elements with an on* attribute get mouseover, focus, click ... events, every
  <details> is opened; then no payload may have run, no element may carry an on*
  attribute or a URL with another scheme than http(s), mailto, tel or webcal (the
  calendar's subscription), and the only
  scripts are the site's own (search.js, daftar.js, and JSON-LD whose JSON holds the
  original strings);
- the Atom feed, the sitemap and the .ics files are parsed: payloads are text there;
- fields that must hold a URL reject `javascript:` and `data:` (the build fails).

The embed allowlist (`embed_hosts`) and the CSP are checked in Chromium as well, on the
hostile site and on every page kind of the sample sites.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import re
import shutil
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote, urlsplit

import pytest
from icalendar import Calendar

from browser import (EVERY_PAGE, NOT_FOUND, PHONE, ServedSites, chromium, open_watched,
                     search_for, serve)
from conftest import SITE_YAML, dedent, image_bytes, make_site, read, run, write_files
from site_builder.config import MAP_SEARCH, parse_config
from site_builder.content.bodies import plain_text
from site_builder.errors import Location, Problems
from site_builder.markdown import MarkdownRenderer

# -- the corpus ----------------------------------------------------------------------------

# Each payload would call alert(1) or set window.__xss if any output let it run. Images
# point at an address outside the site (never fetched: the test browser aborts such
# requests), so onerror would fire, and the link check has nothing to complain about.
X = "https://x.invalid/a.png"
PAYLOADS = [
    # script elements, many spellings
    "<script>alert(1)</script>",
    "<SCRIPT>window.__xss=1</SCRIPT>",
    "<ScRiPt >alert(1)</sCrIpT >",
    "<script src=data:text/javascript,alert(1)></script>",
    '<script/xss src="data:,window.__xss=1"></script>',
    "<<script>alert(1);//<</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script\t>alert(1)</script>",   # control characters (\x0c) are refused by textfile.py
    # event handlers
    f"<img src={X} onerror=alert(1)>",
    f'<IMG SRC="{X}" OnErRoR="window.__xss=1">',
    f'<img src="{X}" onerror="&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;;window.__xss=1">',
    '<img """><script>alert(1)</script>">',
    "<svg onload=alert(1)>",
    "<svg/onload=window.__xss=1>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<details open ontoggle="window.__xss=1"><summary>ringkas</summary>isi</details>',
    "<input autofocus onfocus=alert(1)>",
    f'<video><source src="{X}" onerror="alert(1)"></video>',
    "<marquee onstart=alert(1)>berjalan</marquee>",
    '<a href="#" onclick="alert(1)" onmouseover="window.__xss=1">klik</a>',
    "<div onpointerover=alert(1) onfocusin=alert(1) tabindex=0>arahkan</div>",
    # javascript:, data: and vbscript: URLs, obfuscated
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">tautan</a>',
    '<a href="JaVaScRiPt:window.__xss=1">huruf campur</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    '<a href="jav&#x0A;ascript:alert(1)">baris baru</a>',
    '<a href="jav&#0000009ascript:alert(1)">nol di depan</a>',
    '<a href="  javascript:window.__xss=1">spasi</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">entitas</a>',
    '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;window.__xss=1">hex</a>',
    '<a href=" &#14;  javascript:alert(1)">spasi depan</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<a href="vbscript:alert(1)">vbscript</a>',
    '<IMG SRC="jav&#x0D;ascript:alert(1);">',
    # frames, objects, meta, style, forms, base
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
    '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<div style="width: expression(alert(1))">ekspresi</div>',
    '<div style="background:url(javascript:alert(1))">latar</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<form action="javascript:alert(1)"><button>kirim</button></form>',
    '<button formaction="javascript:alert(1)">tombol</button>',
    '<base href="javascript:alert(1)//">',
    # SVG and MathML, mutation XSS
    "<svg><script>window.__xss=1</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">klik</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    f"<math><mtext><table><mglyph><style><img src={X} onerror=alert(1)>",
    f'<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src={X} '
    f'onerror=alert(1)&gt;">',
    "<template><script>alert(1)</script></template>",
    f'<noscript><p title="</noscript><img src={X} onerror=alert(1)>">',
    f"<xmp><img src={X} onerror=alert(1)></xmp>",
    "<!--<script>alert(1)</script>--><!-- --!><script>window.__xss=1</script> -->",
    # breaking out of <script> (JSON-LD), attributes and URLs
    "</script><script>alert(1)</script>",
    "</SCRIPT ><script>window.__xss=1</script>",
    "<!--<script>alert(1)//",
    "\u2028</script>\u2029<script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus x='",
    "` onmouseover=alert(1) `",
    f'"><img src={X} onerror=alert(1)>',
    "'><svg onload=window.__xss=1>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/"
    "+/[*/[]/+alert(1)//'>",
    # Markdown of its own
    "[klik](javascript:alert(1))",
    "[klik](JAVASCRIPT:window.__xss=1 \"judul\")",
    "![gambar](javascript:alert(1))",
    "[klik](<javascript:alert(1)>)",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[rujukan][r]\n\n[r]: javascript:alert(1)",
    'Paragraf.\n{: onclick="alert(1)" onmouseover="window.__xss=1" }',
    "<javascript:alert(1)>",
    # other outputs: iCalendar lines, template syntax
    "Kelas\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:alert(1)\r\nEND:VALARM",
    "{{ 7*7 }}{% raw %}<script>alert(1)</script>",
]

# Fields that take text, each of which gets every payload.
NEWS_FIELDS = ("title", "summary", "tags", "image_alt", "image_caption", "author", "source",
               "body")
AWARD_FIELDS = NEWS_FIELDS + ("award", "giver", "recipient", "event")
PAGE_FIELDS = ("title", "summary", "body")
PROGRAM_FIELDS = ("title", "summary", "description", "category", "partner", "location",
                  "audience", "fee", "registration", "session location", "session note")
SITE_FIELDS = ("title", "tagline", "description", "contact address", "contact phone",
               "contact whatsapp", "contact email", "contact opening_hours",
               "contact special_hours", "social names",
               "menu titles")
FIELD_COUNT = (len(NEWS_FIELDS) + len(AWARD_FIELDS) + len(PAGE_FIELDS) + len(PROGRAM_FIELDS)
               + len(SITE_FIELDS))
RAN_MARKERS = ("alert(", "__xss", "base64,")   # base64: alert(1) encoded
# The theme's own scripts: the search page's, and every page's (registers sw.js).
THEME_SCRIPTS = ("/assets/search.js", "/assets/daftar.js")


def q(text: str) -> str:
    """`text` as a YAML scalar: JSON's double-quoted strings are YAML too."""
    return json.dumps(text)


def _joined() -> str:
    return " | ".join(PAYLOADS)


def _site_yaml() -> str:
    """Single-valued fields get every payload at once; lists get one entry per payload."""
    everything = q(_joined())
    lines = [f"title: {everything}", "base_url: https://example.org/",
             f"tagline: {everything}", f"description: {everything}",
             "catalog_url: https://opac.example.org/cari?q=", "contact:",
             "  address:", *[f"    - {q(p)}" for p in PAYLOADS],
             f"  phone: {everything}", f"  whatsapp: {everything}",
             f"  email: {q(_joined() + '@example.org')}",
             "  opening_hours:", *[f"    - {q(p)}" for p in PAYLOADS],
             "  special_hours:", f"    - note: {everything}", "      from: 2026-11-01",
             "      until: 2026-12-31", "      hours:", *[f"        - {q(p)}" for p in PAYLOADS],
             "social:", *[f"  {q(p)}: https://example.org/sosial/{i}"
                          for i, p in enumerate(PAYLOADS)],
             "menu:", *[f"  - {{title: {q(p)}, url: /berita/}}" for p in PAYLOADS]]
    return "\n".join(lines) + "\n"


def _body(payload: str) -> str:
    """A Markdown body with the payload inline and as a block of its own."""
    return f"Teks {payload} teks.\n\n{payload}\n\nParagraf biasa.\n"


def _front(fields: dict[str, Any]) -> str:
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields.items()) + "---\n"


def _news(payload: str, number: int) -> str:
    """A news item with the payload in every text field, and an old address (`aliases`):
    its redirect page shows the payload title too."""
    return _front({"title": q(payload), "date": "2024-01-05", "summary": q(payload),
                   "tags": json.dumps([payload]), "image": "/gambar.png",
                   "image_alt": q(payload), "image_caption": q(payload), "author": q(payload),
                   "source": q(payload), "aliases": f"[/{OLD_ADDRESSES}berita-{number}/]"}
                  ) + _body(payload)


OLD_ADDRESSES = "lama/"   # where the news items' redirect pages are


def _award(payload: str) -> str:
    return _front({"title": q(payload), "date": "2024-01-10", "summary": q(payload),
                   "tags": json.dumps([payload]), "image": "foto.jpg",
                   "image_alt": q(payload), "image_caption": q(payload), "author": q(payload),
                   "source": q(payload), "award": q(payload), "giver": q(payload), "recipient": q(payload),
                   "event": q(payload)}) + _body(payload)


def _page(payload: str) -> str:
    return _front({"title": q(payload), "summary": q(payload)}) + _body(payload)


def _schedule() -> str:
    lines = ["programs:"]
    for i, p in enumerate(PAYLOADS):
        lines += [f"  - id: kegiatan-{i}", f"    title: {q(p)}", f"    summary: {q(p)}",
                  f"    description: {q(_body(p))}", f"    category: {q(p)}",
                  f"    partner: {q(p)}", f"    location: {q(p)}", f"    audience: {q(p)}",
                  f"    fee: {q(p)}", f"    registration: {q(p)}", "    sessions:",
                  "      - date: 2026-12-01", '        start: "09:00"', '        end: "11:00"',
                  f"        location: {q(p)}", f"        note: {q(p)}"]
        if i == 0:
            lines += ["    weekly:", '      - {day: Selasa, start: "15:00", end: "17:00"}',
                      "    period: {from: 2026-11-01, until: 2026-12-31}"]
    return "\n".join(lines) + "\n"


def hostile_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"content/site.yaml": _site_yaml(),
                                     "content/schedule.yaml": _schedule(),
                                     "content/static/gambar.png": image_bytes(kind="PNG")}
    for i, payload in enumerate(PAYLOADS):
        files[f"content/news/2024-01-05-berita-{i}.md"] = _news(payload, i)
        files[f"content/awards/2024-01-10-penghargaan-{i}/index.md"] = _award(payload)
        files[f"content/awards/2024-01-10-penghargaan-{i}/foto.jpg"] = image_bytes()
        files[f"content/pages/halaman-{i}.md"] = _page(payload)
    return files




def _normal(text: str) -> str:
    """Line ends as XML and iCalendar give them back, without the control characters XML
    cannot hold (feeds.py drops them), surrounding spaces as fields keep them."""
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def expected_strings() -> set[str]:
    """Every value the content holds, as a JSON-LD, feed or calendar field may show it."""
    # Fields are read without surrounding spaces (a list item each on its own).
    address = ", ".join(p.strip() for p in PAYLOADS)
    values = {*PAYLOADS, _joined(), _joined() + "@example.org", address,
              # the footer's map link: a search for title and address, percent-encoded
              MAP_SEARCH + quote(f"{_joined().strip()}, {address}", safe="")}
    values |= {plain_text(payload) for payload in PAYLOADS}   # a title or summary shows its text
    values |= {value[:110] for value in values}
    return {_normal(value) for value in values}


# -- the hostile site, built once ------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The built hostile site's root (its output/ is the site)."""
    root = tmp_path_factory.mktemp("xss") / "site"
    write_files(root, hostile_files(), exact=True)  # payloads keep their whitespace
    result = run(root, "build")
    assert result.code == 0, result.err[-5000:]
    return root


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


# -- reading built HTML without a browser --------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background",
                  "xlink:href", "cite", "srcset"}
SAFE_SCHEMES = ("http", "https", "mailto", "tel", "webcal")
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "math",
                  "template", "noscript", "style", "xmp", "textarea"}


def _same_site_refresh(values: dict[str, str | None]) -> bool:
    """The builder's own refresh, on a redirect page: at once, to a path of the site."""
    return (values.get("http-equiv") or "").lower() == "refresh" and re.fullmatch(
        r"0; url=/[^\s\"'<>:]*", values.get("content") or "") is not None


class _Markup(HTMLParser):
    """Tags, attributes and script contents of a page, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self._svg_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or name in ("srcdoc", "style"):
                self.problems.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and value and _scheme(value) not in ("", *SAFE_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and values.get("http-equiv", "").lower() not in (
                "", "content-security-policy") and not _same_site_refresh(values):
            self.problems.append(f"<meta http-equiv={values['http-equiv']}>")
        if tag == "svg" and "brand-mark" not in (values.get("class") or ""):
            self.problems.append("<svg> from content")
        if tag == "script":
            self._script = values

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts.append((self._script, data))
            self._script = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, ""))
            self._script = None


def _scheme(url: str) -> str:
    """The scheme a browser would see ("" for a relative URL)."""
    cleaned = re.sub(r"[\x00-\x20]", "", url)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return match[1].lower() if match else ""


def read_markup(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser


def json_strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from json_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from json_strings(value)


def _holds_payload(text: str) -> bool:
    return any(marker in text for marker in RAN_MARKERS)


# -- the corpus and the build ----------------------------------------------------------------

def test_the_corpus_covers_every_text_field():
    assert len(PAYLOADS) >= 40
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    assert all(_holds_payload(p) for p in PAYLOADS)
    print(f"\n{len(PAYLOADS)} payloads x {FIELD_COUNT} fields = {len(PAYLOADS) * FIELD_COUNT}")


def test_no_markup_from_content_in_any_page(hostile: Path):
    pages = html_pages(hostile / "output")
    assert len(pages) > 4 * len(PAYLOADS)
    redirects = [page for page in pages if page.relative_to(hostile / "output").as_posix()
                 .startswith(OLD_ADDRESSES)]
    assert len(redirects) == len(PAYLOADS)   # a payload title on each
    problems = []
    for page in pages:
        markup = read_markup(page.read_text(encoding="utf-8"))
        problems += [f"{page.relative_to(hostile)}: {p}" for p in markup.problems]
        for attributes, text in markup.scripts:
            if attributes.get("type") == "application/ld+json":
                continue
            if attributes.get("src", "").split("?")[0].endswith(THEME_SCRIPTS) \
                    and not text.strip():
                continue
            problems.append(f"{page.relative_to(hostile)}: script {attributes} {text[:80]!r}")
    assert problems == []


def test_json_ld_holds_the_original_strings(hostile: Path):
    expected = expected_strings()
    checked = 0
    for page in html_pages(hostile / "output"):
        for attributes, text in read_markup(page.read_text(encoding="utf-8")).scripts:
            if attributes.get("type") != "application/ld+json":
                continue
            assert "<" not in text, f"{page}: raw < in JSON-LD"
            for value in json_strings(json.loads(text)):
                if _holds_payload(value):
                    assert _normal(value) in expected, f"{page}: {value[:200]!r}"
                    checked += 1
    assert checked > 10 * len(PAYLOADS)


def test_feed_and_sitemap_hold_payloads_only_as_text(hostile: Path):
    expected = expected_strings()
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(hostile / "output/feed.xml").getroot()
    assert _normal(feed.find(f"{atom}title").text) in expected
    assert _normal(feed.find(f"{atom}subtitle").text) in expected
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 30
    for entry in entries:
        for path in ("title", "summary", "author/name"):
            element = entry.find("/".join(atom + part for part in path.split("/")))
            assert _normal(element.text) in expected
        for category in entry.findall(f"{atom}category"):
            assert _normal(category.get("term")) in expected
        enclosure = entry.find(f"{atom}link[@rel='enclosure']")
        assert _normal(enclosure.get("title")) in expected
        content = entry.find(f"{atom}content")
        assert content.get("type") == "html"
        assert read_markup(content.text).problems == []
        assert read_markup(content.text).scripts == []
    sitemap = ET.parse(hostile / "output/sitemap.xml").getroot()
    locations = [loc.text for loc in
                 sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locations) > 4 * len(PAYLOADS)
    assert all(re.fullmatch(r"https://example\.org/[a-z0-9/-]*", loc) for loc in locations)


def _unescape_text(value: str) -> str:
    """An iCalendar TEXT value as written in the file (RFC 5545, 3.3.11) as the text it holds."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def test_calendars_hold_payloads_only_as_text(hostile: Path):
    expected = expected_strings()
    files = sorted((hostile / "output/jadwal").glob("*.ics"))
    assert len(files) == len(PAYLOADS) + 1
    for path in files:
        calendar = Calendar.from_ical(path.read_bytes())
        names = {component.name for component in calendar.walk()}
        assert names <= {"VCALENDAR", "VTIMEZONE", "STANDARD", "DAYLIGHT", "VEVENT"}, path
        events = calendar.walk("VEVENT")
        assert len(events) == (2 if path.name in ("kegiatan-0.ics",) else
                               len(PAYLOADS) + 1 if path.name == "jadwal.ics" else 1)
        for event in events:
            assert _normal(str(event["SUMMARY"])) in expected
            # at the library, the place is followed by the library's address (site.yaml's)
            place = _normal(str(event["LOCATION"]))
            address = _normal(", ".join(p.strip() for p in PAYLOADS))
            assert place.endswith(", " + address)
            assert place.removesuffix(", " + address) in expected
            description = _normal(str(event["DESCRIPTION"]))
            summary = next(p for p in PAYLOADS if _normal(p) == _normal(str(event["SUMMARY"])))
            assert description.startswith(_normal(summary))
            assert f"Pendaftaran: {_normal(summary)}" in description
            assert [_normal(str(c)) for c in event["CATEGORIES"].cats] == [_normal(summary)]
        for key in ("NAME", "X-WR-CALNAME"):   # icalendar leaves these values escaped
            name = _normal(_unescape_text(str(calendar[key])))
            assert name.endswith(" — " + _normal(_joined())), key


# -- in Chromium -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module (one Playwright per process at a time); each test
    makes its own contexts with `new_context`."""
    with chromium() as context:
        yield context.browser


@contextlib.contextmanager
def new_context(browser) -> Iterator[Any]:
    """A fresh context at phone size, recording with RECORDER on every page and frame."""
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    context.set_default_timeout(15_000)
    context.add_init_script(RECORDER)
    try:
        yield context
    finally:
        context.close()


# Runs first in every page and frame. A frame (an iframe that got through, of any origin)
# also posts what it records to the top page, where INSPECT reads it.
RECORDER = """
(() => {
  const ran = [], violations = [];
  Object.defineProperty(window, "__ran", {value: ran});
  Object.defineProperty(window, "__violations", {value: violations});
  const framed = window !== window.top;
  const lists = {ran, violations};
  const record = (kind, entry) => {
    lists[kind].push(entry);
    if (framed) try { window.top.postMessage({recorded: entry, kind}, "*"); } catch (error) {}
  };
  if (!framed) window.addEventListener("message", (event) => {
    const {recorded, kind} = event.data || {};
    if (recorded && lists[kind]) lists[kind].push(`in a frame: ${recorded}`);
  });
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => record("ran", `${name}(${args.join(",")})`);
  }
  let xss;
  Object.defineProperty(window, "__xss", {
    get: () => xss, set: (value) => { xss = value; record("ran", `__xss=${value}`); }});
  document.addEventListener("securitypolicyviolation", (event) => record(
    "violations", `${event.violatedDirective} ${event.blockedURI}`), true);
})();
"""

PROVOKE = """() => {
  let provoked = 0;
  for (const element of document.querySelectorAll("*")) {
    if (!element.getAttributeNames().some((name) => /^on/i.test(name))) continue;
    provoked += 1;
    for (const type of ["mouseover", "mouseenter", "pointerover", "focus", "focusin",
                        "click", "toggle", "load", "error", "begin", "start"]) {
      element.dispatchEvent(new Event(type, {bubbles: true}));
    }
    if (element.focus) element.focus();
  }
  for (const details of document.querySelectorAll("details")) details.open = true;
  return provoked;
}"""

INSPECT = """() => {
  const handlers = [], urls = [];
  for (const element of document.querySelectorAll("*")) {
    for (const name of element.getAttributeNames()) {
      const value = element.getAttribute(name);
      if (/^on/i.test(name)) handlers.push(`${element.localName}[${name}]`);
      if (/^(href|src|action|formaction|data|poster|xlink:href|srcdoc)$/i.test(name)) {
        let scheme;
        try { scheme = new URL(value, document.baseURI).protocol; } catch { scheme = "?"; }
        if (!["http:", "https:", "mailto:", "tel:", "webcal:"].includes(scheme) || name === "srcdoc") {
          urls.push(`${element.localName}[${name}=${value}]`);
        }
      }
    }
  }
  const foreign = Array.from(document.querySelectorAll(
    "iframe, object, embed, base, frame, applet, math, template, noscript, style, " +
    "svg:not(.brand-mark), meta[http-equiv]:not([http-equiv='Content-Security-Policy'])"),
    (element) => element.localName);
  const scripts = Array.from(document.scripts, (script) => ({
    type: script.type, src: script.getAttribute("src"), text: script.textContent}));
  return {handlers, urls, foreign, scripts, ran: window.__ran.slice(),
          violations: window.__violations.slice(), xss_unset: window.__xss === undefined};
}"""


class Recorder:
    """One Chromium page that records every sign of a payload running, page after page."""

    def __init__(self, context, base: str):
        self.base = base
        self.page = context.new_page()
        self.events: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda message: message.type == "error"
                     and not message.text.startswith("Failed to load resource")
                     and self.events.append(f"console: {message.text}"))
        self.page.on("pageerror", lambda error: self.events.append(f"pageerror: {error}"))
        self.page.on("framenavigated", self._navigated)

    def _dialog(self, dialog) -> None:
        self.events.append(f"dialog {dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _navigated(self, frame) -> None:
        if not frame.url.startswith((self.base, "about:", "chrome-error:")):
            self.events.append(f"navigated to {frame.url}")

    def visit(self, url: str) -> dict[str, Any]:
        """Load `url`, provoke every handler; what was found, events of this page included."""
        self.events = []
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status in (200, 404), url
        provoked = self.page.evaluate(PROVOKE)
        self.page.wait_for_timeout(50)
        found = self.page.evaluate(INSPECT)
        found["events"], found["provoked"] = list(self.events), provoked
        return found


def _route_locally(context, base: str, fulfil: dict[str, str] | None = None) -> list[str]:
    """Abort every request outside `base` (hosts in `fulfil` get that HTML); returns the
    list of aborted URLs, filled as the pages load."""
    aborted: list[str] = []

    def handle(route):
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(base) or url.startswith("data:"):
            route.continue_()
        elif fulfil and host in fulfil:
            route.fulfill(status=200, content_type="text/html", body=fulfil[host])
        else:
            aborted.append(url)
            route.abort()

    context.route("**/*", handle)
    return aborted


def _check_scripts(scripts: list[dict[str, Any]], expected: set[str], where: str) -> None:
    for script in scripts:
        if script["type"] == "application/ld+json":
            for value in json_strings(json.loads(script["text"])):
                assert not _holds_payload(value) or _normal(value) in expected, where
        else:
            assert script["type"] == "module" and \
                script["src"].split("?")[0].endswith(THEME_SCRIPTS), \
                f"{where}: foreign script {script}"


VISITORS = 3   # browsers opening the hostile site's pages at once


def _visit(browser, base: str, paths: list[str], expected: set[str]) -> tuple[list[str], int, int]:
    """Open every path in a context of `browser`: (failures, elements provoked, scripts)."""
    failures, provoked, scripts = [], 0, 0
    with new_context(browser) as context:
        _route_locally(context, base)
        recorder = Recorder(context, base)
        for path in paths:
            found = recorder.visit(base + path.removesuffix("index.html"))
            provoked += found["provoked"]
            scripts += len(found["scripts"])
            _check_scripts(found["scripts"], expected, path)
            for key in ("ran", "violations", "events", "handlers", "urls", "foreign"):
                failures += [f"{path}: {key}: {item}" for item in found[key]]
            if not found["xss_unset"]:
                failures.append(f"{path}: window.__xss was set")
    return failures, provoked, scripts


def _visit_in_own_browser(base: str, paths: list[str], expected: set[str]):
    """_visit in a Chromium of this thread's own (Playwright's objects stay in their thread)."""
    with chromium() as context:
        return _visit(context.browser, base, paths, expected)


# Item n's pages, of the four kinds: its news page, award page, standing page and class
# page each hold payload n.
ITEM_KINDS = ("berita/berita", "penghargaan/penghargaan", "halaman", "jadwal/kegiatan")
ITEM_PAGE = re.compile(f"({'|'.join(map(re.escape, ITEM_KINDS))})" + r"-(\d+)/index\.html")


def browsed(paths: list[str]) -> list[str]:
    """The pages the Chromium sweep opens: item n's page of one kind, the kinds taking
    turns (n % 4), one tag page in four, and every other page (home, lists, a year's
    news, search, 404: each shows many payloads at once, with the site's own fields).
    So each payload runs in Chromium on a page of its own and in the lists, each kind
    of page is opened with a quarter of them; test_no_markup_from_content_in_any_page
    reads every page. Opening all 386 pages took a tenth of the suite's time."""
    tags = [path for path in paths if path.startswith("tag/") and path != "tag/index.html"]
    left_out = set(tags) - set(tags[::4])
    chosen = []
    for path in paths:
        item = ITEM_PAGE.fullmatch(path)
        if item:
            if int(item[2]) % len(ITEM_KINDS) == ITEM_KINDS.index(item[1]):
                chosen.append(path)
        elif path not in left_out:
            chosen.append(path)
    return chosen


def test_no_payload_runs_in_any_page_in_chromium(hostile: Path, browser):
    """The pages of the hostile site (browsed), VISITORS browsers at once (a page is
    mostly waiting)."""
    output = hostile / "output"
    # Redirect pages are read above (test_no_markup_from_content_in_any_page, with the
    # page each leads to): opened here, they would leave before they are inspected.
    paths = browsed([page.relative_to(output).as_posix() for page in html_pages(output)
                     if not page.relative_to(output).as_posix().startswith(OLD_ADDRESSES)])
    expected = expected_strings()
    with serve(output) as base:
        with concurrent.futures.ThreadPoolExecutor(VISITORS - 1) as pool:
            others = [pool.submit(_visit_in_own_browser, base, paths[share::VISITORS], expected)
                      for share in range(1, VISITORS)]
            parts = [_visit(browser, base, paths[0::VISITORS], expected)]
            parts += [future.result() for future in others]
        failures = [failure for part in parts for failure in part[0]]
        provoked, scripts = sum(part[1] for part in parts), sum(part[2] for part in parts)
        # The search shows payload titles and excerpts as text only.
        with new_context(browser) as context:
            _route_locally(context, base)
            recorder = Recorder(context, base)
            recorder.page.goto(base + "cari/")
            search_for(recorder.page, base, "alert")
            results = recorder.page.locator("[data-search-results] li").count()
            found = recorder.page.evaluate(INSPECT)
            failures += [f"cari/?q=alert: {item}" for key in ("ran", "violations", "handlers",
                                                             "urls", "foreign")
                         for item in found[key]] + recorder.events
    print(f"\n{len(paths)} pages opened in Chromium (+ a search with {results} results), "
          f"{scripts} script elements checked, {provoked} elements with on* provoked, "
          f"{len(failures)} payloads ran or markup leaked")
    opened_items = sorted(int(item[2]) for path in paths if (item := ITEM_PAGE.fullmatch(path)))
    assert opened_items == list(range(len(PAYLOADS))) and results > 0
    assert failures == []


# -- URL fields refuse javascript: and data: ---------------------------------------------------

NEWS_FILE = "content/news/2024-01-05-kelas.md"
INVALID_URLS = {
    "base_url": ({"content/site.yaml": 'title: T\nbase_url: "javascript:alert(1)"\n'},
                 "base_url"),
    "catalog_url": ({"content/site.yaml": SITE_YAML + 'catalog_url: "javascript:alert(1)"\n'},
                    "catalog_url"),
    "social": ({"content/site.yaml": SITE_YAML + 'social:\n  Facebook: "javascript:alert(1)"\n'},
               "Facebook"),
    "menu javascript:": ({"content/site.yaml": SITE_YAML +
                          'menu:\n  - {title: Beranda, url: "javascript:alert(1)"}\n'}, "url"),
    "menu data:": ({"content/site.yaml": SITE_YAML + 'menu:\n  - {title: Beranda, url: '
                    '"data:text/html,<script>alert(1)</script>"}\n'}, "url"),
    "image": ({NEWS_FILE: '---\ntitle: Kelas\ndate: 2024-01-05\nimage: "javascript:alert(1)"\n'
                          'image_alt: Foto\n---\nIsi.\n'}, "javascript:alert(1)"),
    "embed_hosts": ({"content/site.yaml": SITE_YAML + 'embed_hosts: ["evil.example/<x>"]\n'},
                    "embed_hosts"),
}


@pytest.mark.parametrize("files, field", INVALID_URLS.values(), ids=INVALID_URLS.keys())
def test_url_fields_refuse_script_urls(tmp_path: Path, files: dict[str, str], field: str):
    root = make_site(tmp_path, files)
    result = run(root, "build")
    assert result.code == 1, result.err
    assert field in result.err and "kesalahan" in result.err
    assert not (root / "output").exists()


def test_registration_that_is_no_web_address_is_text(hostile: Path):
    number = PAYLOADS.index("javascript:alert(1)")
    page = read(hostile, f"output/jadwal/kegiatan-{number}/index.html")
    assert "<dd>javascript:alert(1)</dd>" in page


# -- embeds ------------------------------------------------------------------------------------

YOUTUBE = ('<iframe width="560" height="315" src="https://www.youtube.com/embed/xyz" '
           'title="Video kegiatan" frameborder="0" allow="autoplay; encrypted-media; camera" '
           "allowfullscreen></iframe>")
MAPS = ('<iframe src="https://www.google.com/maps/embed?pb=!1m18" width="600" height="450" '
        'style="border:0;" allowfullscreen="" loading="lazy"></iframe>')
EVIL = '<iframe src="https://evil.example/">'


def _embed_site(tmp_path: Path, site_yaml: str = SITE_YAML) -> Path:
    return make_site(tmp_path, {"content/site.yaml": site_yaml, NEWS_FILE: (
        "---\ntitle: Kelas\ndate: 2024-01-05\n---\nVideo kelas:\n\n" + YOUTUBE + "\n\nPeta:\n\n"
        + MAPS + "\n\n" + EVIL + "</iframe>\n\nSelesai.\n")})


def test_embeds_from_youtube_and_maps_stay_others_go_with_a_warning(tmp_path: Path):
    root = _embed_site(tmp_path)
    result = run(root, "build")
    assert result.code == 0, result.err
    page = read(root, "output/berita/kelas/index.html")
    assert ('<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/xyz" '
            'title="Video kegiatan" allow="autoplay; encrypted-media" allowfullscreen="" '
            'loading="lazy"></iframe>') in page
    assert ('<iframe src="https://www.google.com/maps/embed?pb=!1m18" width="600" height="450" '
            'allowfullscreen="" loading="lazy" title="Peta Google Maps"></iframe>') in page
    # in its place, a link to what it showed: a reader may still go there, by choice
    assert "<iframe src=\"https://evil.example/" not in page
    assert '<p><a href="https://evil.example/">Buka isi dari evil.example</a></p>' in page
    assert (f'{NEWS_FILE}:13: peringatan: sematan <iframe> dari "evil.example" dihapus'
            in result.err)
    assert 'tambahkan "- evil.example" di bawah "embed_hosts:"' in result.err
    assert ("frame-src https://www.youtube.com https://www.youtube-nocookie.com "
            "https://www.google.com/maps/ https://maps.google.com;") in page


def test_embed_hosts_replaces_the_default_list(tmp_path: Path):
    root = _embed_site(tmp_path, SITE_YAML + "embed_hosts:\n  - evil.example\n")
    result = run(root, "build")
    assert result.code == 0, result.err
    page = read(root, "output/berita/kelas/index.html")
    assert ('<iframe src="https://evil.example/" loading="lazy" '
            'title="Sematan dari evil.example"></iframe>') in page
    assert "<iframe" not in page.replace('<iframe src="https://evil.example/"', "")
    assert '<a href="https://www.youtube.com/embed/xyz">Buka: Video kegiatan</a>' in page
    assert f'{NEWS_FILE}:7: peringatan: sematan <iframe> dari "www.youtube.com"' in result.err
    assert f'{NEWS_FILE}:11: peringatan: sematan <iframe> dari "www.google.com"' in result.err
    assert "frame-src https://evil.example;" in page


def test_no_embed_at_all_with_an_empty_list(tmp_path: Path):
    root = _embed_site(tmp_path, SITE_YAML + "embed_hosts: []\n")
    assert run(root, "build").code == 0
    page = read(root, "output/berita/kelas/index.html")
    assert "<iframe" not in page and "frame-src 'none';" in page.replace("&#39;", "'")


@pytest.mark.parametrize("src", [
    "http://www.youtube.com/embed/xyz",            # not https
    "https://www.youtube.com:8443/embed/xyz",      # another port
    "https://youtube.com.evil.example/embed/xyz",  # a look-alike host
    "https://www.google.com/search?q=x",           # outside /maps/
    "https://www.google.com/maps/../search",       # leaves /maps/ once resolved
    "//www.youtube.com/embed/xyz",                 # no scheme
])
def test_embeds_must_match_scheme_host_and_path(src: str):
    problems = Problems()
    html = MarkdownRenderer().convert(f'<iframe src="{src}"></iframe>\n',
                                      Location(Path("x.md"), 5), problems).html
    assert "<iframe" not in html
    assert [p.location.line for p in problems.warnings] == [5]


def test_embed_hosts_are_host_names():
    problems = Problems()
    config = parse_config(dedent("""
        title: T
        base_url: https://example.org/
        embed_hosts:
          - WWW.Example.COM
          - peta.example.org/embed/
          - https://video.example.org/
          - "a.example; script-src *"
        """), Location(Path("content/site.yaml")), problems)
    assert config.embed_hosts == ("www.example.com", "peta.example.org/embed")
    assert [str(p.location) for p in problems.errors] == ["content/site.yaml:6",
                                                          "content/site.yaml:7"]
    assert "frame-src https://www.example.com https://peta.example.org/embed/;" in (
        config.content_security_policy)


# -- the sanitizer's allowlist -----------------------------------------------------------------

def test_markdown_keeps_what_markdown_writes():
    body = dedent("""
        # Judul {: #judul .kelas }

        | kiri | tengah | kanan |
        |:-----|:------:|------:|
        | 1    | 2      | 3     |

        Catatan[^1], *miring*, **tebal**, `kode`, ~~coret~~, H~2~O, <mark>tanda</mark>,
        <small>kecil</small>, <abbr title="Perpustakaan Nasional">Perpusnas</abbr>.

        ```python
        print("halo")
        ```

        <details><summary>Selengkapnya</summary>Isi.</details>

        <figure><img src="/gambar.png" alt="Foto" width="64" height="48"><figcaption>Foto
        </figcaption></figure>

        [profil](/profil/) <a href="/kontak/">kontak</a> [surel](mailto:a@example.org)
        [telepon](tel:+62291) [luar](https://example.org/a?b=1&c=2)

        Penghargaan <span lang="en">Lifetime Achievement</span>, <i lang="x;y">z</i>.

        [^1]: Isi catatan.
        """)
    html = MarkdownRenderer("/perpustakaan/").convert(body).html
    for fragment in ['<h1 id="judul">Judul</h1>', '<th class="align-left">kiri</th>',
                     '<td class="align-center">2</td>', '<td class="align-right">3</td>',
                     '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
                     '<code class="language-python">', "<mark>tanda</mark>",
                     '<abbr title="Perpustakaan Nasional">', "<details><summary>",
                     '<img src="/perpustakaan/gambar.png" alt="Foto" width="64" height="48">',
                     '<a href="/perpustakaan/profil/">profil</a>',
                     '<a href="/perpustakaan/kontak/">kontak</a>',
                     '<a href="mailto:a@example.org">', '<a href="tel:+62291">',
                     '<a href="https://example.org/a?b=1&amp;c=2">',
                     '<div class="footnote">', '<a class="footnote-backref" href="#fnref:1"',
                     # an English term marked so, for screen readers (WCAG 3.1.2)
                     '<span lang="en">Lifetime Achievement</span>', "<i>z</i>"]:
        assert fragment in html, fragment
    assert "style=" not in html and "kelas" not in html


# -- the Content-Security-Policy in Chromium ---------------------------------------------------

@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    with ServedSites(tmp_path_factory) as served:
        yield served


@pytest.fixture(scope="module")
def csp_browser(browser):
    with new_context(browser) as context:
        yield context


@pytest.mark.parametrize("site, kind, path", EVERY_PAGE)
def test_no_csp_violation_on_any_page_kind(sites, csp_browser, site, kind, path):
    with open_watched(csp_browser, sites[site], path) as watched:
        if kind == "search":
            search_for(watched.page, sites[site].base, "perpustakaan")
            assert watched.page.locator("[data-search-results] li").count() > 0
        violations = watched.page.evaluate("() => window.__violations.slice()")
        errors = [error for error in watched.errors
                  if not (path == NOT_FOUND and "status of 404" in error)]
        assert violations == [] and errors == []
        csp = watched.page.locator("meta[http-equiv='Content-Security-Policy']")
        assert csp.count() == 1


def test_an_injected_inline_script_is_blocked(sites, csp_browser):
    """Were the sanitizer ever bypassed, the CSP would still stop inline script."""
    site = sites["sample"]
    article = site.output / "berita/diskarpus-raih-penghargaan-perpusnas/index.html"
    injected = site.output / "disuntik/index.html"
    injected.parent.mkdir(exist_ok=True)
    injected.write_text(article.read_text(encoding="utf-8").replace("<main", (
        "<script>window.__xss=1</script>"
        '<img src="../assets/ikon.svg" onload="alert(1)" alt="">'
        '<a id="tautan-js" href="javascript:alert(2)">x</a><main'), 1), encoding="utf-8")
    page = csp_browser.new_page()
    try:
        page.goto(site.base + "disuntik/", wait_until="load")
        page.click("#tautan-js")
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.__ran.slice()") == []
        violations = page.evaluate("() => window.__violations.slice()")
        assert len(violations) >= 3 and all(v.startswith("script-src") for v in violations)
    finally:
        page.close()
        shutil.rmtree(injected.parent)


def test_frames_only_from_embed_hosts(tmp_path: Path, browser):
    root = _embed_site(tmp_path)
    assert run(root, "build").code == 0
    page_file = root / "output/berita/kelas/index.html"
    html = page_file.read_text(encoding="utf-8")
    # A frame from another host, as if the sanitizer had let it through.
    (root / "output/bocor").mkdir()
    (root / "output/bocor/index.html").write_text(
        html.replace("<p>Selesai.</p>", '<iframe src="https://evil.example/"></iframe>'),
        encoding="utf-8")
    with serve(root / "output") as base, new_context(browser) as context:
        _route_locally(context, base, {"www.youtube-nocookie.com": "<p>video</p>",
                                       "www.google.com": "<p>peta</p>",
                                       "evil.example": "<p>jahat</p>"})
        page = context.new_page()
        page.goto(base + "berita/kelas/", wait_until="load")
        page.wait_for_timeout(200)
        # The map's frame is lazy: on a busy machine it may not have started loading yet.
        deadline = time.monotonic() + 10
        while any(not frame.url for frame in page.frames[1:]) and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        loaded = sorted(frame.url for frame in page.frames[1:])
        assert loaded == ["https://www.google.com/maps/embed?pb=!1m18",
                          "https://www.youtube-nocookie.com/embed/xyz"]
        assert page.evaluate("() => window.__violations.slice()") == []
        page.goto(base + "bocor/", wait_until="load")
        # The report comes as an event after the load; on a busy machine, after 200 ms.
        page.wait_for_function("() => window.__violations.length > 0")
        page.wait_for_timeout(200)   # any later report is counted too
        assert page.evaluate("() => window.__violations.slice()") == [
            "frame-src https://evil.example"]   # Chromium reports the origin only
        assert all("jahat" not in frame.content() for frame in page.frames[1:]
                   if frame.url.startswith("https://evil"))
