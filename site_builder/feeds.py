"""Feeds and discovery files: the Atom feed, sitemap.xml and robots.txt.

`feed_files(site, config, page_paths, files)` takes the assembled site, the url
paths of the rendered HTML pages and the content files published as they are, and
returns three `OutputFile` values; it reads nothing but the sizes of those files. Every value comes from the content, never from the
clock or file times, so two builds of the same content are byte-identical.

feed.xml (Atom 1.0, RFC 4287):
    - News and awards together, newest `date` first, at most FEED_ENTRIES.
    - Ids are absolute URLs: the feed's is the site's base URL, an entry's is
      its page URL, made from the slug, so a changed title keeps the id; an item
      renamed keeps the id of its first address (its first `aliases` of the shape of
      its section's addresses), so readers do not take it for new news.
    - `updated` of an entry is its `updated` field (never earlier than its
      `date`); the feed's is the latest entry's, or EPOCH for an empty feed.
    - Content is the full body as HTML, after the item's image (also given as
      an enclosure link) and, for awards, what was awarded by whom to whom.
      Every href/src/poster/srcset is resolved against the page URL, as a
      browser on the page would, so readers show pictures and follow links. A link
      to one of `files` says its kind and size, as on the page (filelinks.py).
sitemap.xml (sitemaps.org 0.9): every page of `page_paths` except the search
page and the old addresses of redirects.py (404.html is not among them), with `lastmod`:
    - a news or award page: its `updated`, else its `date`;
    - a list (home, berita/, penghargaan/, tag/, a tag page, and every later
      page of each): the latest `updated`-or-`date` of the items in the list.
      Later pages get the same date: publishing a new item shifts every page;
    - a year's news page (berita/2024/, tag/pengumuman/2024/): the latest of that
      year's items;
    - schedule pages and standing pages: none. Nothing in their content says
      when they changed, and the clock or file times would be dishonest.
robots.txt: allows everything and names the sitemap. Crawlers only read it at
the root of a host, so under a sub-path it is there for whoever serves the root.
"""

from __future__ import annotations

import heapq
import html
import re
import xml.etree.ElementTree as etree
from datetime import datetime, timezone
from posixpath import splitext
from typing import Sequence
from urllib.parse import urljoin

from site_builder.addresses import AWARDS, NEWS, TAGS, first_addresses
from site_builder.config import SiteConfig
from site_builder.filelinks import PublishedFiles, with_file_info
from site_builder.model import Award, NewsItem, Site
from site_builder.outputs import OutputFile
from site_builder.search import SEARCH_PAGE
from site_builder.slugs import slugify

FEED, SITEMAP, ROBOTS = "feed.xml", "sitemap.xml", "robots.txt"
FEED_ENTRIES = 30
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GENERATOR = "site_builder"
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
               ".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif",
               ".svg": "image/svg+xml"}

