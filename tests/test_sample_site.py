"""The sample site in content/: it builds cleanly, holds the seed article's facts, and every
page passes the Nu HTML Checker (vnu) with zero errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import PROJECT, read, run, vnu_errors


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The project's content/ built into a temporary folder (the real one is not touched)."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(PROJECT / "content", root / "content")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert result.err == "", "the sample site must build without warnings"
    return root


def test_seed_article_awards_profile_and_classes(sample):
    article = read(sample, "output/berita/diskarpus-raih-penghargaan-perpusnas/index.html")
    assert "Khoirul Mizan" in article and "Umar Chotob" in article
    assert "Jumat, 29 September 2023" in article
    awards = read(sample, "output/penghargaan/index.html")
    for award in ("Inovasi Layanan Digital Terbaik", "Inovasi Advokasi dan Kemitraan Terbaik",
                  "Lomba Menulis Cerita Dampak Layanan Perpustakaan", "Lomba Foto Instagram",
                  "Lifetime Achievement 2023"):
        assert award in awards, award
    profile = read(sample, "output/profil/index.html")
    assert "50.313" in profile and "2.285" in profile and "21" in profile
    programs = sorted(p.parent.name for p in (sample / "output/jadwal").glob("*/index.html"))
    assert programs == sorted(["bahasa-inggris", "wirausaha-perempuan", "merajut", "menulis",
                               "kuliah-parenting", "yoga", "marketing-online", "pijat-refleksi"])
    assert (sample / "output/berita/halaman/2/index.html").is_file()


def test_the_sample_marks_english_terms_as_the_staff_guide_asks(sample):
    """Staff copy the sample: its English terms carry lang="en", so a screen reader reads
    them in English (WCAG 3.1.2), as the guide's HTML section shows."""
    award = read(sample, "output/penghargaan/lifetime-achievement-khoirul-mizan/index.html")
    assert '<strong><span lang="en">Lifetime Achievement</span> 2023</strong>' in award
    assert '<span lang="en">Peer Learning Meeting</span> (PLM)' in award


def test_the_contact_page_numbers_are_a_tap_away(sample):
    """content/pages/kontak.md writes its numbers bare; a resident's phone calls or chats."""
    contact = read(sample, "output/kontak/index.html")
    prose = contact[contact.index('<div class="prose">'):contact.index("</main>")]
    assert 'Telepon: <a href="tel:0291591000">(0291) 591 000</a>' in prose
    assert 'WhatsApp: <a href="https://wa.me/6281200000000">0812-0000-0000</a>' in prose


def test_every_page_passes_the_nu_html_checker(sample):
    assert len(list((sample / "output").rglob("*.html"))) > 40
    assert vnu_errors(sample / "output") == []
