""""Baca juga": at the foot of a news item or award, the items next to it in time in each
of its tags (an older and a newer one), so a resident who finished reading on a phone
goes on to related news without going back to a list; an item without tags gets the
items before and after it."""

from __future__ import annotations

import re

from conftest import make_site, read, write_files
from test_build import warnings_of
from test_cache import build

ITEMS = {   # slug: (date, tags)
    "a": ("2026-11-01", "[Pelatihan]"),
    "b": ("2026-11-05", "[Pelatihan]"),
    "c": ("2026-11-10", "[Pelatihan, Anak]"),
    "d": ("2026-11-15", "[Anak]"),
    "e": ("2026-11-20", "[]"),
    "f": ("2026-11-21", "[]"),
}


def item(slug: str, date: str, tags: str) -> dict[str, str]:
    return {f"content/news/{date}-{slug}.md":
            f"---\ntitle: Berita {slug.upper()}\ndate: {date}\ntags: {tags}\n---\nIsi {slug}.\n"}


def site_files() -> dict[str, str]:
    files: dict[str, str] = {}
    for slug, (date, tags) in ITEMS.items():
        files |= item(slug, date, tags)
    return files


def read_also(page: str) -> list[str]:
    """The slugs "Baca juga" links to, in order."""
    section = re.search(r'<section class="related read-also".*?</section>', page, re.S)
    return re.findall(r'<a href="/berita/([a-z]+)/">', section[0]) if section else []


def test_each_item_links_its_neighbours_in_its_tags_newest_first(tmp_path):
    root = make_site(tmp_path, site_files())
    assert warnings_of(root) == []
    expected = {
        "a": ["b"],             # Pelatihan: c, b, a
        "b": ["c", "a"],
        "c": ["d", "b"],        # Pelatihan's older b, Anak's newer d
        "d": ["c"],
        "e": ["f", "d"],        # no tags: the news before and after it
        "f": ["e"],
    }
    for slug, neighbours in expected.items():
        assert read_also(read(root, f"output/berita/{slug}/index.html")) == neighbours, slug


def test_a_link_shows_the_title_and_date_and_stays_out_of_search(tmp_path):
    root = make_site(tmp_path, site_files())
    assert warnings_of(root) == []
    page = read(root, "output/berita/c/index.html")
    section = re.search(r'<section class="related read-also".*?</section>', page, re.S)[0]
    assert "data-search-ignore" in section
    assert 'aria-labelledby="baca-juga"' in section and '<h2 id="baca-juga">Baca juga</h2>' in section
    assert '<a href="/berita/d/">Berita D</a>' in section
    assert '<time datetime="2026-11-15T00:00:00+07:00">15 November 2026</time>' in section


def test_awards_have_it_too(tmp_path):
    root = make_site(tmp_path, {
        **item("kelas", "2026-11-10", "[Literasi]"),
        "content/awards/2026-11-12-teladan.md": (
            "---\ndate: 2026-11-12\naward: Pustakawan Teladan\ngiver: Perpusnas\n"
            "recipient: Siti\ntags: [Literasi]\n---\nSelamat.\n")})
    assert warnings_of(root) == []
    section = re.search(r'<section class="related read-also".*?</section>',
                        read(root, "output/penghargaan/teladan/index.html"), re.S)[0]
    assert '<a href="/berita/kelas/">Berita KELAS</a>' in section


def test_an_item_alone_has_no_section(tmp_path):
    root = make_site(tmp_path, item("satu", "2026-11-10", "[Sendiri]"))
    assert warnings_of(root) == []
    assert "Baca juga" not in read(root, "output/berita/satu/index.html")


def test_a_new_item_renders_again_only_the_pages_it_is_next_to(tmp_path):
    """The cache (issue 6): "Baca juga" links the items next to each item only, so a new
    item, or an edit, renders its neighbours' pages, not every page of its tags."""
    root = make_site(tmp_path, site_files())
    build(root)
    write_files(root, item("g", "2026-11-22", "[Anak]"))
    rendered = {path for path in build(root).rendered
                if re.fullmatch(r"berita/[a-z]/index\.html", path)}
    # g's own page; d (Anak's newest until now); f (the newest news until now, no tags).
    assert rendered == {"berita/g/index.html", "berita/d/index.html", "berita/f/index.html"}
    # A paragraph added to d renders d alone: neither a list (its summary is the same)
    # nor the pages showing d (c and g in Anak, e by date), which show its title and date.
    write_files(root, {"content/news/2026-11-15-d.md": "---\ntitle: Berita D\ndate: 2026-11-15\n"
                                                       "tags: [Anak]\n---\nIsi d.\n\nLagi.\n"})
    assert set(build(root).rendered) == {"berita/d/index.html"}
    # Its title changed renders those pages too, and they show the new title.
    write_files(root, {"content/news/2026-11-15-d.md": "---\ntitle: Berita D Baru\n"
                                                       "date: 2026-11-15\ntags: [Anak]\n---\n"
                                                       "Isi d.\n\nLagi.\n"})
    rendered = set(build(root).rendered)
    assert {f"berita/{slug}/index.html" for slug in "dceg"} <= rendered
    assert not {"berita/a/index.html", "berita/b/index.html"} & rendered
    for slug in "ceg":
        assert "Berita D Baru" in read(root, f"output/berita/{slug}/index.html")
