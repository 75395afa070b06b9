"""Slugs from file names and tags; the date prefix of file names."""

from datetime import date

import pytest

from site_builder.slugs import is_slug, slugify, split_date_prefix


@pytest.mark.parametrize("text, slug", [
    ("Inklusi Sosial", "inklusi-sosial"), ("inklusi sosial", "inklusi-sosial"),
    ("Kelas  Yoga (Baru)!", "kelas-yoga-baru"), ("Pijat Refléksi", "pijat-refleksi"),
    ("UMKM & Perempuan", "umkm-perempuan"), ("---", ""),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_is_slug():
    assert is_slug("diskarpus-raih-penghargaan") and is_slug("2024") and is_slug("a1")
    for bad in ("Berita", "a--b", "-a", "a-", "a b", "", "a/b", "..", "ä"):
        assert not is_slug(bad), bad


@pytest.mark.parametrize("stem, expected", [
    ("2023-09-29-diskarpus-raih-penghargaan", (date(2023, 9, 29), "diskarpus-raih-penghargaan")),
    ("2024-01-22-45-perpustakaan-desa", (date(2024, 1, 22), "45-perpustakaan-desa")),
    ("profil", (None, "profil")),
    ("2023-13-29-bukan-tanggal", (None, "2023-13-29-bukan-tanggal")),
    ("2023-09-29", (None, "2023-09-29")),
])
def test_date_prefix_is_dropped_from_the_slug(stem, expected):
    assert split_date_prefix(stem) == expected
