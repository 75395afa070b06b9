"""News by year: a page per year of news (`berita/2024/`), its items by month, linked from
every page of the news list, so a resident finds an old item without paging back through
hundreds of list pages."""

from __future__ import annotations

import re

from conftest import fails_cleanly, make_site, read, run, write_files
from test_theme import structure


def news(title: str, date: str, **fields: str) -> str:
    lines = "".join(f"{name}: {value}\n" for name, value in fields.items())
    return f"---\ntitle: {title}\ndate: {date}\n{lines}---\nIsi berita {title}.\n"


YEARS = {
    "content/news/2024-01-10-pameran-buku.md": news("Pameran Buku", "2024-01-10"),
    "content/news/2024-05-02-kelas-menulis.md": news("Kelas Menulis", "2024-05-02"),
    "content/news/2024-05-20-lomba-baca.md": news("Lomba Baca", "2024-05-20 09:00"),
    # 23.30 in Tokyo on New Year's Day is still 31 December in Jepara
    "content/news/2025-01-01-malam-tahun-baru.md": news("Malam Tahun Baru",
                                                       "2025-01-01T00:30:00+09:00"),
    "content/news/2026-03-03-perpustakaan-keliling.md": news("Perpustakaan Keliling",
                                                           "2026-03-03", tags="[layanan]"),
    "content/news/2022-06-01-draf.md": news("Draf Lama", "2022-06-01", draft="true"),
    "content/news/2027-02-01-terjadwal.md": news("Terjadwal", "2027-02-01"),
}


def year_site(tmp_path, extra: dict | None = None):
    return make_site(tmp_path, {**YEARS, **(extra or {})})


def items_of(page: str) -> list[tuple[str, str, str]]:
    """(month heading, date shown, title) of each item a year page lists, in order."""
    found, month = [], None
    for match in re.finditer(r'<h2 id="(bulan-\d+)">([^<]+)</h2>|<li><time datetime="[^"]+">'
                             r'([^<]+)</time> <a href="[^"]+">([^<]+)</a></li>', page):
        if match[2]:
            month = match[2]
        else:
            found.append((month, match[3], match[4]))
    return found


def test_each_year_with_news_has_a_page_listing_its_items_by_month(tmp_path):
    root = year_site(tmp_path)
    result = run(root)
    assert result.code == 0, result.err
    page = read(root, "output/berita/2024/index.html")
    assert "<h1>Berita Tahun 2024</h1>" in page
    assert "4 berita" in page
    assert items_of(page) == [("Desember 2024", "31 Desember", "Malam Tahun Baru"),
                              ("Mei 2024", "20 Mei", "Lomba Baca"),
                              ("Mei 2024", "2 Mei", "Kelas Menulis"),
                              ("Januari 2024", "10 Januari", "Pameran Buku")]
    assert '<a href="/berita/lomba-baca/">Lomba Baca</a>' in page
    assert '<time datetime="2024-05-20T09:00:00+07:00">20 Mei</time>' in page
    # the months, newest first, are linked at the top of the page
    assert re.search(r'href="#bulan-5">Mei</a>.*href="#bulan-1">Januari</a>', page, re.S)
    # items of other years are on their own pages
    assert "Perpustakaan Keliling" not in page


def test_news_in_the_sites_zone_falls_in_the_sites_year(tmp_path):
    root = year_site(tmp_path)
    assert run(root).code == 0
    assert not (root / "output/berita/2025").exists()
    page = read(root, "output/berita/2024/index.html")
    assert ("Desember 2024", "31 Desember", "Malam Tahun Baru") in items_of(page)


def test_drafts_and_scheduled_items_make_no_year_page(tmp_path):
    root = year_site(tmp_path)
    assert run(root).code == 0
    years = sorted(path.name for path in (root / "output/berita").iterdir()
                   if path.name.isdigit())
    assert years == ["2024", "2026"]
    assert "Draf Lama" not in read(root, "output/berita/2024/index.html")


