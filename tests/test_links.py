"""Checks before publishing (links.py), end to end through the command line: links and images
in Markdown bodies must name a file the build makes (else an error at the line of the link,
with a suggestion, output/ untouched); images need alt text and long automatic summaries
deserve a `summary:` (warnings, the site is built).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import dedent, fails_cleanly, image_bytes, make_site, read, run

NEWS = "content/news/2024-01-05-kelas/index.md"
PAGE = "content/pages/profil.md"
AWARD = "content/awards/2024-01-10-juara.md"
SCHEDULE = "content/schedule.yaml"

# Line 6 is the first body line of every news() file.
def news(*body: str, front: str = "") -> str:
    return ("---\ntitle: Kelas Literasi\ndate: 2024-01-05\ntags: [Literasi]\n" + front
            + "---\n" + "\n".join(body) + "\n")


SCHEDULE_TEXT = """\
    programs:
      - id: kelas-yoga
        title: Kelas Yoga
        description: |
          Latihan yoga untuk umum.

          Daftar lewat halaman [profil](/profil/).
        sessions:
          - date: 2024-02-17
            start: 09:00
    """

BASE = {
    NEWS: news("Isi berita."),
    "content/news/2024-01-05-kelas/foto.jpg": image_bytes(),
    "content/static/dokumen/jadwal-2024.pdf": b"%PDF-1.4\n",
    PAGE: "---\ntitle: Profil\n---\nTentang kami.\n\n## Kontak\n\nTelepon.\n",   # /profil/#kontak
    AWARD: """\
        ---
        date: 2024-01-10
        award: Inovasi Layanan Digital Terbaik
        giver: Perpustakaan Nasional Republik Indonesia
        recipient: Perpustakaan Daerah Kabupaten Jepara
        ---
        Isi.
        """,
    SCHEDULE: SCHEDULE_TEXT,
}

VALID_LINKS = news(
    "Lihat [profil](/profil/), [profil tanpa garis miring](/profil), [kontak](/profil/#kontak),",
    "[jadwal](/jadwal/), [kelas yoga](/jadwal/kelas-yoga/), [tag](/tag/literasi/),",
    "[jadwal PDF](/dokumen/jadwal-2024.pdf), [kalender](/jadwal/jadwal.ics),",
    "[berita](../), [semua berita](/berita/?halaman=1), [beranda](/), [atas](#top),",
    "[penghargaan](/penghargaan/juara/), [email](mailto:perpustakaan@example.org),",
    "[telepon](tel:+62291591000), [Perpusnas](https://www.perpusnas.go.id/tidak-dicek/).",
    "",
    "![Peserta kelas di ruang baca](foto.jpg)",
    "",
    '<a href="foto.jpg">foto besar</a>',
)


def assert_problem(err: str, where: str, *fragments: str, severity: str = "kesalahan") -> str:
    prefix = f"{where}: {severity}: "
    matching = [line for line in err.splitlines()
                if line.startswith(prefix) and all(f in line for f in fragments)]
    assert len(matching) == 1, f"expected {prefix!r} with {fragments!r}; stderr:\n{err}"
    return matching[0]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_site(tmp_path, BASE)


def site_yaml(base_url: str) -> str:
    return f"title: Perpustakaan Uji\nbase_url: {base_url}\n"


# -- valid links ------------------------------------------------------------------------

@pytest.mark.parametrize("base_url", ["https://example.org/",
                                      "https://example.org/perpustakaan/"])
def test_valid_links_build_without_any_problem(tmp_path: Path, base_url: str):
    root = make_site(tmp_path, {**BASE, NEWS: VALID_LINKS,
                                "content/site.yaml": site_yaml(base_url)})
    result = run(root, "build")
    assert result.code == 0, result.err
    assert result.err == ""
    base = base_url.removeprefix("https://example.org")
    assert f'href="{base}jadwal/kelas-yoga/"' in read(root, "output/berita/kelas/index.html")


def test_base_url_given_on_the_command_line(root: Path):
    (root / NEWS).write_text(VALID_LINKS, encoding="utf-8")
    result = run(root, "build", "--base-url", "https://example.org/perpustakaan/")
    assert result.code == 0 and result.err == "", result.err


def test_links_from_pages_awards_and_programs(root: Path):
    files = {PAGE: "---\ntitle: Profil\n---\nBaca [berita kelas](/berita/kelas/).\n",
             AWARD: BASE[AWARD].replace("Isi.", "Lihat [berita](/berita/kelas/).")}
    for path, text in files.items():
        (root / path).write_text(dedent(text), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0 and result.err == "", result.err


# -- broken links -------------------------------------------------------------------------

def test_broken_link_names_file_line_and_suggestion(root: Path):
    failed = fails_cleanly(root, {NEWS: news("Isi berita.", "", "Ikuti [yoga](/jadwal/yoga/).")})
    assert_problem(failed.err, f"{NEWS}:8", 'tautan "/jadwal/yoga/"',
                   "tidak menuju halaman mana pun",
                   'mungkin maksudnya "/jadwal/kelas-yoga/"')


def test_a_link_without_its_leading_slash_is_told_the_address_from_the_root(root: Path):
    """"[Jadwal](jadwal)" leads under the news page; the suggestion was "" (the page
    itself, the closest address). The message names the page meant, from the root."""
    failed = fails_cleanly(root, {NEWS: news("Lihat [profil](profil) dan [x](zzqq).")})
    assert_problem(failed.err, f"{NEWS}:6", 'tautan "profil" tidak diawali "/"',
                   '("/berita/kelas/profil")', 'tulis "/profil/"')
    assert 'maksudnya ""' not in failed.err, failed.err


def test_broken_link_under_a_sub_path_is_shown_as_written(tmp_path: Path):
    root = make_site(tmp_path, {**BASE, "content/site.yaml":
                                site_yaml("https://example.org/perpustakaan/")})
    failed = fails_cleanly(root, {NEWS: news("Lihat [profil](/profl/).")})
    assert_problem(failed.err, f"{NEWS}:6", 'tautan "/profl/"', 'maksudnya "/profil/"')


def test_a_full_address_of_this_site_is_checked_like_a_short_one(tmp_path: Path):
    """Staff copy a page's address from the browser: "https://example.org/perpustakaan/
    profl/" is as broken as "/profl/", and is said so with the full address to write."""
    root = make_site(tmp_path, {**BASE, "content/site.yaml":
                                site_yaml("https://example.org/perpustakaan/")})
    failed = fails_cleanly(root, {NEWS: news(
        "Lihat [profil](https://example.org/perpustakaan/profl/),",
        "[yoga](http://EXAMPLE.org/perpustakaan/jadwal/kelas-yoga/),",
        "[kontak](https://example.org/perpustakaan/profil/#kontak),",
        "[dinas](https://example.org/dinas/) dan [foto](https://example.org/perpustakaan/"
        "berita/kelas/foto-2.jpg).")})
    assert_problem(failed.err, f"{NEWS}:6", 'tautan "https://example.org/perpustakaan/profl/"',
                   'maksudnya "https://example.org/perpustakaan/profil/"')
    assert_problem(failed.err, f"{NEWS}:9",
                   'tautan "https://example.org/perpustakaan/berita/kelas/foto-2.jpg"',
                   'maksudnya "https://example.org/perpustakaan/berita/kelas/foto.jpg"')
    assert len(_errors(failed.err)) == 2, failed.err   # the others are there, or elsewhere


