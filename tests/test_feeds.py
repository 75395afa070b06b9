"""The Atom feed, sitemap.xml and robots.txt of real sites built in tmp_path.

Content is checked with ElementTree on the raw XML: feedparser resolves
relative URLs and sanitizes HTML itself, which would hide a broken feed.
feedparser is used for what a feed reader sees: well-formedness and entries.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as etree
from pathlib import Path

import feedparser

from conftest import PROJECT, image_bytes, make_site, read, run
from site_builder.feeds import FEED_ENTRIES, absolute_links

A = {"a": "http://www.w3.org/2005/Atom"}
S = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

SITE_YAML = """
title: Perpustakaan Uji
base_url: {base_url}
tagline: Membaca untuk semua
per_page: 2
"""

NEWS = """
---
title: Diskarpus Raih Penghargaan
date: 2023-09-29 10:30
updated: 2023-10-02 08:00
summary: Lima penghargaan dari Perpusnas.
tags: [Penghargaan, Inklusi Sosial]
image: foto.jpg
image_alt: Para pustakawan memegang piala
author: Tim Humas
source: Humas Pemkab
---
Perpustakaan Daerah meraih **lima** penghargaan.

![Piala di meja](piala.png)

Lihat [jadwal kelas](/jadwal/) dan ![logo](/gambar/logo.png).
"""

AWARD = """
---
date: 2023-09-22
award: Inovasi Layanan Digital Terbaik
giver: Perpustakaan Nasional Republik Indonesia
recipient: Perpustakaan Daerah Kabupaten Jepara
event: Peer Learning Meeting Nasional 2023, Yogyakarta
tags: [penghargaan]
---
Aplikasi Bina Pustaka dinilai sangat baik.
"""

SCHEDULE = """
programs:
  - id: yoga
    title: Kelas Yoga
    sessions:
      - date: 2026-12-05
        start: 07:00
        end: 08:00
