"""The schedule and each program's page, printed for a notice board, carry a QR code of
their address: a resident scans it with a phone's camera and the page opens, with its
way to register. On the screen it is not shown, and not even fetched (qrcodes.py)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from conftest import make_site, run

SCHEDULE = """\
    programs:
      - id: bahasa-inggris
        title: Pelatihan Bahasa Inggris
        registration: WhatsApp 0812-0000-0000
        sessions:
          - {date: 2026-12-02, start: 15.00, end: 17.00}
    """


def _decoded(png: bytes) -> list[str]:
    """The texts of the QR codes a phone's camera would read in a picture."""
    zxingcpp = pytest.importorskip("zxingcpp")
    return [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.fixture(scope="module")
def printed_site(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("qr"), {
        "content/site.yaml": "title: Perpustakaan Uji\nbase_url: https://example.org/perpus/\n",
        "content/schedule.yaml": SCHEDULE})
    result = run(root, "build")
    assert result.code == 0, result.err
    (root / "host").mkdir()   # as the host publishes it: under /perpus/
    (root / "host" / "perpus").symlink_to(root / "output")
    return root


@pytest.mark.parametrize("path", ["jadwal/", "jadwal/bahasa-inggris/"])
def test_a_printed_page_shows_a_qr_code_of_its_address(printed_site, browser, path):
    from browser import serve

    with serve(printed_site / "host") as base:
        page = browser.new_page()
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        try:
            page.goto(base + "perpus/" + path)
            page.wait_for_load_state("networkidle")
            code = page.locator(".print-qr")
            assert not code.is_visible()   # on the screen: neither shown nor fetched
            assert not [url for url in fetched if url.endswith(".svg")]
            page.pdf()   # printing (to a PDF here) fetches it
            assert [url for url in fetched if url.endswith(f"perpus/{path}kode-qr.svg")]
            page.emulate_media(media="print")
            image = code.get_by_role("img", name="Kode QR alamat halaman ini")
            image.scroll_into_view_if_needed()
            page.wait_for_function(
                "image => image.complete && image.naturalWidth > 0", arg=image.element_handle())
            assert _decoded(code.screenshot()) == [f"https://example.org/perpus/{path}"]
            assert f"example.org/perpus/{path}" in code.inner_text()
        finally:
            page.close()


def test_the_code_files_are_published_beside_the_pages(printed_site):
    output = printed_site / "output"
    for path in ("jadwal/kode-qr.svg", "jadwal/bahasa-inggris/kode-qr.svg"):
        svg = (output / path).read_bytes()
        assert svg.startswith(b"<svg") and len(svg) < 8_000, path
    assert not (output / "kode-qr.svg").exists()


def test_codes_are_made_again_only_for_new_addresses(tmp_path, monkeypatch):
    """A build with the addresses of the last one takes the codes from the build cache
    (no segno import, no drawing: tens of milliseconds of every one-edit build)."""
    from site_builder import qrcodes

    root = make_site(tmp_path, {"content/schedule.yaml": SCHEDULE})
    assert run(root, "build").code == 0
    first = (root / "output/jadwal/kode-qr.svg").read_bytes()
    made: list[str] = []
    real = qrcodes.qr_svg
    monkeypatch.setattr(qrcodes, "qr_svg", lambda url: made.append(url) or real(url))
    (root / "content/news").mkdir()
    (root / "content/news/2026-11-20-kabar.md").write_text(
        "---\ntitle: Kabar\ndate: 2026-11-20\n---\nIsi.\n", encoding="utf-8")
    assert run(root, "build").code == 0
    assert made == [] and (root / "output/jadwal/kode-qr.svg").read_bytes() == first
    (root / "content/site.yaml").write_text(
        "title: Perpustakaan Uji\nbase_url: https://perpustakaan.example.org/\n",
        encoding="utf-8")
    assert run(root, "build").code == 0
    assert made == ["https://perpustakaan.example.org/jadwal/",
                    "https://perpustakaan.example.org/jadwal/bahasa-inggris/"]
    assert (root / "output/jadwal/kode-qr.svg").read_bytes() != first
