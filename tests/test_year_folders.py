"""News and awards may be grouped in year folders (content/news/2026/...): after a few
years of daily news one folder holds thousands of files, and GitHub's web page of a
folder lists only the first 1,000. A year folder changes no address: the site is the
same byte for byte as with every item at the top of its section."""

from __future__ import annotations

import pytest

from conftest import image_bytes, make_site, read, run, snapshot, write_files

ITEMS = {
    "2025-06-21-donasi-buku.md": (
        "---\ntitle: Donasi Buku dari Komunitas\ndate: 2025-06-21\ntags: [Donasi]\n"
        "image: sampul.jpg\nimage_alt: Tumpukan buku donasi di meja layanan\n---\n"
        "Perpustakaan menerima 350 buku. Baca juga [kelas merajut]"
        "(/berita/kelas-merajut/).\n"),
    "2026-11-03-kelas-merajut/index.md": (
        "---\ntitle: Kelas Merajut\ndate: 2026-11-03\ntags: [Pelatihan]\n"
        "image: rajutan.jpg\nimage_alt: Tas rajutan karya peserta\n---\n"
        "Peserta membuat tas.\n\n![Peserta merajut di aula](aula.jpg)\n"),
}
PHOTOS = {"sampul.jpg": ("2025", image_bytes(800, 600)),   # beside its single file
          "2026-11-03-kelas-merajut/rajutan.jpg": ("2026", image_bytes(900, 600)),
          "2026-11-03-kelas-merajut/aula.jpg": ("2026", image_bytes(640, 480))}
AWARD = ("---\ntitle: Juara II Lomba Perpustakaan Desa\ndate: 2024-08-17\n"
         "award: Juara II Lomba Perpustakaan Desa\nrecipient: Perpustakaan Desa Kedungwaru\n"
         "giver: Dinas Arpus Provinsi Jawa Tengah\n---\nSelamat.\n")


def _site(tmp_path, folder_of) -> object:
    """The same items, each under content/news/<folder_of(its year)>."""
    files: dict[str, str | bytes] = {}
    for name, text in ITEMS.items():
        files[f"content/news/{folder_of(name[:4])}{name}"] = text
    for name, (year, data) in PHOTOS.items():
        files[f"content/news/{folder_of(year)}{name}"] = data
    files[f"content/awards/{folder_of('2024')}2024-08-17-juara-ii.md"] = AWARD
    return make_site(tmp_path, files)


def test_year_folders_publish_the_same_site_as_one_folder(tmp_path):
    flat = _site(tmp_path / "flat", lambda year: "")
    by_year = _site(tmp_path / "by_year", lambda year: year + "/")
    assert (by_year / "content/news/2026/2026-11-03-kelas-merajut/index.md").is_file()
    for root in (flat, by_year):
        result = run(root)
        assert result.code == 0 and result.err == "", result.err
    assert snapshot(by_year / "output") == snapshot(flat / "output")
    page = read(by_year, "output/berita/kelas-merajut/index.html")
    assert "aula-480.webp" in page and (by_year / "output/berita/kelas-merajut/aula.jpg").is_file()
    assert "Donasi Buku dari Komunitas" in read(by_year, "output/berita/index.html")
    assert "Juara II" in read(by_year, "output/penghargaan/index.html")


def test_one_address_in_two_year_folders_is_an_error(tmp_path):
    root = make_site(tmp_path, {
        "content/news/2025/2025-01-10-lomba-bercerita.md":
            "---\ntitle: Lomba Bercerita\ndate: 2025-01-10\n---\nLomba.\n",
        "content/news/2026/2026-01-12-lomba-bercerita.md":
            "---\ntitle: Lomba Bercerita\ndate: 2026-01-12\n---\nLomba lagi.\n"})
    result = run(root)
    assert result.code == 1
    assert "content/news/2025/2025-01-10-lomba-bercerita.md" in result.err
    assert "content/news/2026/2026-01-12-lomba-bercerita.md" in result.err
    assert "/berita/lomba-bercerita/" in result.err


@pytest.mark.parametrize("folder, why", [
    ("content/news/kegiatan", 'tidak berisi "index.md"'),      # not a year: a bundle
    ("content/news/2026/11", 'tidak berisi "index.md", jadi diabaikan; folder bulan tidak '
                             "dipakai"),                         # a month folder in a year
    ("content/news/content", 'tidak berisi "index.md", jadi diabaikan; folder "content" di '
                             "sini tampaknya salinan folder situs"),   # uploaded whole
])
def test_a_folder_that_is_neither_a_year_nor_an_item_is_a_warning(tmp_path, folder, why):
    root = make_site(tmp_path, {f"{folder}/2026-11-20-rapat.md":
                                "---\ntitle: Rapat\ndate: 2026-11-20\n---\nRapat.\n"})
    result = run(root)
    assert result.code == 0
    assert f"{folder}: peringatan: folder ini {why}" in result.err
    assert not (root / "output/berita/rapat").exists()
    assert not (root / "output/rapat").exists()


