"""`build.py publish` refuses a preview build: one made with --drafts, with a --base-url
other than site.yaml's, or with a --now still to come. Real sites built with the real
command line, published to real folders.

The record is the output folder's own marker (writer.MARKER), written with the site and
swapped in with it: a failed build leaves it as it was, the next normal build replaces
it.
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from conftest import make_site, run, snapshot, write_files
from site_builder.writer import MARKER, MARKER_TEXT
from test_publish import MANIFEST, SITE, built_site, publish, published

DRAFT = "content/news/2026-11-21-rahasia-panitia.md"
DRAFT_PAGE = "berita/rahasia-panitia/index.html"
BAD_NEWS = "content/news/2026-11-20-jam-buka.md"
UNDATED = "---\ntitle: Jam Buka Baru\n---\nMulai Desember buka sampai pukul 20.00.\n"
FIX = ("Jalankan dulu python3 build.py build tanpa --drafts, --base-url atau --now, lalu "
       "terbitkan lagi (atau tambahkan --anyway untuk tetap menerbitkan pratinjau ini).")
DRAFTS_REASON = "--drafts: draf dan berita terjadwal ikut tampil"
ZONE = ZoneInfo("Asia/Jakarta")   # conftest's site.yaml gives none: the default zone


def with_draft(tmp_path):
    return make_site(tmp_path, {**SITE, DRAFT: "---\ntitle: Rahasia Panitia\ndate: 2026-11-21\n"
                                               "draft: true\n---\nBelum disetujui.\n"})


def refused(root, www) -> str:
    """Publish to `www` and its dry run, both refused, changing nothing; the message."""
    before = snapshot(www) if www.exists() else None
    for args in ([], ["--dry-run"]):
        result = publish(root, "--to", str(www), *args)
        assert result.code == 1, (result.out, result.err)
        assert result.out == "" and "Traceback" not in result.err
        assert (snapshot(www) if www.exists() else None) == before
    return result.err


def test_a_build_with_drafts_is_refused_until_a_normal_build(tmp_path):
    root = with_draft(tmp_path)
    assert run(root, "build", "--drafts").code == 0
    assert (root / "output" / DRAFT_PAGE).is_file()
    www = tmp_path / "www"
    err = refused(root, www)
    assert err == (f"build.py publish: hasil build di {root / 'output'} adalah pratinjau "
                   f"({DRAFTS_REASON}), jadi tidak diterbitkan. {FIX}\n")
    assert not www.exists()

    assert run(root, "build").code == 0
    done = publish(root, "--to", str(www))
    assert done.code == 0 and done.err == ""
    assert not (www / DRAFT_PAGE).exists()
    assert snapshot(www) == {**published(root / "output"), MANIFEST: (www / MANIFEST)
                             .read_bytes()}
    assert (root / "output" / MARKER).read_bytes() == MARKER_TEXT


def test_a_build_for_another_address_is_refused_and_one_for_site_yamls_is_not(tmp_path):
    root = built_site(tmp_path)
    assert run(root, "build", "--base-url", "http://127.0.0.1:8765").code == 0
    err = refused(root, tmp_path / "www")
    assert ("adalah pratinjau (--base-url: tautan ke http://127.0.0.1:8765/, bukan ke "
            "base_url di site.yaml), jadi tidak diterbitkan." in err)
    # site.yaml's own address, given again: the site to publish
    assert run(root, "build", "--base-url", "https://example.org/").code == 0
    assert publish(root, "--to", str(tmp_path / "www")).code == 0


def test_a_build_for_a_time_still_to_come_is_refused(tmp_path):
    ahead = datetime.now(ZONE) + timedelta(days=200)
    date = f"{ahead - timedelta(days=100):%Y-%m-%d}"
    root = make_site(tmp_path, {**SITE, f"content/news/{date}-libur-panjang.md":
                                f"---\ntitle: Libur Panjang\ndate: {date}\n---\nTutup.\n"})
    assert run(root, "build", now=f"{ahead:%Y-%m-%dT%H:%M}").code == 0
    assert (root / "output/berita/libur-panjang/index.html").is_file()   # dated after today
    err = refused(root, tmp_path / "www")
    assert f"adalah pratinjau (--now {ahead:%Y-%m-%d %H:%M}: waktu yang belum tiba)" in err
    # conftest's NOW, a moment already past, builds the site a build then made: published
    assert run(root, "build").code == 0
    assert publish(root, "--to", str(tmp_path / "www")).code == 0


def test_every_reason_is_named(tmp_path):
    root = with_draft(tmp_path)
    ahead = datetime.now(ZONE) + timedelta(days=30)
    assert run(root, "build", "--drafts", "--base-url", "http://127.0.0.1:8000/",
               now=f"{ahead:%Y-%m-%dT%H:%M}").code == 0
    err = refused(root, tmp_path / "www")
    assert (f"({DRAFTS_REASON}; --base-url: tautan ke http://127.0.0.1:8000/, bukan ke "
            f"base_url di site.yaml; --now {ahead:%Y-%m-%d %H:%M}: waktu yang belum tiba)"
            in err)


def test_anyway_publishes_a_preview_with_a_warning(tmp_path):
    root = with_draft(tmp_path)
    assert run(root, "build", "--drafts").code == 0
    www = tmp_path / "www"
    result = publish(root, "--to", str(www), "--anyway")
    assert result.code == 0, result.err
    assert result.err == (f"peringatan: hasil build di {root / 'output'} adalah pratinjau "
                          f"({DRAFTS_REASON}); tetap diterbitkan karena --anyway. Untuk situs "
                          "yang sebenarnya, jalankan python3 build.py build lalu terbitkan "
                          "lagi.\n")
    assert (www / DRAFT_PAGE).is_file()


def test_a_failed_build_after_a_preview_leaves_it_a_preview(tmp_path):
    root = with_draft(tmp_path)
    assert run(root, "build", "--drafts").code == 0
    write_files(root, {BAD_NEWS: UNDATED})           # no date: a content error
    assert run(root, "build").code == 1
    www = tmp_path / "www"
    assert "build terakhir gagal (1 kesalahan, " in refused(root, www)
    # --anyway would publish what output/ holds: the preview, and says so
    result = publish(root, "--to", str(www), "--anyway")
    assert result.code == 0
    assert "peringatan: build terakhir gagal (1 kesalahan, " in result.err
    assert f"adalah pratinjau ({DRAFTS_REASON}); tetap diterbitkan karena --anyway." in result.err
    # the bad file moved away: the inputs of the preview, but not its options
    (root / BAD_NEWS).unlink()
    assert run(root, "build").code == 0
    assert publish(root, "--to", str(www)).code == 0
    assert not (www / DRAFT_PAGE).exists()


def test_a_normal_build_making_the_same_pages_as_the_preview_clears_it(tmp_path):
    root = built_site(tmp_path)                      # no drafts: --drafts changes no page
    before = snapshot(root / "output")
    assert run(root, "build", "--drafts").code == 0
    assert snapshot(root / "output").keys() == before.keys()
    assert "adalah pratinjau" in refused(root, tmp_path / "www")
    again = run(root, "build")
    assert again.code == 0 and "0 berubah, 0 dihapus" in again.out
    assert snapshot(root / "output") == before
    assert publish(root, "--to", str(tmp_path / "www")).code == 0


def test_the_build_after_a_preview_moment_has_come_is_not_skipped(tmp_path):
    """A build for a moment seconds ahead is a preview; a normal build once that moment
    has passed would find the inputs, the output and the clock as that build left them,
    and change nothing: a preview is never recorded as up to date."""
    root = built_site(tmp_path)
    soon = datetime.now(ZONE) + timedelta(seconds=4)
    assert run(root, "build", now=soon.isoformat(timespec="seconds")).code == 0
    assert "adalah pratinjau (--now " in refused(root, tmp_path / "www")
    time.sleep(max(0.0, (soon - datetime.now(ZONE)).total_seconds()) + 0.2)
    rebuilt = run(root, "build", now=None)
    assert rebuilt.code == 0 and "tidak ada yang berubah sejak" not in rebuilt.out
    assert publish(root, "--to", str(tmp_path / "www")).code == 0


def test_the_preview_server_builds_its_own_folder_and_leaves_output_publishable(tmp_path):
    from site_builder.pipeline import build_site
    from site_builder.serve import _preview_options
    from site_builder.writer import preview_build

    root = with_draft(tmp_path)
    assert run(root, "build").code == 0
    before = snapshot(root / "output")
    args = argparse.Namespace(content=root / "content", templates=None, now=None)
    options = _preview_options(args, "http://127.0.0.1:8000/")
    build_site(options)
    assert (options.output_dir / DRAFT_PAGE).is_file()
    assert preview_build(options.output_dir) == (
        f"{DRAFTS_REASON}; --base-url: tautan ke http://127.0.0.1:8000/, bukan ke base_url "
        "di site.yaml")
    assert snapshot(root / "output") == before and preview_build(root / "output") is None
    assert publish(root, "--to", str(tmp_path / "www")).code == 0


def test_help_tells_that_a_preview_is_refused(tmp_path):
    result = run(tmp_path, "publish", "--help", now=None)
    text = " ".join(result.out.split())
    assert "A preview (built with --drafts, with another --base-url than site.yaml's, " \
           "or with a --now still to come) is refused too" in text
    assert "--anyway publish even though the last build failed" in text
    assert "or was a preview" in text
