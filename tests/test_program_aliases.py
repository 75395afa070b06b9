"""`aliases` of a program of schedule.yaml: its old addresses after its `id` was renamed
("yoga" to "yoga-pagi"). Each old page address gets the redirect page a news item's gets,
and an old page address under /jadwal/ also keeps the old calendar (/jadwal/yoga.ics) as
a byte-for-byte copy of the program's calendar: residents subscribed to it (webcal://,
Google Calendar's ?cid=) keep getting updates, and the QR code on a printed poster
(/jadwal/yoga/) still lands on the class. A build that would remove a program's page
warns with the `aliases` line that keeps it."""

from __future__ import annotations

import shutil

from icalendar import Calendar

from conftest import fails_cleanly, make_site, read, run, snapshot, write_files
from test_build import warnings_of
from test_cache import build
from test_redirects import redirect_target


def schedule(program_id: str = "yoga-pagi", aliases: str = "", extra: str = "") -> dict[str, str]:
    """schedule.yaml with the weekly yoga class under `program_id` (line 2), its `aliases`
    line (line 4, when given) and more programs after it."""
    return {"content/schedule.yaml": (
        "programs:\n"
        f"  - id: {program_id}\n"
        "    title: Kelas Yoga\n"
        + (f"    aliases: {aliases}\n" if aliases else "")
        + "    summary: Yoga untuk pemula.\n"
          "    weekly:\n"
          "      - day: Selasa\n"
          "        start: 15:00\n"
          "        end: 17:00\n"
          "    period: {from: 2026-11-01, until: 2026-12-31}\n"
        + extra)}


READING = """\
  - id: membaca
    title: Membaca Nyaring
    sessions:
      - {date: 2026-12-05, start: 9.00}
"""


def calendar_bytes(root, path: str) -> bytes:
    return (root / "output" / path).read_bytes()


def test_an_old_id_sends_the_reader_on_and_keeps_the_calendar_subscribed(tmp_path):
    root = make_site(tmp_path, schedule(aliases="[/jadwal/yoga/]"))
    assert warnings_of(root) == []   # no 'kolom "aliases" tidak dikenal'
    page = read(root, "output/jadwal/yoga/index.html")
    assert redirect_target(page) == "/jadwal/yoga-pagi/"
    assert '<link rel="canonical" href="https://example.org/jadwal/yoga-pagi/">' in page
    assert 'name="robots"' not in page
    assert '<a href="/jadwal/yoga-pagi/">Kelas Yoga</a>' in page
    # A calendar app follows no HTML redirect: the old feed is the new one, byte for byte.
    new = calendar_bytes(root, "jadwal/yoga-pagi.ics")
    assert calendar_bytes(root, "jadwal/yoga.ics") == new
    events = [event for event in Calendar.from_ical(new).walk("VEVENT")]
    assert [str(event["summary"]) for event in events] == ["Kelas Yoga"]
    # The program's own page, and the QR code of its poster, are where they were.
    assert "Kelas Yoga" in read(root, "output/jadwal/yoga-pagi/index.html")


def test_a_renamed_id_is_told_the_aliases_line_that_keeps_its_page_and_calendar(tmp_path):
    root = make_site(tmp_path, schedule("yoga"))
    assert warnings_of(root) == []
    write_files(root, schedule("yoga-pagi"))
    [warning] = warnings_of(root)
    assert warning == (
        "content/schedule.yaml:2: peringatan: halaman /jadwal/yoga/ yang sudah terbit akan "
        "hilang beserta kalendernya /jadwal/yoga.ics (langganan kalender warga), dan kegiatan "
        "ini terbit di alamat baru /jadwal/yoga-pagi/; bila ini kegiatan yang sama (id-nya "
        'diganti), tambahkan baris "aliases: [/jadwal/yoga/]" pada kegiatan ini agar tautan '
        "lama, kode QR di poster, dan langganan kalender warga tetap bekerja")
    assert not (root / "output" / "jadwal" / "yoga.ics").exists()
    # With the line, the old page and the old calendar are back.
    write_files(root, schedule("yoga-pagi", aliases="[/jadwal/yoga/]"))
    assert warnings_of(root) == []
    assert redirect_target(read(root, "output/jadwal/yoga/index.html")) == "/jadwal/yoga-pagi/"
    assert calendar_bytes(root, "jadwal/yoga.ics") == calendar_bytes(root, "jadwal/yoga-pagi.ics")