def test_a_link_to_the_source_file_in_another_year_folder_names_its_page(tmp_path):
    root = make_site(tmp_path, {
        "content/news/2025/2025-06-21-donasi-buku.md":
            "---\ntitle: Donasi Buku\ndate: 2025-06-21\n---\nDonasi.\n",
        "content/news/2026/2026-11-20-terima-kasih.md":
            "---\ntitle: Terima Kasih\ndate: 2026-11-20\n---\n"
            "Lihat [berita donasi](../2025/2025-06-21-donasi-buku.md).\n"})
    result = run(root)
    assert result.code == 1
    assert ("content/news/2026/2026-11-20-terima-kasih.md:5: kesalahan: tautan "
            '"../2025/2025-06-21-donasi-buku.md" menuju berkas sumber tulisan') in result.err
    assert "tulis alamat halamannya: /berita/donasi-buku/" in result.err


def test_new_puts_the_item_in_its_year_folder_when_the_section_has_them(tmp_path):
    root = make_site(tmp_path, {"content/news/2025/2025-06-21-donasi-buku.md":
                                "---\ntitle: Donasi Buku\ndate: 2025-06-21\n---\nDonasi.\n"})
    result = run(root, "new", "berita", "Kelas Menulis Dibuka", "--date", "2026-11-20")
    assert result.code == 0, result.err
    assert (root / "content/news/2026/2026-11-20-kelas-menulis-dibuka.md").is_file()
    assert "content/news/2026/2026-11-20-kelas-menulis-dibuka.md" in result.out + result.err
    again = run(root, "new", "berita", "Donasi Buku", "--date", "2026-11-21")
    assert again.code == 1 and "/berita/donasi-buku/" in again.err   # taken, in 2025/
    flat = make_site(tmp_path / "flat", {})
    assert run(flat, "new", "berita", "Kelas Menulis Dibuka", "--date", "2026-11-20").code == 0
    assert (flat / "content/news/2026-11-20-kelas-menulis-dibuka.md").is_file()


def test_an_edit_in_a_year_folder_is_rebuilt(tmp_path):
    root = _site(tmp_path, lambda year: year + "/")
    assert run(root).code == 0
    write_files(root, {"content/news/2025/2025-06-21-donasi-buku.md":
                       ITEMS["2025-06-21-donasi-buku.md"].replace("350 buku", "400 buku")})
    assert run(root).code == 0
    assert "400 buku" in read(root, "output/berita/donasi-buku/index.html")


def test_an_item_dated_in_another_year_than_its_folder_is_a_warning(tmp_path):
    root = make_site(tmp_path, {
        "content/news/2025/2026-01-02-tahun-baru.md":
            "---\ntitle: Tahun Baru\ndate: 2026-01-02\n---\nSelamat tahun baru.\n",
        "content/awards/2026/2026-01-01-juara/index.md":
            "---\ntitle: Juara\ndate: 2026-01-01 00:30\naward: Juara I\n"
            "recipient: Perpustakaan Daerah\ngiver: Perpusnas\n---\nSelamat.\n"})
    result = run(root)
    assert result.code == 0
    assert result.err.splitlines()[0] == (
        "content/news/2025/2026-01-02-tahun-baru.md:3: peringatan: tulisan bertanggal "
        "2 Januari 2026 ada di folder 2025; pindahkan ke folder 2026 (alamatnya tetap "
        '/berita/tahun-baru/), atau perbaiki kolom "date"')
    assert "awards" not in result.err   # 1 January 00:30 in Jakarta is in 2026
    assert "Tahun Baru" in read(root, "output/berita/index.html")


def test_the_readmes_commands_move_the_sample_news_into_year_folders(tmp_path):
    """README's loop, run by bash in a git checkout of the sample site: every item moves
    to its year's folder and the site stays the same byte for byte."""
    import re
    import shutil
    import subprocess

    from conftest import PROJECT

    loop = re.search(r"into year folders, once:\n\n\s*```sh\n(.*?)```",
                     (PROJECT / "README.md").read_text(encoding="utf-8"), re.DOTALL)[1]
    sites = {}
    for name in ("flat", "by_year"):
        root = sites[name] = tmp_path / name
        shutil.copytree(PROJECT / "content", root / "content")
    root = sites["by_year"]
    git = ["git", "-c", "user.name=Staf", "-c", "user.email=staf@example.org"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "Isi"]):
        subprocess.run([*git, *command], cwd=root, check=True)
    subprocess.run(["bash", "-c", loop], cwd=root, check=True)
    moved = subprocess.run([*git, "status", "--short"], cwd=root, check=True,
                           capture_output=True, text=True).stdout.splitlines()
    assert moved and all(line.startswith("R ") for line in moved), moved
    assert (root / "content/news/2024/2024-03-08-jam-layanan-selama-ramadan.md").is_file()
    assert not list((root / "content/news").glob("*.md"))
    for site in sites.values():
        result = run(site)
        assert result.code == 0, result.err
    assert snapshot(sites["by_year"] / "output") == snapshot(sites["flat"] / "output")
