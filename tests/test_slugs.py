"""Slugs from file names and tags; the date prefix of file names."""

from datetime import date

import pytest

from site_builder.slugs import MAX_SLUG_LENGTH, slug_problem, slugify, split_date_prefix


@pytest.mark.parametrize("text, slug", [
    ("Inklusi Sosial", "inklusi-sosial"), ("inklusi sosial", "inklusi-sosial"),
    ("Kelas  Yoga (Baru)!", "kelas-yoga-baru"), ("Pijat Refléksi", "pijat-refleksi"),
    ("UMKM & Perempuan", "umkm-perempuan"), ("---", ""),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_slug_problem():
    for good in ("diskarpus-raih-penghargaan", "2024", "a1", "a" * MAX_SLUG_LENGTH):
        assert slug_problem(good) is None, good
    for bad in ("Berita", "a--b", "-a", "a-", "a b", "", "a/b", "..", "ä"):
        assert "huruf kecil a-z" in slug_problem(bad), bad
    assert "terlalu panjang" in slug_problem("a" * (MAX_SLUG_LENGTH + 1))
    assert 'misalnya "kelas-yoga"' in slug_problem("Kelas Yoga")


@pytest.mark.parametrize("stem, expected", [
    ("2023-09-29-diskarpus-raih-penghargaan", (date(2023, 9, 29), "diskarpus-raih-penghargaan")),
    ("2024-01-22-45-perpustakaan-desa", (date(2024, 1, 22), "45-perpustakaan-desa")),
    ("profil", (None, "profil")),
    ("2023-13-29-bukan-tanggal", (None, "2023-13-29-bukan-tanggal")),
    ("2023-09-29", (None, "2023-09-29")),
    # A name typed in a web editor or saved from a word processor: a space or an underscore.
    ("2023-09-29 Diskarpus Raih Penghargaan", (date(2023, 9, 29), "Diskarpus Raih Penghargaan")),
    ("2023-09-29_diskarpus", (date(2023, 9, 29), "diskarpus")),
    ("2023-09-29 - diskarpus", (date(2023, 9, 29), "diskarpus")),
    ("2023-09-29 ", (None, "2023-09-29 ")),
])
def test_date_prefix_is_dropped_from_the_slug(stem, expected):
    assert split_date_prefix(stem) == expected
