"""Embeds (a YouTube video, a Google Maps map) in a body, light and named: each iframe
loads only when the reader scrolls near it (`loading="lazy"`, unless written otherwise),
so a video at the end of a news item costs nothing to a resident who stops reading
before it; and each has a title a screen reader can say (WCAG 4.1.2): one written
without, or with the copied code's "YouTube video player", is a warning at its line
saying what to write, and until then gets one from its host."""

from __future__ import annotations

import re

from browser import PHONE, serve
from conftest import SITE_YAML, make_site, read, run

NEWS = "content/news/2026-11-20-dongeng.md"
BODY = """\
---
title: Dongeng Sabtu Pagi
date: 2026-11-20
summary: Rekaman dan lokasi dongeng Sabtu pagi.
---
Rekaman kegiatan:

<iframe width="560" height="315" src="https://www.youtube.com/embed/abc123" title="YouTube video player" frameborder="0" allowfullscreen></iframe>

Lokasi:

<iframe src="https://www.google.com/maps/embed?pb=!1m18" width="600" height="450" style="border:0;" allowfullscreen="" referrerpolicy="no-referrer-when-downgrade"></iframe>

Rekaman kedua, dimuat langsung:

<iframe src="https://www.youtube-nocookie.com/embed/def456" title="Dongeng si Kancil" loading="eager"></iframe>
"""


def _iframes(html: str) -> list[str]:
    return re.findall(r"<iframe[^>]*>", html)


def test_embeds_load_when_scrolled_to_and_each_has_a_title(tmp_path):
    root = make_site(tmp_path, {NEWS: BODY})
    result = run(root, "build")
    assert result.code == 0, result.err
    video, place, eager = _iframes(read(root, "output/berita/dongeng/index.html"))
    assert video == ('<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/abc123" '
                     'title="YouTube video player" allowfullscreen="" loading="lazy">')
    assert place == ('<iframe src="https://www.google.com/maps/embed?pb=!1m18" width="600" '
                     'height="450" allowfullscreen="" loading="lazy" title="Peta Google Maps">')
    assert eager == ('<iframe src="https://www.youtube-nocookie.com/embed/def456" '
                     'title="Dongeng si Kancil" loading="eager">')
    warnings = [line for line in result.err.splitlines() if "sematan" in line]
    assert warnings == [
        f'{NEWS}:8: peringatan: sematan <iframe> dari "www.youtube.com": judul (title) '
        '"YouTube video player" tidak menyebut isinya, padahal judul itulah yang dibacakan '
        "pembaca layar; ganti dengan isinya, misalnya "
        'title="Rekaman dongeng Sabtu pagi"',
        f'{NEWS}:12: peringatan: sematan <iframe> dari "www.google.com" tanpa judul (title), '
        'sehingga pembaca layar hanya menyebut "Peta Google Maps"; tambahkan judul yang '
        'menyebut isinya di dalam <iframe ...>, misalnya title="Peta lokasi perpustakaan"']


def test_an_embed_with_its_own_title_is_no_warning(tmp_path):
    body = BODY.split("Rekaman kegiatan:")[0] + (
        '<iframe src="https://www.youtube-nocookie.com/embed/abc123" title="Rekaman dongeng">'
        "</iframe>\n")
    root = make_site(tmp_path, {NEWS: body})
    result = run(root, "build")
    assert result.code == 0 and result.err == "", result.err
    assert _iframes(read(root, "output/berita/dongeng/index.html")) == [
        '<iframe src="https://www.youtube-nocookie.com/embed/abc123" title="Rekaman dongeng" '
        'loading="lazy">']


def test_an_embed_of_a_site_not_allowed_becomes_a_link_to_it(tmp_path):
    """A Google Form pasted as an embed vanished: "Isi formulir di bawah ini:" over
    nothing, no way to register. What it showed is linked in its place."""
    body = BODY.split("Rekaman kegiatan:")[0] + (
        "Isi formulir di bawah ini:\n\n"
        '<iframe src="https://docs.google.com/forms/d/e/1FAIpQ/viewform?embedded=true" '
        'width="640" height="800">Memuat...</iframe>\n\n'
        'Kalender: <iframe src="https://calendar.google.com/calendar/embed?src=a&amp;b=1" '
        'title="Kalender kegiatan"></iframe>, dan <iframe src="http://example.org/x"></iframe>\n')
    root = make_site(tmp_path, {NEWS: body})
    result = run(root, "build")
    assert result.code == 0, result.err
    prose = re.search(r'<div class="prose">(.*?)</div>', read(
        root, "output/berita/dongeng/index.html"), re.DOTALL)[1]
    assert prose == (
        "<p>Isi formulir di bawah ini:</p>\n"
        '<p><a href="https://docs.google.com/forms/d/e/1FAIpQ/viewform">Buka formulir '
        "(Google Form)</a></p>\n\n"
        '<p>Kalender: <a href="https://calendar.google.com/calendar/embed?src=a&amp;b=1">Buka: '
        "Kalender kegiatan</a>, dan </p>"), prose
    assert f'{NEWS}:8: peringatan: sematan <iframe> dari "docs.google.com" dihapus' in result.err
    assert "di tempatnya tampil tautan ke alamat sematan itu" in result.err