def test_every_news_list_page_links_every_year_and_tag_lists_do_not(tmp_path):
    extra = {f"content/news/2026-02-{day:02d}-kabar-{day}.md": news(f"Kabar {day}",
                                                                    f"2026-02-{day:02d}")
             for day in range(1, 12)}
    root = year_site(tmp_path, extra)
    assert run(root).code == 0
    for path in ["output/berita/index.html", "output/berita/halaman/2/index.html",
                 "output/berita/2024/index.html"]:
        page = read(root, path)
        nav = re.search(r'<nav class="years" aria-label="Berita per tahun">(.*?)</nav>', page,
                        re.S)
        assert nav, path
        assert re.findall(r'href="/berita/(\d{4})/"', nav[1]) == ["2026", "2024"], path
    year_page = structure(read(root, "output/berita/2024/index.html"))
    assert year_page.first("a", href="/berita/2024/")["aria-current"] == "page"
    assert year_page.first("a", href="/berita/2026/").get("aria-current") is None
    assert 'class="years"' not in read(root, "output/tag/layanan/index.html")
    # without JavaScript, the search page offers the years too
    fallback = read(root, "output/cari/index.html").split("data-search-fallback", 1)[1]
    assert re.findall(r'href="/berita/(\d{4})/"', fallback) == ["2026", "2024"]
    # the menu marks the news section current on a year page too
    assert year_page.first("a", href="/berita/", **{"aria-current": "page"}) is not None


def test_year_pages_are_in_the_sitemap_and_not_in_the_search_index(tmp_path):
    root = year_site(tmp_path)
    assert run(root).code == 0
    sitemap = read(root, "output/sitemap.xml")
    assert "<loc>https://example.org/berita/2024/</loc>" in sitemap
    assert "data-search-body" not in read(root, "output/berita/2024/index.html")
    # Each year's page changes with its own items: an old year's was dated by the newest
    # item of all, as if it changed every day, and search engines learn to ignore that.
    lastmods = dict(re.findall(r"<loc>https://example\.org/berita/(\d{4})/</loc>\s*"
                               r"<lastmod>([^<]+)</lastmod>", sitemap))
    assert lastmods == {"2024": "2025-01-01T00:30:00+09:00",   # 31 December in Jepara
                        "2026": "2026-03-03T00:00:00+07:00"}


def test_a_topic_of_many_pages_over_years_has_a_page_for_each_year(tmp_path):
    """"Pengumuman" after ten years ran to 332 pages with only "Lebih lama": the 2020
    closure notice was 217 taps away. A topic longer than one page, over more than one
    year, links a page for each year, listing that year's items of the topic by month."""
    extra = {f"content/news/2024-07-{day:02d}-pengumuman-{day}.md": news(
                 f"Pengumuman {day}", f"2024-07-{day:02d}", tags="[pengumuman]")
             for day in range(1, 11)}   # with the one of 2025: more than a page of 10
    extra.update({"content/news/2025-03-01-tutup.md": news("Perpustakaan Tutup", "2025-03-01",
                                                           tags="[pengumuman]"),
                  "content/news/2025-04-01-lain.md": news("Lain", "2025-04-01")})
    root = year_site(tmp_path, extra)
    assert run(root).code == 0
    first = read(root, "output/tag/pengumuman/index.html")
    nav = re.search(r'<nav class="years" aria-label="Berita per tahun">(.*?)</nav>', first, re.S)
    assert re.findall(r'href="(/tag/pengumuman/\d{4}/)"', nav[1]) == [
        "/tag/pengumuman/2025/", "/tag/pengumuman/2024/"]
    page = read(root, "output/tag/pengumuman/2025/index.html")
    assert "<h1>Topik pengumuman: Tahun 2025</h1>" in page
    assert items_of(page) == [("Maret 2025", "1 Maret", "Perpustakaan Tutup")]   # not "Lain"
    assert len(items_of(read(root, "output/tag/pengumuman/2024/index.html"))) == 10
    sitemap = read(root, "output/sitemap.xml")
    assert re.search(r"<loc>https://example\.org/tag/pengumuman/2024/</loc>\s*<lastmod>"
                     r"2024-07-10T00:00:00\+07:00</lastmod>", sitemap)
    # a topic of one page, or of one year, has none
    assert not (root / "output/tag/layanan/2026").exists()
    # its year pages are the builder's: an old address there is told so
    failed = fails_cleanly(root, {"content/news/2025-04-01-lain.md": news(
        "Lain", "2025-04-01", aliases="[/tag/pengumuman/2024/]")})
    assert "tag pengumuman tahun 2024" in failed.err, failed.err
    assert 'class="years"' not in read(root, "output/tag/layanan/index.html")


