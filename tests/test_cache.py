"""The persistent build cache (<root>/.cache/build/): real sites in tmp_path, real builds.

What a cached build must do, whatever the cache holds inside:
- its output is byte-for-byte what a build without any cache makes of the same
  content (serial or in a process pool alike);
- it runs a page's template only when something that page shows changed
  (`BuildResult.rendered` lists the pages whose templates ran);
- a cache it cannot trust (garbage, empty files, missing) is rebuilt, never believed;
- `--no-cache` neither reads nor writes it, and `clean` deletes `.cache/` only.

Expected page sets are computed from the content each test writes (newest first
by date, PER_PAGE a list page), never hard-coded.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import re
import shutil
import sqlite3
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pytest

from conftest import (PROJECT, compiled_templates, image_bytes, make_site, read, run, snapshot,
                      write_files)
from site_builder import render
from site_builder.buildcache import BuildCache, FileEntry, file_signature
from site_builder.errors import BuildFailed
from site_builder.pipeline import BuildOptions, build_site

NOW = datetime(2026, 11, 24, 9, 0)   # naive: read in the site's zone, Asia/Jakarta
PER_PAGE = 5                         # site.yaml's per_page: 25 items make 5 list pages
COUNT = 25
TAGS = ("Literasi", "Pelatihan", "Inklusi Sosial")
FEED_ENTRIES = 30                    # news and awards together, newest first

SITE_YAML = f"""\
title: Perpustakaan Uji Cache
base_url: https://example.org/
per_page: {PER_PAGE}
"""

AWARD = """\
---
date: 2026-09-20
award: Pustakawan Berprestasi
giver: Perpustakaan Nasional Republik Indonesia
recipient: Siti Aminah
recipient_type: individual
tags: [Penghargaan]
---
Atas dedikasinya melayani pembaca.
"""

SCHEDULE = """\
programs:
  - id: bahasa-inggris
    title: Pelatihan Bahasa Inggris
    summary: Kelas percakapan dasar.
    location: Ruang Pelatihan Lt. 2
    weekly:
      - day: Selasa
        start: 15:00
        end: 17:00
    period: {from: 2026-11-03, until: 2026-12-15}