_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src|poster|srcset)\s*=\s*)(["'])(.*?)\2""",
                            re.IGNORECASE | re.DOTALL)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# -- URLs, dates, XML ---------------------------------------------------------

def _changed(item: NewsItem) -> datetime:
    """When the item last changed: `updated`, unless missing or before `date`."""
    return max(item.date, item.updated or item.date)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _resolve(value: str, attribute: str, page_url: str) -> str:
    """One attribute value (HTML-escaped) with its URL(s) resolved against `page_url`."""
    text = html.unescape(value)
    if attribute.strip().lower().startswith("srcset"):
        candidates = (part.strip().split(None, 1) for part in text.split(",") if part.strip())
        text = ", ".join(" ".join([urljoin(page_url, url), *rest]) for url, *rest in candidates)
    else:
        text = urljoin(page_url, text)
    return html.escape(text)


def absolute_links(body_html: str, page_url: str) -> str:
    """`body_html` with every href, src, poster and srcset URL in its tags made absolute."""
    def tag(match: re.Match[str]) -> str:
        return _URL_ATTRIBUTE.sub(
            lambda m: m[1] + m[2] + _resolve(m[3], m[1], page_url) + m[2], match[0])
    return _TAG.sub(tag, body_html)


def _add(parent: etree.Element, tag: str, text: str | None = None, **attributes: str
         ) -> etree.Element:
    """A child element; text and attributes stripped of characters XML cannot hold."""
    element = etree.SubElement(parent, tag, {key: _NOT_XML.sub("", value)
                                             for key, value in attributes.items()})
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def _xml(root: etree.Element) -> bytes:
    etree.indent(root)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


# -- feed.xml -------------------------------------------------------------------

def _feed_items(site: Site) -> list[NewsItem]:
    """The newest FEED_ENTRIES news items and awards (sorted(...)[:n], without sorting
    them all)."""
    return heapq.nsmallest(FEED_ENTRIES, (*site.news, *site.awards),
                           key=lambda item: (-item.date.timestamp(), item.url_path))


def _award_html(award: Award) -> str:
    facts = [("Penghargaan", award.award), ("Pemberi", award.giver),
             ("Penerima", award.recipient), ("Tahun", str(award.year)), ("Acara", award.event)]
    rows = "".join(f"<li>{label}: {html.escape(value)}</li>" for label, value in facts if value)
    return f"<ul>{rows}</ul>\n"


def _content_html(item: NewsItem, config: SiteConfig, page_url: str, files: PublishedFiles
                  ) -> str:
    """What a feed reader shows: image, award facts, the body, the source."""
    parts = []
    if item.image:
        parts.append(f'<p><img src="{html.escape(config.absolute_url(item.image.url_path))}" '
                     f'alt="{html.escape(item.image.alt)}"></p>\n')
    if isinstance(item, Award):
        parts.append(_award_html(item))
    body = with_file_info(str(item.body_html), files, config.base_path, item.url_path)
    parts.append(absolute_links(body, page_url))
    if item.source:
        parts.append(f"\n<p>Sumber: {html.escape(item.source)}</p>")
    return "".join(parts)


def _tag_names(item: NewsItem, site: Site) -> list[str]:
    """The item's tags, once each, under the spelling the site uses for them."""
    names = {tag.slug: tag.name for tag in site.tags}
    slugs = dict.fromkeys(slugify(name) for name in item.tags)
    return [names[slug] for slug in slugs if slug in names]


def _entry(feed: etree.Element, item: NewsItem, site: Site, config: SiteConfig,
           files: PublishedFiles, first_address: str | None) -> None:
    url = config.absolute_url(item.url_path)
    entry = _add(feed, "entry")
    _add(entry, "id", config.absolute_url(first_address) if first_address else url)
    _add(entry, "title", item.title, type="text")
    _add(entry, "link", rel="alternate", type="text/html", href=url)
    _add(entry, "published", _iso(item.date))
    _add(entry, "updated", _iso(_changed(item)))
    if item.author:
        _add(_add(entry, "author"), "name", item.author)
    for name in _tag_names(item, site):
        _add(entry, "category", term=name)
    if item.image:
        mime = IMAGE_TYPES.get(splitext(item.image.url_path)[1].lower(), "image/jpeg")
        _add(entry, "link", rel="enclosure", type=mime,
             href=config.absolute_url(item.image.url_path), title=item.image.alt)
    if item.summary:
        _add(entry, "summary", item.summary, type="text")
    _add(entry, "content", _content_html(item, config, url, files), type="html")


def atom_feed(site: Site, config: SiteConfig, files: PublishedFiles = PublishedFiles({})
              ) -> bytes:
    """feed.xml: the newest news items and awards, full content (links to `files` with
    their kind and size)."""
    items = _feed_items(site)
    feed = etree.Element("feed", {"xmlns": ATOM_NS, XML_LANG: config.language})
    _add(feed, "id", config.base_url)
    _add(feed, "title", config.title, type="text")
    if config.tagline or config.description:
        _add(feed, "subtitle", config.tagline or config.description, type="text")
    _add(feed, "updated", _iso(max((_changed(item) for item in items), default=EPOCH)))
    _add(feed, "link", rel="self", type="application/atom+xml", href=config.absolute_url(FEED))
    _add(feed, "link", rel="alternate", type="text/html", href=config.base_url)
    author = _add(feed, "author")
    _add(author, "name", config.title)
    _add(author, "uri", config.base_url)
    _add(feed, "generator", GENERATOR)
    # an entry's id never changes (RFC 4287 4.2.6): a renamed item keeps the first
    # address it had, or readers and automations re-posting the feed take it for new news
    first = first_addresses(site.redirects)
    for item in items:
        _entry(feed, item, site, config, files, first.get(id(item)))
    return _xml(feed)


# -- sitemap.xml and robots.txt -------------------------------------------------

def _list_lastmods(site: Site, items: dict[str, datetime]) -> dict[str, datetime | None]:
    """Base path of each list page -> the latest change among its items (`items`: each
    item's change by its url path); a year's news page ("berita/2020/") by its own items,
    not by the list it sits under (a new item changes this year's page only), and so is
    a topic's ("tag/pengumuman/2020/")."""
    news = max(map(items.__getitem__, (item.url_path for item in site.news)), default=None)
    awards = max(map(items.__getitem__, (item.url_path for item in site.awards)), default=None)
    every = max(filter(None, (news, awards)), default=None)
    lists = {"": every, NEWS: news, AWARDS: awards, TAGS: every}
    lists.update({tag.url_path: max(map(items.__getitem__, (item.url_path for item in tag.items)),
                                    default=None) for tag in site.tags})
    lists.update({year.url_path: max(items[item.url_path] for month in year.months
                                     for item in month.items)
                  for year in (*site.news_years,
                               *(year for years in site.topic_years.values() for year in years))})
    return lists


def _lastmod(path: str, items: dict[str, datetime], lists: dict[str, datetime | None]
             ) -> datetime | None:
    """The lastmod of one page (see the module docstring), None when unknown."""
    if path in items:
        return items[path]
    if path in lists:
        return lists[path]
    # A later page of a list ("berita/halaman/2/") sits under the list's path (every
    # list's path ends with "/"): the longest list path it starts with.
    end = path.rfind("/", 0, len(path) - 1)
    while end >= 0:
        base = path[:end + 1]
        if base in lists:
            return lists[base]
        end = path.rfind("/", 0, end)
    return None


def sitemap(site: Site, config: SiteConfig, page_paths: Sequence[str]) -> bytes:
    """sitemap.xml: the published pages, with lastmod where content tells it. Written as
    text (what ElementTree would write, a tenth of the time: a large site has 13,000)."""
    items = {item.url_path: _changed(item) for item in (*site.news, *site.awards)}
    lists = _list_lastmods(site, items)
    lines = ["<?xml version='1.0' encoding='utf-8'?>", f'<urlset xmlns="{SITEMAP_NS}">']
    moved = {redirect.url_path for redirect in site.redirects}   # old addresses
    for path in sorted(set(page_paths) - {SEARCH_PAGE} - moved):
        lines += ["  <url>", f"    <loc>{_text(config.absolute_url(path))}</loc>"]
        lastmod = _lastmod(path, items, lists)
        if lastmod is not None:
            lines.append(f"    <lastmod>{_text(_iso(lastmod))}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _text(value: str) -> str:
    """`value` as XML element text: characters XML cannot hold dropped, & < > escaped."""
    return html.escape(_NOT_XML.sub("", value), quote=False)   # & < >, as XML text needs


def robots(config: SiteConfig) -> bytes:
    """robots.txt: every crawler may read everything; where the sitemap is."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.absolute_url(SITEMAP)}\n".encode("utf-8")


def feed_files(site: Site, config: SiteConfig, page_paths: Sequence[str],
               files: PublishedFiles = PublishedFiles({})) -> list[OutputFile]:
    """feed.xml (its links to `files` with kind and size), sitemap.xml (of `page_paths`,
    the published pages' url paths), robots.txt."""
    return [OutputFile(FEED, atom_feed(site, config, files)),
            OutputFile(SITEMAP, sitemap(site, config, page_paths)),
            OutputFile(ROBOTS, robots(config))]