SOCIAL = """\
---
title: Lomba Foto
date: 2026-11-20
summary: Unggahan para pemenang lomba foto.
---
Unggahan pemenang:

<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/abc/"><a href="https://www.instagram.com/p/abc/">Lihat unggahan ini di Instagram</a></blockquote>
<script async src="//www.instagram.com/embed.js"></script>

<style>.judul { color: red }</style>

<form action="https://example.org/daftar"><input name="nama"> Nama peserta</form>

Contoh kode yang tidak dijalankan:

```html
<script>alert("ini hanya contoh")</script>
```
"""


def test_code_the_site_removes_from_a_body_is_a_warning_at_its_line(tmp_path):
    """The social networks' embed codes, a <style> or a <form> pasted into a body lose
    their script, look or fields on the site: the page still builds, and each kind
    removed is a warning at its first line saying what readers see instead. Code shown
    in a code block is text and stays."""
    root = make_site(tmp_path, {NEWS: SOCIAL})
    result = run(root, "build")
    assert result.code == 0, result.err
    html = read(root, "output/berita/dongeng/index.html")
    body = html[html.index('<div class="prose'):html.index("</article>")]
    assert "<script" not in body and "<style" not in body and "<form" not in body
    assert "Lihat unggahan ini di Instagram</a></blockquote>" in body
    assert "&lt;script&gt;alert" in body
    warnings = [line for line in result.err.splitlines() if ": peringatan: " in line]
    assert len(warnings) == 3, result.err
    script, style, form = warnings
    assert script.startswith(f"{NEWS}:9: peringatan: kode <script> dibuang")
    assert "Instagram" in script and "kutipan" in script
    assert style.startswith(f"{NEWS}:11: peringatan: <style> dibuang")
    assert form.startswith(f"{NEWS}:13: peringatan: formulir <form> dibuang")
    assert "https://forms.gle/" in form


def test_embeds_written_wider_than_a_phone_fit_it(tmp_path, browser):
    """A video pasted as YouTube gives it (width="560") and a map (width="600") on a
    390 px phone: each as wide as the text at most, the video still 16:9, and the page
    does not scroll sideways (WCAG 1.4.10). Their hosts are not reached from here."""
    root = make_site(tmp_path, {NEWS: BODY})
    assert run(root, "build").code == 0
    page = browser.new_page()
    page.route(re.compile(r"^https://"), lambda route: route.abort())
    with serve(root / "output") as base:
        page.goto(base + "berita/dongeng/", wait_until="load")
        text = page.locator(".prose p").first.bounding_box()["width"]
        frames = [frame.bounding_box() for frame in page.locator("iframe").all()]
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    page.close()
    assert scroll_width == PHONE["width"]
    assert [round(frame["width"]) for frame in frames] == [round(text)] * 3
    video = frames[0]
    assert abs(video["width"] / video["height"] - 16 / 9) < 0.02, video


def test_a_video_embedded_by_its_page_address_is_embedded_by_its_embed_address(tmp_path):
    """YouTube refuses to be framed at the address a browser shows (watch?v=, youtu.be/,
    shorts/): the iframe showed an error box. It gets the video's /embed/ address."""
    body = "".join(f'<iframe src="{src}" title="Dongeng {number}"></iframe>\n\n'
                   for number, src in enumerate([
                       "https://www.youtube.com/watch?v=abcdefghijk",
                       "https://youtu.be/abcdefghij2?si=xyz",
                       "https://www.youtube.com/shorts/abcdefghij3",
                       "https://m.youtube.com/watch?feature=share&v=abcdefghij4"]))
    root = make_site(tmp_path, {NEWS: f"---\ntitle: Dongeng\ndate: 2026-11-20\n---\n{body}"})
    result = run(root, "build")
    assert result.code == 0, result.err
    sources = re.findall(r'<iframe src="([^"]+)"', read(root, "output/berita/dongeng/index.html"))
    # on YouTube's privacy-enhanced host: no cookie before the video is played
    assert sources == ["https://www.youtube-nocookie.com/embed/abcdefghijk",
                       "https://www.youtube-nocookie.com/embed/abcdefghij2",
                       "https://www.youtube-nocookie.com/embed/abcdefghij3",
                       "https://www.youtube-nocookie.com/embed/abcdefghij4"]


def test_youtube_videos_are_embedded_from_its_privacy_enhanced_host(tmp_path):
    """youtube.com's embeds set cookies in the reader's browser as the page loads (with
    JavaScript off, Chromium loads every iframe at once); www.youtube-nocookie.com,
    YouTube's privacy-enhanced mode, sets none before the video is played."""
    body = ('<iframe src="https://www.youtube.com/embed/abcdefghijk?start=30" '
            'title="Dongeng"></iframe>\n')
    news = f"---\ntitle: Dongeng\ndate: 2026-11-20\n---\n{body}"
    root = make_site(tmp_path, {NEWS: news})
    assert run(root, "build").code == 0
    assert re.findall(r'<iframe src="([^"]+)"', read(root, "output/berita/dongeng/index.html")) \
        == ["https://www.youtube-nocookie.com/embed/abcdefghijk?start=30"]
    # a site that allows youtube.com only keeps it
    only = make_site(tmp_path / "hanya", {NEWS: news, "content/site.yaml": SITE_YAML +
                                          "embed_hosts: [www.youtube.com]\n"})
    assert run(only, "build").code == 0
    assert re.findall(r'<iframe src="([^"]+)"', read(only, "output/berita/dongeng/index.html")) \
        == ["https://www.youtube.com/embed/abcdefghijk?start=30"]
