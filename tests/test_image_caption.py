"""`image_caption`: the caption under an item's main photo ("Foto: Humas Pemkab Jepara"), as
Indonesian news sites print one; plain text, escaped, in a <figcaption> the photo's
<figure> is named by."""

from __future__ import annotations

import re

from conftest import image_bytes, make_site, read
from test_build import warnings_of
from test_theme import structure


def photo_item(extra_fields: str, section: str = "news") -> dict:
    folder = f"content/{section}/2026-11-21-perpustakaan-keliling"
    award = ("award: Layanan Terbaik\ngiver: Perpusnas\nrecipient: Perpustakaan Daerah\n"
             if section == "awards" else "")
    return {
        f"{folder}/index.md": (
            "---\ntitle: Perpustakaan Keliling Sambangi Desa Pesisir\ndate: 2026-11-21\n"
            f"{award}image: mobil.jpg\nimage_alt: Anak-anak memilih buku di depan mobil\n"
            f"{extra_fields}---\nMobil perpustakaan keliling datang.\n"),
        f"{folder}/mobil.jpg": image_bytes(320, 240),
    }


def figure_of(page: str) -> str:
    return re.search(r'<figure class="article-image".*?</figure>', page, re.S)[0]


def test_the_caption_shows_under_the_main_photo_of_news_and_awards(tmp_path):
    caption = "Mobil keliling di Desa Bulak, Kamis (19/11). Foto: Humas Pemkab Jepara"
    for section, address in [("news", "berita"), ("awards", "penghargaan")]:
        root = make_site(tmp_path / section, photo_item(f'image_caption: "{caption}"\n', section))
        assert warnings_of(root) == []
        figure = figure_of(read(root, f"output/{address}/perpustakaan-keliling/index.html"))
        assert figure.index("<picture") < figure.index("<figcaption")
        assert f"<figcaption>{caption}</figcaption>" in figure


def test_a_caption_is_text_never_markup(tmp_path):
    root = make_site(tmp_path, photo_item(
        "image_caption: 'Foto: <b>Humas</b> & <script>alert(1)</script>'\n"))
    assert warnings_of(root) == []
    figure = figure_of(read(root, "output/berita/perpustakaan-keliling/index.html"))
    assert ("<figcaption>Foto: &lt;b&gt;Humas&lt;/b&gt; &amp; "
            "&lt;script&gt;alert(1)&lt;/script&gt;</figcaption>") in figure
    assert [tag for tag, _ in structure(figure).tags].count("script") == 0


def test_without_a_caption_there_is_no_figcaption(tmp_path):
    root = make_site(tmp_path, photo_item(""))
    assert warnings_of(root) == []
    assert "<figcaption" not in figure_of(
        read(root, "output/berita/perpustakaan-keliling/index.html"))


def test_a_caption_without_a_photo_is_a_warning_at_its_line(tmp_path):
    root = make_site(tmp_path, {"content/news/2026-11-21-kabar.md": (
        "---\ntitle: Kabar\ndate: 2026-11-21\nimage_caption: \"Foto: Humas\"\n---\nIsi.\n")})
    [warning] = warnings_of(root)
    assert "2026-11-21-kabar.md:4" in warning
    assert '"image_caption"' in warning and '"image"' in warning
    assert "<figcaption" not in read(root, "output/berita/kabar/index.html")