def test_a_program_removed_is_told_at_schedule_yaml(tmp_path):
    root = make_site(tmp_path, schedule("yoga", extra=READING))
    assert run(root).code == 0
    write_files(root, {"content/schedule.yaml": "programs:\n" + READING})
    [warning] = warnings_of(root)
    assert warning.startswith("content/schedule.yaml: peringatan: halaman /jadwal/yoga/ yang "
                              "sudah terbit akan hilang beserta kalendernya /jadwal/yoga.ics")
    assert '"tidak ditemukan"' in warning
    assert '"aliases: [/jadwal/yoga/]"' in warning
    # a class stopped: subscribers keep its sessions, so the way to stop it is said
    assert ("bila kegiatannya dihentikan, jangan hapus: warga yang berlangganan kalendernya "
            'tetap melihat sesi yang tersisa; tulis sisa masanya di "except"') in warning
    # Renamed the same build, an old address kept: told nothing.
    write_files(root, schedule("yoga"))
    run(root)
    write_files(root, schedule("senam-yoga", aliases="[/jadwal/yoga/]"))
    assert warnings_of(root) == []


def test_each_old_address_of_each_program_keeps_its_calendar(tmp_path):
    """Several renames over the years, written as staff copy them: a list, the site's
    full address, without slashes, an old .html page (which has no calendar)."""
    root = make_site(tmp_path, schedule(
        aliases="\n      - /jadwal/yoga/\n      - https://example.org/jadwal/yoga-sore/"
                "\n      - jadwal/senam-yoga\n      - /kelas/yoga.html",
        extra=READING.replace("    sessions:", "    aliases: /jadwal/baca/\n    sessions:")))
    assert warnings_of(root) == []
    for old in ("yoga", "yoga-sore", "senam-yoga"):
        assert redirect_target(read(root, f"output/jadwal/{old}/index.html")) == \
            "/jadwal/yoga-pagi/"
        assert calendar_bytes(root, f"jadwal/{old}.ics") == \
            calendar_bytes(root, "jadwal/yoga-pagi.ics")
    assert redirect_target(read(root, "output/kelas/yoga.html")) == "/jadwal/yoga-pagi/"
    assert not (root / "output" / "kelas" / "yoga.ics").exists()
    assert calendar_bytes(root, "jadwal/baca.ics") == calendar_bytes(root, "jadwal/membaca.ics")
    assert calendar_bytes(root, "jadwal/baca.ics") != calendar_bytes(root, "jadwal/yoga.ics")


def test_under_a_sub_path_the_old_address_and_calendar_are_within_the_site(tmp_path):
    root = make_site(tmp_path, {
        "content/site.yaml": "title: Perpustakaan Uji\nbase_url: https://example.org/pustaka/\n",
        **schedule(aliases="[https://example.org/pustaka/jadwal/yoga/]")})
    assert warnings_of(root) == []
    assert redirect_target(read(root, "output/jadwal/yoga/index.html")) == \
        "/pustaka/jadwal/yoga-pagi/"
    assert calendar_bytes(root, "jadwal/yoga.ics") == calendar_bytes(root, "jadwal/yoga-pagi.ics")


def test_old_addresses_are_left_out_of_the_sitemap_and_search_and_links_to_them_work(tmp_path):
    root = make_site(tmp_path, {
        **schedule(aliases="[/jadwal/yoga/]"),
        "content/news/2026-11-22-kabar.md": (
            "---\ntitle: Kabar\ndate: 2026-11-22\n---\n"
            "Ikuti [kelas yoga](/jadwal/yoga/) atau langganan [kalendernya](/jadwal/yoga.ics).\n")})
    # neither link is broken; the page's old address is told its new one (a redirect hop)
    [warning] = warnings_of(root)
    assert warning.startswith('content/news/2026-11-22-kabar.md:5: peringatan: tautan '
                              '"/jadwal/yoga/" menuju alamat lama'), warning
    assert 'tulis "/jadwal/yoga-pagi/"' in warning
    assert "jadwal/yoga/" not in read(root, "output/sitemap.xml")
    assert "jadwal/yoga-pagi/" in read(root, "output/sitemap.xml")
    searched = b"".join(path.read_bytes() for path in (root / "output" / "cari").rglob("*")
                        if path.is_file())
    assert b"jadwal/yoga/" not in searched
    assert b"jadwal/yoga-pagi/" in searched