def test_a_news_slug_that_is_a_year_is_an_error_naming_both(tmp_path):
    root = year_site(tmp_path)
    failed = fails_cleanly(root, {"content/news/2026-04-01-ulang-tahun.md":
                                  news("Ulang Tahun", "2026-04-01", slug="'2024'")})
    assert "berita/2024/" in failed.err
    assert "2026-04-01-ulang-tahun.md:4" in failed.err
    assert "berita tahun 2024" in failed.err


def pager(page: str) -> str:
    """The "Halaman ... dari ..." navigation under a list."""
    return re.search(r'<nav class="pager".*?</nav>', page, re.S)[0]


CAPPED_SITE = """\
title: Perpustakaan Uji
base_url: https://example.org/
per_page: 2
list_pages: 3
"""


def test_the_news_list_stops_after_list_pages_and_goes_on_by_year(tmp_path):
    """Ten years of daily news made a thousand list pages, each of them rewritten (and
    uploaded again) for every new item, and nobody pages back a thousand times. The list
    stops after `list_pages` pages (per_page items each); its last page goes on to the
    year page, at the month of the first item it does not show."""
    extra = {"content/site.yaml": CAPPED_SITE,
             **{f"content/news/2025-{month:02d}-05-kabar-{month}.md": news(
                 f"Kabar {month}", f"2025-{month:02d}-05", tags="[kabar]")
                for month in range(3, 9)}}   # 6 items of 2025 + 5 of the others
    root = year_site(tmp_path, extra)
    result = run(root)
    assert result.code == 0, result.err
    output = root / "output"
    assert (output / "berita/halaman/3/index.html").exists()
    assert not (output / "berita/halaman/4").exists()
    # newest first: Perpustakaan Keliling (2026), Kabar 8 | 7, 6 | 5, 4 | 3, Malam Tahun Baru
    last = read(root, "output/berita/halaman/3/index.html")
    assert "Kabar 4" in last and "Kabar 3" not in last
    assert "Halaman 3 dari 3" in last
    assert re.search(r'<a href="/berita/2025/#bulan-3">[^<]*Maret 2025', pager(last)), last
    # the pages before the last go on to the next page as before
    assert 'rel="next" href="/berita/halaman/3/"' in pager(
        read(root, "output/berita/halaman/2/index.html"))
    # a topic's list stops only when it has year pages to go on to: "kabar" is all 2025
    assert (output / "tag/kabar/halaman/3/index.html").exists()
    assert "Halaman 3 dari 3" in read(root, "output/tag/kabar/halaman/3/index.html")
    assert 'href="/tag/kabar/2025/' not in read(root, "output/tag/kabar/halaman/3/index.html")

    # a new item changes the capped list pages, not pages that no longer exist
    write_files(root, {"content/news/2026-04-01-baru.md": news("Baru", "2026-04-01")})
    assert run(root).code == 0
    assert not (output / "berita/halaman/4").exists()
    last = read(root, "output/berita/halaman/3/index.html")
    assert "Kabar 5" in last and "Kabar 4" not in last
    assert 'href="/berita/2025/#bulan-4"' in pager(last)


def test_a_topic_list_over_years_stops_too(tmp_path):
    extra = {"content/site.yaml": CAPPED_SITE,
             **{f"content/news/20{year}-07-01-kabar-{year}.md": news(
                 f"Kabar {year}", f"20{year}-07-01", tags="[kabar]")
                for year in range(18, 26)}}   # 8 items over 8 years
    root = year_site(tmp_path, extra)
    assert run(root).code == 0
    output = root / "output"
    assert not (output / "tag/kabar/halaman/4").exists()
    last = read(root, "output/tag/kabar/halaman/3/index.html")
    # newest first: 25, 24 | 23, 22 | 21, 20 | 19, 18
    assert re.search(r'<a href="/tag/kabar/2019/#bulan-7">[^<]*Juli 2019', pager(last)), last
    # the sitemap does not name pages that are gone
    assert "tag/kabar/halaman/4/" not in read(root, "output/sitemap.xml")


def test_list_pages_must_be_a_whole_number(tmp_path):
    root = make_site(tmp_path, {"content/site.yaml": CAPPED_SITE.replace(
        "list_pages: 3", "list_pages: tiga")})
    result = run(root)
    assert result.code == 1
    assert "site.yaml:4" in result.err and "list_pages" in result.err