def test_a_full_address_on_the_sites_host_outside_what_it_makes_is_left_alone(root: Path):
    """A site at the root of its host may share it with the library's catalog: an address
    under a first segment the build does not make may be the catalog's, and is not
    checked; one under a segment it makes is."""
    failed = fails_cleanly(root, {NEWS: news(
        "Cari buku di [katalog](https://example.org/inlislite3/opac/),",
        "lihat [kelas](https://example.org/berita/kelass/).")})
    assert_problem(failed.err, f"{NEWS}:7", 'tautan "https://example.org/berita/kelass/"',
                   'maksudnya "https://example.org/berita/kelas/"')
    assert len(_errors(failed.err)) == 1, failed.err


def test_a_full_address_of_this_site_misspelt_in_its_first_part_is_checked(root: Path):
    """"https://example.org/jadwl/", in a link or written bare, was published unchecked as
    maybe another program's (the catalog's at /inlislite3/): a first part close to one the
    build makes is a typo, said as "/jadwl/" is; one close to none is still left alone."""
    failed = fails_cleanly(root, {NEWS: news(
        "Lihat [jadwal](https://example.org/jadwl/) atau https://example.org/Profil/#kontak",
        "", "Cari di [katalog](https://example.org/inlislite3/opac/).")})
    assert_problem(failed.err, f"{NEWS}:6", 'tautan "https://example.org/jadwl/"',
                   "tidak menuju halaman mana pun", 'maksudnya "https://example.org/jadwal/"')
    assert_problem(failed.err, f"{NEWS}:6", 'tautan "https://example.org/Profil/#kontak"',
                   'maksudnya "https://example.org/profil/"')
    assert len(_errors(failed.err)) == 2, failed.err


@pytest.mark.parametrize("address", ["http://127.0.0.1:8000/jadwal/kelas-yoga/",
                                     "http://localhost:5500/jadwal/kelas-yoga/",
                                     "http://[::1]:8000/jadwal/kelas-yoga/"])
def test_a_link_to_the_preview_on_the_writers_computer_is_an_error(root: Path, address: str):
    """The preview's address (build.py serve) works only on the computer running it."""
    failed = fails_cleanly(root, {NEWS: news(f"Ikuti [kelas yoga]({address}).")})
    assert_problem(failed.err, f"{NEWS}:6", f'tautan "{address}"', "pratinjau",
                   "/jadwal/kelas-yoga/")


def test_base_path_written_by_hand_is_pointed_out(tmp_path: Path):
    """markdown.py adds the base path itself; written by hand it appears twice."""
    root = make_site(tmp_path, {**BASE, "content/site.yaml":
                                site_yaml("https://example.org/perpustakaan/")})
    failed = fails_cleanly(root, {NEWS: news("Lihat [jadwal](/perpustakaan/jadwal/).")})
    assert_problem(failed.err, f"{NEWS}:6", 'tautan "/perpustakaan/jadwal/"',
                   'maksudnya "/jadwal/"')


def test_every_broken_link_at_its_own_line(root: Path):
    failed = fails_cleanly(root, {NEWS: news(
        "[a](/tidak-ada/)", "", "Teks.", "", "[b](/tidak-ada/) dan [c](/jadwal/kelas-yogaa/)")})
    assert_problem(failed.err, f"{NEWS}:6", '"/tidak-ada/"')
    assert_problem(failed.err, f"{NEWS}:10", '"/tidak-ada/"')
    assert_problem(failed.err, f"{NEWS}:10", '"/jadwal/kelas-yogaa/"', '"/jadwal/kelas-yoga/"')


def test_a_link_to_the_start_of_an_address_suggests_the_whole_one(root: Path):
    """An address shortened from memory ("/penghargaan/inovasi/" for
    /penghargaan/inovasi-layanan-digital-terbaik/) is too far from the whole one for
    spelling: the one address starting with it is suggested."""
    (root / "content/awards/2024-01-11-inovasi-layanan-digital-terbaik.md").write_text(
        dedent(BASE[AWARD]), encoding="utf-8")
    failed = fails_cleanly(root, {NEWS: news("Lihat [penghargaan](/penghargaan/inovasi/).")})
    assert_problem(failed.err, f"{NEWS}:6", 'tautan "/penghargaan/inovasi/"',
                   'maksudnya "/penghargaan/inovasi-layanan-digital-terbaik/"')


def test_broken_link_to_a_file(root: Path):
    failed = fails_cleanly(root, {NEWS: news("Unduh [jadwal](/dokumen/jadwal2024.pdf).")})
    assert_problem(failed.err, f"{NEWS}:6", 'tautan "/dokumen/jadwal2024.pdf"',
                   "berkas yang tidak ada", 'maksudnya "/dokumen/jadwal-2024.pdf"',
                   "content/static/dokumen/jadwal2024.pdf")


def test_a_link_to_a_static_file_by_its_folder_gives_its_address_only(root: Path):
    """content/static/ is published at the site root: "/static/dokumen/..." or the file's
    path in the repository names a file that exists, at another address. The message
    gives that address and why, not "save the file as content/static/static/..."."""
    failed = fails_cleanly(root, {NEWS: news(
        "Unduh [jadwal](/static/dokumen/jadwal-2024.pdf) atau",
        "[jadwal](content/static/dokumen/jadwal-2024.pdf).")})
    for written, line in (("/static/dokumen/jadwal-2024.pdf", 6),
                          ("content/static/dokumen/jadwal-2024.pdf", 7)):
        message = assert_problem(failed.err, f"{NEWS}:{line}", f'tautan "{written}"',
                                 'alamatnya "/dokumen/jadwal-2024.pdf"',
                                 "terbit di akar situs")
        assert "simpan berkasnya" not in message and "letakkan" not in message


def test_a_web_address_without_https_is_explained(root: Path):
    """Without "https://" a browser reads the address as a page of this site: the error
    says so and gives the address to write, not "put the file beside the item"."""
    failed = fails_cleanly(root, {NEWS: news(
        "Isi [formulir](forms.gle/abc123) atau buka [situs](www.jepara.go.id).", "",
        "Lihat [Perpusnas](perpusnas.go.id), [PDF](jadwal.pdf) dan [kontak](kontak.html).")})
    assert_problem(failed.err, f"{NEWS}:6", 'tautan "forms.gle/abc123"', "tidak diawali https://",
                   "tulis lengkap: https://forms.gle/abc123")
    assert_problem(failed.err, f"{NEWS}:6", 'tautan "www.jepara.go.id"',
                   "tulis lengkap: https://www.jepara.go.id")
    assert_problem(failed.err, f"{NEWS}:8", 'tautan "perpusnas.go.id"',
                   "tulis lengkap: https://perpusnas.go.id")
    # a file name or page of this site is still one
    assert_problem(failed.err, f"{NEWS}:8", 'tautan "jadwal.pdf"', "berkas yang tidak ada")
    assert "https://jadwal.pdf" not in failed.err and "https://kontak.html" not in failed.err


