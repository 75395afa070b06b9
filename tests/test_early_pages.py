"""Early pages (earlypages.py): the preview's first answer to a save.

Each test builds a copy of the sample site as the preview does (drafts, the
preview's address, its own output folder), saves one file, asks for the early
pages, then rebuilds: an early page must be byte for byte the page the rebuild
writes, and a save that moves anything besides its own page must get none.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from conftest import PROJECT, compiled_templates
from site_builder.buildcache import BuildCache
from site_builder.earlypages import early_pages
from site_builder.pipeline import BuildOptions, BuildResult, build_site

NEWS = "content/news/2024-03-08-jam-layanan-selama-ramadan.md"
BUNDLE_NEWS = "content/news/2023-09-29-diskarpus-raih-penghargaan-perpusnas/index.md"
AWARD = "content/awards/2023-09-22-lomba-foto-instagram.md"
PAGE = "content/pages/layanan.md"   # in the menu (menu_order: 2)


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, BuildOptions]:
    root = tmp_path / "site"
    shutil.copytree(PROJECT / "content", root / "content")
    options = BuildOptions(content_dir=root / "content", output_dir=root / ".cache/preview",
                           base_url="http://127.0.0.1:8000/", drafts=True,
                           now=datetime(2026, 11, 24, 9, 0),
                           cache_store=BuildCache(None))
    return root, options


def _edit(root: Path, name: str, old: str, new: str) -> Path:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _built(options: BuildOptions) -> BuildResult:
    result = build_site(options)
    assert result.model is not None
    return result


@pytest.mark.parametrize("name, old, new, page", [
    (NEWS, "menyesuaikan jam layanan", "menyesuaikan JAM LAYANAN (diperbarui)",
     "berita/jam-layanan-selama-ramadan/index.html"),
    (NEWS, "title: Jam Layanan Selama Ramadan 1445 H", "title: Jam Buka Selama Ramadan",
     "berita/jam-layanan-selama-ramadan/index.html"),
    (NEWS, "tags: [Pengumuman, Layanan]", "tags: [Pengumuman, Layanan]\nauthor: Humas",
     "berita/jam-layanan-selama-ramadan/index.html"),
    (BUNDLE_NEWS, "source: Humas Pemkab", "source: Humas Pemkab Jepara",
     "berita/diskarpus-raih-penghargaan-perpusnas/index.html"),
    (AWARD, "melengkapi tiga penghargaan", "melengkapi **tiga** penghargaan",
     "penghargaan/lomba-foto-instagram/index.html"),
    (AWARD, "recipient_type: institution", "recipient_type: individual",
     "penghargaan/lomba-foto-instagram/index.html"),
    (PAGE, "## Peminjaman buku", "## Peminjaman buku tercetak", "layanan/index.html"),
])
def test_an_early_page_is_the_page_the_rebuild_writes(site, name, old, new, page):
    root, options = site
    model = _built(options).model
    before = (options.output_dir / page).read_bytes()
    saved = _edit(root, name, old, new)

    early = early_pages(model, {saved})

    assert list(early) == [page]
    assert early[page] != before
    rebuilt = _built(options)
    assert early[page] == (options.output_dir / page).read_bytes()
    assert page in rebuilt.rendered


@pytest.mark.parametrize("name, old, new", [
    (NEWS, "date: 2024-03-08T09:00:00+07:00", "date: 2024-03-09T09:00:00+07:00"),   # order
    (NEWS, "tags: [Pengumuman, Layanan]", "tags: [Pengumuman]"),                    # tag pages
    (NEWS, "tags: [Pengumuman, Layanan]", "tags: [Pengumuman, Layanan]\nslug: jam-baru"),
    (NEWS, "tags: [Pengumuman, Layanan]", "tags: [Pengumuman, Layanan]\ndraft: true"),
    (NEWS, "date: 2024-03-08T09:00:00+07:00", "date: 2024-13-08"),                  # an error
    (NEWS, "Jam layanan selama Ramadan:", "Jam layanan: ![Foto](/gambar/tidak-ada.jpg)"),
    (PAGE, "title: Layanan", "title: Layanan Kami"),                                # the menu
    (AWARD, "tags: [Penghargaan]", "tags: [Penghargaan, Lomba]"),
    ("content/schedule.yaml", "", ""),
    ("content/site.yaml", "", ""),
])
def test_saves_that_move_other_pages_wait_for_the_rebuild(site, name, old, new):
    root, options = site
    model = _built(options).model
    saved = _edit(root, name, old, new + "\n") if old else root / name
    assert early_pages(model, {saved}) == {}


def test_new_deleted_and_other_files_wait_for_the_rebuild(site):
    root, options = site
    model = _built(options).model
    new = root / "content/news/2026-11-20-berita-baru.md"
    new.write_text("---\ntitle: Berita Baru\ndate: 2026-11-20 09:00\n---\nIsi.\n",
                   encoding="utf-8")
    deleted = root / NEWS
    deleted.unlink()
    image = root / BUNDLE_NEWS.replace("index.md", "penghargaan-plm-2023.jpg")
    for paths in ({new}, {deleted}, {image}, {PROJECT / "templates/news.html"},
                  {root / AWARD, new}):
        assert early_pages(model, paths) == {}, paths


def test_items_in_year_folders_get_early_pages(site):
    root, options = site
    news = root / "content/news"
    (news / "2024").mkdir()
    (news / NEWS.rsplit("/", 1)[1]).rename(news / "2024" / NEWS.rsplit("/", 1)[1])
    bundle = Path(BUNDLE_NEWS).parent.name
    (news / "2023").mkdir()
    (news / bundle).rename(news / "2023" / bundle)
    model = _built(options).model
    saved = {_edit(root, "content/news/2024/" + NEWS.rsplit("/", 1)[1], "menyesuaikan jam",
                   "mengubah jam"),
             _edit(root, f"content/news/2023/{bundle}/index.md", "source: Humas Pemkab",
                   "source: Humas Pemkab Jepara")}
    early = early_pages(model, saved)
    assert sorted(early) == ["berita/diskarpus-raih-penghargaan-perpusnas/index.html",
                             "berita/jam-layanan-selama-ramadan/index.html"]
    _built(options)
    for page, html in early.items():
        assert html == (options.output_dir / page).read_bytes()


def test_two_saved_documents_get_their_pages_together(site):
    root, options = site
    model = _built(options).model
    saved = {_edit(root, NEWS, "menyesuaikan jam", "mengubah jam"),
             _edit(root, AWARD, "melengkapi tiga", "menambah tiga")}
    early = early_pages(model, saved)
    assert sorted(early) == ["berita/jam-layanan-selama-ramadan/index.html",
                             "penghargaan/lomba-foto-instagram/index.html"]
    _built(options)
    for page, html in early.items():
        assert html == (options.output_dir / page).read_bytes()



def test_the_first_save_after_a_preview_build_compiles_no_template(site, monkeypatch):
    """The preview compiles the templates of early pages after each build (the build
    compiles into its own cache), so the first save is answered at once."""
    from site_builder import render
    from site_builder.serve import _Preview

    root, options = site
    render._COMPILED.clear()   # as in a new preview process
    preview = _Preview(options)
    preview.rebuild()
    compiled = compiled_templates(monkeypatch)
    path = _edit(root, NEWS, "menyesuaikan jam layanan", "menyesuaikan jam layanan (baru)")
    pages = early_pages(preview.model, [path])
    assert "berita/jam-layanan-selama-ramadan/index.html" in pages
    assert compiled == []



FIRST_SAVE = """
import json, sys
from pathlib import Path
import babel.localedata
from site_builder.earlypages import early_pages
from site_builder.serve import _Preview
from site_builder.pipeline import BuildOptions
from site_builder.buildcache import BuildCache
from datetime import datetime