def test_an_old_address_another_file_has_is_an_error_naming_both(tmp_path):
    root = make_site(tmp_path, schedule("yoga-pagi", extra=READING))
    failed = fails_cleanly(root, {
        **schedule("yoga-pagi", aliases="[/jadwal/membaca/, /jadwal/yoga-pagi/]",
                   extra=READING.replace("    sessions:",
                                         "    aliases: [/jadwal/lama/]\n    sessions:")),
        "content/news/2026-11-20-lama.md": (
            "---\ntitle: Lama\ndate: 2026-11-20\naliases: [/jadwal/lama/]\n---\nIsi.\n")})
    lines = failed.err.splitlines()
    # Another program's page (named with its line), and the program's own address.
    assert ('content/schedule.yaml:4: kesalahan: kolom "aliases": alamat lama /jadwal/membaca/ '
            "sudah dipakai oleh jadwal membaca (content/schedule.yaml:11); "
            'hapus dari "aliases"') in lines
    assert ('content/schedule.yaml:4: kesalahan: kolom "aliases": "/jadwal/yoga-pagi/" adalah '
            'alamat kegiatan ini sendiri, bukan alamat lama; hapus dari "aliases"') in lines
    # One old address written by a program and a news item: both are told.
    [program] = [line for line in lines if line.startswith("content/schedule.yaml:13:")]
    assert "/jadwal/lama/" in program and "content/news/2026-11-20-lama.md:4" in program
    [news] = [line for line in lines if line.startswith("content/news/2026-11-20-lama.md:4:")]
    assert "/jadwal/lama/" in news and "content/schedule.yaml:13" in news
    # Told once at each alias, though its calendar /jadwal/membaca.ics is taken too.
    assert len([line for line in lines if ": kesalahan: " in line]) == 4, failed.err


def test_an_old_calendar_another_file_has_is_an_error_naming_both(tmp_path):
    root = make_site(tmp_path, schedule())
    failed = fails_cleanly(root, {
        **schedule(aliases="[/jadwal/yoga/]"),
        "content/static/jadwal/yoga.ics": "BEGIN:VCALENDAR\nEND:VCALENDAR\n"})
    [error] = [line for line in failed.err.splitlines() if ": kesalahan: " in line]
    assert error == (
        'content/schedule.yaml:4: kesalahan: kolom "aliases": alamat lama /jadwal/yoga/ '
        "menyimpan kalender lama kegiatan ini di /jadwal/yoga.ics, tetapi alamat itu sudah "
        'dipakai oleh content/static/jadwal/yoga.ics; hapus dari "aliases"')


def test_wrong_old_addresses_of_a_program_are_told_as_a_news_items_are(tmp_path):
    root = make_site(tmp_path, schedule())
    failed = fails_cleanly(root, schedule(
        aliases="\n      - /jadwal/yoga.ics\n      - https://jepara.go.id/jadwal/yoga/"
                "\n      - {lama: /jadwal/yoga/}"))
    lines = failed.err.splitlines()
    assert ('content/schedule.yaml:5: kesalahan: kolom "aliases": "/jadwal/yoga.ics" adalah '
            "alamat kalender, bukan halaman; tulis alamat halaman lamanya, aliases: "
            "[/jadwal/yoga/], maka kalender lamanya ikut dibuat dan langganan kalender warga "
            "tetap diperbarui") in lines
    assert any(line.startswith("content/schedule.yaml:6: kesalahan: ") and "jepara.go.id" in line
               for line in lines), failed.err
    assert any(line.startswith("content/schedule.yaml:7: kesalahan: ") and '"aliases"' in line
               for line in lines), failed.err


def test_a_bare_old_id_is_read_as_a_news_alias_is_with_a_warning(tmp_path):
    """As `aliases: [judul-lama]` of a news item is the address /judul-lama/, so is a
    program's: a warning names the address under /jadwal/ most likely meant."""
    root = make_site(tmp_path, schedule(aliases="[yoga]"))
    [warning] = warnings_of(root)
    assert warning == (
        'content/schedule.yaml:4: peringatan: kolom "aliases": "yoga" dibaca sebagai alamat '
        "/yoga/, bukan halaman kegiatan; bila maksudnya id lama kegiatan ini, tulis "
        "/jadwal/yoga/ (bila memang /yoga/, tulis /yoga/)")
    assert redirect_target(read(root, "output/yoga/index.html")) == "/jadwal/yoga-pagi/"
    assert not (root / "output" / "jadwal" / "yoga").exists()


def test_cached_builds_write_the_old_calendar_as_a_build_without_cache(tmp_path):
    """The calendars are kept in the build cache: an alias added or removed makes them
    again, and a cached build writes what a build without the cache writes."""
    root = make_site(tmp_path, schedule(extra=READING))
    build(root)
    write_files(root, schedule(aliases="[/jadwal/yoga/]", extra=READING))
    result = build(root)
    assert set(result.rendered) >= {"jadwal/yoga/index.html"}
    assert (root / "output" / "jadwal" / "yoga.ics").is_file()
    build(root, root / "fresh", cache=False)
    assert snapshot(root / "output") == snapshot(root / "fresh")
    assert build(root).rendered == ()   # warm: nothing to render, the same files
    assert snapshot(root / "output") == snapshot(root / "fresh")
    # Removed again: the old page and its calendar are gone from the next build.
    write_files(root, schedule(extra=READING))
    build(root)
    shutil.rmtree(root / "fresh")
    build(root, root / "fresh", cache=False)
    assert snapshot(root / "output") == snapshot(root / "fresh")
    assert not (root / "output" / "jadwal" / "yoga.ics").exists()
