"""Files of content/ that must not be read or published as they are: symlinks out of
content/ (a secret of the computer that builds would be published), files a browser runs
as a page or a script (an SVG with a script, an .htm beside a news item), and names that
break the build or the upload (a backslash, a control character, over 200 bytes). Each is
an error at the file, all of them in one run, and output/ is left as it was; a plain SVG,
a symlink within content/ and an .html file of static/ (a verification file) still build.

Real sites in tmp_path, built through the command line (conftest.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

import pytest

from conftest import image_bytes, make_site, run, snapshot, write_files

SECRET = "SITE_BUILDER_FTP_PASSWORD=rahasia-ftp-123"
BUNDLE = "content/news/2026-01-05-uji"
NEWS = """\
    ---
    title: Uji Lampiran
    date: 2026-01-05
    summary: Uji lampiran berita.
    ---
    Lihat [lampiran](lampiran.pdf).
    """
PLAIN_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
             'opacity="0.5"><rect width="10" height="10" fill="teal"/></svg>\n')


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A site with one news bundle (index.md and a PDF), built once cleanly."""
    return make_site(tmp_path, {f"{BUNDLE}/index.md": NEWS,
                                f"{BUNDLE}/lampiran.pdf": b"%PDF-1.4\n" + bytes(100)})


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside content/ holding a secret, as /proc/self/environ or .git/config do."""
    path = tmp_path / "luar" / "rahasia.txt"
    path.parent.mkdir()
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def fails_after(root: Path, change: Callable[[Path], None], folder: bool = False):
    """Build `root` (must succeed), `change(root)`, build again: exit 1, no traceback,
    output/ byte for byte as the first build wrote it. Returns the failed run.

    `folder`: the change adds a symlinked folder, which the check that output/ is up to
    date does not see (uptodate.py signs files): site.yaml is touched too, so that the
    second build runs (with the build cache of the first)."""
    first = run(root, "build")
    assert first.code == 0, first.err
    before = snapshot(root / "output")
    change(root)
    if folder:
        os.utime(root / "content/site.yaml", ns=(1, 1))
    failed = run(root, "build")
    assert failed.code == 1, (failed.out, failed.err)
    assert "Traceback" not in failed.err
    assert snapshot(root / "output") == before
    return failed


def fails_with(root: Path, files: dict[str, str | bytes]):
    return fails_after(root, lambda site: write_files(site, files))


def error_at(err: str, where: str, *fragments: str) -> str:
    """The one error line of stderr that starts with `where` and holds every fragment."""
    prefix = f"{where}: kesalahan: "
    lines = [line for line in err.splitlines()
             if line.startswith(prefix) and all(fragment in line for fragment in fragments)]
    assert len(lines) == 1, f"expected one {prefix!r} with {fragments!r}; stderr:\n{err}"
    return lines[0]


def link(root: Path, relative: str, target: Path | str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


def leaked(root: Path, *texts: str) -> list[str]:
    """The files under output/ holding any of `texts`."""
    found = []
    for path in (root / "output").rglob("*"):
        if path.is_file() and any(text.encode() in path.read_bytes() for text in texts):
            found.append(path.relative_to(root).as_posix())
    return found


# -- finding 1: symlinks out of content/ --------------------------------------------------


def test_a_bundle_file_linked_outside_content_is_an_error(root: Path, secret: Path):
    failed = fails_after(root, lambda site: link(site, f"{BUNDLE}/env.pdf", secret))
    error_at(failed.err, f"{BUNDLE}/env.pdf",
             "berkas ini adalah tautan (symlink) ke luar folder content/",
             "salin berkas aslinya ke sini")
    assert SECRET not in failed.err + failed.out


def test_a_file_in_a_bundle_subfolder_linked_outside_is_an_error(root: Path, secret: Path):
    failed = fails_after(root, lambda site: link(site, f"{BUNDLE}/sub/h.txt", secret))
    error_at(failed.err, f"{BUNDLE}/sub/h.txt", "tautan (symlink) ke luar folder content/")


def test_a_bundle_subfolder_linked_outside_is_an_error(root: Path, secret: Path):
    failed = fails_after(root, lambda site: link(site, f"{BUNDLE}/arsip", secret.parent), folder=True)
    error_at(failed.err, f"{BUNDLE}/arsip",
             "folder ini adalah tautan (symlink) ke luar folder content/")


def test_a_bundle_index_linked_outside_is_an_error(root: Path, tmp_path: Path):
    outside = tmp_path / "fm.md"
    outside.write_text("---\ntitle: Bocor\ndate: 2026-01-06\n---\nsandi hunter2\n",
                       encoding="utf-8")
    failed = fails_after(root, lambda site: link(site, "content/news/2026-01-06-bocor/index.md",
                                                 outside))
    error_at(failed.err, "content/news/2026-01-06-bocor/index.md",
             "tautan (symlink) ke luar folder content/")
    assert "hunter2" not in failed.err + failed.out


def test_a_bundle_folder_linked_outside_is_an_error(root: Path, tmp_path: Path):
    folder = tmp_path / "halaman-luar"
    write_files(folder, {"index.md": "---\ntitle: Info\n---\nsandi hunter2\n",
                         "konfig.txt": SECRET})
    failed = fails_after(root, lambda site: link(site, "content/pages/info", folder), folder=True)
    error_at(failed.err, "content/pages/info",
             "folder ini adalah tautan (symlink) ke luar folder content/")
    assert "hunter2" not in failed.err + failed.out


def test_a_markdown_file_of_a_section_linked_outside_is_an_error(root: Path, tmp_path: Path):
    outside = tmp_path / "fm.md"
    outside.write_text("---\ntitle: Info\npassword: hunter2\n---\nkunci sk-live-123456\n",
                       encoding="utf-8")
    failed = fails_after(root, lambda site: link(site, "content/pages/info2.md", outside))
    error_at(failed.err, "content/pages/info2.md", "tautan (symlink) ke luar folder content/")
    assert "hunter2" not in failed.err + failed.out
    assert "sk-live" not in failed.err + failed.out


def test_a_year_folder_linked_outside_is_an_error(root: Path, tmp_path: Path):
    folder = tmp_path / "tahun"
    write_files(folder, {"2025-03-01-bocor.md": "---\ntitle: Bocor\ndate: 2025-03-01\n---\n"
                                                "sandi hunter2\n"})
    failed = fails_after(root, lambda site: link(site, "content/news/2025", folder), folder=True)
    error_at(failed.err, "content/news/2025",
             "folder ini adalah tautan (symlink) ke luar folder content/")
    assert "hunter2" not in failed.err + failed.out


def test_a_section_folder_linked_outside_is_an_error(root: Path, tmp_path: Path):
    folder = tmp_path / "penghargaan-luar"
    write_files(folder, {"2025-03-01-juara.md": "---\ndate: 2025-03-01\naward: Juara\n"
                                                "giver: Dinas\nrecipient: Perpustakaan\n---\n"
                                                "sandi hunter2\n"})
    failed = fails_after(root, lambda site: link(site, "content/awards", folder), folder=True)
    error_at(failed.err, "content/awards",
             "folder ini adalah tautan (symlink) ke luar folder content/")
    assert "hunter2" not in failed.err + failed.out


def test_the_static_folder_linked_outside_is_an_error(root: Path, secret: Path):
    failed = fails_after(root, lambda site: link(site, "content/static", secret.parent), folder=True)
    error_at(failed.err, "content/static",
             "folder ini adalah tautan (symlink) ke luar folder content/")


def test_site_yaml_linked_outside_is_an_error_and_not_quoted(root: Path, tmp_path: Path):
    outside = tmp_path / "site.yaml"
    outside.write_text("title: Perpustakaan Uji\nbase_url: https://example.org/\n"
                       'password: "hunter2"\n', encoding="utf-8")

    def change(site: Path) -> None:
        (site / "content/site.yaml").unlink()
        link(site, "content/site.yaml", outside)

    failed = fails_after(root, change)
    error_at(failed.err, "content/site.yaml", "tautan (symlink) ke luar folder content/",
             "salin berkas aslinya ke sini")
    assert "hunter2" not in failed.err + failed.out


def test_schedule_yaml_linked_outside_is_an_error_and_not_quoted(root: Path, tmp_path: Path):
    outside = tmp_path / "schedule.yaml"
    outside.write_text('programs:\n  - password: "hunter2"\n', encoding="utf-8")
    failed = fails_after(root, lambda site: link(site, "content/schedule.yaml", outside))
    error_at(failed.err, "content/schedule.yaml", "tautan (symlink) ke luar folder content/")
    assert "hunter2" not in failed.err + failed.out


def test_symlinks_within_content_keep_working(root: Path):
    write_files(root, {"content/static/unduhan/brosur.pdf": b"%PDF-1.4\nbrosur\n"})
    link(root, f"{BUNDLE}/brosur.pdf", "../../static/unduhan/brosur.pdf")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert (root / "output/berita/uji/brosur.pdf").read_bytes() == \
        b"%PDF-1.4\nbrosur\n"


# -- finding 3: files a browser runs ------------------------------------------------------


@pytest.mark.parametrize("suffix", [".html", ".htm", ".xhtml", ".xht", ".xsl", ".xslt"])
def test_a_web_page_beside_a_news_item_is_an_error(root: Path, suffix: str):
    name = f"lampiran{suffix}"
    failed = fails_with(root, {f"{BUNDLE}/{name}": "<html><script>alert(1)</script></html>\n"})
    error_at(failed.err, f"{BUNDLE}/{name}", f"berkas {suffix}", "simpan sebagai PDF")


@pytest.mark.parametrize("suffix", [".js", ".mjs", ".JS"])
def test_a_script_beside_a_news_item_is_an_error(root: Path, suffix: str):
    name = f"alat{suffix}"
    failed = fails_with(root, {f"{BUNDLE}/{name}": "alert(1)\n"})
    error_at(failed.err, f"{BUNDLE}/{name}", "skrip", "hapus berkas ini")


SCRIPTED_SVGS = {
    "script": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "prefixed": ('<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)'
                 '</svg:script></svg:svg>'),
    "onload": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "onclick": '<svg xmlns="http://www.w3.org/2000/svg"><rect\n  ONCLICK = "alert(1)"/></svg>',
    "javascript": ('<svg xmlns="http://www.w3.org/2000/svg" '
                   'xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="JavaScript:'
                   'alert(1)"><text>x</text></a></svg>'),
    "entities": ('<svg xmlns="http://www.w3.org/2000/svg"><a href="&#106;ava&#x09;script&#58;'
                 'alert(1)"><text>x</text></a></svg>'),
    "declared": ('<!DOCTYPE svg [<!ENTITY a "java"><!ENTITY b "script:alert(1)">]>'
                 '<svg xmlns="http://www.w3.org/2000/svg"><a href="&a;&b;"><text>x</text>'
                 '</a></svg>'),
    "utf16": '\ufeff<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
}


@pytest.mark.parametrize("kind", SCRIPTED_SVGS)
def test_an_svg_with_a_script_beside_a_news_item_is_an_error(root: Path, kind: str):
    text = SCRIPTED_SVGS[kind]
    data = text.encode("utf-16-le") if kind == "utf16" else text.encode()
    failed = fails_with(root, {f"{BUNDLE}/poster.svg": data})
    error_at(failed.err, f"{BUNDLE}/poster.svg", "SVG ini berisi skrip", "PNG")


def test_an_svg_with_a_script_in_static_is_an_error(root: Path):
    failed = fails_with(root, {"content/static/logo.svg": SCRIPTED_SVGS["onload"]})
    error_at(failed.err, "content/static/logo.svg", "SVG ini berisi skrip", "PNG")


def test_an_svg_with_a_script_beside_a_single_news_file_is_an_error(root: Path):
    failed = fails_with(root, {"content/news/poster.svg": SCRIPTED_SVGS["script"]})
    error_at(failed.err, "content/news/poster.svg", "SVG ini berisi skrip")


def test_a_web_page_named_as_the_image_of_a_single_news_file_is_an_error(root: Path):
    failed = fails_with(root, {
        "content/news/2026-01-08-poster.md": "---\ntitle: Poster\ndate: 2026-01-08\n"
                                             "image: poster.htm\nimage_alt: Poster lomba\n"
                                             "---\nIsi.\n",
        "content/news/poster.htm": "<script>alert(1)</script>\n"})
    error_at(failed.err, "content/news/2026-01-08-poster.md:4", '"poster.htm" adalah halaman web',
             "bukan gambar")


def test_a_plain_svg_is_published_beside_an_item_and_from_static(root: Path):
    write_files(root, {f"{BUNDLE}/poster.svg": PLAIN_SVG, "content/static/logo.svg": PLAIN_SVG})
    result = run(root, "build")
    assert result.code == 0, result.err
    assert (root / "output/berita/uji/poster.svg").read_text() == PLAIN_SVG
    assert (root / "output/logo.svg").read_text() == PLAIN_SVG


# -- finding 6: files published as they are, and names the output cannot take ------------


def test_an_html_file_of_static_is_published_as_it_is(root: Path):
    verification = "google-site-verification: google1234abcd.html\n"
    write_files(root, {"content/static/google1234abcd.html": verification})
    for _ in range(2):   # a cold build and one with the cache
        result = run(root, "build")
        assert result.code == 0, result.err
        assert "Traceback" not in result.err
        assert (root / "output/google1234abcd.html").read_text() == verification
    indexed = [json.loads(path.read_text())["url"]
               for path in (root / "output/cari/indeks/h").glob("*.json")]
    assert indexed == ["/berita/uji/"]


def test_a_backslash_in_a_static_file_name_is_an_error(root: Path):
    failed = fails_with(root, {"content/static/back\\slash.txt": "y"})
    error_at(failed.err, "content/static/back\\slash.txt", 'garis miring terbalik "\\"',
             'ganti namanya menjadi "back-slash.txt"')


def test_a_backslash_in_a_bundle_file_name_is_an_error(root: Path):
    failed = fails_with(root, {f"{BUNDLE}/foto\\1.pdf": b"%PDF-1.4\n"})
    error_at(failed.err, f"{BUNDLE}/foto\\1.pdf", "garis miring terbalik",
             'ganti namanya menjadi "foto-1.pdf"')


# -- findings 2 and 8: names that break the upload -----------------------------------------


def name_error(err: str, start: str, *fragments: str) -> str:
    """The one error whose message holds every fragment, at a file whose shown path starts
    with `start` (however the rest of a name with a control character is shown)."""
    lines = [line for line in err.split("\n") if ": kesalahan: " in line
             and all(fragment in line for fragment in fragments)]
    assert len(lines) == 1, f"expected one error with {fragments!r}; stderr:\n{err}"
    assert start in err
    return lines[0]


@pytest.mark.parametrize("character, said", [("\n", "ganti baris"), ("\r", "ganti baris"),
                                             ("\t", "tab"), ("\x1b", "karakter kendali"),
                                             ("\x7f", "karakter kendali")])
def test_a_control_character_in_a_static_file_name_is_an_error(root: Path, character: str,
                                                                said: str):
    failed = fails_with(root, {f"content/static/panduan{character}R! zzz.pdf": b"%PDF-1.4\n"})
    name_error(failed.err, "content/static/panduan", f"nama berkas ini berisi {said}",
               'ganti namanya menjadi "panduan-R! zzz.pdf"')


def test_a_control_character_in_a_news_file_name_is_an_error(root: Path):
    failed = fails_with(root, {"content/news/2026-01-07-rapat\nR index.php.md":
                               "---\ntitle: Rapat\ndate: 2026-01-07\n---\nIsi.\n"})
    name_error(failed.err, "content/news/2026-01-07-rapat", "nama berkas ini berisi ganti baris",
               'ganti namanya menjadi "2026-01-07-rapat-R index.php.md"')


def test_a_control_character_in_a_bundle_subfolder_name_is_an_error(root: Path):
    failed = fails_with(root, {f"{BUNDLE}/foto\tlama/a.pdf": b"%PDF-1.4\n",
                               f"{BUNDLE}/foto\tlama/b.pdf": b"%PDF-1.4\n"})
    name_error(failed.err, f"{BUNDLE}/foto", "nama folder ini berisi tab",
               'ganti namanya menjadi "foto-lama"')


def test_a_name_over_200_bytes_is_an_error(root: Path):
    name = "laporan-kegiatan-" + "é" * 100 + ".pdf"   # 121 characters, 221 bytes
    failed = fails_with(root, {f"content/static/{name}": b"%PDF-1.4\n"})
    line = error_at(failed.err, f"content/static/{name}", "nama berkas ini 221 byte",
                    "paling banyak 200 byte", "persingkat namanya")
    suggested = line.rsplit('"', 2)[1]
    assert suggested.endswith(".pdf") and len(suggested.encode()) <= 200


def test_a_name_of_200_bytes_builds(root: Path):
    name = "a" * 196 + ".pdf"
    write_files(root, {f"content/static/{name}": b"%PDF-1.4\n"})
    result = run(root, "build")
    assert result.code == 0, result.err
    assert (root / "output" / name).is_file()


def test_every_file_problem_is_reported_in_one_run(root: Path, secret: Path):
    def change(site: Path) -> None:
        link(site, f"{BUNDLE}/env.pdf", secret)
        write_files(site, {f"{BUNDLE}/lampiran.htm": "<script>alert(1)</script>",
                           f"{BUNDLE}/poster.svg": SCRIPTED_SVGS["onload"],
                           "content/static/back\\slash.txt": "y",
                           "content/static/a\nb.txt": "y",
                           "content/static/foto.jpg": image_bytes()})
    failed = fails_after(root, change)
    assert failed.err.count(": kesalahan: ") == 5, failed.err
    assert "5 kesalahan" in failed.err
    assert not leaked(root, SECRET)


@pytest.mark.parametrize("image", ["../../rahasia.jpg", "../../../rahasia.jpg",
                                   "../static/../../rahasia.jpg"])
def test_an_image_outside_content_is_an_error_and_never_published(tmp_path, image):
    """`image:` climbing out of content/ to a file that exists there (a photo of the
    project folder, a file of the machine): an error at the field, the file read by no
    one and published nowhere."""
    from conftest import fails_cleanly

    root = make_site(tmp_path, {"rahasia.jpg": image_bytes(400, 300),
                                "content/news/2026-11-20-kabar.md":
                                "---\ntitle: Kabar\ndate: 2026-11-20\n---\nIsi.\n"})
    (tmp_path / "rahasia.jpg").write_bytes(image_bytes(400, 300))
    failed = fails_cleanly(root, {"content/news/2026-11-20-kabar.md": (
        f"---\ntitle: Kabar\ndate: 2026-11-20\nimage: {image}\nimage_alt: Foto\n---\nIsi.\n")})
    assert "content/news/2026-11-20-kabar.md:4: kesalahan: " in failed.err, failed.err
    assert not [path for path in (root / "output").rglob("*rahasia*")]


def test_a_wrong_date_and_a_missing_image_are_both_told_in_one_run(tmp_path):
    """Every problem of a file in one run: the item cannot be published with its date
    wrong, but its missing photo is told too, so staff fix both in one commit."""
    from conftest import fails_cleanly

    root = make_site(tmp_path, {"content/news/2026-11-20-kabar.md":
                                "---\ntitle: Kabar\ndate: 2026-11-20\n---\nIsi.\n"})
    failed = fails_cleanly(root, {"content/news/2026-11-20-kabar.md": (
        "---\ntitle: Kabar\ndate: 2026-13-45\nimage: lomba.jpg\nimage_alt: Lomba\n---\nIsi.\n")})
    lines = [line for line in failed.err.splitlines() if ": kesalahan: " in line]
    assert [line.split(": kesalahan: ")[0] for line in lines] == [
        "content/news/2026-11-20-kabar.md:3", "content/news/2026-11-20-kabar.md:4"], lines
    assert '"lomba.jpg"' in lines[1]