root = Path(sys.argv[1])
options = BuildOptions(content_dir=root / "content", output_dir=root / ".cache/preview",
                       drafts=True, now=datetime(2026, 11, 24, 9, 0), jobs=2,
                       cache_store=BuildCache(None))
preview = _Preview(options)
preview.rebuild()
loaded = []
real = babel.localedata.load
babel.localedata.load = lambda name, *args, **kwargs: loaded.append(name) or real(name, *args, **kwargs)
path = root / sys.argv[2]
path.write_text(path.read_text(encoding="utf-8") + "\\nDiperbarui.\\n", encoding="utf-8")
pages = early_pages(preview.model, [path])
print(json.dumps({"pages": sorted(pages), "loaded": loaded}))
"""


def test_the_first_save_after_a_large_preview_build_loads_no_locale_data(site):
    """A build of many pages formats its dates in worker processes, so the preview's own
    process had not loaded the locale's date names (0.3 s) when the first save came;
    the preview loads them after each build. Run in a process of its own, whose
    Babel has loaded nothing before."""
    import json
    import subprocess
    import sys

    root, _ = site
    for number in range(220):   # past render.PARALLEL_FROM pages
        (root / "content/news" / f"2025-01-{number % 28 + 1:02d}-kabar-{number}.md").write_text(
            f"---\ntitle: Kabar {number}\ndate: 2025-01-{number % 28 + 1:02d}\n---\n\n"
            f"Isi kabar {number}.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", FIRST_SAVE, str(root), NEWS],
                          capture_output=True, text=True, cwd=PROJECT, timeout=300)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert "berita/jam-layanan-selama-ramadan/index.html" in answer["pages"]
    assert answer["loaded"] == []