"""


def news(title: str, date: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\nIsi {title}.\n"


def build(tmp_path: Path, extra: dict | None = None, base_url: str = "https://example.org/",
          now: str | None = None) -> Path:
    """A site with news (one with images), awards, a draft and a scheduled item, built."""
    root = make_site(tmp_path, {
        "content/site.yaml": SITE_YAML.format(base_url=base_url),
        "content/news/2023-09-29-diskarpus-raih-penghargaan/index.md": NEWS,
        "content/news/2023-09-29-diskarpus-raih-penghargaan/foto.jpg": image_bytes(),
        "content/news/2023-09-29-diskarpus-raih-penghargaan/piala.png": image_bytes(kind="PNG"),
        "content/static/gambar/logo.png": image_bytes(kind="PNG"),
        "content/news/2024-01-05-kelas-yoga.md": news("Kelas Yoga", "2024-01-05",
                                                      "tags: [inklusi sosial]\n"),
        "content/news/2023-09-01-buku-baru.md": news("Buku Baru", "2023-09-01"),
        "content/news/2024-02-01-rahasia.md": news("Berita Draf", "2024-02-01", "draft: true\n"),
        "content/news/2027-01-01-tahun-baru.md": news("Berita Terjadwal", "2027-01-01"),
        "content/awards/2023-09-22-inovasi-layanan-digital.md": AWARD,
        "content/awards/2023-12-01-draf.md": news("Penghargaan Draf", "2023-12-01",
                                                  "award: A\ngiver: B\nrecipient: C\n"
                                                  "draft: true\n"),
        "content/awards/2026-12-31-nanti.md": news("Penghargaan Terjadwal", "2026-12-31",
                                                   "award: A\ngiver: B\nrecipient: C\n"),
        "content/pages/profil.md": "---\ntitle: Profil\n---\nTentang kami.\n",
        "content/schedule.yaml": SCHEDULE,
        **(extra or {}),
    })
    result = run(root, "build") if now is None else run(root, "build", now=now)
    assert result.code == 0, result.err
    return root


def atom(root: Path) -> etree.Element:
    return etree.fromstring((root / "output/feed.xml").read_bytes())


def entry(feed: etree.Element, link: str) -> etree.Element:
    """The entry whose alternate link is `link`."""
    [found] = [e for e in feed.findall("a:entry", A)
               if e.find("a:link[@rel='alternate']", A).get("href") == link]
    return found


def sitemap(root: Path) -> dict[str, str | None]:
    """loc -> lastmod (None when absent) of output/sitemap.xml."""
    urlset = etree.fromstring((root / "output/sitemap.xml").read_bytes())
    locs = {u.findtext("s:loc", namespaces=S): u.findtext("s:lastmod", namespaces=S)
            for u in urlset.findall("s:url", S)}
    assert len(locs) == len(urlset.findall("s:url", S)), "a URL is listed twice"
    return locs


def test_feed_is_valid_atom_of_news_and_awards_newest_first(tmp_path):
    root = build(tmp_path)
    parsed = feedparser.parse(read(root, "output/feed.xml"))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert [e.title for e in parsed.entries] == [
        "Kelas Yoga", "Diskarpus Raih Penghargaan", "Inovasi Layanan Digital Terbaik",
        "Buku Baru"]
    feed = parsed.feed
    assert feed.title == "Perpustakaan Uji" and feed.subtitle == "Membaca untuk semua"
    assert feed.id == "https://example.org/"
    assert feed.language == "id"
    assert feed.author == "Perpustakaan Uji"
    assert feed.generator == "site_builder"
    links = {link.rel: link.href for link in feed.links}
    assert links == {"self": "https://example.org/feed.xml", "alternate": "https://example.org/"}
    # The newest change of any entry (the article's `updated`), not the build time.
    assert feed.updated == "2024-01-05T00:00:00+07:00"


def test_entry_has_ids_dates_author_categories_and_enclosure(tmp_path):
    root = build(tmp_path)
    parsed = feedparser.parse(read(root, "output/feed.xml"))
    [article] = [e for e in parsed.entries if e.title == "Diskarpus Raih Penghargaan"]
    url = "https://example.org/berita/diskarpus-raih-penghargaan/"
    assert article.id == url and article.link == url
    assert article.published == "2023-09-29T10:30:00+07:00"
    assert article.updated == "2023-10-02T08:00:00+07:00"
    assert article.summary == "Lima penghargaan dari Perpusnas."
    assert article.author == "Tim Humas"
    assert [tag.term for tag in article.tags] == ["Penghargaan", "Inklusi Sosial"]
    assert article.enclosures == [{"type": "image/jpeg",
                                   "href": url + "foto.jpg",
                                   "title": "Para pustakawan memegang piala"}]
    [yoga] = [e for e in parsed.entries if e.title == "Kelas Yoga"]
    # "inklusi sosial" is shown under the spelling the site uses for the tag.
    assert [tag.term for tag in yoga.tags] == ["Inklusi Sosial"]
    assert "author" not in yoga and yoga.enclosures == []


def test_content_is_the_full_body_with_absolute_urls(tmp_path):
    root = build(tmp_path)
    url = "https://example.org/berita/diskarpus-raih-penghargaan/"
    content = entry(atom(root), url).find("a:content", A)
    assert content.get("type") == "html"
    html = content.text
    assert "<strong>lima</strong>" in html
    assert f'<img src="{url}foto.jpg" alt="Para pustakawan memegang piala">' in html
    assert f'src="{url}piala.png"' in html
    assert 'src="https://example.org/gambar/logo.png"' in html
    assert 'href="https://example.org/jadwal/"' in html
    assert "Sumber: Humas Pemkab" in html
    assert 'src="/' not in html and 'href="/' not in html
    award = entry(atom(root), "https://example.org/penghargaan/inovasi-layanan-digital/")
    award_html = award.find("a:content", A).text
    for fact in ("Penghargaan: Inovasi Layanan Digital Terbaik",
                 "Pemberi: Perpustakaan Nasional Republik Indonesia",
                 "Penerima: Perpustakaan Daerah Kabupaten Jepara",
                 "Acara: Peer Learning Meeting Nasional 2023, Yogyakarta",
                 "Aplikasi Bina Pustaka dinilai sangat baik."):
        assert fact in award_html, fact


def test_drafts_and_future_items_are_in_no_feed_or_sitemap(tmp_path):
    root = build(tmp_path)
    feed, locs = read(root, "output/feed.xml"), " ".join(sitemap(root))
    for text in ("Berita Draf", "rahasia", "Berita Terjadwal", "tahun-baru",
                 "Penghargaan Draf", "penghargaan/draf/", "Penghargaan Terjadwal", "nanti"):
        assert text not in feed and text not in locs, text
    # The same content, built after the scheduled dates, publishes them.
    later = build(tmp_path / "later", now="2027-02-01T09:00")
    titles = [e.title for e in feedparser.parse(read(later, "output/feed.xml")).entries]
    assert titles[:2] == ["Berita Terjadwal", "Penghargaan Terjadwal"]
    assert "https://example.org/berita/tahun-baru/" in sitemap(later)


def test_values_are_escaped_as_text(tmp_path):
    nasty = """Uji <script>alert(1)</script> & "kutip" 'tunggal'"""
    text = f"---\ntitle: >-\n  {nasty}\ndate: 2024-03-01\nsummary: >-\n  {nasty}\n" \
           f"tags:\n  - >-\n    {nasty}\n---\nIsi.\n"
    award = f"---\ndate: 2024-03-02\naward: >-\n  {nasty}\ngiver: >-\n  {nasty}\n" \
            f"recipient: Kami\n---\nIsi.\n"
    root = build(tmp_path, {"content/news/2024-03-01-uji.md": text,
                            "content/awards/2024-03-02-uji.md": award})
    raw = read(root, "output/feed.xml")
    assert "<script>" not in raw
    article = entry(atom(root), "https://example.org/berita/uji/")
    assert article.findtext("a:title", namespaces=A) == nasty
    assert article.findtext("a:summary", namespaces=A) == nasty
    assert article.find("a:category", A).get("term") == nasty
    award_html = entry(atom(root), "https://example.org/penghargaan/uji/").findtext(
        "a:content", namespaces=A)
    # Inside the HTML content the award's name is text, escaped once more for HTML.
    assert "Penghargaan: Uji &lt;script&gt;alert(1)&lt;/script&gt; &amp;" in award_html
    assert "<script>" not in award_html
    assert feedparser.parse(raw).bozo == 0


def test_sub_path_base_url_gives_absolute_urls_under_it(tmp_path):
    base = "https://example.org/perpustakaan/"
    root = build(tmp_path, base_url=base)
    parsed = feedparser.parse(read(root, "output/feed.xml"))
    assert parsed.bozo == 0
    assert parsed.feed.id == base
    assert {link.rel: link.href for link in parsed.feed.links} == {
        "self": base + "feed.xml", "alternate": base}
    url = base + "berita/diskarpus-raih-penghargaan/"
    article = entry(atom(root), url)
    html = article.findtext("a:content", namespaces=A)
    assert f'src="{url}foto.jpg"' in html and f'src="{url}piala.png"' in html
    assert f'src="{base}gambar/logo.png"' in html and f'href="{base}jadwal/"' in html
    assert article.find("a:link[@rel='enclosure']", A).get("href") == url + "foto.jpg"
    locs = sitemap(root)
    assert base in locs and url in locs
    assert all(loc.startswith(base) for loc in locs)
    assert f"Sitemap: {base}sitemap.xml" in read(root, "output/robots.txt")


def _published_pages(root: Path, base: str) -> set[str]:
    """The URL of every index.html under output/, the search page excepted."""
    output = root / "output"
    paths = {page.parent.relative_to(output).as_posix() for page in output.rglob("index.html")}
    return {base + ("" if path == "." else path + "/") for path in paths} - {base + "cari/"}


def test_sitemap_lists_exactly_the_published_pages_with_lastmod(tmp_path):
    root = build(tmp_path)
    assert (root / "output/cari/index.html").is_file()   # it exists, and is left out
    locs = sitemap(root)
    assert set(locs) == _published_pages(root, "https://example.org/")
    assert "https://example.org/berita/halaman/2/" in locs   # per_page 2: paginated
    assert not any("404" in loc for loc in locs)
    article = "https://example.org/berita/diskarpus-raih-penghargaan/"
    assert locs[article] == "2023-10-02T08:00:00+07:00"   # `updated`
    assert locs["https://example.org/berita/buku-baru/"] == "2023-09-01T00:00:00+07:00"
    assert locs["https://example.org/penghargaan/inovasi-layanan-digital/"] == (
        "2023-09-22T00:00:00+07:00")
    newest = "2024-01-05T00:00:00+07:00"
    for page in ("", "berita/", "berita/halaman/2/", "tag/", "tag/inklusi-sosial/"):
        assert locs["https://example.org/" + page] == newest, page
    assert locs["https://example.org/penghargaan/"] == "2023-09-22T00:00:00+07:00"
    assert locs["https://example.org/tag/penghargaan/"] == "2023-10-02T08:00:00+07:00"
    for page in ("profil/", "jadwal/", "jadwal/yoga/"):   # nothing tells when they changed
        assert locs["https://example.org/" + page] is None, page


def test_robots_allows_all_and_names_the_sitemap(tmp_path):
    root = build(tmp_path)
    robots = read(root, "output/robots.txt").splitlines()
    assert robots[:2] == ["User-agent: *", "Allow: /"]
    assert "Sitemap: https://example.org/sitemap.xml" in robots


def test_builds_are_byte_identical_whatever_the_clock(tmp_path):
    first = build(tmp_path / "a")
    files = ("feed.xml", "sitemap.xml", "robots.txt")
    before = {name: (first / "output" / name).read_bytes() for name in files}
    assert run(first, "build").code == 0
    assert {name: (first / "output" / name).read_bytes() for name in files} == before
    # A later build time that publishes nothing new changes nothing.
    later = build(tmp_path / "b", now="2026-12-20T09:00")
    assert (later / "output/feed.xml").read_bytes() == before["feed.xml"]
    assert (later / "output/sitemap.xml").read_bytes() == before["sitemap.xml"]
    assert before["feed.xml"].startswith(b"<?xml version='1.0' encoding='utf-8'?>")


def test_feed_keeps_only_the_newest_entries(tmp_path):
    extra = {f"content/news/2025-01-{day:02d}-berita-{day}.md": news(f"Berita {day}",
                                                                    f"2025-01-{day:02d}")
             for day in range(1, FEED_ENTRIES + 2)}
    root = build(tmp_path, extra)
    titles = [e.title for e in feedparser.parse(read(root, "output/feed.xml")).entries]
    assert titles == [f"Berita {day}" for day in range(FEED_ENTRIES + 1, 1, -1)]


def test_site_without_news_has_a_valid_empty_feed(tmp_path):
    root = make_site(tmp_path)
    assert run(root, "build").code == 0
    parsed = feedparser.parse(read(root, "output/feed.xml"))
    assert parsed.bozo == 0 and parsed.entries == []
    assert parsed.feed.updated == "1970-01-01T00:00:00+00:00"
    assert set(sitemap(root)) == _published_pages(root, "https://example.org/")


def test_absolute_links_resolves_every_url_attribute_against_the_page():
    page = "https://example.org/p/berita/x/"
    html = ('<p><a href="/p/jadwal/">j</a> <a href="#catatan">c</a> '
            '<a href="mailto:a@example.org">m</a> <a href="https://lain.example/">l</a> '
            "<img src='foto.jpg' srcset=\"foto-480.jpg 480w, /p/g/foto.jpg 800w\" alt=\"a\"> "
            '<a href="?q=a&amp;b=c">q</a> href="teks.html" bukan tautan</p>')
    assert absolute_links(html, page) == (
        '<p><a href="https://example.org/p/jadwal/">j</a> '
        f'<a href="{page}#catatan">c</a> <a href="mailto:a@example.org">m</a> '
        '<a href="https://lain.example/">l</a> '
        f"<img src='{page}foto.jpg' srcset=\"{page}foto-480.jpg 480w, "
        'https://example.org/p/g/foto.jpg 800w" alt="a"> '
        f'<a href="{page}?q=a&amp;b=c">q</a> href="teks.html" bukan tautan</p>')


def test_sample_site_feed_has_the_seed_article_with_its_image(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(PROJECT / "content", root / "content")
    assert run(root, "build").code == 0
    parsed = feedparser.parse(read(root, "output/feed.xml"))
    assert parsed.bozo == 0
    url = "https://perpustakaan.jepara.go.id/berita/diskarpus-raih-penghargaan-perpusnas/"
    [seed] = [e for e in parsed.entries if e.link == url]
    image = url + "penghargaan-plm-2023.jpg"
    assert [enclosure.href for enclosure in seed.enclosures] == [image]
    assert f'<img src="{image}"' in entry(atom(root), url).findtext("a:content", namespaces=A)
    assert (root / "output/berita/diskarpus-raih-penghargaan-perpusnas/"
            "penghargaan-plm-2023.jpg").is_file()
    assert url in sitemap(root)


def test_a_renamed_item_keeps_its_entry_id_so_readers_do_not_announce_it_again(tmp_path):
    """A news file renamed in the web editor, with the `aliases` line the build asks for:
    a feed reader (or an automation re-posting the feed to a WhatsApp channel) that had
    the item sees the same entry, updated, not new news. Its link is the new address; an
    old site's address ("lama.html") is never taken for the id."""
    root = make_site(tmp_path, {"content/news/2026-08-24-kelas-dibuka.md":
                                "---\ntitle: Kelas Dibuka\ndate: 2026-08-24\n---\nIsi.\n"})
    assert run(root).code == 0
    [before] = feedparser.parse(read(root, "output/feed.xml")).entries
    (root / "content/news/2026-08-24-kelas-dibuka.md").unlink()
    (root / "content/news/2026-08-24-kelas-gratis-dibuka.md").write_text(
        "---\ntitle: Kelas Gratis Dibuka\ndate: 2026-08-24\n"
        "aliases: [/arsip/kelas.html, /berita/kelas-dibuka/, /berita/kelas-dibuka-lagi/]\n"
        "---\nIsi.\n")
    result = run(root)
    assert result.code == 0, result.err
    parsed = feedparser.parse(read(root, "output/feed.xml"))
    assert not parsed.bozo
    [after] = parsed.entries
    assert after.id == before.id == "https://example.org/berita/kelas-dibuka/"
    assert after.link == "https://example.org/berita/kelas-gratis-dibuka/"
    assert after.title == "Kelas Gratis Dibuka"


def test_an_updated_earlier_than_the_date_never_dates_an_entry_before_it_was_published(
        tmp_path):
    """`updated` written before `date` (a warning): the entry's and the sitemap's dates
    are its publication, since a feed reader sorts by `updated` and would bury it."""
    root = make_site(tmp_path, {"content/news/2026-11-20-kabar.md": (
        "---\ntitle: Kabar\ndate: 2026-11-20 09:00\nupdated: 2026-11-02\n---\nIsi.\n")})
    assert run(root).code == 0
    [entry] = feedparser.parse(read(root, "output/feed.xml")).entries
    assert entry.updated == entry.published == "2026-11-20T09:00:00+07:00"
    sitemap = etree.fromstring(read(root, "output/sitemap.xml"))
    dates = {url.findtext("s:loc", namespaces=S): url.findtext("s:lastmod", namespaces=S)
             for url in sitemap.findall("s:url", S)}
    assert dates["https://example.org/berita/kabar/"].startswith("2026-11-20")