"""

PAGE = """\
---
title: Profil Perpustakaan
menu_order: 1
---
Koleksi buku tercetak 50.313 eksemplar.
"""


# -- the site -------------------------------------------------------------------

def tag_slug(name: str) -> str:
    return name.lower().replace(" ", "-")


@dataclass(frozen=True)
class News:
    """One news item of the test site, and where the builder publishes it."""

    number: int
    title: str
    date: str                    # "2026-10-05 10:00", in the site's zone
    tags: tuple[str, ...]
    body: str
    bundle: bool = False         # NAME/index.md with a photo beside it

    @property
    def slug(self) -> str:
        return f"berita-{self.number:02d}"

    @property
    def file(self) -> str:
        name = f"content/news/{self.date[:10]}-{self.slug}"
        return f"{name}/index.md" if self.bundle else f"{name}.md"

    @property
    def page(self) -> str:
        return f"berita/{self.slug}/index.html"

    def text(self) -> str:
        image = "image: foto.jpg\nimage_alt: Peserta kegiatan di ruang baca\n" if self.bundle else ""
        return (f"---\ntitle: {self.title}\ndate: {self.date}\ntags: [{', '.join(self.tags)}]\n"
                f"summary: Ringkasan berita nomor {self.number}.\n{image}---\n{self.body}")


def body(number: int, later: str = "dengan rincian kegiatan") -> str:
    return (f"Paragraf pembuka berita nomor {number}.\n\n"
            f"Paragraf kedua berita nomor {number}, {later}.\n")


def news_item(number: int, date: str | None = None, tags: tuple[str, ...] | None = None) -> News:
    if tags is None:
        tags = (TAGS[number % 3],) + ((TAGS[(number + 1) % 3],) if number % 4 == 0 else ())
    return News(number, f"Berita Nomor {number}", date or f"2026-10-{number:02d} 10:00",
                tags, body(number), bundle=number == 3)


def corpus() -> list[News]:
    """25 items on 25 days of October 2026, over three tags (some items carry two)."""
    return [news_item(number) for number in range(1, COUNT + 1)]


def write_news(root: Path, item: News) -> None:
    write_files(root, {item.file: item.text()})


def cache_site(tmp_path: Path, news: list[News] | None = None) -> tuple[Path, list[News]]:
    """The test site: news (one a bundle with a real JPEG), an award, a weekly program, a page."""
    news = corpus() if news is None else news
    files: dict[str, str | bytes] = {
        "content/site.yaml": SITE_YAML,
        "content/awards/2026-09-20-pustakawan-berprestasi.md": AWARD,
        "content/schedule.yaml": SCHEDULE,
        "content/pages/profil.md": PAGE,
    }
    for item in news:
        files[item.file] = item.text()
        if item.bundle:
            files[item.file.replace("index.md", "foto.jpg")] = image_bytes()
    return make_site(tmp_path, files), news


def newest_first(news: list[News]) -> list[News]:
    """As the builder orders lists: newest date first, then by slug (sorts are stable)."""
    return sorted(sorted(news, key=lambda item: item.slug), key=lambda item: item.date,
                  reverse=True)


def list_page(base: str, position: int) -> str:
    """The page of the list at `base` ("berita/", "tag/literasi/") showing the item at
    `position` (0 = newest): berita/index.html, berita/halaman/2/index.html ..."""
    number = position // PER_PAGE + 1
    return f"{base}index.html" if number == 1 else f"{base}halaman/{number}/index.html"


def all_list_pages(base: str, count: int) -> set[str]:
    return {list_page(base, position) for position in range(0, max(count, 1), PER_PAGE)}


def tagged(news: list[News], slug: str) -> list[News]:
    """The news items of one tag, newest first (the award's tag is not among these)."""
    return [item for item in newest_first(news) if slug in {tag_slug(t) for t in item.tags}]


def year_page(item: News) -> str:
    """The page of the news of `item`'s year (views.news_years)."""
    return f"berita/{item.date[:4]}/index.html"


def lists_showing(news: list[News], target: News) -> set[str]:
    """Every list page (news list, year and tag lists) on which `target` appears."""
    pages = {list_page("berita/", newest_first(news).index(target)), year_page(target)}
    for slug in dict.fromkeys(tag_slug(tag) for tag in target.tags):
        pages.add(list_page(f"tag/{slug}/", tagged(news, slug).index(target)))
    return pages


def read_also_showing(news: list[News], target: News) -> set[str]:
    """The item pages whose "Baca juga" shows `target` (views.ReadAlso): those next to it
    in each of its tags' lists (every item of this corpus has a tag)."""
    pages = set()
    for slug in dict.fromkeys(tag_slug(tag) for tag in target.tags):
        items = tagged(news, slug)
        position = items.index(target)
        pages |= {items[other].page for other in (position - 1, position + 1)
                  if 0 <= other < len(items)}
    return pages


def lists_from(news: list[News], target: News) -> set[str]:
    """Every list page from the one showing `target` to the end of each of its lists:
    the pages whose contents shift when `target` comes or goes, and its year's page."""
    pages = {year_page(target)}
    ordered = newest_first(news)
    start = ordered.index(target) // PER_PAGE * PER_PAGE
    pages |= {list_page("berita/", position) for position in range(start, len(ordered), PER_PAGE)}
    for slug in dict.fromkeys(tag_slug(tag) for tag in target.tags):
        items = tagged(news, slug)
        start = items.index(target) // PER_PAGE * PER_PAGE
        pages |= {list_page(f"tag/{slug}/", position)
                  for position in range(start, len(items), PER_PAGE)}
    return pages


# -- building -------------------------------------------------------------------

def build(root: Path, output: Path | None = None, *, now: datetime = NOW, cache: bool = True,
          jobs: int | None = None):
    return build_site(BuildOptions(content_dir=root / "content",
                                   output_dir=output or root / "output",
                                   now=now, cache=cache, jobs=jobs))


def fresh(root: Path, now: datetime = NOW) -> dict[str, bytes]:
    """What a build without any cache makes of the content as it is now (in its own folder)."""
    output = root.parent / "fresh"
    shutil.rmtree(output, ignore_errors=True)
    build(root, output, now=now, cache=False)
    return snapshot(output)


def html_pages(folder: Path) -> set[str]:
    """Output paths of every HTML page in a built folder (the search bundle aside)."""
    return {path for path in snapshot(folder)
            if path.endswith(".html")}


def cache_files(root: Path) -> list[Path]:
    return sorted(path for path in (root / ".cache" / "build").rglob("*") if path.is_file())


# -- the same bytes, cache or not --------------------------------------------------

def test_cold_and_warm_cached_builds_match_a_build_without_cache(tmp_path):
    root, news = cache_site(tmp_path)
    plain = build(root, tmp_path / "plain", cache=False)
    expected = snapshot(tmp_path / "plain")
    # the site is the one the other tests reason about
    for path in ["index.html", "berita/index.html", f"berita/halaman/{COUNT // PER_PAGE}/index.html",
                 "berita/berita-03/index.html", "berita/berita-03/foto.jpg", "tag/index.html",
                 "tag/literasi/index.html", "tag/literasi/halaman/2/index.html",
                 "penghargaan/pustakawan-berprestasi/index.html", "jadwal/index.html",
                 "jadwal/bahasa-inggris/index.html", "profil/index.html", "feed.xml"]:
        assert path in expected, path
    assert set(plain.rendered) == html_pages(tmp_path / "plain")
    assert list(plain.rendered) == sorted(plain.rendered)

    cold = build(root, tmp_path / "cached")
    assert snapshot(tmp_path / "cached") == expected
    assert set(cold.rendered) == set(plain.rendered)
    assert cache_files(root), "a cached build keeps its cache in .cache/build/"

    warm = build(root, tmp_path / "cached")
    assert warm.rendered == ()
    assert snapshot(tmp_path / "cached") == expected


def test_serial_and_parallel_builds_write_the_same_bytes(tmp_path):
    root, _ = cache_site(tmp_path)
    serial = build(root, tmp_path / "serial", cache=False, jobs=1)
    parallel = build(root, tmp_path / "parallel", cache=False, jobs=2)
    assert snapshot(tmp_path / "serial") == snapshot(tmp_path / "parallel")
    assert serial.rendered == parallel.rendered
    assert set(serial.rendered) == html_pages(tmp_path / "serial")
    # a cold cached build in a pool, then a warm one, change nothing either
    build(root, tmp_path / "pool", jobs=2)
    assert snapshot(tmp_path / "pool") == snapshot(tmp_path / "serial")
    assert build(root, tmp_path / "pool", jobs=2).rendered == ()
    assert snapshot(tmp_path / "pool") == snapshot(tmp_path / "serial")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_command_line_jobs(tmp_path, jobs):
    root, _ = cache_site(tmp_path)
    result = run(root, "build", "--jobs", jobs)
    assert result.code == 0, result.err
    assert snapshot(root / "output") == fresh(root)


# -- what a change renders -------------------------------------------------------

_OPENED: list[str] | None = None   # paths opened while a test listens (audit hook below)


def _listen_for_opens(event: str, args: tuple) -> None:
    if event == "open" and _OPENED is not None and isinstance(args[0], (str, os.PathLike)):
        _OPENED.append(os.fspath(args[0]))


def test_a_cold_build_reads_each_content_file_once(tmp_path):
    """Its digest (the cache's key) and its text come from one read of the file."""
    global _OPENED
    root, news = cache_site(tmp_path)
    sys.addaudithook(_listen_for_opens)   # stays for the process; only listens here
    _OPENED = []
    try:
        build(root, jobs=1)
        opened = _OPENED
    finally:
        _OPENED = None
    for item in news:
        assert opened.count(str(root / item.file)) == 1, item.file
    assert opened.count(str(root / "content/awards/2026-09-20-pustakawan-berprestasi.md")) == 1
    assert snapshot(root / "output") == fresh(root)


def test_nothing_changed_renders_nothing_and_changes_nothing(tmp_path):
    root, _ = cache_site(tmp_path)
    build(root)
    before = snapshot(root / "output")
    again = build(root)
    assert again.rendered == ()
    assert again.written.changed == 0
    assert again.written.changed_paths == ()
    assert again.written.removed == 0
    assert snapshot(root / "output") == before


def test_title_edit_renders_its_page_and_the_lists_showing_it(tmp_path):
    root, news = cache_site(tmp_path)
    ordered = newest_first(news)
    # an item past the first list page, with two tags
    target = next(item for item in ordered[14:] if len(item.tags) > 1)
    assert ordered.index(target) >= PER_PAGE
    build(root)

    edited = replace(target, title="Judul Baru Yang Diperbaiki")
    write_news(root, edited)
    news = [edited if item == target else item for item in news]
    result = build(root)

    # tags.html shows each tag's name and item count, never titles: tag/index.html stays
    expected = {edited.page} | lists_showing(news, edited) | read_also_showing(news, edited)
    assert "tag/index.html" not in expected
    assert set(result.rendered) == expected
    changed = set(result.written.changed_paths)
    assert expected <= changed
    in_feed = newest_first(news).index(edited) < FEED_ENTRIES   # the award is older than all news
    assert ("feed.xml" in changed) == in_feed
    assert "Judul Baru Yang Diperbaiki" in read(root, "output/" + list_page(
        "berita/", newest_first(news).index(edited)))
    assert snapshot(root / "output") == fresh(root)


def check(root: Path, **options):
    """`build.py check`: the build without writing (build_site's write=False)."""
    return build_site(BuildOptions(content_dir=root / "content", output_dir=root / "output",
                                   now=NOW, **options), write=False)


def test_a_check_after_a_build_renders_only_the_pages_changed_since(tmp_path):
    """`check` (the pre-commit hook's, and CI's before each build) runs only the templates
    of the pages a build would render: a page keyed as one the last build wrote rendered
    fine then. As on CI, where output/ is not kept between runs and .cache/ is restored."""
    root, news = cache_site(tmp_path)
    build(root)
    every_page = html_pages(root / "output")
    assert check(root).rendered == ()

    target = next(item for item in newest_first(news)[14:] if len(item.tags) > 1)
    edited = replace(target, title="Judul Baru Yang Diperbaiki")
    write_news(root, edited)
    news = [edited if item == target else item for item in news]
    expected = {edited.page} | lists_showing(news, edited) | read_also_showing(news, edited)
    assert set(check(root).rendered) == expected
    shutil.rmtree(root / "output")   # a fresh clone on CI: only .cache/ restored
    result = check(root)
    assert set(result.rendered) == expected
    assert {file.path for file in result.files} >= every_page   # every page still checked
    assert set(check(root, cache=False).rendered) == every_page


def test_a_check_compares_with_the_builds_of_the_output_folder_it_is_given(tmp_path,
                                                                            monkeypatch):
    """GitLab's pages job builds into public/: its check job says `--output public`."""
    root, _ = cache_site(tmp_path)
    assert run(root, "build", "--output", str(root / "public")).code == 0
    templates_run = []
    render_one = render._Renderer.render_one
    monkeypatch.setattr(render._Renderer, "render_one", lambda self, template, context: (
        templates_run.append(template) or render_one(self, template, context)))
    assert run(root, "check", "--jobs", "1").code == 0   # output/ was never built
    assert len(templates_run) == len(html_pages(root / "public"))
    templates_run.clear()
    assert run(root, "check", "--jobs", "1", "--output", str(root / "public")).code == 0
    assert templates_run == []
    assert not (root / "output").exists()


def test_a_check_runs_a_changed_template_and_reports_its_error(tmp_path):
    root, _ = cache_site(tmp_path)
    shutil.copytree(PROJECT / "templates", root / "templates")
    build(root)
    page_html = root / "templates" / "page.html"
    text = page_html.read_text(encoding="utf-8")
    assert text.count("{% endblock %}") == 1
    page_html.write_text(text.replace("{% endblock %}", "{{ nama_yang_salah_eja }}\n{% endblock %}"),
                         encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        check(root)
    (error,) = failed.value.errors
    assert "nama_yang_salah_eja" in error.message and error.location.path.name == "page.html"


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_output_folder_restored_from_a_ci_cache_is_trusted_by_its_bytes(tmp_path, jobs,
                                                                          monkeypatch):
    """GitHub's workflow keeps output/ in its cache beside .cache/: on a fresh runner it
    comes back as copies, every file with another inode. A file whose bytes are the ones
    recorded is the file written: the build renders and writes only what changed (with
    one job, and with two: the staging folder is then linked, and half the copies read,
    by a forked process)."""
    from site_builder import writer
    monkeypatch.setattr(writer, "RESIGNED_SHARED_FROM", 2)   # this small site's copies too
    root, news = cache_site(tmp_path)
    build(root, jobs=jobs)
    written = snapshot(root / "output")
    # as actions/cache restores it: copies, their times kept (made before the old files
    # are deleted, so that no copy gets the number of the inode it copies)
    restored = tmp_path / "restored"
    shutil.copytree(root / "output", restored)
    shutil.rmtree(root / "output")
    restored.rename(root / "output")
    # a file of the copy altered, its size kept: not what was recorded, so written again
    untouched = newest_first(news)[-1].page
    page = root / "output" / untouched
    page.write_bytes(page.read_bytes().replace(b"<main", b"<MAIN", 1))
    assert page.read_bytes() != written[untouched]

    target = next(item for item in newest_first(news)[14:] if len(item.tags) > 1)
    edited = replace(target, title="Judul Baru Yang Diperbaiki")
    write_news(root, edited)
    news = [edited if item == target else item for item in news]
    result = build(root, jobs=jobs)

    assert set(result.rendered) == ({edited.page, untouched} | lists_showing(news, edited)
                                    | read_also_showing(news, edited))
    now = snapshot(root / "output")
    differing = {path for path in now if written.get(path) != now[path]}
    # (files copied from a source, theme assets and photos, are known by their source's
    # stat, not by their bytes: those are copied again)
    pages_written = {path for path in result.written.changed_paths if path.endswith(".html")}
    assert pages_written == {path for path in differing if path.endswith(".html")} | {untouched}
    assert now == fresh(root)


def saved_a_minute_ago(root: Path) -> None:
    """Every content file last saved a minute ago: not so recently that a build reads it
    again in case it changes within the same file-system timestamp (RACY_NANOSECONDS)."""
    saved = time.time() - 60
    for path in (root / "content").rglob("*"):
        os.utime(path, (saved, saved))


def checked_out_afresh(root: Path) -> None:
    """The content as a fresh clone has it (each CI run): the same bytes, every file and
    folder made anew (new inodes), every file's time that of the checkout."""
    content, copy = root / "content", root / "content-clone"
    shutil.copytree(content, copy)
    shutil.rmtree(content)
    copy.rename(content)
    saved_a_minute_ago(root)


def test_items_checked_out_afresh_are_not_converted_again_bundles_of_photos_too(
        tmp_path, monkeypatch):
    """On a fresh clone every content file has a new inode and time: each is read again
    and known by its bytes. A bundle's entry depends on its photos by their names alone
    (the image stage reads a photo by its bytes' digest): a bundle's Markdown was
    converted again on every CI run, as if new, because its photo had a new stat."""
    from site_builder.content import documents
    root, news = cache_site(tmp_path)
    bundle = next(item for item in news if item.bundle)
    build(root, jobs=1)
    converted: list[str] = []
    convert_body = documents.convert_body

    def counted(body, *args, **kwargs):
        converted.append(body)
        return convert_body(body, *args, **kwargs)

    monkeypatch.setattr(documents, "convert_body", counted)
    checked_out_afresh(root)
    result = build(root, jobs=1)
    assert converted == []
    assert result.rendered == ()
    assert snapshot(root / "output") == fresh(root)
    # a photo added is another listing: the bundle is loaded again, and publishes it
    folder = root / bundle.file.replace("/index.md", "")
    shutil.copy(folder / "foto.jpg", folder / "foto-kedua.jpg")
    converted.clear()   # (fresh() converts every item: it builds without the cache)
    build(root, jobs=1)
    assert len(converted) == 1
    assert snapshot(root / "output") == fresh(root)
    assert any(path.startswith(bundle.page.replace("index.html", "foto-kedua"))
               for path in snapshot(root / "output"))


def preview_build(root: Path):
    """The preview's build (`serve`), its cache kept open as the server keeps it."""
    import argparse
    from site_builder.serve import _preview_options
    options = _preview_options(argparse.Namespace(content=root / "content", templates=None,
                                                  now=NOW), "http://127.0.0.1:8000/")
    try:
        return build_site(options)
    finally:
        options.cache_store.close()


@contextmanager
def counting_reads(monkeypatch):
    """The content files read (their bytes hashed) while the block runs."""
    from site_builder.content import loading
    read: list[Path] = []
    bytes_and_digest = loading._bytes_and_digest

    def counted(path: Path):
        read.append(path)
        return bytes_and_digest(path)

    monkeypatch.setattr(loading, "_bytes_and_digest", counted)
    yield read
    monkeypatch.setattr(loading, "_bytes_and_digest", bytes_and_digest)


def test_the_first_preview_takes_the_content_the_build_read(tmp_path, monkeypatch):
    """A new preview cache takes the content files' entries of the build's: the first
    preview after a build reads no content file, and shows what it would without them."""
    root, _ = cache_site(tmp_path)
    saved_a_minute_ago(root)
    with counting_reads(monkeypatch) as read:
        build(root)
        files = len(read)
        preview_build(root)
        assert files > 25 and len(read) == files
    taken = snapshot(root / ".cache" / "preview")
    shutil.rmtree(root / ".cache")
    with counting_reads(monkeypatch) as read:
        preview_build(root)
        assert len(read) == files   # its own: every file read
    assert snapshot(root / ".cache" / "preview") == taken


def test_the_first_build_after_previewing_takes_what_the_preview_read(tmp_path, monkeypatch):
    """The other way: previewing, then the commit's check and build (the git hooks) read
    no content file but the one edited since."""
    root, news = cache_site(tmp_path)
    saved_a_minute_ago(root)
    preview_build(root)
    edited = news[3]
    write_files(root, {edited.file: replace(edited, title="Judul Sesudah Pratinjau").text()})
    os.utime(root / edited.file, (time.time() - 30, time.time() - 30))
    with counting_reads(monkeypatch) as read:
        build_site(BuildOptions(content_dir=root / "content", now=NOW), write=False)
        assert read == [root / edited.file]
    with counting_reads(monkeypatch) as read:
        build(root)
        assert read == []   # the check saved the edited file's entry
    assert snapshot(root / "output") == fresh(root)


def test_a_damaged_build_cache_leaves_the_first_preview_to_read_everything(tmp_path,
                                                                           monkeypatch):
    """A build's cache the preview cannot read (a disk error, a half-copied folder) gives
    it nothing: it reads every file, and makes the same preview."""
    root, _ = cache_site(tmp_path)
    saved_a_minute_ago(root)
    preview_build(root)
    made = snapshot(root / ".cache" / "preview")
    shutil.rmtree(root / ".cache")
    build(root)
    (root / ".cache" / "build" / "cache.sqlite").write_bytes(b"SQLite format 3\0" + b"x" * 4096)
    with counting_reads(monkeypatch) as read:
        preview_build(root)
        assert len(read) > 25
    assert snapshot(root / ".cache" / "preview") == made


def buckets(root: Path) -> dict[int, bytes]:
    """The content files' entries as the build cache holds them, pickled by bucket."""
    db = sqlite3.connect(root / ".cache" / "build" / "cache.sqlite")
    try:
        return dict(db.execute("SELECT number, entries FROM buckets"))
    finally:
        db.close()


def bucket_paths(blob: bytes) -> set[str]:
    return {path for path, *_ in pickle.loads(blob)}


def test_an_edit_writes_the_bucket_of_its_file_alone(tmp_path):
    """Entries are saved in buckets (buildcache.BUCKETS) by their path: an edited item
    writes its own bucket again, with the entries it shares it with, and no other."""
    root, news = cache_site(tmp_path)
    build(root)
    before = buckets(root)
    assert sum(len(bucket_paths(blob)) for blob in before.values()) == len(news) + 2   # + award, page
    target = newest_first(news)[3]
    write_news(root, replace(target, title="Judul Yang Disunting"))
    build(root)
    after = buckets(root)
    changed = [number for number in after if after[number] != before.get(number)]
    assert len(changed) == 1 and after.keys() == before.keys()
    assert target.file.removeprefix("content/") in {
        path.removeprefix("content/") for path in bucket_paths(after[changed[0]])}
    assert bucket_paths(after[changed[0]]) == bucket_paths(before[changed[0]])
    assert snapshot(root / "output") == fresh(root)


def test_a_damaged_bucket_reads_again_the_files_it_held_and_no_other(tmp_path, monkeypatch):
    """A bucket that no longer unpickles (a disk error within the database) is a miss of
    each file it held: those are read and converted again, the others come from the
    cache, and the site is the one a build without the cache makes."""
    from site_builder.content import documents
    root, _ = cache_site(tmp_path)
    build(root)
    saved = buckets(root)
    number = max(saved, key=lambda found: len(bucket_paths(saved[found])))
    held = {path.rsplit("/", 1)[-1] for path in bucket_paths(saved[number])}
    db = sqlite3.connect(root / ".cache" / "build" / "cache.sqlite")
    with db:
        db.execute("UPDATE buckets SET entries = ? WHERE number = ?",
                   (saved[number][:len(saved[number]) // 2], number))
    db.close()
    loaded: list[str] = []
    read_source = documents.read_source

    def counted(job, *args, **kwargs):
        loaded.append(job.path.name)
        return read_source(job, *args, **kwargs)

    monkeypatch.setattr(documents, "read_source", counted)
    build(root, jobs=1)
    assert loaded and set(loaded) <= held
    loaded.clear()
    build(root, jobs=1)
    assert loaded == []   # the bucket was written whole again
    assert snapshot(root / "output") == fresh(root)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_fresh_clone_saves_new_signatures_not_its_entries_again(tmp_path, monkeypatch, jobs):
    """On CI every content file comes back with a new stat and the same bytes. The build
    knows each by its bytes and saves its new signature alone: the entries (30 MB at
    10,000 items) stay as written, and the build after reads no content file again."""
    root, _ = cache_site(tmp_path)
    build(root, jobs=jobs)
    written = buckets(root)
    checked_out_afresh(root)
    with counting_reads(monkeypatch) as read:
        build(root, jobs=jobs)
        assert len(read) == sum(len(bucket_paths(blob)) for blob in written.values())
        assert buckets(root) == written
        read.clear()
        result = build(root, jobs=jobs)
        assert read == [] and result.rendered == ()
    assert snapshot(root / "output") == fresh(root)


def test_pages_keyed_in_forked_processes_are_kept_and_rendered_as_keyed_here(tmp_path,
                                                                           monkeypatch):
    """A cold build in a pool keys each page in the worker rendering it; later builds key
    the pages in two processes. Each must make the keys the serial path makes, or every
    page would render again (or, worse, an edited one would not)."""
    from site_builder import render
    from site_builder.content import loading
    monkeypatch.setattr(render, "PARALLEL_FROM", 2)
    monkeypatch.setattr(render, "KEYS_SHARED_FROM", 2)
    monkeypatch.setattr(loading, "PARALLEL_FROM", 2)
    root, news = cache_site(tmp_path)
    cold = build(root, jobs=2)
    assert set(cold.rendered) == html_pages(root / "output")
    assert build(root, jobs=2).rendered == ()

    target = next(item for item in newest_first(news)[14:] if len(item.tags) > 1)
    edited = replace(target, title="Judul Baru Yang Diperbaiki")
    write_news(root, edited)
    news = [edited if item == target else item for item in news]
    assert set(build(root, jobs=2).rendered) == ({edited.page} | lists_showing(news, edited)
                                                 | read_also_showing(news, edited))
    assert snapshot(root / "output") == fresh(root)

    # Links are checked in the forked process, while pages are keyed: its problems
    # come back to this one, and stop the build before anything is written.
    published = snapshot(root / "output")
    broken = replace(edited, body=edited.body + "\nLihat [jadwal lama](/jadwal-lama/).\n")
    write_news(root, broken)
    with pytest.raises(BuildFailed) as failed:
        build(root, jobs=2)
    [problem] = failed.value.errors
    assert (problem.location.path.as_posix(), problem.location.line) == (broken.file, 11)
    assert "/jadwal-lama/" in problem.message
    assert snapshot(root / "output") == published


def test_body_edit_under_an_explicit_summary_renders_only_its_page(tmp_path):
    """Not the lists, nor the pages of the items next to it, which show it under "Baca
    juga" (they are given the item itself, views.ReadAlso, but read its body nowhere:
    news.html reads `item.body_html`, the page's own item's)."""
    root, news = cache_site(tmp_path)
    target = newest_first(news)[0]   # on the home page, the first list pages and the feed
    build(root)
    assert read_also_showing(news, target)

    write_news(root, replace(target, body=body(target.number, "kini dengan jam buka yang baru")))
    result = build(root)

    assert set(result.rendered) == {target.page}
    assert target.page in result.written.changed_paths
    assert "jam buka yang baru" in read(root, "output/" + target.page)
    assert snapshot(root / "output") == fresh(root)


def theme_with(root: Path, template: str, old: str, new: str) -> None:
    """The builder's theme copied beside content/, `old` replaced by `new` in `template`."""
    shutil.copytree(PROJECT / "templates", root / "templates")
    path = root / "templates" / template
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_theme_showing_the_bodies_of_baca_juga_renders_those_pages_on_a_body_edit(tmp_path):
    """A body read through a name the template binds itself (a loop's, a macro's) may be
    any item's it was given: every page whose templates hold that read counts every body
    (here every page importing _macros.html: the lists too)."""
    root, news = cache_site(tmp_path)
    theme_with(root, "_macros.html", "{{ other.title }}</a>",
               "{{ other.title }}</a> {{ other.body_html | striptags }}")
    target = newest_first(news)[0]
    build(root)

    write_news(root, replace(target, body=body(target.number, "kini dengan jam buka yang baru")))
    result = build(root)

    neighbours = read_also_showing(news, target)
    assert neighbours and {target.page} | neighbours <= set(result.rendered)
    for page in neighbours:
        assert "jam buka yang baru" in read(root, "output/" + page)
    assert snapshot(root / "output") == fresh(root)


def test_a_field_named_in_a_filters_text_counts_as_read(tmp_path):
    """`map(attribute="body_html")` reads the bodies of the list pages' items: a body edit
    renders the list pages showing the item (the name is a string, not an attribute)."""
    root, news = cache_site(tmp_path)
    theme_with(root, "news_list.html", "{% block main %}",
               '{% block main %}<!-- {{ items | map(attribute="body_html") | map("length")'
               ' | sum }} -->')
    target = newest_first(news)[0]
    build(root)

    write_news(root, replace(target, body=body(target.number, "kini dengan jam buka yang baru")))
    result = build(root)

    on_lists = {page for page in lists_showing(news, target) if "/20" not in page}
    assert on_lists and on_lists <= set(result.rendered)
    assert snapshot(root / "output") == fresh(root)


def test_new_newest_item_renders_home_shifted_lists_its_tags_and_its_page(tmp_path):
    root, news = cache_site(tmp_path)
    build(root)

    added = news_item(COUNT + 1, date="2026-11-20 08:00", tags=(TAGS[0],))
    write_news(root, added)
    news = [*news, added]
    result = build(root)

    slug = tag_slug(TAGS[0])
    expected = ({"index.html", added.page, "tag/index.html",   # tag/index.html: its count
                 year_page(added)}
                | all_list_pages("berita/", len(news))
                | all_list_pages(f"tag/{slug}/", len(tagged(news, slug))))
    rendered = set(result.rendered)
    assert expected <= rendered
    assert "profil/index.html" not in rendered
    # Of the other items' pages, only the one that "Baca juga" now links it from: the
    # newest item of its tag until now.
    [neighbour] = read_also_showing(news, added)
    assert neighbour == tagged(news, slug)[1].page
    assert rendered & {item.page for item in news if item != added} == {neighbour}
    assert rendered == expected | {neighbour}
    assert snapshot(root / "output") == fresh(root)


def test_deleted_item_disappears_and_the_lists_after_it_shift(tmp_path):
    root, news = cache_site(tmp_path)
    target = newest_first(news)[7]
    assert not target.bundle
    build(root)
    shifted = lists_from(news, target)

    (root / target.file).unlink()
    news = [item for item in news if item != target]
    result = build(root)

    assert not (root / "output" / target.page).exists()
    assert not (root / "output" / "berita" / target.slug).exists()
    assert result.written.removed >= 1
    assert target.page not in result.rendered
    # the lists it was on, from its page to their last (which may be gone), and the tag
    # counts, change; the pages before it and the home page (4 newer items) do not
    existing = {path for path in shifted if (root / "output" / path).exists()}
    assert {"tag/index.html"} | existing <= set(result.rendered)
    assert existing <= set(result.written.changed_paths)
    assert -(-len(news) // PER_PAGE) == -(-(len(news) + 1) // PER_PAGE)   # as many list pages
    assert not {"index.html", "berita/index.html"} & set(result.rendered)
    assert snapshot(root / "output") == fresh(root)


def test_template_edits_render_the_pages_made_from_them(tmp_path):
    root, _ = cache_site(tmp_path)
    shutil.copytree(PROJECT / "templates", root / "templates")   # found beside content/
    first = build(root)
    every_page = html_pages(root / "output")
    assert set(first.rendered) == every_page

    page_html = root / "templates" / "page.html"
    text = page_html.read_text(encoding="utf-8")
    assert text.count("{% endblock %}") == 1
    page_html.write_text(text.replace("{% endblock %}",
                                      '<p class="meta">Halaman tetap.</p>\n{% endblock %}'),
                         encoding="utf-8")
    result = build(root)
    assert set(result.rendered) == {"profil/index.html"}
    assert "Halaman tetap." in read(root, "output/profil/index.html")
    assert snapshot(root / "output") == fresh(root)

    base_html = root / "templates" / "base.html"
    text = base_html.read_text(encoding="utf-8")
    assert text.count("</footer>") == 1
    base_html.write_text(text.replace("</footer>", "<p>Tema versi dua.</p>\n</footer>"),
                         encoding="utf-8")
    result = build(root)
    assert set(result.rendered) == every_page
    assert "Tema versi dua." in read(root, "output/berita/index.html")
    assert snapshot(root / "output") == fresh(root)


def test_a_stylesheet_edit_gives_every_page_the_new_stylesheet_address(tmp_path):
    """Pages ask for assets/style.css?v=<digest of its bytes>: a host may let phones keep
    the stylesheet for a year, and a new one is fetched the moment pages name it."""
    root, _ = cache_site(tmp_path)
    shutil.copytree(PROJECT / "templates", root / "templates")
    build(root)
    every_page = html_pages(root / "output")
    style = root / "templates" / "assets" / "style.css"

    def addresses() -> set[str]:
        return {href for page in every_page for href in re.findall(
            r'<link rel="stylesheet" href="([^"]+)">', read(root, f"output/{page}"))}

    def published() -> set[str]:   # the address of the stylesheet as published
        sent = (root / "output/assets/style.css").read_bytes()
        return {f"/assets/style.css?v={hashlib.sha256(sent).hexdigest()[:10]}"}

    before = addresses()
    assert before == published()
    # A comment is not published: editing one changes no address (phones keep theirs).
    style.write_text(style.read_text(encoding="utf-8") + "\n/* Kelas baru. */\n",
                     encoding="utf-8")
    assert build(root).rendered == () and addresses() == before
    style.write_text(style.read_text(encoding="utf-8") + "\n.baru { color: #000; }\n",
                     encoding="utf-8")
    result = build(root)
    assert set(result.rendered) == every_page
    after = addresses()
    assert after == published()
    assert after != before
    assert read(root, "output/assets/style.css").endswith(".baru { color: #000; }\n")
    assert snapshot(root / "output") == fresh(root)
    assert build(root).rendered == ()   # nothing changed since


def test_site_yaml_edit_renders_every_page(tmp_path):
    root, _ = cache_site(tmp_path)
    build(root)
    write_files(root, {"content/site.yaml": SITE_YAML.replace("Perpustakaan Uji Cache",
                                                              "Perpustakaan Daerah Uji")})
    result = build(root)
    assert set(result.rendered) == html_pages(root / "output")
    assert "Perpustakaan Daerah Uji" in read(root, "output/jadwal/index.html")
    assert snapshot(root / "output") == fresh(root)


def test_a_new_time_zone_reads_every_date_again(tmp_path):
    """The library of a WITA regency sets `timezone: Asia/Makassar`: every item's date,
    written in local time, is another instant; the cached build is the build without
    the cache (dates are read again, not taken from the cache)."""
    root, _ = cache_site(tmp_path)
    build(root)
    write_files(root, {"content/site.yaml": SITE_YAML + "timezone: Asia/Makassar\n"})
    build(root)
    assert "WITA" in read(root, "output/index.html")
    assert snapshot(root / "output") == fresh(root)


def test_calendars_are_kept_until_the_schedule_or_site_yaml_changes(tmp_path):
    root, _ = cache_site(tmp_path)
    build(root)
    calendar = root / "output/jadwal/bahasa-inggris.ics"
    write_news(root, news_item(2, tags=(TAGS[0],)))   # not a schedule edit: kept from the cache
    build(root)
    assert b"Ruang Pelatihan Lt. 2" in calendar.read_bytes()
    write_files(root, {"content/schedule.yaml": SCHEDULE.replace("Lt. 2", "Lt. 3")})
    build(root)
    assert b"Ruang Pelatihan Lt. 3" in calendar.read_bytes()
    write_files(root, {"content/site.yaml": SITE_YAML.replace("Perpustakaan Uji Cache",
                                                              "Perpustakaan Daerah Uji")})
    build(root)
    assert b"Perpustakaan Daerah Uji" in calendar.read_bytes()
    assert snapshot(root / "output") == fresh(root)


def test_time_passing_publishes_a_scheduled_item_without_any_file_changing(tmp_path):
    root, news = cache_site(tmp_path)
    scheduled = news_item(COUNT + 1, date="2026-11-26 08:00", tags=(TAGS[1],))
    write_news(root, scheduled)
    build(root)
    assert not (root / "output" / scheduled.page).exists()

    later = datetime(2026, 11, 27, 9, 0)
    result = build(root, now=later)
    assert (root / "output" / scheduled.page).is_file()
    assert {scheduled.page, "index.html", "berita/index.html"} <= set(result.rendered)
    assert snapshot(root / "output") == fresh(root, now=later)


# -- a cache that cannot be trusted -----------------------------------------------

@pytest.mark.parametrize("damage", ["garbage", "empty", "deleted", "pages"])
def test_damaged_or_missing_cache_is_rebuilt_not_believed(tmp_path, damage):
    root, news = cache_site(tmp_path)
    build(root)
    files = cache_files(root)
    assert files, "a cached build keeps its cache in .cache/build/"
    if damage == "deleted":
        shutil.rmtree(root / ".cache" / "build")
    elif damage == "pages":   # the file's header intact, its pages after it overwritten
        for path in files:
            data = bytearray(path.read_bytes())
            for start in range(4096, len(data), 4096):
                data[start + 8: start + 200] = b"\x00\xffbukan cache\x80" * 12
            path.write_bytes(bytes(data))
    for path in files if damage in ("garbage", "empty") else []:
        path.write_bytes(b"\x00\xffbukan cache\x80" * 37 if damage == "garbage" else b"")
    # a change the cache has not seen, so a cache believed would publish a stale page
    target = newest_first(news)[12]
    write_news(root, replace(target, title="Judul Setelah Cache Rusak"))

    result = build(root)
    assert snapshot(root / "output") == fresh(root)
    assert set(result.rendered) == html_pages(root / "output")
    # the cache is whole again: the next build renders nothing
    assert build(root).rendered == ()
    assert snapshot(root / "output") == fresh(root)


def test_failed_build_leaves_output_and_the_fixed_build_is_exact(tmp_path):
    root, news = cache_site(tmp_path)
    build(root)
    before = snapshot(root / "output")
    target = newest_first(news)[3]

    broken = (root / target.file).read_text(encoding="utf-8").replace(
        f"date: {target.date}", "date: 2024-13-05")
    assert "2024-13-05" in broken
    (root / target.file).write_text(broken, encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(root)
    assert snapshot(root / "output") == before

    # fixed with another valid date (same file): the item moves to the end of its lists
    write_files(root, {target.file: replace(target, date="2024-12-05 10:00").text()})
    result = build(root)
    assert result.written.changed >= 1
    assert snapshot(root / "output") == fresh(root)


class _Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, `finally` blocks aside (patched below)."""


def test_a_build_killed_before_its_swap_leaves_a_cache_the_next_build_can_trust(
        tmp_path, monkeypatch):
    """A build dying while it writes, after the content files' entries were saved early
    (save_soon) but before its swap and its final save, leaves output/ as it was; the
    next build makes exactly the new site. (Had the search index's state been saved
    early too, the next build would have taken the edited item's search page for one
    output/ holds, and kept the old one.)"""
    root, news = cache_site(tmp_path)
    build(root)
    before = snapshot(root / "output")
    target = newest_first(news)[3]
    write_files(root, {target.file: replace(target, title="Judul Baru Sekali").text()})
    import site_builder.pipeline as pipeline

    def killed(*args, **kwargs):
        raise _Killed

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "write_site", killed)
        # What a killed process saves: only what save_soon's thread wrote.
        patch.setattr(BuildCache, "save", lambda cache: cache._wait_for_saving())
        with pytest.raises(_Killed):
            build(root)
    assert snapshot(root / "output") == before
    build(root)
    expected = fresh(root)
    assert snapshot(root / "output") == expected
    assert any(b"Judul Baru Sekali" in data for path, data in expected.items()
               if path.startswith("cari/indeks/h/"))


# -- --no-cache and clean -----------------------------------------------------------

def test_no_cache_neither_reads_nor_writes_the_cache(tmp_path):
    root, news = cache_site(tmp_path)
    first = run(root, "build", "--no-cache")
    assert first.code == 0, first.err
    assert not (root / ".cache" / "build").exists()
    build(root, cache=False)
    assert not (root / ".cache" / "build").exists()

    build(root)
    cached = snapshot(root / ".cache" / "build")
    assert cached
    every = build(root, cache=False)
    assert set(every.rendered) == html_pages(root / "output")

    target = newest_first(news)[6]
    write_news(root, replace(target, title="Judul Tanpa Cache"))
    result = run(root, "build", "--no-cache")
    assert result.code == 0, result.err
    assert snapshot(root / ".cache" / "build") == cached
    assert "Judul Tanpa Cache" in read(root, "output/" + target.page)
    assert snapshot(root / "output") == fresh(root)
    # the cache never saw that edit: a cached build still renders the item's page
    assert target.page in build(root).rendered
    assert snapshot(root / "output") == fresh(root)


def test_a_file_saved_after_the_inputs_were_read_is_built_by_the_next_build(tmp_path):
    """The command line reads every input's signature before the build (the no-change
    check), and the build reuses them rather than reading them again. A file saved in
    between is built as it was then, and by the next build as it is."""
    root, news = cache_site(tmp_path)
    target = newest_first(news)[3]
    path = root / target.file
    old = datetime(2026, 11, 1).timestamp()
    os.utime(path, (old, old))   # written long ago: its signature is trusted
    build(root)
    before = file_signature(path)
    write_news(root, replace(target, title="Judul Yang Disimpan Kemudian"))
    os.utime(path, (old + 60, old + 60))
    options = BuildOptions(content_dir=root / "content", output_dir=root / "output", now=NOW,
                           input_stats={str(path): before})
    build_site(options)
    assert "Judul Yang Disimpan Kemudian" not in read(root, "output/" + target.page)
    assert target.page in build(root).rendered
    assert "Judul Yang Disimpan Kemudian" in read(root, "output/" + target.page)
    assert snapshot(root / "output") == fresh(root)


def test_clean_deletes_the_cache_and_leaves_output(tmp_path):
    root, _ = cache_site(tmp_path)
    built = run(root, "build")
    assert built.code == 0, built.err
    assert (root / ".cache" / "build").is_dir()
    before = snapshot(root / "output")

    cleaned = run(root, "clean", now=None)
    assert cleaned.code == 0, cleaned.err
    assert not (root / ".cache").exists()
    assert snapshot(root / "output") == before
    assert run(root, "clean", now=None).code == 0   # nothing left to clean is fine

    result = build(root)
    assert set(result.rendered) == html_pages(root / "output")
    assert snapshot(root / "output") == before


def _inodes(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and time: a file written anew may get a freed inode's number."""
    return {path.relative_to(folder).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
            for path in folder.rglob("*") if path.is_file()}


def test_a_build_after_the_cache_is_emptied_writes_only_what_differs(tmp_path):
    """An emptied cache (`clean`, a new builder version) holds no record of output/: the
    build reads output/ and the spare folder instead, and writes only what differs."""
    root, news = cache_site(tmp_path)
    build(root)
    write_news(root, replace(news[0], title="Judul Sebelum Clean"))
    build(root)   # written into a new folder: the site before is now the spare folder
    output, spare = root / "output", root / ".output.spare"
    assert spare.is_dir()
    before, inodes = snapshot(output), _inodes(output)
    spare_before, spare_inodes = snapshot(spare), _inodes(spare)

    assert run(root, "clean", now=None).code == 0
    same = build(root)
    assert same.written.changed == same.written.removed == 0
    assert _inodes(output) == inodes   # not one file written

    assert run(root, "clean", now=None).code == 0
    target = newest_first(news)[6]
    write_news(root, replace(target, title="Judul Setelah Clean"))
    result = build(root)
    after = snapshot(output)
    differ = sorted(path for path, data in after.items() if before.get(path) != data)
    assert target.page in differ and len(differ) < len(after) // 4
    assert list(result.written.changed_paths) == differ
    assert result.written.removed == len(before.keys() - after.keys())
    # The spare folder became output/: written into it were exactly the files it did
    # not already hold; the others are the files it or output/ held (the same inode).
    now = _inodes(output)
    written = {path for path in after if now[path] not in (inodes.get(path),
                                                             spare_inodes.get(path))}
    assert written == {path for path, data in after.items() if spare_before.get(path) != data}
    assert len(written) < len(after) // 4
    assert after == fresh(root)
    # and the next build has its records again: an edit is written alone
    write_news(root, replace(target, title="Judul Berikutnya"))
    assert target.page in build(root).written.changed_paths
    assert snapshot(output) == fresh(root)


# -- the no-change check of the command line (uptodate.py) ---------------------------------

UNCHANGED = "tidak ada yang berubah sejak build terakhir"


def test_command_line_says_nothing_changed_and_writes_nothing(tmp_path):
    root, _ = cache_site(tmp_path)
    assert run(root, "build").code == 0
    before = {path: (path.stat().st_ino, path.stat().st_mtime_ns)
              for path in (root / "output").rglob("*") if path.is_file()}
    again = run(root, "build")
    assert again.code == 0 and UNCHANGED in again.out, again.out
    after = {path: (path.stat().st_ino, path.stat().st_mtime_ns)
             for path in (root / "output").rglob("*") if path.is_file()}
    assert after == before


def test_command_line_rebuilds_when_a_scheduled_item_comes_due(tmp_path):
    root, news = cache_site(tmp_path)
    scheduled = news_item(COUNT + 1, date="2026-11-26 08:00", tags=(TAGS[1],))
    write_news(root, scheduled)
    assert run(root, "build", now="2026-11-24T09:00").code == 0
    # later the same day, before the next session or midnight: the same site
    assert UNCHANGED in run(root, "build", now="2026-11-24T09:30").out
    # the next day: "this week" moved on (the schedule shows today), so it builds
    assert UNCHANGED not in run(root, "build", now="2026-11-25T09:00").out
    due = run(root, "build", now="2026-11-26T08:00")
    assert due.code == 0 and UNCHANGED not in due.out
    assert (root / "output" / scheduled.page).is_file()
    # and not backwards: an earlier time than the build that wrote output/ builds again
    assert UNCHANGED not in run(root, "build", now="2026-11-24T09:00").out
    assert not (root / "output" / scheduled.page).exists()


def test_command_line_rebuilds_after_a_template_edit(tmp_path):
    """A theme edit (templates/ beside content/) changes every page: never "nothing
    changed"."""
    root, _ = cache_site(tmp_path)
    shutil.copytree(PROJECT / "templates", root / "templates")
    assert run(root, "build").code == 0
    assert UNCHANGED in run(root, "build").out
    base_html = root / "templates" / "base.html"
    text = base_html.read_text(encoding="utf-8")
    base_html.write_text(text.replace("</footer>", "<p>Tema versi dua.</p>\n</footer>", 1),
                         encoding="utf-8")
    rebuilt = run(root, "build")
    assert rebuilt.code == 0 and UNCHANGED not in rebuilt.out
    assert "Tema versi dua." in read(root, "output/index.html")


def test_command_line_repairs_an_output_file_edited_by_hand(tmp_path):
    root, news = cache_site(tmp_path)
    assert run(root, "build").code == 0
    page = root / "output" / news[0].page
    original = page.read_bytes()
    page.write_bytes(b"<p>diubah tangan</p>")
    repaired = run(root, "build")
    assert repaired.code == 0 and UNCHANGED not in repaired.out
    assert page.read_bytes() == original
    assert snapshot(root / "output") == fresh(root)


def test_command_line_sees_a_file_saved_with_the_same_size(tmp_path):
    root, news = cache_site(tmp_path)
    assert run(root, "build").code == 0
    path = root / news[3].file
    text = path.read_text(encoding="utf-8")
    changed = text.replace("Paragraf pembuka", "Paragraf Pembuka", 1)
    assert changed != text and len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    rebuilt = run(root, "build")
    assert rebuilt.code == 0 and UNCHANGED not in rebuilt.out
    assert snapshot(root / "output") == fresh(root)


# -- the spare folder: read only when a name was added or removed -------------------

def _folders(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_dir()}


def _edit_title(root: Path, item: News, title: str) -> None:
    write_news(root, replace(item, title=title))


def test_a_spare_folder_nobody_touched_is_brought_up_to_date_without_reading_it(
        tmp_path, monkeypatch):
    import site_builder.writer as writer
    walks = []
    original = writer._remove_others
    monkeypatch.setattr(writer, "_remove_others",
                        lambda folder, keep: (walks.append(folder), original(folder, keep)))
    root, news = cache_site(tmp_path)
    build(root)
    for number, title in enumerate(["Judul Baru Satu", "Judul Baru Dua", "Judul Baru Tiga"]):
        _edit_title(root, news[number], title)
        build(root)
        assert snapshot(root / "output") == fresh(root)
    # The first two builds fill a new folder (none is kept beside output/ after the
    # first); from then on the spare folder's records and folders say all it holds.
    assert not [folder for folder in walks if folder == root / ".output.spare"]
    # A deleted item: its page goes, and so does the folder it leaves empty.
    (root / news[5].file).unlink()
    build(root)
    assert snapshot(root / "output") == fresh(root)
    assert f"berita/{news[5].slug}" not in _folders(root / "output")
    assert _folders(root / "output") == _folders(root.parent / "fresh")
    assert not [folder for folder in walks if folder == root / ".output.spare"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_first_edit_after_a_clean_build_writes_into_folder_linked_while_it_loads(
        tmp_path, monkeypatch, jobs):
    """The build after a clean one (no spare folder yet) has its staging folder of hard
    links begun with the build (writer.staging_linked_soon), and swaps that one in."""
    import site_builder.pipeline as pipeline
    begun, filled = [], []   # whether each build began one; the inode of those filled
    original = pipeline.staging_linked_soon

    @contextmanager
    def watched(output_dir, state, jobs):
        with original(output_dir, state, jobs) as prelinked:
            if output_dir == root / "output":   # not fresh()'s
                begun.append(prelinked is not None)

            def taken():
                answer = prelinked()
                filled.append(answer.folder.stat().st_ino)
                return answer
            yield taken if prelinked is not None else None

    monkeypatch.setattr(pipeline, "staging_linked_soon", watched)
    root, news = cache_site(tmp_path)
    build(root, jobs=jobs)
    assert begun == [False]   # a clean build: nothing to link
    _edit_title(root, news[2], "Judul Suntingan Pertama")
    build(root, jobs=jobs)
    assert begun == [False, True]
    assert filled == [(root / "output").stat().st_ino]
    assert snapshot(root / "output") == fresh(root)
    assert not [path for path in root.iterdir() if ".staging-" in path.name]
    _edit_title(root, news[3], "Judul Suntingan Kedua")
    build(root, jobs=jobs)
    assert begun == [False, True, False]   # the spare folder is filled from then on
    assert snapshot(root / "output") == fresh(root)


@pytest.mark.parametrize("where", ["output", ".output.spare"])
def test_a_file_added_by_hand_beside_the_site_is_never_published(tmp_path, where):
    root, news = cache_site(tmp_path)
    build(root)
    for number in range(2):   # two builds: a spare folder beside output/, with records
        _edit_title(root, news[number], f"Judul Sunting {number}")
        build(root)
    folder = root / where
    (folder / "verifikasi-google.html").write_text("tambahan", encoding="utf-8")
    (folder / "berita" / news[7].slug / "catatan.txt").write_text("x", encoding="utf-8")
    (folder / "folder-baru" / "dalam").mkdir(parents=True)
    (folder / "folder-baru" / "dalam" / "a.txt").write_text("x", encoding="utf-8")
    for number in range(2, 5):   # output/ becomes the spare folder, then is filled again
        _edit_title(root, news[number], f"Judul Sunting {number}")
        build(root)
        if number >= 3:
            assert snapshot(root / "output") == fresh(root)
            assert _folders(root / "output") == _folders(root.parent / "fresh")


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("where", ["output", ".output.spare"])
def test_a_file_edited_in_place_beside_the_site_is_never_published(tmp_path, where, jobs):
    """Files of output/ and of the spare folder share inodes (hard links): an edit in
    place shows in both, and a later build rewrites it wherever it lies. (With two
    jobs the files are checked in a forked process while the content loads.)"""
    root, news = cache_site(tmp_path)
    build(root, jobs=jobs)
    for number in range(2):   # a spare folder beside output/, with records
        _edit_title(root, news[number], f"Judul Sunting {number}")
        build(root, jobs=jobs)
    untouched = root / where / news[9].page   # a page no edit below changes
    assert untouched.stat().st_nlink == 2
    with open(untouched, "r+b") as file:   # same inode, same size, new bytes
        original = file.read()
        file.seek(0)
        file.write(original.replace(b"<html", b"<HTML", 1))
    for number in range(2, 5):
        _edit_title(root, news[number], f"Judul Sunting {number}")
        build(root, jobs=jobs)
        assert snapshot(root / "output") == fresh(root)


@pytest.mark.parametrize("change", ["added", "removed", "added-folder", "renamed"])
def test_command_line_sees_a_file_added_or_removed_in_output_by_hand(tmp_path, change):
    root, news = cache_site(tmp_path)
    for _ in range(2):   # the second build is the one that records folders, after a swap
        assert run(root, "build").code == 0
    assert UNCHANGED in run(root, "build").out
    output = root / "output"
    page = output / news[4].page
    if change == "added":
        (page.parent / "catatan.txt").write_text("tambahan", encoding="utf-8")
    elif change == "removed":
        page.unlink()
    elif change == "added-folder":
        (output / "berita" / "folder-baru").mkdir()
        (output / "berita" / "folder-baru" / "a.html").write_text("x", encoding="utf-8")
    else:
        page.rename(page.with_name("halaman.html"))
    rebuilt = run(root, "build")
    assert rebuilt.code == 0 and UNCHANGED not in rebuilt.out, rebuilt.out
    assert snapshot(output) == fresh(root)
    assert UNCHANGED in run(root, "build").out


def test_library_versions_are_read_as_importlib_metadata_reads_them(tmp_path, monkeypatch):
    """builder_version holds the version of each library that shapes the output, read
    from the install folders' names: the same as importlib.metadata's, and a library
    installed again at another version (found first along sys.path) changes it."""
    from importlib import metadata

    from site_builder import buildcache
    found = buildcache._installed_versions()
    for name in buildcache.LIBRARIES:
        assert found[buildcache._normal_name(name)] == metadata.version(name), name
    (tmp_path / "Markdown-99.1.dist-info").mkdir()
    (tmp_path / "PyYAML-7.0-py3.11.egg-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    found = buildcache._installed_versions()
    assert (found["markdown"], found["pyyaml"]) == ("99.1", "7.0")


def test_content_entries_are_saved_while_the_build_goes_on_and_the_rest_after(tmp_path):
    """save_soon writes the content files' entries learnt so far in a thread (while the
    writer waits on the file system), and no state record: those describe output/ and
    are written by save, after the swap, with the writer's record of it. A reopened cache
    holds both halves, and the later value of a record put twice."""
    cache = BuildCache(tmp_path / "cache")
    cache.put_file("news/a.md", FileEntry(None, "digest-a", "env", (), {"title": "A"}))
    cache.put_state("search-index:x", ["first"])
    cache.save_soon()
    # Written before save is called: another connection sees it (WAL: readers see commits).
    reader = sqlite3.connect(tmp_path / "cache" / "cache.sqlite")
    deadline = time.monotonic() + 10
    while not reader.execute("SELECT 1 FROM buckets").fetchone():
        assert time.monotonic() < deadline, "save_soon wrote nothing"
        time.sleep(0.01)
    assert reader.execute("SELECT name FROM state").fetchall() == []
    cache.put_state("search-index:x", ["second"])
    cache.put_file("news/b.md", FileEntry(None, "digest-b", "env", (), {"title": "B"}))
    cache.save()
    assert reader.execute("SELECT name FROM state").fetchall() == [("search-index:x",)]
    reader.close()
    cache.close()
    reopened = BuildCache(tmp_path / "cache")
    assert reopened.file("news/a.md").value == {"title": "A"}
    assert reopened.file("news/b.md").value == {"title": "B"}
    assert reopened.state("search-index:x") == ["second"]
    reopened.close()


def test_state_records_are_saved_in_a_thread_once_the_build_says_so(tmp_path):
    """After its swap the build hands the state records to the thread too
    (save_soon(state=True)), and makes its no-change record meanwhile."""
    cache = BuildCache(tmp_path / "cache")
    cache.put_state("output:x", ["written"])
    cache.save_soon(state=True)
    reader = sqlite3.connect(tmp_path / "cache" / "cache.sqlite")
    deadline = time.monotonic() + 10
    while not reader.execute("SELECT 1 FROM state WHERE name = 'output:x'").fetchone():
        assert time.monotonic() < deadline, "save_soon(state=True) wrote no state"
        time.sleep(0.01)
    reader.close()
    cache.save()
    cache.close()
    assert BuildCache(tmp_path / "cache").state("output:x") == ["written"]


def test_a_save_that_fails_in_its_thread_fails_the_save_that_waits_for_it(tmp_path):
    cache = BuildCache(tmp_path / "cache")
    cache.put_file("news/a.md", FileEntry(None, "digest-a", "env", (), lambda: None))
    cache.save_soon()
    with pytest.raises((pickle.PicklingError, AttributeError)):
        cache.save()
    cache.close()


@pytest.mark.parametrize("name", ["gambar/animasi.gif", "foto/aula.jpg"])
def test_an_image_replaced_by_one_of_another_size_renders_the_pages_showing_it(tmp_path, name):
    """A static photo (resized: its variants) or GIF (as it is: its header) an item shows,
    replaced under the same name by one of another shape: the page's width, height and
    srcset follow, as a build without the cache makes them."""
    from PIL import Image

    def picture(size: tuple[int, int]) -> bytes:
        if name.endswith(".jpg"):
            return image_bytes(*size)
        buffer = io.BytesIO()
        Image.new("P", size, 3).save(buffer, "GIF")
        return buffer.getvalue()

    item = ("---\ntitle: Aula\ndate: 2026-11-20\nimage: " + name
            + "\nimage_alt: Aula baru\n---\nIsi.\n")
    root = make_site(tmp_path / "site", {"content/news/2026-11-20-aula.md": item,
                                         f"content/static/{name}": picture((1200, 800))})
    build(root)
    time.sleep(0.01)
    (root / "content/static" / name).write_bytes(picture((800, 1200)))
    build(root)
    page = read(root, "output/berita/aula/index.html")
    assert 'width="736" height="1104"' in page or 'width="800" height="1200"' in page
    assert snapshot(root / "output") == fresh(root)


def test_a_static_photo_of_a_body_replaced_by_one_of_another_size_renders_its_page(tmp_path):
    """The same for a photo the body shows (with_pictures): the <picture> of the page
    names the new variants, not the old ones."""
    item = "---\ntitle: Aula\ndate: 2026-11-20\n---\nIsi.\n\n![Aula baru](/foto/aula.jpg)\n"
    root = make_site(tmp_path / "site", {"content/news/2026-11-20-aula.md": item,
                                         "content/static/foto/aula.jpg": image_bytes(1200, 800)})
    build(root)
    assert "/foto/aula-960.jpg 960w" in read(root, "output/berita/aula/index.html")
    time.sleep(0.01)
    (root / "content/static/foto/aula.jpg").write_bytes(image_bytes(800, 1200))
    build(root)
    page = read(root, "output/berita/aula/index.html")
    assert "/foto/aula-960.jpg" not in page and 'width="736" height="1104"' in page
    assert snapshot(root / "output") == fresh(root)


def test_where_folders_cannot_trade_places_the_spare_folder_still_serves(tmp_path,
                                                                         monkeypatch):
    """Off Linux, or on a file system without renameat2's exchange, the new site goes in by
    two renames (writer._swap_by_renames): the old site must still become the spare
    folder the next build writes into, and every build equals a fresh one."""
    import site_builder.writer as writer
    monkeypatch.setattr(writer, "_exchange", lambda first, second: False)
    root, news = cache_site(tmp_path)
    build(root)
    for number, title in enumerate(["Judul Baru Satu", "Judul Baru Dua", "Judul Baru Tiga"]):
        _edit_title(root, news[number], title)
        result = build(root)
        assert news[number].page in result.written.changed_paths
        assert snapshot(root / "output") == fresh(root)
        spare = root / ".output.spare"
        assert spare.is_dir() and (spare / news[number].page).is_file()
        assert title not in read(root, f".output.spare/{news[number].page}")
    assert sorted(path.name for path in root.iterdir() if "output" in path.name) == [
        ".output.spare", "output"]


def test_another_site_built_by_the_same_process_compiles_no_template(tmp_path, monkeypatch):
    """Compiled templates are kept for the life of the process too, not only in each
    site's build cache: the preview server and the tests build site after site, and
    compiling the theme was four fifths of a small site's first build. A site at another
    address compiles its own (compiled code holds the base path), and each is linked
    from where it is served."""
    from site_builder import render

    compiled = compiled_templates(monkeypatch)
    render._COMPILED.clear()   # as in a new process
    news = {"content/news/2024-01-05-kelas.md": "---\ntitle: Kelas\ndate: 2024-01-05\n---\nIsi.\n"}
    first = make_site(tmp_path / "a", news)
    assert run(first, "build").code == 0
    assert "base.html" in compiled
    compiled.clear()
    second = make_site(tmp_path / "b", news)   # a new site: its build cache is empty
    assert run(second, "build").code == 0
    assert compiled == []
    assert read(second, "output/index.html") == read(first, "output/index.html")
    elsewhere = make_site(tmp_path / "c", {**news, "content/site.yaml": (
        "title: Perpustakaan Uji\nbase_url: https://example.org/perpustakaan/\n")})
    assert run(elsewhere, "build").code == 0
    assert "base.html" in compiled
    assert 'href="/perpustakaan/berita/kelas/"' in read(elsewhere, "output/index.html")


def test_joined_digests_tell_lists_of_parts_apart():
    """Page keys digest their parts joined by \\x1d: a part holding it is digested part by
    part instead, so that ["a\\x1db"] and ["a", "b"] never share a key."""
    from site_builder.buildcache import digest, joined_digest
    assert joined_digest(["a", "b"]) == joined_digest(["a", "b"])
    assert len({joined_digest(["a", "b"]), joined_digest(["a\x1db"]), joined_digest(["ab"]),
                joined_digest(["b", "a"]), joined_digest(["a", "b", ""])}) == 5
    assert joined_digest(["a\x1db"]) == digest("a\x1db")


def test_an_error_names_the_file_of_an_item_read_from_the_cache(tmp_path):
    """A document from the build cache knows its file as one just read does: a new item
    taking a cached item's address is reported at both files."""
    root, news = cache_site(tmp_path)
    build(root)
    published = snapshot(root / "output")
    cached = news[4]
    twin = replace(cached, date="2026-10-30 10:00")   # another file, the same slug
    write_news(root, twin)

    with pytest.raises(BuildFailed) as failure:
        build(root)

    told = "\n".join(str(problem) for problem in failure.value.errors)
    assert f"{cached.file}: kesalahan" in told and twin.file in told
    assert snapshot(root / "output") == published
