"""Photo captions in a body (figures.py): an image alone in its paragraph with a title,
`![alt](foto.jpg "Keterangan. Foto: Humas")`, becomes a <figure> whose <figcaption> is that
title, shown under the photo on a phone, where a title's tooltip never shows."""

from __future__ import annotations

import re

from conftest import image_bytes, make_site, read, run

BUNDLE = "content/news/2026-11-20-pelatihan"


def _prose(tmp_path, body: str) -> str:
    root = make_site(tmp_path, {
        f"{BUNDLE}/index.md": f"---\ntitle: Pelatihan\ndate: 2026-11-20\n---\n{body}\n",
        f"{BUNDLE}/kelas.jpg": image_bytes(640, 480)})
    result = run(root, "build")
    assert result.code == 0, result.err
    page = read(root, "output/berita/pelatihan/index.html")
    return page.split('<div class="prose">', 1)[1].split("</div>\n", 1)[0]


def test_an_image_alone_with_a_title_is_a_figure_with_its_caption(tmp_path):
    prose = _prose(tmp_path, 'Pembuka.\n\n![Peserta belajar komputer](kelas.jpg "Peserta kelas '
                             'komputer, Senin (16/11). Foto: Humas")\n\nPenutup.')
    figure = re.search(r"<figure>(.*?)</figure>", prose, re.DOTALL)[1]
    assert re.match(r"\s*<picture>.*</picture>\s*<figcaption>Peserta kelas komputer, Senin "
                    r"\(16/11\)\. Foto: Humas</figcaption>\s*$", figure, re.DOTALL), figure
    assert 'alt="Peserta belajar komputer"' in figure
    assert "title=" not in figure    # said once, under the photo
    assert "<p><picture" not in prose and "<p>Pembuka.</p>" in prose


def test_a_caption_is_text_with_its_inline_markdown_kept_safe(tmp_path):
    prose = _prose(tmp_path, '![Peserta](kelas.jpg "Foto: <b>Humas</b> & *Tim*")')
    assert "<figcaption>Foto: &lt;b&gt;Humas&lt;/b&gt; &amp; *Tim*</figcaption>" in prose


def test_an_image_without_a_title_or_inside_text_stays_as_it_was(tmp_path):
    prose = _prose(tmp_path, "![Peserta kelas](kelas.jpg)\n\n"
                             'Lihat ![Peserta lagi](kelas.jpg "judul") di sini.')
    assert "<figure" not in prose and "<figcaption" not in prose
    assert re.search(r"<p><picture>.*?</picture></p>", prose, re.DOTALL)
    assert 'title="judul"' in prose
