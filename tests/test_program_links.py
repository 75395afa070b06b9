"""`program` in a news item or award (an addition to the content format): the id of the
schedule's program it is about. The item's page links the program's page ("Kegiatan
terkait"), and the program's page lists the newest items about it ("Kabar tentang
kegiatan ini")."""

from __future__ import annotations

import re

from conftest import dedent, fails_cleanly, make_site, read, run

SCHEDULE = dedent("""\
    programs:
      - id: merajut
        title: Pelatihan Merajut
        sessions:
          - {date: 2026-12-04, start: 13.30, end: 15.30}
      - id: bahasa-inggris
        title: Pelatihan Bahasa Inggris
        sessions:
          - {date: 2026-12-01, start: 15.00, end: 17.00}
    """)


def item(day: int, slug: str, title: str, program: str | None, extra: str = "") -> dict:
    line = f"program: {program}\n" if program else ""
    return {f"content/news/2026-11-{day:02d}-{slug}.md":
            f"---\ntitle: {title}\ndate: 2026-11-{day:02d}\n{line}{extra}---\nIsi {title}.\n"}


def site_with(tmp_path, *items: dict) -> object:
    files = {"content/schedule.yaml": SCHEDULE}
    for each in items:
        files.update(each)
    return make_site(tmp_path, files)


def _stories(page: str) -> list[str]:
    section = page.split('id="kabar-kegiatan"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="([^"]+)">', section)


def test_an_item_and_its_program_link_each_other(tmp_path):
    root = site_with(tmp_path, item(10, "rajut-dibuka", "Kelas Rajut Dibuka", "merajut"),
                     item(12, "lain", "Berita Lain", None))
    assert run(root).code == 0
    news = read(root, "output/berita/rajut-dibuka/index.html")
    related = news.split('id="kegiatan-terkait"', 1)[1].split("</section>", 1)[0]
    assert '<a href="/jadwal/merajut/">Pelatihan Merajut</a>' in related
    assert "Kegiatan terkait" not in read(root, "output/berita/lain/index.html")
    assert _stories(read(root, "output/jadwal/merajut/index.html")) == ["/berita/rajut-dibuka/"]
    assert "kabar-kegiatan" not in read(root, "output/jadwal/bahasa-inggris/index.html")


def _related(root, page: str) -> str:
    section = read(root, page).split('id="kegiatan-terkait"', 1)[1].split("</section>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", "", section.split("</h2>", 1)[1]).split())


def test_the_related_program_says_when_its_next_session_is_or_that_it_is_over(tmp_path):
    """A resident reading of a class wants the day to come: the next session is named
    beside the link; once the last one is over, "cara mendaftar" no longer is."""
    root = site_with(tmp_path, item(10, "rajut-dibuka", "Kelas Rajut Dibuka", "merajut"),
                     item(11, "inggris", "Kelas Inggris", "bahasa-inggris"))
    assert run(root, "build", now="2026-11-30T09:00").code == 0
    assert _related(root, "output/berita/rajut-dibuka/index.html") == (
        "Pelatihan Merajut: jadwal, tempat, dan cara mendaftar. Sesi berikutnya: "
        "Jumat, 4 Desember 2026, 13.30–15.30 WIB.")
    assert run(root, "build", now="2026-12-02T09:00").code == 0
    assert _related(root, "output/berita/inggris/index.html") == (
        "Pelatihan Bahasa Inggris: kegiatan ini sudah selesai; jadwal dan kabarnya tetap "
        "ada di halamannya.")
    assert _related(root, "output/berita/rajut-dibuka/index.html").endswith(
        "Sesi berikutnya: Jumat, 4 Desember 2026, 13.30–15.30 WIB.")


def test_a_program_page_lists_the_five_newest_published_items_about_it(tmp_path):
    items = [item(day, f"rajut-{day}", f"Rajut {day}", "merajut") for day in range(1, 8)]
    award = {"content/awards/2026-11-15-juara-rajut.md":
             "---\ndate: 2026-11-15\naward: Juara Kriya\ngiver: Dinas\nrecipient: Peserta\n"
             "program: merajut\n---\nPeserta kelas rajut menang.\n"}
    draft = item(20, "rajut-draf", "Rajut Draf", "merajut", "draft: true\n")
    later = item(28, "rajut-nanti", "Rajut Nanti", "merajut")   # after NOW: not yet out
    root = site_with(tmp_path, *items, award, draft, later)
    assert run(root).code == 0
    assert _stories(read(root, "output/jadwal/merajut/index.html")) == [
        "/penghargaan/juara-rajut/", "/berita/rajut-7/", "/berita/rajut-6/",
        "/berita/rajut-5/", "/berita/rajut-4/"]
    assert "Kegiatan terkait" in read(root, "output/penghargaan/juara-rajut/index.html")


