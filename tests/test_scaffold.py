"""`build.py new news|award|page "Judul"`: the new file's name and front matter, that it builds
as a draft, that it publishes once filled in and `draft: true` is removed (and not before its
placeholders are replaced), and what the command refuses.

Every command runs through the real command line (conftest.run adds `--content` and
`--now 2026-11-24T09:00`, read in the site's time zone).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import fails_cleanly, make_site, read, run
from site_builder.errors import Location, Problems
from site_builder.frontmatter import split_front_matter
from site_builder.links import PLACEHOLDER

NEWS_FILE = "content/news/2026-11-24-judul-berita.md"
AWARD_FILE = "content/awards/2026-11-24-inovasi-layanan-digital-terbaik.md"
PAGE_FILE = "content/pages/sejarah-perpustakaan.md"


def new(root: Path, *args: str, now: str | None = "2026-11-24T09:00"):
    return run(root, "new", *args, now=now)


def fields_of(path: Path) -> dict:
    """The front matter of `path` as the builder reads it."""
    split = split_front_matter(path.read_text(encoding="utf-8"), Location(path), Problems())
    assert split is not None
    return dict(split.fields)


def fill_in(path: Path, **values: str) -> None:
    """What the staff do: replace each placeholder, then remove `draft: true`."""
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        lines = text.split("\n")
        text = "\n".join(f"{key}: {value}" if line.startswith(f"{key}: ") else line
                         for line in lines)
    lines = [line for line in text.split("\n") if line != "draft: true"]
    body = next(i for i, line in enumerate(lines) if line.startswith(PLACEHOLDER))
    lines[body] = "Perpustakaan Daerah membuka kelas baru bagi pelajar."
    path.write_text("\n".join(lines), encoding="utf-8")


# -- news ---------------------------------------------------------------------------

def test_new_news_file_name_and_front_matter(tmp_path: Path):
    root = make_site(tmp_path)
    result = new(root, "news", "Judul Berita")
    assert result.code == 0, result.err
    path = root / NEWS_FILE
    assert result.out.strip() == str(path)
    assert fields_of(path) == {"title": "Judul Berita", "date": "2026-11-24", "draft": True}
    text = path.read_text(encoding="utf-8")
    for commented in ("# summary: ", "# tags: ", "# image: ", "# image_alt: ",
                      "# image_caption: ", "# author: ",
                      "# source: ", "# updated: ", "# slug: judul-berita"):
        assert f"\n{commented}" in text, commented
    body = text.split("\n---\n", 1)[1]
    assert body.startswith(PLACEHOLDER) and "tulis isi berita" in body


def test_new_news_builds_as_a_draft_and_is_not_published(tmp_path: Path):
    root = make_site(tmp_path)
    assert new(root, "news", "Judul Berita").code == 0
    result = run(root, "build")
    assert result.code == 0, result.err
    assert result.err == ""   # no warning either
    assert not (root / "output/berita/judul-berita").exists()
    assert "Judul Berita" not in read(root, "output/berita/index.html")
    preview = run(root, "check", "--drafts")
    assert preview.code == 0 and preview.err == "", preview.err


def test_new_news_publishes_once_filled_in(tmp_path: Path):
    root = make_site(tmp_path)
    assert new(root, "news", "Judul Berita").code == 0
    fill_in(root / NEWS_FILE)
    result = run(root, "build")
    assert result.code == 0, result.err
    assert result.err == ""
    page = read(root, "output/berita/judul-berita/index.html")
    assert "Judul Berita" in page and "membuka kelas baru" in page


def test_removing_draft_without_replacing_the_placeholder_fails(tmp_path: Path):
    root = make_site(tmp_path)
    assert new(root, "news", "Judul Berita").code == 0
    path = root / NEWS_FILE
    text = path.read_text(encoding="utf-8")
    body_line = text.split("\n").index(next(line for line in text.split("\n")
                                            if line.startswith(PLACEHOLDER))) + 1
    failed = fails_cleanly(root, {NEWS_FILE: text.replace("draft: true\n", "")})
    assert f"{NEWS_FILE}:{body_line - 1}: kesalahan: " in failed.err   # draft line removed
    assert '"GANTI:" belum diganti' in failed.err and "draft: true" in failed.err


def test_a_draft_written_with_a_capital_keeps_its_placeholders_unpublished(tmp_path: Path):
    """"Draft: true", as a phone's keyboard writes it, is a draft like "draft: true":
    its placeholders are no error, and it is not published."""
    root = make_site(tmp_path)
    assert new(root, "news", "Judul Berita").code == 0
    path = root / NEWS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "Draft: true"),
                    encoding="utf-8")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert 'kolom "Draft" dibaca sebagai "draft"' in result.err
    assert not (root / "output/berita/judul-berita").exists()


def test_date_is_today_in_the_site_time_zone(tmp_path: Path):
    root = make_site(tmp_path, {"content/site.yaml": """\
        title: Perpustakaan Uji
        base_url: https://example.org/
        timezone: Asia/Jayapura
        """})
    # 16:00 UTC is already 01:00 of the next day in Jayapura (UTC+9), 23:00 in Jakarta.
    result = new(root, "news", "Kabar Timur", now="2026-11-24T16:00+00:00")
    assert result.code == 0, result.err
    assert (root / "content/news/2026-11-25-kabar-timur.md").is_file()


def test_date_defaults_to_jakarta_when_site_yaml_is_unreadable(tmp_path: Path):
    root = make_site(tmp_path, {"content/site.yaml": "title: [tidak ditutup\n"})
    result = new(root, "news", "Kabar Barat", now="2026-11-24T17:30+00:00")   # 00:30 WIB
    assert result.code == 0, result.err
    assert (root / "content/news/2026-11-25-kabar-barat.md").is_file()


def test_explicit_date(tmp_path: Path):
    root = make_site(tmp_path)
    result = new(root, "berita", "Hari Buku Sedunia", "--date", "2027-04-23")
    assert result.code == 0, result.err
    path = root / "content/news/2027-04-23-hari-buku-sedunia.md"
    assert fields_of(path)["date"] == "2027-04-23"


def test_title_is_written_as_valid_yaml(tmp_path: Path):
    root = make_site(tmp_path)
    title = 'Kelas: "Bahasa Inggris" #2, 15:00'
    result = new(root, "news", title)
    assert result.code == 0, result.err
    path = Path(result.out.strip())
    assert path.name == "2026-11-24-kelas-bahasa-inggris-2-15-00.md"
    assert fields_of(path)["title"] == title
    fill_in(path)
    built = run(root, "build")
    assert built.code == 0, built.err
    assert "Kelas: &#34;Bahasa Inggris&#34; #2, 15:00" in read(
        root, "output/berita/kelas-bahasa-inggris-2-15-00/index.html")


def test_title_in_several_words_without_quotes(tmp_path: Path):
    root = make_site(tmp_path)
    result = new(root, "berita", "Judul", "Berita")
    assert result.code == 0, result.err
    assert fields_of(root / NEWS_FILE)["title"] == "Judul Berita"


def test_long_title_gives_a_slug_the_builder_accepts(tmp_path: Path):
    root = make_site(tmp_path)
    result = new(root, "news", "Perpustakaan Daerah " * 12)
    assert result.code == 0, result.err
    path = Path(result.out.strip())
    slug = path.stem.removeprefix("2026-11-24-")
    assert len(slug) <= 100 and not slug.endswith("-")
    fill_in(path)
    built = run(root, "build")
    assert built.code == 0, built.err
    assert (root / f"output/berita/{slug}/index.html").is_file()


# -- awards and pages ----------------------------------------------------------------

def test_new_award_has_placeholders_that_validate_as_a_draft(tmp_path: Path):
    root = make_site(tmp_path)
    result = new(root, "award", "Inovasi Layanan Digital Terbaik")
    assert result.code == 0, result.err
    path = root / AWARD_FILE
    fields = fields_of(path)
    assert fields["title"] == "Inovasi Layanan Digital Terbaik"
    assert fields["date"] == "2026-11-24" and fields["draft"] is True
    for key in ("award", "giver", "recipient"):
        assert fields[key].startswith(PLACEHOLDER), key
    built = run(root, "build")
    assert built.code == 0 and built.err == "", built.err
    assert not (root / "output/penghargaan/inovasi-layanan-digital-terbaik").exists()


def test_new_award_cannot_publish_its_placeholders(tmp_path: Path):
    root = make_site(tmp_path)
    assert new(root, "penghargaan", "Inovasi Layanan Digital Terbaik").code == 0
    text = (root / AWARD_FILE).read_text(encoding="utf-8").replace("draft: true\n", "")
    failed = fails_cleanly(root, {AWARD_FILE: text})
    lines = text.split("\n")
    for key in ("award", "giver", "recipient"):
        line = next(i for i, written in enumerate(lines, 1) if written.startswith(f"{key}: "))
        assert f"{AWARD_FILE}:{line}: kesalahan: bagian yang diawali" in failed.err, key


def test_new_award_publishes_once_filled_in(tmp_path: Path):
    root = make_site(tmp_path)
    assert new(root, "award", "Inovasi Layanan Digital Terbaik").code == 0
    fill_in(root / AWARD_FILE, award="Inovasi Layanan Digital Terbaik",
            giver="Perpustakaan Nasional Republik Indonesia",
            recipient="Perpustakaan Daerah Kabupaten Jepara")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert result.err == ""
    page = read(root, "output/penghargaan/inovasi-layanan-digital-terbaik/index.html")
    assert "Perpustakaan Nasional Republik Indonesia" in page


def test_new_page(tmp_path: Path):
    root = make_site(tmp_path)
    result = new(root, "halaman", "Sejarah Perpustakaan")
    assert result.code == 0, result.err
    path = root / PAGE_FILE
    assert result.out.strip() == str(path)
    assert fields_of(path) == {"title": "Sejarah Perpustakaan", "draft": True}
    assert "\n# menu_order: " in path.read_text(encoding="utf-8")
    assert run(root, "build").code == 0
    assert not (root / "output/sejarah-perpustakaan").exists()
    fill_in(path)
    result = run(root, "build")
    assert result.code == 0 and result.err == "", result.err
    assert "Sejarah Perpustakaan" in read(root, "output/sejarah-perpustakaan/index.html")


# -- refusals -------------------------------------------------------------------------

def test_refuses_to_overwrite(tmp_path: Path):
    root = make_site(tmp_path)
    assert new(root, "news", "Judul Berita").code == 0
    path = root / NEWS_FILE
    path.write_text("tulisan staf yang sudah diisi", encoding="utf-8")
    again = new(root, "news", "Judul Berita")
    assert again.code == 1
    assert str(path) in again.err and "tidak ditimpa" in again.err
    assert again.out == ""
    assert path.read_text(encoding="utf-8") == "tulisan staf yang sudah diisi"


def test_refuses_a_page_that_exists(tmp_path: Path):
    root = make_site(tmp_path, {PAGE_FILE: "---\ntitle: Sejarah\n---\nIsi.\n"})
    result = new(root, "page", "Sejarah Perpustakaan")
    assert result.code == 1
    assert PAGE_FILE.split("/")[-1] in result.err
    assert read(root, PAGE_FILE) == "---\ntitle: Sejarah\n---\nIsi.\n"


def test_refuses_an_address_another_news_item_has(tmp_path: Path):
    root = make_site(tmp_path, {"content/news/2025-03-01-judul-berita/index.md":
                                "---\ntitle: Lama\ndate: 2025-03-01\n---\nIsi.\n"})
    result = new(root, "news", "Judul Berita")
    assert result.code == 1
    assert "/berita/judul-berita/" in result.err and "2025-03-01-judul-berita" in result.err
    assert not (root / NEWS_FILE).exists()


@pytest.mark.parametrize("title", ["", "   ", "!!!", "—"])
def test_refuses_a_title_without_letters(tmp_path: Path, title: str):
    root = make_site(tmp_path)
    result = new(root, "news", title)
    assert result.code == 2
    assert "judul" in result.err
    assert not (root / "content/news").exists()


@pytest.mark.parametrize("args, fragment", [
    (["artikel", "Judul"], "tidak dikenal"),
    (["page", "Berita"], "/berita/ sudah dipakai"),
    (["page", "Sejarah", "--date", "2026-01-01"], "--date"),
    (["news", "Judul", "--date", "2026-02-30"], "bukan tanggal"),
    (["news", "Judul", "--date", "24-11-2026"], "bukan tanggal"),
])
def test_wrong_usage_exits_2(tmp_path: Path, args: list[str], fragment: str):
    root = make_site(tmp_path)
    result = new(root, *args)
    assert result.code == 2
    assert fragment in result.err
    assert sorted(p.name for p in (root / "content").iterdir()) == ["site.yaml"]


def test_missing_content_folder_exits_2(tmp_path: Path):
    result = new(tmp_path / "tidak-ada", "news", "Judul")
    assert result.code == 2
    assert "folder konten tidak ada" in result.err
