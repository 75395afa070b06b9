"""What Google reads of the site (an audit against Google Search Central's documentation):
a line true for one day is no search result's text, news carry their own photos (never
the site's card, Google asks for no logos) with the largest first, the Library's address
and telephone are the structured kinds Google requires, a class elsewhere is not placed
at the library's street, and an article is never modified before it was published.
"""

from __future__ import annotations

import json
import re

from conftest import dedent, image_bytes, make_site, read, run
from test_share_image import NEWS, SHARE, SITE


def json_ld(page: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]


def of_type(page: str, kind: str) -> list[dict]:
    return [block for block in json_ld(page) if block.get("@type") == kind]


CONTACT = SITE + dedent("""\
    contact:
      address: [Jl. Kartini No. 9, Jepara, Jawa Tengah 59411]
      phone: (0291) 591 000
      opening_hours:
        - "Senin–Minggu: 08.00–15.30 WIB"
    """)


def site(tmp_path, extra: dict | None = None):
    root = make_site(tmp_path, {"content/site.yaml": CONTACT,
                                "content/static/bagikan.jpg": SHARE, **NEWS, **(extra or {})})
    result = run(root)
    assert result.code == 0, result.err
    return root


def test_todays_line_is_no_search_results_text(tmp_path):
    """"Hari ini, Minggu 6 Desember: perpustakaan tutup." was the first text of the home
    page: Google quoted it under "jam buka" searches until its next visit."""
    home = read(site(tmp_path), "output/index.html")
    line = re.search(r'<p class="today-hours">(.*?)</p>', home, re.S)[1]
    assert line.startswith("<span data-nosnippet><strong>Hari ini, Selasa 24 November")
    assert line.endswith("</span>")


def test_news_give_search_engines_their_own_photo_largest_first(tmp_path):
    root = site(tmp_path)
    (with_photo,) = of_type(read(root, "output/berita/dengan-foto/index.html"), "NewsArticle")
    # the photo's own address serves its largest variant (1,600 px), then the shared one
    assert [re.sub(r".*/", "", url) for url in with_photo["image"]] == ["kelas.jpg",
                                                                         "kelas-960.jpg"]
    # Google asks for no logos: the site's card is for shared links only
    page = read(root, "output/berita/tanpa-foto/index.html")
    (without,) = of_type(page, "NewsArticle")
    assert "image" not in without
    assert 'property="og:image" content="https://example.org/bagikan.jpg"' in page
    # large previews in Discover, which wants images of 1,200 px and this setting
    assert '<meta name="robots" content="max-image-preview:large">' in page
    assert 'content="max-image-preview' not in read(root, "output/cari/index.html")
    assert 'content="max-image-preview' not in read(root, "output/404.html")


def test_the_library_has_a_postal_address_and_an_international_telephone(tmp_path):
    (library,) = of_type(read(site(tmp_path), "output/index.html"), "Library")
    assert library["address"] == {"@type": "PostalAddress",
                                  "streetAddress": "Jl. Kartini No. 9, Jepara, Jawa Tengah 59411",
                                  "addressCountry": "ID"}
    assert library["telephone"] == "+62291591000"


SCHEDULE = dedent("""\
    programs:
      - id: merajut
        title: Kelas Merajut
        location: Aula Utama
        sessions:
          - date: 2026-12-02
            start: 09:00
            end: 11:00
          - date: 2026-12-09
            start: 09:00
            end: 11:00
            location: Perpustakaan Desa Sumber Ilmu
    """)


def test_a_session_elsewhere_is_not_placed_at_the_librarys_street(tmp_path):
    root = site(tmp_path, {"content/schedule.yaml": SCHEDULE})
    events = of_type(read(root, "output/jadwal/merajut/index.html"), "Event")
    places = {event["startDate"][:10]: event["location"] for event in events}
    assert places["2026-12-02"]["name"] == "Aula Utama"
    assert places["2026-12-02"]["address"]["streetAddress"].startswith("Jl. Kartini No. 9")
    assert places["2026-12-09"] == {"@type": "Place", "name": "Perpustakaan Desa Sumber Ilmu",
                                    "address": "Perpustakaan Desa Sumber Ilmu"}


def test_an_article_is_never_modified_before_it_was_published(tmp_path):
    news = {"content/news/2025-06-21-donasi.md": dedent("""\
        ---
        title: Donasi Buku
        date: 2025-06-21
        updated: 2025-06-01
        ---
        Isi.
        """)}
    root = make_site(tmp_path, news)
    assert run(root).code == 0
    page = read(root, "output/berita/donasi/index.html")
    (article,) = of_type(page, "NewsArticle")
    assert article["dateModified"] == article["datePublished"] == "2025-06-21T00:00:00+07:00"


def test_an_old_address_is_not_marked_noindex(tmp_path):
    """Beside a canonical naming the new page, a noindex may be applied to that page too
    (Hugo dropped it from its alias template in 2025 for that reason)."""
    root = make_site(tmp_path, {"content/news/2026-11-20-baru.md": dedent("""\
        ---
        title: Kabar Baru
        date: 2026-11-20
        aliases: [/berita/kabar-lama/]
        ---
        Isi.
        """)})
    assert run(root).code == 0
    old = read(root, "output/berita/kabar-lama/index.html")
    assert "noindex" not in old and 'rel="canonical"' in old
    assert "https://example.org/berita/kabar-lama/" not in read(root, "output/sitemap.xml")


def test_images_of_articles_use_the_largest_variant_even_when_png(tmp_path):
    root = site(tmp_path, {"content/news/2026-11-22-poster/index.md": dedent("""\
        ---
        title: Poster Lomba
        date: 2026-11-22
        image: poster.png
        image_alt: Poster lomba membaca
        ---
        Isi.
        """), "content/news/2026-11-22-poster/poster.png": image_bytes(1400, 900, "PNG")})
    (article,) = of_type(read(root, "output/berita/poster/index.html"), "NewsArticle")
    assert all(url.startswith("https://example.org/berita/poster/") for url in article["image"])
    assert len(article["image"]) == len(set(article["image"])) >= 1
    assert not any(url.endswith("bagikan.jpg") for url in article["image"])