def test_a_new_link_reaches_the_program_page_on_the_next_build(tmp_path):
    root = site_with(tmp_path, item(10, "rajut", "Kelas Rajut", None))
    assert run(root).code == 0
    assert "kabar-kegiatan" not in read(root, "output/jadwal/merajut/index.html")
    (root / "content/news/2026-11-10-rajut.md").write_text(
        "---\ntitle: Kelas Rajut\ndate: 2026-11-10\nprogram: merajut\n---\nIsi.\n")
    assert run(root).code == 0
    assert _stories(read(root, "output/jadwal/merajut/index.html")) == ["/berita/rajut/"]


def test_an_unknown_program_is_an_error_at_its_line_with_the_id_meant(tmp_path):
    root = site_with(tmp_path, item(10, "rajut", "Kelas Rajut", None))
    failed = fails_cleanly(root, {**item(10, "rajut", "Kelas Rajut", "merajt"),
                                  **item(11, "draf", "Draf", "bahasa", "draft: true\n")})
    assert ('content/news/2026-11-10-rajut.md:4: kesalahan: kolom "program": tidak ada '
            'kegiatan dengan id "merajt"') in failed.err
    assert 'mungkin maksudnya "program: merajut"' in failed.err
    # a draft's link is checked too: it links once published
    assert 'content/news/2026-11-11-draf.md:4: kesalahan: kolom "program"' in failed.err


def test_the_titles_are_escaped(tmp_path):
    root = site_with(tmp_path, item(10, "rajut", "'<script>alert(1)</script> & rajut'", "merajut"))
    assert run(root).code == 0
    page = read(root, "output/jadwal/merajut/index.html")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; rajut" in page


def test_an_item_about_a_program_with_errors_gets_no_error_of_its_own(tmp_path):
    """A program left out for an error of its own (a time written as a range) is still
    the one an item names: the only error is the schedule's, not a second one at the
    item saying no such program exists."""
    root = site_with(tmp_path, item(10, "rajut-dibuka", "Kelas Rajut Dibuka", "merajut"))
    failed = fails_cleanly(root, {"content/schedule.yaml": SCHEDULE.replace(
        "start: 13.30, end: 15.30", "start: 13.30 - 15.30")})
    errors = [line for line in failed.err.splitlines() if ": kesalahan: " in line]
    assert len(errors) == 1 and errors[0].startswith("content/schedule.yaml:5:"), failed.err


def test_with_schedule_yaml_unreadable_program_ids_are_not_checked(tmp_path):
    root = site_with(tmp_path, item(10, "rajut-dibuka", "Kelas Rajut Dibuka", "merajut"))
    failed = fails_cleanly(root, {"content/schedule.yaml": "programs:\n  - id: merajut\n"
                                                           "    title: [Pelatihan\n"})
    errors = [line for line in failed.err.splitlines() if ": kesalahan: " in line]
    assert len(errors) == 1 and errors[0].startswith("content/schedule.yaml:"), failed.err


def test_a_wrong_id_is_reported_beside_an_error_of_another_program(tmp_path):
    root = site_with(tmp_path, item(10, "rajut-dibuka", "Kelas Rajut Dibuka", "merajut"))
    failed = fails_cleanly(root, {
        "content/schedule.yaml": SCHEDULE.replace("start: 15.00, end: 17.00",
                                                  "start: 15.00 - 17.00"),
        **item(10, "rajut-dibuka", "Kelas Rajut Dibuka", "merjut")})
    assert 'tidak ada kegiatan dengan id "merjut"' in failed.err
    assert 'mungkin maksudnya "program: merajut"' in failed.err


def test_news_of_a_program_deleted_from_the_schedule_is_told_to_keep_it(tmp_path):
    """A finished class deleted from schedule.yaml leaves its news naming it: the error
    says the class can stay (listed as finished) or the line can go."""
    root = site_with(tmp_path, item(10, "rajut-dibuka", "Kelas Rajut Dibuka", "merajut"))
    failed = fails_cleanly(root, {"content/schedule.yaml": SCHEDULE.replace("merajut", "yoga")
                                  .replace("Pelatihan Merajut", "Kelas Yoga")})
    assert 'tidak ada kegiatan dengan id "merajut"' in failed.err
    assert "sudah selesai lalu dihapus dari schedule.yaml" in failed.err
    assert "Program yang telah selesai" in failed.err


def test_a_program_named_by_its_title_is_told_its_id(tmp_path):
    """"program: Pelatihan Merajut" (the name staff see on the site) is no id, and is too
    far from "merajut" for spelling: the program of that title is suggested."""
    root = site_with(tmp_path, item(10, "rajut-dibuka", "Kelas Rajut Dibuka", "merajut"))
    failed = fails_cleanly(root, item(10, "rajut-dibuka", "Kelas Rajut Dibuka",
                                      "Pelatihan Merajut"))
    assert 'mungkin maksudnya "program: merajut"' in failed.err
    assert "dihapus dari schedule.yaml" not in failed.err