def test_a_link_to_an_items_markdown_file_names_its_page(root: Path):
    """GitHub's preview follows a link to another item's .md file, so staff write one;
    on the site that is no page. The error gives the page's address to write instead."""
    failed = fails_cleanly(root, {
        "content/news/2024-02-01-lomba.md": news(
            "Lihat [kelas](2024-01-05-kelas/index.md), [profil](../pages/profil.md),",
            "[juara](/content/awards/2024-01-10-juara.md#isi) dan [lama](2023-01-01-lama.md)."),
        "content/news/2024-02-02-bazar/index.md": news("Baca [lomba](../2024-02-01-lomba.md)."),
    })
    where = "content/news/2024-02-01-lomba.md"
    assert_problem(failed.err, f"{where}:6", 'tautan "2024-01-05-kelas/index.md"',
                   "berkas sumber tulisan", "tulis alamat halamannya: /berita/kelas/")
    assert_problem(failed.err, f"{where}:6", 'tautan "../pages/profil.md"',
                   "tulis alamat halamannya: /profil/")
    assert_problem(failed.err, f"{where}:7", 'tautan "/content/awards/2024-01-10-juara.md#isi"',
                   "tulis alamat halamannya: /penghargaan/juara/#isi")
    assert_problem(failed.err, f"{where}:7", 'tautan "2023-01-01-lama.md"',
                   "berkas tulisan yang tidak ada", "/berita/judul-berita/")
    assert_problem(failed.err, "content/news/2024-02-02-bazar/index.md:6",
                   'tautan "../2024-02-01-lomba.md"', "tulis alamat halamannya: /berita/lomba/")


def test_a_broken_link_is_found_at_the_link_not_at_the_same_address_in_text(root: Path):
    """The address of a broken link written earlier as text ("Info: www.jepara.go.id",
    which becomes a link of its own) does not take the error's line."""
    failed = fails_cleanly(root, {NEWS: news(
        "Info: www.jepara.go.id dan /jadwl/ setiap hari.", "",
        "Buka [situs](www.jepara.go.id) atau [jadwal](/jadwl/).")})
    assert_problem(failed.err, f"{NEWS}:8", 'tautan "www.jepara.go.id"')
    assert_problem(failed.err, f"{NEWS}:8", 'tautan "/jadwl/"')


def test_reference_style_link_is_found_at_its_definition(root: Path):
    failed = fails_cleanly(root, {NEWS: news("Lihat [jadwal][j].", "", "[j]: /jadwl/")})
    assert_problem(failed.err, f"{NEWS}:8", 'tautan "/jadwl/"', 'maksudnya "/jadwal/"')


def test_broken_link_in_a_page_and_an_award(root: Path):
    failed = fails_cleanly(root, {
        PAGE: "---\ntitle: Profil\n---\nTentang kami.\n\nLihat [berita](/berita/kelass/).\n",
        AWARD: dedent(BASE[AWARD]).replace("Isi.", "Isi.\n\nLihat [layanan](/layanan/)."),
    })
    assert_problem(failed.err, f"{PAGE}:6", '"/berita/kelass/"', '"/berita/kelas/"')
    assert_problem(failed.err, f"{AWARD}:9", '"/layanan/"', "tidak menuju halaman")


def test_broken_link_in_a_program_description(root: Path):
    failed = fails_cleanly(root, {SCHEDULE: SCHEDULE_TEXT.replace("(/profil/)", "(/profile/)")})
    assert_problem(failed.err, f"{SCHEDULE}:7", 'tautan "/profile/"', '"/profil/"')


def test_raw_html_link_under_a_sub_path(tmp_path: Path):
    """Raw HTML links get the base path as Markdown links do (markdown.py), and are checked."""
    root = make_site(tmp_path, {**BASE, "content/site.yaml":
                                site_yaml("https://example.org/perpustakaan/")})
    (root / NEWS).write_text(news('Lihat <a href="/profil/">profil</a>.'), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert '<a href="/perpustakaan/profil/">profil</a>' in read(
        root, "output/berita/kelas/index.html")
    failed = fails_cleanly(root, {NEWS: news('Lihat <a href="/profile/">profil</a>.')})
    assert_problem(failed.err, f"{NEWS}:6", 'tautan "/profile/"', '"/profil/"')


def test_link_to_a_draft_or_scheduled_item_is_a_warning(root: Path):
    files = {
        "content/news/2024-01-06-rapat.md": "---\ntitle: Rapat\ndate: 2024-01-06\n"
                                            "draft: true\n---\nIsi.\n",
        "content/news/2099-01-01-nanti.md": "---\ntitle: Nanti\ndate: 2099-01-01\n---\nIsi.\n",
        NEWS: news("Lihat [rapat](/berita/rapat/) dan [nanti](/berita/nanti/)."),
    }
    for path, text in files.items():
        (root / path).write_text(text, encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{NEWS}:6", '"/berita/rapat/"', "belum terbit",
                   "content/news/2024-01-06-rapat.md", severity="peringatan")
    assert_problem(result.err, f"{NEWS}:6", '"/berita/nanti/"', "belum terbit",
                   severity="peringatan")
    preview = run(root, "check", "--drafts")
    assert preview.code == 0 and "belum terbit" not in preview.err


# -- images -----------------------------------------------------------------------------------

def test_missing_markdown_image(root: Path):
    failed = fails_cleanly(root, {NEWS: news("Isi.", "", "![Peserta kelas](fotoo.jpg)")})
    assert_problem(failed.err, f"{NEWS}:8", 'gambar "fotoo.jpg" tidak ditemukan',
                   'maksudnya "foto.jpg"', "folder tulisan ini")


def test_images_browsers_cannot_show_are_errors(root: Path):
    """A phone's HEIC photo or a scanner's TIFF would be published as it is and show as a
    broken image in Chrome (most residents' browser) and in link previews: the front
    matter's image and every image of a body, a program's too, are errors, all in one
    run, each with its line and how to fix it."""
    bundle = "content/news/2024-01-05-kelas"
    failed = fails_cleanly(root, {
        NEWS: news("Isi.", "", "![Peserta kelas](IMG_0042.HEIC)",
                   "![Surat lama](/arsip/surat-1950.tif)",
                   front="image: sampul.heif\nimage_alt: Sampul buku\n"),
        f"{bundle}/IMG_0042.HEIC": image_bytes(),
        f"{bundle}/sampul.heif": image_bytes(),
        "content/static/arsip/surat-1950.tif": image_bytes(),
        SCHEDULE: SCHEDULE_TEXT.replace("Latihan yoga untuk umum.",
                                        "Latihan yoga. ![Poster](/arsip/poster.TIFF)"),
        "content/static/arsip/poster.TIFF": image_bytes(),
    })
    assert_problem(failed.err, f"{NEWS}:5", 'gambar "sampul.heif" berformat HEIF',
                   "Chrome", "JPEG (.jpg)", "Paling Kompatibel")
    assert_problem(failed.err, f"{NEWS}:10", 'gambar "IMG_0042.HEIC" berformat HEIC',
                   "simpan ulang sebagai JPEG (.jpg)")
    tiff = assert_problem(failed.err, f"{NEWS}:11", 'gambar "/arsip/surat-1950.tif" berformat TIFF',
                          "PNG (.png)")
    assert "iPhone" not in tiff
    assert_problem(failed.err, f"{SCHEDULE}:5", 'gambar "/arsip/poster.TIFF" berformat TIFF')
    assert "8 kesalahan" in failed.err


def test_a_document_or_video_named_as_an_image_is_an_error(root: Path):
    """`image: brosur.pdf` published <img src="brosur.pdf">: a broken picture on the page
    and in every link preview. A file that is no image at all, as the front matter's
    image or in a body, is an error saying what to do with it instead."""
    bundle = "content/news/2024-01-05-kelas"
    failed = fails_cleanly(root, {
        NEWS: news("Isi.", "", "![Rekaman lomba](lomba.mp4)",
                   front="image: brosur.pdf\nimage_alt: Brosur lomba mewarnai\n"),
        f"{bundle}/brosur.pdf": b"%PDF-1.4\n",
        f"{bundle}/lomba.mp4": b"\x00\x00\x00\x18ftypmp42",
    })
    assert_problem(failed.err, f"{NEWS}:5", '"brosur.pdf" bukan gambar', "PDF",
                   "[Brosur lomba mewarnai (PDF)](brosur.pdf)")
    assert_problem(failed.err, f"{NEWS}:10", '"lomba.mp4" bukan gambar', "video", "YouTube")


def test_missing_static_image(root: Path):
    failed = fails_cleanly(root, {NEWS: news("![Denah gedung](/gambar/denah.png)")})
    assert_problem(failed.err, f"{NEWS}:6", 'gambar "/gambar/denah.png" tidak ditemukan',
                   "content/static/gambar/denah.png")


def test_image_beside_a_single_file_is_explained(root: Path):
    failed = fails_cleanly(root, {
        "content/news/2024-02-01-lomba.md": "---\ntitle: Lomba\ndate: 2024-02-01\n---\n"
                                            "![Pemenang lomba](juara.jpg)\n",
        "content/news/juara.jpg": image_bytes(),
    })
    assert_problem(failed.err, "content/news/2024-02-01-lomba.md:5", 'gambar "juara.jpg"',
                   "folder sendiri", "index.md")


def test_front_matter_image_beside_a_single_file_may_be_used_in_the_body(root: Path):
    (root / "content/news/juara.jpg").write_bytes(image_bytes())
    (root / "content/news/2024-02-01-lomba.md").write_text(
        "---\ntitle: Lomba\ndate: 2024-02-01\nimage: juara.jpg\nimage_alt: Pemenang lomba\n---\n"
        "Para pemenang lomba.\n\n![Pemenang lomba](juara.jpg)\n", encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0 and result.err == "", result.err


def test_front_matter_image_named_by_its_folder_or_out_of_the_item_is_an_error(root: Path):
    """`image: ../static/aula.jpg` names a real file, but not by the address it is published
    at; `image: ../2024-01-05-kelas/foto.jpg` names another item's photo. Both once passed
    `check` and stopped `build` with a traceback; now each is an error at its line."""
    def item(image: str) -> str:
        return (f"---\ntitle: Lomba\ndate: 2024-02-01\nimage: {image}\n"
                "image_alt: Peserta lomba di aula\n---\nIsi.\n")
    (root / "content/static/aula.jpg").write_bytes(image_bytes())
    written = {"content/news/2024-02-01-a.md": "../static/aula.jpg",
               "content/news/2024-02-02-b/index.md": "../../static/aula.jpg",
               "content/news/2024-02-03-c.md": "/static/aula.jpg",
               "content/news/2024-02-04-d.md": "content/static/aula.jpg",
               "content/news/2024-02-05-e.md": "../static/aul.jpg",
               "content/news/2024-02-06-f.md": "../news/2024-01-05-kelas/foto.jpg",
               "content/news/2024-02-07-g/index.md": "../2024-01-05-kelas/foto.jpg"}
    failed = fails_cleanly(root, {path: item(image) for path, image in written.items()})
    for path in list(written)[:4]:
        assert_problem(failed.err, f"{path}:4", f'"{written[path]}"', "content/static/",
                       '"image: /aula.jpg"')
    assert_problem(failed.err, "content/news/2024-02-05-e.md:4", '"image: /aul.jpg"',
                   "content/static/aul.jpg belum ada")
    for path in list(written)[5:]:
        assert_problem(failed.err, f"{path}:4", f'"{written[path]}" berada di luar folder',
                       "salin fotonya")
    assert run(root, "check").code == 1


def test_front_matter_image_in_a_bundle_folder_named_static_is_the_bundles(root: Path):
    (root / "content/news/2024-02-01-lomba/static").mkdir(parents=True)
    (root / "content/news/2024-02-01-lomba/static/juara.jpg").write_bytes(image_bytes())
    (root / "content/news/2024-02-01-lomba/index.md").write_text(
        "---\ntitle: Lomba\ndate: 2024-02-01\nimage: static/juara.jpg\n"
        "image_alt: Pemenang lomba\n---\nIsi.\n", encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0 and result.err == "", result.err
    assert (root / "output/berita/lomba/static/juara.jpg").is_file()


def test_image_without_alt_is_a_warning(root: Path):
    (root / NEWS).write_text(news("Isi.", "", "![](foto.jpg)", "", '<img src="foto.jpg">'),
                             encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    for line in (8, 10):
        assert_problem(result.err, f"{NEWS}:{line}", 'gambar "foto.jpg"', "teks alternatif",
                       "tunanetra", "![Peserta kelas merajut di aula](foto.jpg)",
                       severity="peringatan")
    assert (root / "output/berita/kelas/index.html").is_file()


def test_alt_text_that_says_nothing_is_a_warning(root: Path):
    """A screen reader reads the text alternative aloud: "foto", "gambar 1", the camera's
    file name or the image's own name tell a blind reader nothing. Each is a warning at its
    line (the front matter's image_alt too); a description that names a photo is not."""
    (root / NEWS).write_text(news(
        "Isi.", "", "![gambar 1](foto.jpg)", "![IMG_20261120_093012](foto.jpg)",
        "![foto.jpg](foto.jpg)", '<img src="foto.jpg" alt="Dokumentasi">',
        "![Foto bersama peserta kelas merajut](foto.jpg)", "![Foto](foto.jpg){ .x }",
        front="image: foto.jpg\nimage_alt: Foto\n"), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{NEWS}:6", 'teks alternatif "Foto" tidak menjelaskan',
                   'gambar "foto.jpg"', "tunanetra", severity="peringatan")
    for line, alt in ((10, "gambar 1"), (11, "IMG_20261120_093012"), (12, "foto.jpg"),
                      (13, "Dokumentasi"), (15, "Foto")):
        assert_problem(result.err, f"{NEWS}:{line}", f'teks alternatif "{alt}" tidak menjelaskan',
                       severity="peringatan")
    assert result.err.count("tidak menjelaskan") == 6, result.err


def test_a_photos_text_alternative_that_repeats_the_title_is_a_warning(root: Path):
    """A blind reader hears the title, then the photo announced as the title again, and
    learns nothing of what it shows."""
    (root / NEWS).write_text(news("Isi.", front="image: foto.jpg\nimage_alt: kelas literasi.\n"),
                             encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{NEWS}:6", 'teks alternatif "kelas literasi." sama dengan judul',
                   "pembaca layar membacakan judulnya dua kali",
                   "tulis apa yang tampak pada foto", severity="peringatan")


def test_an_image_from_another_site_is_a_warning(root: Path):
    """A poster shown from another site's address reaches every reader at its full size
    (the build makes small copies of its own photos only) and disappears when that site
    removes it; one at an http:// address is not shown at all on an https:// site. Each
    is a warning at its line, telling to save the image beside the item."""
    (root / NEWS).write_text(news(
        "Isi.", "", "![Poster lomba mewarnai](https://example.com/poster.jpg)", "",
        '<img src="http://example.com/brosur.png" alt="Brosur lomba mewarnai">'),
        encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{NEWS}:8", 'gambar "https://example.com/poster.jpg"',
                   "dari situs lain", "ukuran aslinya", "hilang",
                   "simpan di folder tulisan ini", severity="peringatan")
    assert_problem(result.err, f"{NEWS}:10", 'gambar "http://example.com/brosur.png"',
                   "tidak ditampilkan", "http://", "simpan di folder tulisan ini",
                   severity="peringatan")
    assert 'src="https://example.com/poster.jpg"' in read(root, "output/berita/kelas/index.html")


def test_an_image_written_as_the_page_of_a_sharing_site_is_an_error(root: Path):
    """A Google Drive or Instagram address is a web page showing the photo, not the
    photo: the page would show an empty box. An error says what the address is."""
    (root / NEWS).write_text(news(
        "Isi.", "", "![Poster lomba](https://drive.google.com/file/d/1XyZ/view?usp=sharing)",
        "", "![Pemenang lomba foto](https://www.instagram.com/p/abc/)", "",
        "![Bagan alur pendaftaran](https://docs.google.com/drawings/d/1a/pub?w=960)"),
        encoding="utf-8")
    result = run(root, "build")
    assert result.code == 1, result.err
    assert_problem(result.err, f"{NEWS}:8", "adalah alamat halaman Google Drive, bukan berkas "
                   "gambar", "kotak kosong", "simpan di folder tulisan ini")
    assert_problem(result.err, f"{NEWS}:10", "alamat halaman Instagram")
    # a drawing published from Google Docs is a picture: the usual warning only
    assert_problem(result.err, f"{NEWS}:12", "dari situs lain", severity="peringatan")


def test_image_with_alt_text_is_no_problem(root: Path):
    (root / NEWS).write_text(news("Kelas dibuka.", "", "![Peserta kelas di ruang baca](foto.jpg)"),
                             encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0 and result.err == "", result.err


# -- summaries ---------------------------------------------------------------------------------

LONG = " ".join(["Perpustakaan Daerah membuka kelas literasi digital gratis."] * 6)  # 353


def test_long_first_paragraph_without_summary_is_a_warning(root: Path):
    (root / NEWS).write_text(news("## Pembukaan", "", f"**{LONG[:12]}**{LONG[12:]}", "",
                                  "Paragraf kedua."), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{NEWS}:8", "paragraf pertama", f"({len(LONG)} karakter)",
                   '"summary:"', "satu atau dua kalimat", severity="peringatan")


def test_long_first_paragraph_of_an_award(root: Path):
    (root / AWARD).write_text(dedent(BASE[AWARD]).replace("Isi.", LONG), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{AWARD}:7", "paragraf pertama", severity="peringatan")


def test_a_long_summary_written_is_a_warning_at_its_line(root: Path):
    """A whole paragraph pasted into "summary:" shows whole on the news list and in
    every shared link's preview: a warning, as for a long automatic summary."""
    (root / NEWS).write_text(news("Isi.", front=f'summary: "{LONG}"\n'), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{NEWS}:5", 'kolom "summary"', f"({len(LONG)} karakter)",
                   "satu atau dua kalimat", severity="peringatan")


@pytest.mark.parametrize("body, shown", [
    (["Halo Sobat Pustaka! 👋", "", "Kelas literasi digital dibuka."],
     'paragraf pertama tulisan ini ("Halo Sobat Pustaka! 👋")'),
    (["Berikut pengumuman selengkapnya:", "", "![Poster kelas literasi](foto.jpg)"],
     '("Berikut pengumuman selengkapnya:")'),
    (["- Buku baru: *Laskar Pelangi*", "- Buku baru: *Bumi Manusia*"],
     "tidak diawali paragraf teks, jadi keterangan umum situs"),
])
def test_a_greeting_or_lead_in_for_a_summary_is_a_warning(root: Path, body, shown):
    """The two lines under a shared link's title, and the news list's summary: a greeting
    or "Berikut ...:" told readers nothing; a body of a list only gave the site's general
    description."""
    (root / NEWS).write_text(news(*body), encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert_problem(result.err, f"{NEWS}:6", shown, "pratinjau tautan", '"summary:"',
                   severity="peringatan")
    (root / NEWS).write_text(news(*body, front="summary: Kelas literasi digital dibuka.\n"),
                             encoding="utf-8")
    assert run(root, "build").err == ""


@pytest.mark.parametrize("text", [
    news(LONG, front="summary: Kelas literasi digital gratis dibuka.\n"),
    news("x" * 300),
])
def test_summary_written_or_short_paragraph_is_no_problem(root: Path, text: str):
    (root / NEWS).write_text(text, encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0 and result.err == "", result.err


def test_pages_have_no_summary_warning(root: Path):
    (root / PAGE).write_text(f"---\ntitle: Profil\n---\n{LONG}\n", encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0 and result.err == "", result.err


# -- check as well as build -----------------------------------------------------------------

def test_check_command_reports_broken_links_too(root: Path):
    (root / NEWS).write_text(news("[a](/tidak-ada/)"), encoding="utf-8")
    result = run(root, "check")
    assert result.code == 1
    assert_problem(result.err, f"{NEWS}:6", '"/tidak-ada/"')


# -- GIFs of static/, published unresized ------------------------------------------------

# A GIF, then padding: 700 KB on disk
HEAVY = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00"
         b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
         + bytes(700 * 1024))


def _heavy_site(tmp_path, body: str, front: str = "", files: dict | None = None):
    return make_site(tmp_path, {
        "content/news/2026-11-20-kegiatan.md":
            f"---\ntitle: Kegiatan\ndate: 2026-11-20\n{front}---\nParagraf.\n\n{body}\n",
        **(files or {})})


def _warnings(root):
    result = run(root)
    assert result.code == 0, result.err
    return [line for line in result.err.splitlines() if "dikirim apa adanya" in line]


def test_a_heavy_gif_of_static_in_a_body_is_a_warning_at_its_line(tmp_path):
    root = _heavy_site(tmp_path, "![Peserta kelas di aula](/foto/aula.gif)",
                       files={"content/static/foto/aula.gif": HEAVY})
    (warning,) = _warnings(root)
    assert warning.startswith("content/news/2026-11-20-kegiatan.md:7: peringatan: ")
    assert 'GIF "/foto/aula.gif"' in warning and "717\u00a0KB" in warning
    assert "simpan sebagai JPEG atau PNG" in warning
    # still published as is, not resized (without the zeros after its end: imagemetadata)
    assert (root / "output/foto/aula.gif").read_bytes() == HEAVY[:HEAVY.index(b";") + 1]


def test_a_heavy_gif_of_static_as_image_is_a_warning_at_that_field(tmp_path):
    root = _heavy_site(tmp_path, "", "image: foto/aula.gif\nimage_alt: Peserta kelas di aula\n",
                       files={"content/static/foto/aula.gif": HEAVY})
    (warning,) = _warnings(root)
    assert warning.startswith("content/news/2026-11-20-kegiatan.md:4: peringatan: ")


def test_photos_are_resized_wherever_they_are_so_not_warned_about(tmp_path):
    photo = image_bytes(64, 48) + bytes(700 * 1024)   # a JPEG, then padding: 700 KB on disk
    root = make_site(tmp_path, {
        "content/news/2026-11-20-kegiatan/index.md":
            "---\ntitle: Kegiatan\ndate: 2026-11-20\nimage: aula.jpg\n"
            "image_alt: Peserta kelas di aula\n---\nParagraf.\n\n![Peta lokasi](/peta.jpg)\n",
        "content/news/2026-11-20-kegiatan/aula.jpg": photo,
        "content/static/peta.jpg": photo,
    })
    assert _warnings(root) == []
    assert (root / "output/peta-64.webp").is_file()   # resized beside the file of static/


# -- links and images found in the same run as other errors ---------------------------------

OTHER = "content/news/2024-01-06-acara.md"
BROKEN_DATE = "---\ntitle: Acara\ndate: 6 Januari 2024\n---\nIsi.\n"


def _errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": kesalahan: " in line]


def test_broken_links_and_images_are_reported_with_another_files_error(root: Path):
    """Staff committing from a web editor fix everything from one failed run: the links
    and images of the files that were read are checked although another file has an
    error (here a date written out), not only once that error is fixed."""
    failed = fails_cleanly(root, {
        OTHER: BROKEN_DATE,
        NEWS: news("Lihat [profil](/profl/).", "", "![Peserta kelas](foto-2.jpg)", "",
                   "Unduh [jadwal](/dokumen/jadwal2024.pdf) dan [yoga](/jadwal/yoga/).")})
    assert_problem(failed.err, f"{OTHER}:3", 'kolom "date"')
    assert_problem(failed.err, f"{NEWS}:6", 'tautan "/profl/"', 'maksudnya "/profil/"')
    assert_problem(failed.err, f"{NEWS}:8", 'gambar "foto-2.jpg" tidak ditemukan',
                   'maksudnya "foto.jpg"')
    assert_problem(failed.err, f"{NEWS}:10", 'tautan "/dokumen/jadwal2024.pdf"')
    assert_problem(failed.err, f"{NEWS}:10", 'tautan "/jadwal/yoga/"',
                   'maksudnya "/jadwal/kelas-yoga/"')
    assert len(_errors(failed.err)) == 5, failed.err
    assert failed.err.rstrip().endswith(
        "5 kesalahan, 0 peringatan: situs tidak dibangun, hasil sebelumnya tidak diubah.")


def test_a_field_error_and_a_broken_link_of_the_same_item_in_one_run(root: Path):
    front = "image: sampul.jpg\nimage_alt: Sampul buku\n"
    failed = fails_cleanly(root, {NEWS: news("Baca [berita lama](/berita/kelas-lama/).",
                                             front=front)})
    assert_problem(failed.err, f"{NEWS}:5", 'gambar "sampul.jpg" tidak ditemukan')
    assert_problem(failed.err, f"{NEWS}:8", 'tautan "/berita/kelas-lama/"')


@pytest.mark.parametrize("path, front", [
    (NEWS, "---\ntitle: Kelas Literasi\ndate: 5 Januari 2024\n---\n"),
    (AWARD, "---\ndate: 2024-01-10\naward: Lomba\n---\n"),
    (PAGE, "---\ntitle: Profil\nslug: Profil Kami\n---\n"),
    (NEWS, "---\ntitle: Kelas: Literasi\ndate: 2024-01-05\n---\n"),   # YAML unreadable
])
def test_the_links_of_an_item_with_a_field_error_are_checked_in_the_same_run(
        root: Path, path: str, front: str):
    """A wrong field keeps the item off the site, but not its links out of the check: the
    staff member fixes the field and the typo in the link from one failed run, not two.
    (A page's address is not known while its slug is wrong: any address of the root may
    then be one it makes, so "/jadwl/" is not called broken then.)"""
    photo = "foto.jpg" if path == NEWS else "/foto.jpg"   # beside a bundle, or in static/
    body = ("Lihat [jadwal](/jadwl/) dan [formulir](forms.gle/abc123).\n\n"
            f"![Peserta kelas](foto-2.jpg)\n\n![]({photo})\n")
    failed = fails_cleanly(root, {path: front + body, "content/static/foto.jpg": image_bytes()})
    line = front.count("\n") + 1
    errors = _errors(failed.err)
    assert any(error.startswith(f"{path}:") and "tautan" not in error and "gambar" not in error
               for error in errors), failed.err   # the field's own error
    if path != PAGE:
        assert_problem(failed.err, f"{path}:{line}", 'tautan "/jadwl/"', 'maksudnya "/jadwal/"')
    assert_problem(failed.err, f"{path}:{line}", 'tautan "forms.gle/abc123"', "https://")
    assert_problem(failed.err, f"{path}:{line + 2}", 'gambar "foto-2.jpg" tidak ditemukan',
                   *(['maksudnya "foto.jpg"'] if path == NEWS else []))   # beside the bundle
    assert_problem(failed.err, f"{path}:{line + 4}", f'gambar "{photo}" tidak punya teks',
                   severity="peringatan")
    assert f'"{photo}" tidak ditemukan' not in failed.err


def test_the_photo_a_single_file_with_errors_would_publish_is_not_called_missing(root: Path):
    """An `image` beside a single file is published under the item's address, where its
    body may show it again: fixing the date makes that work, so it is no error now."""
    failed = fails_cleanly(root, {
        OTHER: "---\ntitle: Acara\ndate: 6 Januari 2024\nimage: panggung.jpg\n"
               "image_alt: Panggung acara\n---\n![Panggung acara](panggung.jpg)\n",
        "content/news/panggung.jpg": image_bytes()})
    assert_problem(failed.err, f"{OTHER}:3", 'kolom "date"')
    assert len(_errors(failed.err)) == 1, failed.err


def test_a_link_to_either_address_a_wrong_slug_may_mean_is_not_called_broken(root: Path):
    """`slug: Profil Kami` is an error whose message suggests "profil-kami"; deleting the
    line fixes it too: links to /profil-kami/ and to /profil/ (the schedule's) may both
    work once it is fixed, so only the slug is reported."""
    failed = fails_cleanly(root, {PAGE: "---\ntitle: Profil\nslug: Profil Kami\n---\nIsi.\n",
                                  NEWS: news("Lihat [profil](/profil-kami/).")})
    assert_problem(failed.err, f"{PAGE}:3", 'kolom "slug"', '"profil-kami"')
    assert len(_errors(failed.err)) == 1, failed.err


def test_the_links_of_a_program_with_errors_are_checked_in_the_same_run(root: Path):
    """Likewise a program that an error keeps off the schedule: its description's links."""
    failed = fails_cleanly(root, {SCHEDULE: SCHEDULE_TEXT.replace("(/profil/)", "(/profl/)")
                                  .replace("2024-02-17", "2024-02-31")})
    assert_problem(failed.err, f"{SCHEDULE}:9", '"2024-02-31"')
    assert_problem(failed.err, f"{SCHEDULE}:7", 'tautan "/profl/"', 'maksudnya "/profil/"')


PASTED = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"


def test_addresses_no_reader_can_open_are_errors_at_their_lines(root: Path):
    """A picture pasted into the text (data:), a file of the writer's own computer
    (file:) and a link whose address was never written were removed from the page
    without a word: a broken picture, a dead link. Each is an error, with what to do."""
    failed = fails_cleanly(root, {NEWS: news(
        "Daftar [di sini]() atau lihat [jadwal](/jadwal/).", "",
        f"![Poster lomba]({PASTED})", "",
        "Unduh [formulir](file:///C:/Users/humas/Documents/formulir.pdf).", "",
        "Unduh [formulir]( ) juga.", "", "![Peserta kelas]()")})
    assert_problem(failed.err, f"{NEWS}:6", 'tautan "di sini" belum berisi alamat',
                   "[di sini](/jadwal/)")
    assert_problem(failed.err, f"{NEWS}:8", 'gambar "Poster lomba" ditempel langsung',
                   "content/static/", "![Poster lomba](")
    assert_problem(failed.err, f"{NEWS}:10", 'tautan "formulir"',
                   "file:///C:/Users/humas/Documents/formulir.pdf", "komputer",
                   "content/static/")
    assert_problem(failed.err, f"{NEWS}:12", 'tautan "formulir" belum berisi alamat')
    assert_problem(failed.err, f"{NEWS}:14", 'gambar "Peserta kelas" belum berisi alamat',
                   "![Peserta kelas](foto.jpg)")
    assert len(_errors(failed.err)) == 5, failed.err


def test_addresses_of_kinds_the_site_does_not_publish_are_errors_too(root: Path):
    """The site keeps addresses of https:, http:, mailto: and tel: only: a photo on the
    writer's Windows disk or phone, or a whatsapp: or ftp: link, lost its address without
    a word. A link to javascript: is an attack, not a slip: it is only dropped."""
    failed = fails_cleanly(root, {NEWS: news(
        "![Peserta kelas](C:\\Users\\humas\\Pictures\\kelas.jpg)", "",
        "![Poster](content://media/external/images/media/1234)", "",
        "Tanya lewat [WhatsApp](whatsapp://send?phone=6281200000000).", "",
        "Unduh [arsip](ftp://arsip.jepara.go.id/katalog.pdf).", "",
        "Jangan [klik](javascript:alert(1)).")})
    assert_problem(failed.err, f"{NEWS}:6", 'gambar "Peserta kelas"',
                   "C:\\Users\\humas\\Pictures\\kelas.jpg", "komputer", "content/static/")
    assert_problem(failed.err, f"{NEWS}:8", 'gambar "Poster"', "content://media", "HP")
    assert_problem(failed.err, f"{NEWS}:10", 'tautan "WhatsApp"', '"whatsapp:"',
                   "https://wa.me/6281200000000")
    assert_problem(failed.err, f"{NEWS}:12", 'tautan "arsip"', '"ftp:"', "https://")
    assert len(_errors(failed.err)) == 4, failed.err


def test_an_email_address_or_phone_number_written_as_a_link_is_explained(root: Path):
    """Without "mailto:" or "tel:" a browser looks for a page of that name on this site:
    the error gives the link to write, not "put the file beside the item"."""
    failed = fails_cleanly(root, {NEWS: news(
        "Kirim ke [email kami](perpustakaan@jepara.go.id).", "",
        "Telepon [kami](0291-591-000) atau [WhatsApp](+62 812-0000-0000).")})
    assert_problem(failed.err, f"{NEWS}:6", 'tautan "perpustakaan@jepara.go.id"',
                   "alamat email", "mailto:perpustakaan@jepara.go.id")
    line = assert_problem(failed.err, f"{NEWS}:8", 'tautan "0291-591-000"', "nomor telepon",
                          "tel:0291591000")
    assert "wa.me" not in line   # a landline has no WhatsApp
    assert_problem(failed.err, f"{NEWS}:8", 'tautan "+62 812-0000-0000"', "tel:+628120000000",
                   "https://wa.me/628120000000")
    assert "berkas yang tidak ada" not in failed.err


def test_a_whatsapp_link_with_the_number_as_dialled_is_an_error_with_the_link_to_write(
        root: Path):
    """WhatsApp opens a chat only for a number with its country code, figures only:
    "https://wa.me/0812-3456-7890" tells the resident who taps it the number is not valid,
    and the registration is lost. The error gives the link to write, its message kept."""
    failed = fails_cleanly(root, {NEWS: news(
        "Daftar lewat [WhatsApp](https://wa.me/0812-3456-7890).", "",
        "Atau https://wa.me/081234567890?text=Daftar%20kelas ya.", "",
        "Tanya [admin](https://api.whatsapp.com/send?phone=+62%20812-0000-0000&text=Halo).", "",
        "Atau [WA](https://wa.me/6208123456789), +62 dengan 0 HP-nya.", "",
        "Sudah benar: [WA](https://wa.me/6281234567890?text=Halo), [toko](https://wa.me/"
        "message/ABCDEF), [bagikan](https://wa.me/?text=Ayo), "
        "[kirim](https://api.whatsapp.com/send?phone=6281200000000).")})
    fix = "kode negara: angka saja, 62 sebagai ganti 0 di depan, tanpa +, spasi atau tanda -"
    assert_problem(failed.err, f"{NEWS}:6", 'tautan WhatsApp "https://wa.me/0812-3456-7890" '
                   "tidak membuka obrolan", fix, "; tulis https://wa.me/6281234567890")
    assert_problem(failed.err, f"{NEWS}:8", '"https://wa.me/081234567890?text=Daftar%20kelas"',
                   "; tulis https://wa.me/6281234567890?text=Daftar%20kelas")
    assert_problem(failed.err, f"{NEWS}:10", "https://api.whatsapp.com/send?phone=+62%20812",
                   "; tulis https://api.whatsapp.com/send?phone=6281200000000&text=Halo")
    assert_problem(failed.err, f"{NEWS}:12", '"https://wa.me/6208123456789"',
                   "; tulis https://wa.me/628123456789")
    assert len(_errors(failed.err)) == 4, failed.err


def test_warnings_of_bodies_come_with_the_errors_too(root: Path):
    failed = fails_cleanly(root, {OTHER: BROKEN_DATE, NEWS: news("![](foto.jpg)")})
    assert_problem(failed.err, f"{NEWS}:6", 'gambar "foto.jpg" tidak punya teks alternatif',
                   severity="peringatan")


@pytest.mark.parametrize("bad_file, text, link", [
    (OTHER, "---\ntitle: Acara: Pembukaan\ndate: 2024-01-06\n---\nIsi.\n", "/berita/acara/"),
    (OTHER, BROKEN_DATE, "/tag/acara/"),
    ("content/news/2024-01-07-pameran/index.md", BROKEN_DATE, "/berita/pameran/"),
    ("content/awards/2024-01-11-lomba.md", "---\naward: Lomba\n---\nIsi.\n",
     "/penghargaan/lomba/"),
    ("content/pages/layanan.md", "---\ntitle: [Layanan\n---\nIsi.\n", "/layanan/"),
    (SCHEDULE, SCHEDULE_TEXT + "      - id: kelas-tari\n        title: Kelas Tari\n"
               "        sessions:\n          - date: 2024-02-31\n", "/jadwal/kelas-tari/"),
])
def test_a_link_to_what_a_file_with_errors_would_publish_is_not_called_broken(
        root: Path, bad_file: str, text: str, link: str):
    """A file that could not be read might publish the page linked to: the only errors
    are that file's own, never a broken link that fixing it would mend."""
    failed = fails_cleanly(root, {bad_file: text, NEWS: news(f"Lihat [ini]({link}).")})
    errors = _errors(failed.err)
    assert errors and all(line.startswith(bad_file + ":") for line in errors), failed.err
    assert link not in failed.err


def test_links_to_other_items_are_checked_beside_an_item_whose_address_is_known(root: Path):
    """A news item with a wrong date still has a known address (its file name), so a typo
    in a link to another news item is reported in the same run; what only its fields
    would tell (its tags, its year's page, the list's later pages) is still not."""
    failed = fails_cleanly(root, {OTHER: BROKEN_DATE, NEWS: news(
        "Lihat [kelas](/berita/kelass/), [acara](/berita/acara/), [tag](/tag/acara/),",
        "[halaman 2](/berita/halaman/2/) dan [tahun 2023](/berita/2023/).")})
    assert_problem(failed.err, f"{NEWS}:6", 'tautan "/berita/kelass/"',
                   'maksudnya "/berita/kelas/"')
    assert len(_errors(failed.err)) == 2, failed.err   # and the date


def test_an_error_of_site_yaml_leaves_links_unchecked(root: Path):
    """With site.yaml wrong every address may be: nothing is said of links then."""
    failed = fails_cleanly(root, {"content/site.yaml": "title: Perpustakaan Uji\n",
                                  NEWS: news("Lihat [profil](/profil-kami/).")})
    assert_problem(failed.err, "content/site.yaml:1", "base_url")
    assert "/profil-kami/" not in failed.err


def test_check_reports_links_with_other_errors_too(root: Path):
    write = {OTHER: BROKEN_DATE, NEWS: news("[a](/tidak-ada/)")}
    for path, text in write.items():
        (root / path).write_text(text, encoding="utf-8")
    result = run(root, "check")
    assert result.code == 1
    assert_problem(result.err, f"{OTHER}:3", 'kolom "date"')
    assert_problem(result.err, f"{NEWS}:6", '"/tidak-ada/"')


# -- links of site.yaml: the menu on every page, the notices --------------------------------

MENU = """\
    title: Perpustakaan Uji
    base_url: https://example.org/
    menu:
      - title: Beranda
        url: /
      - title: Profil
        url: {profil}
      - title: Jadwal
        url: /jadwal/
      - title: Katalog
        url: https://opac.example.org/
    notices:
      - text: Perpustakaan tutup pada hari libur.
        until: 2099-12-31
        link: {notice}
    """


def test_a_menu_entry_or_notice_leading_nowhere_is_an_error_at_its_line(root: Path):
    """The menu is on every page: a typo there breaks a link on each of them."""
    failed = fails_cleanly(root, {"content/site.yaml": MENU.format(profil="/profl/",
                                                                   notice="/berita/kelass/")})
    assert_problem(failed.err, "content/site.yaml:7", 'menu "Profil"', 'tautan "/profl/"',
                   "tidak menuju halaman mana pun", 'maksudnya "/profil/"')
    assert_problem(failed.err, "content/site.yaml:15", "pengumuman", '"/berita/kelass/"',
                   'maksudnya "/berita/kelas/"')


def test_a_menu_entry_or_notice_with_a_full_address_is_checked_too(root: Path):
    failed = fails_cleanly(root, {"content/site.yaml": MENU.format(
        profil="https://example.org/jadwal/yoga/", notice="http://localhost:8000/berita/kelas/")})
    assert_problem(failed.err, "content/site.yaml:7", 'menu "Profil"',
                   'tautan "https://example.org/jadwal/yoga/"',
                   'maksudnya "https://example.org/jadwal/kelas-yoga/"')
    assert_problem(failed.err, "content/site.yaml:15", 'tautan "http://localhost:8000/berita/'
                   'kelas/"', "pratinjau", "/berita/kelas/")
    assert len(_errors(failed.err)) == 2, failed.err


def test_a_notice_linking_to_whatsapp_by_the_number_as_dialled_is_an_error(root: Path):
    failed = fails_cleanly(root, {"content/site.yaml": MENU.format(
        profil="/profil/", notice="https://wa.me/0812-0000-0000")})
    assert_problem(failed.err, "content/site.yaml:15", 'pengumuman: tautan WhatsApp '
                   '"https://wa.me/0812-0000-0000"', "; tulis https://wa.me/6281200000000")
    assert len(_errors(failed.err)) == 1, failed.err


def test_menu_and_notice_links_that_exist_are_no_problem(root: Path):
    (root / "content/site.yaml").write_text(dedent(MENU.format(profil="/profil",
                                                               notice="/berita/kelas/#daftar")),
                                            encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0 and result.err == "", result.err


def test_a_menu_entry_to_a_draft_is_a_warning(root: Path):
    (root / PAGE).write_text("---\ntitle: Profil\ndraft: true\n---\nTentang kami.\n",
                             encoding="utf-8")
    (root / "content/site.yaml").write_text(dedent(MENU.format(profil="/profil/",
                                                               notice="/jadwal/")),
                                            encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0
    assert_problem(result.err, "content/site.yaml:7", 'menu "Profil"', "belum terbit",
                   severity="peringatan")


def test_a_file_of_static_named_without_its_folder_is_suggested_with_it(root: Path):
    """An image or file of content/static/ is published from the site root: written as
    a bare name in a body, it is looked for beside the item; the error names it whole."""
    failed = fails_cleanly(root, {
        "content/static/foto/Aula.jpg": image_bytes(),
        NEWS: news("![Aula perpustakaan](aula.jpg)", "", "Unduh [jadwal](jadwal-2024.pdf).")})
    assert_problem(failed.err, f"{NEWS}:6", 'gambar "aula.jpg" tidak ditemukan',
                   'mungkin maksudnya "/foto/Aula.jpg"')
    assert_problem(failed.err, f"{NEWS}:8", 'tautan "jadwal-2024.pdf"',
                   'mungkin maksudnya "/dokumen/jadwal-2024.pdf"')


def test_a_menu_entry_with_the_base_path_written_by_hand_is_pointed_out(tmp_path: Path):
    """As in bodies: the builder adds the base path itself, so written too it is twice."""
    menu = ("    title: Perpustakaan Uji\n    base_url: https://example.org/perpustakaan/\n"
            "    menu:\n      - title: Jadwal\n        url: /perpustakaan/jadwal/\n")
    root = make_site(tmp_path, BASE)
    failed = fails_cleanly(root, {"content/site.yaml": menu})
    assert_problem(failed.err, "content/site.yaml:5", 'menu "Jadwal"',
                   'tautan "/perpustakaan/jadwal/"', 'maksudnya "/jadwal/"')
